package codebook

import (
	"sort"
	"strings"

	"posdoctor/locale"
)

// Match says how a result matched the query.
type Match int

// How a result matched, best first.
const (
	MatchFuzzy       Match = iota // close to the query, allowing typos
	MatchText                     // the query occurs in the meaning, causes or variants
	MatchWords                    // every word of the query occurs in the titles or prompts
	MatchCodeOnly                 // the query starts with the code, and its other words are not the entry's ("03 打印")
	MatchSubstring                // the query occurs inside a title, prompt or alias
	MatchPrefix                   // a title, prompt or alias starts with the query
	MatchCodePrefix               // the entry's code starts with the query
	MatchPrompt                   // the query is exactly a title, prompt text or alias
	MatchCodeAndText              // the query is the code followed by its text ("03 无效商户")
	MatchCode                     // the query is exactly the code
	MatchClosest                  // not a match: one of the closest entries, offered as a suggestion
)

// matches are the match kinds: the word String (and lookup --json) writes, and the label
// that says how a result matched, for people (Traditional in Taiwan's words). A kind's label
// holds for every result of the kind; Result.Label says which text matched where it was one.
var matches = spelling[Match]{"match", []word[Match]{
	{"fuzzy", MatchFuzzy, locale.Text{ZH: "相近（容许错字）", ZHTW: "相近（容許錯字）", EN: "close (typos allowed)"}},
	{"text", MatchText, locale.Text{ZH: "条目的文字中含有", ZHTW: "條目的文字中含有", EN: "in the entry's text"}},
	{"words", MatchWords, locale.Text{ZH: "含有所有词", ZHTW: "含有所有詞", EN: "all words"}},
	{"code-only", MatchCodeOnly, locale.Text{ZH: "只有代码相同（其余的词没有找到）", ZHTW: "只有代碼相同（其餘的詞沒有找到）", EN: "the code only (the other words not found)"}},
	{"substring", MatchSubstring, locale.Text{ZH: "名称、显示或别名中含有", ZHTW: "名稱、顯示或別名中含有", EN: "part of a name, screen text or alias"}},
	{"prefix", MatchPrefix, locale.Text{ZH: "名称、显示或别名开头相同", ZHTW: "名稱、顯示或別名開頭相同", EN: "start of a name, screen text or alias"}},
	{"code-prefix", MatchCodePrefix, locale.Text{ZH: "代码开头相同", ZHTW: "代碼開頭相同", EN: "start of the code"}},
	{"prompt", MatchPrompt, locale.Text{ZH: "名称、显示或别名完全相同", ZHTW: "名稱、顯示或別名完全相同", EN: "exact name, screen text or alias"}},
	{"code+text", MatchCodeAndText, locale.Text{ZH: "代码与说明", ZHTW: "代碼與說明", EN: "code and its text"}},
	{"code", MatchCode, locale.Text{ZH: "代码完全相同", ZHTW: "代碼完全相同", EN: "exact code"}},
	{"closest", MatchClosest, locale.Text{ZH: "最接近的条目", ZHTW: "最接近的條目", EN: "closest entry"}},
}}

// String names the match kind ("code-prefix"), "unknown" for a value that is none.
func (m Match) String() string {
	if s, ok := matches.spell(m); ok {
		return s
	}
	return "unknown"
}

// Label says how the result matched in every language (String is the word --json writes).
func (m Match) Label() locale.Text { return matches.label(m) }

