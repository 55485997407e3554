package cli

import (
	"errors"

	"posdoctor/serialio"
)

// advice says what a technician can do about a link error.
func advice(err error) string {
	switch {
	case errors.Is(err, serialio.ErrLinkFailed):
		return "The terminal did not acknowledge: check the cable, that the terminal is on and in its maintenance/ECR mode, and that baud and format match the terminal's settings."
	case errors.Is(err, serialio.ErrTimeout):
		return "The terminal acknowledged but did not answer in time: it may be busy; wait and try again, or restart the terminal."
	case errors.Is(err, serialio.ErrPeerClosed):
		return "The terminal ended the link (reboot, power-off or cable mode change): wait for it to start, then connect again."
	case errors.Is(err, serialio.ErrLinkLost):
		return "The line went away: the cable was pulled or the USB device reset. Plug it back in and connect again."
	}
	return "Check the cable and the port, then try again."
}
