package app

import (
	"cmp"
	"context"
	"os"

	"fyne.io/fyne/v2/lang"

	"posdoctor/app/visit"
	"posdoctor/drill"
	"posdoctor/reports"
)

// knownErrors are the errors the app explains in the UI language; each sentence is the
// translation key. The error itself follows in brackets: it names the file or port.
var knownErrors = visit.Sentences{
	{Err: reports.ErrBusy, Say: "Another program is writing to the incident store (a second window, a backup): try again in a moment."},
	{Err: reports.ErrExists, Say: "The file exists already: choose another name."},
	{Err: reports.ErrDamaged, Say: "The incident store is damaged: keep a copy of the file and ask for help; what can be read is still shown."},
	{Err: reports.ErrNotStore, Say: "This file is not a POS Doctor incident store: it was left untouched."},
	{Err: reports.ErrNewerSchema, Say: "The incident store was written by a newer POS Doctor: update the app."},
	{Err: reports.ErrReadOnly, Say: "The incident store is open read-only: nothing can be saved to it."},
	{Err: reports.ErrClosed, Say: "The incident store is closed."},
	{Err: reports.ErrNotBundle, Say: "This file is not a POS Doctor bundle."},
	{Err: reports.ErrBundleVersion, Say: "The bundle was written by a newer POS Doctor: update the app."},
	{Err: reports.ErrBundleMismatch, Say: "The bundle does not match its manifest (damaged or changed): nothing was imported from it; ask the sender for a new export."},
	{Err: reports.ErrBundleLine, Say: "The bundle has an invalid line: nothing was imported from it; ask the sender for a new export."},
	{Err: reports.ErrBundleTooLarge, Say: "An entry of the bundle is too large: nothing was imported from it; ask the sender for a smaller export (one month, one branch)."},
	{Err: reports.ErrBundlePath, Say: "The bundle holds an unsafe path: nothing was imported from it; do not import it."},
	{Err: reports.ErrBundleTimes, Say: "A visit in the bundle has its times in an impossible order: nothing was imported from it; ask the sender to correct the visit's times."},
	{Err: reports.ErrTrainingInvalid, Say: "The training record is incomplete and was not kept."},
	{Err: drill.ErrFinished, Say: "The drill is over."},
	{Err: os.ErrPermission, Say: "Permission denied: the file or port is not yours to open."},
	{Err: os.ErrNotExist, Say: "No such file or folder."},
	{Err: context.DeadlineExceeded, Say: "It took too long and was stopped."},
}

// errorText says what went wrong and what to do, in the UI language — the advice for a link
// error (visit.Advice's sentence is the translation key), or the sentence of a known error —
// followed by the error itself, which names the port or file and the details.
func errorText(err error) string {
	if s := cmp.Or(visit.Advice(err), knownErrors.For(err)); s != "" {
		return lang.L(s) + " " + lang.L("(details: {{.Err}})", map[string]any{"Err": err.Error()})
	}
	return err.Error()
}
