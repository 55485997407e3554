package codebook

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"posdoctor/internal/cardtest"
)

// shown is s as a terminal shows it: escape sequences and characters that show as nothing
// (zero-width spaces and joiners, the byte-order mark, other controls) are not there.
func shown(s string) string {
	s = regexp.MustCompile("\x1b\\[[0-9;?]*[ -/]*[@-~]").ReplaceAllString(s, "")
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) || unicode.IsControl(r) && r != '\n' && r != '\t' {
			return -1
		}
		return r
	}, s)
}

// TestOverlayTextsAreMasked: a card number written into an overlay's texts — whole, grouped,
// full-width, split by a zero-width space or an escape code — keeps only its first 6 and last 4
// digits in the book (lookup --overlay printed it whole, in its text and in --json).
func TestOverlayTextsAreMasked(t *testing.T) {
	const visa, up, mc = "4111111111111111", "6222020200112233445", "5500000000000004"
	cards := []string{visa, up, mc}
	forms := []string{
		visa,
		"4111 1111 1111 1111",
		cardtest.FullWidth(up),
		"4111\u200b1111\u200b1111\u200b1111",
		"5500\x1b[0m0000\x1b[1m0000\x1b[0m0004",
		"6222\u20600202\u00ad0011\ufeff2233445",
	}
	var texts []string
	for i, f := range forms {
		texts = append(texts, "卡号 "+f+" 已拒绝 / card "+f+" declined #"+string(rune('a'+i)))
	}
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	all := strings.Join(func() []string {
		var out []string
		for _, s := range texts {
			out = append(out, q(s))
		}
		return out
	}(), ", ")
	txt := func(i int) string { return q(texts[i%len(texts)]) }
	doc := `{
  "schema": 1,
  "sources": {"ticket": {"title": ` + txt(0) + `, "name_zh": ` + txt(1) + `, "name_en": ` + txt(2) + `, "url": "https://example.com/t/` + visa + `"}},
  "entries": [
    {
      "code": "Z7", "kind": "acquirer",
      "title_zh": ` + txt(0) + `, "title_en": ` + txt(1) + `,
      "meaning_zh": ` + txt(2) + `, "meaning_en": ` + txt(3) + `,
      "display": [` + all + `], "aliases": [` + all + `],
      "causes": [{"zh": ` + txt(4) + `, "en": ` + txt(5) + `}],
      "who": ["acquirer"],
      "actions": [{"zh": ` + txt(5) + `, "en": ` + txt(4) + `}, {"zh": ` + txt(3) + `, "en": ` + txt(2) + `}],
      "retry": "no", "retry_note": {"zh": ` + txt(1) + `, "en": ` + txt(0) + `},
      "sources": ["ticket"]
    },
    {
      "code": "05", "kind": "acquirer",
      "title_zh": ` + txt(3) + `, "title_en": ` + txt(4) + `,
      "meaning_zh": ` + txt(5) + `, "meaning_en": ` + txt(0) + `,
      "conflict_note": {"zh": ` + txt(2) + `, "en": ` + txt(3) + `},
      "variants": [{"source": "ticket", "title_zh": ` + txt(1) + `, "title_en": ` + txt(2) + `, "meaning_zh": ` + txt(4) + `, "meaning_en": ` + txt(5) + `}],
      "who": ["issuer"], "actions": [{"zh": ` + txt(0) + `, "en": ` + txt(1) + `}], "retry": "no"
    }
  ]
}`
	b, err := mustDefault(t).WithOverlay("site.json", strings.NewReader(doc))
	if err != nil {
		t.Fatalf("WithOverlay: %v", err)
	}
	for _, code := range []string{"Z7", "05"} {
		e, ok := b.Lookup(code)
		if !ok {
			t.Fatalf("%s not in the book", code)
		}
		js, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		var back any // the JSON as a reader of lookup --json gets it: escapes decoded
		_ = json.Unmarshal(js, &back)
		flat, _ := json.Marshal(back)
		var strs []string
		var walk func(any)
		walk = func(v any) {
			switch x := v.(type) {
			case string:
				strs = append(strs, x)
			case []any:
				for _, y := range x {
					walk(y)
				}
			case map[string]any:
				for _, y := range x {
					walk(y)
				}
			}
		}
		walk(back)
		for _, s := range strs {
			if leaks := cardtest.Leaks(shown(s), cards...); len(leaks) > 0 {
				t.Errorf("%s: %q shows %v whole", code, s, leaks)
			}
		}
		if !strings.Contains(string(flat), "411111") || !strings.Contains(string(flat), "1111") {
			t.Errorf("%s: the first 6 and last 4 digits should stay: %s", code, flat)
		}
	}
	src, ok := b.Source("ticket")
	if !ok {
		t.Fatal("the overlay's source is gone")
	}
	for _, s := range []string{src.Title, src.NameZH, src.NameEN, src.URL} {
		if leaks := cardtest.Leaks(shown(s), cards...); len(leaks) > 0 {
			t.Errorf("source: %q shows %v whole", s, leaks)
		}
	}
}
