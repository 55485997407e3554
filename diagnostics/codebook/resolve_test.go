package codebook

import (
	"slices"
	"testing"
)

// TestResolve: what a technician types names an entry by its code in any case, width or
// script, or by an exact prompt, title or alias; less names none. The Incident screen's code
// picker and `incidents --code` both read codes so.
func TestResolve(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ q, want string }{
		{"ａ０", "A0"}, {"a0", "A0"}, {"3", "03"}, {"03", "03"}, {"p1", "P1"}, {"failed-txns", "FAILED-TXNS"},
		{"无效商户", "无效商户"}, {"無效商戶", "无效商户"}, {"03 无效商户", "03"}, {"商户未登记", "无效商户"},
	} {
		r, ok := b.Resolve(c.q)
		if !ok || r.Entry.Code != c.want {
			t.Errorf("Resolve(%q) = %q %v, want %q", c.q, r.Entry.Code, ok, c.want)
		}
	}
	for _, q := range []string{"", "zz9", "打印", "无效", "paper"} {
		if r, ok := b.Resolve(q); ok {
			t.Errorf("Resolve(%q) = %q, want none", q, r.Entry.Code)
		}
	}
}

// TestCodes: a prompt stands for itself and the codes it corresponds to; a code for itself.
func TestCodes(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string][]string{
		"无效商户":  {"无效商户", "03"},
		"03":    {"03"},
		"P1":    {"P1"},
		"请检查线路": {"请检查线路", "H1"}, // its other prompt (无拨号音) left out
	} {
		e, ok := b.Lookup(q)
		if !ok {
			t.Fatalf("no entry %q", q)
		}
		if got := b.Codes(e); !slices.Equal(got, want) {
			t.Errorf("Codes(%s) = %q, want %q", q, got, want)
		}
	}
}
