package app

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"posdoctor/app/visit"
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
	choose := func(name string, pick reports.Category) {
		t.Helper()
		s.newVisit()
		s.Category.SetSelectedIndex(slices.Index(reports.Categories(), pick))
		s.AddReport(runOf("10000002", "SN2", now, findings...))
		if got := s.Incident().Category; got != pick {
			t.Errorf("%s: chose %v, the run made it %v", name, pick, got)
		}
	}
	choose("communication, index 0", reports.CategoryCommunication)
	choose("printer", reports.CategoryPrinter)
	choose("other, chosen", reports.CategoryOther)

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

// A run on a visit closed with a resolution starts a new visit of that terminal, a return
// visit, and says so (a trial: the run joined the visit closed as fixed on site, which stayed
// fixed on site). The closed visit keeps its runs and its resolution; the technician, branch
// and site come with the new one. A run under way when the visit is closed finishes in it.
func TestIncidentRunOnClosedVisitStartsReturnVisit(t *testing.T) {
	newTestApp(t)
	store := newTestStore(t)
	s, q := newIncidentScreen(t, store, locale.EN)
	s.Start()
	defer s.Stop()
	ctx := context.Background()
	now := time.Now()

	s.AddReport(runOf("20000001", "SN20", now, "STUCK-KEY"))
	first := s.Incident().ID
	s.Technician.SetText("王师傅")
	s.Site.SetText("建国路 88 号")
	s.Resolution.SetSelectedIndex(slices.Index(reports.Resolutions(), reports.ResolutionFixedOnSite))
	storedAs := func(id string, res reports.Resolution, runs int) func() bool {
		return func() bool {
			got, err := store.Get(ctx, id)
			return err == nil && got.Resolution == res && len(got.Runs) == runs
		}
	}
	q.waitFor(t, "the closed visit saved", storedAs(first, reports.ResolutionFixedOnSite, 1))

	// the next run, step by step as the Checklist reports it, then finished
	s.RunProgress(runOf("20000001", "SN20", now.Add(time.Minute)))
	second := s.Incident().ID
	if second == first {
		t.Fatal("the run in progress joined the closed visit")
	}
	s.AddReport(runOf("20000001", "SN20", now.Add(time.Minute)))
	inc := s.Incident()
	if inc.ID != second || inc.TID != "20000001" || len(inc.Runs) != 1 || inc.Resolution != reports.ResolutionOpen {
		t.Fatalf("the return visit: id %s (want %s), TID %s, %d runs, %v", inc.ID, second, inc.TID, len(inc.Runs), inc.Resolution)
	}
	if inc.Technician != "王师傅" || inc.Site != "建国路 88 号" || s.Technician.Text != "王师傅" || s.Resolution.SelectedIndex() != 0 {
		t.Errorf("the return visit's form: technician %q, site %q, resolution %d", inc.Technician, inc.Site, s.Resolution.SelectedIndex())
	}
	q.waitFor(t, "the return visit saved", storedAs(second, reports.ResolutionOpen, 1))
	q.waitFor(t, "the closed visit unchanged", storedAs(first, reports.ResolutionFixedOnSite, 1))
	if !strings.Contains(s.Status.Text, "return visit") || !strings.Contains(s.Status.Text, "Fixed on site") {
		t.Errorf("the screen does not say a return visit started: %q", s.Status.Text)
	}

	// a finished run alone (no progress first), on a visit closed as escalated
	s.Resolution.SetSelectedIndex(slices.Index(reports.Resolutions(), reports.ResolutionEscalated))
	s.AddReport(runOf("20000001", "SN20", now.Add(2*time.Minute)))
	if got := s.Incident(); got.ID == second || got.Resolution != reports.ResolutionOpen || len(got.Runs) != 1 {
		t.Errorf("a finished run on a closed visit: id %s, %v, %d runs", got.ID, got.Resolution, len(got.Runs))
	}
	q.waitFor(t, "the escalated visit unchanged", storedAs(second, reports.ResolutionEscalated, 1))

	// closed while a run is under way: that run finishes in the visit it started in
	third := s.Incident().ID
	s.RunProgress(runOf("20000001", "SN20", now.Add(3*time.Minute)))
	s.Resolution.SetSelectedIndex(slices.Index(reports.Resolutions(), reports.ResolutionFixedOnSite))
	s.AddReport(runOf("20000001", "SN20", now.Add(3*time.Minute)))
	if got := s.Incident(); got.ID != third || len(got.Runs) != 2 {
		t.Errorf("a run under way at closing: id %s (want %s), %d runs", got.ID, third, len(got.Runs))
	}
}

