package codebook

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"

	"posdoctor/locale"
)

// t2s converts Traditional to Simplified Chinese with OpenCC's t2s dictionaries (phrases, then
// characters), embedded in the opencc module: no file or network is read. It is nil only if
// the embedded dictionaries fail to build, in which case Chinese is matched as typed.
var t2s = converter("t2s")

// toSimplified converts the Han characters of s to Simplified Chinese.
func toSimplified(s string) string { return convert(t2s(), s) }

// converter returns the OpenCC converter of config, built from the dictionaries embedded in
// the opencc module the first time it is asked for; nil if they fail to build.
func converter(config string) func() *opencc.OpenCC {
	return sync.OnceValue(func() *opencc.OpenCC {
		cc, err := opencc.New(config)
		if err != nil {
			return nil
		}
		return cc
	})
}

// convert converts s with cc; s unchanged if there is no converter or the conversion fails.
func convert(cc *opencc.OpenCC, s string) string {
	if cc == nil || s == "" {
		return s
	}
	out, err := convertSafe(cc, s)
	if err != nil || !utf8.ValidString(out) {
		return s
	}
	return out
}

// convertSafe runs the converter and turns a panic inside it into an error: the query is
// untrusted text and the converter is third-party code.
func convertSafe(cc *opencc.OpenCC, s string) (out string, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = s, errConvert
		}
	}()
	return cc.Convert(s)
}

type convertError struct{}

func (convertError) Error() string { return "codebook: Chinese conversion failed" }

var errConvert error = convertError{}

// regionalWords maps Taiwan/Hong Kong wording to the mainland words the book uses, after the
// character conversion (列印 is not a character variant of 打印, so OpenCC's t2s keeps it): the
// words here, and those the book's Traditional is written in (taiwanTerms), read the other way.
var regionalWords = []string{
	"连线", "连接",
	"档案", "文件",
	"卡号码", "卡号",
	"帐", "账", // Taiwan's 帳 (taiwanSpellings) is 帐 to t2s: 帳戶, 對帳, 簽帳
	"著", "着", // Taiwan's particle (插著, 意味著), which t2s keeps: 著 is Simplified too (显著)
	"终端机", "终端",
	"刷卡机", "POS机",
	// the book's own words Taiwan writes for its 链路, 断链 and 文档 (taiwanTerms): the mainland's
	// read as them, not the other way, or every 线路 of the book would read as 链路
	"链路", "线路",
	"断链", "断线",
	"文档", "文件", // Taiwan's 文件 is a document, the book's 文件 too
}

// regional rewrites regionalWords and taiwanTerms read backwards (Taiwan's word → the
// mainland's), both folded as Normalize folds them, longest first. Where Taiwan has one word
// for several of the mainland's (交易流水 and 流水 are both 交易紀錄), the word and the
// mainland's others become the shortest of them, so that either side reads the same. Built
// once, with the t2s converter.
var regional = sync.OnceValue(func() *strings.Replacer {
	folded := func(s string) string {
		f, _ := fold(s)
		return f
	}
	to := map[string]string{}
	var keys []string
	add := func(from, into string) {
		if _, ok := to[from]; ok || from == into || from == "" || !hasHan(from) {
			return
		}
		to[from] = into
		keys = append(keys, from)
	}
	for i := 0; i+1 < len(regionalWords); i += 2 {
		add(folded(regionalWords[i]), folded(regionalWords[i+1]))
	}
	mainland := map[string][]string{} // Taiwan's word, Simplified → the mainland's words
	var taiwan []string
	for i := 0; i+1 < len(taiwanTerms); i += 2 {
		cn, tw := folded(toSimplified(taiwanTerms[i])), folded(toSimplified(taiwanTerms[i+1]))
		if cn == tw {
			continue
		}
		if _, ok := mainland[tw]; !ok {
			taiwan = append(taiwan, tw)
		}
		mainland[tw] = append(mainland[tw], cn)
	}
	for _, tw := range taiwan {
		cns := mainland[tw]
		into := cns[0]
		for _, cn := range cns[1:] {
			if len([]rune(cn)) < len([]rune(into)) {
				into = cn
			}
		}
		if w, ok := to[into]; ok {
			into = w // regionalWords chose the word (链路 reads as 线路)
		}
		add(tw, into)
		for _, cn := range cns {
			add(cn, into)
		}
	}
	sort.SliceStable(keys, func(i, j int) bool { return len([]rune(keys[i])) > len([]rune(keys[j])) })
	pairs := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		pairs = append(pairs, k, to[k])
	}
	return strings.NewReplacer(pairs...)
})

