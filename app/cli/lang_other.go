//go:build !windows

package cli

// systemUILanguages is nil outside Windows: there the locale variables say the language.
func systemUILanguages() []string { return nil }
