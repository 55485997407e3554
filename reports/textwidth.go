package reports

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// dispWidth is how many columns s takes in a spreadsheet cell: East Asian wide and fullwidth
// characters count 2, others 1 (a column width unit is one '0' of the default font).
func dispWidth(s string) int {
	w := 0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w
}

func runeWidth(r rune) int {
	switch {
	case r < 0x1100:
		return 1
	case r <= 0x115F, // Hangul Jamo initials
		r >= 0x2E80 && r <= 0x303E, // CJK radicals, punctuation
		r >= 0x3041 && r <= 0x33FF, // kana, CJK compatibility
		r >= 0x3400 && r <= 0x4DBF, // CJK extension A
		r >= 0x4E00 && r <= 0x9FFF, // CJK unified ideographs
		r >= 0xA000 && r <= 0xA4CF, // Yi
		r >= 0xAC00 && r <= 0xD7A3, // Hangul syllables
		r >= 0xF900 && r <= 0xFAFF, // CJK compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F, // CJK compatibility forms
		r >= 0xFF00 && r <= 0xFF60, // fullwidth forms
		r >= 0xFFE0 && r <= 0xFFE6,
		r >= 0x1F300 && r <= 0x1F64F, // emoji
		r >= 0x20000 && r <= 0x3FFFD: // CJK extensions B and on
		return 2
	case unicode.Is(unicode.Mn, r):
		return 0
	}
	return 1
}

// maxLineWidth is the display width of the widest line of s.
func maxLineWidth(s string) int {
	m := 0
	for line := range strings.SplitSeq(s, "\n") {
		if w := dispWidth(line); w > m {
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
		w := dispWidth(line)
		n += max(1, (w+per-1)/per)
	}
	return n
}

// excelText makes outside text safe for a cell: characters XML 1.0 cannot hold (C0 controls
// but tab and newline, lone surrogates, U+FFFE/FFFF) become U+FFFD, CR LF becomes LF, and
// invalid UTF-8 is replaced. The value is always written as a string cell, never a formula.
func excelText(s string) string {
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
