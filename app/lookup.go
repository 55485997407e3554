package app

import (
	"fmt"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
)

// lookupLimit is how many results the Look up screen lists.
const lookupLimit = 20

// LookupScreen searches the offline code book as the user types (codes, Simplified,
// Traditional, English, prompts) and shows the chosen entry in full, with a button that runs
// the checklist step confirming it. Searching is sub-millisecond, so it runs on the UI goroutine.
type LookupScreen struct {
	book *codebook.Book
	lang func() locale.Lang
	// RunCheck runs checklist steps (the Checklist screen's Run); nil hides the button.
	RunCheck func(ids []diagnostics.StepID)

	Query    *widget.Entry
	Results  *widget.List
	Detail   *fyne.Container // the chosen entry: a column of labels, wrapped by paragraphs
	Scroll   *container.Scroll
	Status   *widget.Label
	CheckBtn *widget.Button
	// CheckSteps names the steps CheckBtn runs, cut short with "…" where the screen is narrow.
	CheckSteps *widget.Label
	Related    []*widget.Hyperlink // the shown entry's related codes, each opening its entry
	results    []codebook.Result
	matched    bool // results match the query (false: they are the closest entries, suggestions)
	checks     []diagnostics.StepID
	root       fyne.CanvasObject
}

// NewLookupScreen builds the screen on book; uiLang says which language to show.
func NewLookupScreen(book *codebook.Book, uiLang func() locale.Lang) *LookupScreen {
	s := &LookupScreen{book: book, lang: uiLang}
	s.Query = widget.NewEntry()
	s.Query.SetPlaceHolder(lang.L("Type a code or what the terminal shows: 03, a0, 无效商户, paper out…"))
	s.Query.OnChanged = s.search
	s.Status = widget.NewLabel("")
	s.Detail = container.New(&paragraphs{})
	s.Scroll = container.NewVScroll(s.Detail)
	s.CheckBtn = widget.NewButton(lang.L("Run the check that confirms it"), func() {
		if s.RunCheck != nil && len(s.checks) > 0 {
			s.RunCheck(s.checks)
		}
	})
	s.CheckBtn.Hide()
	s.CheckSteps = widget.NewLabel("")
	s.CheckSteps.Truncation = fyne.TextTruncateEllipsis
	s.CheckSteps.Hide()
	s.Results = widget.NewList(
		func() int { return len(s.results) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(s.name(s.results[i].Entry))
		},
	)
	s.Results.OnSelected = func(i widget.ListItemID) { s.show(s.results[i].Entry) }
	split := container.NewHSplit(s.Results, container.NewBorder(nil, container.NewBorder(nil, nil, s.CheckBtn, nil, s.CheckSteps), nil, nil, s.Scroll))
	split.Offset = 0.35
	s.root = container.NewBorder(container.NewVBox(s.Query, s.Status), nil, nil, nil, split)
	return s
}

// Root is the screen's root object.
func (s *LookupScreen) Root() fyne.CanvasObject { return s.root }

func (s *LookupScreen) text(t string) string { return bookText(s.lang(), t) }

// name is the entry's code and title in the UI language, the title alone where it is the code
// (a prompt's code is its own Chinese text: "无效商户", not "无效商户  无效商户").
func (s *LookupScreen) name(e codebook.Entry) string {
	title := s.text(e.Title(s.lang()))
	if e.Kind == codebook.KindPrompt && codebook.Normalize(e.Code) == codebook.Normalize(title) {
		return title
	}
	return e.Code + "  " + title
}

// SetBook gives the screen the code book once it has loaded (the app loads it after the
// window shows) and runs the search typed meanwhile. UI goroutine.
func (s *LookupScreen) SetBook(b *codebook.Book) {
	s.book = b
	s.search(s.Query.Text)
}

