package filetest

import (
	"os"
	"testing"
	"time"
)

func TestFIFOUnblocksAReader(t *testing.T) {
	path := FIFO(t, "p")
	if fi, err := os.Stat(path); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("Stat = %v, %v: want a named pipe", fi, err)
	}
	opened := make(chan error, 1)
	go func() {
		f, err := os.Open(path) // blocks until a writer opens the pipe
		if err == nil {
			f.Close()
		}
		opened <- err
	}()
	// the reader may not be in open yet, when a writer that does not block finds no reader
	deadline := time.After(5 * time.Second)
	for {
		Unblock(path)
		select {
		case err := <-opened:
			if err != nil {
				t.Fatal(err)
			}
			return
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			t.Fatal("Unblock did not release the reader")
		}
	}
}

func TestDigestChangesWithTheFile(t *testing.T) {
	path := t.TempDir() + "/f"
	if err := os.WriteFile(path, []byte("a"), 0o600); err != nil {
		t.Fatal(err)
	}
	before := Digest(t, path)
	if Digest(t, path) != before {
		t.Fatal("Digest of an unchanged file changed")
	}
	if err := os.WriteFile(path, []byte("b"), 0o600); err != nil {
		t.Fatal(err)
	}
	if Digest(t, path) == before {
		t.Fatal("Digest did not change with the file")
	}
}
