package app

import (
	"context"
	"slices"
	"testing"
	"time"

	"posdoctor/diagnostics"
	"posdoctor/locale"
	"posdoctor/reports"
)

// runOf is a finished checklist run of terminal tid (serial sn) at at, its keypad step failing
// with findings (codes, critical): what a run on the simulator would bring, without one.
func runOf(tid, sn string, at time.Time, codes ...string) *diagnostics.Report {
	step := diagnostics.StepResult{ID: diagnostics.StepKeypad, Status: diagnostics.StatusPass, Started: at, Findings: []diagnostics.Finding{}}
	for _, c := range codes {
		step.Status = diagnostics.StatusFail
		step.Findings = append(step.Findings, diagnostics.Finding{Code: c, Severity: diagnostics.SeverityCritical, Who: diagnostics.WhoTechnician, Message: c})
	}
	return &diagnostics.Report{
		Terminal: map[string]string{"tid": tid, "sn": sn, "model": "VX520", "mname": "好运来便利店"},
		Steps:    []diagnostics.StepResult{step},
		Started:  at, Finished: at.Add(time.Second),
	}
}

// The category is a guess until the technician chooses one, and a choice is never replaced by a
// guess (a trial: a new visit shows Other, last in the list, and index 0 — Communication —
// was taken for "not chosen", so findings never set the category and a chosen Communication
// was overwritten by the first run's guess). A visit from the store with a category other than
// Other counts as chosen.
func TestIncidentCategoryGuessedUntilChosen(t *testing.T) {
	newTestApp(t)
	store := newTestStore(t)
	s, q := newIncidentScreen(t, store, locale.ZH)
	s.Start()
	defer s.Stop()
	now := time.Now()
	findings := []string{"STUCK-KEY", "H1", "P1", "REVERSAL-PENDING"}
	want := reports.GuessCategory("", *runOf("10000001", "SN1", now, findings...))
	if want == reports.CategoryOther {
		t.Fatalf("fixture: %v guesses Other", findings)
	}

	// not chosen: the run's findings set it
	s.AddReport(runOf("10000001", "SN1", now, findings...))
	if got := s.Incident().Category; got != want {
		t.Errorf("new visit after a run with %v: category %v, want the guess %v", findings, got, want)
	}
	if i := s.Category.SelectedIndex(); i < 0 || reports.Categories()[i] != want {
		t.Errorf("the form shows category %d", i)
	}

	// a first run that found nothing leaves no guess behind: the next run's findings count
	s.newVisit()
	s.AddReport(runOf("10000004", "SN4", now))
	s.AddReport(runOf("10000004", "SN4", now.Add(time.Minute), findings...))
	if got := s.Incident().Category; got != want {
		t.Errorf("a clean run, then findings: category %v, want the guess %v", got, want)
	}

	// chosen (the first in the list): a run keeps it
	test := func(name string, pick reports.Category) {
		t.Helper()
		s.newVisit()
		s.Category.SetSelectedIndex(slices.Index(reports.Categories(), pick))
		s.AddReport(runOf("10000002", "SN2", now, findings...))
		if got := s.Incident().Category; got != pick {
			t.Errorf("%s: chose %v, the run made it %v", name, pick, got)
		}
	}
	test("communication, index 0", reports.CategoryCommunication)
	test("printer", reports.CategoryPrinter)
	test("other, chosen", reports.CategoryOther)

	// from the store: printer counts as chosen, Other does not
	for _, c := range []struct {
		stored, want reports.Category
	}{{reports.CategoryPrinter, reports.CategoryPrinter}, {reports.CategoryOther, want}} {
		inc := reports.NewIncident(now)
		inc.Category = c.stored
		if err := store.Save(context.Background(), inc); err != nil {
			t.Fatal(err)
		}
		s.open(inc.ID)
		q.waitFor(t, "the stored visit", func() bool { return s.Incident().ID == inc.ID })
		s.AddReport(runOf("10000003", "SN3", now, findings...))
		if got := s.Incident().Category; got != c.want {
			t.Errorf("stored as %v: after a run the category is %v, want %v", c.stored, got, c.want)
		}
	}
}
