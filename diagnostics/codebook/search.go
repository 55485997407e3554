package codebook

import (
	"sort"
	"strings"
	"unicode"
)

// Book is a loaded, checked and indexed code book. It is immutable and safe for concurrent use.
type Book struct {
	entries []Entry
	sources map[string]Source
	byCode  map[string]int        // NormalizeCode(code) → entry
	exact   map[string][]exactHit // compact normalised primary text → entries
	idx     []entryIndex
}

// exactHit is an entry whose primary text equals a key, with that text's weight.
type exactHit struct {
	entry  int
	weight int
}

// textKey is one searchable text of an entry, normalised.
type textKey struct {
	compact string
	runes   []rune
	mask    uint64 // runeMask(runes), a quick filter for fuzzy matching
	weight  int    // added to the score of a match on this text: 0, or negative for variant titles
}

type entryIndex struct {
	code      string              // NormalizeCode(Code)
	isPrompt  bool                // prompt entries' codes are text, not codes
	primary   []textKey           // code text, titles, display texts, aliases, generic name, variant titles
	pTokens   []string            // words of the primary texts
	pTokenRs  [][]rune            // runes of pTokens
	allList   []string            // allTokens as a sorted slice, for prefix scans
	secondary []string            // compact meanings, causes, variant meanings
	allTokens map[string]struct{} // words of primary and secondary texts
	pTokenSet map[string]struct{} // words of primary texts
	kindRank  int                 // tie-break order
}

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

// String names the match kind.
func (m Match) String() string {
	switch m {
	case MatchFuzzy:
		return "fuzzy"
	case MatchText:
		return "text"
	case MatchWords:
		return "words"
	case MatchSubstring:
		return "substring"
	case MatchPrefix:
		return "prefix"
	case MatchCodePrefix:
		return "code-prefix"
	case MatchPrompt:
		return "prompt"
	case MatchCodeAndText:
		return "code+text"
	case MatchCode:
		return "code"
	case MatchClosest:
		return "closest"
	}
	return "unknown"
}

