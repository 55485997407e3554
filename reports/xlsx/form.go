package xlsx

import (
	"fmt"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// Form is a printable sheet of labelled values, written row by row from the top: a title,
// sections, pairs of label and value side by side, long values across the width, notes. Its
// first error is kept and returned by Close, so rows are written without checks.
type Form struct {
	b      *Book
	sheet  string
	widths []float64 // column widths; the form spans them all
	last   string    // name of the last column
	r      int       // the next row
	land   bool      // printed landscape
	err    error
}

// NewForm adds a form sheet with columns of these widths: label, value, label, value for the
// usual four.
func (b *Book) NewForm(sheet string, widths ...float64) (*Form, error) {
	sheet, err := b.sheet(sheet)
	if err != nil {
		return nil, err
	}
	fm := &Form{b: b, sheet: sheet, widths: widths, r: 1}
	for j, w := range widths {
		col, _ := excelize.ColumnNumberToName(j + 1)
		if err := b.f.SetColWidth(sheet, col, col, w); err != nil {
			return nil, err
		}
		fm.last = col
	}
	return fm, nil
}

// NewTitledForm adds a form sheet as NewForm does and writes its title and subtitle, which
// every printable form starts with.
func (b *Book) NewTitledForm(sheet, title string, subtitle any, widths ...float64) (*Form, error) {
	fm, err := b.NewForm(sheet, widths...)
	if err != nil {
		return nil, err
	}
	fm.Title(title)
	fm.Subtitle(subtitle)
	return fm, nil
}

func (fm *Form) check(err error) {
	if err != nil && fm.err == nil {
		fm.err = err
	}
}

func (fm *Form) ref(col string) string { return col + strconv.Itoa(fm.r) }

// put writes one cell: text as text, a time as a date (empty when zero), numbers as numbers.
func (fm *Form) put(cell string, v any, style int) {
	f, sh := fm.b.f, fm.sheet
	if s, ok := fm.b.strOf(v); ok {
		fm.check(f.SetCellStr(sh, cell, s))
		fm.check(f.SetCellStyle(sh, cell, cell, style))
		return
	}
	switch x := v.(type) {
	case time.Time:
		if x.IsZero() {
			fm.check(f.SetCellStr(sh, cell, ""))
		} else {
			fm.check(f.SetCellValue(sh, cell, x))
		}
	default:
		fm.check(f.SetCellValue(sh, cell, x))
	}
	fm.check(f.SetCellStyle(sh, cell, cell, style))
}

func (fm *Form) height(lines int) {
	if lines > 1 {
		fm.check(fm.b.f.SetRowHeight(fm.sheet, fm.r, float64(min(lines, 30))*lineHeight+4))
	}
}

// full writes text (a string or AsIs) across the whole width, h points high (0: the default).
func (fm *Form) full(text any, style int, h float64) {
	f, sh := fm.b.f, fm.sheet
	fm.put(fm.ref("A"), text, style)
	fm.check(f.MergeCell(sh, fm.ref("A"), fm.ref(fm.last)))
	fm.check(f.SetCellStyle(sh, fm.ref("A"), fm.ref(fm.last), style))
	if h > 0 {
		fm.check(f.SetRowHeight(sh, fm.r, h))
	}
	fm.r++
}

// Title writes the form's title, large, across the width.
func (fm *Form) Title(text string) { fm.full(text, fm.b.st.title, 30) }

// Subtitle writes a small line under the title: a string or AsIs.
func (fm *Form) Subtitle(text any) { fm.full(text, fm.b.st.subtitle, 18) }

// Section starts a section after a blank line: "中文  English" on a band across the width.
func (fm *Form) Section(zh, en string) {
	fm.r++
	fm.full(zh+"  "+en, fm.b.st.section, 20)
}

// Note writes a small italic note across the width after a blank line, lines lines high.
func (fm *Form) Note(text string, lines int) {
	fm.r++
	fm.full(text, fm.b.st.note, float64(lines)*lineHeight+4)
}

func (fm *Form) valueStyle(v any) int {
	if _, ok := v.(time.Time); ok {
		return fm.b.st.valueDT
	}
	return fm.b.st.value
}

// Pair writes two labels with their values on one row (a four-column form), as high as the
// longest text needs.
func (fm *Form) Pair(l1 string, v1 any, l2 string, v2 any) {
	st := fm.b.st
	fm.put(fm.ref("A"), l1, st.label)
	fm.put(fm.ref("B"), v1, fm.valueStyle(v1))
	fm.put(fm.ref("C"), l2, st.label)
	fm.put(fm.ref("D"), v2, fm.valueStyle(v2))
	lines := 1
	for j, v := range []any{l1, v1, l2, v2} {
		if s, ok := plain(v); ok && j < len(fm.widths) {
			lines = max(lines, wrappedLines(s, fm.widths[j]))
		}
	}
	fm.height(lines)
	fm.r++
}

// Wide writes a label and a long value (a string or AsIs) across the rest of the width.
func (fm *Form) Wide(label string, value any) {
	f, sh, st := fm.b.f, fm.sheet, fm.b.st
	fm.put(fm.ref("A"), label, st.label)
	fm.put(fm.ref("B"), value, st.value)
	fm.check(f.MergeCell(sh, fm.ref("B"), fm.ref(fm.last)))
	fm.check(f.SetCellStyle(sh, fm.ref("B"), fm.ref(fm.last), st.value))
	rest := 0.0
	for _, w := range fm.widths[1:] {
		rest += w
	}
	text, _ := plain(value)
	fm.height(max(wrappedLines(text, rest), wrappedLines(label, fm.widths[0])))
	fm.r++
}

// Landscape prints the form on A4 landscape: for a grid too wide to read on a portrait page
// (one column per drill, per month).
func (fm *Form) Landscape() { fm.land = true }

// Close finishes the form: A4 portrait (or Landscape), one page wide, the footer, no grid
// lines. It returns the first error of any row.
func (fm *Form) Close() error {
	f, sh := fm.b.f, fm.sheet
	fm.check(f.SetSheetDimension(sh, fmt.Sprintf("A1:%s%d", fm.last, fm.r-1)))
	if fm.err != nil {
		return fm.err
	}
	fit := true
	if err := f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if err := fm.b.printSetup(sh, fm.land, ""); err != nil {
		return err
	}
	grid := false
	return f.SetSheetView(sh, 0, &excelize.ViewOptions{ShowGridLines: &grid})
}

// Para writes a paragraph of ordinary text (a string or AsIs) across the width, as high as it
// needs.
func (fm *Form) Para(text any) {
	rest := 0.0
	for _, w := range fm.widths {
		rest += w
	}
	s, _ := plain(text)
	fm.full(text, fm.b.st.value, float64(min(wrappedLines(s, rest), 30))*lineHeight+4)
}

// Grid writes a small table on the form from its first column: a bilingual header row, then
// rows (values as in Table.Row, and Typed; hl, when not nil, highlights row i). It returns where the
// rows are, for charts. An empty grid gets one row saying so, and an empty range.
func (fm *Form) Grid(cols []Column, rows [][]any, hl func(i int) Highlight) Range {
	f, sh, st := fm.b.f, fm.sheet, fm.b.st
	for j, c := range cols {
		cell, _ := excelize.CoordinatesToCellName(j+1, fm.r)
		fm.put(cell, bilingualHeader(c.ZH, c.EN), st.header)
	}
	lines := 2
	for j, c := range cols {
		if j < len(fm.widths) {
			lines = max(lines, wrappedLines(c.ZH, fm.widths[j])+wrappedLines(c.EN, fm.widths[j]))
		}
	}
	fm.check(f.SetRowHeight(sh, fm.r, float64(lines)*lineHeight+4))
	fm.r++
	rg := Range{sheet: sh, first: fm.r, end: fm.r + len(rows) - 1, col0: 1}
	if len(rows) == 0 {
		fm.put(fm.ref("A"), noRecords, st.note)
		fm.r++
		return rg
	}
	for i, vals := range rows {
		h := Plain
		if hl != nil {
			h = hl(i)
		}
		lines := 1
		for j, v := range vals {
			kind := cols[j].Kind
			style := st.cell[h][kind]
			if t, ok := v.(Typed); ok {
				kind, v = t.Kind, t.Value
				style = st.cell[h][kind]
			}
			if s, ok := v.(Toned); ok {
				style, v = st.tone[s.Tone], s.Value
			}
			if s, ok := plain(v); ok && kind == Wrap && j < len(fm.widths) {
				lines = max(lines, wrappedLines(s, fm.widths[j]))
			}
			if v == nil {
				v = ""
			}
			cell, _ := excelize.CoordinatesToCellName(j+1, fm.r)
			fm.put(cell, v, style)
		}
		fm.height(lines)
		fm.r++
	}
	return rg
}
