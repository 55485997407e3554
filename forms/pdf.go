package forms

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/goregular"

	"posdoctor/assets"
	"posdoctor/reports"
	"posdoctor/reports/xlsx"
)

// ErrExists is returned by ExportPDF when the file exists and overwriting was not asked for.
// It matches fs.ErrExist too.
var ErrExists = xlsx.ErrExists

// Options tune the PDF.
type Options struct {
	// Uncompressed leaves the page streams readable as they are: for tests that look for
	// what must never be in the file.
	Uncompressed bool
	// Traditional, when set, converts the form's own Chinese — every label, the title, the
	// values it words (type, status, reason, the amount in words) — to Traditional Chinese as
	// Taiwan writes it (the front ends pass visit.WorkbookChinese of the reader's language, as
	// the workbooks get it); what people typed (reports.FormField.AsIs: the merchant's name,
	// the note, the branch) is printed as stored. nil leaves the form Simplified, as it is.
	// Digits, ids and the masked card number come through unchanged.
	Traditional func(string) string
}

// The page: A4 portrait, millimetres.
const (
	pageW, pageH  = 210.0, 297.0
	margin        = 15.0
	contentW      = pageW - 2*margin
	labelW        = 30.0                      // a label's column
	valueW        = contentW/2 - labelW       // a value's column, two pairs to a row
	wideW         = contentW - labelW         // a wide value
	cjkFont       = "droid"                   // Droid Sans Fallback: Chinese (it has no Latin glyphs)
	latinFont     = "go"                      // Go Regular: Latin, digits, ¥
	bottom        = pageH - 16                // where a row must end, above the footer
	labelPt       = 8.0                       // labels
	valuePt       = 10.0                      // values
	lineMM        = valuePt * 0.3528 * 1.35   // a value's line height
	labelLineMM   = labelPt * 0.3528 * 1.3    // a label's line height
	pad           = 1.5                       // inside a box
	signatureH    = 24.0                      // the merchant's boxes
	minSignatureH = 15.0                      // and no lower when the form is long (a stamp may overlap the edge, as on paper)
	noteBottom    = pageH - 12                // where the note under the form must end: the footer is below
	signatureW    = contentW / 3              // three of them side by side
	stampGrey     = 150                       // grey of the hand-fill hints
	sectionFill   = 225                       // grey of a section's band
	labelFill     = 242                       // grey of a label's box
	minRowH       = 2*labelLineMM + 2*pad - 1 // two label lines
)

// ExportPDF writes the form to path atomically: a crash never leaves half a file. An existing
// file is kept (ErrExists) unless overwrite.
func ExportPDF(path string, f *reports.Form, overwrite bool, opts Options) error {
	return xlsx.WriteFile(path, overwrite, func(w io.Writer) error { return WritePDF(w, f, opts) })
}

