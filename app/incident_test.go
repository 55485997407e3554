package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/internal/filetest"
	"posdoctor/locale"
	"posdoctor/reports"
	"posdoctor/serialio"
)

// newTestStore opens an empty incident store for the test, closed when the test ends.
func newTestStore(t *testing.T) *reports.Store {
	t.Helper()
	store, err := reports.Open(filepath.Join(t.TempDir(), "incidents.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}

// newTestBook loads the built-in code book.
func newTestBook(t *testing.T) *codebook.Book {
	t.Helper()
	book, err := codebook.Default()
	if err != nil {
		t.Fatal(err)
	}
	return book
}

// newIncidentScreen shows the Incident screen on store, in lang, without a code book or a
// trace, its UI work queued for the test goroutine. It is not started.
func newIncidentScreen(t *testing.T, store *reports.Store, lang locale.Lang) (*IncidentScreen, uiQueue) {
	t.Helper()
	q := make(uiQueue, 256)
	s := NewIncidentScreen(store, nil, nil, func() locale.Lang { return lang }, nil)
	s.do = q.do
	test.NewTempWindow(t, s.Root())
	return s, q
}

func TestIncidentScreenSavesAsItGoesAndExports(t *testing.T) {
	newTestApp(t)
	dir := t.TempDir()
	store, err := reports.Open(filepath.Join(dir, "incidents.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	book := newTestBook(t)
	cs, q := newScreen(t, "paper-out")
	test.Tap(cs.ConnectBtn)
	q.waitFor(t, "connection", func() bool { return cs.Current() != nil })

	s := NewIncidentScreen(store, nil, book, func() locale.Lang { return locale.ZH }, func() []serialio.TraceEntry { return cs.Current().Trace.Last(100) })
	s.do = q.do
	test.NewTempWindow(t, s.Root())
	s.Start()

	test.Type(s.Technician, "王师傅")
	test.Type(s.Symptom, "不出小票，顾客卡号 6222021234567890128")
	test.Type(s.CodeQuery, "无效商户")
	test.Tap(s.AddCode)
	if len(s.seenRows) != 1 || !strings.Contains(s.seenRows[0].Text.Text, "无效商户") {
		t.Fatalf("codes %+v", s.Incident().Codes)
	}
	test.Type(s.Actions, "换纸")
	q.waitFor(t, "a save", func() bool { return strings.HasPrefix(s.Status.Text, "Saved") })

	// a checklist run on the connection joins the visit and fills in the terminal
	cl := &diagnostics.Checklist{Term: cs.Current().Client, Op: diagnostics.AutoOperator{}, Steps: []diagnostics.StepID{"link", "terminal", "printer", "journal"}}
	rep := cl.Run(context.Background())
	s.AddReport(rep)
	if s.Incident().TID == "" || !strings.Contains(s.Identity.Text, s.Incident().TID) || s.Technician.Text != "王师傅" {
		t.Fatalf("identity %q, technician %q", s.Identity.Text, s.Technician.Text)
	}
	s.Resolution.SetSelectedIndex(2)
	id := s.Incident().ID
	q.waitFor(t, "the run to be saved", func() bool {
		got, err := store.Get(context.Background(), id)
		return err == nil && len(got.Runs) == 1 && got.Technician == "王师傅" && got.Resolution != reports.ResolutionOpen
	})
	got, _ := store.Get(context.Background(), id)
	if strings.Contains(got.Symptom, "6222021234567890128") || len(got.Codes) == 0 || len(got.Actions) != 1 || got.Journal == nil {
		t.Fatalf("stored %+v", got)
	}

	xlsx := filepath.Join(dir, "r.xlsx")
	s.ExportTo(xlsx)
	q.waitFor(t, "the export", func() bool { return strings.HasPrefix(s.Status.Text, "Exported") })
	parts := 0
	for name := range filetest.ZipParts(t, xlsx) {
		if strings.HasPrefix(name, "xl/worksheets/sheet") {
			parts++
		}
	}
	if parts < 5 {
		t.Fatalf("%d sheets in the workbook", parts)
	}

	// a new visit clears the form but the technician, who goes on to the next counter; the
	// past list reopens the saved one
	test.Tap(s.NewBtn)
	if s.Symptom.Text != "" || s.Actions.Text != "" || s.Incident().ID == id {
		t.Fatal("new visit kept the old one")
	}
	if s.Technician.Text != "王师傅" || s.Incident().Technician != "王师傅" {
		t.Errorf("new visit: technician %q, want the one who typed it (a trial typed it again)", s.Technician.Text)
	}
	q.waitFor(t, "the past list", func() bool { return len(s.past) == 1 })
	s.Past.Select(0)
	q.waitFor(t, "the reopened visit", func() bool { return s.Incident().ID == id && s.Technician.Text == "王师傅" })
	s.Stop()
}

// TestIncidentOffersKnownBranches: the Branch entry offers the branch names already in the
// store, those containing what is typed first, so one branch is not counted under two
// spellings; what is typed is still kept as typed.
func TestIncidentOffersKnownBranches(t *testing.T) {
	newTestApp(t)
	store := newTestStore(t)
	for _, b := range []string{"浦东分行", "Xuhui"} {
		inc := reports.NewIncident(time.Now())
		inc.Branch = b
		if err := store.Save(context.Background(), inc); err != nil {
			t.Fatal(err)
		}
	}
	s, q := newIncidentScreen(t, store, locale.ZH)
	s.Start()
	defer s.Stop()
	q.waitFor(t, "the branches", func() bool { return len(s.offered) == 2 })
	test.Type(s.Branch, "浦")
	if got := s.offered; len(got) != 1 || got[0] != "浦东分行" {
		t.Errorf("typing 浦 offers %q", got)
	}
	if s.Incident().Branch != "浦" {
		t.Errorf("the visit's branch is %q, want what was typed", s.Incident().Branch)
	}
	s.Branch.SetText("浦东分行")
	if s.Incident().Branch != "浦东分行" {
		t.Errorf("the visit's branch is %q after choosing", s.Incident().Branch)
	}
}

// A store with no branch yet offers no ▼ on the Branch entry: its empty list opened unseen and
// swallowed the next click, and the branch typed after it was lost (a trial).
func TestIncidentNoBranchesNoDropDown(t *testing.T) {
	newTestApp(t)
	s, q := newIncidentScreen(t, newTestStore(t), locale.ZH)
	s.Start()
	defer s.Stop()
	test.Type(s.Branch, "浦")
	for len(q) > 0 {
		(<-q)()
	}
	if a := s.Branch.ActionItem; a != nil && a.Visible() {
		t.Error("the Branch entry shows a ▼ with nothing to offer")
	}
}
