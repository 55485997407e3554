package locale

import "strings"

// FoldWidthRune maps a full-width ASCII form (！ to ～, which a Chinese input method types in
// full-width mode: "ＣＯＭ５", "ｓｔｕｃｋ－ｋｅｙ＝５") to its ASCII counterpart and the
// ideographic space to a space; any other rune is returned as it is.
func FoldWidthRune(r rune) rune {
	switch {
	case r >= '！' && r <= '～':
		return r - ('！' - '!')
	case r == '\u3000':
		return ' '
	}
	return r
}

// FoldWidth is s with FoldWidthRune applied to every rune.
func FoldWidth(s string) string { return strings.Map(FoldWidthRune, s) }
