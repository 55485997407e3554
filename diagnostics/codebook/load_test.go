package codebook

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestOverlayAddsAndOverrides(t *testing.T) {
	base := mustDefault(t)
	b, err := LoadFile(context.Background(), filepath.Join("testdata", "overlay_example.json"))
	if err != nil {
		t.Fatalf("LoadFile: %v", err)
	}
	if b == base {
		t.Fatal("a valid overlay must give a new book")
	}
	if b.Len() != base.Len()+1 {
		t.Errorf("book has %d entries, want %d (one new, one redefined)", b.Len(), base.Len()+1)
	}
	e, ok := b.Lookup("t1")
	if !ok || e.Kind != KindAcquirer {
		t.Fatalf("Lookup(t1) = %+v, %v", e, ok)
	}
	if rs := b.Search("T+0", 3); len(rs) == 0 || rs[0].Entry.Code != "T1" {
		t.Errorf("Search(T+0) = %v, want T1 first", rs)
	}
	// The overlay's 76 wins, and the built-in reading stays visible as a variant.
	e, _ = b.Lookup("76")
	if e.Kind != KindAcquirer || !e.Conflict {
		t.Errorf("76 after overlay: kind %s conflict %v; want the acquirer's entry marked as a conflict", e.Kind, e.Conflict)
	}
	foundBuiltin := false
	for _, v := range e.Variants {
		if v.Source == builtinSource.ID && strings.Contains(v.TitleEN, "Reserved") {
			foundBuiltin = true
		}
	}
	if !foundBuiltin {
		t.Errorf("76 after overlay lost the built-in reading: %+v", e.Variants)
	}
	if _, ok := b.Source("overlay:overlay_example.json"); !ok {
		t.Error("an overlay entry without sources must cite the overlay file")
	}
	// The base book is untouched.
	if e, _ := base.Lookup("76"); e.Kind != KindISO8583 {
		t.Errorf("overlay changed the built-in book: 76 is %s", e.Kind)
	}
	if _, ok := base.Lookup("T1"); ok {
		t.Error("overlay leaked into the built-in book")
	}
}

// lineOf returns the 1-based line of the first line of doc containing marker.
func lineOf(t *testing.T, doc, marker string) int {
	t.Helper()
	for i, l := range strings.Split(doc, "\n") {
		if strings.Contains(l, marker) {
			return i + 1
		}
	}
	t.Fatalf("marker %q not in document", marker)
	return 0
}

const goodEntry = `{"code": "Z9", "kind": "acquirer", "title_zh": "测试", "meaning_zh": "测试码", "who": ["acquirer"], "actions": [{"zh": "联系收单机构"}], "retry": "no"}`

