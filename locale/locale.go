package locale

import (
	"fmt"
	"strings"
	"unicode"
)

// Lang is a language of the UI, the reports and the code book.
type Lang int

const (
	ZH   Lang = iota // Simplified Chinese (zh, zh-CN, zh-Hans): the default
	ZHTW             // Traditional Chinese (zh_TW, zh-TW, zh-HK, zh-Hant)
	EN               // English
)

var codes = [...]string{"zh", "zh_TW", "en"}

// String is the language's code as the translation files are named: zh, zh_TW, en.
func (l Lang) String() string {
	if l >= 0 && int(l) < len(codes) {
		return codes[l]
	}
	return fmt.Sprintf("Lang(%d)", int(l))
}

// Langs lists the languages in the order a picker offers them.
func Langs() []Lang { return []Lang{ZH, ZHTW, EN} }

// Parse reads a language code or locale name ("zh", "zh_TW", "zh-Hant-TW", "en_US.UTF-8",
// "EN"): Traditional for TW, HK, MO and Hant, Simplified for any other Chinese, English for
// en. Anything else is an error.
func Parse(s string) (Lang, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(t, ".@"); i >= 0 {
		t = t[:i]
	}
	t = strings.ReplaceAll(t, "_", "-")
	switch {
	case t == "zh" || strings.HasPrefix(t, "zh-"):
		for _, tw := range []string{"-tw", "-hk", "-mo", "-hant"} {
			if strings.Contains(t, tw) {
				return ZHTW, nil
			}
		}
		return ZH, nil
	case t == "en" || strings.HasPrefix(t, "en-"):
		return EN, nil
	}
	return ZH, fmt.Errorf("unknown language %q (want zh, zh_TW or en)", s)
}

// Chinese reports whether l is one of the Chinese scripts.
func (l Lang) Chinese() bool { return l == ZH || l == ZHTW }

// Text is one label in every language. ZHTW may be empty: Simplified is then shown, converted
// by the caller where it converts (the code book does), else as it is.
type Text struct {
	ZH, ZHTW, EN string
}

// In returns the label in l: Traditional falls back to Simplified, any empty one to English.
func (t Text) In(l Lang) string {
	switch l {
	case EN:
		if t.EN != "" {
			return t.EN
		}
		return t.ZH
	case ZHTW:
		if t.ZHTW != "" {
			return t.ZHTW
		}
	}
	if t.ZH != "" {
		return t.ZH
	}
	return t.EN
}

// Pair is the label as the bilingual workbooks write it: "中文 / English" ("中文" alone when
// both are the same).
func (t Text) Pair() string {
	if t.ZH == t.EN || t.EN == "" {
		return t.ZH
	}
	if t.ZH == "" {
		return t.EN
	}
	return t.ZH + " / " + t.EN
}

// Width is how many columns s takes on a terminal or in a spreadsheet cell: East Asian wide
// and full-width characters count 2, combining marks 0, others 1.
func Width(s string) int {
	w := 0
	for _, r := range s {
		w += RuneWidth(r)
	}
	return w
}

// RuneWidth is Width of one rune.
func RuneWidth(r rune) int {
	switch {
	case r < 0x300:
		return 1
	case unicode.Is(unicode.Mn, r):
		return 0 // a combining mark sits on the character before it
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
	}
	return 1
}