// search lists what matches q (the book's relevance threshold decides, codebook.MinScore) and
// opens the best; with no match it lists the closest entries without opening one, and says
// what to try instead.
func (s *LookupScreen) search(q string) {
	s.matched = false
	if s.book == nil {
		s.results = nil
		s.Status.SetText(lang.L("The code book is loading…"))
		s.Results.Refresh()
		return
	}
	if strings.TrimSpace(q) == "" {
		s.results = nil
		s.Status.SetText("")
	} else {
		s.results = s.book.Search(q, lookupLimit)
		s.matched = len(s.results) > 0
		if !s.matched {
			s.results = s.book.Closest(q, 5)
			s.Status.SetText(lang.L("No match. Closest entries:"))
		} else {
			s.Status.SetText(lang.L("{{.N}} results", map[string]any{"N": len(s.results)}))
		}
	}
	s.Results.UnselectAll()
	s.Results.Refresh()
	s.Results.ScrollToTop()
	switch {
	case s.matched:
		s.Results.Select(0)
	case strings.TrimSpace(q) != "":
		s.clear()
		s.para(lang.L("Nothing in the code book matches “{{.Query}}”.", map[string]any{"Query": strings.TrimSpace(q)}))
		s.para(lang.L("Try the code (03, A0, H1), the words the terminal shows (无效商户, 余额不足) or English (paper out, mac error); or open one of the closest entries on the left."))
	default:
		s.clear()
	}
}

// clear empties the detail and scrolls it back to the top.
func (s *LookupScreen) clear() {
	s.Detail.RemoveAll()
	s.Related = nil
	s.CheckBtn.Hide()
	s.CheckSteps.Hide()
	s.Scroll.ScrollToTop()
}

// para adds a paragraph of text, wrapped as the paragraphs layout does (never parsed as markup).
func (s *LookupScreen) para(t string) {
	if t == "" {
		return
	}
	s.Detail.Add(widget.NewLabel(t))
}

// open shows the entry for code (a related code), as if it had been typed.
func (s *LookupScreen) open(code string) {
	s.Query.SetText(code) // runs the search (OnChanged), which opens the best match
}

