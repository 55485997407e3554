// Package serialio speaks TML/1 (../shared/PROTOCOL.md) over a serial line: it finds and opens
// ports, frames bytes (§2), runs the stop-and-wait link (§3), encodes messages (§4) and offers
// the host-side client that the checklist and the GUI use. It also keeps a byte trace.
//
// It is the only package that imports go.bug.st/serial. It must not import Fyne, diagnostics
// or reports: everything above it talks to a terminal through Client.Exchange. The link layer
// runs over any io.ReadWriteCloser, so the same code serves a COM port, a pty and an in-memory
// pipe to the simulated terminal.
package serialio