// WritePDF writes the form as one A4 page (more when a note is long) to w.
func WritePDF(w io.Writer, f *reports.Form, opts Options) error {
	if f == nil {
		return errors.New("no form")
	}
	cjk, err := unpackCJKFont()
	if err != nil {
		return err
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(!opts.Uncompressed)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(f.Produced)
	pdf.SetModificationDate(f.Produced)
	zh := opts.Traditional
	if zh == nil {
		zh = func(s string) string { return s }
	}
	title := f.Kind.Title()
	pdf.SetTitle(zh(title.ZH)+" "+title.EN, true)
	pdf.SetSubject("TID "+f.TID+" trace "+f.Txn.Trace, true)
	pdf.SetCreator("POS Doctor", true)
	pdf.SetProducer("POS Doctor", true)
	pdf.AddUTF8FontFromBytes(cjkFont, "", cjk)
	pdf.AddUTF8FontFromBytes(latinFont, "", goregular.TTF)
	pdf.SetMargins(margin, 12, margin)
	pdf.SetCellMargin(0)
	pdf.SetAutoPageBreak(false, margin)
	p := &page{pdf: pdf, widths: map[rune]float64{}, zh: zh}
	pdf.SetFooterFunc(func() {
		pdf.SetTextColor(110, 110, 110)
		foot := fmt.Sprintf("POS Doctor · %s · %d", f.VisitID, pdf.PageNo())
		p.text(pageW-margin-p.width(foot, 7), pageH-11, foot, 7, 4)
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()
	p.title(zh(title.ZH), title.EN, zh(f.Subtitle()))
	for _, s := range f.Sections() {
		p.section(zh(s.ZH), s.EN)
		var half []reports.FormField
		flush := func() {
			if len(half) > 0 {
				p.row(half)
			}
			half = nil
		}
		for _, fd := range s.Fields {
			fd.ZH = zh(fd.ZH)
			if !fd.AsIs { // what people typed stays as stored (台北 is not 臺北)
				fd.Value = zh(fd.Value)
			}
			if fd.Wide {
				flush()
				p.row([]reports.FormField{fd})
				continue
			}
			if half = append(half, fd); len(half) == 2 {
				flush()
			}
		}
		flush()
	}
	note := zh(reports.FormNote)
	p.signatures(float64(len(p.wrap(note, notePt, contentW)))*noteLineMM + 3)
	p.note(note)
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("lay out the form: %w", err)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("write the PDF: %w", err)
	}
	return nil
}

// page lays the form out from the top down. Text is set in runs: Chinese in Droid Sans
// Fallback, everything else in Go Regular, each subset into the file.
type page struct {
	pdf    *fpdf.Fpdf
	widths map[rune]float64    // a character's width at 1 pt, in mm
	zh     func(string) string // the form's Chinese as the reader writes it (Options.Traditional)
}

// fontFor is the font that has r: Droid Sans Fallback has no Latin glyphs, Go Regular no
// Chinese.
func fontFor(r rune) string {
	if r < 0x2E80 {
		return latinFont
	}
	return cjkFont
}

// runeWidth is r's width at size pt, in mm.
func (p *page) runeWidth(r rune, size float64) float64 {
	w, ok := p.widths[r]
	if !ok {
		p.pdf.SetFont(fontFor(r), "", 100)
		w = p.pdf.GetStringWidth(string(r)) / 100
		p.widths[r] = w
	}
	return w * size
}

// width is s's width at size pt, in mm.
func (p *page) width(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		w += p.runeWidth(r, size)
	}
	return w
}

// text writes one line at x, y (its top), h mm high, at size pt, switching fonts by run.
func (p *page) text(x, y float64, s string, size, h float64) {
	pdf := p.pdf
	runes := []rune(s)
	for len(runes) > 0 {
		font, n := fontFor(runes[0]), 1
		for n < len(runes) && fontFor(runes[n]) == font {
			n++
		}
		run := string(runes[:n])
		w := p.width(run, size) // before SetFont: measuring a new character sets another size
		pdf.SetFont(font, "", size)
		pdf.SetXY(x, y)
		pdf.CellFormat(w, h, run, "", 0, "L", false, 0, "")
		x += w
		runes = runes[n:]
	}
}

// centred writes a line centred across the content width and moves below it.
func (p *page) centred(s string, size, h float64) {
	y := p.pdf.GetY()
	p.text(margin+(contentW-p.width(s, size))/2, y, s, size, h)
	p.pdf.SetXY(margin, y+h)
}

// room starts a new page unless h millimetres fit above the footer.
func (p *page) room(h float64) {
	if p.pdf.GetY()+h > bottom {
		p.pdf.AddPage()
	}
}

func (p *page) title(zh, en, sub string) {
	p.centred(zh, 17, 9)
	p.centred(en, 11, 6)
	p.centred(sub, 8, 6)
}

func (p *page) section(zh, en string) {
	pdf := p.pdf
	p.room(7 + minRowH)
	y := pdf.GetY() + 2
	pdf.SetFillColor(sectionFill, sectionFill, sectionFill)
	pdf.Rect(margin, y, contentW, 7, "FD")
	p.text(margin+pad, y, zh+"  "+en, 10, 7)
	pdf.SetXY(margin, y+7)
}

// row draws one row: a wide box, or two label-and-value pairs side by side.
func (p *page) row(fields []reports.FormField) {
	pdf := p.pdf
	vw := valueW
	if len(fields) == 1 && fields[0].Wide {
		vw = wideW
	}
	h := minRowH
	values := make([][]string, len(fields))
	labels := make([][]string, len(fields))
	for i, fd := range fields {
		values[i] = p.wrap(fd.Value, valuePt, vw-2*pad)
		h = max(h, float64(len(values[i]))*lineMM+2*pad)
		labels[i] = append(p.wrap(fd.ZH, labelPt, labelW-2*pad), p.wrap(fd.EN, labelPt, labelW-2*pad)...)
		h = max(h, float64(len(labels[i]))*labelLineMM+2*pad)
	}
	p.room(h)
	x, y := margin, pdf.GetY()
	for i, fd := range fields {
		pdf.SetFillColor(labelFill, labelFill, labelFill)
		pdf.Rect(x, y, labelW, h, "FD")
		for j, l := range labels[i] {
			p.text(x+pad, y+pad+float64(j)*labelLineMM, l, labelPt, labelLineMM)
		}
		x += labelW
		pdf.Rect(x, y, vw, h, "D")
		if fd.Hand {
			pdf.SetTextColor(stampGrey, stampGrey, stampGrey)
		}
		for j, l := range values[i] {
			p.text(x+pad, y+pad+float64(j)*lineMM, l, valuePt, lineMM)
		}
		pdf.SetTextColor(0, 0, 0)
		x += vw
	}
	if len(fields) == 1 && !fields[0].Wide { // half a row: the other half stays an empty box
		pdf.Rect(x, y, labelW+valueW, h, "D")
	}
	pdf.SetXY(margin, y+h)
}

// signatures draws the merchant's empty boxes: stamp, signature, date. They give up some
// height (down to minSignatureH, room enough for a stamp) so that they and the note below,
// noteH high, still fit on the page.
func (p *page) signatures(noteH float64) {
	pdf := p.pdf
	h := signatureH
	if left := noteBottom - pdf.GetY() - 9 - noteH; left < h && left >= minSignatureH {
		h = left
	}
	p.section(p.zh("商户确认"), "Merchant")
	p.room(h)
	y := pdf.GetY()
	for i, s := range reports.FormSignatures {
		x := margin + float64(i)*signatureW
		pdf.Rect(x, y, signatureW, h, "D")
		p.text(x+pad, y+pad, p.zh(s.ZH)+"  "+s.EN, labelPt, labelLineMM)
	}
	pdf.SetXY(margin, y+h)
}

// the note under the form: its size and line height
const (
	notePt     = 7.5
	noteLineMM = 3.5
)

func (p *page) note(text string) {
	pdf := p.pdf
	const size, h = notePt, noteLineMM
	lines := p.wrap(text, size, contentW)
	// the note may use the room down to the footer line
	if pdf.GetY()+float64(len(lines))*h+3 > noteBottom {
		pdf.AddPage()
	}
	y := pdf.GetY() + 3
	pdf.SetTextColor(80, 80, 80)
	for j, l := range lines {
		p.text(margin, y+float64(j)*h, l, size, h)
	}
	pdf.SetTextColor(0, 0, 0)
	pdf.SetXY(margin, y+float64(len(lines))*h)
}

// wrap breaks s into lines no wider than w at size pt: at a line break, else between any two
// Chinese characters, else at a space (a Latin word is not cut unless it alone is too wide).
// fpdf's SplitText drops the Chinese character it breaks at, so it is not used.
func (p *page) wrap(s string, size, w float64) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		runes := []rune(para)
		if len(runes) == 0 {
			out = append(out, "")
			continue
		}
		for len(runes) > 0 {
			n, width := 0, 0.0
			for n < len(runes) {
				cw := p.runeWidth(runes[n], size)
				if width+cw > w && n > 0 {
					break
				}
				width += cw
				n++
			}
			// no line starts with closing punctuation (。，、 ）…): it hangs at the end of this one
			for n < len(runes) && closing(runes[n]) {
				n++
			}
			if n < len(runes) && wordRune(runes[n-1]) && wordRune(runes[n]) {
				for k := n - 1; k > 0; k-- {
					if unicode.IsSpace(runes[k]) {
						n = k + 1
						break
					}
				}
			}
			out = append(out, strings.TrimRightFunc(string(runes[:n]), unicode.IsSpace))
			runes = []rune(strings.TrimLeftFunc(string(runes[n:]), unicode.IsSpace))
		}
	}
	return out
}

// wordRune is a character of a word that a line should not be broken inside: Latin letters,
// digits and their punctuation, not Chinese.
func wordRune(r rune) bool {
	return !unicode.IsSpace(r) && r < 0x2E80
}

// closing is punctuation a Chinese line must not start with.
func closing(r rune) bool {
	return strings.ContainsRune("。，、；：？！）】」』》〉…’”.,;:?!)]}%", r)
}

// unpackCJKFont returns Droid Sans Fallback, unpacked from assets.FormFontGzip: a copy for
// this form only, dropped with it.
func unpackCJKFont() ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(assets.FormFontGzip))
	if err != nil {
		return nil, fmt.Errorf("the forms' font: %w", err)
	}
	font, err := io.ReadAll(io.LimitReader(zr, 16<<20))
	if err != nil {
		return nil, fmt.Errorf("the forms' font: %w", err)
	}
	return font, nil
}
