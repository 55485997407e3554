package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"posdoctor/app/visit"
	"posdoctor/diagnostics"
)

// newChecklistScreen connects a Connect screen to the in-memory simulator with faults and
// returns a Checklist screen on that connection, its UI queue, and how questions are answered.
func newChecklistScreen(t *testing.T, answers map[diagnostics.Question]bool, faults ...string) (*ChecklistScreen, uiQueue) {
	cs, q := newScreen(t, faults...)
	test.Tap(cs.ConnectBtn)
	q.waitFor(t, "connection", func() bool { return cs.Current() != nil })
	s := NewChecklistScreen(cs.Current, func(code string) (string, []string) { return "title of " + code, nil })
	s.do = q.do
	s.confirm = func(qu diagnostics.Question, text string, reply func(bool)) {
		ok, set := answers[qu]
		reply(!set || ok)
	}
	test.NewTempWindow(t, s.Root())
	return s, q
}

func TestChecklistScreenShowsFailingStep(t *testing.T) {
	newTestApp(t)
	s, q := newChecklistScreen(t, nil, "paper-out")
	test.Tap(s.RunBtn)
	if s.RunBtn.Disabled() == false || s.CancelBtn.Disabled() {
		t.Fatal("buttons not switched while running")
	}
	q.waitFor(t, "the run to finish", func() bool { return !s.Running() && s.Report() != nil })
	q.waitFor(t, "the UI to catch up", func() bool { return !s.RunBtn.Disabled() })
	rep := s.Report()
	if st, _ := rep.Step(diagnostics.StepPrinter); st.Status != diagnostics.StatusFail {
		t.Fatalf("printer step %s", st.Status)
	}
	if s.Rows[diagnostics.StepPrinter].Icon.Resource != failIcon() {
		t.Errorf("printer row icon is not the error icon")
	}
	if s.Rows[diagnostics.StepLink].Icon.Resource != passIcon() {
		t.Errorf("link row icon is not the pass icon")
	}
	if !strings.Contains(s.Rows[diagnostics.StepPrinter].Summary.Text, "P1") {
		t.Errorf("printer summary %q", s.Rows[diagnostics.StepPrinter].Summary.Text)
	}
	if s.Overall.Value != 1 {
		t.Errorf("overall progress %v", s.Overall.Value)
	}
	// the verdict says what decided it: the printer's row may be below the fold
	if !strings.Contains(s.Action.Text, "P1 title of P1") {
		t.Errorf("verdict line %q does not name P1", s.Action.Text)
	}
	// the printer's details name the code with the book's title and the actions
	found := false
	for _, it := range s.Details.Items {
		if strings.HasPrefix(it.Title, "Printer") {
			found = true
			text := allText(it.Detail)
			if !strings.Contains(text, "P1 title of P1") || !strings.Contains(text, "Load a paper roll") {
				t.Errorf("printer details: %q", text)
			}
		}
	}
	if !found {
		t.Error("no details for the printer step")
	}
	// the keypad map showed the simulated terminal's keys as they were pressed
	if s.Keypad.Seen() == 0 {
		t.Error("the keypad panel saw no key")
	}
}

func TestChecklistScreenRerunOneStep(t *testing.T) {
	newTestApp(t)
	s, q := newChecklistScreen(t, map[diagnostics.Question]bool{diagnostics.AskSlipLegible: false})
	s.Run([]diagnostics.StepID{diagnostics.StepPrinter})
	q.waitFor(t, "the run to finish", func() bool { return !s.Running() && !s.RunBtn.Disabled() })
	st, _ := s.Report().Step(diagnostics.StepPrinter)
	if st.Status != diagnostics.StatusFail || st.Findings[0].Code != diagnostics.CodePrintIllegible {
		t.Fatalf("printer after 'not legible': %s %+v", st.Status, st.Findings)
	}
	test.Tap(s.Rows[diagnostics.StepTerminal].Rerun)
	q.waitFor(t, "the re-run to finish", func() bool { return !s.Running() && !s.RunBtn.Disabled() })
	if len(s.Report().Steps) != 2 {
		t.Fatalf("re-run did not merge into the report: %d steps", len(s.Report().Steps))
	}
}