// fieldLabels say which of the entry's texts a match of a kind was on, where that was one text:
// 别名开头相同 (an alias starts with the query), not the kind's 名称、显示或别名开头相同.
var fieldLabels = map[Match]map[Field]locale.Text{
	MatchCode: {
		FieldName: {ZH: "名称完全相同", ZHTW: "名稱完全相同", EN: "exact name"}, // a prompt's code is its text
	},
	MatchPrompt: {
		FieldCode:   {ZH: "代码完全相同", ZHTW: "代碼完全相同", EN: "exact code"},
		FieldName:   {ZH: "名称完全相同", ZHTW: "名稱完全相同", EN: "exact name"},
		FieldScreen: {ZH: "终端显示完全相同", ZHTW: "終端顯示完全相同", EN: "exact screen text"},
		FieldAlias:  {ZH: "别名完全相同", ZHTW: "別名完全相同", EN: "exact alias"},
		FieldSource: {ZH: "其他来源的名称完全相同", ZHTW: "其他來源的名稱完全相同", EN: "exact name in another source"},
	},
	MatchPrefix: {
		FieldCode:   {ZH: "代码开头相同", ZHTW: "代碼開頭相同", EN: "start of the code"},
		FieldName:   {ZH: "名称开头相同", ZHTW: "名稱開頭相同", EN: "start of a name"},
		FieldScreen: {ZH: "终端显示开头相同", ZHTW: "終端顯示開頭相同", EN: "start of a screen text"},
		FieldAlias:  {ZH: "别名开头相同", ZHTW: "別名開頭相同", EN: "start of an alias"},
		FieldSource: {ZH: "其他来源的名称开头相同", ZHTW: "其他來源的名稱開頭相同", EN: "start of a name in another source"},
	},
	MatchSubstring: {
		FieldCode:   {ZH: "代码中含有", ZHTW: "代碼中含有", EN: "part of the code"},
		FieldName:   {ZH: "名称中含有", ZHTW: "名稱中含有", EN: "part of a name"},
		FieldScreen: {ZH: "终端显示中含有", ZHTW: "終端顯示中含有", EN: "part of a screen text"},
		FieldAlias:  {ZH: "别名中含有", ZHTW: "別名中含有", EN: "part of an alias"},
		FieldSource: {ZH: "其他来源的名称中含有", ZHTW: "其他來源的名稱中含有", EN: "part of a name in another source"},
	},
	MatchText: {
		FieldText:  {ZH: "说明中含有", ZHTW: "說明中含有", EN: "in the description"},
		FieldEntry: {ZH: "所有词都在条目的文字中", ZHTW: "所有詞都在條目的文字中", EN: "all words, in the entry's text"},
	},
}

// Result is one search hit.
type Result struct {
	Entry Entry
	// Score is higher for better matches. Tiers: code 990–1000, code followed by its text 950,
	// exact prompt/title/alias 800 (760 for another source's title), code prefix 700–799,
	// prefix 560–699, substring 460–599, all words 400–499, meaning text 250–399, fuzzy
	// (typos) 150–299. Search returns nothing below MinScore.
	Score int
	Match Match
	// Field is which of the entry's texts matched, and Text that text as the book writes it
	// (Simplified Chinese or English); FieldEntry and "" where no one text did (all words,
	// typos, a closest entry).
	Field Field
	Text  string

	query string // what was searched, for Label
}

// hit is how an entry matched: the kind, and the text where it was one.
type hit struct {
	match Match
	field Field
	text  string
}

// on is the hit of kind m on the text k.
func on(m Match, k *textKey) hit { return hit{m, k.field, k.text} }

// codeHit is the hit of kind m on entry i's code (a prompt's code is its name).
func (b *Book) codeHit(i int, m Match) hit {
	f := FieldCode
	if b.idx[i].isPrompt {
		f = FieldName
	}
	return hit{m, f, b.entries[i].Code}
}

// Tier floors of the score.
const (
	scoreCode        = 1000
	scoreCodeHan     = 990
	scoreCodeAndText = 950
	scorePrompt      = 800
	scoreCodePrefix  = 700
	scorePrefix      = 600
	scoreSubstring   = 500
	scoreWords       = 400
	scoreText        = 300
	scoreTextWords   = 250
	scoreFuzzyWords  = 150
	scoreFuzzy       = 100
	scoreLetterO     = scoreText - 1 // a code typed with the letter O for its zero: the likeliest typo
)

