package serialio

import (
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"go.bug.st/serial"
)

// Bauds are the line speeds the app offers (PROTOCOL.md §1).
var Bauds = []int{9600, 19200, 38400, 57600, 115200}

// DefaultBaud is the protocol's default line speed.
const DefaultBaud = 115200

// Format is a character format of the line.
type Format int

const (
	Format8N1 Format = iota // 8 data bits, no parity, 1 stop bit (the default)
	Format7E1               // 7 data bits, even parity, 1 stop bit
)

func (f Format) String() string {
	switch f {
	case Format8N1:
		return "8N1"
	case Format7E1:
		return "7E1"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// ParseFormat reads "8N1" or "7E1" (any case).
func ParseFormat(s string) (Format, error) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "8N1", "":
		return Format8N1, nil
	case "7E1":
		return Format7E1, nil
	}
	return 0, fmt.Errorf("unknown data format %q: use 8N1 or 7E1", s)
}

// PortConfig is how to open a port.
type PortConfig struct {
	Baud   int    // one of Bauds; 0 means DefaultBaud
	Format Format // 8N1 or 7E1
}

// CheckBaud returns an error a person can act on unless baud is one of Bauds.
func CheckBaud(baud int) error {
	for _, b := range Bauds {
		if b == baud {
			return nil
		}
	}
	return fmt.Errorf("baud %d is not offered: use one of 9600, 19200, 38400, 57600, 115200", baud)
}

// Errors of OpenPort, wrapped with the port name and what to do.
var (
	ErrNoSuchPort       = errors.New("no such port")
	ErrPermissionDenied = errors.New("permission denied")
	ErrPortBusy         = errors.New("port busy")
	ErrNotSerial        = errors.New("not a serial port")
)

// readPoll bounds each read of a real port, so a read never blocks forever even if a driver
// does not unblock on close; the link treats the empty read as "keep listening".
const readPoll = 100 * time.Millisecond

// OpenPort opens a serial port (COM3, /dev/ttyUSB0, a pty) in raw mode with cfg. DTR and RTS
// are raised when the port supports them (ptys and some USB adapters do not; that is not an
// error). Modem status bits are never set at open (go.bug.st/serial's InitialStatusBits fails
// on ptys). Errors wrap ErrNoSuchPort, ErrPermissionDenied, ErrPortBusy or ErrNotSerial and say
// what to do.
func OpenPort(name string, cfg PortConfig) (*Port, error) {
	if cfg.Baud == 0 {
		cfg.Baud = DefaultBaud
	}
	if err := CheckBaud(cfg.Baud); err != nil {
		return nil, err
	}
	mode := &serial.Mode{BaudRate: cfg.Baud, DataBits: 8, Parity: serial.NoParity, StopBits: serial.OneStopBit}
	if cfg.Format == Format7E1 {
		mode.DataBits, mode.Parity = 7, serial.EvenParity
	}
	p, err := serial.Open(devicePath(runtime.GOOS, name), mode)
	if err != nil {
		return nil, openError(name, err)
	}
	if err := p.SetReadTimeout(readPoll); err != nil {
		p.Close()
		return nil, fmt.Errorf("cannot open %s: setting a read timeout failed: %v: %w", name, err, ErrNotSerial)
	}
	_ = p.SetDTR(true) // not fatal: ptys and some adapters have no modem lines
	_ = p.SetRTS(true)
	return &Port{name: name, p: p, baud: cfg.Baud}, nil
}

func openError(name string, err error) error {
	var pe *serial.PortError
	if errors.As(err, &pe) {
		switch pe.Code() {
		case serial.PortNotFound:
			return fmt.Errorf("cannot open %s: %w — check the cable and pick the port again from the list", name, ErrNoSuchPort)
		case serial.PermissionDenied:
			return permissionError(name)
		case serial.PortBusy:
			return fmt.Errorf("cannot open %s: %w — another program (a serial console, a vendor tool, another POS Doctor) has it open; close it and try again", name, ErrPortBusy)
		case serial.InvalidSerialPort:
			return fmt.Errorf("cannot open %s: %w (%v) — pick a serial port from the list", name, ErrNotSerial, pe)
		}
	}
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot open %s: %w — check the cable and pick the port again from the list", name, ErrNoSuchPort)
	}
	if errors.Is(err, fs.ErrPermission) {
		return permissionError(name)
	}
	return fmt.Errorf("cannot open %s: %v", name, err)
}

func permissionError(name string) error {
	if runtime.GOOS == "linux" {
		return fmt.Errorf("cannot open %s: %w — add your user to the dialout group (sudo usermod -aG dialout $USER) and log in again", name, ErrPermissionDenied)
	}
	return fmt.Errorf("cannot open %s: %w — run as a user allowed to use serial ports", name, ErrPermissionDenied)
}

// Port is an open serial port as an io.ReadWriteCloser for the link layer. Read returns
// (0, ErrTimeout) when nothing arrived within a short poll (go.bug.st/serial's (0, nil)), and
// an error wrapping ErrClosed once Close has been called; Close unblocks a pending Read.
type Port struct {
	name   string
	p      serial.Port
	baud   int
	closed atomic.Bool
}

// WireTime is how long n bytes take on the line at the port's baud (10 bits a byte: start,
// 7 or 8 data, parity or not, stop). The link adds it to T_ACK, which runs from when a frame
// has left the wire, not from when it was handed to the driver.
func (p *Port) WireTime(n int) time.Duration {
	if p.baud <= 0 {
		return 0
	}
	return time.Duration(n) * 10 * time.Second / time.Duration(p.baud)
}

// Name is the port's path or name.
func (p *Port) Name() string { return p.name }

func (p *Port) Read(b []byte) (int, error) {
	n, err := p.p.Read(b)
	if err != nil {
		var pe *serial.PortError
		if errors.As(err, &pe) && pe.Code() == serial.PortClosed && p.closed.Load() {
			return n, ErrClosed
		}
		return n, err
	}
	if n == 0 {
		return 0, ErrTimeout
	}
	return n, nil
}

func (p *Port) Write(b []byte) (int, error) { return p.p.Write(b) }

// Close closes the port; a Read blocked on it returns. Closing twice is harmless.
func (p *Port) Close() error {
	if p.closed.Swap(true) {
		return nil
	}
	return p.p.Close()
}
