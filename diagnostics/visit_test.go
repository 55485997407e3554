package diagnostics_test

import (
	"context"
	"testing"
	"time"

	"posdoctor/diagnostics"
)

// Issue 9, item 1: a partial re-run must not rewrite the verdict of the visit. Faults
// paper-out, key-mismatch, pending-reversal and dead-key=7; run everything, then re-run only
// the sign-on and decline it, then only the printer: the visit still needs the provider (K2)
// and still shows the printer, keypad and journal problems.
func TestIssue9Item1PartialRerunKeepsVerdict(t *testing.T) {
	c, _ := simTerminal(t, "paper-out", "key-mismatch", "pending-reversal", "dead-key=7")
	ctx := context.Background()
	full := newChecklist(c).Run(ctx)
	if full.Verdict.Kind != diagnostics.VerdictNeedsProvider {
		t.Fatalf("full run verdict %v, want needs-provider: %v", full.Verdict.Kind, full.Verdict.Reasons)
	}
	visit := diagnostics.MergeRun(nil, full)

	decline := newChecklist(c)
	decline.Op = diagnostics.AutoOperator{Answers: map[diagnostics.Question]bool{diagnostics.AskSignOn: false}}
	decline.Steps = []diagnostics.StepID{diagnostics.StepSignOn}
	signon := decline.Run(ctx)
	if s, _ := signon.Step(diagnostics.StepSignOn); s.Status != diagnostics.StatusSkipped {
		t.Fatalf("declined sign-on: status %v", s.Status)
	}
	if !diagnostics.SameTerminal(visit.Terminal, signon.Terminal) || diagnostics.TerminalKey(signon.Terminal) == "" {
		t.Fatalf("a sign-on-only run must still name its terminal: %v vs %v", signon.Terminal, visit.Terminal)
	}
	visit = diagnostics.MergeRun(visit, signon)
	if visit.Verdict.Kind != diagnostics.VerdictNeedsProvider {
		t.Errorf("after a declined sign-on re-run the visit says %v, want needs-provider", visit.Verdict.Kind)
	}
	if s, _ := visit.Step(diagnostics.StepSignOn); s.Status != diagnostics.StatusFail {
		t.Errorf("the declined re-run replaced the sign-on failure: %v %s", s.Status, s.Summary)
	}

	printer := newChecklist(c)
	printer.Steps = []diagnostics.StepID{diagnostics.StepPrinter}
	prt := printer.Run(ctx)
	visit = diagnostics.MergeRun(visit, prt)
	if visit.Verdict.Kind != diagnostics.VerdictNeedsProvider {
		t.Errorf("after a printer re-run the visit says %v, want needs-provider", visit.Verdict.Kind)
	}
	want := map[diagnostics.StepID]diagnostics.Status{
		diagnostics.StepSignOn: diagnostics.StatusFail, diagnostics.StepPrinter: diagnostics.StatusFail,
		diagnostics.StepKeypad: diagnostics.StatusFail,
	}
	for id, st := range want {
		if s, ok := visit.Step(id); !ok || s.Status != st {
			t.Errorf("visit step %s: %v, want %v", id, s.Status, st)
		}
	}
	if len(visit.Steps) != len(diagnostics.StepIDs()) {
		t.Errorf("visit has %d steps, want every step once", len(visit.Steps))
	}
	if s, _ := visit.Step(diagnostics.StepKeypad); !s.Started.Equal(stepOf(full, diagnostics.StepKeypad).Started) {
		t.Errorf("a step not re-run must keep the time it ran: %v vs %v", s.Started, stepOf(full, diagnostics.StepKeypad).Started)
	}
	if s, _ := visit.Step(diagnostics.StepPrinter); !s.Started.Equal(stepOf(prt, diagnostics.StepPrinter).Started) {
		t.Errorf("a re-run step must show the re-run: %v", s.Started)
	}
	if len(visit.Transactions) == 0 {
		t.Errorf("the journal fetched by the first run was dropped by later runs")
	}
	// the run's own verdict is only about its own step
	if prt.Verdict.Kind != diagnostics.VerdictFixOnSite {
		t.Errorf("printer-only run verdict %v, want fix-on-site", prt.Verdict.Kind)
	}
}

