package locale

import (
	"fmt"
	"strings"
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
