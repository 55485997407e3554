package xlsx

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestBookText: the book's text reaches sheet names (kept unique and within Excel's 31
// characters when it changes them), headers, cells and forms, and never sees ASCII alone.
func TestBookText(t *testing.T) {
	var seen []string
	conv := func(s string) string {
		seen = append(seen, s)
		return strings.NewReplacer("甲", "乙", "内存", "記憶體容量").Replace(s)
	}
	b, err := New("页脚 甲", conv)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	long := strings.Repeat("长", 27) + "内存" // 29 characters, 32 converted
	for _, name := range []string{"甲 Sheet", "乙 Sheet", long} {
		err := b.WriteTable(Table{Sheet: name, Cols: []Column{Col("甲", "A", Text, 4, 20), Col("码", "Hex", Text, 4, 20)}, N: 1,
			Row: func(int) ([]any, Highlight) { return []any{"甲 1", "0A 1B FF"}, Plain }})
		if err != nil {
			t.Fatalf("sheet %q: %v", name, err)
		}
	}
	fm, err := b.NewTitledForm("甲 Form", "标题 甲", "", 20, 20)
	if err != nil {
		t.Fatal(err)
	}
	fm.Pair("甲", "值 甲", "ASCII", "x")
	if err := fm.Close(); err != nil {
		t.Fatal(err)
	}
	f := reopen(t, b)
	sheets := f.GetSheetList()
	want := []string{"乙 Sheet", "乙 Sheet (2)", string([]rune(strings.Repeat("长", 27) + "記憶體容量")[:31]), "乙 Form"}
	if strings.Join(sheets, "|") != strings.Join(want, "|") {
		t.Errorf("sheets %q, want %q", sheets, want)
	}
	for _, s := range sheets {
		if utf8.RuneCountInString(s) > 31 {
			t.Errorf("sheet name %q longer than Excel takes", s)
		}
	}
	for cell, v := range map[string]string{"A1": "乙\nA", "A2": "乙 1", "B2": "0A 1B FF"} {
		if got, _ := f.GetCellValue(sheets[1], cell); got != v {
			t.Errorf("%s: %q, want %q", cell, got, v)
		}
	}
	for cell, v := range map[string]string{"A1": "标题 乙", "A3": "乙", "B3": "值 乙"} {
		if got, _ := f.GetCellValue("乙 Form", cell); got != v {
			t.Errorf("form %s: %q, want %q", cell, got, v)
		}
	}
	if hf, err := f.GetHeaderFooter(sheets[0]); err != nil || !strings.Contains(hf.OddFooter, "页脚 乙") {
		t.Errorf("footer %+v, %v", hf, err)
	}
	for _, s := range seen {
		if isASCII(s) {
			t.Errorf("ASCII %q passed to the text hook", s)
		}
	}
}

// TestBookTextAsIs: AsIs text — what people typed, what a terminal reported — is written as
// given in a table, a form's values, subtitle, wide value, paragraph and grid, and the
// footer, while the same words as plain strings beside it go through the book's text.
func TestBookTextAsIs(t *testing.T) {
	conv := func(s string) string { return strings.ReplaceAll(s, "台", "臺") }
	b, err := New(AsIs("页脚 台北"), conv)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = b.WriteTable(Table{Sheet: "表", Cols: []Column{Col("台", "A", Text, 4, 20), Col("台", "B", Wrap, 4, 20)}, N: 1,
		Row: func(int) ([]any, Highlight) {
			return []any{AsIs("台北\r\n分行"), Toned{Tone: Good, Value: AsIs("台中")}}, Plain
		}})
	if err != nil {
		t.Fatal(err)
	}
	fm, err := b.NewTitledForm("表单", "台 标题", AsIs("台北 · 2024-05"), 20, 20, 20, 20)
	if err != nil {
		t.Fatal(err)
	}
	fm.Pair("台", AsIs("台北"), "台", "台北")
	fm.Wide("台", AsIs("王后里 台中"))
	fm.Para(AsIs("台南"))
	fm.Grid([]Column{Col("台", "A", Text, 4, 20)}, [][]any{{AsIs("台东")}}, nil)
	if b.Own("台") != "臺" {
		t.Errorf("Own(台) = %q", b.Own("台"))
	}
	if err := fm.Close(); err != nil {
		t.Fatal(err)
	}
	f := reopen(t, b)
	for cell, v := range map[string]string{"A1": "臺\nA", "A2": "台北\n分行", "B2": "台中"} {
		if got, _ := f.GetCellValue("表", cell); got != v {
			t.Errorf("table %s: %q, want %q", cell, got, v)
		}
	}
	for cell, v := range map[string]string{"A1": "臺 标题", "A2": "台北 · 2024-05", "A3": "臺", "B3": "台北", "D3": "臺北",
		"B4": "王后里 台中", "A5": "台南", "A6": "臺\nA", "A7": "台东"} {
		if got, _ := f.GetCellValue("表单", cell); got != v {
			t.Errorf("form %s: %q, want %q", cell, got, v)
		}
	}
	if hf, err := f.GetHeaderFooter("表"); err != nil || !strings.Contains(hf.OddFooter, "页脚 台北") {
		t.Errorf("footer %+v, %v", hf, err)
	}
}
