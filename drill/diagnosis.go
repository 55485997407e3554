package drill

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
)

// A diagnosis names a code as the code book reads codes, or as the Incident screen's code
// picker reads what is typed (docs/incidents.md): the code in any case or width ("p1", "ｐ１",
// "3" for 03), or a title, screen text or alias exactly as the book has it ("打印机缺纸",
// "打印機缺紙", "缺纸", "Printer out of paper"), which names the one code that has it. It is
// scored as that code: never does the form of a right answer cost points.

// The problems of a diagnosis that names no code, or more than one.
var (
	msgNamesNoCode = tpl("{{.Given}} names no code of the code book: give the code, or its title or screen text as the book writes it (posdoctor lookup {{.Lookup}})")
	msgNamesMany   = tpl("{{.Given}} names more than one code ({{.Codes}}): give the code")
)

// CodesNamed is the codes of book that a diagnosis as given names, best first, or a problem
// when it names none (or, by a title or screen text alone, several):
//
//   - a code of the book in any case or width ("p1", "ｐ１", "3" for 03) is that code;
//   - a title, screen text or alias exactly as the book has it, in either script or in
//     English, names the one code (not a screen prompt) that has it: "打印机缺纸" and "缺纸"
//     are P1. A prompt of the book's own ("打印机缺纸" is one too) follows as a second
//     reading, so a drill that lists the prompt as its answer still takes it;
//   - a prompt of the book that names several codes ("交易超时": 68, 98, H3) is the prompt.
//
// A nil book takes given as the code it is.
func CodesNamed(book *codebook.Book, given string) ([]string, error) {
	given = strings.TrimSpace(given)
	if given == "" {
		return nil, problem(msgNamesNoCode, kv{"Given": `""`, "Lookup": "CODE"})
	}
	if book == nil {
		return []string{given}, nil
	}
	own, isCode := book.Lookup(given)
	if isCode && own.Kind != codebook.KindPrompt {
		return []string{own.Code}, nil
	}
	var codes, prompts []string
	for _, r := range book.Search(given, 64) {
		switch r.Match {
		case codebook.MatchCode, codebook.MatchCodeAndText, codebook.MatchPrompt:
		default:
			continue
		}
		if r.Entry.Kind == codebook.KindPrompt {
			if !slices.Contains(prompts, r.Entry.Code) {
				prompts = append(prompts, r.Entry.Code)
			}
		} else if !slices.Contains(codes, r.Entry.Code) {
			codes = append(codes, r.Entry.Code)
		}
	}
	switch {
	case len(codes) == 1 && isCode && own.Code != codes[0]:
		return []string{codes[0], own.Code}, nil
	case len(codes) == 1:
		return codes, nil
	case isCode:
		return []string{own.Code}, nil
	case len(codes) == 0 && len(prompts) == 1:
		return prompts, nil
	case len(codes) > 1: // the codes to choose from, not the prompts that share the text
		return nil, problem(msgNamesMany, kv{"Given": strconv.Quote(given), "Codes": strings.Join(codes, ", ")})
	case len(prompts) > 1:
		return nil, problem(msgNamesMany, kv{"Given": strconv.Quote(given), "Codes": strings.Join(prompts, ", ")})
	}
	return nil, problem(msgNamesNoCode, kv{"Given": strconv.Quote(given), "Lookup": lookupArg(given)})
}

// lookupArg is given as an argument of `posdoctor lookup` a reader can copy: quoted when it
// has spaces.
func lookupArg(given string) string {
	if strings.ContainsFunc(given, unicode.IsSpace) {
		return strconv.Quote(given)
	}
	return given
}

// sameCode reports whether a and b are one code as the book compares codes ("p1" is P1, "3"
// is 03; a prompt's text as written).
func sameCode(a, b string) bool {
	if a == b {
		return true
	}
	na, nb := codebook.NormalizeCode(a), codebook.NormalizeCode(b)
	return na != "" && na == nb
}

// accepted is the answer of sc that code is, and whether it is one.
func accepted(sc *Scenario, code string) (string, bool) {
	for _, c := range sc.Answer.Diagnosis {
		if sameCode(c, code) {
			return c, true
		}
	}
	return "", false
}

// CodeIn is a code (or a diagnosis as given) as a reader of l reads it: a prompt's code, its
// Chinese text, in Traditional with Taiwan's words for locale.ZHTW (打印机故障 is 印表機故障, as
// Look up shows it); any other code as it is.
func CodeIn(l locale.Lang, code string) string {
	return codeText(code).In(l)
}

// codeText is a code in every language (CodeIn).
func codeText(code string) locale.Text {
	t := locale.Text{ZH: code, ZHTW: code, EN: code}
	if strings.ContainsFunc(code, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		t.ZHTW = codebook.ToTraditional(code)
	}
	return t
}
