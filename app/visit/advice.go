package visit

import (
	"errors"

	"posdoctor/serialio"
)

// Advice says what a technician can do about a link or port error, in English, or "" when it
// has nothing particular to say. The GUI uses the sentence as its translation key.
func Advice(err error) string {
	switch {
	case errors.Is(err, serialio.ErrLineEcho):
		return "The line echoes what we send: a loopback plug or a wrong cable, not a terminal."
	case errors.Is(err, serialio.ErrGarbled):
		return "Bytes arrive but none is a TML/1 frame: pick the terminal's baud rate and format (8N1/7E1), or check that the port is the terminal's."
	case errors.Is(err, serialio.ErrNoSuchPort):
		return "The port is gone: check the cable and pick the port again."
	case errors.Is(err, serialio.ErrPermissionDenied):
		return "No permission to open the port: add your user to the dialout group and log in again."
	case errors.Is(err, serialio.ErrPortBusy):
		return "Another program is using the port: close it and try again."
	case errors.Is(err, serialio.ErrLinkFailed):
		return "The terminal does not acknowledge: check the cable, that it is on and in ECR/maintenance mode, and the baud and format."
	case errors.Is(err, serialio.ErrTimeout):
		return "The terminal did not answer in time: it may be busy; wait and try again."
	case errors.Is(err, serialio.ErrPeerClosed):
		return "The terminal ended the link (restart or power-off): wait for it, then reconnect."
	case errors.Is(err, serialio.ErrLinkLost):
		return "The line went away: the cable was pulled or the USB device reset. Plug it in and reconnect."
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
