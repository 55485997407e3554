package app

import (
	"testing"

	"golang.org/x/image/font/sfnt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"posdoctor/assets"
)

// TestThemeBoldIsTheBoldFace: bold text gets the embedded bold face, other text the regular.
func TestThemeBoldIsTheBoldFace(t *testing.T) {
	th := appTheme{Theme: theme.DefaultTheme(), scale: 1}
	if th.Font(fyne.TextStyle{Bold: true}) != boldFontResource {
		t.Error("bold text does not use the embedded bold face")
	}
	if th.Font(fyne.TextStyle{}) != fontResource {
		t.Error("regular text does not use the embedded font")
	}
	if _, err := sfnt.Parse(assets.BoldFont); err != nil {
		t.Fatalf("the bold face does not parse: %v", err)
	}
}

// TestBoldFontHasEveryGlyph: every rune of the UI's texts is in the bold face or in Fyne's bold
// font (Latin), so bold text never falls back to a system font a counter laptop may not have.
// When it fails, add the character to scripts/make-fonts.py and run it.
func TestBoldFontHasEveryGlyph(t *testing.T) {
	has := inFonts(t, assets.BoldFont, theme.DefaultTextBoldFont().Content())
	for _, r := range "检查檢查设置設定→" { // the look-up can succeed: Simplified, Traditional, a symbol
		if !has(r) {
			t.Fatalf("%q not in the bold face: the look-up or the subset is broken", r)
		}
	}
	if has('\U0001F600') {
		t.Fatal("an emoji found: the look-up cannot fail")
	}
	reportMissing(t, "the bold face lacks", uiTexts(t), has, nil)
}
