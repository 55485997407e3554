package codebook

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"posdoctor/locale"
)

// TestEverySourceHasAReadableLabel: a reader is shown the kind of each built-in source and its
// name in their language, never the book's internal notes (repository paths, how it was found).
func TestEverySourceHasAReadableLabel(t *testing.T) {
	b := mustDefault(t)
	internal := []string{"shared/", "seeds", ".md", ".go", "found by", "public code search", "diagnostics/"}
	ids := map[string]bool{}
	for _, e := range b.Entries() {
		for _, id := range e.Sources {
			ids[id] = true
		}
		for _, v := range e.Variants {
			ids[v.Source] = true
		}
	}
	for id := range ids {
		s, ok := b.Source(id)
		if !ok {
			t.Errorf("source %q: not in the book", id)
			continue
		}
		if s.Kind == SourceKindNone || s.NameZH == "" || s.NameEN == "" {
			t.Errorf("source %q: kind %q, name_zh %q, name_en %q: want a kind and both names", id, s.Kind, s.NameZH, s.NameEN)
		}
		for _, l := range []locale.Lang{locale.ZH, locale.EN} {
			label := s.Label(l)
			for _, bad := range internal {
				if strings.Contains(label, bad) {
					t.Errorf("source %q: label %q shows %q", id, label, bad)
				}
			}
		}
	}
	s, _ := b.Source("seed-004")
	if got, want := s.Label(locale.ZH), "现场文章：POS机显示错误代码的含义与处理"; got != want {
		t.Errorf("seed-004 in Chinese: %q, want %q", got, want)
	}
	if got := s.Label(locale.EN); !strings.HasPrefix(got, "field article: ") {
		t.Errorf("seed-004 in English: %q", got)
	}
	s, _ = b.Source("cups-terminal-spec")
	if got := s.Label(locale.EN); !strings.HasPrefix(got, "UnionPay spec: ") {
		t.Errorf("cups-terminal-spec in English: %q", got)
	}
}

// TestSourceKindIsChecked: an overlay may give its sources a kind and names, or none, but not
// a kind the book does not know; a source without a name is labelled by its title.
func TestSourceKindIsChecked(t *testing.T) {
	b := mustDefault(t)
	ov := `{"schema": 1, "sources": {"m": {"title": "Acquirer X manual", "kind": "vendor", "name_zh": "X 收单手册"},
  "n": {"title": "notes"}}, "entries": [
  {"code": "Z1", "kind": "acquirer", "title_zh": "x", "meaning_zh": "x", "who": ["merchant"], "actions": [{"zh": "x"}], "retry": "no", "sources": ["m", "n"]}
]}`
	nb, err := b.WithOverlay("site.json", strings.NewReader(ov))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := nb.Source("m")
	if got := m.Label(locale.ZH); got != "厂商文档：X 收单手册" {
		t.Errorf("overlay source in Chinese: %q", got)
	}
	if got := m.Label(locale.EN); got != "vendor documentation: X 收单手册" {
		t.Errorf("overlay source in English (no English name): %q", got)
	}
	if n, _ := nb.Source("n"); n.Label(locale.EN) != "notes" {
		t.Errorf("a source of no kind and no name: %q, want its title", n.Label(locale.EN))
	}
	bad := strings.Replace(ov, `"kind": "vendor"`, `"kind": "blog"`, 1)
	_, err = b.WithOverlay("site.json", strings.NewReader(bad))
	var se *SchemaError
	if !errors.As(err, &se) || se.Field != "sources.m.kind" {
		t.Errorf("unknown source kind: err = %v, want a SchemaError on sources.m.kind", err)
	}
	if _, err := FromFS(fstest.MapFS{"a.json": {Data: []byte(`{"sources": {"s": {"title": "t", "kind": 3}}, "entries": []}`)}}); err == nil {
		t.Error("a source kind that is not a string was accepted")
	}
}
