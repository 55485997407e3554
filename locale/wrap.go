package locale

import (
	"strings"
	"unicode"
)

// Wrap breaks text into lines no wider than width, as measure says (columns on a terminal,
// pixels on a screen), the way Chinese is set: between any two Chinese characters, at spaces
// between other words, never before closing punctuation (，。）」) nor after opening punctuation
// (（「). Spaces at a break are dropped. A word wider than a line (a path, a flag) stays whole
// unless cut is true; then it is cut where it must be, punctuation still kept with the
// character before or after it.
func Wrap[N int | float32](text string, width N, measure func(string) N, cut bool) []string {
	if width <= 0 || measure(text) <= width {
		return []string{text}
	}
	var lines []string
	line := ""
	for _, u := range BreakUnits(text) {
		switch {
		case line == "" && strings.TrimSpace(u) == "":
			continue // no line starts with a space
		case measure(line+u) <= width:
			line += u
			continue
		}
		if strings.TrimSpace(line) != "" {
			lines = append(lines, strings.TrimRightFunc(line, unicode.IsSpace))
		}
		line = strings.TrimLeftFunc(u, unicode.IsSpace)
		for cut && measure(line) > width && len([]rune(line)) > 1 { // a word wider than a line
			rs := []rune(line)
			n := len(rs) - 1
			for n > 1 && measure(string(rs[:n])) > width {
				n--
			}
			for n > 1 && (closing(rs[n]) || opening(rs[n-1])) { // "transaction." stays whole at the end
				n--
			}
			lines = append(lines, string(rs[:n]))
			line = string(rs[n:])
		}
	}
	if strings.TrimSpace(line) != "" || len(lines) == 0 {
		lines = append(lines, strings.TrimRightFunc(line, unicode.IsSpace))
	}
	return lines
}

// BreakUnits splits text into the pieces a line may break between: each Chinese character
// with the closing punctuation after it and the opening punctuation before it, each word of
// other letters with its punctuation, each run of spaces.
func BreakUnits(text string) []string {
	var units []string
	rs := []rune(text)
	start := 0
	for i := 1; i < len(rs); i++ {
		if canBreak(rs[i-1], rs[i]) {
			units = append(units, string(rs[start:i]))
			start = i
		}
	}
	return append(units, string(rs[start:]))
}

// canBreak says whether a line may break between a and b.
func canBreak(a, b rune) bool {
	switch {
	case closing(b) || opening(a):
		return false
	case unicode.IsSpace(a) != unicode.IsSpace(b):
		return true
	case unicode.IsSpace(a):
		return false
	}
	return RuneWidth(a) == 2 || RuneWidth(b) == 2
}

// closing is punctuation that must not begin a line; opening, punctuation that must not end one.
func closing(r rune) bool {
	return strings.ContainsRune("，。、；：！？）］｝」』》】〕”’…—％,.;:!?)]}%", r)
}
func opening(r rune) bool { return strings.ContainsRune("（［｛「『《【〔“‘([{", r) }
