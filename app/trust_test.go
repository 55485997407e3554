package app

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
	"posdoctor/reports"
	"posdoctor/serialio"
)

// Issue 9 item 1 in the GUI: re-running one step (the sign-on, declined; the printer) never
// rewrites the visit's verdict, and the incident gets each run once.
func TestIssue9Item1GUIPartialRerunKeepsVerdict(t *testing.T) {
	newTestApp(t)
	s, q := newChecklistScreen(t, map[diagnostics.Question]bool{diagnostics.AskSignOn: true},
		"paper-out", "key-mismatch", "pending-reversal", "dead-key=7")
	var runs []*diagnostics.Report
	s.OnReport = func(r *diagnostics.Report) { runs = append(runs, r) }
	finished := func(n int) func() bool {
		return func() bool { return !s.Running() && !s.RunBtn.Disabled() && len(runs) == n }
	}
	s.Run(nil)
	q.waitFor(t, "the full run", finished(1))
	if k := s.Report().Verdict.Kind; k != diagnostics.VerdictNeedsProvider {
		t.Fatalf("full run verdict %v", k)
	}
	s.confirm = func(_ diagnostics.Question, _ string, reply func(bool)) { reply(false) } // decline the sign-on
	s.Run([]diagnostics.StepID{diagnostics.StepSignOn})
	q.waitFor(t, "the sign-on re-run", finished(2))
	if k := s.Report().Verdict.Kind; k != diagnostics.VerdictNeedsProvider {
		t.Errorf("after a declined sign-on the screen says %v", k)
	}
	if strings.Contains(s.Action.Text, "all-pass") || strings.Contains(s.Action.Text, "All") {
		t.Errorf("action line %q", s.Action.Text)
	}
	for _, id := range []diagnostics.StepID{diagnostics.StepSignOn, diagnostics.StepKeypad, diagnostics.StepPrinter} {
		if s.Rows[id].Icon.Resource != failIcon() {
			t.Errorf("row %s no longer shows its failure: %q", id, s.Rows[id].Summary.Text)
		}
	}
	s.Run([]diagnostics.StepID{diagnostics.StepPrinter})
	q.waitFor(t, "the printer re-run", finished(3))
	if k := s.Report().Verdict.Kind; k != diagnostics.VerdictNeedsProvider {
		t.Errorf("after a printer re-run the screen says %v", k)
	}
	if len(runs[1].Steps) != 1 || len(runs[2].Steps) != 1 {
		t.Errorf("OnReport must get each run alone, got %d and %d steps", len(runs[1].Steps), len(runs[2].Steps))
	}
	// a step not re-run says when it ran
	if !strings.Contains(s.Rows[diagnostics.StepKeypad].Summary.Text, runs[0].Steps[0].Started.Local().Format("15:04")) {
		t.Errorf("keypad row does not say when it ran: %q", s.Rows[diagnostics.StepKeypad].Summary.Text)
	}
}