func TestChecklistScreenCancel(t *testing.T) {
	newTestApp(t)
	s, q := newChecklistScreen(t, nil)
	s.Run([]diagnostics.StepID{diagnostics.StepHost, diagnostics.StepJournal})
	q.waitFor(t, "the host step to start", func() bool {
		return strings.Contains(s.Action.Text, "Host")
	})
	test.Tap(s.CancelBtn)
	q.waitFor(t, "the run to stop", func() bool { return !s.Running() && !s.RunBtn.Disabled() })
	if st, _ := s.Report().Step(diagnostics.StepJournal); st.Status != diagnostics.StatusSkipped {
		t.Fatalf("journal after cancel: %s", st.Status)
	}
}

func TestChecklistNeedsConnection(t *testing.T) {
	newTestApp(t)
	s := NewChecklistScreen(func() *visit.Conn { return nil }, nil)
	test.NewTempWindow(t, s.Root())
	test.Tap(s.RunBtn)
	if s.Running() || !strings.Contains(s.Action.Text, "Not connected") {
		t.Fatalf("ran without a connection: %q", s.Action.Text)
	}
}

// TestChecklistBarsOnlyWhileRunning: a step's bar shows while it runs and hides when it is
// done, so finished steps carry no full blue bars.
func TestChecklistBarsOnlyWhileRunning(t *testing.T) {
	newTestApp(t)
	s, q := newChecklistScreen(t, nil)
	for id, r := range s.Rows {
		if r.Bar.Visible() {
			t.Errorf("%s: bar shown before any run", id)
		}
	}
	// a running step shows its bar (the progress is fed directly: a real step may start and end
	// between two looks)
	s.pending[string(diagnostics.StepHost)] = diagnostics.Progress{Step: diagnostics.StepHost, Phase: diagnostics.PhaseStarted}
	s.applyProgress()
	if !s.Rows[diagnostics.StepHost].Bar.Visible() {
		t.Fatal("no bar on the running step")
	}
	s.Run([]diagnostics.StepID{diagnostics.StepHost, diagnostics.StepJournal})
	q.waitFor(t, "the run to finish", func() bool { return !s.Running() && !s.RunBtn.Disabled() })
	for id, r := range s.Rows {
		if r.Bar.Visible() {
			t.Errorf("%s: bar still shown after the run", id)
		}
	}
}

// TestChecklistEvidenceOpens: a step's evidence is hidden at first, its button shows it, and
// the details then measure taller by its height (a nested accordion once opened into nothing).
func TestChecklistEvidenceOpens(t *testing.T) {
	newTestApp(t)
	s := NewChecklistScreen(func() *visit.Conn { return nil }, nil)
	w := test.NewTempWindow(t, s.Root())
	w.Resize(fyne.NewSize(900, 640))
	s.showStep(diagnostics.StepResult{ID: diagnostics.StepJournal, Status: diagnostics.StatusWarn, Summary: "300 transactions",
		Findings: []diagnostics.Finding{{Code: "FAILED-TXNS", Message: "failed"}}, Evidence: map[string]any{"events": 49, "transactions": 300}})
	box := s.Details.Items[0].Detail.(*fyne.Container)
	var toggle *widget.Button
	var ev *widget.Label
	for i, o := range box.Objects {
		if b, ok := o.(*widget.Button); ok && b.Text == "Evidence" {
			toggle, ev = b, box.Objects[i+1].(*widget.Label)
		}
	}
	if toggle == nil {
		t.Fatalf("no evidence button in %q", allText(box))
	}
	if ev.Visible() || !strings.Contains(ev.Text, "300") {
		t.Fatalf("the evidence %q shown before it was asked for", ev.Text)
	}
	before := s.Details.MinSize().Height
	test.Tap(toggle)
	if !ev.Visible() {
		t.Fatal("the evidence did not open")
	}
	if grown := s.Details.MinSize().Height - before; grown < ev.MinSize().Height {
		t.Errorf("the details grew by %v for evidence %v high: it would be cut off", grown, ev.MinSize().Height)
	}
	test.Tap(toggle)
	if ev.Visible() {
		t.Error("the evidence did not close")
	}
}

