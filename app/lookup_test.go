package app

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"posdoctor/diagnostics"
	"posdoctor/locale"
)

// richText is the detail's text as given to its labels, before wrapping, with the related
// codes' and sources' link texts.
func richText(s *LookupScreen) string {
	var b strings.Builder
	p := s.Detail.Layout.(*paragraphs)
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			if st, ok := p.texts[w]; ok && st.set == w.Text {
				b.WriteString(st.src + "\n")
			} else {
				b.WriteString(w.Text + "\n")
			}
		case *widget.Button:
			b.WriteString(w.Text + "\n")
		case *widget.Hyperlink:
			b.WriteString(w.Text + "\n")
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		}
	}
	walk(s.Detail)
	return b.String()
}

// newLookup is the Look up screen on the built-in book in a window of a laptop's size.
func newLookup(t *testing.T, ui *locale.Lang) *LookupScreen {
	t.Helper()
	newTestApp(t)
	book := newTestBook(t)
	s := NewLookupScreen(book, func() locale.Lang { return *ui })
	w := test.NewTempWindow(t, s.Root())
	w.Resize(fyne.NewSize(900, 640))
	return s
}

func typeQuery(s *LookupScreen, q string) {
	s.Query.SetText("")
	test.Type(s.Query, q)
}

func TestLookupSearchesAsYouType(t *testing.T) {
	newTestApp(t)
	book := newTestBook(t)
	ui := locale.ZH
	s := NewLookupScreen(book, func() locale.Lang { return ui })
	var ran []diagnostics.StepID
	s.RunCheck = func(ids []diagnostics.StepID) { ran = ids }
	test.NewTempWindow(t, s.Root()).Resize(fyne.NewSize(900, 640))

	for _, tc := range []struct{ typed, code string }{
		{"无效商户", "03"},
		{"無效商戶", "03"},
		{"3", "03"},
		{"a0", "A0"},
		{"paper out", "P1"},
	} {
		s.Query.SetText("")
		test.Type(s.Query, tc.typed)
		if len(s.results) == 0 {
			t.Errorf("typed %q: no results", tc.typed)
			continue
		}
		// the top entry is the code itself, or the prompt that stands for it
		if top := s.results[0].Entry; top.Code != tc.code && !slices.Contains(top.Related, tc.code) {
			t.Errorf("typed %q: top result %s (related %v), want %s", tc.typed, top.Code, top.Related, tc.code)
		}
	}
	s.Query.SetText("")
	test.Type(s.Query, "03")
	detail := richText(s)
	if !strings.Contains(detail, "03") || !strings.Contains(detail, "商户") {
		t.Errorf("detail for 03: %q", detail)
	}
	if !s.CheckBtn.Visible() {
		t.Fatal("no button to run the confirming check")
	}
	test.Tap(s.CheckBtn)
	if len(ran) == 0 {
		t.Fatal("the confirming check did not run")
	}

	ui = locale.ZHTW // Traditional UI shows the book converted
	s.Query.SetText("")
	test.Type(s.Query, "03")
	if d := richText(s); !strings.Contains(d, "商店") {
		t.Errorf("Traditional detail: %q", d)
	}
	s.Query.SetText("")
	test.Type(s.Query, "zzqqxx")
	if !strings.Contains(s.Status.Text, "No match") {
		t.Errorf("no-match status %q", s.Status.Text)
	}
}

// TestLookupScrollsToTitle: a new entry opens at its title, wherever the last one was scrolled.
func TestLookupScrollsToTitle(t *testing.T) {
	ui := locale.ZH
	s := newLookup(t, &ui)
	typeQuery(s, "03")
	s.Scroll.ScrollToBottom()
	if s.Scroll.Offset.Y == 0 {
		t.Fatal("the entry for 03 does not scroll: the test shows nothing")
	}
	typeQuery(s, "a0")
	if s.Scroll.Offset.Y != 0 {
		t.Errorf("a new query opens its entry scrolled to %v, want the top", s.Scroll.Offset)
	}
	typeQuery(s, "交易")
	s.Scroll.ScrollToBottom()
	s.Results.Select(1) // another entry of the same list
	if s.Scroll.Offset.Y != 0 {
		t.Errorf("choosing another entry keeps the scroll at %v, want the top", s.Scroll.Offset)
	}
}

