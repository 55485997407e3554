package app

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/image/font/sfnt"

	"fyne.io/fyne/v2/theme"

	"posdoctor/assets"
	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
	"posdoctor/reports"
	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

// labelText is a text of a label table and where it comes from.
type labelText struct {
	text locale.Text
	from string
}

// labelTexts is every text of the domain's label tables the UI shows: the steps' names and
// titles, ST's field labels, the simulator's fault titles and descriptions.
func labelTexts() []labelText {
	var out []labelText
	for _, id := range diagnostics.StepIDs() {
		out = append(out, labelText{id.Name(), "step " + id.String()}, labelText{id.Title(), "step " + id.String()})
	}
	for _, f := range serialio.StatusFields {
		out = append(out, labelText{f.Label, "ST field " + f.Name})
	}
	for _, sp := range termsim.FaultSpecs() {
		out = append(out, labelText{sp.Title, "fault " + sp.Name}, labelText{sp.Desc, "fault " + sp.Name})
	}
	for _, c := range reports.Categories() {
		out = append(out, labelText{c.Labels(), "category " + c.String()})
	}
	for _, r := range reports.Resolutions() {
		out = append(out, labelText{r.Labels(), "resolution " + r.String()})
	}
	return out
}

// uiTexts is every text the UI can draw that is written down in the project: the
// translations, the checklist's message templates and labels, ST's field labels, the
// simulator's fault texts and the string literals of the app's code.
func uiTexts(t *testing.T) map[string]string {
	t.Helper()
	texts := map[string]string{} // text → where it comes from
	tables := translationTables(t)
	for _, name := range slices.Sorted(maps.Keys(tables)) {
		for k, v := range tables[name] {
			texts[k] = name
			texts[v] = name
		}
	}
	for _, s := range diagnostics.MessageTemplates() {
		texts[s] = "diagnostics template"
	}
	for _, lt := range labelTexts() {
		for _, l := range locale.Langs() {
			texts[lt.text.In(l)] = lt.from
		}
	}
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && (lit.Kind == token.STRING || lit.Kind == token.CHAR) {
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					s = lit.Value
				}
				texts[s] = fset.Position(lit.Pos()).String()
			}
			return true
		})
	}
	return texts
}

// drawable reports whether r is in the embedded regular face (Noto Sans CJK SC, cut down) or
// in Fyne's text font (Noto Sans), which Fyne falls back to. A rune found only further
// on (Fyne's symbol font, fonts of the system) does not count: Fyne shapes the space after it
// in that font too, which has none, so "→ " drew as "→�"; and a counter laptop may have no
// CJK or symbol fonts at all.
func drawable(t *testing.T) func(rune) bool {
	t.Helper()
	return inFonts(t, assets.Font, theme.DefaultTextFont().Content())
}

// inFonts reports whether r is in one of the fonts srcs hold (a glyph other than .notdef).
func inFonts(t *testing.T, srcs ...[]byte) func(rune) bool {
	t.Helper()
	var fonts []*sfnt.Font
	for _, src := range srcs {
		f, err := sfnt.Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		fonts = append(fonts, f)
	}
	var buf sfnt.Buffer
	return func(r rune) bool {
		for _, f := range fonts {
			if gi, err := f.GlyphIndex(&buf, r); err == nil && gi != 0 {
				return true
			}
		}
		return false
	}
}

// TestFontHasEveryGlyph: every rune the UI draws from its texts is in the embedded font or
// Fyne's text font, so no text shows a box or "�" (the action lines' "→" did, once).
func TestFontHasEveryGlyph(t *testing.T) {
	texts := uiTexts(t)
	if len(texts) < 500 {
		t.Fatalf("only %d texts found: the walk is broken", len(texts))
	}
	reportMissing(t, "neither the embedded font nor Fyne's text font has", texts, drawable(t), nil)
}

// reportMissing fails t for each rune of texts that has does not draw (control characters and
// the runes of skip apart), naming where it is used, in rune order.
func reportMissing(t *testing.T, what string, texts map[string]string, has func(rune) bool, skip map[rune]bool) {
	t.Helper()
	missing := map[rune]string{}
	for s, from := range texts {
		for _, r := range s {
			if _, seen := missing[r]; !seen && !skip[r] && !unicode.IsControl(r) && !has(r) {
				missing[r] = from + ": " + strconv.Quote(s)
			}
		}
	}
	var runes []rune
	for r := range missing {
		runes = append(runes, r)
	}
	sort.Slice(runes, func(i, j int) bool { return runes[i] < runes[j] })
	for _, r := range runes {
		t.Errorf("%s %q (U+%04X), used in %s", what, r, r, missing[r])
	}
}

// TestFontCheckCanFail: the check above finds a rune neither font has.
func TestFontCheckCanFail(t *testing.T) {
	has := drawable(t)
	for _, r := range "连a»" {
		if !has(r) {
			t.Errorf("%q not found: the look-up is broken", r)
		}
	}
	for _, r := range "한\U0001F600" { // Hangul and an emoji: in neither

		if has(r) {
			t.Errorf("%q found: the look-up cannot fail", r)
		}
	}
}

// TestFontHasTheBooksGlyphs: every character of the code book and the built-in drills, as
// written and as shown in Traditional Chinese, is in the embedded regular face or Fyne's text
// font: what the app ships draws the same on a laptop with no CJK font. (What people type —
// a merchant's rare name — may need the system's fonts; the PDF forms carry a fuller font.)
func TestFontHasTheBooksGlyphs(t *testing.T) {
	texts := map[string]string{}
	for name, fsys := range map[string]fs.FS{"codebook": assets.Codebook, "drills": assets.Drills} {
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			for i, line := range strings.Split(string(b), "\n") {
				from := fmt.Sprintf("%s/%s:%d", name, p, i+1)
				texts[line] = from
				texts[codebook.ToTraditional(line)] = from + " (Traditional)"
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(texts) < 1000 {
		t.Fatalf("only %d lines found: the walk is broken", len(texts))
	}
	reportMissing(t, "neither the embedded font nor Fyne's text font has", texts, drawable(t), nil)
}
