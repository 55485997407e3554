package xlsx

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"posdoctor/locale"
)

// Column is one column of a table: its bilingual header (Chinese on the first line, English
// on the second), what its cells hold, and bounds of its width in characters.
type Column struct {
	ZH, EN   string
	Kind     Kind
	Min, Max float64
}

// Col is a Column.
func Col(zh, en string, kind Kind, minWidth, maxWidth float64) Column {
	return Column{ZH: zh, EN: en, Kind: kind, Min: minWidth, Max: maxWidth}
}

// Table is a sheet of rows under one header row. Row returns row i's values (string, AsIs,
// time.Time, float64, int, int64, Toned; nil and the zero time are written empty) and how
// the row is highlighted. Row is called twice per row: once to size the columns, once to
// write them.
type Table struct {
	Sheet    string
	Cols     []Column
	N        int // data rows
	Row      func(i int) ([]any, Highlight)
	MaxLines int // a wrapped row is at most this many lines high (0: 6)
	// Name, when set, makes the rows an Excel table of that name (letters, digits and
	// underscores) with its own autofilter, so a reader sorts and filters it as one: headers
	// are then on one line, "中文 English", as a table's column names cannot hold a line break.
	Name string
}

// AsIs is text written exactly as given: the book's text hook (New) passes it by, so what
// a person typed or a terminal reported (a branch 台北, a technician 王后里) is not rewritten
// with the workbook's own words. It is still made safe for a cell (CellText). A table's or a
// form's value, a form's subtitle, paragraph or wide value may be one.
type AsIs string

// strOf is a string or AsIs value as the book writes it, and whether v is one.
func (b *Book) strOf(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return b.str(CellText(x)), true
	case AsIs:
		return CellText(string(x)), true
	}
	return "", false
}

// plain is the text of a string or AsIs value as given, for measuring it.
func plain(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case AsIs:
		return string(x), true
	}
	return "", false
}

// Toned is a value whose cell is coloured by its tone (a status) instead of its row's
// highlight.
type Toned struct {
	Tone  Tone
	Value any
}

// Typed is a value written with the number format and alignment of another kind than its
// column's (a grid of figures where counts and hours share a column).
type Typed struct {
	Kind  Kind
	Value any
}

// lineHeight is the height in points of one line of 10-point text.
const lineHeight = 13.5

// noRecords fills the first row of an empty table.
const noRecords = "（无记录）No records"

// WriteTable adds t as a new sheet, written with excelize's StreamWriter: header frozen,
// autofilter over the table, column widths from the content (wide characters count 2),
// wrapped rows as high as their text (up to MaxLines), A4 landscape one page wide with the
// header repeated on every page. Strings are written as text (see CellText), never formulas.
func (b *Book) WriteTable(t Table) error {
	f := b.f
	var err error
	if t.Sheet, err = b.sheet(t.Sheet); err != nil {
		return err
	}
	if t.MaxLines == 0 {
		t.MaxLines = 6
	}
	widths := make([]float64, len(t.Cols))
	for j, c := range t.Cols {
		widths[j] = float64(max(locale.Width(c.ZH), locale.Width(c.EN)))
	}
	for i := range t.N {
		vals, _ := t.Row(i)
		for j, v := range vals {
			if w := float64(valueWidth(v, t.Cols[j].Kind)); w > widths[j] {
				widths[j] = w
			}
		}
	}
	for j, c := range t.Cols {
		widths[j] = min(max(widths[j]+2, c.Min), c.Max)
	}
	lastCol, err := excelize.ColumnNumberToName(len(t.Cols))
	if err != nil {
		return err
	}
	ref := fmt.Sprintf("A1:%s%d", lastCol, max(t.N, 1)+1)

	// The stream writer writes <sheetPr> and <dimension> when it is created: both must be set
	// before, or they are silently lost.
	if err := f.SetSheetDimension(t.Sheet, ref); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(t.Sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(t.Sheet)
	if err != nil {
		return err
	}
	// columns and panes go before the first row. Each SetColWidth puts its column first in
	// <cols>, and Excel wants them in ascending order: set them last to first.
	for j := len(widths) - 1; j >= 0; j-- {
		if err := sw.SetColWidth(j+1, j+1, widths[j]); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	header := make([]any, len(t.Cols))
	for j, c := range t.Cols {
		name := bilingualHeader(c.ZH, c.EN)
		if t.Name != "" {
			name = strings.TrimSpace(c.ZH + " " + c.EN)
		}
		header[j] = excelize.Cell{StyleID: b.st.header, Value: b.str(name)}
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: 2*lineHeight + 4}); err != nil {
		return err
	}
	if t.Name != "" {
		// the table's column names are read back from the rows written so far: add it while
		// only the header is there
		if err := sw.AddTable(&excelize.Table{Range: ref, Name: t.Name, StyleName: "TableStyleLight1"}); err != nil {
			return err
		}
	}
	cells := make([]any, len(t.Cols))
	for i := range t.N {
		vals, hl := t.Row(i)
		lines := 1
		for j, v := range vals {
			kind := t.Cols[j].Kind
			style := b.st.cell[hl][kind]
			if s, ok := v.(Toned); ok {
				style, v = b.st.tone[s.Tone], s.Value
			}
			if x, ok := plain(v); ok {
				v, _ = b.strOf(v)
				if kind == Wrap {
					lines = max(lines, wrappedLines(x, widths[j]))
				}
			}
			switch x := v.(type) {
			case time.Time:
				if x.IsZero() {
					v = ""
				}
			case nil:
				v = ""
			}
			cells[j] = excelize.Cell{StyleID: style, Value: v}
		}
		var opts []excelize.RowOpts
		if lines > 1 {
			opts = append(opts, excelize.RowOpts{Height: float64(min(lines, t.MaxLines))*lineHeight + 3})
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, cells, opts...); err != nil {
			return err
		}
	}
	if t.N == 0 {
		if err := sw.SetRow("A2", []any{excelize.Cell{StyleID: b.st.note, Value: b.str(noRecords)}}); err != nil {
			return err
		}
	}
	// the autofilter and print setup are written at Flush: set them before it (a table has
	// its own autofilter; a second one on the sheet makes Excel repair the file)
	if t.Name == "" {
		if err := f.AutoFilter(t.Sheet, ref, nil); err != nil {
			return err
		}
	}
	if err := b.printSetup(t.Sheet, true, "$1:$1"); err != nil {
		return err
	}
	return sw.Flush()
}

func bilingualHeader(zh, en string) string {
	if en == "" {
		return zh
	}
	return zh + "\n" + en
}

// valueWidth is the display width a value needs in a cell of that kind.
func valueWidth(v any, kind Kind) int {
	if s, ok := v.(Toned); ok {
		v = s.Value
	}
	if x, ok := plain(v); ok {
		return maxLineWidth(x)
	}
	switch x := v.(type) {
	case time.Time:
		if kind == TimeMS {
			return 23
		}
		return 19
	case float64:
		return len(strconv.FormatFloat(x, 'f', 2, 64)) + len(strconv.FormatFloat(x, 'f', 2, 64))/4
	case int:
		return len(strconv.Itoa(x))
	case int64:
		return len(strconv.FormatInt(x, 10))
	}
	return 4
}