// TestLookupGibberishIsNoMatch: below the book's relevance threshold the screen says there is
// no match, lists the closest entries without opening one and says what to try; real queries,
// typos included, still open their entry.
func TestLookupGibberishIsNoMatch(t *testing.T) {
	ui := locale.EN
	s := newLookup(t, &ui)
	for _, q := range []string{"qwzx", "asdfgh", "asdf", "qwer", "龘靐齉", "鬱鬱蔥蔥"} {
		typeQuery(s, q)
		d := richText(s)
		if !strings.Contains(s.Status.Text, "No match") || len(s.results) == 0 {
			t.Errorf("%q: status %q with %d closest entries, want no match and suggestions", q, s.Status.Text, len(s.results))
		}
		if !strings.Contains(d, "Nothing in the code book matches") || !strings.Contains(d, "Try the code (03, A0, H1)") {
			t.Errorf("%q: detail %q, want the advice of what to try", q, d)
		}
		if strings.Contains(d, "What to do") || s.CheckBtn.Visible() {
			t.Errorf("%q: an entry was opened in full:\n%s", q, d)
		}
	}
	for q, want := range map[string]string{"papr out": "Printer out of paper", "无效商护": "Invalid merchant", "h1": "H1  ", "mac error": "MAC"} {
		typeQuery(s, q)
		if d := richText(s); !strings.Contains(s.Status.Text, "result") || !strings.HasPrefix(d, want) && !strings.Contains(strings.SplitN(d, "\n", 2)[0], want) {
			t.Errorf("%q: status %q, heading %q, want %q", q, s.Status.Text, strings.SplitN(d, "\n", 2)[0], want)
		}
	}
}

// TestLookupPromptNamedOnce: a prompt's code is its own text, so its name is shown once.
func TestLookupPromptNamedOnce(t *testing.T) {
	ui := locale.ZH
	s := newLookup(t, &ui)
	for _, tc := range []struct {
		ui           locale.Lang
		query, title string
	}{
		{locale.ZH, "无效商户", "无效商户"},
		{locale.ZHTW, "無效商戶", "無效商店"},
		{locale.EN, "无效商户", "无效商户  Invalid merchant"},
		{locale.ZH, "03", "03  无效商户"},
	} {
		ui = tc.ui
		typeQuery(s, tc.query)
		if h := strings.SplitN(richText(s), "\n", 2)[0]; h != tc.title {
			t.Errorf("%s %q: heading %q, want %q", tc.ui, tc.query, h, tc.title)
		}
		if row := s.name(s.results[0].Entry); row != tc.title {
			t.Errorf("%s %q: list row %q, want %q", tc.ui, tc.query, row, tc.title)
		}
	}
}

// TestLookupRelatedOpen: related codes are links that open their entries.
func TestLookupRelatedOpen(t *testing.T) {
	ui := locale.ZH
	s := newLookup(t, &ui)
	typeQuery(s, "无效商户")
	if len(s.Related) == 0 {
		t.Fatal("no related codes to open")
	}
	var to03 *widget.Hyperlink
	for _, b := range s.Related {
		if b.Text == "03  无效商户" {
			to03 = b
		}
	}
	if to03 == nil {
		t.Fatalf("related buttons %v, want one for 03 named by its title", s.Related)
	}
	s.Scroll.ScrollToBottom()
	test.TapAt(to03, fyne.NewPos(theme.InnerPadding()+4, to03.Size().Height/2)) // on the text
	if h := strings.SplitN(richText(s), "\n", 2)[0]; h != "03  无效商户" || s.Query.Text != "03" || s.Scroll.Offset.Y != 0 {
		t.Errorf("after tapping 03: heading %q, query %q, scroll %v", h, s.Query.Text, s.Scroll.Offset)
	}
}

// TestLookupSourcesReadable: sources show their kind and name in the UI language, a link where
// they have an address, never the book's notes (repository paths, how they were found).
func TestLookupSourcesReadable(t *testing.T) {
	for _, tc := range []struct {
		ui   locale.Lang
		want []string
	}{
		{locale.ZH, []string{"现场文章：POS机显示错误代码的含义与处理", "银联规范：银联卡受理终端规范", "03无效商户：商户长时间"}},
		{locale.ZHTW, []string{"現場文章：POS機顯示錯誤代碼的含義與處理", "03無效商店：商店長時間"}},
		{locale.EN, []string{"Sources", "field article: What POS error codes mean", "UnionPay spec: ", "Terminal shows: 无效商户 / "}},
	} {
		ui := tc.ui
		s := newLookup(t, &ui)
		typeQuery(s, "03")
		d := richText(s)
		for _, w := range tc.want {
			if !strings.Contains(d, w) {
				t.Errorf("%s: detail lacks %q:\n%s", tc.ui, w, d)
			}
		}
		for _, bad := range []string{"shared/", "seeds", "found by", "public code search", ".md"} {
			if strings.Contains(d, bad) {
				t.Errorf("%s: detail shows %q:\n%s", tc.ui, bad, d)
			}
		}
		links := 0
		for _, o := range s.Detail.Objects {
			if h, ok := o.(*widget.Hyperlink); ok && h.URL != nil && strings.HasPrefix(h.URL.String(), "http") {
				links++
			}
		}
		if links == 0 {
			t.Errorf("%s: no source links to open", tc.ui)
		}
	}
}

