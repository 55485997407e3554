//go:build unix

package filetest

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// FIFO makes a named pipe called name in a temporary folder of t and returns its path. When
// the test ends, a reader still blocked opening it is released (Unblock).
func FIFO(t testing.TB, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	t.Cleanup(func() { Unblock(path) })
	return path
}

// Unblock opens the write end of the FIFO at path without blocking and closes it, which
// releases a reader stuck opening it, so a failing test does not leave a goroutine blocked.
func Unblock(path string) {
	if f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		f.Close()
	}
}
