package diagnostics_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"posdoctor/diagnostics"
)

// runCancelled runs every step and cancels at the start of step at (the keypad: when its map
// shows).
func runCancelled(t *testing.T, cl *diagnostics.Checklist, at diagnostics.StepID) *diagnostics.Report {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if at == diagnostics.StepKeypad {
		cl.Op = cancellingOperator{cancel: cancel}
	} else {
		cl.OnProgress = func(p diagnostics.Progress) {
			if p.Step == at && p.Phase == diagnostics.PhaseStarted {
				cancel()
			}
		}
	}
	rep := cl.Run(ctx)
	if s, _ := rep.Step(at); s.Status != diagnostics.StatusError || s.Summary != "cancelled" {
		t.Fatalf("%s: %s %q, want cancelled", at, s.Status, s.Summary)
	}
	return rep
}

// visitOf merges runs as the Checklist screen does (MergeRun, run by run) and checks that the
// store's way (VerdictOf over LatestSteps of every run) says the same.
func visitOf(t *testing.T, runs ...*diagnostics.Report) *diagnostics.Report {
	t.Helper()
	var v *diagnostics.Report
	for _, r := range runs {
		v = diagnostics.MergeRun(v, r)
	}
	if s := diagnostics.VerdictOf(diagnostics.LatestSteps(runs...)); s.Kind != v.Verdict.Kind || !slices.Equal(s.Reasons, v.Verdict.Reasons) {
		t.Errorf("the screen's verdict %v %q, the store's %v %q", v.Verdict.Kind, v.Verdict.Reasons, s.Kind, s.Reasons)
	}
	return v
}

// A trial: faults mac-error and duplicate-sale; run all and cancel when the keypad map shows;
// run all again and cancel during the host step. The visit said 全部检查通过 (all pass) with the
// keypad, printer, sign-on and journal never judged: the second run's "not run" replaced the
// first's cancelled keypad, and a step skipped by a cancel did not make the verdict incomplete.
func TestCancelledStepsLeaveTheVisitIncomplete(t *testing.T) {
	c, _ := simTerminal(t, "mac-error", "duplicate-sale")
	first := runCancelled(t, newChecklist(c), diagnostics.StepKeypad)
	second := runCancelled(t, newChecklist(c), diagnostics.StepHost)
	for _, r := range []*diagnostics.Report{first, second} {
		if r.Verdict.Kind != diagnostics.VerdictIncomplete {
			t.Errorf("a cancelled run's own verdict: %v", r.Verdict.Kind)
		}
	}
	v := visitOf(t, first, second)
	if v.Verdict.Kind != diagnostics.VerdictIncomplete {
		t.Fatalf("visit verdict %v %q, want incomplete: keypad, printer, sign-on and journal never ran", v.Verdict.Kind, v.Verdict.Reasons)
	}
	for _, id := range []diagnostics.StepID{diagnostics.StepKeypad, diagnostics.StepPrinter, diagnostics.StepSignOn, diagnostics.StepJournal} {
		if !slices.ContainsFunc(v.Verdict.Reasons, func(r string) bool { return strings.HasPrefix(r, string(id)+": ") }) {
			t.Errorf("the verdict does not name %s, never run: %q", id, v.Verdict.Reasons)
		}
	}
	// what the first run judged stands: the second's cancelled host and unreached keys replace nothing
	for _, id := range []diagnostics.StepID{diagnostics.StepHost, diagnostics.StepKeys} {
		if s, _ := v.Step(id); !s.Started.Equal(stepOf(first, id).Started) || s.Status == diagnostics.StatusError {
			t.Errorf("visit %s: %s %q from %v, want the first run's", id, s.Status, s.Summary, s.Started)
		}
	}

	// the steps never judged are run at last: the visit is judged, and the findings show
	rest := newChecklist(c)
	rest.Steps = []diagnostics.StepID{diagnostics.StepKeypad, diagnostics.StepPrinter, diagnostics.StepSignOn, diagnostics.StepJournal}
	v = visitOf(t, first, second, rest.Run(context.Background()))
	if v.Verdict.Kind == diagnostics.VerdictIncomplete || v.Verdict.Kind == diagnostics.VerdictAllPass {
		t.Errorf("after the rest ran: %v %q, want A0 and the duplicate charge judged", v.Verdict.Kind, v.Verdict.Reasons)
	}
}

