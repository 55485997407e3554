package codebook

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"posdoctor/locale"
)

// TestMatchLabels: every match kind is said in each language (the command line's "匹配：代码完全相同",
// not "匹配：code"), the Traditional as Taiwan writes it.
func TestMatchLabels(t *testing.T) {
	for m := MatchFuzzy; m <= MatchClosest; m++ {
		x := m.Label()
		if x.ZH == "" || x.ZHTW == "" || x.EN == "" || x.ZH == m.String() {
			t.Errorf("%v: %+v, want a label in every language", m, x)
		}
		if tw := ToTraditional(x.ZH); tw != x.ZHTW {
			t.Errorf("%v: ZHTW %q, the Simplified converts to %q", m, x.ZHTW, tw)
		}
		if x.In(locale.EN) == x.In(locale.ZH) {
			t.Errorf("%v: English %q is the Chinese", m, x.EN)
		}
	}
}

// TestPrintFindsThePrintersCodesFirst: 列印 (and 打印) list the printer's codes, whose names
// start with it, before low battery, which only an alias (打印色浅) ties to printing.
func TestPrintFindsThePrintersCodesFirst(t *testing.T) {
	b := mustDefault(t)
	for _, q := range []string{"列印", "打印"} {
		rs := b.Search(q, 20)
		pos := map[string]int{}
		for i, r := range rs {
			pos[r.Entry.Code] = i + 1
		}
		for _, p := range []string{"P1", "P2", "P3", "P5", "打印机缺纸"} {
			for _, alias := range []string{"电量不足", "P4"} {
				if pos[p] == 0 || pos[alias] == 0 || pos[p] > pos[alias] {
					t.Errorf("Search(%s): %s at %d, %s at %d: %s", q, p, pos[p], alias, pos[alias], describe(rs))
				}
			}
		}
		if r := rs[pos["电量不足"]-1]; r.Match != MatchPrefix || r.Field != FieldAlias || r.Text != "打印色浅" {
			t.Errorf("Search(%s): low battery matched %v on %d %q, want the start of its alias 打印色浅", q, r.Match, r.Field, r.Text)
		}
	}
}

// TestResultLabelsSayWhatMatched: a result's label never claims a match that did not happen.
// Over the table test's queries, the Taiwan queries and the start and middle of every name,
// screen text and alias of the book, each result's match kind and text are checked against the
// entry and the query: the text is one of the entry's texts of the kind the label names, and it
// is the query, starts with it or has it, as the label says.
func TestResultLabelsSayWhatMatched(t *testing.T) {
	b := mustDefault(t)
	queries := []string{"03 打印", "03 列印", "rc 51", "link", "paper", "low", "分机前缀", "exceeded tries pin", "paper otu"}
	for _, c := range searchCases {
		queries = append(queries, c.query)
	}
	for _, c := range taiwanTwins {
		queries = append(queries, c.tw, c.cn)
	}
	for _, e := range b.Entries() {
		for _, s := range slices.Concat([]string{e.TitleZH, e.TitleEN}, e.Display, e.Aliases) {
			rs := []rune(s)
			if len(rs) >= 4 {
				queries = append(queries, string(rs[:2]), string(rs[1:3]), ToTraditional(string(rs[:3])))
			}
		}
	}
	kinds := map[Match]int{}
	for _, q := range queries {
		for _, r := range b.Search(q, 20) {
			kinds[r.Match]++
			if err := checkResult(q, r); err != nil {
				t.Errorf("Search(%q): %s labelled %q (%v on %d %q): %v", q, r.Entry.Code, r.Label().ZH, r.Match, r.Field, r.Text, err)
			}
			labels := r.Label()
			for _, l := range []locale.Lang{locale.ZH, locale.ZHTW, locale.EN} {
				if label := labels.In(l); !strings.HasPrefix(label, bySynonym.In(l)) && !shownAsTyped(q, r, l) {
					t.Errorf("Search(%q) in %s: %s labelled %q, but %q as shown does not have it as typed", q, l, r.Entry.Code, label, r.Text)
				}
			}
		}
	}
	for m := MatchFuzzy; m < MatchClosest; m++ {
		if kinds[m] == 0 {
			t.Errorf("no query matched as %v: the test misses a kind", m)
		}
	}
}

