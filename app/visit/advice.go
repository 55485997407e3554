package visit

import (
	"errors"

	"posdoctor/serialio"
)

// advice is what a technician can do about each link or port error, in English, in the
// order Advice tries them. The GUI uses the sentence as its translation key.
var advice = []struct {
	err error
	say string
}{
	{serialio.ErrLineEcho, "The line echoes what we send: a loopback plug or a wrong cable, not a terminal."},
	{serialio.ErrGarbled, "Bytes arrive but none is a TML/1 frame: pick the terminal's baud rate and format (8N1/7E1), or check that the port is the terminal's."},
	{serialio.ErrNoSuchPort, "The port is gone: check the cable and pick the port again."},
	{serialio.ErrPermissionDenied, "No permission to open the port: add your user to the dialout group and log in again."},
	{serialio.ErrPortBusy, "Another program is using the port: close it and try again."},
	{serialio.ErrLinkFailed, "The terminal does not acknowledge: check the cable, that it is on and in ECR/maintenance mode, and the baud and format."},
	{serialio.ErrTimeout, "The terminal did not answer in time: it may be busy; wait and try again."},
	{serialio.ErrPeerClosed, "The terminal ended the link (restart or power-off): wait for it, then reconnect."},
	{serialio.ErrLinkLost, "The line went away: the cable was pulled or the USB device reset. Plug it in and reconnect."},
}

// Advice says what a technician can do about a link or port error (see advice), or "" when
// it has nothing particular to say.
func Advice(err error) string {
	for _, a := range advice {
		if errors.Is(err, a.err) {
			return a.say
		}
	}
	return ""
}

// AdviceOr is Advice with a fallback, for messages that must say something.
func AdviceOr(err error) string {
	if a := Advice(err); a != "" {
		return a
	}
	return "Check the cable and the port, then try again."
}
