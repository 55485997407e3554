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
	MatchSubstring                // the query occurs inside a title, prompt or alias
	MatchPrefix                   // a title, prompt or alias starts with the query
	MatchCodePrefix               // the entry's code starts with the query
	MatchPrompt                   // the query is exactly a title, prompt text or alias
	MatchCodeAndText              // the query is the code followed by its text ("03 无效商户")
	MatchCode                     // the query is exactly the code
	MatchClosest                  // not a match: one of the closest entries, offered as a suggestion
)

// matches are the match kinds: the word String (and lookup --json) writes, and the label
// that says how a result matched, for people (Traditional in Taiwan's words).
var matches = spelling[Match]{"match", []word[Match]{
	{"fuzzy", MatchFuzzy, locale.Text{ZH: "相近（容许错字）", ZHTW: "相近（容許錯字）", EN: "close (typos allowed)"}},
	{"text", MatchText, locale.Text{ZH: "说明中含有", ZHTW: "說明中含有", EN: "in the text"}},
	{"words", MatchWords, locale.Text{ZH: "含有所有词", ZHTW: "含有所有詞", EN: "all words"}},
	{"substring", MatchSubstring, locale.Text{ZH: "名称中含有", ZHTW: "名稱中含有", EN: "part of a name"}},
	{"prefix", MatchPrefix, locale.Text{ZH: "名称开头相同", ZHTW: "名稱開頭相同", EN: "start of a name"}},
	{"code-prefix", MatchCodePrefix, locale.Text{ZH: "代码开头相同", ZHTW: "代碼開頭相同", EN: "start of the code"}},
	{"prompt", MatchPrompt, locale.Text{ZH: "名称或提示完全相同", ZHTW: "名稱或提示完全相同", EN: "exact name or prompt"}},
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

// Result is one search hit.
type Result struct {
	Entry Entry
	// Score is higher for better matches. Tiers: code 990–1000, code followed by its text 950,
	// exact prompt/title/alias 800 (760 for another source's title), code prefix 700–799,
	// prefix 560–699, substring 460–599, all words 400–499, meaning text 250–399, fuzzy
	// (typos) 150–299. Search returns nothing below MinScore.
	Score int
	Match Match
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

// codeWords are words people put before a code ("rc 03", "应答码 03", "error code 3").
var codeWords = map[string]bool{
	"rc": true, "code": true, "error": true, "err": true, "response": true, "resp": true,
	"应答码": true, "返回码": true, "错误码": true, "错误代码": true, "响应码": true, "代码": true,
	"應答碼": true, "返回碼": true, "錯誤碼": true, "錯誤代碼": true, "響應碼": true, "代碼": true,
	"码": true, "碼": true, "提示": true, "显示": true, "顯示": true,
}

// query is a search query in its normalised forms.
type query struct {
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
	if q.compact == "" && q.code == "" {
		return nil
	}
	scores := make([]int, len(b.entries))
	matches := make([]Match, len(b.entries))
	set := func(i, s int, m Match) {
		if s > scores[i] {
			scores[i], matches[i] = s, m
		}
	}
	if i, ok := b.byCode[q.code]; ok && q.code != "" {
		set(i, scoreCode, MatchCode)
	}
	if i, ok := b.byCode[q.codeHan]; ok && q.codeHan != "" {
		set(i, scoreCodeHan, MatchCode)
	}
	if q.lead != "" {
		if i, ok := b.byCode[q.lead]; ok && !b.idx[i].isPrompt {
			switch {
			case q.leadRest == nil:
				set(i, scoreCode-5, MatchCode)
			case b.scoreEntry(i, q.leadRest, true) > 0:
				set(i, scoreCodeAndText, MatchCodeAndText)
			default:
				set(i, scoreWords+50, MatchCodePrefix)
			}
		}
	}
	for _, h := range b.exact[q.compact] {
		set(h.entry, scorePrompt+h.weight, MatchPrompt)
	}
	found, best := 0, 0
	for i := range b.idx {
		if s, m := b.scoreNonFuzzy(i, q); s > 0 {
			set(i, s, m)
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
				set(i, s, MatchFuzzy)
			}
		}
	}
	for i, s := range scores {
		if s < MinScore {
			scores[i] = 0
		}
	}
	return b.top(scores, matches, limit)
}

func (b *Book) top(scores []int, matches []Match, limit int) []Result {
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
		out[k] = Result{Entry: b.entries[i], Score: scores[i], Match: matches[i]}
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
func (b *Book) scoreNonFuzzy(i int, q *query) (int, Match) {
	ix := &b.idx[i]
	if q.code != "" && !ix.isPrompt && len(q.code) < len(ix.code) && strings.HasPrefix(ix.code, q.code) && !hasHan(q.code) {
		return scoreCodePrefix + 99 - min(99, 10*(len(ix.code)-len(q.code))), MatchCodePrefix
	}
	if q.compact == "" {
		return 0, 0
	}
	best, m := 0, Match(0)
	for _, p := range ix.primary {
		switch {
		case strings.HasPrefix(p.compact, q.compact):
			if s := scorePrefix + p.weight + ratio99(len(q.compact), len(p.compact)); s > best {
				best, m = s, MatchPrefix
			}
		case q.substrOK && strings.Contains(p.compact, q.compact):
			if s := scoreSubstring + p.weight + ratio99(len(q.compact), len(p.compact)); s > best {
				best, m = s, MatchSubstring
			}
		}
	}
	if best > 0 {
		return best, m
	}
	if len(q.tokens) > 0 {
		if n := b.tokensFound(ix, q.tokens, ix.pTokenSet, ix.pTokens, true); n == len(q.tokens) {
			return scoreWords + min(99, 20*len(q.tokens)), MatchWords
		}
	}
	if q.substrOK && (hasHan(q.compact) || len(q.compact) >= 3) {
		for _, s := range ix.secondary {
			if strings.Contains(s, q.compact) {
				if sc := scoreText + ratio99(len(q.compact), len(s)); sc > best {
					best, m = sc, MatchText
				}
			}
		}
		if best > 0 {
			return best, m
		}
	}
	if len(q.tokens) > 1 {
		if n := b.tokensFound(ix, q.tokens, ix.allTokens, ix.allList, false); n == len(q.tokens) {
			return scoreTextWords + min(49, 10*len(q.tokens)), MatchText
		}
	}
	return 0, 0
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
