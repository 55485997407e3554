package termsim

import "context"

// StartPTY builds a terminal from cfg and serves it on a new pseudo-terminal (Linux and
// macOS): see Terminal.OpenPTY. path is the device a client opens (/dev/pts/N on Linux);
// wait blocks until the terminal stops and returns Serve's result.
func StartPTY(ctx context.Context, cfg Config) (path string, wait func() error, err error) {
	t, err := New(cfg)
	if err != nil {
		return "", nil, err
	}
	return t.OpenPTY(ctx)
}