// The punctuation Chinese typesetting keeps off the start and the end of a line.
const (
	mustNotBegin = "，。、；：！？）」』》”,.;:!?)"
	mustNotEnd   = "（「『《“("
)

// checkLines fails when a wrapped line begins with punctuation that closes or is only such
// punctuation (a lone "。"), or ends with punctuation that opens.
func checkLines(t *testing.T, what string, lines []string) {
	t.Helper()
	for i, l := range lines {
		rs := []rune(strings.TrimSpace(l))
		if len(rs) == 0 {
			t.Errorf("%s: empty line %d in %q", what, i, lines)
			continue
		}
		if i > 0 && strings.ContainsRune(mustNotBegin, rs[0]) {
			t.Errorf("%s: line %d %q begins with %q: %q", what, i, l, rs[0], lines)
		}
		if i < len(lines)-1 && strings.ContainsRune(mustNotEnd, rs[len(rs)-1]) {
			t.Errorf("%s: line %d %q ends with %q", what, i, l, rs[len(rs)-1])
		}
	}
}

// TestWrapLinesKeepsPunctuation wraps every text of the book at many widths: no line begins
// with "。", ",", ")" or ends with "(", and nothing is lost but spaces at the breaks.
func TestWrapLinesKeepsPunctuation(t *testing.T) {
	measure := func(s string) float32 { // Chinese two units wide, the rest one
		w := float32(0)
		for _, r := range s {
			w++
			if locale.RuneWidth(r) == 2 {
				w++
			}
		}
		return w
	}
	book := newTestBook(t)
	texts := []string{"主机不认这个商户。", "商户资料改好之前,任何卡都会失败。", "在终端状态里核对商户号(15位)和终端号(8位)"}
	for _, e := range book.Entries() {
		texts = append(texts, e.MeaningZH, e.MeaningEN, e.RetryNote.ZH)
		for _, a := range e.Actions {
			texts = append(texts, a.ZH)
		}
	}
	squash := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
	}
	for _, text := range texts {
		if text == "" {
			continue
		}
		for width := float32(8); width <= 60; width += 3 {
			lines := locale.Wrap(text, width, measure, true)
			checkLines(t, text, lines)
			if squash(strings.Join(lines, "")) != squash(text) {
				t.Errorf("wrapping %q at %v lost text: %q", text, width, lines)
			}
			for _, l := range lines {
				if measure(l) > width && len(locale.BreakUnits(l)) > 1 {
					t.Errorf("wrapping %q at %v: line %q is %v wide", text, width, l, measure(l))
				}
			}
		}
	}
	// "。" just past the width goes with the character before it, not alone.
	if got := locale.Wrap("主机不认这个商户。", 16, measure, true); len(got) != 2 || got[1] != "户。" {
		t.Errorf("Wrap at 16 = %q, want the last character and its full stop together", got)
	}
}

// TestLookupDetailWraps: the detail's labels are wrapped to the window by those rules.
func TestLookupDetailWraps(t *testing.T) {
	ui := locale.ZH
	s := newLookup(t, &ui)
	typeQuery(s, "03")
	n := 0
	for _, o := range s.Detail.Objects {
		if l, ok := o.(*widget.Label); ok {
			lines := strings.Split(l.Text, "\n")
			n += len(lines) - 1
			checkLines(t, l.Text, lines)
		}
	}
	if n == 0 {
		t.Error("nothing wrapped in the detail of 03 at 900 pixels: the test shows nothing")
	}
}

// TestSentences: Chinese sentences follow one another after "。", English ones after a space;
// empty parts leave no mark.
func TestSentences(t *testing.T) {
	for _, c := range []struct {
		l     locale.Lang
		parts []string
		want  string
	}{
		{locale.ZH, []string{"不要重试，结果不会改变", "同一张卡重试不会成功"}, "不要重试，结果不会改变。同一张卡重试不会成功"},
		{locale.ZHTW, []string{"排除原因後再試", ""}, "排除原因後再試"},
		{locale.EN, []string{"do not retry", " the same card fails "}, "do not retry the same card fails"},
		{locale.ZH, nil, ""},
	} {
		if got := sentences(c.l, c.parts...); got != c.want {
			t.Errorf("sentences(%s, %q) = %q, want %q", c.l, c.parts, got, c.want)
		}
	}
}
