package codebook

import (
	"slices"
	"strings"

	"posdoctor/locale"
)

// bySynonym goes before a result's label where the match holds only through a synonym: the
// query in one region's words and the text, as shown, in the other's (列印 found 打印机故障,
// shown 印表機故障 in Traditional; 無效商戶 found 無效商店), or an English synonym (out of paper
// found PAPER OUT). The label itself is true of the texts as the search reads them.
var bySynonym = locale.Text{ZH: "按同义词，", ZHTW: "按同義詞，", EN: "by a synonym, "}

// Label says how the result matched, in every language: naming the text it matched where it
// was one (别名开头相同: an alias starts with the query), else its match kind's label; and, in a
// language where the text as shown there does not have the query as typed, that the match is by
// a synonym (按同義詞，名稱開頭相同: 列印 and 印表機故障).
func (r Result) Label() locale.Text {
	t, ok := fieldLabels[r.Match][r.Field]
	if !ok {
		t = r.Match.Label()
	}
	if r.query == "" {
		return t
	}
	out := locale.Text{ZH: t.In(locale.ZH), ZHTW: t.In(locale.ZHTW), EN: t.In(locale.EN)}
	for _, x := range []struct {
		l locale.Lang
		s *string
	}{{locale.ZH, &out.ZH}, {locale.ZHTW, &out.ZHTW}, {locale.EN, &out.EN}} {
		if !r.Literal(x.l) {
			*x.s = bySynonym.In(x.l) + *x.s
		}
	}
	return out
}

// Literal reports whether the result matched the query as typed on its text as shown in l: the
// book's text, in Traditional as Taiwan writes it for locale.ZHTW (ToTraditional), compared
// with the query in one script, full-width and case folded, without the search's synonyms (the
// regions' words, English spellings). A match that makes no claim about a text (a code, code
// and text, typos, a suggestion) is literal.
func (r Result) Literal(l locale.Lang) bool {
	shown := func(s string) string {
		if l == locale.ZHTW {
			s = ToTraditional(s)
		}
		return literalForm(s)
	}
	q := literalForm(r.query)
	switch r.Match {
	case MatchCode:
		return r.Field != FieldName || shown(r.Text) == q // a prompt typed as it shows
	case MatchPrompt:
		return shown(r.Text) == q
	case MatchPrefix:
		return strings.HasPrefix(shown(r.Text), q)
	case MatchSubstring:
		return strings.Contains(shown(r.Text), q)
	case MatchText:
		if r.Field == FieldText {
			return strings.Contains(shown(r.Text), q)
		}
		return r.wordsShown(l, true)
	case MatchWords:
		return r.wordsShown(l, false)
	}
	return true
}

// literalForm is s folded for a literal comparison: full-width and case folded, Simplified
// characters, without spaces or punctuation; no words changed.
func literalForm(s string) string {
	f, _ := fold(s)
	return compact(toSimplified(f))
}

// wordsShown reports whether every word of the query as typed is in a text of the entry as
// shown in l (its names, screen texts, aliases and other sources' names; with all, its
// descriptions too), as the words tier finds them: a Chinese word inside a text, a Latin word
// whole or, from three letters, as the start of a word.
func (r Result) wordsShown(l locale.Lang, all bool) bool {
	e := r.Entry
	texts := slices.Concat([]string{e.Code, e.TitleZH, e.TitleEN, e.GenericEN}, e.Display, e.Aliases)
	for _, v := range e.Variants {
		texts = append(texts, v.TitleZH, v.TitleEN)
	}
	if all {
		texts = append(texts, e.MeaningZH, e.MeaningEN)
		for _, c := range e.Causes {
			texts = append(texts, c.ZH, c.EN)
		}
		for _, v := range e.Variants {
			texts = append(texts, v.MeaningZH, v.MeaningEN)
		}
	}
	var shown, words []string
	for _, s := range texts {
		if l == locale.ZHTW {
			s = ToTraditional(s)
		}
		f, _ := fold(s)
		f = toSimplified(f)
		shown = append(shown, compact(f))
		words = append(words, strings.Fields(f)...)
	}
	typed, _ := fold(r.query)
	for _, t := range strings.Fields(toSimplified(typed)) {
		found := false
		if hasHan(t) {
			found = slices.ContainsFunc(shown, func(s string) bool { return strings.Contains(s, t) })
		} else {
			found = slices.ContainsFunc(words, func(w string) bool { return w == t || len(t) >= 3 && strings.HasPrefix(w, t) })
		}
		if !found {
			return false
		}
	}
	return true
}
