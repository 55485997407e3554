package reports

import (
	"bytes"
	"errors"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"posdoctor/diagnostics/codebook"
	"posdoctor/internal/filetest"
	"posdoctor/locale"
)

// hostileName is a trainee whose name a spreadsheet would run as a formula if it were
// written as one.
const hostileName = `=HYPERLINK("x")`

// trainingFixture is seven attempts at three drills by three trainees: passes and fails, a
// critical action on a score over the pass mark, wrong diagnoses, one attempt without a
// trainer. The figures the tests expect are worked out by hand in their comments.
func trainingFixture() []TrainingRecord {
	day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, cst) }
	titles := map[string]TrainingTitle{
		"printer.paper-out":    {ZH: "打印机缺纸", EN: "Printer out of paper"},
		"reversal.unconfirmed": {ZH: "冲正未确认", EN: "Unconfirmed reversal"},
		"comms.a0-mac":         {ZH: "A0 MAC 错误", EN: "A0 MAC error"},
	}
	rec := func(n int, trainee, drill string, score int, passed bool, at time.Time, diags ...string) TrainingRecord {
		r := TrainingRecord{
			Attempt: "6f1c2b3a-0000-4000-8000-00000000000" + string(rune('0'+n)), Drill: drill, Version: 2,
			SHA256: strings.Repeat("ab", 32), Title: titles[drill], Level: 1, Trainee: trainee, Trainer: "王老师",
			Mode: "assessed", Seed: int64(n), Started: at.UTC(), Ended: at.Add(100 * time.Second).UTC(), DurationS: 100,
			Score: score, PassScore: 80, Passed: passed, Critical: []string{}, Diagnoses: diags,
			Breakdown: TrainingBreakdown{Diagnosis: 40, Actions: 40, Efficiency: 20},
		}
		for i, d := range diags {
			r.Log = append(r.Log, TrainingEvent{At: float64(10 * (i + 1)), Do: "diagnose", Value: d, Right: i == len(diags)-1 && passed})
		}
		return r
	}
	critical := rec(3, "张三", "reversal.unconfirmed", 85, false, day(6, 10), "96")
	critical.Critical = []string{"redo-sale"}
	critical.Log[0].Right = true // the right diagnosis, then a redo of the sale
	critical.Log = append(critical.Log, TrainingEvent{At: 60, Do: "action", Value: "redo-sale", Critical: true})
	hostile := rec(6, hostileName, "printer.paper-out", 100, true, day(10, 9), "P1")
	hostile.Trainer, hostile.Mode, hostile.DurationS = "", "practice", 3725.5
	slow := rec(2, "张三", "printer.paper-out", 70, false, day(5, 9), "P2", "P1")
	slow.Log[1].Right = true // right on the second try, failed on points
	return []TrainingRecord{
		rec(1, "张三", "printer.paper-out", 95, true, day(3, 9), "P1"),
		slow,
		critical,
		rec(4, "李四", "printer.paper-out", 60, false, day(4, 9), "P2"),
		rec(5, "李四", "reversal.unconfirmed", 90, true, day(27, 15), "96"),
		hostile,
		rec(7, "张三", "reversal.unconfirmed", 88, true, day(20, 9), "96"),
		rec(8, "李四", "comms.a0-mac", 50, false, day(12, 9), "K2"),
	}
}

var trainingRules = []TrainingRule{
	{Rule: locale.Text{ZH: "诊断：第一次就对", EN: "Diagnosis right on the first try"}, Points: "40"},
	{Rule: locale.Text{ZH: "严重操作", EN: "A critical action"}, Points: "不通过 fails"},
}

// writeTrainingWorkbook exports recs for November 2026 and opens the file, checked to hold the
// four sheets in order, closed when the test ends.
func writeTrainingWorkbook(t *testing.T, recs []TrainingRecord) (string, *excelize.File) {
	t.Helper()
	path := filepath.Join(t.TempDir(), TrainingFileName("2026-11"))
	err := ExportTrainingExcel(path, recs, TrainingOptions{Month: "2026-11", Rules: trainingRules, Location: cst,
		Now: func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, cst) }})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if got := f.GetSheetList(); !slices.Equal(got, trainingSheetOrder) {
		t.Fatalf("sheets %q", got)
	}
	return path, f
}

