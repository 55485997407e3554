package diagnostics_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"posdoctor/diagnostics"
)

// TestStuckKeyIsNoWorkingKey: a key stuck since power-on reports DOWN at once and never UP.
// That DOWN is no press: the keypad step counts it as stuck (not seen, not dead), ends once
// every other key was pressed, and the verdict names STUCK-KEY once though two steps found it.
func TestStuckKeyIsNoWorkingKey(t *testing.T) {
	c, _ := simTerminal(t, "stuck-key=5", "stuck-key=ENTER")
	rep := newChecklist(c).Run(context.Background())
	checkTemplated(t, rep)
	s, ok := rep.Step(diagnostics.StepKeypad)
	if !ok {
		t.Fatal("no keypad step")
	}
	total, _ := s.SummaryArgs["Total"].(int)
	if s.SummaryArgs["Seen"] != total-2 || s.SummaryArgs["Keys"] != "5, ENTER" {
		t.Errorf("keypad summary %q, args %v: want %d of %d working, 5 and ENTER stuck", s.Summary, s.SummaryArgs, total-2, total)
	}
	if s.SummaryArgs["End"] != "every key seen but the stuck ones" {
		t.Errorf("the test ended %q, not once every other key was seen", s.SummaryArgs["End"])
	}
	if hasFinding(s, diagnostics.CodeDeadKey, "") {
		t.Errorf("a stuck key was taken for a dead one: %+v", s.Findings)
	}
	if !hasFinding(s, diagnostics.CodeStuckKey, "5, ENTER") {
		t.Errorf("no STUCK-KEY in the keypad step: %+v", s.Findings)
	}
	n := 0
	for _, r := range rep.Verdict.Reasons {
		if strings.HasPrefix(r, diagnostics.CodeStuckKey+":") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("verdict names STUCK-KEY %d times: %q", n, rep.Verdict.Reasons)
	}
}

// TestKeypadEndIsWords: however the keypad test ends, why is a registered text (the GUI and
// the CLI translate it), never the terminal's raw REASON inside an English phrase.
func TestKeypadEndIsWords(t *testing.T) {
	known := diagnostics.MessageTemplates()
	for _, faults := range [][]string{nil, {"dead-key=7"}, {"stuck-key=5"}} {
		c, _ := simTerminal(t, faults...)
		rep := newChecklist(c).Run(context.Background())
		s, _ := rep.Step(diagnostics.StepKeypad)
		end, _ := s.SummaryArgs["End"].(string)
		if !slices.Contains(known, end) {
			t.Errorf("%v: the keypad test ended %q, not a registered text", faults, end)
		}
	}
}

// TestHostTimeoutBeyondTheShop: H3 when the terminal's own link is fine (good signal, SIM and
// registration; or a dial tone and a free line) is the host's or the network's: the verdict
// sends it to the service provider. With a weak signal it may be the shop's: fixable on site.
func TestHostTimeoutBeyondTheShop(t *testing.T) {
	for _, tc := range []struct {
		faults []string
		who    diagnostics.Who
		kind   diagnostics.VerdictKind
	}{
		{[]string{"host-timeout", "comm=4G"}, diagnostics.WhoProvider, diagnostics.VerdictNeedsProvider},
		{[]string{"host-timeout", "comm=PSTN"}, diagnostics.WhoProvider, diagnostics.VerdictNeedsProvider},
		{[]string{"host-timeout", "comm=4G", "weak-signal"}, diagnostics.WhoTechnician, diagnostics.VerdictFixOnSite},
	} {
		c, _ := simTerminal(t, tc.faults...)
		rep := newChecklist(c).Run(context.Background())
		checkTemplated(t, rep)
		s, _ := rep.Step(diagnostics.StepHost)
		i := slices.IndexFunc(s.Findings, func(f diagnostics.Finding) bool { return f.Code == "H3" })
		if i < 0 {
			t.Errorf("%v: no H3: %+v", tc.faults, s.Findings)
			continue
		}
		if f := s.Findings[i]; f.Who != tc.who {
			t.Errorf("%v: H3 is for %v, want %v (%s)", tc.faults, f.Who, tc.who, f.Message)
		}
		if rep.Verdict.Kind != tc.kind {
			t.Errorf("%v: verdict %v, want %v: %q", tc.faults, rep.Verdict.Kind, tc.kind, rep.Verdict.Reasons)
		}
	}
}
