//go:build unix

package reports

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestImportBundleFileRefusesANamedPipe: a named pipe given as a bundle (a mistyped path in
// a folder that holds one) is refused at once as no bundle; opening it would wait for a
// writer for ever, and Ctrl-C could not end the wait.
func TestImportBundleFileRefusesANamedPipe(t *testing.T) {
	s := openTestStore(t)
	path := filepath.Join(t.TempDir(), "pipe.pdbundle")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := s.ImportBundleFile(context.Background(), path, nil)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotBundle) {
			t.Errorf("import of a named pipe: %v, want ErrNotBundle", err)
		}
	case <-time.After(10 * time.Second):
		// let the blocked open return, so the test ends
		if w, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
			w.Close()
		}
		<-done
		t.Fatal("import of a named pipe waited for a writer")
	}
}
