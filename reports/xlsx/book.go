package xlsx

import (
	"fmt"
	"io"
	"strings"

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
}

// New starts a workbook whose printed pages carry footer on the left and the page numbers
// on the right.
func New(footer string) (*Book, error) {
	f := excelize.NewFile()
	st, err := newStyles(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("workbook styles: %w", err)
	}
	return &Book{f: f, footer: strings.ReplaceAll(footer, "&", "&&"), st: st}, nil
}

// File is the workbook underneath, for what the kit does not do (document properties).
func (b *Book) File() *excelize.File { return b.f }

// WriteTo writes the workbook.
func (b *Book) WriteTo(w io.Writer) (int64, error) { return b.f.WriteTo(w) }

// Close releases the workbook's temporary files.
func (b *Book) Close() error { return b.f.Close() }

// sheet adds a sheet named name: the first one takes the place of the new file's empty
// Sheet1, so it stays the active sheet (SetActiveSheet would re-read every streamed sheet).
func (b *Book) sheet(name string) error {
	if !b.used {
		b.used = true
		return b.f.SetSheetName("Sheet1", name)
	}
	_, err := b.f.NewSheet(name)
	return err
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