// MinScore is the relevance threshold: Search drops what scores below it. It is the floor of
// the fuzzy tier's words (every word within its typos), so a typo in a real query ("papr out",
// "无效商护", 150 and up) still matches, while a text that needs most of its allowed edits
// (100–149) or a short Latin query that shares only a few letters with a text ("asdf", "qwer":
// see fuzzyEvidence) is no match: the front ends then say so and suggest Closest entries.
const MinScore = scoreFuzzyWords

// DefaultLimit is the number of results Search returns for a limit ≤ 0.
const DefaultLimit = 10

// maxQueryRunes bounds the part of a query that is searched: nobody types more, and the cost of
// matching grows with the length.
const maxQueryRunes = 128

func truncateRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// variantWeight lowers matches on what other sources call a code (variant titles, the generic
// ISO name) below matches on the book's own titles, prompts and aliases.
const variantWeight = -40

// aliasPartWeight lowers a match on the start or a part of an alias below one on the entry's own
// names and screen texts: an alias is a symptom or another table's wording, and the prefix and
// substring tiers favour short texts, so low battery's 打印色浅 came before every name that
// starts with 打印 (打印机缺纸). An alias typed whole still scores as a name typed whole.
const aliasPartWeight = -30

// codeWords are words people put before a code ("rc 03", "应答码 03", "error code 3").
var codeWords = map[string]bool{
	"rc": true, "code": true, "error": true, "err": true, "response": true, "resp": true,
	"应答码": true, "返回码": true, "错误码": true, "错误代码": true, "响应码": true, "代码": true,
	"應答碼": true, "返回碼": true, "錯誤碼": true, "錯誤代碼": true, "響應碼": true, "代碼": true,
	"回应码": true, "回應碼": true, // Taiwan's
	"码": true, "碼": true, "提示": true, "显示": true, "顯示": true,
}

// query is a search query in its normalised forms.
type query struct {
	typed    string   // the query as searched
	code     string   // NormalizeCode of the whole query
	codeHan  string   // NormalizeCode of the Simplified query, for prompts typed in Traditional
	lead     string   // NormalizeCode of a leading code word ("03" of "03 无效商户"), if the query has more after it
	leadRest *query   // the rest after the leading code
	compact  string   // compact normalised query
	runes    []rune   // runes of compact
	tokens   []string // normalised words
	tokenRs  [][]rune // runes of tokens
	substrOK bool     // long enough for substring matching
}

func newQuery(s string) *query {
	q := parseQuery(s)
	folded, _ := fold(s)
	fields := strings.Fields(folded)
	for len(fields) > 1 && codeWords[fields[0]] {
		fields = fields[1:]
	}
	if len(fields) == 1 && len(strings.Fields(folded)) > 1 {
		// "rc 03", "应答码 97": the code alone.
		q.lead = NormalizeCode(fields[0])
	} else if len(fields) > 1 {
		q.lead = NormalizeCode(fields[0])
		q.leadRest = parseQuery(strings.Join(fields[1:], " "))
	}
	return q
}

func parseQuery(s string) *query {
	n := Normalize(s)
	c := compact(n)
	q := &query{
		code:    NormalizeCode(s),
		compact: c,
		runes:   []rune(c),
		tokens:  strings.Fields(n),
	}
	q.codeHan = NormalizeCode(n)
	for _, t := range q.tokens {
		q.tokenRs = append(q.tokenRs, []rune(t))
	}
	q.substrOK = len(q.runes) >= 2
	return q
}

