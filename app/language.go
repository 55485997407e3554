package app

import (
	"os"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"posdoctor/assets"
	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
)

// Languages the app offers, as stored in the "language" preference ("" follows the system).
var languageLocales = map[string]string{"zh": "zh_CN.UTF-8", "zh_TW": "zh_TW.UTF-8", "en": "en_US.UTF-8"}

// applyLanguagePreference makes Fyne's lang pick the language chosen in Settings, if any. It
// must run before translations are loaded (Setup); a change takes effect at the next start.
// Fyne reads the locale through go-locale, which prefers LANGUAGE (a list such as
// "zh_CN:zh", set by Chinese Ubuntu desktops) to LC_ALL, and lang has no call to choose a
// locale: so the choice is written to both, or the desktop's language would win.
func applyLanguagePreference(a fyne.App) {
	code := a.Preferences().String(prefLanguage)
	chosenLang.Store(nil)
	if loc, ok := languageLocales[code]; ok {
		os.Setenv("LC_ALL", loc)
		os.Setenv("LANGUAGE", code)
		if l, err := locale.Parse(code); err == nil {
			chosenLang.Store(&l)
		}
	}
}

// chosenLang is the language chosen in Settings, nil to follow the system. Set at start, read
// from any goroutine.
var chosenLang atomic.Pointer[locale.Lang]

// pinChosenLanguage makes the language chosen in Settings win where the environment cannot
// carry it: on Windows Fyne reads the locale from the system (go-locale asks Windows and
// ignores LANGUAGE), so the chosen language's strings are filed under the system's own tag
// as well, which Fyne's matcher then finds exactly. Run after the translations are added.
func pinChosenLanguage() {
	sys, chosen := lang.SystemLocale(), chosenLang.Load()
	target, ok := pinTarget(sys, chosen)
	if !ok {
		return
	}
	name := map[locale.Lang]string{locale.ZH: "zh.json", locale.ZHTW: "zh_TW.json", locale.EN: "en.json"}[*chosen]
	b, err := assets.Translations.ReadFile("translations/" + name)
	if err == nil {
		err = lang.AddTranslationsForLocale(b, target)
	}
	if err == nil && *chosen == locale.ZHTW {
		err = addFyneStringsFor(target)
	}
	if err != nil {
		fyne.LogError("pinning the chosen language", err)
	}
}

// pinTarget says under which locale the chosen language's strings must be filed: the system's,
// when it is another language than the one chosen (none when nothing is chosen, or they agree).
func pinTarget(system fyne.Locale, chosen *locale.Lang) (fyne.Locale, bool) {
	if chosen == nil || langOf(system) == *chosen {
		return "", false
	}
	return system, true
}

// uiLang is the language the UI shows: the one chosen in Settings, else the system's.
func uiLang() locale.Lang {
	if l := chosenLang.Load(); l != nil {
		return *l
	}
	return langOf(lang.SystemLocale())
}

// langOf is the UI language for a Fyne locale: Chinese in its script, English otherwise.
func langOf(l fyne.Locale) locale.Lang {
	if x, err := locale.Parse(string(l)); err == nil {
		return x
	}
	return locale.EN
}

// bookText shows book text in the UI language; Traditional is converted from Simplified with
// the code book's converter (one set of OpenCC dictionaries for the whole process).
func bookText(ui locale.Lang, s string) string {
	if ui != locale.ZHTW {
		return s
	}
	return codebook.ToTraditional(s)
}

// codeInfo is the code book's title and, outside English, its actions for code in the UI
// language (English keeps the checklist's own, more particular, actions); "" and nil when the
// book does not know the code.
func codeInfo(book *codebook.Book, code string) (string, []string) {
	if book == nil {
		return "", nil
	}
	e, ok := book.Lookup(code)
	if !ok {
		return "", nil
	}
	ui := uiLang()
	var acts []string
	if ui != locale.EN {
		for _, a := range e.Actions {
			acts = append(acts, bookText(ui, a.In(ui)))
		}
	}
	return bookText(ui, e.Title(ui)), acts
}

// Preference keys of the Settings screen.
const (
	prefLanguage    = "language"     // "", "zh", "zh_TW", "en"
	prefTheme       = "theme"        // "", "light", "dark"
	prefTextScale   = "text_scale"   // 1, 1.25, 1.5
	prefDataDir     = "data_dir"     // folder of the incident store; "" = the default
	prefDefaultPort = "default_port" // port to connect to at start; "" = the simulator
	prefDefaultBaud = "default_baud"
)