// A run cancelled in the host step after a full run leaves the full run's results, and its
// verdict, as they were: a cancelled step replaces no real result.
func TestCancelledRerunKeepsTheVisit(t *testing.T) {
	c, _ := simTerminal(t)
	full := newChecklist(c).Run(context.Background())
	if full.Verdict.Kind != diagnostics.VerdictAllPass {
		t.Fatalf("healthy terminal: %v %q", full.Verdict.Kind, full.Verdict.Reasons)
	}
	again := runCancelled(t, newChecklist(c), diagnostics.StepHost)
	v := visitOf(t, full, again)
	if v.Verdict.Kind != diagnostics.VerdictAllPass {
		t.Errorf("visit after a cancelled re-run: %v %q", v.Verdict.Kind, v.Verdict.Reasons)
	}
	for _, s := range v.Steps {
		from := full // the link and terminal steps ran again before the cancel: theirs are new
		if s.ID == diagnostics.StepLink || s.ID == diagnostics.StepTerminal {
			from = again
		}
		if !s.Started.Equal(stepOf(from, s.ID).Started) {
			t.Errorf("%s: %s %q from %v, want %v", s.ID, s.Status, s.Summary, s.Started, stepOf(from, s.ID).Started)
		}
	}
	// a cancelled sign-on does not replace a declined one either (the technician's answer)
	t0 := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	declined := &diagnostics.Report{Steps: []diagnostics.StepResult{{ID: diagnostics.StepSignOn, Status: diagnostics.StatusSkipped,
		Summary: "sign-on declined by the technician", SummaryKey: "sign-on declined by the technician", Started: t0}}}
	cancelled := &diagnostics.Report{Steps: []diagnostics.StepResult{{ID: diagnostics.StepSignOn, Status: diagnostics.StatusError,
		Summary: "cancelled", SummaryKey: "cancelled", Started: t0.Add(time.Minute)}}}
	if s := diagnostics.LatestSteps(declined, cancelled); s[0].Status != diagnostics.StatusSkipped {
		t.Errorf("a cancelled sign-on replaced the declined one: %s %q", s[0].Status, s[0].Summary)
	}
	// a run cancelled before the visit had any result of a step: incomplete until it runs
	first := runCancelled(t, newChecklist(c), diagnostics.StepHost)
	keypad := newChecklist(c)
	keypad.Steps = []diagnostics.StepID{diagnostics.StepKeypad}
	if v := visitOf(t, first, keypad.Run(context.Background())); v.Verdict.Kind != diagnostics.VerdictIncomplete {
		t.Errorf("host cancelled and never run again: %v %q", v.Verdict.Kind, v.Verdict.Reasons)
	}
}

func TestInterrupted(t *testing.T) {
	for _, c := range []struct {
		s    diagnostics.StepResult
		want bool
	}{
		{diagnostics.StepResult{Status: diagnostics.StatusError, SummaryKey: "cancelled", Summary: "cancelled"}, true},
		{diagnostics.StepResult{Status: diagnostics.StatusError, Summary: "cancelled"}, true}, // a report from before summary keys
		{diagnostics.StepResult{Status: diagnostics.StatusSkipped, SummaryKey: "not run: the check was cancelled"}, true},
		{diagnostics.StepResult{Status: diagnostics.StatusSkipped, SummaryKey: "not run: the link to the terminal was lost in the {{.Step}} step",
			Summary: "not run: the link to the terminal was lost in the host step"}, true},
		{diagnostics.StepResult{Status: diagnostics.StatusSkipped, Summary: "not run: the terminal is busy with another operation"}, true},
		{diagnostics.StepResult{Status: diagnostics.StatusSkipped, SummaryKey: "sign-on declined by the technician"}, false},
		{diagnostics.StepResult{Status: diagnostics.StatusError, SummaryKey: "the link to the terminal was lost"}, false},
		{diagnostics.StepResult{Status: diagnostics.StatusPass, SummaryKey: "cancelled"}, false},
	} {
		if got := diagnostics.Interrupted(c.s); got != c.want {
			t.Errorf("Interrupted(%s %q %q) = %v", c.s.Status, c.s.SummaryKey, c.s.Summary, got)
		}
	}
}