// Search returns up to limit entries matching query, best first (limit ≤ 0 means DefaultLimit).
// It ranks exact code > code followed by its text > exact prompt, title or alias > code prefix >
// prefix > substring > all words > meaning text > fuzzy (typos). An empty or unmatched query
// returns no results, and so does one whose best score is below MinScore; see Closest for
// suggestions.
func (b *Book) Search(query string, limit int) []Result {
	if limit <= 0 {
		limit = DefaultLimit
	}
	if strings.TrimSpace(query) == "" || b == nil {
		return nil
	}
	q := newQuery(truncateRunes(query, maxQueryRunes))
	q.typed = truncateRunes(query, maxQueryRunes)
	if q.compact == "" && q.code == "" {
		return nil
	}
	scores := make([]int, len(b.entries))
	hits := make([]hit, len(b.entries))
	set := func(i, s int, h hit) {
		if s > scores[i] {
			scores[i], hits[i] = s, h
		}
	}
	codeHit := func(i int) hit { return b.codeHit(i, MatchCode) }
	if i, ok := b.byCode[q.code]; ok && q.code != "" {
		set(i, scoreCode, codeHit(i))
	}
	if i, ok := b.byCode[q.codeHan]; ok && q.codeHan != "" {
		set(i, scoreCodeHan, codeHit(i))
	}
	if i, ok := b.byCode[letterOAsZero(q.code)]; ok && !b.idx[i].isPrompt && scores[i] == 0 {
		// the letter O for a zero (AO for A0, O3 for 03): a typo, said as one, above the others
		set(i, scoreLetterO, hit{match: MatchFuzzy, field: FieldEntry})
	}
	if q.lead != "" {
		if i, ok := b.byCode[q.lead]; ok && !b.idx[i].isPrompt {
			h := codeHit(i)
			switch {
			case q.leadRest == nil:
				set(i, scoreCode-5, h)
			case b.scoreEntry(i, q.leadRest, true) > 0:
				h.match = MatchCodeAndText
				set(i, scoreCodeAndText, h)
			default:
				h.match = MatchCodeOnly
				set(i, scoreWords+50, h)
			}
		}
	}
	for _, x := range b.exact[q.compact] {
		k := &b.idx[x.entry].primary[x.key]
		set(x.entry, scorePrompt+k.weight, on(MatchPrompt, k))
	}
	found, best := 0, 0
	for i := range b.idx {
		if s, h := b.scoreNonFuzzy(i, q); s > 0 {
			set(i, s, h)
		}
		if scores[i] > 0 {
			found++
			best = max(best, scores[i])
		}
	}
	// Typo matching fills the list only when nothing matched the query as typed (all words or
	// better): next to a real hit, near-misses are noise.
	if found < limit && best < scoreWords {
		var sc scratch
		for i := range b.idx {
			if scores[i] > 0 {
				continue
			}
			if s := b.fuzzyScore(i, q, &sc); s > 0 {
				set(i, s, hit{match: MatchFuzzy})
			}
		}
	}
	for i, s := range scores {
		if s < MinScore {
			scores[i] = 0
		}
	}
	rs := b.top(scores, hits, limit)
	for i := range rs {
		rs[i].query = q.typed
	}
	return rs
}

func (b *Book) top(scores []int, hits []hit, limit int) []Result {
	order := make([]int, 0, 16)
	for i, s := range scores {
		if s > 0 {
			order = append(order, i)
		}
	}
	sort.Slice(order, func(x, y int) bool {
		i, j := order[x], order[y]
		if scores[i] != scores[j] {
			return scores[i] > scores[j]
		}
		if b.idx[i].kindRank != b.idx[j].kindRank {
			return b.idx[i].kindRank < b.idx[j].kindRank
		}
		return b.entries[i].Code < b.entries[j].Code
	})
	if len(order) > limit {
		order = order[:limit]
	}
	out := make([]Result, len(order))
	for k, i := range order {
		h := hits[i]
		out[k] = Result{Entry: b.entries[i], Score: scores[i], Match: h.match, Field: h.field, Text: h.text}
	}
	return out
}

// scoreEntry scores one entry against q at any tier below exact code (used for the text after a
// leading code). With fuzzy, typo matches count too.
func (b *Book) scoreEntry(i int, q *query, fuzzy bool) int {
	for _, p := range b.idx[i].primary {
		if p.compact == q.compact {
			return scorePrompt
		}
	}
	if s, _ := b.scoreNonFuzzy(i, q); s > 0 {
		return s
	}
	if fuzzy {
		var sc scratch
		return b.fuzzyScore(i, q, &sc)
	}
	return 0
}