// Issue 9 items 2 and 3: another terminal's runs start another visit and clear the old
// results from the Checklist; the status card is emptied on disconnect; the connection state
// reaches the Checklist from the Connect screen.
func TestIssue9Item2And3AnotherTerminal(t *testing.T) {
	newTestApp(t)
	store := newTestStore(t)
	book, _ := codebook.Default()
	cs, q := newScreen(t)
	checks := NewChecklistScreen(cs.Current, nil)
	checks.do = q.do
	checks.confirm = func(_ diagnostics.Question, _ string, reply func(bool)) { reply(true) }
	inc := NewIncidentScreen(store, nil, book, func() locale.Lang { return locale.EN }, func() []serialio.TraceEntry { return nil })
	inc.do = q.do
	checks.OnReport, checks.OnRunProgress = inc.AddReport, inc.RunProgress
	cs.OnConnected, cs.OnStatus, cs.Busy = checks.SetConnected, checks.TerminalSeen, checks.Running
	test.NewTempWindow(t, checks.Root())
	inc.Start()
	defer inc.Stop()

	test.Tap(cs.ConnectBtn)
	q.waitFor(t, "status", func() bool { return cs.Values["TID"].Text != "—" })
	if !checks.connected || strings.Contains(checks.Action.Text, "Not connected") {
		t.Errorf("the Checklist does not know it is connected: %q", checks.Action.Text)
	}
	first := cs.Values["TID"].Text
	checks.Run([]diagnostics.StepID{diagnostics.StepLink, diagnostics.StepTerminal})
	q.waitFor(t, "the first run", func() bool { return !checks.Running() && !checks.RunBtn.Disabled() && len(inc.Incident().Runs) == 1 })
	firstVisit := inc.Incident().ID
	if !strings.Contains(checks.Whose.Text, first) {
		t.Errorf("whose results: %q", checks.Whose.Text)
	}

	test.Tap(cs.ConnectBtn) // disconnect
	if cs.Values["TID"].Text != "—" || cs.Values["MODEL"].Text != "—" {
		t.Errorf("status card kept the old terminal after a disconnect: TID %q", cs.Values["TID"].Text)
	}
	if checks.connected || !strings.Contains(checks.Whose.Text, "Not connected") {
		t.Errorf("after a disconnect: connected %v, %q", checks.connected, checks.Whose.Text)
	}

	cs.Faults.SetText("comm=PSTN") // another model: another serial and TID
	test.Tap(cs.ConnectBtn)
	q.waitFor(t, "the other terminal's status", func() bool { return cs.Values["TID"].Text != "—" })
	second := cs.Values["TID"].Text
	if second == first {
		t.Fatalf("fixture: the PSTN terminal has the same TID %s", second)
	}
	if checks.Report() != nil || checks.Rows[diagnostics.StepLink].Summary.Text != "" || len(checks.Details.Items) != 0 {
		t.Errorf("the first terminal's results are still shown: %q", checks.Rows[diagnostics.StepLink].Summary.Text)
	}
	checks.Run([]diagnostics.StepID{diagnostics.StepLink, diagnostics.StepTerminal})
	q.waitFor(t, "the second run", func() bool {
		return !checks.Running() && !checks.RunBtn.Disabled() && inc.Incident().ID != firstVisit
	})
	if got := inc.Incident(); got.TID != second || len(got.Runs) != 1 {
		t.Errorf("second terminal's visit: TID %s, %d runs", got.TID, len(got.Runs))
	}
	q.waitFor(t, "both visits saved", func() bool {
		l, _ := store.List(context.Background(), reports.Filter{})
		return len(l) == 2 && l[0].Runs == 1 && l[1].Runs == 1
	})
	old, err := store.Get(context.Background(), firstVisit)
	if err != nil || old.TID != first || len(old.Runs) != 1 {
		t.Errorf("the first visit took the other terminal's run: %v %v", old, err)
	}
}

// Issue 9 item 4: faults changed while connected apply at once, and the picker keeps every
// value typed.
func TestIssue9Item4FaultsApplyAtOnce(t *testing.T) {
	newTestApp(t)
	s, q := newScreen(t)
	test.Tap(s.ConnectBtn)
	q.waitFor(t, "status", func() bool { return s.Values["PAPER"].Text == serialio.StatusValue("PAPER", "OK", uiLang()) })
	before := s.Current()
	s.Faults.SetText("paper-out, dead-key=7")
	s.ApplyFaults()
	q.waitFor(t, "the new faults", func() bool { return s.Values["PAPER"].Text == serialio.StatusValue("PAPER", "OUT", uiLang()) })
	if f := s.Current().Sim.Faults(); len(f) != 2 {
		t.Errorf("simulator faults %v", f)
	}
	if s.Current() != before {
		t.Error("the terminal was restarted for faults that change while it serves")
	}
	// the paper put back: the same terminal prints again
	s.Faults.SetText("dead-key=7")
	s.ApplyFaults()
	q.waitFor(t, "the paper back", func() bool { return s.Values["PAPER"].Text == serialio.StatusValue("PAPER", "OK", uiLang()) })
	// another comm mode is another terminal: restarted, and says so
	s.Faults.SetText("comm=PSTN")
	s.ApplyFaults()
	q.waitFor(t, "the restarted terminal", func() bool { c := s.Current(); return c != nil && c != before && s.Values["COMM"].Text == "PSTN" })

	group, picked := faultPicker("paper-out, dead-key=7, dead-key=9, link-drop=0.2")
	for _, want := range []string{"dead-key=7", "dead-key=9", "link-drop=0.2", "paper-out"} {
		if !slices.ContainsFunc(group.Selected, func(l string) bool { return strings.HasSuffix(l, " ("+want+")") }) {
			t.Errorf("picker does not tick %s: %v", want, group.Selected)
		}
	}
	if got := picked(); got != "paper-out, dead-key=7, dead-key=9, link-drop=0.2" {
		t.Errorf("picker OK gives %q", got)
	}
}