// synonym rewrites one run of words to the canonical words the index uses.
type synonym struct {
	from []string
	to   []string
}

// synonyms are applied left to right, longest first at each position, to the words of both the
// book and the query, so either spelling finds the other.
var synonyms = buildSynonyms(map[string]string{
	"honour":            "honor",
	"honoured":          "honored",
	"cheque":            "check",
	"cancelled":         "canceled",
	"authorisation":     "authorization",
	"authorise":         "authorize",
	"authorised":        "authorized",
	"colour":            "color",
	"attempts":          "tries",
	"attempt":           "tries",
	"times":             "tries",
	"entries":           "tries",
	"retries":           "tries",
	"try":               "tries",
	"exceeds":           "exceeded",
	"exceed":            "exceeded",
	"too many":          "exceeded",
	"over limit":        "exceeded limit",
	"wrong":             "incorrect",
	"bad":               "incorrect",
	"invalid pin":       "incorrect pin",
	"password":          "pin",
	"passcode":          "pin",
	"out of paper":      "paper out",
	"no paper":          "paper out",
	"paper empty":       "paper out",
	"paper end":         "paper out",
	"time out":          "timeout",
	"timed out":         "timeout",
	"time-out":          "timeout",
	"sign on":           "signon",
	"signed on":         "signon",
	"sign in":           "signon",
	"signin":            "signon",
	"log on":            "signon",
	"logon":             "signon",
	"logged on":         "signon",
	"log in":            "signon",
	"login":             "signon",
	"logged in":         "signon",
	"not sufficient":    "insufficient",
	"non sufficient":    "insufficient",
	"nsf":               "insufficient funds",
	"err":               "error",
	"fail":              "failed",
	"failure":           "failed",
	"fails":             "failed",
	"pls":               "please",
	"plz":               "please",
	"trans":             "transaction",
	"txn":               "transaction",
	"tx":                "transaction",
	"merchant id":       "mid",
	"terminal id":       "tid",
	"master key":        "tmk",
	"disconnected":      "dropped",
	"disconnect":        "dropped",
	"interrupted":       "dropped",
	"busy line":         "line busy",
	"engaged":           "busy",
	"lid":               "cover",
	"printer cover":     "cover",
	"overheat":          "over temperature",
	"overheated":        "over temperature",
	"too hot":           "over temperature",
	"battery low":       "low battery",
	"stuck":             "held",
	"pickup":            "pick up",
	"pick-up":           "pick up",
	"capture card":      "pick up card",
	"retain card":       "pick up card",
	"keep card":         "pick up card",
	"call issuer":       "refer issuer",
	"refer to issuer":   "refer issuer",
	"contact issuer":    "refer issuer",
	"refer to card":     "refer card",
	"re enter":          "reenter",
	"re-enter":          "reenter",
	"re-sign":           "resign",
	"dialtone":          "dial tone",
	"no dialtone":       "no dial tone",
	"sim card":          "sim",
	"no service":        "no signal",
	"cut off":           "cutoff",
	"cut-off":           "cutoff",
	"duplicated":        "duplicate",
	"double":            "duplicate",
	"doubled":           "duplicate",
	"reverse":           "reversal",
	"reversed":          "reversal",
	"settle":            "settlement",
	"settled":           "settlement",
	"expiry":            "expired",
	"expires":           "expired",
	"lost or stolen":    "lost stolen",
	"mac check":         "mac error",
	"mac failed":        "mac error",
	"mac mismatch":      "mac error",
	"balance":           "funds",
	"insufficient fund": "insufficient funds",
})

