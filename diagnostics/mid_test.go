package diagnostics

import (
	"encoding/json"
	"strings"
	"testing"

	"posdoctor/internal/cardtest"
)

// MIDs and card numbers for the MID tests.
const (
	luhnMID = "898290054117413" // a MID that passes Luhn, as one in ten does
	amexPAN = "378282246310005" // American Express: 15 digits, Luhn-valid
)

// midReport is a report of a terminal whose MID passes Luhn, with MID-like numbers and card
// numbers where no MID belongs.
func midReport(mid string) Report {
	args := map[string]any{"Model": "PAX S920", "SN": "0828024224", "TID": "58201458", "MID": mid, "Name": "超市"}
	return Report{
		Terminal: map[string]string{"tid": "58201458", "mid": mid, "mname": "超市 " + luhnMID, "sn": luhnMID},
		Steps: []StepResult{{
			ID: StepTerminal, Status: StatusPass, SummaryKey: sumTerminal, SummaryArgs: args, Summary: render(sumTerminal, args),
			Evidence: map[string]any{"mid": mid, "MID": mid, "merchant_mid": luhnMID, "note": "MID " + luhnMID, "mids": []string{luhnMID},
				"nested": map[string]any{"mid": luhnMID}},
			Findings: []Finding{{Code: "X", Message: "call about " + luhnMID, MessageArgs: map[string]any{"Ref": luhnMID}}},
		}},
		Events: []Event{{Code: "H1", Text: "MID " + luhnMID}},
	}
}

// TestMaskReportKeepsMID: check --json shows a MID that passes Luhn whole in the terminal
// fields, the terminal step's summary, its arguments and evidence; a MID-like number anywhere
// else (another field, a note, a list, a message, an event) is masked.
func TestMaskReportKeepsMID(t *testing.T) {
	rep := midReport(luhnMID)
	maskReport(&rep)
	s := &rep.Steps[0]
	if got := rep.Terminal["mid"]; got != luhnMID {
		t.Errorf("terminal mid %q", got)
	}
	if want := "PAX S920 0828024224, TID 58201458, MID " + luhnMID + ", 超市"; s.Summary != want {
		t.Errorf("summary %q, want %q", s.Summary, want)
	}
	if s.SummaryArgs["MID"] != luhnMID || s.Evidence["mid"] != luhnMID || s.Evidence["MID"] != luhnMID {
		t.Errorf("args %v, evidence %v", s.SummaryArgs, s.Evidence)
	}
	rep.Terminal["mid"], s.SummaryArgs["MID"], s.Evidence["mid"], s.Evidence["MID"] = "", "", "", ""
	s.Summary = strings.Replace(s.Summary, luhnMID, "", 1)
	out, _ := json.Marshal(rep)
	if strings.Contains(cardtest.Flat(string(out)), luhnMID[6:11]) {
		t.Errorf("a MID-like number outside the MID field is not masked:\n%s", out)
	}
}

// TestMaskReportMIDFieldCard: a card number in the MID field is masked, everywhere it goes.
func TestMaskReportMIDFieldCard(t *testing.T) {
	for _, card := range []string{amexPAN, luhnCard, "6222021234567800", unionPayCard, fullWidthCard, luhnMID + "8", " " + luhnMID} { // luhnMID+"8": 16 digits, Luhn-valid
		rep := midReport(card)
		maskReport(&rep)
		out, _ := json.Marshal(rep)
		digits := cardtest.Flat(strings.TrimSpace(card))
		if strings.Contains(cardtest.Flat(string(out)), digits[6:len(digits)-4]) {
			t.Errorf("MID field %q is not masked:\n%s", card, out)
		}
	}
}
