package app

import (
	"fyne.io/fyne/v2/lang"

	"posdoctor/app/visit"
)

// errorText says what went wrong on the link and what to do, in the UI language (visit.Advice's
// sentence is the translation key), followed by the error itself, which names the port and the
// details in English.
func errorText(err error) string {
	if a := visit.Advice(err); a != "" {
		return lang.L(a) + " (" + err.Error() + ")"
	}
	return err.Error()
}
