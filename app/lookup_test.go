package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
)

func richText(s *LookupScreen) string { return allText(s.Detail) }

func TestLookupSearchesAsYouType(t *testing.T) {
	newTestApp(t)
	book, err := codebook.Default()
	if err != nil {
		t.Fatal(err)
	}
	ui := locale.ZH
	s := NewLookupScreen(book, func() locale.Lang { return ui })
	var ran []diagnostics.StepID
	s.RunCheck = func(ids []diagnostics.StepID) { ran = ids }
	test.NewTempWindow(t, s.Root())

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
	if d := richText(s); !strings.Contains(d, "商戶") {
		t.Errorf("Traditional detail: %q", d)
	}
	s.Query.SetText("")
	test.Type(s.Query, "zzqqxx")
	if !strings.Contains(s.Status.Text, "No match") {
		t.Errorf("no-match status %q", s.Status.Text)
	}
}
