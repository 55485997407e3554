package codebook

import (
	"sort"
	"strings"
)

// Book is a loaded, checked and indexed code book. It is immutable and safe for concurrent use.
type Book struct {
	entries []Entry
	sources map[string]Source
	byCode  map[string]int        // NormalizeCode(code) → entry
	exact   map[string][]exactHit // compact normalised primary text → entries
	idx     []entryIndex
}

// exactHit is an entry whose primary text equals a key: the entry and that text's index in its
// primary texts.
type exactHit struct {
	entry int
	key   int
}

// textKey is one searchable text of an entry, normalised.
type textKey struct {
	compact string
	runes   []rune
	mask    uint64 // runeMask(runes), a quick filter for fuzzy matching
	weight  int    // added to the score of a match on this text: 0, or negative for variant titles
	field   Field  // which of the entry's texts it is
	text    string // the text as the book writes it
}

// Field is which of an entry's texts a search result matched on.
type Field int

// The texts of an entry a result can match on.
const (
	FieldEntry  Field = iota // no one text: the query's words spread over the entry's texts, or typos
	FieldCode                // the code (a prompt's code is its name)
	FieldName                // a title, or the text of a prompt, which is its code
	FieldScreen              // a text terminals print for it (display)
	FieldAlias               // an alias: another table's wording, a symptom, a synonym
	FieldSource              // what another source calls it: a variant's title, the ISO generic name
	FieldText                // the meaning, a cause or a variant's meaning
)

type entryIndex struct {
	code      string              // NormalizeCode(Code)
	isPrompt  bool                // prompt entries' codes are text, not codes
	primary   []textKey           // code text, titles, display texts, aliases, generic name, variant titles
	pTokens   []string            // words of the primary texts
	pTokenRs  [][]rune            // runes of pTokens
	allList   []string            // allTokens as a sorted slice, for prefix scans
	secondary []string            // compact meanings, causes, variant meanings
	secText   []string            // secondary's texts as the book writes them
	allTokens map[string]struct{} // words of primary and secondary texts
	pTokenSet map[string]struct{} // words of primary texts
	kindRank  int                 // tie-break order
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
		addPrimary := func(s string, weight int, field Field) {
			n := Normalize(s)
			c := compact(n)
			if c == "" || seen[c] {
				return
			}
			seen[c] = true
			rs := []rune(c)
			b.exact[c] = append(b.exact[c], exactHit{i, len(ix.primary)})
			ix.primary = append(ix.primary, textKey{compact: c, runes: rs, mask: runeMask(rs), weight: weight, field: field, text: s})
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
			ix.secText = append(ix.secText, s)
			for _, w := range strings.Fields(n) {
				ix.allTokens[w] = struct{}{}
			}
		}
		codeField := FieldCode
		if ix.isPrompt {
			codeField = FieldName // the prompt's own text, shown as its name
		}
		addPrimary(e.Code, 0, codeField)
		addPrimary(e.TitleZH, 0, FieldName)
		addPrimary(e.TitleEN, 0, FieldName)
		for _, s := range e.Display {
			addPrimary(s, 0, FieldScreen)
		}
		for _, s := range e.Aliases {
			addPrimary(s, 0, FieldAlias)
		}
		addPrimary(e.GenericEN, variantWeight, FieldSource)
		for _, v := range e.Variants {
			addPrimary(v.TitleZH, variantWeight, FieldSource)
			addPrimary(v.TitleEN, variantWeight, FieldSource)
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

// Source returns the source with the given id.
func (b *Book) Source(id string) (Source, bool) {
	s, ok := b.sources[id]
	return s, ok
}

// Entries returns every entry of the book, in book order (treat them as read-only).
func (b *Book) Entries() []Entry { return append([]Entry(nil), b.entries...) }

// Len returns the number of entries.
func (b *Book) Len() int { return len(b.entries) }

// Lookup returns the entry whose code is code, compared after NormalizeCode ("3" finds "03",
// "a0" finds "A0"); a prompt's code is its Chinese text, compared as typed and after conversion
// to Simplified Chinese.
func (b *Book) Lookup(code string) (Entry, bool) {
	if i, ok := b.byCode[NormalizeCode(code)]; ok {
		return b.entries[i], true
	}
	if i, ok := b.byCode[NormalizeCode(Normalize(code))]; ok {
		return b.entries[i], true
	}
	return Entry{}, false
}
