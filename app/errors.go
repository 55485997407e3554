package app

import (
	"context"
	"errors"
	"os"

	"fyne.io/fyne/v2/lang"

	"posdoctor/app/visit"
	"posdoctor/drill"
	"posdoctor/reports"
)

// knownErrors are the errors the app explains in the UI language; each sentence is the
// translation key. The error itself follows in brackets: it names the file or port.
var knownErrors = []struct {
	err  error
	text string
}{
	{reports.ErrBusy, "Another program is writing to the incident store (a second window, a backup): try again in a moment."},
	{reports.ErrExists, "The file exists already: choose another name."},
	{reports.ErrDamaged, "The incident store is damaged: keep a copy of the file and ask for help; what can be read is still shown."},
	{reports.ErrNotStore, "This file is not a POS Doctor incident store: it was left untouched."},
	{reports.ErrNewerSchema, "The incident store was written by a newer POS Doctor: update the app."},
	{reports.ErrReadOnly, "The incident store is open read-only: nothing can be saved to it."},
	{reports.ErrClosed, "The incident store is closed."},
	{reports.ErrNotBundle, "This file is not a POS Doctor bundle."},
	{reports.ErrBundleVersion, "The bundle was written by a newer POS Doctor: update the app."},
	{reports.ErrTrainingInvalid, "The training record is incomplete and was not kept."},
	{drill.ErrFinished, "The drill is over."},
	{os.ErrPermission, "Permission denied: the file or port is not yours to open."},
	{os.ErrNotExist, "No such file or folder."},
	{context.DeadlineExceeded, "It took too long and was stopped."},
}

// errorText says what went wrong and what to do, in the UI language — the advice for a link
// error (visit.Advice's sentence is the translation key), or the sentence of a known error —
// followed by the error itself, which names the port or file and the details.
func errorText(err error) string {
	if a := visit.Advice(err); a != "" {
		return lang.L(a) + " (" + err.Error() + ")"
	}
	for _, k := range knownErrors {
		if errors.Is(err, k.err) {
			return lang.L(k.text) + " (" + err.Error() + ")"
		}
	}
	return err.Error()
}
