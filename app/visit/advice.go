package visit

import (
	"errors"

	"posdoctor/serialio"
)

// Sentence is what to say, in English, about an error that wraps Err.
type Sentence struct {
	Err error
	Say string
}

// Sentences are sentences about errors, in the order For tries them.
type Sentences []Sentence

// For is the sentence of the first entry whose Err err wraps, or "" when none does.
func (ss Sentences) For(err error) string {
	for _, s := range ss {
		if errors.Is(err, s.Err) {
			return s.Say
		}
	}
	return ""
}

// advice is what a technician can do about each link or port error, in English, in the
// order Advice tries them. The GUI uses the sentence as its translation key.
var advice = Sentences{
	{serialio.ErrLineEcho, "The line echoes what we send: a loopback plug or a wrong cable, not a terminal."},
	{serialio.ErrGarbled, "Bytes arrive but none is a TML/1 frame: pick the terminal's baud rate and format (8N1/7E1), or check that the port is the terminal's."},
	{serialio.ErrNoSuchPort, "The port is gone: check the cable and pick the port again."},
	{serialio.ErrPermissionDenied, "No permission to open the port: add your user to the dialout group and log in again."},
	{serialio.ErrPortBusy, "Another program is using the port: close it and try again."},
	{serialio.ErrLinkFailed, "The terminal does not acknowledge: check the cable, that it is on and in ECR/maintenance mode, and the baud and format."},
	{serialio.ErrLinePoor, "The line is too poor: it damages what is sent. Reseat or replace the cable, keep it away from power cables, or try another USB-serial adapter."},
	{serialio.ErrTimeout, "The terminal did not answer in time: it may be busy; wait and try again."},
	{serialio.ErrPeerClosed, "The terminal ended the link (restart or power-off): wait for it, then reconnect."},
	{serialio.ErrLinkLost, "The line went away: the cable was pulled or the USB device reset. Plug it in and reconnect."},
}

// Advice says what a technician can do about a link or port error (see advice), or "" when
// it has nothing particular to say.
func Advice(err error) string { return advice.For(err) }

// AdviceOr is Advice with a fallback, for messages that must say something.
func AdviceOr(err error) string {
	if a := Advice(err); a != "" {
		return a
	}
	return "Check the cable and the port, then try again."
}
