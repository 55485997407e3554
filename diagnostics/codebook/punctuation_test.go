package codebook

import (
	"strings"
	"testing"
)

// halfWidthInChinese returns the first punctuation mark of s that Chinese text writes
// full-width (，；：（）) but s writes half-width, or "": a comma, semicolon or colon that does
// not stand between two digits (1,000; 12:30; ISO 8583:1987) nor begin "://", any parenthesis.
func halfWidthInChinese(s string) string {
	digit := func(i int) bool { return i >= 0 && i < len(s) && s[i] >= '0' && s[i] <= '9' }
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', ')':
			return s[i : i+1]
		case ',', ';', ':':
			if digit(i-1) && digit(i+1) || strings.HasPrefix(s[i:], "://") {
				continue
			}
			return s[i : i+1]
		}
	}
	return ""
}

// TestChineseHasFullWidthPunctuation: the built-in book's Chinese prose (titles, meanings,
// causes, actions, notes, variants, sources' names) is punctuated as Chinese is written. What a
// terminal displays stays as the terminal prints it.
func TestChineseHasFullWidthPunctuation(t *testing.T) {
	b := mustDefault(t)
	check := func(code, field, s string) {
		t.Helper()
		if p := halfWidthInChinese(s); p != "" {
			t.Errorf("%s %s: half-width %q in %q", code, field, p, s)
		}
	}
	for _, e := range b.Entries() {
		check(e.Code, "title_zh", e.TitleZH)
		check(e.Code, "meaning_zh", e.MeaningZH)
		check(e.Code, "retry_note", e.RetryNote.ZH)
		check(e.Code, "conflict_note", e.ConflictNote.ZH)
		for _, c := range e.Causes {
			check(e.Code, "causes", c.ZH)
		}
		for _, a := range e.Actions {
			check(e.Code, "actions", a.ZH)
		}
		for _, v := range e.Variants {
			check(e.Code, "variant "+v.Source, v.TitleZH)
			check(e.Code, "variant "+v.Source, v.MeaningZH)
		}
	}
	for id, s := range b.sources {
		check(id, "name_zh", s.NameZH)
	}
}

// The check finds what it is for, and passes what is right.
func TestHalfWidthInChineseCanFail(t *testing.T) {
	for s, bad := range map[string]bool{
		"先查流水,再决定":           true,
		"装纸后补打;不要重做":         true,
		"签到后仍报 77:先结算":       true,
		"通讯记录(trace)":        true,
		"先查流水，再决定":           false,
		"ISO 8583:1987 第39域": false,
		"金额 1,000 元":         false,
		"见 https://x.cn/a":   false,
		"通讯记录（trace）":        false,
	} {
		if got := halfWidthInChinese(s) != ""; got != bad {
			t.Errorf("%q: found %v, want %v", s, got, bad)
		}
	}
}