var trainingSheetOrder = []string{SheetTrainRoster, SheetTrainAttempts, SheetTrainAnalysis, SheetTrainRules}

const (
	fillGreen = "C6EFCE" // the kit's Good tone
	fillRed   = "FFC7CE" // its Bad tone
)

// TestTrainingWorkbook reopens the trainer's workbook with excelize: the roster's cells and
// colours, every attempt, the analysis per drill with its chart, the rules, and the hostile
// name kept as text.
func TestTrainingWorkbook(t *testing.T) {
	path, f := writeTrainingWorkbook(t, trainingFixture())
	if filepath.Base(path) != "posdoctor-training-2026-11.xlsx" {
		t.Errorf("file name %s", filepath.Base(path))
	}

	// Roster: drills by id (comms, printer, reversal), trainees by name
	s := SheetTrainRoster
	col, row := findMonthCell(t, f, s, "学员\nTrainee")
	if h := []string{cellAt(f, s, col+2, row), cellAt(f, s, col+3, row), cellAt(f, s, col+4, row)}; !slices.Equal(h,
		[]string{"A0 MAC 错误\ncomms.a0-mac", "打印机缺纸\nprinter.paper-out", "冲正未确认\nreversal.unconfirmed"}) {
		t.Errorf("roster drill headers %q", h)
	}
	roster := []struct {
		trainee, passed string
		cells           [3]string // comms, printer, reversal
		fills           [3]string
	}{
		// 张三: printer 95 passed then 70; reversal 85 failed on a critical action, then 88 passed
		{"张三", "2 / 2", [3]string{"", "95 ✓ ×2 11-05", "88 ✓ ×2 11-20"}, [3]string{"", fillGreen, fillGreen}},
		{"李四", "1 / 3", [3]string{"50 ✗ ×1 11-12", "60 ✗ ×1 11-04", "90 ✓ ×1 11-27"}, [3]string{fillRed, fillRed, fillGreen}},
		{hostileName, "1 / 1", [3]string{"", "100 ✓ ×1 11-10", ""}, [3]string{"", fillGreen, ""}},
	}
	var rows []int
	for _, want := range roster {
		c, r := findMonthCell(t, f, s, want.trainee)
		rows = append(rows, r)
		if c != col {
			t.Errorf("%s in column %d", want.trainee, c)
		}
		if got := cellAt(f, s, col+1, r); got != want.passed {
			t.Errorf("%s passed %q, want %q", want.trainee, got, want.passed)
		}
		for j := range 3 {
			cell := mustCell(col+2+j, r)
			if got, _ := f.GetCellValue(s, cell); got != want.cells[j] {
				t.Errorf("%s %s = %q, want %q", want.trainee, cell, got, want.cells[j])
			}
			if got := cellFill(t, f, s, cell); got != want.fills[j] {
				t.Errorf("%s %s fill %q, want %q", want.trainee, cell, got, want.fills[j])
			}
		}
	}
	if !(rows[2] < rows[0] && rows[0] < rows[1]) { // by name: '=' sorts before 张 before 李
		t.Errorf("trainee rows %v are not in name order", rows)
	}
	if lay, _ := f.GetPageLayout(s); lay.Orientation == nil || *lay.Orientation != "landscape" {
		t.Errorf("the roster prints %v", lay.Orientation)
	}

	// Attempts: every one, oldest first, header frozen, autofilter over it
	a := SheetTrainAttempts
	att, err := f.GetRows(a)
	if err != nil {
		t.Fatal(err)
	}
	if len(att) != 9 || len(att[0]) != 20 || att[0][0] != "开始\nStarted" || att[0][19] != "尝试编号\nAttempt" {
		t.Fatalf("attempts: %d rows, header %q", len(att), att[0])
	}
	first := att[1]
	if want := []string{"2026-11-03 09:00:00", "张三", "王老师", "printer.paper-out", "打印机缺纸\nPrinter out of paper", "1",
		"考核 assessed", "95", "80", "通过 passed", "", "40", "40", "20", "0", "0", "100.0", "P1", "0",
		"6f1c2b3a-0000-4000-8000-000000000001"}; !slices.Equal(first, want) {
		t.Errorf("first attempt\n got %q\nwant %q", first, want)
	}
	for i, r := range att[1:] {
		cell := mustCell(10, i+2)
		switch {
		case r[1] == "张三" && r[7] == "85":
			if r[9] != "未通过 failed" || r[10] != "redo-sale" || cellFill(t, f, a, cell) != fillRed || cellFill(t, f, a, mustCell(11, i+2)) != fillRed {
				t.Errorf("the critical attempt %q, fills %s", r, cellFill(t, f, a, cell))
			}
		case r[1] == hostileName:
			if r[2] != "" || r[6] != "练习 practice" || r[16] != "3725.5" || cellFill(t, f, a, cell) != fillGreen {
				t.Errorf("the practice attempt %q", r)
			}
		}
	}
	if panes, err := f.GetPanes(a); err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("attempts panes %+v, %v", panes, err)
	}
	if !hasAutoFilter(t, path, "A1:T9") {
		t.Error("the attempts sheet has no autofilter over A1:T9")
	}

	// Analysis: figures per drill, critical actions, the chart
	n := SheetTrainAnalysis
	analysis := map[string][]string{
		// printer: 95, 70, 60, 100 → 2 of 4 passed, mean 81.25; P2 wrong twice (张三, 李四)
		"printer.paper-out": {"4", "3", "2", "50.0", "81.3", "0", "P2 ×2"},
		// reversal: 85 (critical), 90, 88 → 2 of 3, mean 87.67; the diagnosis was always right
		"reversal.unconfirmed": {"3", "2", "2", "66.7", "87.7", "1", "—"},
		"comms.a0-mac":         {"1", "1", "0", "0.0", "50.0", "0", "K2 ×1"},
	}
	for id, want := range analysis {
		c, r := findMonthCell(t, f, n, id)
		var got []string
		for j := 2; j <= 8; j++ {
			got = append(got, cellAt(f, n, c+j, r))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
	c, r := findMonthCell(t, f, n, "redo-sale")
	if d, k, m := cellAt(f, n, c-1, r), cellAt(f, n, c+1, r), cellAt(f, n, c+2, r); d != "reversal.unconfirmed" || k != "1" || m != "1" {
		t.Errorf("critical row %q %q %q", d, k, m)
	}
	bar := chartOn(t, path, n)
	if !regexp.MustCompile(`<(c:)?barDir val="bar"`).MatchString(bar) || !strings.Contains(bar, n) || !strings.Contains(bar, "!$F$6:$F$8") { // three drills' pass rates
		t.Errorf("the analysis chart is not bars of column F (pass rate):\n%.600s", bar)
	}

	// Rules: the caller's rows
	rules := strings.Join(mustRows(t, f, SheetTrainRules), "\n")
	for _, want := range []string{"诊断：第一次就对\nDiagnosis right on the first try", "不通过 fails"} {
		if !strings.Contains(rules, want) {
			t.Errorf("rules sheet lacks %q", want)
		}
	}

	// the hostile name is a string cell on every sheet, and no cell holds a formula
	forEachCell(f, func(sh, cell, v string) {
		if v != hostileName {
			return
		}
		if typ, _ := f.GetCellType(sh, cell); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
			t.Errorf("%s!%s: the hostile name is a cell of type %v", sh, cell, typ)
		}
	})
	noFormulas(t, f)
}

