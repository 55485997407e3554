package xlsx

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestTableAndForm builds a workbook that knows nothing of incidents and reads it back.
// reopen writes the book and opens what was written, closed when the test ends: tests
// assert on the file a reader gets.
func reopen(t *testing.T, b *Book) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestTableAndForm(t *testing.T) {
	b, err := New("Monthly report 2026-03 & more", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	fm, err := b.NewForm("Cover", 20, 30, 20, 30)
	if err != nil {
		t.Fatal(err)
	}
	fm.Title("Title")
	fm.Section("区域", "Area")
	fm.Pair("Label", "=1+1", "When", time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC))
	fm.Wide("Long", strings.Repeat("很长的文字 ", 40))
	if err := fm.Close(); err != nil {
		t.Fatal(err)
	}
	rows := [][]any{{"a", 1.5}, {"b\x07", 2.25}}
	err = b.WriteTable(Table{
		Sheet: "Data",
		Cols:  []Column{Col("名", "Name", Text, 6, 20), Col("额", "Amount", Money, 8, 12)},
		N:     len(rows),
		Row:   func(i int) ([]any, Highlight) { return rows[i], Highlight(i) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.WriteTable(Table{Sheet: "Empty", Cols: []Column{Col("名", "Name", Text, 6, 20)}}); err != nil {
		t.Fatal(err)
	}
	f := reopen(t, b)
	if got := f.GetSheetList(); strings.Join(got, ",") != "Cover,Data,Empty" {
		t.Errorf("sheets %v", got)
	}
	for _, c := range []struct{ sheet, cell, want string }{
		{"Cover", "A1", "Title"}, {"Cover", "A3", "区域  Area"}, {"Cover", "B4", "=1+1"},
		{"Data", "A1", "名\nName"}, {"Data", "A3", "b\uFFFD"}, {"Data", "B3", "2.25"},
		{"Empty", "A2", noRecords},
	} {
		if v, _ := f.GetCellValue(c.sheet, c.cell); v != c.want {
			t.Errorf("%s!%s = %q, want %q", c.sheet, c.cell, v, c.want)
		}
	}
	if formula, _ := f.GetCellFormula("Cover", "B4"); formula != "" {
		t.Errorf("text became a formula: %q", formula)
	}
	hf, err := f.GetHeaderFooter("Data")
	if err != nil || !strings.Contains(hf.OddFooter, "Monthly report 2026-03 && more") {
		t.Errorf("footer %+v, %v", hf, err)
	}
	if p, _ := f.GetPanes("Data"); !p.Freeze || p.TopLeftCell != "A2" {
		t.Errorf("header not frozen: %+v", p)
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.xlsx")
	write := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	if err := WriteFile(path, false, write("one")); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(path, false, write("two"))
	if !errors.Is(err, ErrExists) || !errors.Is(err, fs.ErrExist) {
		t.Errorf("over an existing file: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "one" {
		t.Errorf("existing file changed: %q", b)
	}
	if err := WriteFile(path, true, write("three")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "three" {
		t.Errorf("overwrite: %q", b)
	}
	boom := errors.New("boom")
	if err := WriteFile(filepath.Join(dir, "y.xlsx"), false, func(io.Writer) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("a failed write: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	missing := filepath.Join(dir, "missing", "z.xlsx")
	if err := WriteFile(missing, false, write("x")); !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing folder: %v", err)
	}
}

// TestGridChartAndNamedTable: a form with a grid and a combo chart over it, and a streamed
// Excel table; read back with excelize.
func TestGridChartAndNamedTable(t *testing.T) {
	b, err := New("kit", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	fm, err := b.NewForm("Chart's sheet", 10, 10, 10)
	if err != nil {
		t.Fatal(err)
	}
	fm.Title("Pareto")
	rg := fm.Grid([]Column{Col("码", "Code", Text, 0, 0), Col("次", "N", Int, 0, 0), Col("累计", "Cum %", Secs, 0, 0)},
		[][]any{{"03", 3, 50.0}, {"A0", Typed{Kind: Secs, Value: 2}, 83.3}, {"P1", 1, 100.0}}, nil)
	if got := rg.Col(1); got != "'Chart''s sheet'!$B$3:$B$5" {
		t.Errorf("Col(1) = %s", got)
	}
	if got := rg.Head(2).Col(0); got != "'Chart''s sheet'!$A$3:$A$4" {
		t.Errorf("Head(2).Col(0) = %s", got)
	}
	fm.Chart(Chart{Kind: Columns, Title: "t", Categories: rg.Col(0),
		Series: []Series{{Name: rg.Header(1), Values: rg.Col(1)}},
		Lines:  []Series{{Name: rg.Header(2), Values: rg.Col(2)}}, LineMax: 100})
	fm.Para("after the chart")
	if err := fm.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteTable(Table{Sheet: "Rows", Name: "Rows", Cols: []Column{Col("名", "Name", Text, 6, 20)}, N: 2,
		Row: func(i int) ([]any, Highlight) { return []any{"r"}, Plain }}); err != nil {
		t.Fatal(err)
	}
	f := reopen(t, b)
	if v, _ := f.GetCellValue("Chart's sheet", "B4"); v != "2.0" {
		t.Errorf("typed cell B4 = %q, want the Secs format", v)
	}
	if v, _ := f.GetCellValue("Chart's sheet", "A26"); v != "after the chart" {
		t.Errorf("the chart's 18 rows and a gap are skipped: A26 = %q", v)
	}
	if tables, _ := f.GetTables("Rows"); len(tables) != 1 || tables[0].Range != "A1:A3" || tables[0].Name != "Rows" {
		t.Errorf("tables %+v", tables)
	}
	if v, _ := f.GetCellValue("Rows", "A1"); v != "名 Name" {
		t.Errorf("table header %q", v)
	}
}
