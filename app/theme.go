package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"posdoctor/assets"
)

// fontResource is the embedded CJK-capable font (Droid Sans Fallback).
var fontResource = fyne.NewStaticResource("DroidSansFallbackFull.ttf", assets.Font)

// iconResource is the app icon.
var iconResource = fyne.NewStaticResource("icon.png", assets.Icon)

// appTheme is the default theme with the embedded font, so Chinese renders on machines with
// no CJK font installed. Everything else (sizes, colours, variant) is the default's.
type appTheme struct{ fyne.Theme }

// NewTheme returns POS Doctor's theme.
func NewTheme() fyne.Theme { return appTheme{theme.DefaultTheme()} }

func (t appTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return t.Theme.Font(s)
	}
	return fontResource
}