// checkResult says what is wrong with r's claim of how it matched q, nil if nothing.
func checkResult(q string, r Result) error {
	e := r.Entry
	var of []string // the entry's texts of r.Field
	switch r.Field {
	case FieldCode:
		if e.Kind == KindPrompt {
			return fmt.Errorf("a prompt's code is its name")
		}
		of = []string{e.Code}
	case FieldName:
		of = []string{e.TitleZH, e.TitleEN}
		if e.Kind == KindPrompt {
			of = append(of, e.Code)
		}
	case FieldScreen:
		of = e.Display
	case FieldAlias:
		of = e.Aliases
	case FieldSource:
		of = []string{e.GenericEN}
		for _, v := range e.Variants {
			of = append(of, v.TitleZH, v.TitleEN)
		}
	case FieldText:
		of = []string{e.MeaningZH, e.MeaningEN}
		for _, c := range e.Causes {
			of = append(of, c.ZH, c.EN)
		}
		for _, v := range e.Variants {
			of = append(of, v.MeaningZH, v.MeaningEN)
		}
	case FieldEntry:
		if r.Text != "" {
			return fmt.Errorf("a text for the whole entry")
		}
	}
	if r.Field != FieldEntry && (r.Text == "" || !slices.Contains(of, r.Text)) {
		return fmt.Errorf("%q is not one of the entry's texts of that kind %q", r.Text, of)
	}
	text, query := compact(Normalize(r.Text)), compact(Normalize(q))
	folded, _ := fold(q)
	words := strings.Fields(folded)
	for len(words) > 1 && codeWords[words[0]] {
		words = words[1:]
	}
	code := NormalizeCode(e.Code)
	leads := len(words) > 1 && NormalizeCode(words[0]) == code
	switch r.Match {
	case MatchCode:
		if NormalizeCode(q) != code && NormalizeCode(Normalize(q)) != code && !(len(words) == 1 && NormalizeCode(words[0]) == code) {
			return fmt.Errorf("the query is not the code %q", e.Code)
		}
	case MatchCodeAndText, MatchCodeOnly:
		if !leads || r.Field != FieldCode {
			return fmt.Errorf("the query does not start with the code %q", e.Code)
		}
	case MatchCodePrefix:
		if c := NormalizeCode(q); r.Field != FieldCode || !strings.HasPrefix(code, c) || c == code {
			return fmt.Errorf("the code %q does not start with the query", e.Code)
		}
	case MatchPrompt:
		if text != query {
			return fmt.Errorf("the text is not the query")
		}
	case MatchPrefix:
		if !strings.HasPrefix(text, query) {
			return fmt.Errorf("the text does not start with the query")
		}
	case MatchSubstring:
		if !strings.Contains(text, query) {
			return fmt.Errorf("the text does not have the query")
		}
	case MatchText:
		if r.Field != FieldText && r.Field != FieldEntry || r.Field == FieldText && !strings.Contains(text, query) {
			return fmt.Errorf("the description does not have the query")
		}
	case MatchWords, MatchFuzzy:
		if r.Field != FieldEntry {
			return fmt.Errorf("on one text")
		}
	default:
		return fmt.Errorf("a search result of kind %v", r.Match)
	}
	return nil
}

// TestResultLabelsNameTheirText: each label that names a text names that one, for the match of
// its kind, in every language, and the Traditional is the Simplified converted.
func TestResultLabelsNameTheirText(t *testing.T) {
	texts := map[Field][2]string{
		FieldCode: {"代码", "code"}, FieldName: {"名称", "name"}, FieldScreen: {"终端显示", "screen text"},
		FieldAlias: {"别名", "alias"}, FieldSource: {"其他来源的名称", "another source"}, FieldText: {"说明", "description"},
	}
	how := map[Match][2]string{
		MatchCode: {"完全相同", "exact"}, MatchPrompt: {"完全相同", "exact"}, MatchPrefix: {"开头相同", "start of"},
		MatchSubstring: {"中含有", "part of"}, MatchText: {"中含有", "in the"},
	}
	for m, fs := range fieldLabels {
		for f, l := range fs {
			if tw := ToTraditional(l.ZH); l.ZHTW != tw {
				t.Errorf("%v on %d: ZHTW %q, the Simplified converts to %q", m, f, l.ZHTW, tw)
			}
			if f == FieldEntry {
				continue
			}
			want := texts[f]
			if !strings.Contains(l.ZH, want[0]) || !strings.Contains(l.EN, want[1]) ||
				f != FieldAlias && strings.Contains(l.ZH, "别名") || f != FieldSource && strings.Contains(l.ZH, "来源") {
				t.Errorf("%v on %d: %q / %q does not name %q / %q", m, f, l.ZH, l.EN, want[0], want[1])
			}
			if h := how[m]; !strings.Contains(l.ZH, h[0]) || !strings.Contains(l.EN, h[1]) {
				t.Errorf("%v on %d: %q / %q does not say %q / %q", m, f, l.ZH, l.EN, h[0], h[1])
			}
		}
	}
	for m := MatchFuzzy; m <= MatchClosest; m++ {
		r := Result{Match: m, Field: FieldAlias, Text: "x"}
		if _, ok := fieldLabels[m][FieldAlias]; !ok && r.Label() != m.Label() {
			t.Errorf("%v: a result's label is not its kind's", m)
		}
		if x := r.Label(); x.In(locale.ZHTW) == "" || x.In(locale.EN) == "" {
			t.Errorf("%v: no label", m)
		}
	}
}