// New visit on the Incident screen clears the Checklist's results, and the next run is the new
// visit's first, not merged with the last visit's (a trial: a cancelled run on the new visit
// read "all checks passed" with the old visit's host and keys rows). The screens are joined as
// the app joins them (linkVisit).
func TestNewVisitClearsChecklist(t *testing.T) {
	newTestApp(t)
	store := newTestStore(t)
	cs, q := newScreen(t)
	test.Tap(cs.ConnectBtn)
	q.waitFor(t, "connection", func() bool { return cs.Current() != nil })
	checks := NewChecklistScreen(cs.Current, nil)
	checks.do = q.do
	checks.confirm = func(_ diagnostics.Question, _ string, reply func(bool)) { reply(true) }
	cs.OnConnected, cs.OnStatus, cs.Busy = checks.SetConnected, checks.TerminalSeen, checks.Running
	inc, _ := newIncidentScreen(t, store, locale.EN)
	inc.do = q.do
	var drilled []*diagnostics.Report
	inDrill := false
	linkVisit(checks, inc, func() bool { return inDrill }, func(r *diagnostics.Report) { drilled = append(drilled, r) })
	test.NewTempWindow(t, checks.Root())
	inc.Start()
	defer inc.Stop()
	finished := func(runs int) func() bool {
		return func() bool { return !checks.Running() && !checks.RunBtn.Disabled() && len(inc.Incident().Runs) == runs }
	}
	old := []diagnostics.StepID{diagnostics.StepLink, diagnostics.StepTerminal, diagnostics.StepHost, diagnostics.StepKeys}
	checks.Run(old)
	q.waitFor(t, "the first visit's run", finished(1))
	if checks.Rows[diagnostics.StepKeys].Summary.Text == "" {
		t.Fatal("fixture: the keys row is empty after the run")
	}
	verdict := checks.Action.Text

	test.Tap(inc.NewBtn)
	if checks.Report() != nil || len(checks.Details.Items) != 0 || checks.Action.Text == verdict {
		t.Errorf("after New visit the Checklist still shows the last visit: %d details, action %q", len(checks.Details.Items), checks.Action.Text)
	}
	for _, id := range old {
		if r := checks.Rows[id]; r.Summary.Text != "" || r.Icon.Resource == passIcon() {
			t.Errorf("after New visit row %s still shows %q", id, r.Summary.Text)
		}
	}
	checks.Run([]diagnostics.StepID{diagnostics.StepLink})
	q.waitFor(t, "the new visit's run", finished(1))
	if rep := checks.Report(); rep == nil || len(rep.Steps) != 1 || rep.Steps[0].ID != diagnostics.StepLink {
		var ids []diagnostics.StepID
		for _, st := range rep.Steps {
			ids = append(ids, st.ID)
		}
		t.Errorf("the new visit's first run was merged with the last visit's: steps %v", ids)
	}
	for _, id := range old[1:] {
		if r := checks.Rows[id]; r.Summary.Text != "" {
			t.Errorf("the new visit's run shows the last visit's %s: %q", id, r.Summary.Text)
		}
	}

	// in a drill, the checks and their results are the drill's: New visit leaves them
	inDrill = true
	checks.Run([]diagnostics.StepID{diagnostics.StepTerminal})
	q.waitFor(t, "the drill's check", func() bool { return !checks.Running() && !checks.RunBtn.Disabled() && len(drilled) == 1 })
	test.Tap(inc.NewBtn)
	if checks.Report() == nil {
		t.Error("New visit cleared a drill's results")
	}
}

