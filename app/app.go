package app

import (
	"path/filepath"
	"strconv"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"posdoctor/app/visit"
	"posdoctor/assets"
	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/reports"
	"posdoctor/serialio"
)

// ID is the application ID; it matches FyneApp.toml.
const ID = "cn.posdoctor.app"

// Setup prepares a Fyne app: translations, theme and icon. Tests call it on a test app.
func Setup(a fyne.App) {
	applyLanguagePreference(a)
	if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
		fyne.LogError("loading translations", err)
	}
	// Fyne's own strings are filed as zh-Hans, so a zh-CN system resolves to zh-Hans and
	// would miss zh.json: file the Simplified strings under zh-Hans too (they merge).
	if zh, err := assets.Translations.ReadFile("translations/zh.json"); err == nil {
		if err := lang.AddTranslationsForLocale(zh, fyne.Locale("zh-Hans")); err != nil {
			fyne.LogError("loading Simplified Chinese", err)
		}
	}
	addFyneStrings()
	pinChosenLanguage()
	a.Settings().SetTheme(newThemeFrom(a.Preferences()))
	a.SetIcon(iconResource)
}

// Run builds the main window, connects to the built-in simulated terminal once the app has
// started, and runs the app until the window closes.
func Run(a fyne.App) {
	Setup(a)
	w := a.NewWindow(lang.L("POS Doctor"))
	w.SetIcon(iconResource)
	cs := NewConnectScreen(DefaultConnector)
	cs.UsePreferences(a.Preferences())
	// the code book and the incident store open once the window shows (opened below, from
	// Lifecycle.SetOnStarted); until then the screens work without them
	var book atomic.Pointer[codebook.Book]
	var store atomic.Pointer[reports.Store]
	checks := NewChecklistScreen(cs.Current, func(code string) (string, []string) { return codeInfo(book.Load(), code) })
	incident := NewIncidentScreen(nil, nil, nil, uiLang, func() []serialio.TraceEntry {
		if c := cs.Current(); c != nil {
			return c.Trace.Last(400)
		}
		return nil
	})
	incident.UsePreferences(a.Preferences()) // the visits opened here, to continue one after a restart
	drills := NewDrillsScreen(uiLang)
	drills.SetWindow(w)
	linkVisit(checks, incident, drills.Active, drills.RecordCheck)
	drills.Train, drills.EndTraining, drills.Busy = cs.Train, cs.EndTraining, checks.Running
	// the Connect screen is the one source of the connection state and of which terminal is there
	cs.OnConnected = checks.SetConnected
	cs.OnStatus = func(st map[string]string) {
		checks.TerminalSeen(st)
		if !drills.Active() { // a drill's terminal is no visit
			incident.TerminalSeen(st)
		}
	}
	cs.Busy = checks.Running
	line := NewLineScreen(cs.Current, uiLang)
	line.SetWindow(w)
	line.AddToVisit = incident.AddTrace
	look := NewLookupScreen(nil, uiLang)
	monthly := NewReportsScreen(uiLang)
	monthly.SetWindow(w)
	monthly.OnImported = incident.RefreshPast
	settings := NewSettingsScreen(a)
	monthly.SetShared(settings.SharedDB()) // the month from the shared database set in Settings
	settings.Shared.OnSynced = incident.RefreshPast
	reportsTab := container.NewTabItemWithIcon(lang.L("Reports"), theme.GridIcon(), fitScreen(monthly.Root()))
	drillsTab := container.NewTabItemWithIcon(lang.L("Drills"), theme.MediaPlayIcon(), fitScreen(drills.Root()))
	tabs := container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("Connect"), theme.ComputerIcon(), fitScreen(cs.Root())),
		container.NewTabItemWithIcon(lang.L("Checklist"), theme.ListIcon(), fitScreen(checks.Root())),
		container.NewTabItemWithIcon(lang.L("Look up"), theme.SearchIcon(), fitScreen(look.Root())),
		container.NewTabItemWithIcon(lang.L("Incident"), theme.DocumentIcon(), fitScreen(incident.Root())),
		// the Line view's list scrolls itself: a scroll around it would shrink it to one row
		container.NewTabItemWithIcon(lang.L("Line"), theme.VisibilityIcon(), fitScreen(line.Root())),
		reportsTab,
		drillsTab,
		container.NewTabItemWithIcon(lang.L("Settings"), theme.SettingsIcon(), fitScreen(settings.Root())),
	)
	// Alt+1 … Alt+8 open the tabs (when no text field holds the keys): a technician's hands
	// stay on the keyboard, and the window test reaches every screen whatever the text size
	for i := range tabs.Items {
		w.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyName(strconv.Itoa(i + 1)), Modifier: fyne.KeyModifierAlt},
			func(fyne.Shortcut) { tabs.SelectIndex(i) })
	}
	// a journal finding's Forms… opens the form on the Incident tab, for the visit (not in a drill)
	checks.OpenForms = func(code string) bool {
		if drills.Active() {
			return false
		}
		tabs.SelectIndex(3)
		return incident.OpenFormFor(code)
	}
	drills.ShowCode = func(code string) {
		tabs.SelectIndex(2)
		look.Query.SetText(code)
	}
	look.RunCheck = func(ids []diagnostics.StepID) {
		tabs.SelectIndex(1)
		checks.Run(ids)
	}
	// bundle files dropped on the window are imported on the Reports tab
	w.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) {
		if monthly.DropBundles(uris) {
			tabs.Select(reportsTab)
		}
	})
	// the month's figures are read again when the tab is opened: visits saved since count; and a
	// field of the tab left is finished, as when it loses the focus to a click (the Incident
	// screen saves what was typed in it, a card number masked, and shows it so)
	tabs.OnSelected = func(t *container.TabItem) {
		w.Canvas().Unfocus()
		if t == reportsTab {
			monthly.Load()
		}
	}
	// a drill is plainly not a real visit: a coloured banner over every tab while it runs
	bannerText := widget.NewLabelWithStyle(lang.L("培训 TRAINING — a drill on a simulated terminal, not a real visit"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	bannerText.Wrapping = fyne.TextWrapWord // on a narrow window it takes two lines rather than widening the window
	banner := container.NewStack(canvas.NewRectangle(trainingColour), container.NewPadded(bannerText))
	banner.Hide()
	drills.Banner = func(on bool) {
		if on {
			banner.Show()
		} else {
			banner.Hide()
		}
	}
	w.SetContent(measureStartup(container.NewBorder(banner, container.NewVBox(widget.NewSeparator(), cs.StatusBar), nil, nil, tabs)))
	w.Resize(firstWindowSize(a, w.Content().MinSize(), 0))
	// once the window closes, work still finishing in the background (a checklist run ended by
	// the closed link, a save) must not touch widgets: Fyne stops running them on its goroutine
	gate := &uiGate{run: fyne.Do}
	started := make(chan struct{}) // closed once the incident screen has started
	// Quit (a logout, SIGTERM) closes the window first too: what was typed is finished and
	// saved there, on the UI goroutine, then background work is dropped
	w.SetOnClosed(func() {
		select {
		case <-started:
			incident.Closing()
		default: // closed before the store opened: nothing typed to save
		}
		gate.Close()
	})
	do := gate.Do
	cs.do, checks.do, incident.do, monthly.do, drills.do, line.do = do, do, do, do, do, do
	settings.SetDo(do)
	quit := make(chan struct{}) // closed when the app stops
	a.Lifecycle().SetOnStarted(func() {
		// the canvas's real scale is known once the window shows (the monitor's DPI counts)
		fyne.Do(func() { fitWindow(a, w) })
		watchLayout(w, do)
		cs.Start()
		line.Start()
		go func() {
			b, err := codebook.Default()
			if err != nil { // the embedded book is checked by tests; this would be a build defect
				fyne.LogError("loading the code book", err)
			}
			st, storeErr := openStore(a.Preferences())
			book.Store(b)
			store.Store(st)
			do(func() {
				look.SetBook(b)
				incident.Use(st, storeErr, b)
				var explain reports.Explainer
				if b != nil {
					explain = visit.CodeBookExplainer(b)
				}
				monthly.Use(st, storeErr, explain)
				settings.UseStore(st) // Sync now syncs it with the shared database
				drills.Use(b, st)
				incident.Start()
				close(started)
			})
		}()
		go trimMemory(started, quit)
	})
	a.Lifecycle().SetOnStopped(func() {
		gate.Close()
		close(quit)
		line.Stop()
		cs.Stop()
		monthly.Stop()  // an import still running is cancelled (it imports nothing) before the store closes
		settings.Stop() // a sync too, between batches: what it committed stays
		select {
		case <-started:
			drills.Stop()
			incident.Stop()
		default: // quit before the store opened: nothing to save
		}
		if st := store.Load(); st != nil {
			st.Close()
		}
	})
	w.ShowAndRun()
}

// linkVisit joins the Checklist and the Incident screen over the visit: each run is recorded
// in the visit as it goes, and a new visit clears the Checklist's results. A drill's checks
// (inDrill) belong to the drill (record): they are never recorded as a visit, and a new
// visit leaves the drill's results.
func linkVisit(checks *ChecklistScreen, incident *IncidentScreen, inDrill func() bool, record func(*diagnostics.Report)) {
	checks.InDrill = inDrill
	checks.OnReport = func(rep *diagnostics.Report) {
		if inDrill() {
			record(rep)
			return
		}
		incident.AddReport(rep)
	}
	checks.OnRunProgress = func(rep *diagnostics.Report) {
		if !inDrill() {
			incident.RunProgress(rep)
		}
	}
	incident.OnNewVisit = func() {
		if !inDrill() {
			checks.NewVisit()
		}
	}
	incident.OnContinued = func(runs []diagnostics.Report) {
		if !inDrill() {
			checks.ShowVisit(runs)
		}
	}
}

// openStore opens the incident store in the data folder chosen in Settings, or the default.
func openStore(p fyne.Preferences) (*reports.Store, error) {
	path := ""
	if dir := p.String(prefDataDir); dir != "" {
		path = filepath.Join(dir, "incidents.db")
	}
	return reports.Open(path)
}
