package xlsx

import (
	"strings"
	"unicode/utf8"

	"posdoctor/locale"
)

// maxLineWidth is the display width of the widest line of s.
func maxLineWidth(s string) int {
	m := 0
	for line := range strings.SplitSeq(s, "\n") {
		if w := locale.Width(line); w > m {
			m = w
		}
	}
	return m
}

// wrappedLines estimates how many lines s takes in a wrapping cell width columns wide.
func wrappedLines(s string, width float64) int {
	if s == "" {
		return 1
	}
	per := int(width) - 1
	if per < 1 {
		per = 1
	}
	n := 0
	for line := range strings.SplitSeq(s, "\n") {
		// broken as a spreadsheet breaks it, at spaces between words: counting characters alone
		// left the last finding of an 8-line cell cut off when printed (a trial)
		n += max(1, len(locale.Wrap(line, per, locale.Width, true)))
	}
	return n
}

// CellText makes outside text safe for a cell: characters XML 1.0 cannot hold (C0 controls
// but tab and newline, lone surrogates, U+FFFE/FFFF) become U+FFFD, CR LF becomes LF, and
// invalid UTF-8 is replaced. The value is always written as a string cell, never a formula.
func CellText(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' || c >= 0x80 {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1,
			r < 0x20 && r != '\t' && r != '\n',
			r >= 0xD800 && r <= 0xDFFF,
			r == 0xFFFE || r == 0xFFFF:
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}