// chartOn is the one chart part of the workbook, checked to be drawn on sheet.
func chartOn(t *testing.T, path, sheet string) string {
	t.Helper()
	parts := filetest.ZipParts(t, path)
	var charts []string
	for name := range parts {
		if chartPart.MatchString(name) {
			charts = append(charts, name)
		}
	}
	if len(charts) != 1 {
		t.Fatalf("chart parts %q, want one", charts)
	}
	// the sheet's drawing refers to the chart: sheet → drawing → chart
	wb := parts["xl/workbook.xml"]
	i := strings.Index(wb, `name="`+sheet+`"`)
	if i < 0 {
		t.Fatalf("no sheet %s in workbook.xml", sheet)
	}
	rid := regexp.MustCompile(`r:id="(rId\d+)"`).FindStringSubmatch(wb[i:])[1]
	target := regexp.MustCompile(`Id="` + rid + `"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="` + rid + `"`).FindStringSubmatch(parts["xl/_rels/workbook.xml.rels"])
	sheetPart := "xl/" + strings.TrimPrefix(target[1]+target[2], "/xl/")
	sheetRels := parts[filepath.Dir(sheetPart)+"/_rels/"+filepath.Base(sheetPart)+".rels"]
	drawing := regexp.MustCompile(`Target="\.\./drawings/(drawing\d+\.xml)"`).FindStringSubmatch(sheetRels)
	if drawing == nil {
		t.Fatalf("%s (%s) has no drawing: %s", sheet, sheetPart, sheetRels)
	}
	drawingRels := parts["xl/drawings/_rels/"+drawing[1]+".rels"]
	if !strings.Contains(drawingRels, "../charts/"+filepath.Base(charts[0])) {
		t.Fatalf("the drawing of %s does not hold %s: %s", sheet, charts[0], drawingRels)
	}
	return parts[charts[0]]
}

