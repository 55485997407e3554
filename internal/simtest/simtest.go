// Package simtest is the simulated terminal as a test fixture: faults by name, served on an
// in-memory line with a client to it, or on a pseudo-terminal. It is for tests only: nothing of
// the program imports it.
package simtest

import (
	"context"
	"errors"
	"runtime"
	"testing"

	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

// Faults parses fault names as the command line and the Connect screen take them
// (NAME[=VALUE]); a name termsim does not know fails t.
func Faults(t testing.TB, names ...string) []termsim.Fault {
	t.Helper()
	var out []termsim.Fault
	for _, n := range names {
		f, err := termsim.ParseFault(n)
		if err != nil {
			t.Fatalf("fault %q: %v", n, err)
		}
		out = append(out, f)
	}
	return out
}

// Serve serves term on an in-memory line and returns a client to it, and stop, which closes
// the client and returns once term has stopped serving.
func Serve(term *termsim.Terminal) (c *serialio.Client, stop func()) {
	return term.ServeInMemory(serialio.ClientConfig{})
}

// Start builds a simulated terminal from cfg and serves it in memory until the test ends.
func Start(t testing.TB, cfg termsim.Config) (*serialio.Client, *termsim.Terminal) {
	t.Helper()
	term, err := termsim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c, stop := Serve(term)
	t.Cleanup(stop)
	return c, term
}

// PTY serves a simulated terminal built from cfg on a pseudo-terminal, as `posdoctor sim` does,
// until the test ends, and returns the path a port opens. A system without pseudo-terminals
// (Windows) skips the test.
func PTY(t testing.TB, cfg termsim.Config) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	path, wait, err := termsim.StartPTY(ctx, cfg)
	if err != nil {
		cancel()
		if errors.Is(err, errors.ErrUnsupported) {
			t.Skipf("no pseudo-terminals on %s", runtime.GOOS)
		}
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = wait() })
	return path
}
