package app

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"posdoctor/reports"
	"posdoctor/serialio"
)

// SettingsScreen edits the preferences: language, theme, text size, data folder, default
// port and baud, and the shared database. Theme and text size apply at once; language at the
// next start.
type SettingsScreen struct {
	app      fyne.App
	Language *widget.Select
	Theme    *widget.Select
	Scale    *widget.Select
	DataDir  *widget.Entry
	Port     *widget.Entry
	Baud     *widget.Select
	Note     *widget.Label
	// Shared is the shared database's part (issue 14): URL, password, Test connection, Sync now.
	Shared *sharedSection
	root   fyne.CanvasObject
}

var (
	languageOptions = []struct{ key, label string }{{"", "System default"}, {"zh", "简体中文"}, {"zh_TW", "繁體中文"}, {"en", "English"}}
	themeOptions    = []struct{ key, label string }{{"", "System"}, {"light", "Light"}, {"dark", "Dark"}}
	scaleOptions    = []float64{1, 1.25, 1.5}
)

// NewSettingsScreen builds the screen on a's preferences. Its background work reaches the
// widgets through fyne.Do; SetDo changes that.
func NewSettingsScreen(a fyne.App) *SettingsScreen {
	p := a.Preferences()
	s := &SettingsScreen{app: a}
	s.Shared = newSharedSection(newSharedDB(p), fyne.Do)
	var langLabels, themeLabels, scaleLabels []string
	for _, o := range languageOptions {
		langLabels = append(langLabels, lang.L(o.label))
	}
	for _, o := range themeOptions {
		themeLabels = append(themeLabels, lang.L(o.label))
	}
	for _, f := range scaleOptions {
		scaleLabels = append(scaleLabels, strconv.Itoa(int(f*100))+" %")
	}
	s.Note = widget.NewLabel("")
	s.Language = widget.NewSelect(langLabels, nil)
	s.Theme = widget.NewSelect(themeLabels, nil)
	s.Scale = widget.NewSelect(scaleLabels, nil)
	for i, o := range languageOptions {
		if o.key == p.String(prefLanguage) {
			s.Language.SetSelectedIndex(i)
		}
	}
	for i, o := range themeOptions {
		if o.key == p.String(prefTheme) {
			s.Theme.SetSelectedIndex(i)
		}
	}
	s.Scale.SetSelectedIndex(0)
	for i, f := range scaleOptions {
		if f == p.FloatWithFallback(prefTextScale, 1) {
			s.Scale.SetSelectedIndex(i)
		}
	}
	s.Language.OnChanged = func(string) {
		p.SetString(prefLanguage, languageOptions[s.Language.SelectedIndex()].key)
		s.Note.SetText(lang.L("The language changes when POS Doctor starts again."))
		s.Note.Show()
	}
	s.Theme.OnChanged = func(string) {
		p.SetString(prefTheme, themeOptions[s.Theme.SelectedIndex()].key)
		a.Settings().SetTheme(newThemeFrom(p))
	}
	s.Scale.OnChanged = func(string) {
		p.SetFloat(prefTextScale, scaleOptions[s.Scale.SelectedIndex()])
		a.Settings().SetTheme(newThemeFrom(p))
	}

	s.DataDir = widget.NewEntry()
	s.DataDir.SetText(p.String(prefDataDir))
	s.DataDir.SetPlaceHolder(lang.L("Default data folder"))
	s.DataDir.OnChanged = func(v string) { p.SetString(prefDataDir, v) }
	browse := widget.NewButton(lang.L("Choose…"), func() {
		w := a.Driver().AllWindows()
		if len(w) == 0 {
			return
		}
		d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				s.DataDir.SetText(localPath(u))
			}
		}, w[0])
		if cur := s.DataDir.Text; cur != "" {
			if l, err := storage.ListerForURI(storage.NewFileURI(cur)); err == nil {
				d.SetLocation(l)
			}
		}
		d.Show()
	})

	s.Port = widget.NewEntry()
	s.Port.SetText(p.String(prefDefaultPort))
	s.Port.SetPlaceHolder(lang.L("Built-in simulated terminal"))
	s.Port.OnChanged = func(v string) { p.SetString(prefDefaultPort, v) }
	bauds := make([]string, len(serialio.Bauds))
	for i, b := range serialio.Bauds {
		bauds[i] = strconv.Itoa(b)
	}
	s.Baud = widget.NewSelect(bauds, func(v string) {
		if b, err := strconv.Atoi(v); err == nil {
			p.SetInt(prefDefaultBaud, b)
		}
	})
	s.Baud.SetSelected(strconv.Itoa(p.IntWithFallback(prefDefaultBaud, serialio.DefaultBaud)))

	form := widget.NewForm(
		widget.NewFormItem(lang.L("Language"), s.Language),
		widget.NewFormItem(lang.L("Theme"), s.Theme),
		widget.NewFormItem(lang.L("Text size"), s.Scale),
		widget.NewFormItem(lang.L("Data folder"), container.NewBorder(nil, nil, nil, browse, s.DataDir)),
		widget.NewFormItem(lang.L("Default port"), s.Port),
		widget.NewFormItem(lang.L("Default baud"), s.Baud),
	)
	for _, it := range s.Shared.formItems() {
		form.AppendItem(it)
	}
	s.Note.Hide() // until the language changes: no empty line above the shared database's status
	s.root = container.NewVBox(form, s.Note, s.Shared.root)
	return s
}

// SetDo sets how background work runs UI updates (the app's do, a test's queue).
func (s *SettingsScreen) SetDo(do func(func())) { s.Shared.do = do }

// SharedDB is the shared database as set here, for the Reports screen.
func (s *SettingsScreen) SharedDB() *SharedDB { return s.Shared.shared }

// UseStore gives the screen the laptop's incident store (for Sync now; nil when it could not
// open). UI goroutine.
func (s *SettingsScreen) UseStore(st *reports.Store) { s.Shared.useStore(st) }

// Stop cancels a running sync and waits for it to end, so the store can close. UI goroutine,
// once the app stops.
func (s *SettingsScreen) Stop() { s.Shared.stop() }

// Root is the screen's root object.
func (s *SettingsScreen) Root() fyne.CanvasObject { return s.root }
