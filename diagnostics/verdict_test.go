package diagnostics_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"posdoctor/diagnostics"
	"posdoctor/internal/simtest"
	"posdoctor/serialio/termsim"
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
		{[]string{"host-timeout", "comm=WIFI"}, diagnostics.WhoTechnician, diagnostics.VerdictFixOnSite}, // the shop's router may be down
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

// attended presses the keys it is given as a technician would (through the simulated
// terminal's own presses) and stops the keypad test when told: a technician at the counter.
type attended struct {
	diagnostics.AutoOperator
	stop    chan struct{}
	stopAt  int // stop at this key event (0: not on events)
	events  *int
	stopped *sync.Once
}

func (a attended) KeypadStop() <-chan struct{} { return a.stop }
func (attended) Unattended() bool              { return false }
func (a attended) KeyEvent(key string, down bool) {
	if *a.events++; a.stopAt > 0 && *a.events >= a.stopAt {
		a.stopped.Do(func() { close(a.stop) })
	}
}

// TestKeypadStoppedIsNotDead: the technician who stops the keypad test early, or lets it time
// out without pressing, has not shown any key dead: KEYPAD-INCOMPLETE (or not tested), never
// DEAD-KEY and a swap by the provider.
func TestKeypadStoppedIsNotDead(t *testing.T) {
	for _, tc := range []struct {
		name   string
		auto   bool          // the terminal presses its keys itself
		stopIn time.Duration // the technician stops after this (0: not by time)
		stopAt int           // or at this key event (the third: a key down, up, down)
		status diagnostics.Status
	}{
		{"stopped before any press", false, 200 * time.Millisecond, 0, diagnostics.StatusSkipped},
		{"stopped after some presses", true, 0, 3, diagnostics.StatusWarn},
		{"no press until the terminal's time ran out", false, 0, 0, diagnostics.StatusWarn},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := simtest.Start(t, termsim.Config{Speed: 20, AutoKeys: tc.auto})
			op := attended{stop: make(chan struct{}), stopAt: tc.stopAt, events: new(int), stopped: new(sync.Once)}
			if tc.stopIn > 0 {
				time.AfterFunc(tc.stopIn, func() { op.stopped.Do(func() { close(op.stop) }) })
			}
			cl := newChecklist(c)
			cl.Op, cl.Steps = op, []diagnostics.StepID{diagnostics.StepKeypad}
			rep := cl.Run(context.Background())
			checkTemplated(t, rep)
			s, _ := rep.Step(diagnostics.StepKeypad)
			if s.Status != tc.status || hasFinding(s, diagnostics.CodeDeadKey, "") {
				t.Errorf("keypad %s (%s), findings %+v: want %s and no DEAD-KEY", s.Status, s.Summary, s.Findings, tc.status)
			}
			if rep.Verdict.Kind == diagnostics.VerdictNeedsProvider {
				t.Errorf("verdict %v: %q", rep.Verdict.Kind, rep.Verdict.Reasons)
			}
			if tc.status == diagnostics.StatusWarn && !hasFinding(s, diagnostics.CodeKeypadIncomplete, "") {
				t.Errorf("no KEYPAD-INCOMPLETE: %+v", s.Findings)
			}
		})
	}
}

// TestMoneyAtRiskIsAReason: a verdict for the provider still names the findings that put a
// cardholder's money at risk, after what decided it.
func TestMoneyAtRiskIsAReason(t *testing.T) {
	c, _ := simTerminal(t, "host-timeout", "dead-key=7", "pending-reversal", "duplicate-sale")
	rep := newChecklist(c).Run(context.Background())
	if rep.Verdict.Kind != diagnostics.VerdictNeedsProvider {
		t.Fatalf("verdict %v", rep.Verdict.Kind)
	}
	var codes []string
	for _, r := range rep.Verdict.Reasons {
		codes = append(codes, strings.SplitN(r, ":", 2)[0])
	}
	for _, want := range []string{"H3", diagnostics.CodeDeadKey, diagnostics.CodeUnconfirmedRev, diagnostics.CodeDuplicateCharge} {
		if !slices.Contains(codes, want) {
			t.Errorf("verdict reasons %q lack %s", codes, want)
		}
	}
	if i := slices.Index(codes, diagnostics.CodeUnconfirmedRev); i >= 0 && i < slices.Index(codes, diagnostics.CodeDeadKey) {
		t.Errorf("what decided the verdict should come first: %q", codes)
	}
}

// TestKeyMismatchShowsBothCheckValues: a failed key check names the check values the host sent
// beside those still in force, and they differ (the same values on both sides read as
// nonsense: "did not match", yet equal).
func TestKeyMismatchShowsBothCheckValues(t *testing.T) {
	for _, seed := range []int64{0, 7} {
		c, _ := simtest.Start(t, termsim.Config{Speed: 200, AutoKeys: true, Seed: seed, Faults: simtest.Faults(t, "key-mismatch")})
		rep := newChecklist(c).Run(context.Background())
		s, _ := rep.Step(diagnostics.StepSignOn)
		i := slices.IndexFunc(s.Findings, func(f diagnostics.Finding) bool { return f.Code == "K2" })
		if i < 0 {
			t.Fatalf("no K2: %+v", s.Findings)
		}
		a := s.Findings[i].MessageArgs
		if a["NewPIK"] == nil || a["NewPIK"] == a["PIK"] || a["NewMAK"] == a["MAK"] || a["NewTDK"] == a["TDK"] {
			t.Errorf("K2 check values received %v %v %v, in force %v %v %v: %s", a["NewPIK"], a["NewMAK"], a["NewTDK"], a["PIK"], a["MAK"], a["TDK"], s.Findings[i].Message)
		}
	}
}

// TestIncompleteNamesWhatStoppedIt: a run the line stopped at its first step is incomplete for
// the step that erred and what it found (LINK-POOR), not for the seven steps skipped after it.
func TestIncompleteNamesWhatStoppedIt(t *testing.T) {
	steps := []diagnostics.StepResult{{ID: diagnostics.StepLink, Status: diagnostics.StatusError, Summary: "the line is too poor",
		Findings: []diagnostics.Finding{{Code: diagnostics.CodeLinkPoor, Severity: diagnostics.SeverityCritical, Message: "poor"}}}}
	for _, id := range diagnostics.StepIDs()[1:] {
		steps = append(steps, diagnostics.StepResult{ID: id, Status: diagnostics.StatusSkipped, Summary: "not run"})
	}
	steps = append(steps, diagnostics.StepResult{ID: "journal", Status: diagnostics.StatusError, Summary: "the line is too poor",
		Findings: []diagnostics.Finding{{Code: diagnostics.CodeLinkPoor, Severity: diagnostics.SeverityCritical, Message: "poor again"}}})
	v := diagnostics.VerdictOf(steps)
	if v.Kind != diagnostics.VerdictIncomplete || !slices.Equal(v.Reasons, []string{"link: the line is too poor", "journal: the line is too poor", "LINK-POOR: poor"}) {
		t.Errorf("verdict %v %q", v.Kind, v.Reasons)
	}
	declined := []diagnostics.StepResult{{ID: diagnostics.StepSignOn, Status: diagnostics.StatusSkipped, Summary: "sign-on declined"}}
	if v := diagnostics.VerdictOf(declined); v.Kind != diagnostics.VerdictIncomplete || !slices.Equal(v.Reasons, []string{"signon: sign-on declined"}) {
		t.Errorf("declined: %v %q", v.Kind, v.Reasons)
	}
}
