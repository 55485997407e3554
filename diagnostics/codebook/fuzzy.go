package codebook

import (
	"unicode"
)

// scratch holds the rows of the edit-distance tables, reused within one search.
type scratch struct{ r0, r1, r2 []int }

func (s *scratch) rows(n int) ([]int, []int, []int) {
	if cap(s.r0) < n {
		s.r0, s.r1, s.r2 = make([]int, n), make([]int, n), make([]int, n)
	}
	return s.r0[:n], s.r1[:n], s.r2[:n]
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
			if d := substringDistance(q.runes, p.runes, k, sc); d <= k && fuzzyEvidence(q, d) {
				if s := scoreFuzzy + 99 - 99*d/(k+1) + p.weight/4; s > sub {
					sub = s
				}
			}
		}
	}
	tok := 0 // every word of the query close to a word of the entry
	if len(q.tokens) > 1 || (len(q.tokens) == 1 && sub == 0) {
		matched, exact, edits := 0, 0, 0
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
			d := tk + 1
			han := hasHan(t)
			for _, wr := range ix.pTokenRs {
				if han {
					if len(wr)+tk >= len(tr) {
						d = min(d, substringDistance(tr, wr, tk, sc))
					}
				} else if abs(len(wr)-len(tr)) <= tk {
					d = min(d, osa(tr, wr, tk, sc))
				}
				if d <= 1 {
					break
				}
			}
			if d > tk {
				break
			}
			matched++
			edits += d
		}
		if matched == len(q.tokens) && fuzzyEvidence(q, edits) {
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

// minFuzzyLetters is how many letters of a query without Chinese must be typed right for a
// typo match: three or four letters of 26 turn up, in order, in many texts ("asdf", "qwer", "abc"
// each fall within one edit of something), while one Chinese character of thousands seldom does.
const minFuzzyLetters = 5

// fuzzyEvidence says whether a match of q with edits typos rests on enough of what was typed:
// a query with Chinese always (its typos are judged by maxEdits), a Latin one when at least
// minFuzzyLetters of its letters match as typed ("papr out", "timout": yes; "asdf": no).
func fuzzyEvidence(q *query, edits int) bool {
	return hasHan(q.compact) || len(q.runes)-edits >= minFuzzyLetters
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
	hits := make([]hit, len(b.entries))
	for i := range hits {
		hits[i] = hit{match: MatchClosest}
	}
	return b.top(scores, hits, limit)
}
