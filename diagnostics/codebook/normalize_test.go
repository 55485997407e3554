package codebook

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"posdoctor/diagnostics"
	"posdoctor/locale"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  PAPER  OUT ", "paper out"},
		{"ＰＡＰＥＲ　ＯＵＴ", "paper out"}, // full-width letters and ideographic space
		{"MAC错", "mac 错"},          // a space between Latin and Han runs
		{"03无效商户", "03 无效商户"},
		{"無效商戶", "无效商户"}, // Traditional → Simplified
		{"終端號無效", "终端号无效"},
		{"印表機缺紙", "打印机缺纸"}, // Taiwan wording → mainland wording
		{"網路中斷", "网络中断"},
		{"交易失败,请联系发卡行", "交易失败 请联系发卡行"}, // full-width punctuation is a separator
		{"【无效商户】", "无效商户"},
		{"Do not honour", "do not honor"}, // synonyms
		{"PIN attempts exceeded", "pin tries exceeded"},
		{"too many PIN tries", "exceeded pin tries"},
		{"out of paper", "paper out"},
		{"Log on failed", "signon failed"},
		{"time-out", "timeout"},
		{"a\xffb", "a b"}, // invalid UTF-8 is a separator
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"3", "03"}, {"03", "03"}, {"003", "03"}, {"０３", "03"}, {" 7 ", "07"}, {"99", "99"},
		{"100", "100"}, {"a0", "a0"}, {"Ａ０", "a0"}, {"LINK-NOANSWER", "linknoanswer"},
		{"paper_low", "paperlow"}, {"无效商户", "无效商户"}, {"", ""}, {"--", ""},
	}
	for _, tt := range tests {
		if got := NormalizeCode(tt.in); got != tt.want {
			t.Errorf("NormalizeCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEnumsRoundTrip(t *testing.T) {
	for _, k := range kinds.values() {
		if got, err := ParseKind(k.String()); err != nil || got != k {
			t.Errorf("ParseKind(%q) = %q, %v", k, got, err)
		}
		if k.Label().In(locale.ZH) == string(k) || k.Label().In(locale.EN) == string(k) {
			t.Errorf("kind %q has no label", k)
		}
	}
	for w := diagnostics.WhoTechnician; w <= diagnostics.WhoProvider; w++ {
		if _, ok := whos.spell(w); !ok {
			t.Errorf("the book cannot name %v", w)
		}
	}
	for _, w := range whos.values() {
		p := Party{w}
		if got, err := ParseParty(p.String()); err != nil || got != p {
			t.Errorf("ParseParty(%q) = %v, %v", p, got, err)
		}
		if p.Label() != w.Label() {
			t.Errorf("party %q is not labelled as the checklist labels it", p)
		}
	}
	for _, s := range diagnostics.StepIDs() {
		if got, err := ParseStep(s.String()); err != nil || got != s {
			t.Errorf("ParseStep(%q) = %q, %v", s, got, err)
		}
	}
	for _, r := range retries.values() {
		if got, err := ParseRetry(r.String()); err != nil || got != r {
			t.Errorf("ParseRetry(%q) = %q, %v", r, got, err)
		}
		if r.Label().In(locale.ZH) == string(r) || r.Label().In(locale.EN) == string(r) {
			t.Errorf("retry %q has no label", r)
		}
	}
	for _, c := range []Category{CategoryNone, CategorySuccess, CategoryRetry, CategoryNoRetry, CategoryOperator, CategorySysFault} {
		if got, err := ParseCategory(string(c)); err != nil || got != c {
			t.Errorf("ParseCategory(%q) = %q, %v", c, got, err)
		}
		if (c.Label() == locale.Text{}) != (c == CategoryNone) {
			t.Errorf("category %q label %+v", c, c.Label())
		}
	}
	// Near misses are refused, case included: a lenient parser would let typos through.
	for _, bad := range []string{"Merchant", "merchants", " merchant", "", "provider"} {
		if _, err := ParseParty(bad); err == nil {
			t.Errorf("ParseParty(%q) accepted", bad)
		}
	}
	for _, bad := range []string{"ISO8583", "prompts", ""} {
		if _, err := ParseKind(bad); err == nil {
			t.Errorf("ParseKind(%q) accepted", bad)
		}
	}
	for _, bad := range []string{"a", "F", "AB"} {
		if _, err := ParseCategory(bad); err == nil {
			t.Errorf("ParseCategory(%q) accepted", bad)
		}
	}
	for _, bad := range []string{"Yes", "retry", ""} {
		if _, err := ParseRetry(bad); err == nil {
			t.Errorf("ParseRetry(%q) accepted", bad)
		}
	}
	for _, bad := range []string{"Journal", "print"} {
		if _, err := ParseStep(bad); err == nil {
			t.Errorf("ParseStep(%q) accepted", bad)
		}
	}
}

// TestPartyWords: the book's files and its JSON call the provider "acquirer", as they always
// have, though the value is the checklist's WhoProvider.
func TestPartyWords(t *testing.T) {
	var x struct{ Who []Party }
	if err := json.Unmarshal([]byte(`{"Who": ["acquirer", "merchant"]}`), &x); err != nil {
		t.Fatal(err)
	}
	if len(x.Who) != 2 || x.Who[0].Who != diagnostics.WhoProvider || x.Who[1].Who != diagnostics.WhoMerchant {
		t.Fatalf("read %v", x.Who)
	}
	b, err := json.Marshal(x)
	if err != nil || string(b) != `{"Who":["acquirer","merchant"]}` {
		t.Errorf("wrote %s, %v", b, err)
	}
	if err := json.Unmarshal([]byte(`{"Who": ["provider"]}`), &x); err == nil {
		t.Error(`"provider" read: the files have one word for each party`)
	}
	if _, err := json.Marshal(Party{diagnostics.Who(42)}); err == nil {
		t.Error("a party without a name was written")
	}
}

// FuzzNormalize checks Normalize and NormalizeCode on arbitrary input: no panic, valid UTF-8,
// no upper-case ASCII or full-width forms, single spaces, and a stable result when applied twice.
func FuzzNormalize(f *testing.F) {
	for _, c := range searchCases {
		f.Add(c.query)
	}
	for _, s := range []string{"", " ", "\xff", "ＡＢＣ　１２３", "無效商戶,MAC錯!", "a\u0301b", "\u3000\u3000", "too many too many tries"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q: invalid UTF-8", s, n)
		}
		if n != strings.TrimSpace(n) || strings.Contains(n, "  ") {
			t.Fatalf("Normalize(%q) = %q: stray spaces", s, n)
		}
		for _, r := range n {
			if ('A' <= r && r <= 'Z') || (r >= 0xFF01 && r <= 0xFF5E) || r == 0x3000 {
				t.Fatalf("Normalize(%q) = %q: kept %q", s, n, r)
			}
		}
		if again := Normalize(n); again != n {
			t.Fatalf("Normalize not stable: %q → %q → %q", s, n, again)
		}
		c := NormalizeCode(s)
		if !utf8.ValidString(c) || strings.ContainsAny(c, " -_") {
			t.Fatalf("NormalizeCode(%q) = %q", s, c)
		}
	})
}

