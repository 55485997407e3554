package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"posdoctor/diagnostics"
	"posdoctor/internal/simtest"
	"posdoctor/locale"
	"posdoctor/reports"
	"posdoctor/serialio/termsim"
)

// newCodesScreen is the Incident screen on a store, with the code book, in lang.
func newCodesScreen(t *testing.T, l locale.Lang) (*IncidentScreen, *reports.Store, uiQueue) {
	t.Helper()
	newTestApp(t)
	store := newTestStore(t)
	s, q := newIncidentScreen(t, store, l)
	book := newTestBook(t)
	s.Use(store, nil, book)
	s.Start()
	t.Cleanup(s.Stop)
	return s, store, q
}

// seenTexts are the rows of the codes seen, as shown.
func seenTexts(s *IncidentScreen) []string {
	var out []string
	for _, r := range s.seenRows {
		out = append(out, r.Text.Text)
	}
	return out
}

func seenCodes(inc *reports.Incident) []string {
	var out []string
	for _, c := range inc.Codes {
		out = append(out, c.Code)
	}
	return out
}

// TestIncidentCodesFromTheBook: codes seen are picked from the code book, typed in any case,
// width or script ("ａ０" is A0, 無效商戶 is 无效商户), never twice; text the book
// does not know is kept, marked as not in the code book; every code can be removed; and each
// change is saved.
func TestIncidentCodesFromTheBook(t *testing.T) {
	s, store, q := newCodesScreen(t, locale.EN)

	add := func(typed string) {
		t.Helper()
		test.Type(s.CodeQuery, typed)
		s.CodeQuery.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		if s.CodeQuery.Text != "" {
			t.Fatalf("%q stays in the entry after Enter", typed)
		}
	}
	add("ａ０")
	add("a0")
	add(" A0 ")
	add("zz9")
	add("无效商户") // the book's entry for the prompt
	add("無效商戶")
	add("03")
	add("3")
	if got, want := seenCodes(s.Incident()), []string{"A0", "ZZ9", "无效商户", "03"}; !slices.Equal(got, want) {
		t.Fatalf("codes seen %q, want %q", got, want)
	}
	texts := seenTexts(s)
	for i, marked := range []bool{false, true, false, false} {
		if got := strings.Contains(texts[i], "not in the code book"); got != marked {
			t.Errorf("row %q: marked not in the code book %v, want %v", texts[i], got, marked)
		}
	}
	if !strings.HasPrefix(texts[0], "A0  ") || texts[0] == "A0  " || !strings.HasPrefix(texts[3], "03  ") {
		t.Errorf("rows %q lack the book's titles", texts)
	}
	if !strings.Contains(s.Status.Text, "already listed") {
		t.Errorf("adding 03 again says %q", s.Status.Text)
	}

	// typing offers the book's entries; tapping one adds it, without the word searched for as a prompt
	test.Type(s.CodeQuery, "paper")
	if len(s.codes.offered) == 0 || len(s.codes.Suggestions.Objects) != len(s.codes.offered) {
		t.Fatalf("typing paper offers %d entries, %d buttons", len(s.codes.offered), len(s.codes.Suggestions.Objects))
	}
	if !strings.Contains(s.codes.Hint.Text, "Not in the code book") {
		t.Errorf("hint for paper: %q", s.codes.Hint.Text)
	}
	first := s.codes.offered[0].Entry
	test.Tap(s.codes.Suggestions.Objects[0].(*widget.Button))
	last := s.Incident().Codes[len(s.Incident().Codes)-1]
	if last.Code != first.Code || last.Prompt != "" || len(s.codes.Suggestions.Objects) != 0 || s.codes.Hint.Visible() {
		t.Errorf("picked %+v, want %s; %d suggestions left", last, first.Code, len(s.codes.Suggestions.Objects))
	}
	test.Type(s.CodeQuery, "ｈ１")
	if !strings.HasPrefix(s.codes.Hint.Text, "Add: H1") {
		t.Errorf("hint for ｈ１: %q", s.codes.Hint.Text)
	}
	s.CodeQuery.SetText("")

	// remove ZZ9: gone from the screen and from the store
	test.Tap(s.seenRows[1].Remove)
	want := []string{"A0", "无效商户", "03", first.Code}
	if got := seenCodes(s.Incident()); !slices.Equal(got, want) || len(s.seenRows) != 4 {
		t.Fatalf("after removing ZZ9: %q, %d rows", got, len(s.seenRows))
	}
	id := s.Incident().ID
	q.waitFor(t, "the removal to be saved", func() bool {
		got, err := store.Get(context.Background(), id)
		return err == nil && slices.Equal(seenCodes(got), want)
	})
}

// TestIncidentShowsFoundCodes: the codes the checklist found are listed beside those seen,
// read-only, and stay out of the codes seen (the store keeps them with their runs).
func TestIncidentShowsFoundCodes(t *testing.T) {
	s, store, q := newCodesScreen(t, locale.ZH)
	if len(s.FoundCodes.Objects) != 1 || !strings.Contains(s.FoundCodes.Objects[0].(*widget.Label).Text, "run the checklist") {
		t.Errorf("found codes before a run: %d rows", len(s.FoundCodes.Objects))
	}
	client, _ := simtest.Start(t, termsim.Config{Faults: simtest.Faults(t, "paper-out"), Speed: 50})
	cl := &diagnostics.Checklist{Term: client, Op: diagnostics.AutoOperator{}, Steps: []diagnostics.StepID{diagnostics.StepLink, diagnostics.StepTerminal, diagnostics.StepPrinter}}
	s.AddReport(cl.Run(context.Background()))
	test.Type(s.CodeQuery, "P1")
	s.CodeQuery.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})

	var found []string
	for _, o := range s.FoundCodes.Objects {
		l := o.(*widget.Label)
		found = append(found, l.Text)
	}
	if !slices.ContainsFunc(found, func(t string) bool { return strings.HasPrefix(t, "P1  ") && containsHan(t) }) {
		t.Fatalf("found codes %q lack P1 with its Chinese title", found)
	}
	if got := seenCodes(s.Incident()); !slices.Equal(got, []string{"P1"}) {
		t.Errorf("codes seen %q: found codes must not be copied into them", got)
	}
	id := s.Incident().ID
	q.waitFor(t, "the visit to be saved", func() bool {
		got, err := store.Get(context.Background(), id)
		return err == nil && len(got.Runs) == 1 && len(got.Codes) == 1
	})
	list, err := store.List(context.Background(), reports.Filter{Code: "P1"})
	if err != nil || len(list) != 1 {
		t.Errorf("the visit is not listed under P1: %v %v", list, err)
	}
}
