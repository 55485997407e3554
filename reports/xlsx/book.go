package xlsx

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Kind is what a table column holds: it decides the cell's number format and alignment.
type Kind int

// Kinds of cells.
const (
	Text   Kind = iota // text, one line
	Wrap               // text that wraps
	Time               // date and time, yyyy-mm-dd hh:mm:ss
	Money              // two decimals with thousands separators
	Int                // whole number
	Secs               // seconds, one decimal
	TimeMS             // date and time with milliseconds
	numKinds
)

// Highlight is what a table row is coloured for, most urgent first.
type Highlight int

// Highlights.
const (
	Plain   Highlight = iota // no fill
	Alarm                    // red, bold dark-red text: act now
	Warning                  // orange
	Notice                   // yellow
	numHighlights
)

// Tone colours one cell by what it says (a status): Good green, Caution amber, Bad red,
// Muted grey, Odd purple.
type Tone int

// Tones.
const (
	Good Tone = iota
	Caution
	Bad
	Muted
	Odd
	numTones
)

// Book is one workbook being built. Styles are made once, when it is created, and shared by
// every cell: a 10,000-row table adds no cell formats.
type Book struct {
	f      *excelize.File
	footer string // left part of every printed page's footer
	used   bool   // the default first sheet has been taken
	st     styles
	text   func(string) string // rewrites every string written; nil: as given
	done   map[string]string   // text's results, for the strings a workbook repeats
	sheets map[string]bool     // sheet names taken, folded as Excel compares them
}

// New starts a workbook whose printed pages carry footer on the left and the page numbers
// on the right. text, when not nil, rewrites every string the kit writes — cells, headers,
// sheet names, the footer, chart titles, document properties — so that one hook turns a whole
// workbook's Chinese into another script (Traditional for a reader in Taiwan) without the
// sheets' code knowing. Strings of ASCII alone are not passed to it: text is for Chinese, and
// leaves card numbers, hex traces, ids and figures as they are; nor is AsIs text, what people
// typed or a terminal reported, which the footer may be too (a branch's month).
func New[T string | AsIs](footer T, text func(string) string) (*Book, error) {
	f := excelize.NewFile()
	st, err := newStyles(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("workbook styles: %w", err)
	}
	b := &Book{f: f, st: st, text: text, sheets: map[string]bool{}}
	foot, _ := b.strOf(footer)
	b.footer = strings.ReplaceAll(foot, "&", "&&")
	return b, nil
}

// maxMemo bounds the strings str remembers, and memoLen their length: a workbook repeats its
// labels, statuses and merchants on every row, and converting each again is the cost.
const (
	maxMemo = 20000
	memoLen = 256
)

// str is s as the workbook writes it: through text, when the book has one and s is not ASCII
// alone.
func (b *Book) str(s string) string {
	if b.text == nil || isASCII(s) {
		return s
	}
	if t, ok := b.done[s]; ok {
		return t
	}
	t := b.text(s)
	if len(s) <= memoLen && len(b.done) < maxMemo {
		if b.done == nil {
			b.done = map[string]string{}
		}
		b.done[s] = t
	}
	return t
}

// Own is s, the workbook's own words, as the book writes them (through its text): for a cell
// its caller makes of its own words and what people typed, written as AsIs.
func (b *Book) Own(s string) string { return b.str(s) }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// maxSheetName is the longest sheet name Excel takes, in characters.
const maxSheetName = 31

// sheetName is the name the sheet asked for as name gets: name through text, no longer than
// Excel takes and unique in the workbook, as conversion is almost always character for
// character, but not quite (内存 becomes 記憶體), and may give two names one spelling. A book
// without text keeps the name as given, so the caller's own checks still speak.
func (b *Book) sheetName(name string) string {
	if b.text == nil {
		return name
	}
	t := b.str(name)
	if t != name && utf8.RuneCountInString(t) > maxSheetName {
		t = string([]rune(t)[:maxSheetName])
	}
	base := t
	for n := 2; b.sheets[strings.ToLower(t)]; n++ {
		suffix := " (" + strconv.Itoa(n) + ")"
		r := []rune(base)
		t = string(r[:min(len(r), maxSheetName-utf8.RuneCountInString(suffix))]) + suffix
	}
	return t
}

// File is the workbook underneath, for what the kit does not do (document properties).
func (b *Book) File() *excelize.File { return b.f }

// WriteTo writes the workbook.
func (b *Book) WriteTo(w io.Writer) (int64, error) { return b.f.WriteTo(w) }

// Close releases the workbook's temporary files.
func (b *Book) Close() error { return b.f.Close() }

// SetProps sets the document properties, their text through the book's text as every cell's.
//
// title, when given, is the Title in parts: strings through the hook, AsIs as given (a branch's
// name as typed in a monthly report's title), each made safe like a cell's text.
func (b *Book) SetProps(p *excelize.DocProperties, title ...any) error {
	q := *p
	for _, s := range []*string{&q.Title, &q.Subject, &q.Description, &q.Keywords, &q.Category, &q.ContentStatus, &q.Creator, &q.LastModifiedBy} {
		*s = b.str(*s)
	}
	if len(title) > 0 {
		var t strings.Builder
		for _, part := range title {
			s, _ := b.strOf(part)
			t.WriteString(s)
		}
		q.Title = t.String()
	}
	return b.f.SetDocProps(&q)
}

// sheet adds a sheet for name and returns the name it has (sheetName): the first one takes
// the place of the new file's empty Sheet1, so it stays the active sheet (SetActiveSheet would
// re-read every streamed sheet).
func (b *Book) sheet(name string) (string, error) {
	name = b.sheetName(name)
	b.sheets[strings.ToLower(name)] = true
	if !b.used {
		b.used = true
		return name, b.f.SetSheetName("Sheet1", name)
	}
	_, err := b.f.NewSheet(name)
	return name, err
}

// printSetup: A4, fit to one page wide, title rows repeated on every page ("" for none), the
// footer and page numbers.
func (b *Book) printSetup(sheet string, landscape bool, titleRows string) error {
	f := b.f
	orient := "portrait"
	if landscape {
		orient = "landscape"
	}
	size, one, zero := 9, 1, 0 // 9: A4
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero,
	}); err != nil {
		return err
	}
	m, hf := 0.4, 0.2
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: &m, Right: &m, Top: &m, Bottom: &m, Header: &hf, Footer: &hf,
	}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddFooter: "&L&8" + b.footer + "&R&8&P / &N",
	}); err != nil {
		return err
	}
	if titleRows == "" {
		return nil
	}
	return f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: "'" + sheet + "'!" + titleRows,
		Scope:    sheet,
	})
}