// scoreNonFuzzy scores code prefix, prefix, substring, words and text matches.
func (b *Book) scoreNonFuzzy(i int, q *query) (int, hit) {
	ix := &b.idx[i]
	if q.code != "" && !ix.isPrompt && len(q.code) < len(ix.code) && strings.HasPrefix(ix.code, q.code) && !hasHan(q.code) {
		return scoreCodePrefix + 99 - min(99, 10*(len(ix.code)-len(q.code))), b.codeHit(i, MatchCodePrefix)
	}
	if q.compact == "" {
		return 0, hit{}
	}
	best, h := 0, hit{}
	for k := range ix.primary {
		p := &ix.primary[k]
		weight := p.weight
		if p.field == FieldAlias {
			weight += aliasPartWeight
		}
		switch {
		case strings.HasPrefix(p.compact, q.compact):
			if s := scorePrefix + weight + ratio99(len(q.compact), len(p.compact)); s > best {
				best, h = s, on(MatchPrefix, p)
			}
		case q.substrOK && strings.Contains(p.compact, q.compact):
			if s := scoreSubstring + weight + ratio99(len(q.compact), len(p.compact)); s > best {
				best, h = s, on(MatchSubstring, p)
			}
		}
	}
	if best > 0 {
		return best, h
	}
	if len(q.tokens) > 0 {
		if n := b.tokensFound(ix, q.tokens, ix.pTokenSet, ix.pTokens, true); n == len(q.tokens) {
			return scoreWords + min(99, 20*len(q.tokens)), hit{match: MatchWords}
		}
	}
	if q.substrOK && (hasHan(q.compact) || len(q.compact) >= 3) {
		for k, s := range ix.secondary {
			if strings.Contains(s, q.compact) {
				if sc := scoreText + ratio99(len(q.compact), len(s)); sc > best {
					best, h = sc, hit{MatchText, FieldText, ix.secText[k]}
				}
			}
		}
		if best > 0 {
			return best, h
		}
	}
	if len(q.tokens) > 1 {
		if n := b.tokensFound(ix, q.tokens, ix.allTokens, ix.allList, false); n == len(q.tokens) {
			return scoreTextWords + min(49, 10*len(q.tokens)), hit{match: MatchText}
		}
	}
	return 0, hit{}
}

// tokensFound counts the query words found among the entry's words: a Latin word exactly or as
// the start of a word (three letters or more), a Han word inside a primary text.
func (b *Book) tokensFound(ix *entryIndex, tokens []string, set map[string]struct{}, list []string, primaryOnly bool) int {
	n := 0
	for _, t := range tokens {
		if _, ok := set[t]; ok {
			n++
			continue
		}
		if hasHan(t) {
			if containsAny(ix.primary, t) || (!primaryOnly && containsAnyStr(ix.secondary, t)) {
				n++
			}
			continue
		}
		if len(t) >= 3 {
			for _, w := range list {
				if strings.HasPrefix(w, t) {
					n++
					break
				}
			}
		}
	}
	return n
}

func containsAny(ps []textKey, t string) bool {
	for _, p := range ps {
		if strings.Contains(p.compact, t) {
			return true
		}
	}
	return false
}

func containsAnyStr(ss []string, t string) bool {
	for _, s := range ss {
		if strings.Contains(s, t) {
			return true
		}
	}
	return false
}

// letterOAsZero is a short code (normalised, 2 to 4 characters, not only o's) with each letter
// o read as a zero, as a terminal's 0 is often copied ("ao" is a0); "" for any other.
func letterOAsZero(code string) string {
	if len(code) < 2 || len(code) > 4 || !strings.Contains(code, "o") || strings.Trim(code, "o") == "" {
		return "" // "o" or "oo" alone is a word, not a code
	}
	return NormalizeCode(strings.ReplaceAll(code, "o", "0"))
}
