package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func TestSettingsApplyAndPersist(t *testing.T) {
	a := test.NewTempApp(t)
	Setup(a)
	s := NewSettingsScreen(a)
	test.NewTempWindow(t, s.Root())
	base := theme.DefaultTheme().Size(theme.SizeNameText)

	s.Theme.SetSelectedIndex(2) // dark
	s.Scale.SetSelectedIndex(2) // 150 %
	th := a.Settings().Theme()
	if got := th.Size(theme.SizeNameText); got != base*1.5 {
		t.Errorf("text size %v, want %v", got, base*1.5)
	}
	if th.Color(theme.ColorNameBackground, theme.VariantLight) != theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark) {
		t.Error("dark theme not forced")
	}
	if th.Font(fyne.TextStyle{}) != fontResource {
		t.Error("the embedded CJK font is not used")
	}
	s.Language.SetSelectedIndex(2) // 繁體中文
	s.DataDir.SetText("/tmp/pd-data")
	s.Baud.SetSelected("9600")
	p := a.Preferences()
	if p.String(prefLanguage) != "zh_TW" || p.String(prefTheme) != "dark" || p.Float(prefTextScale) != 1.5 ||
		p.String(prefDataDir) != "/tmp/pd-data" || p.Int(prefDefaultBaud) != 9600 {
		t.Fatalf("preferences not saved: %q %q %v %q %d", p.String(prefLanguage), p.String(prefTheme), p.Float(prefTextScale), p.String(prefDataDir), p.Int(prefDefaultBaud))
	}
	if s.Note.Text == "" {
		t.Error("no note that the language changes at restart")
	}
	// a new screen shows what was saved
	again := NewSettingsScreen(a)
	if again.Language.SelectedIndex() != 2 || again.Theme.SelectedIndex() != 2 || again.Scale.SelectedIndex() != 2 || again.Baud.Selected != "9600" {
		t.Fatal("saved settings not shown again")
	}
}
