package visit

import (
	"context"
	"errors"
	"fmt"

	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

// TraceSize is how many trace entries a connection keeps.
const TraceSize = 4096

// Target says which terminal to connect to.
type Target struct {
	Port   string          // serial port name; empty with Sim
	Baud   int             // 0: serialio.DefaultBaud
	Format serialio.Format // 8N1 or 7E1
	Sim    bool            // the built-in simulated terminal
	// SimConfig configures the simulated terminal (faults, speed, ...).
	SimConfig termsim.Config
	// InMemory runs the simulator on an in-memory line instead of a pty (tests, and
	// systems without ptys).
	InMemory bool
}

// Conn is an open connection to a terminal.
type Conn struct {
	Client *serialio.Client
	Trace  *serialio.Trace
	Name   string            // what to show: the port, or "simulated terminal on /dev/pts/N"
	Path   string            // the port's path ("" for an in-memory simulator)
	IsSim  bool              // the built-in simulated terminal
	Sim    *termsim.Terminal // the simulated terminal, or nil
	stop   func()
}

// Close closes the port and stops a simulator. It is safe to call more than once.
func (c *Conn) Close() {
	if c == nil || c.stop == nil {
		return
	}
	c.stop()
	c.stop = nil
}

// Open connects to t. The returned connection is live until Close; the caller watches
// Client.Done for a lost link.
func Open(ctx context.Context, t Target) (*Conn, error) {
	if t.Sim == (t.Port != "") {
		return nil, errors.New("say which terminal: a serial port, or the built-in simulated terminal")
	}
	if t.Baud == 0 {
		t.Baud = serialio.DefaultBaud
	}
	trace := serialio.NewTrace(TraceSize)
	ccfg := serialio.ClientConfig{Link: serialio.LinkConfig{Trace: trace}}
	if !t.Sim {
		port, err := serialio.OpenPort(t.Port, serialio.PortConfig{Baud: t.Baud, Format: t.Format})
		if err != nil {
			return nil, err
		}
		c := serialio.NewClient(port, ccfg)
		return &Conn{Client: c, Trace: trace, Name: t.Port, Path: t.Port, stop: func() { c.Close() }}, nil
	}

	simCfg := t.SimConfig
	if simCfg.Baud == 0 {
		simCfg.Baud = t.Baud
	}
	term, err := termsim.New(simCfg)
	if err != nil {
		return nil, err
	}
	if !t.InMemory {
		simCtx, cancel := context.WithCancel(context.Background())
		path, wait, err := term.OpenPTY(simCtx)
		if err == nil {
			port, err := serialio.OpenPort(path, serialio.PortConfig{Baud: t.Baud, Format: t.Format})
			if err != nil {
				cancel()
				_ = wait()
				return nil, fmt.Errorf("open the simulated terminal's pty: %w", err)
			}
			c := serialio.NewClient(port, ccfg)
			return &Conn{Client: c, Trace: trace, Name: "simulated terminal on " + path, Path: path, IsSim: true, Sim: term,
				stop: func() { c.Close(); cancel(); _ = wait() }}, nil
		}
		cancel()
		if !errors.Is(err, errors.ErrUnsupported) {
			return nil, fmt.Errorf("start the simulated terminal: %w", err)
		}
		// no ptys here: fall through to the in-memory line
	}
	c, stop := term.ServeInMemory(ccfg)
	return &Conn{Client: c, Trace: trace, Name: "simulated terminal (in memory)", Sim: term, IsSim: true, stop: stop}, nil
}
