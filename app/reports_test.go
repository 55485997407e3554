package app

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"posdoctor/internal/filetest"
	"posdoctor/locale"
	"posdoctor/reports"
)

// bundleFixture writes a bundle of five visits, exported from a store of its own, and returns
// its path and the month most of them fall in (last month): TID 10000001 three times in that
// month (a repeat terminal), TID 10000002 once, still open, all in branch 浦东; and TID
// 10000003 once the month before, in branch Xuhui.
func bundleFixture(t *testing.T) (path, month string) {
	t.Helper()
	src, err := reports.Open(filepath.Join(t.TempDir(), "src.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	now := time.Now()
	first := time.Date(now.Year(), now.Month(), 1, 10, 0, 0, 0, time.Local).AddDate(0, -1, 0)
	cat := reports.Categories()[1]
	add := func(tid, branch string, opened time.Time, closed bool, code string) {
		inc := reports.NewIncident(opened)
		inc.TID, inc.Branch, inc.Merchant, inc.Model, inc.Technician = tid, branch, "示例商户", "VX520", "李工"
		inc.Category = cat
		if closed {
			inc.Resolution, inc.Closed = reports.ResolutionFixedOnSite, opened.Add(2*time.Hour)
		}
		inc.Codes = []reports.CodeSeen{{Code: code}}
		if err := src.Save(context.Background(), inc); err != nil {
			t.Fatal(err)
		}
	}
	for _, day := range []int{2, 9, 19} {
		add("10000001", "浦东", first.AddDate(0, 0, day), true, "03")
	}
	add("10000002", "浦东", first.AddDate(0, 0, 5), false, "05")
	add("10000003", "Xuhui", first.AddDate(0, -1, 4), true, "03")
	path = filepath.Join(t.TempDir(), "fixture"+bundleExt)
	if _, err := src.ExportBundleFile(context.Background(), path, false, reports.BundleSelect{}); err != nil {
		t.Fatal(err)
	}
	return path, first.Format("2006-01")
}

func newReportsScreen(t *testing.T) (*ReportsScreen, uiQueue) {
	t.Helper()
	newTestApp(t)
	st := newTestStore(t)
	q := make(uiQueue, 256)
	s := NewReportsScreen(func() locale.Lang { return locale.ZH })
	s.do = q.do
	w := test.NewTempWindow(t, s.Root())
	w.Resize(fyne.NewSize(900, 640))
	s.SetWindow(w)
	s.Use(st, nil, nil)
	q.waitFor(t, "the current month on an empty store", func() bool { return !s.Busy() && s.Report() != nil })
	return s, q
}

// TestReportsImportAndMonth: import a bundle, pick its month, see the tiles with last month's
// value, the charts, the branches offered, and the repeat terminal with its visits.
func TestReportsImportAndMonth(t *testing.T) {
	s, q := newReportsScreen(t)
	if got := s.Tiles["Visits"].Value.Text; got != "0" {
		t.Fatalf("an empty store shows %q visits", got)
	}
	path, month := bundleFixture(t)
	s.ImportFiles([]string{path})
	if !s.Busy() || !s.Progress.Visible() || !s.CancelBtn.Visible() {
		t.Error("the import shows no progress bar and Cancel")
	}
	q.waitFor(t, "the import and the reload", func() bool { return !s.Busy() && len(s.branches) == 3 })
	if !strings.Contains(s.Status.Text, "5") {
		t.Errorf("the import says %q: it should count 5 added", s.Status.Text)
	}
	if got := s.Branch.Options; len(got) != 3 || got[1] != "Xuhui" || got[2] != "浦东" {
		t.Errorf("branches offered %q", got)
	}

	s.Month.SetSelected(month)
	q.waitFor(t, "the month", func() bool { return !s.Busy() && s.Report() != nil && s.Report().Month == month })
	for name, want := range map[string]string{"Visits": "4", "Terminals": "2", "Backlog": "1", "First-time fix rate": "100.0 %"} {
		if got := s.Tiles[name].Value.Text; got != want {
			t.Errorf("tile %s shows %q, want %q", name, got, want)
		}
	}
	if got := s.Tiles["Visits"].Prev.Text; !strings.HasSuffix(got, "1") {
		t.Errorf("last month's visits: %q, want it to end in 1", got)
	}
	if s.Pareto.Empty() || s.Trend.Empty() {
		t.Error("the charts show nothing")
	}
	if !s.ExportBtn.Visible() || s.ExportBtn.Disabled() {
		t.Error("Export Excel is not offered once a month is shown")
	}

	if s.Repeat.Length() != 1 || s.Report().BadActors[0].TID != "10000001" {
		t.Fatalf("repeat terminals: %+v", s.Report().BadActors)
	}
	var shown string
	s.OnTerminalVisits = func(tid string, _ []reports.Summary) { shown = tid }
	s.Repeat.Select(0)
	q.waitFor(t, "the terminal's visits", func() bool { return shown != "" })
	if shown != "10000001" || len(s.TerminalVisits) != 3 {
		t.Errorf("selected %q: %d visits, want 10000001 with 3", shown, len(s.TerminalVisits))
	}
	for _, v := range s.TerminalVisits {
		if v.TID != "10000001" {
			t.Errorf("a visit of TID %s among 10000001's", v.TID)
		}
	}

	// one branch: the month's visits are all 浦东's; Xuhui had none this month
	s.Branch.SetSelected("Xuhui")
	q.waitFor(t, "Xuhui's month", func() bool { return !s.Busy() && s.Report().Branch == "Xuhui" })
	if got, prev := s.Tiles["Visits"].Value.Text, s.Tiles["Visits"].Prev.Text; got != "0" || !strings.HasSuffix(prev, "1") {
		t.Errorf("Xuhui: %q visits, last month %q; want 0 and 1", got, prev)
	}
}

// TestReportsDropAgain: a dropped bundle imports like an opened one; the same bundle again
// changes nothing and says so; a dropped file that is not a bundle is left alone.
func TestReportsDropAgain(t *testing.T) {
	s, q := newReportsScreen(t)
	path, _ := bundleFixture(t)
	if s.DropBundles([]fyne.URI{storage.NewFileURI(filepath.Join(t.TempDir(), "notes.txt"))}) {
		t.Error("a text file was taken for a bundle")
	}
	for i := range 2 {
		if !s.DropBundles([]fyne.URI{storage.NewFileURI(path)}) {
			t.Fatal("the bundle was not taken")
		}
		q.waitFor(t, "the import", func() bool { return !s.Busy() })
		if added := s.Status.Text; i == 1 && added == "" {
			t.Error("the second import says nothing")
		}
	}
	if got := s.Status.Text; got != "没有新内容：数据包中的访问记录均已存在。" && got != "Nothing new: every visit in the bundle was already here." {
		t.Errorf("the same bundle again: %q", got)
	}
}

// exportFixtureMonth imports the bundle fixture into s, picks its month and exports the
// month's workbook as a person would, and returns the file's path.
func exportFixtureMonth(t *testing.T, s *ReportsScreen, q uiQueue) string {
	t.Helper()
	path, month := bundleFixture(t)
	s.ImportFiles([]string{path})
	q.waitFor(t, "the import", func() bool { return !s.Busy() && len(s.branches) == 3 })
	s.Month.SetSelected(month)
	q.waitFor(t, "the month", func() bool { return !s.Busy() && s.Report().Month == month })
	out := filepath.Join(t.TempDir(), "m.xlsx")
	s.ExportTo(out)
	q.waitFor(t, "the export", func() bool { return !s.Busy() })
	return out
}

// TestReportsExport: Export Excel writes the month's workbook (a zip with its sheets).
func TestReportsExport(t *testing.T) {
	s, q := newReportsScreen(t)
	out := exportFixtureMonth(t, s, q)
	var sheets, charts int
	for name := range filetest.ZipParts(t, out) {
		if strings.HasPrefix(name, "xl/worksheets/sheet") {
			sheets++
		}
		if strings.HasPrefix(name, "xl/charts/chart") {
			charts++
		}
	}
	if sheets < 7 || charts == 0 || !strings.Contains(s.Status.Text, out) {
		t.Errorf("%d sheets, %d charts; the screen says %q", sheets, charts, s.Status.Text)
	}
}

// TestReportsChartsShowTheMonth: the Pareto draws the month's first paretoBars codes with
// their visits and running shares as reports computed them, the trend each month's visits by
// category, and the trend's title names its first and last month.
func TestReportsChartsShowTheMonth(t *testing.T) {
	s, _ := newReportsScreen(t)
	var names []string
	var counts []int
	for i := range paretoBars + 5 {
		names, counts = append(names, fmt.Sprintf("C%02d", i)), append(counts, 40-2*i)
	}
	codes := codeCounts(names, counts...)
	trend := trendFixture()
	s.show(&reports.MonthReport{Month: "2026-11", Codes: codes, Trend: trend}, nil)

	d := s.Pareto.data
	if len(d.names) != paretoBars || d.cumPct[paretoBars-1] != codes[paretoBars-1].CumPct {
		t.Fatalf("the Pareto shows %d codes up to %v %%, want %d up to %v %%", len(d.names), d.cumPct[len(d.cumPct)-1], paretoBars, codes[paretoBars-1].CumPct)
	}
	for i, c := range codes[:paretoBars] {
		if d.names[i] != c.Code || d.values[i][0] != c.Incidents || d.cumPct[i] != c.CumPct {
			t.Errorf("bar %d: %s %d %v, want %s %d %v", i, d.names[i], d.values[i][0], d.cumPct[i], c.Code, c.Incidents, c.CumPct)
		}
	}
	for i, m := range trend {
		if got := s.Trend.data.barTotal(i); got != float64(m.Incidents) {
			t.Errorf("%s: the trend's bar totals %v, the month %d", m.Month, got, m.Incidents)
		}
	}
	if !strings.Contains(s.TrendText.Text, trend[0].Month) || !strings.Contains(s.TrendText.Text, trend[11].Month) {
		t.Errorf("trend title %q", s.TrendText.Text)
	}
	if p := partsOf(s.Pareto); len(p.segments) != paretoBars {
		t.Errorf("the Pareto on the screen draws %d bars", len(p.segments))
	}
}

// TestReportsCancelImport: Cancel during an import either stops it, and then nothing is
// imported (a bundle is taken whole or not at all) and the screen says so, or comes after the
// import committed, and then the screen reports the import, not a cancel.
func TestReportsCancelImport(t *testing.T) {
	s, q := newReportsScreen(t)
	path, _ := bundleFixture(t)
	s.ImportFiles([]string{path})
	test.Tap(s.CancelBtn)
	q.waitFor(t, "the cancelled import", func() bool { return !s.Busy() })
	list, err := s.store.List(context.Background(), reports.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	cancelled := s.Status.Text == "导入已取消：未再导入任何内容。" || s.Status.Text == "Import cancelled: nothing more was imported."
	if cancelled && len(list) != 0 || !cancelled && len(list) != 5 {
		t.Errorf("after Cancel the screen says %q and the store holds %d visits", s.Status.Text, len(list))
	}
}

// A refused bundle is said in the UI's language with what to do; the file and the English
// reason follow as details (a zh_TW trial read "已拒絕：…not a posdoctor bundle: the zip has no
// manifest.json…").
func TestReportsImportRefusalInChinese(t *testing.T) {
	setupUnderLANG(t, "zh_TW.UTF-8")
	st := newTestStore(t)
	q := make(uiQueue, 256)
	s := NewReportsScreen(func() locale.Lang { return locale.ZHTW })
	s.do = q.do
	w := test.NewTempWindow(t, s.Root())
	s.SetWindow(w)
	s.Use(st, nil, nil)
	q.waitFor(t, "the current month", func() bool { return !s.Busy() && s.Report() != nil })
	bad := filepath.Join(t.TempDir(), "bad.pdbundle")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	f, _ := zw.Create("notes.txt")
	f.Write([]byte("no manifest here"))
	zw.Close()
	os.WriteFile(bad, buf.Bytes(), 0o600)
	s.ImportFiles([]string{bad})
	q.waitFor(t, "the refusal", func() bool { return !s.Busy() && strings.Contains(s.Status.Text, "bad.pdbundle") })
	if !strings.Contains(s.Status.Text, "不是 POS Doctor 資料包") || !strings.Contains(s.Status.Text, "（詳情：") {
		t.Errorf("refusal said %q", s.Status.Text)
	}
}