// show renders one entry as labels, from its title at the top: book text is shown as it is,
// never parsed as markup.
func (s *LookupScreen) show(e codebook.Entry) {
	l := s.lang() // the book has Simplified only: Traditional is converted (s.text)
	s.clear()
	heading := widget.NewLabelWithStyle(s.name(e), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameHeadingText
	s.Detail.Add(heading)
	sub := func(t string) {
		s.Detail.Add(widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	para := func(t string) { s.para(s.text(t)) }
	para(e.Meaning(l))
	if len(e.Display) > 0 {
		// a full-width colon (终端显示：) takes no space after it; an English one does
		label := lang.L("Terminal shows:")
		if !strings.HasSuffix(label, "：") {
			label += " "
		}
		para(label + strings.Join(e.Display, " / "))
	}
	if len(e.Causes) > 0 {
		sub(lang.L("Likely causes"))
		for _, c := range e.Causes {
			para("• " + c.In(l))
		}
	}
	if len(e.Who) > 0 {
		var who []string
		for _, w := range e.Who {
			who = append(who, w.Label().In(l))
		}
		sub(lang.L("Who acts"))
		para(strings.Join(who, listSep(l)))
	}
	if len(e.Actions) > 0 {
		sub(lang.L("What to do"))
		for i, a := range e.Actions {
			para(fmt.Sprintf("%d. %s", i+1, a.In(l)))
		}
	}
	sub(lang.L("Safe to retry?"))
	para(sentences(l, e.Retry.Label().In(l), e.RetryNote.In(l)))
	if e.Conflict || len(e.Variants) > 0 {
		sub(lang.L("Sources disagree"))
		para(e.ConflictNote.In(l))
		for _, v := range e.Variants {
			src := v.Source
			if so, ok := s.book.Source(v.Source); ok {
				src = so.Label(l)
			}
			colon := "："
			if l == locale.EN {
				colon = ": "
			}
			para("• " + src + " — " + strings.Trim(v.Title(l)+colon+v.Meaning(l), ": ："))
		}
	}
	if len(e.Related) > 0 {
		sub(lang.L("Related"))
		for _, code := range e.Related {
			label := code
			if r, ok := s.book.Lookup(code); ok {
				label = s.name(r)
			}
			h := widget.NewHyperlink(label, nil)
			h.OnTapped = func() { s.open(code) }
			h.Truncation = fyne.TextTruncateEllipsis
			s.Related = append(s.Related, h)
			s.Detail.Add(h)
		}
	}
	if len(e.Sources) > 0 {
		sub(lang.L("Sources"))
		for _, id := range e.Sources {
			so, ok := s.book.Source(id)
			if !ok {
				continue
			}
			label := s.text(so.Label(l))
			if u, err := url.Parse(so.URL); err == nil && so.URL != "" && (u.Scheme == "https" || u.Scheme == "http") {
				h := widget.NewHyperlink(label, u)
				h.Wrapping = fyne.TextWrapWord
				s.Detail.Add(h)
				continue
			}
			s.para(label)
		}
	}
	s.Scroll.Refresh() // lays the new entry out, so the scroll knows its height
	s.Scroll.ScrollToTop()
	s.checks = s.checks[:0]
	var names []string
	for _, id := range e.Checks {
		s.checks = append(s.checks, id)
		names = append(names, id.Title().In(s.lang()))
	}
	if s.RunCheck != nil && len(s.checks) > 0 {
		s.CheckSteps.SetText(strings.Join(names, listSep(l)))
		s.CheckBtn.Show()
		s.CheckSteps.Show()
	}
}

// listSep separates the items of a list in l: "、" in Chinese, ", " in English.
func listSep(l locale.Lang) string {
	if l == locale.EN {
		return ", "
	}
	return "、"
}

// paragraphs lays out a column of objects the full width, like a VBox, and wraps its labels
// itself, as Chinese is set: Fyne's word wrapping breaks only at spaces, and where a line has
// none it breaks at any character, so a sentence that just overflows leaves its "。" alone on
// the next line and a line may begin with "," or ")". A label's Text is re-wrapped at each
// width from the text it was given, with a line break at each wrap.
type paragraphs struct {
	texts map[*widget.Label]wrapState
	width float32 // the width last laid out
}

// wrapState is a label's text as given and as last wrapped.
type wrapState struct{ src, set string }

func (p *paragraphs) wrap(objects []fyne.CanvasObject, width float32) {
	old := p.texts
	p.texts = make(map[*widget.Label]wrapState, len(objects))
	for _, o := range objects {
		l, ok := o.(*widget.Label)
		if !ok {
			continue
		}
		st, ok := old[l]
		if !ok || l.Text != st.set { // new, or given a new text since
			st.src = l.Text
		}
		st.set = wrapped(st.src, l, width)
		if l.Text != st.set {
			l.Text = st.set
			l.Refresh()
		}
		p.texts[l] = st
	}
}

// wrapped is src broken into lines that fit width as label l draws them.
func wrapped(src string, l *widget.Label, width float32) string {
	size := theme.TextSize()
	if l.SizeName != "" {
		size = theme.Size(l.SizeName)
	}
	style := l.TextStyle
	measure := func(s string) float32 { return fyne.MeasureText(s, size, style).Width }
	return strings.Join(locale.Wrap(src, width-2*theme.InnerPadding(), measure, true), "\n")
}

func (p *paragraphs) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	p.width = size.Width
	p.wrap(objects, size.Width)
	y := float32(0)
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + theme.Padding()
	}
}

func (p *paragraphs) MinSize(objects []fyne.CanvasObject) fyne.Size {
	if p.width > 0 {
		p.wrap(objects, p.width)
	}
	var w, h float32
	n := 0
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		if _, ok := o.(*widget.Label); ok {
			m.Width = minParagraph() // text wraps to any width, down to a few characters
		}
		w = max(w, m.Width)
		h += m.Height
		n++
	}
	if n > 1 {
		h += float32(n-1) * theme.Padding()
	}
	return fyne.NewSize(w, h)
}

// minParagraph is the least width a paragraph wraps to: a few Chinese characters.
func minParagraph() float32 {
	return fyne.MeasureText("无效商户无效商户", theme.TextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding()
}

// sentences joins the non-empty parts as the language writes one sentence after another: with
// "。" in Chinese (不要重试，结果不会改变。同一张卡…), with a space in English.
func sentences(l locale.Lang, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	if l == locale.EN {
		return strings.Join(kept, " ")
	}
	return strings.Join(kept, "。")
}
