package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"posdoctor/serialio/termsim"
)

// TestSimWithoutPTY: on a system with no pseudo-terminals (Windows, where termsim.StartPTY
// wraps errors.ErrUnsupported) sim says in the user's language what it needs — a pty or a
// virtual COM pair such as com0com — and what to use instead, and exits 1 with nothing on stdout.
func TestSimWithoutPTY(t *testing.T) {
	old := startPTY
	t.Cleanup(func() { startPTY = old })
	startPTY = func(ctx context.Context, cfg termsim.Config) (string, func() error, error) {
		return "", nil, fmt.Errorf("the simulated terminal needs a pseudo-terminal, which windows does not have: %w", errors.ErrUnsupported)
	}
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"pseudo-terminal", "Windows", "com0com", "posdoctor check --sim", "Connect screen"}},
		{"zh", []string{"伪终端", "Windows", "com0com", "posdoctor check --sim", "“连接”页"}},
		{"zh_TW", []string{"偽終端", "com0com", "「連線」頁"}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "--lang", c.lang, "sim")
			if code != ExitFailed || stdout != "" {
				t.Fatalf("exit %d, stdout %q; want %d and nothing (scripts read the path from stdout)", code, stdout, ExitFailed)
			}
			for _, w := range c.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
}

// TestSimPTYErrorKept: any other failure to start is printed as it is.
func TestSimPTYErrorKept(t *testing.T) {
	old := startPTY
	t.Cleanup(func() { startPTY = old })
	startPTY = func(ctx context.Context, cfg termsim.Config) (string, func() error, error) {
		return "", nil, errors.New("open /dev/ptmx: too many open files")
	}
	code, _, stderr := runCLI(t, "sim")
	if code != ExitFailed || !strings.Contains(stderr, "too many open files") || strings.Contains(stderr, "com0com") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
