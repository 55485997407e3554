package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"posdoctor/assets"
)

// fontResource and boldFontResource are the embedded CJK-capable faces: Noto Sans CJK SC
// Regular and Bold, cut down to the same characters (assets.Font).
var (
	fontResource     = fyne.NewStaticResource("NotoSansSC-Regular-subset.otf", assets.Font)
	boldFontResource = fyne.NewStaticResource("NotoSansSC-Bold-subset.otf", assets.BoldFont)
)

// iconResource is the app icon.
var iconResource = fyne.NewStaticResource("icon.png", assets.Icon)

// appTheme is the default theme with the embedded font, so Chinese renders on machines with
// no CJK font installed. Settings may force the light or dark variant and scale every size
// (text size); everything else is the default's.
type appTheme struct {
	fyne.Theme
	variant *fyne.ThemeVariant // nil follows the system
	scale   float32            // 1 = 100 %
}

// newThemeFrom builds the theme from the Settings preferences.
func newThemeFrom(p fyne.Preferences) fyne.Theme {
	t := appTheme{Theme: theme.DefaultTheme(), scale: float32(p.FloatWithFallback(prefTextScale, 1))}
	if t.scale < 0.75 || t.scale > 2 {
		t.scale = 1
	}
	switch p.String(prefTheme) {
	case "light":
		v := theme.VariantLight
		t.variant = &v
	case "dark":
		v := theme.VariantDark
		t.variant = &v
	}
	return t
}

func (t appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.variant != nil {
		v = *t.variant
	}
	return t.Theme.Color(n, v)
}

func (t appTheme) Size(n fyne.ThemeSizeName) float32 {
	if t.scale == 0 {
		return t.Theme.Size(n)
	}
	return t.Theme.Size(n) * t.scale
}

func (t appTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return t.Theme.Font(s)
	}
	if s.Bold {
		return boldFontResource
	}
	return fontResource
}