// After a restart (a logout's SIGTERM) the first run on a terminal whose visit, opened on this
// laptop a little earlier, is still open joins that visit, shown in the form, and the screen
// says so (a trial: a second open visit for the TID started beside the one from 2 minutes
// before, with an empty form, and the month counted a repeat visit). Only an untouched visit
// gives way; a closed, old, other terminal's or other laptop's visit is not continued.
func TestIncidentContinuesOpenVisitAfterRestart(t *testing.T) {
	a := newTestAppIn(t, "zh_CN.UTF-8")
	store := newTestStore(t)
	ctx := context.Background()
	now := time.Now()

	// the first session: a run, the technician's words, then the app stops
	s1, q1 := newIncidentScreen(t, store, locale.ZH)
	s1.UsePreferences(a.Preferences())
	s1.Start()
	s1.AddReport(runOf("30000001", "SN30", now.Add(-2*time.Minute), "STUCK-KEY"))
	s1.Symptom.SetText("键盘按键失灵")
	first := s1.Incident().ID
	q1.waitFor(t, "the first visit saved", func() bool {
		got, err := store.Get(ctx, first)
		return err == nil && got.Symptom == "键盘按键失灵" && len(got.Runs) == 1
	})
	s1.Stop()

	// visits that must not be continued: another laptop's (imported), an old one, a closed one
	save := func(opened time.Time, res reports.Resolution, here bool) string {
		inc := reports.NewIncident(opened)
		_ = inc.AddRun(*runOf("30000001", "SN30", opened))
		inc.Resolution = res
		if res != reports.ResolutionOpen {
			inc.Closed = opened.Add(time.Minute)
		}
		if err := store.Save(ctx, inc); err != nil {
			t.Fatal(err)
		}
		if here {
			a.Preferences().SetStringList(prefOpenedHere, append(a.Preferences().StringList(prefOpenedHere), inc.ID+" "+opened.Format(time.RFC3339)))
		}
		return inc.ID
	}
	imported := save(now.Add(-time.Minute), reports.ResolutionOpen, false)
	old := save(now.Add(-resumeWithin-time.Hour), reports.ResolutionOpen, true)
	closed := save(now.Add(-30*time.Second), reports.ResolutionFixedOnSite, true)

	// the second session, as the app starts it again
	start := func() (*IncidentScreen, uiQueue) {
		s, q := newIncidentScreen(t, store, locale.ZH)
		s.UsePreferences(a.Preferences())
		s.Start()
		t.Cleanup(s.Stop)
		q.waitFor(t, "the open visits read", func() bool { return len(s.resumable) > 0 || s.Status.Text != "" })
		if len(s.resumable) == 0 {
			t.Fatalf("no open visits read: %q; remembered %v", s.Status.Text, a.Preferences().StringList(prefOpenedHere))
		}
		return s, q
	}
	s2, q2 := start()
	// the Checklist, linked as the app links it, shows the whole continued visit once the run
	// finishes: the first session's stuck key beside this run's link test, not the run alone
	checks := NewChecklistScreen(func() *visit.Conn { return nil }, nil)
	linkVisit(checks, s2, func() bool { return false }, nil)
	linkRun := runOf("30000001", "SN30", now)
	linkRun.Steps[0].ID = diagnostics.StepLink
	s2.RunProgress(runOf("30000001", "SN30", now))
	if got := s2.Incident().ID; got != first {
		names := map[string]string{imported: "the imported visit", old: "the old visit", closed: "the closed visit"}
		t.Fatalf("the run joined %s %s, want the open visit %s", names[got], got, first)
	}
	if s2.Symptom.Text != "键盘按键失灵" || !strings.Contains(s2.Status.Text, "继续 TID 30000001 的未结束到场记录") {
		t.Errorf("the form after continuing: symptom %q, status %q", s2.Symptom.Text, s2.Status.Text)
	}
	s2.AddReport(linkRun)
	q2.waitFor(t, "the continued visit saved", func() bool {
		got, err := store.Get(ctx, first)
		return err == nil && len(got.Runs) == 2 && got.Symptom == "键盘按键失灵"
	})
	if v := checks.Report(); v == nil || len(v.Steps) != 2 || v.Verdict.Kind == diagnostics.VerdictAllPass {
		t.Errorf("the Checklist after the continued visit's run: %+v", v)
	}
	var open []string
	l, _ := store.List(ctx, reports.Filter{TID: "30000001", Open: true})
	for _, v := range l {
		open = append(open, v.ID)
	}
	if slices.Sort(open); !slices.Equal(open, slices.Sorted(slices.Values([]string{first, imported, old}))) {
		t.Errorf("open visits of the TID %v, want the first, the imported and the old one (no new one)", open)
	}
	if !strings.Contains(s2.Status.Text, "继续") {
		t.Errorf("the saver replaced what the run did: %q", s2.Status.Text)
	}

	// connecting is enough (before the visits below are made: the newest open visit of the
	// terminal is the one continued): the terminal's status continues its visit before any run (a run's
	// first step does not know the terminal, and then the visit is no longer untouched: the
	// window test's restart made a second visit), also when the status comes before the open
	// visits are read at Start
	s6, q6 := newIncidentScreen(t, store, locale.ZH)
	s6.UsePreferences(a.Preferences())
	s6.TerminalSeen(map[string]string{"TID": "30000001", "SN": "SN30"})
	s6.Start()
	t.Cleanup(s6.Stop)
	q6.waitFor(t, "the visit continued on connecting", func() bool { return s6.Incident().ID == first })
	if !strings.Contains(s6.Status.Text, "下一次检查将加入该记录") || s6.Symptom.Text != "键盘按键失灵" {
		t.Errorf("on connecting: status %q, symptom %q", s6.Status.Text, s6.Symptom.Text)
	}

	// not continued: another terminal, a visit already typed in, a New visit asked for
	s3, _ := start()
	s3.AddReport(runOf("30000002", "SN31", now))
	if s3.Incident().ID == first || s3.Incident().TID != "30000002" {
		t.Errorf("another terminal's run joined visit %s", s3.Incident().ID)
	}
	s4, _ := start()
	s4.Technician.SetText("李师傅")
	s4.AddReport(runOf("30000001", "SN30", now))
	if s4.Incident().ID == first {
		t.Error("a visit already typed in gave way to the earlier one")
	}
	s5, _ := start()
	test.Tap(s5.NewBtn)
	s5.AddReport(runOf("30000001", "SN30", now))
	if s5.Incident().ID == first {
		t.Error("a New visit asked for gave way to the earlier one")
	}

	// the visits opened here are remembered, those opened longer ago than resumeWithin forgotten
	ids, _ := openedHere(a.Preferences(), time.Now())
	for _, id := range []string{first, closed, s3.Incident().ID, s4.Incident().ID, s5.Incident().ID} {
		if !slices.Contains(ids, id) {
			t.Errorf("visit %s opened here is not remembered: %q", id, a.Preferences().StringList(prefOpenedHere))
		}
	}
	if l := a.Preferences().StringList(prefOpenedHere); slices.ContainsFunc(l, func(e string) bool { return strings.HasPrefix(e, old) }) {
		t.Errorf("a visit opened longer ago than resumeWithin is still remembered: %q", l)
	}
}

// newTestAppIn is newTestApp on a system whose language is env (LANG), returning the app for
// its preferences.
func newTestAppIn(t *testing.T, env string) fyne.App {
	t.Setenv("LANG", env)
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	a := test.NewTempApp(t)
	Setup(a)
	return a
}