func buildSynonyms(m map[string]string) []synonym {
	out := make([]synonym, 0, len(m))
	for from, to := range m {
		out = append(out, synonym{from: strings.Fields(from), to: strings.Fields(to)})
	}
	// Longest first, then by text, so the result does not depend on map order.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && synLess(out[j], out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func synLess(a, b synonym) bool {
	if len(a.from) != len(b.from) {
		return len(a.from) > len(b.from)
	}
	return strings.Join(a.from, " ") < strings.Join(b.from, " ")
}

// synonymsByFirst indexes synonyms by their first word.
var synonymsByFirst = func() map[string][]synonym {
	m := map[string][]synonym{}
	for _, s := range synonyms {
		m[s.from[0]] = append(m[s.from[0]], s)
	}
	return m
}()

// Normalize folds text for matching: full-width forms to half-width, lower case, Traditional to
// Simplified Chinese, Taiwan/Hong Kong wording to mainland wording, punctuation and spaces to
// single spaces, a space between Han and Latin runs, and English synonyms to one spelling.
// The result has no leading, trailing or double spaces. Normalize is safe on any input,
// including invalid UTF-8.
func Normalize(s string) string {
	folded, hasHan := fold(s)
	if folded == "" {
		return ""
	}
	if hasHan {
		folded = regional().Replace(toSimplified(folded))
		// The converter and the replacer may join or produce runs that need folding again
		// (刷卡机 → POS机 → "pos 机"); fold is idempotent on its own output.
		folded, _ = fold(folded)
	}
	words := strings.Fields(folded)
	words = applySynonyms(words)
	return strings.Join(words, " ")
}

// fold does the character-level part of Normalize and reports whether s has Han characters.
func fold(s string) (string, bool) {
	var b strings.Builder
	b.Grow(len(s))
	hasHan := false
	prev := 0 // 0 start/space, 1 Han, 2 other letter or digit
	for _, r := range s {
		r = locale.FoldWidthRune(r)
		var cls int
		switch {
		case r == utf8.RuneError:
			cls = 0
		case unicode.Is(unicode.Han, r):
			cls = 1
			hasHan = true
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cls = 2
			r = unicode.ToLower(r)
		case unicode.IsMark(r) && prev != 0:
			// Combining marks stay with their letter.
			b.WriteRune(r)
			continue
		default:
			cls = 0
		}
		if cls == 0 {
			if prev != 0 {
				b.WriteByte(' ')
			}
			prev = 0
			continue
		}
		if prev != 0 && prev != cls {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
		prev = cls
	}
	return strings.TrimRight(b.String(), " "), hasHan
}

func applySynonyms(words []string) []string {
	var out []string
	changed := false
	for i := 0; i < len(words); {
		matched := false
		for _, s := range synonymsByFirst[words[i]] {
			if i+len(s.from) > len(words) {
				continue
			}
			ok := true
			for k, w := range s.from {
				if words[i+k] != w {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			if !changed {
				out = append(make([]string, 0, len(words)+2), words[:i]...)
				changed = true
			}
			out = append(out, s.to...)
			i += len(s.from)
			matched = true
			break
		}
		if !matched {
			if changed {
				out = append(out, words[i])
			}
			i++
		}
	}
	if !changed {
		return words
	}
	return out
}

// NormalizeCode folds a code as typed ("3", "a0", "ｈ１", "link-noanswer") to the form codes are
// compared in: lower case, half-width, letters and digits only, and a number of one to three
// digits as two digits ("3" → "03", "003" → "03"). It does no Chinese conversion and no synonyms,
// so an English phrase never turns into a code by accident.
func NormalizeCode(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	digits := true
	for _, r := range s {
		r = locale.FoldWidthRune(r)
		if r == utf8.RuneError || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			continue
		}
		if !('0' <= r && r <= '9') {
			digits = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	c := b.String()
	if digits && len(c) >= 1 && len(c) <= 3 {
		if n, err := strconv.Atoi(c); err == nil && n < 100 {
			return twoDigits(n)
		}
	}
	return c
}

func twoDigits(n int) string {
	return string([]byte{byte('0' + n/10), byte('0' + n%10)})
}

// compact drops the spaces of a normalised string.
func compact(s string) string { return strings.ReplaceAll(s, " ", "") }
