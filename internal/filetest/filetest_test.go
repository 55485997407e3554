package filetest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
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

// Returns gives back what the read returned; a read still blocked on the pipe is released and
// reported (shown in a child test, which must fail).
func TestReturns(t *testing.T) {
	fifo := FIFO(t, "p")
	if got := Returns(t, fifo, time.Second, "a quick read", func() int { return 7 }); got != 7 {
		t.Fatalf("Returns = %d, want 7", got)
	}
	ft := &fakeT{TB: t}
	done := make(chan struct{})
	go func() { // Fatalf ends the goroutine it is called on, as in a real test
		defer close(done)
		Returns(ft, fifo, 100*time.Millisecond, "opening the pipe", func() error {
			f, err := os.Open(fifo) // blocks until Returns unblocks it
			if err == nil {
				f.Close()
			}
			return err
		})
	}()
	<-done
	if !strings.Contains(ft.msg, "opening the pipe did not return within 100ms") {
		t.Fatalf("a blocked read gave %q", ft.msg)
	}
}

// fakeT records a failure instead of failing the test.
type fakeT struct {
	testing.TB
	msg string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func TestZipParts(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, text := range map[string]string{"xl/workbook.xml": "<workbook/>", "a/b.txt": "汉字"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, text)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := t.TempDir() + "/x.zip"
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	parts := ZipParts(t, path)
	if len(parts) != 2 || parts["xl/workbook.xml"] != "<workbook/>" || parts["a/b.txt"] != "汉字" {
		t.Fatalf("parts %q", parts)
	}
	ft := &fakeT{TB: t}
	done := make(chan struct{})
	go func() { defer close(done); ZipBytesParts(ft, []byte("not a zip")) }()
	<-done
	if !strings.HasPrefix(ft.msg, "not a zip") {
		t.Fatalf("a file that is no zip gave %q", ft.msg)
	}
}
