package serialio

import "errors"

// Sentinel errors of the link and client. Callers test them with errors.Is.
var (
	// ErrTimeout: a bounded wait ran out (no ACK to ENQ, no response in time, no bytes on a read).
	ErrTimeout = errors.New("timed out")
	// ErrLinkFailed: a frame was sent 4 times (3 resends) without an ACK (§3).
	ErrLinkFailed = errors.New("link failed: no ACK after 3 resends")
	// ErrPeerClosed: the terminal sent EOT: it is rebooting, powering off or changing cable mode (§3).
	ErrPeerClosed = errors.New("terminal closed the link (EOT)")
	// ErrClosed: this side closed the link or port.
	ErrClosed = errors.New("link closed")
	// ErrLinkLost: the line itself went away (cable pulled, device removed, read error).
	ErrLinkLost = errors.New("link lost")
	// ErrNotReady: the peer answered ENQ with NAK.
	ErrNotReady = errors.New("terminal answered ENQ with NAK: not ready")
)
