package termsim

import (
	"context"
	"errors"
	"os"
	"syscall"
	"testing"
	"time"

	"posdoctor/serialio"
)

// TestPTY opens the simulator's pty the way any program would (a plain raw open, no
// terminal settings of its own) and exchanges frames; then closes and reopens it.
func TestPTY(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	path, wait, err := StartPTY(ctx, Config{Speed: 1000})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		cancel()
		done := make(chan error, 1)
		go func() { done <- wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("wait: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("the pty terminal did not stop")
		}
	}()
	for round := 1; round <= 2; round++ {
		f, err := os.OpenFile(path, os.O_RDWR|syscall.O_NOCTTY, 0)
		if err != nil {
			t.Fatalf("open %s: %v", path, err)
		}
		link := serialio.NewLink(f, serialio.LinkConfig{})
		data, _ := serialio.EncodeMessage(message("EC", round, "DATA", "00010203FF7F1C1F02030405061504"))
		sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err := link.Send(sctx, data); err != nil {
			t.Fatalf("round %d: send over %s: %v", round, path, err)
		}
		scancel()
		// a response the previous client left unACKed may come first, resent: skip it as
		// a host does (§4: a SEQ that matches nothing outstanding is discarded)
		timeout := time.After(5 * time.Second)
	wait:
		for {
			select {
			case got := <-link.Frames():
				m, err := serialio.ParseMessage(got)
				if err == nil && m.Seq != round {
					continue
				}
				if err != nil || m.RC() != "00" || m.Value("DATA") != "00010203FF7F1C1F02030405061504" {
					t.Fatalf("round %d: %v %v", round, m, err)
				}
				break wait
			case <-timeout:
				t.Fatalf("round %d: no response over %s", round, path)
			}
		}
		link.Close()
	}
	// binary safety: raw bytes with every value go through the pty unchanged (no echo, no
	// CR/LF translation): the terminal ignores them as noise and still answers after
	f, err := os.OpenFile(path, os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	noise := make([]byte, 0, 256)
	for b := 0; b < 256; b++ {
		if c := byte(b); c != serialio.EOT && c != serialio.STX && c != serialio.ENQ {
			noise = append(noise, c)
		}
	}
	f.Write(noise)
	frame, _ := serialio.EncodeFrame([]byte("ST0009"))
	f.Write(frame)
	f.SetReadDeadline(time.Now().Add(5 * time.Second))
	var got []byte
	buf := make([]byte, 2048)
	for !containsFrame(got) {
		n, err := f.Read(buf)
		if err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("no response after noise; got % X", got)
			}
			t.Fatal(err)
		}
		got = append(got, buf[:n]...)
	}
	f.Write([]byte{serialio.ACK})
}

func containsFrame(b []byte) bool {
	for i := range b {
		if b[i] == serialio.STX {
			if _, _, err := serialio.DecodeFrame(b[i:]); err == nil {
				return true
			}
		}
	}
	return false
}