// TestLabelsSayASynonymMatched: where the text as a language shows it does not have the query
// as typed (列印 and 打印机故障, shown 印表機故障 in Traditional; 無效商戶 and 無效商店; out of
// paper and PAPER OUT), the label says the match is by a synonym, in that language only.
func TestLabelsSayASynonymMatched(t *testing.T) {
	b := mustDefault(t)
	for _, c := range []struct {
		query, code string
		zh, tw, en  bool // literal in each language
	}{
		{"列印", "打印机故障", false, false, false},          // 印表機故障
		{"列印", "PRINT-ILLEGIBLE", false, true, false}, // 列印不清
		{"打印", "PRINT-ILLEGIBLE", true, false, true},
		{"印表機", "P1", false, true, false},
		{"無效商戶", "无效商户", true, false, true}, // Traditional characters, the mainland's words
		{"無效商店", "无效商户", false, true, false},
		{"paper out", "打印机缺纸", true, true, true},
		{"out of paper", "打印机缺纸", false, false, false},
		{"03", "03", true, true, true},
		{"交易紀錄", "FAILED-TXNS", false, true, false},
	} {
		var r *Result
		rs := b.Search(c.query, 20)
		for i := range rs {
			if rs[i].Entry.Code == c.code {
				r = &rs[i]
			}
		}
		if r == nil {
			t.Errorf("Search(%s) has no %s: %s", c.query, c.code, describe(rs))
			continue
		}
		for _, x := range []struct {
			l    locale.Lang
			want bool
		}{{locale.ZH, c.zh}, {locale.ZHTW, c.tw}, {locale.EN, c.en}} {
			label := r.Label().In(x.l)
			base, ok := fieldLabels[r.Match][r.Field]
			if !ok {
				base = r.Match.Label()
			}
			want := base.In(x.l)
			if !x.want {
				want = bySynonym.In(x.l) + want
			}
			if r.Literal(x.l) != x.want || label != want {
				t.Errorf("Search(%s) %s in %s: literal %v, label %q; want %v, %q", c.query, c.code, x.l, r.Literal(x.l), label, x.want, want)
			}
		}
	}
}

// shownAsTyped reports whether r's text, as l shows it, has q as typed as r's kind says (only
// kinds on one text; others are true): both in Simplified characters, lower case, half width,
// letters and digits only.
func shownAsTyped(q string, r Result, l locale.Lang) bool {
	plain := func(s string) string {
		var b strings.Builder
		for _, c := range toSimplified(strings.ToLower(locale.FoldWidth(s))) {
			if unicode.IsLetter(c) || unicode.IsDigit(c) {
				b.WriteRune(c)
			}
		}
		return b.String()
	}
	text := r.Text
	if l == locale.ZHTW {
		text = ToTraditional(text)
	}
	s, typed := plain(text), plain(q)
	switch {
	case r.Match == MatchPrompt, r.Match == MatchCode && r.Field == FieldName:
		return s == typed
	case r.Match == MatchPrefix:
		return strings.HasPrefix(s, typed)
	case r.Match == MatchSubstring, r.Match == MatchText && r.Field == FieldText:
		return strings.Contains(s, typed)
	}
	return true
}