func stepOf(r *diagnostics.Report, id diagnostics.StepID) diagnostics.StepResult {
	s, _ := r.Step(id)
	return s
}

func TestLatestStepsOrderAndSkips(t *testing.T) {
	t0 := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	r1 := &diagnostics.Report{Steps: []diagnostics.StepResult{
		{ID: diagnostics.StepPrinter, Status: diagnostics.StatusFail, Started: t0},
		{ID: diagnostics.StepLink, Status: diagnostics.StatusPass, Started: t0},
	}}
	r2 := &diagnostics.Report{Steps: []diagnostics.StepResult{
		{ID: diagnostics.StepPrinter, Status: diagnostics.StatusPass, Started: t0.Add(time.Minute)},
		{ID: diagnostics.StepSignOn, Status: diagnostics.StatusSkipped, Started: t0.Add(time.Minute)},
	}}
	got := diagnostics.LatestSteps(r1, r2)
	var ids []string
	for _, s := range got {
		ids = append(ids, string(s.ID)+"="+s.Status.String())
	}
	want := []string{"link=pass", "printer=pass", "signon=skipped"}
	if len(ids) != len(want) {
		t.Fatalf("got %v, want %v", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("got %v, want %v", ids, want)
		}
	}
	if v := diagnostics.VerdictOf(got); v.Kind != diagnostics.VerdictAllPass {
		t.Errorf("verdict %v", v.Kind)
	}
}

func TestSameTerminal(t *testing.T) {
	pax := map[string]string{"tid": "29696750", "sn": "0821234567"}
	ing := map[string]string{"tid": "29967507", "sn": "141012345866"}
	if diagnostics.SameTerminal(pax, ing) {
		t.Error("two terminals taken for one")
	}
	if !diagnostics.SameTerminal(pax, map[string]string{"tid": "29696750", "sn": "0821234567"}) {
		t.Error("one terminal taken for two")
	}
	if !diagnostics.SameTerminal(pax, nil) {
		t.Error("a run that never read ST belongs to the visit it is added to")
	}
	if diagnostics.SameTerminal(pax, map[string]string{"tid": "29696750", "sn": "0829999999"}) {
		t.Error("same TID, other serial: another terminal (a swapped unit keeps the TID)")
	}
}

// A re-run that was cancelled or could not reach the terminal does not erase what an earlier
// run found (new-user test of issue 9: DEAD-KEY vanished after an interrupted re-run).
func TestIssue9Item1ErroredRerunKeepsFindings(t *testing.T) {
	t0 := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	dead := diagnostics.Finding{Code: "DEAD-KEY", Severity: diagnostics.SeverityCritical, Who: diagnostics.WhoProvider}
	first := &diagnostics.Report{Steps: []diagnostics.StepResult{
		{ID: diagnostics.StepKeypad, Status: diagnostics.StatusFail, Started: t0, Findings: []diagnostics.Finding{dead}},
	}}
	cancelled := &diagnostics.Report{Steps: []diagnostics.StepResult{
		{ID: diagnostics.StepKeypad, Status: diagnostics.StatusError, Summary: "cancelled", Started: t0.Add(time.Minute)},
	}}
	v := diagnostics.MergeRun(diagnostics.MergeRun(nil, first), cancelled)
	if v.Verdict.Kind != diagnostics.VerdictNeedsProvider {
		t.Errorf("verdict %v after a cancelled re-run, want needs-provider", v.Verdict.Kind)
	}
	if s, _ := v.Step(diagnostics.StepKeypad); s.Status != diagnostics.StatusFail {
		t.Errorf("keypad %v", s.Status)
	}
	// an error that follows only a skip is the latest word
	skipped := &diagnostics.Report{Steps: []diagnostics.StepResult{{ID: diagnostics.StepSignOn, Status: diagnostics.StatusSkipped, Started: t0}}}
	errored := &diagnostics.Report{Steps: []diagnostics.StepResult{{ID: diagnostics.StepSignOn, Status: diagnostics.StatusError, Started: t0.Add(time.Minute)}}}
	if s := diagnostics.LatestSteps(skipped, errored); s[0].Status != diagnostics.StatusError {
		t.Errorf("sign-on %v", s[0].Status)
	}
}
