package cli

import "golang.org/x/sys/windows"

// systemUILanguages is the user's Windows display languages, most preferred first, as names
// (zh-CN, zh-TW, en-US): what a Chinese technician's Windows shows its menus in, which locale
// variables seldom say on Windows. nil when Windows does not answer.
func systemUILanguages() []string {
	names, err := windows.GetUserPreferredUILanguages(windows.MUI_LANGUAGE_NAME)
	if err != nil {
		return nil
	}
	return names
}