// Issue 9 item 5 in the GUI: a save that fails keeps the visit on screen and in a recovery
// file, and Save again saves it once the store can be written.
func TestIssue9Item5GUISaveAgain(t *testing.T) {
	newTestApp(t)
	path := filepath.Join(t.TempDir(), "incidents.db")
	store, err := reports.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	raw, err := sql.Open("sqlite", "file:"+path+"?_busy_timeout=20000") // the saver may be trying again
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`CREATE TRIGGER refuse BEFORE INSERT ON incidents BEGIN SELECT RAISE(ABORT, 'disk full'); END`); err != nil {
		t.Fatal(err)
	}
	s, q := newIncidentScreen(t, store, locale.EN)
	s.Start()
	defer s.Stop()
	test.Type(s.Symptom, "不出小票")
	q.waitFor(t, "the failed save", func() bool { return strings.HasPrefix(s.Status.Text, "Not saved") })
	if !s.SaveAgain.Visible() || !strings.Contains(s.Status.Text, reports.RecoveryDir(path)) {
		t.Errorf("after a failed save: Save again shown %v, status %q", s.SaveAgain.Visible(), s.Status.Text)
	}
	if s.Symptom.Text != "不出小票" {
		t.Errorf("typed text lost: %q", s.Symptom.Text)
	}
	if _, err := raw.Exec(`DROP TRIGGER refuse`); err != nil {
		t.Fatal(err)
	}
	test.Tap(s.SaveAgain)
	q.waitFor(t, "the save", func() bool { return strings.HasPrefix(s.Status.Text, "Saved") })
	if s.SaveAgain.Visible() {
		t.Error("Save again still shown after the save worked")
	}
	if got, err := store.Get(context.Background(), s.Incident().ID); err != nil || got.Symptom != "不出小票" {
		t.Errorf("saved visit: %v, %v", got, err)
	}
}

// Issue 10: the app saves the run after each step (docs/incidents.md): while the printer's
// question is open, the steps before it are already in the store; the finished run replaces
// them, stored once.
func TestRunSavedAfterEachStep(t *testing.T) {
	newTestApp(t)
	store := newTestStore(t)
	cs, q := newScreen(t, "paper-low")
	test.Tap(cs.ConnectBtn)
	q.waitFor(t, "connection", func() bool { return cs.Current() != nil })
	inc := NewIncidentScreen(store, nil, nil, func() locale.Lang { return locale.EN }, nil)
	inc.do = q.do
	inc.Start()
	defer inc.Stop()
	checks := NewChecklistScreen(cs.Current, nil)
	checks.do = q.do
	var answer func(bool)
	checks.confirm = func(_ diagnostics.Question, _ string, reply func(bool)) { answer = reply }
	checks.OnReport, checks.OnRunProgress = inc.AddReport, inc.RunProgress
	test.NewTempWindow(t, checks.Root())
	checks.Run([]diagnostics.StepID{diagnostics.StepLink, diagnostics.StepTerminal, diagnostics.StepPrinter})
	stored := func(steps int) func() bool {
		return func() bool {
			got, err := store.Get(context.Background(), inc.Incident().ID)
			return err == nil && len(got.Runs) == 1 && len(got.Runs[0].Steps) == steps
		}
	}
	q.waitFor(t, "the printer's question", func() bool { return answer != nil })
	q.waitFor(t, "the first two steps in the store", stored(2))
	answer(true)
	q.waitFor(t, "the run to finish", func() bool { return !checks.Running() && !checks.RunBtn.Disabled() })
	q.waitFor(t, "the finished run in the store, once", stored(3))
	if len(inc.Incident().Runs) != 1 {
		t.Errorf("the visit holds %d runs, want 1", len(inc.Incident().Runs))
	}
}

// Moving to a new visit right after an edit never drops the edit: saves wait per visit, a newer
// copy replaces only the same visit's.
func TestIncidentEditsOfTwoVisitsBothSaved(t *testing.T) {
	newTestApp(t)
	store := newTestStore(t)
	s, q := newIncidentScreen(t, store, locale.EN)
	test.Type(s.Symptom, "第一台不出小票")
	first := s.Incident().ID
	test.Tap(s.NewBtn)
	test.Type(s.Symptom, "第二台无拨号音")
	s.Start() // the saver starts with both visits waiting
	defer s.Stop()
	q.waitFor(t, "both visits saved", func() bool {
		l, _ := store.List(context.Background(), reports.Filter{})
		return len(l) == 2
	})
	got, err := store.Get(context.Background(), first)
	if err != nil || got.Symptom != "第一台不出小票" {
		t.Errorf("the first visit's edit: %v, %v", got, err)
	}
}
