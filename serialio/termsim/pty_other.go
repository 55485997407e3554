//go:build !linux && !darwin

package termsim

import (
	"context"
	"errors"
	"fmt"
	"runtime"
)

// OpenPTY is available on Linux and macOS only. Elsewhere it returns an error wrapping
// errors.ErrUnsupported, and callers (app/visit) run the simulator in memory instead.
func (t *Terminal) OpenPTY(ctx context.Context) (path string, wait func() error, err error) {
	return "", nil, fmt.Errorf("the simulated terminal needs a pseudo-terminal, which %s does not have: %w", runtime.GOOS, errors.ErrUnsupported)
}
