package reports

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"posdoctor/internal/filetest"
)

// fixtureMonth is branch A's March 2026 of the monthly fixture, its codes explained, with
// February and the month's visits: what the monthly workbook is written from.
func fixtureMonth(t *testing.T) (r, prev *MonthReport, d *MonthDetail) {
	t.Helper()
	gen := time.Date(2026, 4, 3, 9, 0, 0, 0, time.UTC)
	visits := monthFixture()
	r, err := ComputeMonth(visits, "2026-03", "A", cst, gen)
	if err != nil {
		t.Fatal(err)
	}
	r.ExplainCodes(testExplainer)
	if prev, err = ComputeMonth(visits, "2026-02", "A", cst, gen); err != nil {
		t.Fatal(err)
	}
	if d, err = MonthDetails(visits, "2026-03", "A", cst); err != nil {
		t.Fatal(err)
	}
	return r, prev, d
}

// writeMonthWorkbook writes branch A's March 2026 (the monthly fixture) with February beside
// it, and returns the file's path.
func writeMonthWorkbook(t *testing.T) string {
	t.Helper()
	r, prev, d := fixtureMonth(t)
	path := filepath.Join(t.TempDir(), MonthlyFileName(r.Month, r.Branch))
	err := ExportMonthlyExcel(path, r, MonthlyOptions{
		Previous: prev, Detail: d, Explainer: testExplainer, Location: cst,
		Device:  "0b9c2a4e-1111-4222-8333-444455556666",
		Sources: []BundleSource{{Device: "7f3e9d10-aaaa-4bbb-8ccc-dddd00001111", Exported: at(3, 30, 18, 0, 0)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return path
}

var monthSheetOrder = []string{SheetMonthSummary, SheetMonthTrend, SheetMonthCodes, SheetMonthRepeat,
	SheetMonthBreakdown, SheetMonthIncidents, SheetMonthDefinition}

// findMonthCell is the column and row of the first cell of sheet whose value is v.
func findMonthCell(t *testing.T, f *excelize.File, sheet, v string) (col, row int) {
	t.Helper()
	col, row, err := excelize.CellNameToCoordinates(findCell(t, f, sheet, v))
	if err != nil {
		t.Fatal(err)
	}
	return col, row
}

func cellAt(f *excelize.File, sheet string, col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	v, _ := f.GetCellValue(sheet, name)
	return v
}

// TestMonthlyWorkbook reopens the month's workbook with excelize: the seven sheets, the KPIs
// beside last month's, the Pareto, the repeat terminals, every visit, the chart parts, and no
// formula anywhere.
func TestMonthlyWorkbook(t *testing.T) {
	path := writeMonthWorkbook(t)
	if filepath.Base(path) != "monthly-A-2026-03.xlsx" {
		t.Errorf("file name %s", filepath.Base(path))
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, monthSheetOrder) {
		t.Fatalf("sheets %q", got)
	}

	// Summary: this month, last month, the change (fixture: 7 visits in March, 5 in February)
	s := SheetMonthSummary
	col, row := findMonthCell(t, f, s, "故障次数\nIncidents")
	if now, prev, ch := cellAt(f, s, col+1, row), cellAt(f, s, col+2, row), cellAt(f, s, col+3, row); now != "7" || prev != "5" || ch != "▲ 2 (+40%)" {
		t.Errorf("incidents %q, last month %q, change %q", now, prev, ch)
	}
	col, row = findMonthCell(t, f, s, "修复时长中位数（小时）\nRepair time, median (h)")
	if v, _ := f.GetCellType(s, mustCell(col+1, row)); v != excelize.CellTypeNumber && v != excelize.CellTypeUnset {
		t.Errorf("median repair is not a number: %v", v)
	}
	if now := cellAt(f, s, col+1, row); now != "3.50" {
		t.Errorf("median repair %q", now)
	}
	col, row = findMonthCell(t, f, s, "一次修复率 %\nFirst-time fix rate %")
	if now, ch := cellAt(f, s, col+1, row), cellAt(f, s, col+3, row); now != "66.7" || !strings.HasPrefix(ch, "▼") {
		t.Errorf("ftfr %q, change %q", now, ch)
	}
	reading := strings.Join(mustRows(t, f, s), "\n")
	for _, want := range []string{"03（无效商户，3 次）", "T6 (M-T6), 3 visits in 90 days", "4 visits were still open", "7f3e9d10"} {
		if !strings.Contains(reading, want) {
			t.Errorf("summary lacks %q", want)
		}
	}

	// Codes: the Pareto with the book's meanings
	col, row = findMonthCell(t, f, SheetMonthCodes, "03")
	if title, meaning, n, cum := cellAt(f, SheetMonthCodes, col+1, row), cellAt(f, SheetMonthCodes, col+2, row),
		cellAt(f, SheetMonthCodes, col+3, row), cellAt(f, SheetMonthCodes, col+4, row); title != "无效商户\nInvalid merchant" ||
		!strings.Contains(meaning, "Merchant not registered") || n != "3" || cum != "33.3" {
		t.Errorf("code 03: %q %q %q %q", title, meaning, n, cum)
	}

	// Repeat terminals: T6 has 3 visits in 90 days and is highlighted; T1 (2) is not
	col, row = findMonthCell(t, f, SheetMonthRepeat, "T6")
	if n := cellAt(f, SheetMonthRepeat, col+3, row); n != "3" {
		t.Errorf("T6 visits %q", n)
	}
	fill := func(row int) string {
		st, _ := f.GetCellStyle(SheetMonthRepeat, mustCell(1, row))
		x, _ := f.GetStyle(st)
		if x == nil || len(x.Fill.Color) == 0 {
			return ""
		}
		return x.Fill.Color[0]
	}
	_, t1 := findMonthCell(t, f, SheetMonthRepeat, "T1")
	if fill(row) == "" || fill(t1) != "" {
		t.Errorf("highlight: T6 %q, T1 %q", fill(row), fill(t1))
	}

	// Incidents: every visit of the month, an Excel table, v6 a repeat
	inc, _ := f.GetRows(SheetMonthIncidents)
	if len(inc) != 8 || len(inc[0]) != 14 {
		t.Fatalf("incidents: %d rows, header %q", len(inc), inc[0])
	}
	tables, err := f.GetTables(SheetMonthIncidents)
	if err != nil || len(tables) != 1 || tables[0].Range != "A1:N8" {
		t.Errorf("incidents table %+v, %v", tables, err)
	}
	for _, r := range inc[1:] {
		if r[0] == "2026-03-15 08:00:00" && r[13] != "是 yes" {
			t.Errorf("v6 is a repeat: %q", r)
		}
		if r[0] == "2026-03-10 09:00:00" && r[10] != "03" {
			t.Errorf("v3's codes %q", r[10])
		}
	}

	// Definitions: every figure
	defs := strings.Join(mustRows(t, f, SheetMonthDefinition), "\n")
	for _, d := range monthDefinitions {
		if !strings.Contains(defs, d.en) || !strings.Contains(defs, d.zh) {
			t.Errorf("definitions lack %s", d.json)
		}
	}

	// no formulas, and the charts are native chart parts
	noFormulas(t, f)
	charts := chartParts(t, path)
	if len(charts) != 6 { // trend, Pareto, categories, resolutions, technicians, models
		t.Errorf("chart parts %q", charts)
	}
}

func mustCell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// forEachCell calls fn with each cell of every row of the workbook, sheet by sheet (the empty
// cells inside a row too, with value "").
func forEachCell(f *excelize.File, fn func(sheet, cell, value string)) {
	for _, sh := range f.GetSheetList() {
		rows, _ := f.GetRows(sh)
		for i, r := range rows {
			for j, v := range r {
				fn(sh, mustCell(j+1, i+1), v)
			}
		}
	}
}

// noFormulas fails the test for each cell of the workbook that holds a formula: every figure
// of a workbook is a value.
func noFormulas(t *testing.T, f *excelize.File) {
	t.Helper()
	forEachCell(f, func(sh, cell, _ string) {
		if fo, _ := f.GetCellFormula(sh, cell); fo != "" {
			t.Errorf("%s!%s holds a formula %q", sh, cell, fo)
		}
	})
}

func mustRows(t *testing.T, f *excelize.File, sheet string) []string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

// chartParts lists the workbook's xl/charts/chart*.xml, each checked to hold a chart; two
// of them combine columns with a line on a second value axis.
func chartParts(t *testing.T, path string) []string {
	t.Helper()
	var out []string
	combos := 0
	for name, xml := range filetest.ZipParts(t, path) {
		if !chartPart.MatchString(name) {
			continue
		}
		if !strings.Contains(xml, "chartSpace") || !strings.Contains(xml, "numRef") {
			t.Errorf("%s is not a chart", name)
		}
		if strings.Contains(xml, "lineChart>") && strings.Count(xml, "<valAx>") == 2 {
			combos++
		}
		out = append(out, name)
	}
	if combos != 2 { // the trend and the Pareto: a line on a secondary axis
		t.Errorf("%d charts with a line on a secondary axis, want 2", combos)
	}
	slices.Sort(out)
	return out
}

// chartPart matches the name of a chart's part in an xlsx.
var chartPart = regexp.MustCompile(`^xl/charts/chart\d+\.xml$`)

// TestMonthlyWorkbookIndependentReader opens the month's workbook with openpyxl, which
// shares no code with excelize: sheets, values, the table, the charts it finds.
func TestMonthlyWorkbookIndependentReader(t *testing.T) {
	path := writeMonthWorkbook(t)
	const script = `
out = {"sheets": wb.sheetnames}
ws = wb["明细 Incidents"]
rows = list(ws.iter_rows(values_only=True))
out["rows"] = len(rows)
out["header"] = list(rows[0])
out["tables"] = {n: (t if isinstance(t, str) else t.ref) for n, t in ws.tables.items()}
out["opened_type"] = type(rows[1][0]).__name__
out["repair"] = rows[1][12]
c = wb["故障码 Codes"]
out["codes"] = [[r[0], r[3], r[4]] for r in c.iter_rows(values_only=True) if r[0] in ("03", "96", "A0", "P1")]
out["formulas"] = sum(1 for s in wb.worksheets for row in s.iter_rows() for x in row if x.data_type == "f")
`
	var got struct {
		Sheets     []string          `json:"sheets"`
		Rows       int               `json:"rows"`
		Header     []string          `json:"header"`
		Tables     map[string]string `json:"tables"`
		OpenedType string            `json:"opened_type"`
		Repair     float64           `json:"repair"`
		Codes      [][]any           `json:"codes"`
		Formulas   int               `json:"formulas"`
	}
	readWithOpenpyxl(t, path, script, &got)
	if !slices.Equal(got.Sheets, monthSheetOrder) || got.Rows != 8 || got.Header[0] != "开单 Opened" {
		t.Errorf("openpyxl sees sheets %q, %d rows, header %q", got.Sheets, got.Rows, got.Header)
	}
	if got.Tables["Incidents"] != "A1:N8" || got.OpenedType != "datetime" || got.Repair != 2 {
		t.Errorf("tables %v, opened %s, repair %v", got.Tables, got.OpenedType, got.Repair)
	}
	if len(got.Codes) != 4 || got.Codes[0][0] != "03" || got.Codes[0][1] != 3.0 || got.Codes[3][2] != 100.0 {
		t.Errorf("codes %v", got.Codes)
	}
	if got.Formulas != 0 {
		t.Errorf("%d formulas", got.Formulas)
	}
}

// TestMonthlyDefinitionsMatchDocs keeps the Definitions sheet and docs/monthly.md the same.
func TestMonthlyDefinitionsMatchDocs(t *testing.T) {
	b, err := os.ReadFile("../docs/monthly.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := strings.ReplaceAll(string(b), "`", "")
	for _, d := range monthDefinitions {
		row := "| " + d.nameZH + " " + d.nameEN + " | " + d.json + " | " + d.zh + " | " + d.en + " |"
		if !strings.Contains(doc, row) {
			t.Errorf("docs/monthly.md has no row %q", row)
		}
	}
}

func TestMonthlyFileName(t *testing.T) {
	for _, tt := range []struct{ branch, want string }{
		{"", "monthly-all-2026-03.xlsx"},
		{"朝阳支行", "monthly-朝阳支行-2026-03.xlsx"},
		{"a/b:c", "monthly-a_b_c-2026-03.xlsx"},
		{"..", "monthly-branch-2026-03.xlsx"},
	} {
		if got := MonthlyFileName("2026-03", tt.branch); got != tt.want {
			t.Errorf("MonthlyFileName(%q) = %q, want %q", tt.branch, got, tt.want)
		}
	}
}

// TestMonthDetails: the month's visits in opening order with their repeat flag, and each
// trend month's median repair time, worked out from the fixture by hand.
func TestMonthDetails(t *testing.T) {
	d, err := MonthDetails(monthFixture(), "2026-03", "A", cst)
	if err != nil {
		t.Fatal(err)
	}
	var ids, repeats []string
	for _, r := range d.Rows {
		ids = append(ids, r.ID)
		if r.Repeat {
			repeats = append(repeats, r.ID)
		}
	}
	// v2: T2 printer 5 days after x2; v3: T1 communication 9 days after v1; v6: T5 printer
	// exactly 720 h after v0; v7 is not (720 h and one second after w): 3 of 7, repeat_rate 0.429
	if strings.Join(ids, ",") != "v1,v2,v3,v6,v5,v7,v4" || strings.Join(repeats, ",") != "v2,v3,v6" {
		t.Errorf("rows %v, repeats %v", ids, repeats)
	}
	median := map[int]float64{
		0:  2,    // 2025-04: apr, 2 h
		8:  1.02, // 2025-12: t3old, 1 h 1 min
		9:  3,    // 2026-01: t4old, 3 h
		10: 2,    // 2026-02: k 1, x2 1.0003, v0 2, w 880, x5 974
		11: 3.5,  // 2026-03: as repair_hours
	}
	for i, h := range d.TrendRepair {
		want, ok := median[i]
		switch {
		case !ok && h.Median != nil:
			t.Errorf("trend month %d: median %v, want none", i, *h.Median)
		case ok && (h.Median == nil || *h.Median != want):
			t.Errorf("trend month %d: median %v, want %v", i, h.Median, want)
		}
	}
}