// TestChecklistKeypadTakesTheFindingsPlace: the key map shows in place of the findings while
// the keypad is tested, and the findings come back after.
func TestChecklistKeypadTakesTheFindingsPlace(t *testing.T) {
	newTestApp(t)
	s := NewChecklistScreen(func() *visit.Conn { return nil }, nil)
	test.NewTempWindow(t, s.Root())
	s.showKeypad([]string{"1", "2", "ENTER"})
	if !s.Keypad.Root.Visible() || s.details.Visible() || s.split.Offset != stepsShareKeypad {
		t.Fatal("the key map does not replace the findings")
	}
	s.showStep(diagnostics.StepResult{ID: diagnostics.StepKeypad, Status: diagnostics.StatusPass})
	if s.Keypad.Root.Visible() || !s.details.Visible() || s.split.Offset != stepsShare {
		t.Fatal("the findings did not come back after the keypad step")
	}
}

// The verdict line names at most three reasons, then how many more; a step that could not run
// is named with its summary; a card number in a reason is masked.
func TestChecklistVerdictLine(t *testing.T) {
	newTestApp(t)
	s := NewChecklistScreen(func() *visit.Conn { return nil }, func(code string) (string, []string) {
		if code == "P1" {
			return "Printer out of paper", nil
		}
		return "", nil
	})
	rep := &diagnostics.Report{
		Steps: []diagnostics.StepResult{
			{ID: diagnostics.StepHost, Status: diagnostics.StatusError, Summary: "no answer from 6222021234567890128"},
			{ID: diagnostics.StepPrinter, Status: diagnostics.StatusFail, Findings: []diagnostics.Finding{{Code: "P1", Message: "slip not printed"}}},
		},
		Verdict: diagnostics.Verdict{Kind: diagnostics.VerdictIncomplete, Reasons: []string{
			"host: no answer from 6222021234567890128", "P1: slip not printed", "X1: one", "X2: two", "X3: three"}},
	}
	line := s.verdictLine(rep)
	for _, want := range []string{"Host", "622202*********0128", "P1 Printer out of paper", "X1: one", "and 2 more"} {
		if !strings.Contains(line, want) {
			t.Errorf("verdict line %q lacks %q", line, want)
		}
	}
	for _, not := range []string{"6222021234567890128", "X2", "X3"} {
		if strings.Contains(line, not) {
			t.Errorf("verdict line %q has %q", line, not)
		}
	}
	// a risk to the cardholder's money is named however many reasons come before it
	rep.Verdict = diagnostics.Verdict{Kind: diagnostics.VerdictFixOnSite, Reasons: []string{"X1: one", "X2: two", "X3: three", "X4: four",
		diagnostics.CodeUnconfirmedRev + ": reversal not confirmed"}}
	if line := s.verdictLine(rep); !strings.Contains(line, diagnostics.CodeUnconfirmedRev) || !strings.Contains(line, "X1") || strings.Contains(line, "X3") {
		t.Errorf("verdict line %q, want the reversal first, then X1 and X2", line)
	}
	rep.Verdict = diagnostics.Verdict{Kind: diagnostics.VerdictAllPass}
	if line := s.verdictLine(rep); strings.Contains(line, "—") || !strings.HasPrefix(line, "Verdict: ") {
		t.Errorf("all-pass verdict line %q", line)
	}
}

// When another terminal connects after a drill, the drill's results are said to be cleared,
// not kept "in its incident": a drill's checks go to its training record (a trial).
func TestChecklistOtherTerminalAfterDrill(t *testing.T) {
	newTestApp(t)
	s := NewChecklistScreen(func() *visit.Conn { return nil }, nil)
	drill := true
	s.InDrill = func() bool { return drill }
	run := diagnostics.Report{Terminal: map[string]string{"tid": "11111111", "sn": "A1"},
		Steps: []diagnostics.StepResult{{ID: diagnostics.StepLink, Status: diagnostics.StatusPass}}}
	s.ShowVisit([]diagnostics.Report{run})
	s.TerminalSeen(map[string]string{"TID": "22222222", "SN": "B2"})
	if !strings.Contains(s.Action.Text, "training record") || strings.Contains(s.Action.Text, "incident") {
		t.Errorf("after a drill: %q", s.Action.Text)
	}
	drill = false
	s.ShowVisit([]diagnostics.Report{run})
	s.TerminalSeen(map[string]string{"TID": "22222222", "SN": "B2"})
	if !strings.Contains(s.Action.Text, "stay in its incident") {
		t.Errorf("after a visit: %q", s.Action.Text)
	}
}