// Result is one search hit.
type Result struct {
	Entry Entry
	// Score is higher for better matches. Tiers: code 990–1000, code followed by its text 950,
	// exact prompt/title/alias 800 (760 for another source's title), code prefix 700–799,
	// prefix 560–699, substring 460–599, all words 400–499, meaning text 250–399, fuzzy 90–299.
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

func kindRank(k Kind) int {
	switch k {
	case KindAcquirer:
		return 0
	case KindPrompt:
		return 1 // what the screen said first, then the code it stands for
	case KindISO8583:
		return 2
	case KindLocal:
		return 3
	case KindFinding:
		return 4
	}
	return 5
}

// index builds the search index. Called once per book, before the book is shared.
func (b *Book) index() {
	b.byCode = make(map[string]int, len(b.entries))
	b.exact = map[string][]exactHit{}
	b.idx = make([]entryIndex, len(b.entries))
	for i, e := range b.entries {
		ix := entryIndex{
			code:      NormalizeCode(e.Code),
			isPrompt:  e.Kind == KindPrompt,
			allTokens: map[string]struct{}{},
			pTokenSet: map[string]struct{}{},
			kindRank:  kindRank(e.Kind),
		}
		b.byCode[ix.code] = i
		if ix.isPrompt {
			// A prompt typed in Traditional Chinese still finds its entry by code.
			if k := NormalizeCode(Normalize(e.Code)); k != ix.code {
				if _, taken := b.byCode[k]; !taken {
					b.byCode[k] = i
				}
			}
		}
		seen := map[string]bool{}
		addPrimary := func(s string, weight int) {
			n := Normalize(s)
			c := compact(n)
			if c == "" || seen[c] {
				return
			}
			seen[c] = true
			rs := []rune(c)
			ix.primary = append(ix.primary, textKey{compact: c, runes: rs, mask: runeMask(rs), weight: weight})
			b.exact[c] = append(b.exact[c], exactHit{i, weight})
			for _, w := range strings.Fields(n) {
				if _, ok := ix.pTokenSet[w]; !ok {
					ix.pTokenSet[w] = struct{}{}
					ix.pTokens = append(ix.pTokens, w)
					ix.pTokenRs = append(ix.pTokenRs, []rune(w))
				}
				ix.allTokens[w] = struct{}{}
			}
		}
		addSecondary := func(s string) {
			n := Normalize(s)
			if n == "" {
				return
			}
			ix.secondary = append(ix.secondary, compact(n))
			for _, w := range strings.Fields(n) {
				ix.allTokens[w] = struct{}{}
			}
		}
		addPrimary(e.Code, 0)
		addPrimary(e.TitleZH, 0)
		addPrimary(e.TitleEN, 0)
		for _, s := range e.Display {
			addPrimary(s, 0)
		}
		for _, s := range e.Aliases {
			addPrimary(s, 0)
		}
		addPrimary(e.GenericEN, variantWeight)
		for _, v := range e.Variants {
			addPrimary(v.TitleZH, variantWeight)
			addPrimary(v.TitleEN, variantWeight)
		}
		addSecondary(e.MeaningZH)
		addSecondary(e.MeaningEN)
		for _, c := range e.Causes {
			addSecondary(c.ZH)
			addSecondary(c.EN)
		}
		for _, v := range e.Variants {
			addSecondary(v.MeaningZH)
			addSecondary(v.MeaningEN)
		}
		for w := range ix.allTokens {
			ix.allList = append(ix.allList, w)
		}
		sort.Strings(ix.allList)
		b.idx[i] = ix
	}
}

// runeMask sets one bit per distinct rune class of rs: a–z and 0–9 have their own bits, other
// runes share the rest. If q is within k edits of part of t, at least len(q)-k runes of q have
// their bit set in t's mask, so the mask can rule texts out before the edit-distance work.
func runeMask(rs []rune) uint64 {
	var m uint64
	for _, r := range rs {
		m |= 1 << runeBit(r)
	}
	return m
}

func runeBit(r rune) uint {
	switch {
	case 'a' <= r && r <= 'z':
		return uint(r - 'a')
	case '0' <= r && r <= '9':
		return 26 + uint(r-'0')
	}
	return 36 + uint(r)%28
}

// maskHits counts the runes of q whose bit is set in mask.
func maskHits(q []rune, mask uint64) int {
	n := 0
	for _, r := range q {
		if mask&(1<<runeBit(r)) != 0 {
			n++
		}
	}
	return n
}

// scratch holds the rows of the edit-distance tables, reused within one search.
type scratch struct{ r0, r1, r2 []int }

func (s *scratch) rows(n int) ([]int, []int, []int) {
	if cap(s.r0) < n {
		s.r0, s.r1, s.r2 = make([]int, n), make([]int, n), make([]int, n)
	}
	return s.r0[:n], s.r1[:n], s.r2[:n]
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
// returns no results; see Closest for suggestions.
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

// fuzzyScore allows typos: the query within a few edits of part of a primary text, or every
// query word within a few edits of a word of the entry.
func (b *Book) fuzzyScore(i int, q *query, sc *scratch) int {
	ix := &b.idx[i]
	k := maxEdits(len(q.runes))
	sub := 0 // best match of the whole query inside one text
	if k > 0 {
		for _, p := range ix.primary {
			if len(p.runes)+k < len(q.runes) || maskHits(q.runes, p.mask) < len(q.runes)-k {
				continue
			}
			if d := substringDistance(q.runes, p.runes, k, sc); d <= k {
				if s := scoreFuzzy + 99 - 99*d/(k+1) + p.weight/4; s > sub {
					sub = s
				}
			}
		}
	}
	tok := 0 // every word of the query close to a word of the entry
	if len(q.tokens) > 1 || (len(q.tokens) == 1 && sub == 0) {
		matched, exact := 0, 0
		for ti, t := range q.tokens {
			tr := q.tokenRs[ti]
			tk := maxEdits(len(tr))
			if _, ok := ix.pTokenSet[t]; ok {
				matched++
				exact++
				continue
			}
			if tk == 0 {
				break
			}
			ok := false
			han := hasHan(t)
			for _, wr := range ix.pTokenRs {
				if han {
					if len(wr)+tk >= len(tr) && substringDistance(tr, wr, tk, sc) <= tk {
						ok = true
						break
					}
					continue
				}
				if abs(len(wr)-len(tr)) <= tk && osa(tr, wr, tk, sc) <= tk {
					ok = true
					break
				}
			}
			if !ok {
				break
			}
			matched++
		}
		if matched == len(q.tokens) {
			tok = scoreFuzzyWords + 99*exact/len(q.tokens)
		}
	}
	// Both kinds of evidence together beat either alone ("no dail tone" is closer to "no dial
	// tone" as a whole than to "no outside-line dial tone", though both have the words).
	best := max(sub, tok)
	if sub > 0 && tok > 0 {
		best += min(sub, tok) / 20
	}
	return min(best, scoreText-1)
}

// maxEdits is how many typos a query of n runes may have.
func maxEdits(n int) int {
	switch {
	case n < 3:
		return 0
	case n <= 5:
		return 1
	case n <= 9:
		return 2
	}
	return 3
}

// ratio99 scales a/b (≤ 1) to 0..99.
func ratio99(a, b int) int {
	if b <= 0 {
		return 0
	}
	r := 99 * a / b
	if r > 99 {
		r = 99
	}
	return r
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// osa is the optimal string alignment distance (Levenshtein plus adjacent transpositions)
// between a and b, or a value above limit once it is sure to exceed it.
func osa(a, b []rune, limit int, sc *scratch) int {
	if len(a) == 0 {
		return len(b)
	}
	if len(b) == 0 {
		return len(a)
	}
	return alignment(a, b, limit, sc, false)
}

// substringDistance is the least number of edits (with adjacent transpositions) that turn q into
// some substring of t, or a value above limit once it is sure to exceed it.
func substringDistance(q, t []rune, limit int, sc *scratch) int {
	if len(q) == 0 {
		return 0
	}
	return alignment(q, t, limit, sc, true)
}

// alignment runs the optimal-string-alignment table with rows over a and columns over b. With
// anywhere, a match may start and end at any column of b (row 0 all zeros, best of the last
// row); otherwise the whole of b must be matched.
func alignment(a, b []rune, limit int, sc *scratch, anywhere bool) int {
	prev2, prev, cur := sc.rows(len(b) + 1)
	clear(prev2)
	for j := range prev {
		prev[j] = j
		if anywhere {
			prev[j] = 0
		}
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if !anywhere {
		return prev[len(b)]
	}
	best := prev[0]
	for _, v := range prev {
		best = min(best, v)
	}
	return best
}

// Closest returns the limit entries whose titles, prompts or aliases are nearest to query by
// edit distance, best first, with Match set to MatchClosest. It always returns entries (for
// a non-empty book), so a "no match" answer can still suggest something.
func (b *Book) Closest(query string, limit int) []Result {
	if limit <= 0 {
		limit = 3
	}
	q := parseQuery(truncateRunes(query, maxQueryRunes))
	qr := q.runes
	if len(qr) > 64 {
		qr = qr[:64]
	}
	scores := make([]int, len(b.entries))
	var sc scratch
	for i := range b.idx {
		best := 0
		for _, p := range b.idx[i].primary {
			n := max(len(qr), len(p.runes))
			if n == 0 {
				continue
			}
			pr := p.runes
			if len(pr) > 64 {
				pr = pr[:64]
			}
			d := osa(qr, pr, n, &sc)
			if d > n {
				d = n
			}
			// 1..99: 99 for identical, lower as the distance grows.
			s := 1 + 98*(n-d)/n
			if s > best {
				best = s
			}
		}
		scores[i] = best
	}
	matches := make([]Match, len(b.entries))
	for i := range matches {
		matches[i] = MatchClosest
	}
	return b.top(scores, matches, limit)
}