// hasAutoFilter reports whether a sheet's XML has an autofilter over ref (excelize writes
// it with $ signs).
func hasAutoFilter(t *testing.T, path, ref string) bool {
	t.Helper()
	abs := regexp.MustCompile(`([A-Z]+)(\d+)`).ReplaceAllString(ref, `$$$1$$$2`)
	for name, xml := range filetest.ZipParts(t, path) {
		if strings.HasPrefix(name, "xl/worksheets/sheet") && (strings.Contains(xml, `<autoFilter ref="`+ref+`"`) || strings.Contains(xml, `<autoFilter ref="`+abs+`"`)) {
			return true
		}
	}
	return false
}

// TestTrainingWorkbookIndependentReader opens the trainer's workbook with openpyxl, which
// shares no code with excelize: sheets, the roster's colours, the attempts' filter and
// panes, the chart on the analysis sheet, the hostile name as a string.
func TestTrainingWorkbookIndependentReader(t *testing.T) {
	path, _ := writeTrainingWorkbook(t, trainingFixture())
	const script = `
out = {"sheets": wb.sheetnames}
ws = wb["名册 Roster"]
out["roster"] = {}
for row in ws.iter_rows():
    if row[0].value in ("张三", "李四", '=HYPERLINK("x")'):
        out["roster"][row[0].value] = [[c.value, c.fill.fgColor.rgb if c.fill.fill_type else None] for c in row[2:5]]
        if row[0].value.startswith("="):
            out["hostile_type"] = row[0].data_type
a = wb["明细 Attempts"]
out["filter"] = a.auto_filter.ref
out["freeze"] = a.freeze_panes
rows = list(a.iter_rows(values_only=True))
out["attempts"] = len(rows) - 1
out["started_type"] = type(rows[1][0]).__name__
out["score"] = rows[1][7]
n = wb["分析 By drill"]
out["charts"] = [type(c).__name__ + ":" + c.type for c in n._charts]
out["chart_refs"] = [s.val.numRef.f for c in n._charts for s in c.series]
out["formulas"] = sum(1 for s in wb.worksheets for row in s.iter_rows() for x in row if x.data_type == "f")
`
	var got struct {
		Sheets      []string           `json:"sheets"`
		Roster      map[string][][]any `json:"roster"`
		HostileType string             `json:"hostile_type"`
		Filter      string             `json:"filter"`
		Freeze      string             `json:"freeze"`
		Attempts    int                `json:"attempts"`
		StartedType string             `json:"started_type"`
		Score       float64            `json:"score"`
		Charts      []string           `json:"charts"`
		ChartRefs   []string           `json:"chart_refs"`
		Formulas    int                `json:"formulas"`
	}
	readWithOpenpyxl(t, path, script, &got)
	if !slices.Equal(got.Sheets, trainingSheetOrder) {
		t.Errorf("openpyxl sees sheets %q", got.Sheets)
	}
	li := got.Roster["李四"]
	if len(li) != 3 || li[0][0] != "50 ✗ ×1 11-12" || li[0][1] != "FF"+fillRed || li[2][0] != "90 ✓ ×1 11-27" || li[2][1] != "FF"+fillGreen {
		t.Errorf("李四's roster row as openpyxl reads it: %v", li)
	}
	if zs := got.Roster["张三"]; len(zs) != 3 || (zs[0][0] != nil && zs[0][0] != "") || zs[0][1] != nil {
		t.Errorf("张三 never tried comms.a0-mac: %v", zs)
	}
	if got.HostileType != "s" || got.Formulas != 0 {
		t.Errorf("the hostile name is of type %q; %d formulas", got.HostileType, got.Formulas)
	}
	if strings.ReplaceAll(got.Filter, "$", "") != "A1:T9" || got.Freeze != "A2" || got.Attempts != 8 || got.StartedType != "datetime" || got.Score != 95 {
		t.Errorf("attempts: filter %q, freeze %q, %d rows, started %s, score %v", got.Filter, got.Freeze, got.Attempts, got.StartedType, got.Score)
	}
	if !slices.Equal(got.Charts, []string{"BarChart:bar"}) || len(got.ChartRefs) != 1 || got.ChartRefs[0] != "'"+SheetTrainAnalysis+"'!$F$6:$F$8" {
		t.Errorf("analysis charts %q, refs %q", got.Charts, got.ChartRefs)
	}
}

