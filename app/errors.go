package app

import (
	"errors"

	"fyne.io/fyne/v2/lang"

	"posdoctor/serialio"
)

// errorText says what went wrong on the link and what to do, in the UI language, followed by
// the error itself (which names the port and the details, in English).
func errorText(err error) string {
	var advice string
	switch {
	case errors.Is(err, serialio.ErrNoSuchPort):
		advice = lang.L("The port is gone: check the cable and pick the port again.")
	case errors.Is(err, serialio.ErrPermissionDenied):
		advice = lang.L("No permission to open the port: add your user to the dialout group and log in again.")
	case errors.Is(err, serialio.ErrPortBusy):
		advice = lang.L("Another program is using the port: close it and try again.")
	case errors.Is(err, serialio.ErrLinkFailed):
		advice = lang.L("The terminal does not acknowledge: check the cable, that it is on and in ECR/maintenance mode, and the baud and format.")
	case errors.Is(err, serialio.ErrTimeout):
		advice = lang.L("The terminal did not answer in time: it may be busy; wait and try again.")
	case errors.Is(err, serialio.ErrPeerClosed):
		advice = lang.L("The terminal ended the link (restart or power-off): wait for it, then reconnect.")
	case errors.Is(err, serialio.ErrLinkLost):
		advice = lang.L("The line went away: the cable was pulled or the USB device reset. Plug it in and reconnect.")
	default:
		return err.Error()
	}
	return advice + " (" + err.Error() + ")"
}
