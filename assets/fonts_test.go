package assets

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"

	"golang.org/x/image/font/sfnt"
)

// covers reports whether f has a glyph for r.
func covers(t *testing.T, f *sfnt.Font, r rune) bool {
	t.Helper()
	var buf sfnt.Buffer
	gi, err := f.GlyphIndex(&buf, r)
	return err == nil && gi != 0
}

func parse(t *testing.T, name string, data []byte) *sfnt.Font {
	t.Helper()
	f, err := sfnt.Parse(data)
	if err != nil {
		t.Fatalf("%s does not parse: %v", name, err)
	}
	return f
}

// TestFacesCoverTheSameCharacters: the regular and bold faces are cut to one character set, so
// a word never has its regular and bold forms drawn by different fonts; and that set holds
// Simplified and Traditional text, Latin and the full-width forms.
func TestFacesCoverTheSameCharacters(t *testing.T) {
	regular, bold := parse(t, "Font", Font), parse(t, "BoldFont", BoldFont)
	n := 0
	for r := rune(0x20); r <= 0xFFFF; r++ {
		in := covers(t, regular, r)
		if in != covers(t, bold, r) {
			t.Fatalf("U+%04X is in one face only (regular: %v)", r, in)
		}
		if in {
			n++
		}
	}
	if n < 10000 {
		t.Errorf("the faces hold %d characters: the subset lost the Chinese", n)
	}
	for _, r := range "A zé检查檢查设置設定，０" {
		if !covers(t, regular, r) {
			t.Errorf("%q is not in the faces", r)
		}
	}
}

// TestFormFont: the forms' font unpacks to a TrueType font (fpdf reads glyf outlines only)
// that has the rarer characters a merchant's name may hold, which the UI's faces leave to the
// system's fonts.
func TestFormFont(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(FormFontGzip))
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte{0, 1, 0, 0}) {
		t.Fatalf("the forms' font is not TrueType: starts % x", data[:4])
	}
	form, regular := parse(t, "the forms' font", data), parse(t, "Font", Font)
	for _, r := range "堃喆㐀検查" { // GBK-only names, Extension A, a Japanese form
		if !covers(t, form, r) {
			t.Errorf("%q is not in the forms' font", r)
		}
	}
	if covers(t, regular, '堃') {
		t.Error("堃 (GBK, not GB 2312 nor Big5 common) is in the UI's face: the test no longer shows the forms need their own font")
	}
}
