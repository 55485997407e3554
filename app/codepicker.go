package app

import (
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
	"posdoctor/reports"
)

// codeSuggestions is how many of the code book's entries the picker offers for what is typed.
const codeSuggestions = 5

// codePicker adds codes seen on the terminal to a visit. What is typed is searched in the code
// book as it is typed (codebook.Book.Search, as on the Look up screen) and the best entries are
// offered as buttons; Add (or Enter) takes the entry the text names exactly (its code, or a
// prompt or title as the screen shows it), or else keeps the text as typed, marked as not in
// the code book. UI goroutine.
type codePicker struct {
	book func() *codebook.Book // nil until the app has loaded it
	ui   func() locale.Lang
	add  func(reports.CodeSeen) // adds a code to the visit

	Query       *widget.Entry
	Add         *widget.Button
	Hint        *widget.Label   // what Add will do with the text
	Suggestions *fyne.Container // a button per entry offered
	offered     []codebook.Result
	root        fyne.CanvasObject
}

func newCodePicker(book func() *codebook.Book, ui func() locale.Lang, add func(reports.CodeSeen)) *codePicker {
	p := &codePicker{book: book, ui: ui, add: add}
	p.Query = widget.NewEntry()
	p.Query.SetPlaceHolder(lang.L("Code or prompt seen, e.g. 03 or 无效商户"))
	p.Query.OnChanged = func(string) { p.suggest() }
	p.Query.OnSubmitted = func(string) { p.addTyped() }
	p.Add = widget.NewButton(lang.L("Add"), p.addTyped)
	p.Hint = widget.NewLabel("")
	p.Hint.Wrapping = fyne.TextWrapWord
	p.Hint.Hide()
	p.Suggestions = container.NewVBox()
	p.root = container.NewVBox(container.NewBorder(nil, nil, nil, p.Add, p.Query), p.Hint, p.Suggestions)
	return p
}

// suggest offers the book's entries for what is typed and says what Add would do with it.
func (p *codePicker) suggest() {
	q := strings.TrimSpace(p.Query.Text)
	p.offered = nil
	p.Suggestions.RemoveAll()
	if q == "" {
		p.Hint.Hide()
		return
	}
	book := p.book()
	if book == nil {
		p.Hint.SetText(lang.L("The code book is loading…"))
		p.Hint.Show()
		return
	}
	p.offered = book.Search(q, codeSuggestions)
	for _, r := range p.offered {
		b := widget.NewButtonWithIcon(codeText(r.Entry.Code, bookText(p.ui(), r.Entry.Title(p.ui()))), theme.ContentAddIcon(),
			func() { p.pick(seenFromBook(r.Entry, q, r.Match)) })
		b.Alignment = widget.ButtonAlignLeading
		p.Suggestions.Add(b)
	}
	if c, ok := resolveCode(book, q); ok {
		p.Hint.SetText(lang.L("Add: {{.Code}}", map[string]any{"Code": codeText(c.Code, p.title(c))}))
	} else if len(p.offered) > 0 {
		p.Hint.SetText(lang.L("Not in the code book: Add keeps it as typed, or pick an entry below"))
	} else {
		p.Hint.SetText(lang.L("Not in the code book: Add keeps it as typed"))
	}
	p.Hint.Show()
}

// addTyped adds the entry the text names exactly, else the text as typed.
func (p *codePicker) addTyped() {
	q := strings.TrimSpace(p.Query.Text)
	if q == "" {
		return
	}
	c, ok := resolveCode(p.book(), q)
	if !ok {
		c = reports.CodeSeen{Code: typedCode(q)}
		if c.Code != q {
			c.Prompt = q
		}
	}
	p.pick(c)
}

func (p *codePicker) pick(c reports.CodeSeen) {
	p.Query.SetText("") // empties the hint and the suggestions
	p.add(c)
}

// title is a code's title in the UI language: the book's, else the one kept with it.
func (p *codePicker) title(c reports.CodeSeen) string {
	return codeTitle(p.book(), p.ui(), c)
}

// codeText is a code with its title, the title left out when it is the code itself (a prompt
// without a code is its own title: "无效商户", not "无效商户  无效商户").
func codeText(code, title string) string {
	if title == "" || codeKey(title) == codeKey(code) {
		return code
	}
	return code + "  " + title
}

// codeTitle is a code's title in ui: the book's when it knows the code, else the title kept
// with it (a visit saved with an older book), else "".
func codeTitle(book *codebook.Book, ui locale.Lang, c reports.CodeSeen) string {
	if book != nil {
		if e, ok := book.Lookup(c.Code); ok {
			return bookText(ui, e.Title(ui))
		}
	}
	t := c.TitleZH
	if ui == locale.EN && c.TitleEN != "" || t == "" {
		t = c.TitleEN
	}
	return bookText(ui, t)
}

// inBook reports whether the code book knows c; without a book, whether c was picked from one
// (it kept the book's title).
func inBook(book *codebook.Book, c reports.CodeSeen) bool {
	if book == nil {
		return c.TitleZH != "" || c.TitleEN != ""
	}
	_, ok := book.Lookup(c.Code)
	return ok
}

// resolveCode is the book's entry that q names exactly (codebook.Book.Resolve, as
// `incidents --code` reads it): its code ("ａ０" is A0), or the text a terminal shows or the
// entry's title ("无效商户" is the prompt, which stands for 03).
func resolveCode(book *codebook.Book, q string) (reports.CodeSeen, bool) {
	r, ok := book.Resolve(q)
	if !ok {
		return reports.CodeSeen{}, false
	}
	return seenFromBook(r.Entry, q, r.Match), true
}

// seenFromBook is the code seen for entry e, found by searching q: q is kept as the prompt
// when it is what the screen showed (the entry's prompt or title, or its code and text), not
// when it was a word searched for.
func seenFromBook(e codebook.Entry, q string, m codebook.Match) reports.CodeSeen {
	c := reports.CodeSeen{Code: e.Code, TitleZH: e.TitleZH, TitleEN: e.TitleEN}
	if (m == codebook.MatchPrompt || m == codebook.MatchCodeAndText) && codeKey(q) != codeKey(e.Code) {
		c.Prompt = q
	}
	return c
}

// codeKey is the form codes are compared in, so that "ａ０", "a0" and "A0" are one code.
func codeKey(code string) string {
	if k := codebook.NormalizeCode(code); k != "" {
		return k
	}
	return strings.TrimSpace(code)
}

// typedCode is a code the book does not know, as it is kept: full-width letters and digits
// folded to ASCII, and a code-like word ("zz9", "e-12") in upper case as terminals show codes;
// other text (a prompt, words) as typed.
func typedCode(q string) string {
	folded := locale.FoldWidth(strings.TrimSpace(q))
	for _, r := range folded {
		if !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_')) {
			return strings.Join(strings.Fields(folded), " ")
		}
	}
	return strings.ToUpper(folded)
}
