package diagnostics

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"posdoctor/internal/cardtest"
	"posdoctor/serialio"
)

// Card numbers a hostile or broken terminal may put anywhere in what it sends.
const (
	luhnCard     = "4111111111111111"    // passes Luhn
	unionPayCard = "6222021234567890123" // UnionPay, no Luhn check digit
)

var fullWidthCard = cardtest.FullWidth(luhnCard)

// assertNoCard fails when out holds the middle digits of any planted card number.
func assertNoCard(t *testing.T, what, out string) {
	t.Helper()
	for _, c := range cardtest.Leaks(out, luhnCard, unionPayCard) {
		t.Errorf("%s shows %s:\n%s", what, c, out)
	}
}

// plantedReport is a checklist report with card numbers everywhere the terminal's words go.
func plantedReport() Report {
	at := time.Date(2026, 3, 5, 10, 15, 0, 0, time.UTC)
	return Report{
		Terminal: map[string]string{"model": "PAX S920", "sn": "0820000001", "mname": "超市 " + fullWidthCard, "x" + luhnCard: "1"},
		Steps: []StepResult{{
			ID: StepKeypad, Status: StatusFail, Summary: "keys " + unionPayCard,
			SummaryArgs: map[string]any{"Keys": []string{"1", luhnCard}},
			Findings: []Finding{{
				Code: luhnCard, Message: "Keys never reported: " + fullWidthCard,
				MessageArgs: map[string]any{"Keys": fullWidthCard, "n": 2},
				Actions:     []string{"call " + unionPayCard},
			}},
			Evidence: map[string]any{
				"keys":           []string{"1", "2", luhnCard, fullWidthCard},
				"events_by_code": map[string]int{luhnCard: 3, "H1": 1},
				"nested":         map[string]any{"list": []any{"a", unionPayCard, map[string]any{"deep": fullWidthCard}}},
				"rtts":           []int64{12, 14},
				"seen":           2,
			},
		}},
		Verdict: Verdict{Kind: VerdictFixOnSite, Reasons: []string{"KEY: " + luhnCard}},
		Transactions: []Transaction{{
			Time: at, Type: "SALE " + luhnCard, Amount: 8800, PAN: unionPayCard, Trace: luhnCard, RRN: fullWidthCard,
			Auth: luhnCard, RC: "00", Flags: "P" + fullWidthCard, Flagged: []string{luhnCard},
		}},
		Events: []Event{{Time: at, Code: luhnCard, Text: "card " + cardtest.FullWidth(unionPayCard)}},
	}
}

func TestIssue9Item10ReportJSONMasked(t *testing.T) {
	rep := plantedReport()
	maskReport(&rep)
	out, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	assertNoCard(t, "check --json", string(out))
	// what is not a card number is left as it was
	if rep.Terminal["sn"] != "0820000001" || rep.Terminal["model"] != "PAX S920" || rep.Transactions[0].RC != "00" {
		t.Errorf("other fields changed: %v %+v", rep.Terminal, rep.Transactions[0])
	}
	if got := rep.Transactions[0].PAN; got != "622202*********0123" {
		t.Errorf("card field %q, want 622202*********0123", got)
	}
	ev := rep.Steps[0].Evidence
	if keys := ev["keys"].([]string); keys[0] != "1" || keys[1] != "2" || len(keys) != 4 {
		t.Errorf("key list %q", keys)
	}
	if n := ev["events_by_code"].(map[string]int); n["411111******1111"] != 3 || n["H1"] != 1 {
		t.Errorf("events by code %v", n)
	}
	if ev["seen"] != 2 || rep.Steps[0].Findings[0].MessageArgs["n"] != 2 {
		t.Errorf("numbers changed: %v", ev)
	}
	// masking again changes nothing
	again := rep
	maskReport(&again)
	if out2, _ := json.Marshal(again); string(out2) != string(out) {
		t.Errorf("masking twice changed the report")
	}
}

// TestMaskReportWritesOnlyWhatChanges: Run masks a step before it hands it to
// OnProgress; masking the report again at the end must not write to a step that holds
// nothing to mask, since another goroutine may be reading it.
func TestMaskReportWritesOnlyWhatChanges(t *testing.T) {
	rep := plantedReport()
	maskReport(&rep)
	ev := rep.Steps[0].Evidence
	nested := ev["nested"].(map[string]any)
	keys := ev["keys"].([]string)
	maskReport(&rep)
	if n2 := rep.Steps[0].Evidence["nested"].(map[string]any); reflect.ValueOf(n2).UnsafePointer() != reflect.ValueOf(nested).UnsafePointer() {
		t.Error("a masked nested map was rebuilt")
	}
	if k2 := rep.Steps[0].Evidence["keys"].([]string); &k2[0] != &keys[0] {
		t.Error("a masked key list was rebuilt")
	}
}

func TestIssue9Item8JournalCardField(t *testing.T) {
	for _, tc := range []struct{ card, want string }{
		{fullWidthCard, "411111******1111"},
		{cardtest.FullWidth("6222 0212 3456 7890 123"), "6222 02** **** ***0 123"},
		{unionPayCard, "622202*********0123"},
	} {
		txn, err := parseRec(serialio.JoinUnits("20260305101500", "SALE", "8800", tc.card, "000123", "600000123456", "300000", "00", "P"))
		if err != nil {
			t.Fatal(err)
		}
		if txn.PAN != tc.want {
			t.Errorf("card unit %q read as %q, want %q", tc.card, txn.PAN, tc.want)
		}
	}
}

func TestIssue9Item10JournalEveryUnitMasked(t *testing.T) {
	txn, err := parseRec(serialio.JoinUnits("20260305101500", "SALE"+luhnCard, "8800", "622848******1234",
		unionPayCard, fullWidthCard, luhnCard, "0"+luhnCard, "UP"+fullWidthCard))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(txn)
	assertNoCard(t, "a journal record", string(out))
	if txn.PAN != "622848******1234" || !strings.HasPrefix(txn.Flags, "UP") {
		t.Errorf("record %+v", txn)
	}
}