// FuzzOverlay feeds arbitrary bytes to the overlay reader: it must never panic, and a rejected
// overlay must hand back the base book.
func FuzzOverlay(f *testing.F) {
	f.Add([]byte(`{"entries": [` + goodEntry + `]}`))
	f.Add([]byte(`{"entries": [{"code": 1}]}`))
	f.Add([]byte(`[`))
	f.Add([]byte(`{"sources": {"a": {"title": "t"}}, "entries": []}`))
	base := mustDefault(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := base.WithOverlay("fuzz.json", strings.NewReader(string(data)))
		if b == nil {
			t.Fatal("nil book")
		}
		if err != nil && b != base {
			t.Fatal("rejected overlay did not hand back the base book")
		}
		b.Search("03", 3)
	})
}

// FuzzSearch runs arbitrary queries against the built-in book.
func FuzzSearch(f *testing.F) {
	for _, c := range searchCases {
		f.Add(c.query)
	}
	b := mustDefault(f)
	f.Fuzz(func(t *testing.T, q string) {
		rs := b.Search(q, 5)
		if len(rs) > 5 {
			t.Fatalf("Search(%q) returned %d results", q, len(rs))
		}
		for i := 1; i < len(rs); i++ {
			if rs[i].Score > rs[i-1].Score {
				t.Fatalf("Search(%q) not sorted by score", q)
			}
		}
		b.Lookup(q)
	})
}
