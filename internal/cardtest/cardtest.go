// Package cardtest looks at text as a reader would, to show that no card number is in it: the
// full-width digits Chinese input methods type, and a flat view that reads every digit however it
// is written and drops the separators a number may be grouped with. For tests only: nothing of
// the program imports it.
package cardtest

import (
	"strings"
	"unicode"
)

// FullWidth writes s's ASCII digits as full-width digits (４１１１…), as a Chinese input method in
// full-width mode types them.
func FullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r - '0' + '０'
		}
		return r
	}, s)
}

// Flat is what a reader sees of s: full-width digits as ASCII, and every space (of any width),
// dash and dot dropped, so a card number shows however it was grouped.
func Flat(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９':
			b.WriteRune(r - '０' + '0')
		case unicode.IsSpace(r), r == '-', r == '.', r == '－', r == '．':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Leaks returns the cards of which s shows more than the first 6 and last 4 digits, in any of
// the forms Flat reads.
func Leaks(s string, cards ...string) []string {
	flat := Flat(s)
	var out []string
	for _, c := range cards {
		if strings.Contains(flat, c[5:len(c)-4]) || strings.Contains(flat, c[6:len(c)-3]) {
			out = append(out, c)
		}
	}
	return out
}
