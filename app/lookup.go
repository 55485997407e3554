package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
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
	Detail   *fyne.Container // the chosen entry: a column of labels
	Status   *widget.Label
	CheckBtn *widget.Button
	results  []codebook.Result
	checks   []diagnostics.StepID
	root     fyne.CanvasObject
}

// NewLookupScreen builds the screen on book; uiLang says which language to show.
func NewLookupScreen(book *codebook.Book, uiLang func() locale.Lang) *LookupScreen {
	s := &LookupScreen{book: book, lang: uiLang}
	s.Query = widget.NewEntry()
	s.Query.SetPlaceHolder(lang.L("Type a code or what the terminal shows: 03, a0, 无效商户, paper out…"))
	s.Query.OnChanged = s.search
	s.Status = widget.NewLabel("")
	s.Detail = container.NewVBox()
	s.CheckBtn = widget.NewButton(lang.L("Run the check that confirms it"), func() {
		if s.RunCheck != nil && len(s.checks) > 0 {
			s.RunCheck(s.checks)
		}
	})
	s.CheckBtn.Hide()
	s.Results = widget.NewList(
		func() int { return len(s.results) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			e := s.results[i].Entry
			o.(*widget.Label).SetText(e.Code + "  " + s.text(e.Title(s.lang())))
		},
	)
	s.Results.OnSelected = func(i widget.ListItemID) { s.show(s.results[i].Entry) }
	split := container.NewHSplit(s.Results, container.NewBorder(nil, s.CheckBtn, nil, nil, container.NewVScroll(s.Detail)))
	split.Offset = 0.35
	s.root = container.NewBorder(container.NewVBox(s.Query, s.Status), nil, nil, nil, split)
	return s
}

// Root is the screen's root object.
func (s *LookupScreen) Root() fyne.CanvasObject { return s.root }

func (s *LookupScreen) text(t string) string { return bookText(s.lang(), t) }

// SetBook gives the screen the code book once it has loaded (the app loads it after the
// window shows) and runs the search typed meanwhile. UI goroutine.
func (s *LookupScreen) SetBook(b *codebook.Book) {
	s.book = b
	s.search(s.Query.Text)
}

func (s *LookupScreen) search(q string) {
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
		if len(s.results) == 0 {
			s.results = s.book.Closest(q, 5)
			s.Status.SetText(lang.L("No match. Closest entries:"))
		} else {
			s.Status.SetText(lang.L("{{.N}} results", map[string]any{"N": len(s.results)}))
		}
	}
	s.Results.UnselectAll()
	s.Results.Refresh()
	if len(s.results) > 0 {
		s.Results.Select(0)
	} else {
		s.Detail.RemoveAll()
		s.CheckBtn.Hide()
	}
}

// show renders one entry as labels: book text is shown as it is, never parsed as markup.
func (s *LookupScreen) show(e codebook.Entry) {
	l := s.lang() // the book has Simplified only: Traditional is converted (s.text)
	s.Detail.RemoveAll()
	heading := func(t string) {
		title := widget.NewRichText(&widget.TextSegment{Style: widget.RichTextStyleHeading, Text: t})
		title.Wrapping = fyne.TextWrapWord
		s.Detail.Add(title)
	}
	sub := func(t string) {
		s.Detail.Add(widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	para := func(t string) {
		if t != "" {
			lb := widget.NewLabel(s.text(t))
			lb.Wrapping = fyne.TextWrapWord
			s.Detail.Add(lb)
		}
	}
	heading(e.Code + "  " + s.text(e.Title(l)))
	para(e.Meaning(l))
	if len(e.Display) > 0 {
		para(lang.L("Terminal shows:") + " " + strings.Join(e.Display, " / "))
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
		para(strings.Join(who, ", "))
	}
	if len(e.Actions) > 0 {
		sub(lang.L("What to do"))
		for i, a := range e.Actions {
			para(fmt.Sprintf("%d. %s", i+1, a.In(l)))
		}
	}
	sub(lang.L("Safe to retry?"))
	para(e.Retry.Label().In(l) + " " + e.RetryNote.In(l))
	if e.Conflict || len(e.Variants) > 0 {
		sub(lang.L("Sources disagree"))
		para(e.ConflictNote.In(l))
		for _, v := range e.Variants {
			src := v.Source
			if so, ok := s.book.Source(v.Source); ok && so.Title != "" {
				src = so.Title
			}
			para(fmt.Sprintf("• %s: %s %s", src, v.Title(l), v.Meaning(l)))
		}
	}
	if len(e.Related) > 0 {
		sub(lang.L("Related"))
		para(strings.Join(e.Related, ", "))
	}
	s.Detail.Refresh()
	s.checks = s.checks[:0]
	var names []string
	for _, id := range e.Checks {
		s.checks = append(s.checks, id)
		names = append(names, id.Title().In(s.lang()))
	}
	if s.RunCheck != nil && len(s.checks) > 0 {
		s.CheckBtn.SetText(lang.L("Run the check that confirms it") + ": " + strings.Join(names, ", "))
		s.CheckBtn.Show()
	} else {
		s.CheckBtn.Hide()
	}
}