// TestTrainingWorkbookEmpty: no records make a workbook that says so on every sheet, with
// no chart, not an error.
func TestTrainingWorkbookEmpty(t *testing.T) {
	path, f := writeTrainingWorkbook(t, nil)
	for _, s := range []string{SheetTrainRoster, SheetTrainAnalysis} {
		if v, _ := f.GetCellValue(s, "A3"); v != "没有演练记录（2026-11）。No attempts were recorded (2026-11)." {
			t.Errorf("%s says %q", s, v)
		}
	}
	if v, _ := f.GetCellValue(SheetTrainAttempts, "A2"); v != "（无记录）No records" {
		t.Errorf("attempts say %q", v)
	}
	for name := range filetest.ZipParts(t, path) {
		if strings.HasPrefix(name, "xl/charts/") {
			t.Errorf("an empty workbook has a chart part %s", name)
		}
	}
}

func TestTrainingWorkbookRefuses(t *testing.T) {
	path, _ := writeTrainingWorkbook(t, trainingFixture())
	if err := ExportTrainingExcel(path, nil, TrainingOptions{}); !errors.Is(err, ErrExists) {
		t.Errorf("an existing file: %v, want ErrExists", err)
	}
	if err := ExportTrainingExcel(path, nil, TrainingOptions{Overwrite: true}); err != nil {
		t.Errorf("overwrite: %v", err)
	}
	if err := WriteTrainingExcel(&bytes.Buffer{}, nil, TrainingOptions{Month: "2026-13"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("month 2026-13: %v, want ErrInvalid", err)
	}
}

func TestTrainingFileName(t *testing.T) {
	for month, want := range map[string]string{
		"2026-11": "posdoctor-training-2026-11.xlsx",
		"":        "posdoctor-training.xlsx",
		"../x":    "posdoctor-training.xlsx",
	} {
		if got := TrainingFileName(month); got != want {
			t.Errorf("TrainingFileName(%q) = %q, want %q", month, got, want)
		}
	}
}

// The trainer's workbook says 演练 for a drill and 练习 only for the practice mode (練習 and
// 演練 in Traditional): a sheet that headed its drill column 练习 beside the mode 练习 practice
// read as one word for two things.
func TestTrainingWorkbookDrillIsNotPractice(t *testing.T) {
	for _, conv := range []struct {
		name            string
		to              func(string) string
		drill, practice string
	}{{"Simplified", nil, "演练", "练习"}, {"Traditional", codebook.ToTraditional, "演練", "練習"}} {
		f := openWritten(t, func(w *bytes.Buffer) error {
			return WriteTrainingExcel(w, trainingFixture(), TrainingOptions{Month: "2026-11", Rules: trainingRules, Location: cst, Traditional: conv.to})
		})
		heads := 0
		for _, s := range f.GetSheetList() {
			rows, err := f.GetRows(s)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				for _, v := range r {
					if v == conv.drill+"\nDrill" {
						heads++
					}
					// the mode (练习 practice), the modes named together (练习与考核), nothing else
					if rest := strings.NewReplacer(conv.practice+" practice", "", conv.practice+"與考核", "", conv.practice+"与考核", "").Replace(v); strings.Contains(rest, conv.practice) {
						t.Errorf("%s %s: %q says %s for something other than the practice mode", conv.name, s, v, conv.practice)
					}
				}
			}
		}
		if heads < 3 { // attempts, the analysis, its critical actions
			t.Errorf("%s: %d columns headed %s Drill, want 3", conv.name, heads, conv.drill)
		}
	}
}
