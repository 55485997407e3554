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
func TestTableAndForm(t *testing.T) {
	b, err := New("Monthly report 2026-03 & more")
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
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
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
