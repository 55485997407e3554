// Package termsim is the simulated POS terminal: the terminal side of TML/1
// (../shared/PROTOCOL.md §2-7) with a believable identity, journal, event log, printer,
// keypad, battery and keys, and behind it a simulated acquirer host that performs a real
// ISO 8583 sign-on (§6). It is the app's built-in default terminal, the fixture every
// protocol, checklist and GUI test runs against, and the trainer's drill terminal: faults
// are injected by stable names (ParseFault) and change what the terminal answers exactly as
// docs/simulator.md describes.
//
// The terminal runs over any io.ReadWriteCloser (Terminal.Serve): an in-memory
// serialio.Pipe in tests, a pseudo-terminal for other programs (StartPTY). Line faults
// (noise, drops, lost ACKs, stalls, an unplugged cable) and pacing to the baud rate are a
// wrapper around that stream, below serialio's link layer, so the host side meets them as
// it would on a real cable.
//
// It must not import Fyne or go.bug.st/serial, and nothing in it may reach a real network
// or real key material: its "host" is in-process and its keys come from a seeded generator.
package termsim