func TestOverlaySchemaErrors(t *testing.T) {
	tests := []struct {
		name   string
		doc    string
		marker string // the line the error must name
		field  string // the field the error must name (suffix)
	}{
		{"unknown party", `{"entries": [
  {"code": "Z1", "kind": "acquirer", "title_zh": "x", "meaning_zh": "x",
   "who": ["merchant",
           "boss"],
   "actions": [{"zh": "x"}], "retry": "no"}
]}`, `"boss"`, "entries[0].who[1]"},
		{"unknown kind", `{"entries": [
  {"code": "Z1",
   "kind": "vendor", "title_zh": "x", "meaning_zh": "x", "who": ["merchant"], "actions": [{"zh": "x"}], "retry": "no"}
]}`, `"vendor"`, "entries[0].kind"},
		{"bad retry", `{"entries": [` + goodEntry + `,
  {"code": "Z1", "kind": "acquirer", "title_zh": "x", "meaning_zh": "x", "who": ["merchant"], "actions": [{"zh": "x"}],
   "retry": "maybe"}
]}`, `"maybe"`, "entries[1].retry"},
		{"who not a list", `{"entries": [
  {"code": "Z1", "kind": "acquirer", "title_zh": "x", "meaning_zh": "x",
   "who": "merchant", "actions": [{"zh": "x"}], "retry": "no"}
]}`, `"who": "merchant"`, "entries[0].who"},
		{"unknown field", `{"entries": [
  {"code": "Z1", "kind": "acquirer", "title_zh": "x", "meaning_zh": "x", "who": ["merchant"], "actions": [{"zh": "x"}], "retry": "no",
   "colour": "red"}
]}`, `"colour"`, "entries[0].colour"},
		{"missing actions", `{"entries": [
  {"code": "Z1", "kind": "acquirer", "title_zh": "x", "meaning_zh": "x", "who": ["merchant"], "retry": "no"}
]}`, `"code": "Z1"`, "entries[0].actions"},
		{"unknown source", `{"entries": [
  {"code": "Z1", "kind": "acquirer", "title_zh": "x", "meaning_zh": "x", "who": ["merchant"], "actions": [{"zh": "x"}], "retry": "no", "sources": ["nowhere"]}
]}`, `"code": "Z1"`, "entries[0].sources[0]"},
		{"duplicate code", `{"entries": [
  ` + goodEntry + `,
  {"code": "z9", "kind": "acquirer", "title_zh": "x", "meaning_zh": "x", "who": ["merchant"], "actions": [{"zh": "x"}], "retry": "no"}
]}`, `"code": "z9"`, "entries[1].code"},
		{"bad check step", `{"entries": [
  {"code": "Z1", "kind": "acquirer", "title_zh": "x", "meaning_zh": "x", "who": ["merchant"], "actions": [{"zh": "x"}], "retry": "no",
   "checks": ["journal", "printr"]}
]}`, `"printr"`, "entries[0].checks[1]"},
		{"syntax error", `{"entries": [
  {"code": "Z1", "kind": "acquirer"
   "title_zh": "x"}
]}`, `"title_zh": "x"}`, ""},
		{"not an object", `[1, 2]`, `[1, 2]`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := mustDefault(t)
			b, err := Load("site.json", strings.NewReader(tt.doc))
			if err == nil {
				t.Fatal("invalid overlay accepted")
			}
			if !errors.Is(err, ErrSchema) {
				t.Errorf("error %v does not match ErrSchema", err)
			}
			var se *SchemaError
			if !errors.As(err, &se) {
				t.Fatalf("error %T is not a *SchemaError: %v", err, err)
			}
			if want := lineOf(t, tt.doc, tt.marker); se.Line != want {
				t.Errorf("error names line %d, want %d: %v", se.Line, want, err)
			}
			if tt.field != "" && se.Field != tt.field {
				t.Errorf("error names field %q, want %q: %v", se.Field, tt.field, err)
			}
			if se.File != "site.json" || !strings.Contains(err.Error(), "site.json:") {
				t.Errorf("error does not name the file: %v", err)
			}
			// The built-in book still works.
			if b != base {
				t.Fatal("an invalid overlay must hand back the built-in book")
			}
			if rs := b.Search("03", 1); len(rs) == 0 || rs[0].Entry.Code != "03" {
				t.Error("built-in book broken after a bad overlay")
			}
		})
	}
}

func TestOverlayFileErrors(t *testing.T) {
	b, err := LoadFile(context.Background(), filepath.Join(t.TempDir(), "missing.json"))
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing overlay: err = %v, want a not-exist error", err)
	}
	if b == nil || b.Len() == 0 {
		t.Error("missing overlay must still hand back the built-in book")
	}
	big := strings.NewReader(strings.Repeat(" ", maxOverlay+10))
	if _, err := Load("big.json", big); !errors.Is(err, ErrSchema) {
		t.Errorf("oversized overlay: err = %v", err)
	}
	deep := strings.Repeat("[", 200) + strings.Repeat("]", 200)
	if _, err := Load("deep.json", strings.NewReader(deep)); !errors.Is(err, ErrSchema) {
		t.Errorf("deeply nested overlay: err = %v", err)
	}
}

// TestBuiltinSchemaIsStrict checks that a broken built-in file is refused at load: the same
// checks guard the embedded data.
func TestBuiltinSchemaIsStrict(t *testing.T) {
	src := `{"sources": {"s": {"title": "t"}}, "entries": [
  {"code": "Z1", "kind": "local", "title_zh": "x", "title_en": "x", "meaning_zh": "x", "meaning_en": "x",
   "causes": [{"zh": "c", "en": "c"}], "who": ["technician"], "actions": [{"zh": "a", "en": "a"}], "retry": "no",
   "related": ["Z2"], "sources": ["s"]}
]}`
	_, err := FromFS(fstest.MapFS{"a.json": {Data: []byte(src)}})
	var se *SchemaError
	if !errors.As(err, &se) || se.Field != "entries[0].related[0]" || se.Line != 2 {
		t.Errorf("unresolved related code: err = %v, want a SchemaError at line 2 on related[0]", err)
	}
	noSources := strings.Replace(src, `"sources": ["s"]`, `"checks": []`, 1)
	if _, err := FromFS(fstest.MapFS{"a.json": {Data: []byte(noSources)}}); err == nil {
		t.Error("a built-in entry without sources was accepted")
	}
	oneLang := strings.Replace(src, `"title_en": "x", `, "", 1)
	if _, err := FromFS(fstest.MapFS{"a.json": {Data: []byte(oneLang)}}); err == nil {
		t.Error("a built-in entry without an English title was accepted")
	}
}
