package termsim

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"posdoctor/serialio"
)

// TestLineFaults: over a noisy, lossy or stalling line every request still completes (the
// host resends as it would), and each request runs once.
func TestLineFaults(t *testing.T) {
	cases := []struct {
		fault  string
		echoes bool                   // echo requests only (short frames): the rate is too high for ST's 400 bytes
		bites  func(h *testHost) bool // the fault really acted on the line
	}{
		{"link-noise=0.001", false, nil},
		{"link-noise=0.006", true, func(h *testHost) bool {
			s := h.link.Stats()
			return h.term.LineStats().Corrupted > 0 && s.NAKsSent+s.NAKsReceived+s.ACKTimeouts+s.NoiseBytes+s.Abandoned > 0
		}},
		{"link-drop=0.3", false, func(h *testHost) bool { return h.term.LineStats().Dropped > 0 }},
		{"lost-ack=0.3", false, func(h *testHost) bool { return h.term.LineStats().LostACKs > 0 && h.link.Stats().Resends > 0 }},
		{"link-gap", false, func(h *testHost) bool { return h.term.LineStats().Stalled > 0 && h.link.Stats().Abandoned > 0 }},
	}
	for _, c := range cases {
		t.Run(c.fault, func(t *testing.T) {
			t.Parallel()
			h := newHost(t, Config{Faults: mustFaults(t, c.fault)})
			var trace0 int
			for i := 0; i < 10; i++ {
				cmd, kv := serialio.CmdEcho, []string{"DATA", "0102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"}
				if i%3 == 0 && !c.echoes {
					cmd, kv = "ST", nil
				}
				r, err := h.doRetry(6*time.Second, 4, cmd, kv...)
				if err != nil {
					t.Fatalf("request %d (%s) over %s: %v", i, cmd, c.fault, err)
				}
				if r.RC() != "00" || cmd == "EC" && r.Value("DATA") != kv[1] {
					t.Fatalf("request %d: %v", i, r)
				}
				if cmd == "ST" {
					tr := num(t, r, "TRACE")
					if trace0 != 0 && tr != trace0 {
						t.Errorf("TRACE moved from %d to %d with no host message", trace0, tr)
					}
					trace0 = tr
				}
			}
			if c.bites != nil && !c.bites(h) {
				t.Errorf("%s left no mark on the line: %+v, strays %d", c.fault, h.link.Stats(), h.strays.Load())
			}
		})
	}
}

// TestUnplug: after N frames the line goes away; the host sees its link lost and Serve says why.
func TestUnplug(t *testing.T) {
	t.Parallel()
	h := newHost(t, Config{Faults: mustFaults(t, "unplug-after=7")})
	for i := 1; i <= 10; i++ {
		req := message("ST", i)
		if h.sendMsg(req) != nil {
			break
		}
		if _, ok := h.await(req, 3*time.Second); !ok {
			break
		}
	}
	select {
	case <-h.link.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("host link still up after the cable was pulled")
	}
	if err := h.link.Err(); !errors.Is(err, serialio.ErrLinkLost) {
		t.Errorf("host link ended with %v, want ErrLinkLost", err)
	}
	err, ok := h.serveResult(5 * time.Second)
	if !ok || !errors.Is(err, ErrUnplugged) {
		t.Errorf("Serve returned %v (returned %v), want ErrUnplugged", err, ok)
	}
}

// TestSilent: silent=ST ACKs ST and never answers it; other requests are answered.
func TestSilent(t *testing.T) {
	t.Parallel()
	h := newHost(t, Config{Faults: mustFaults(t, "silent=ST")})
	req := h.send("ST") // send returns only after the link's ACK
	if r, ok := h.await(req, 1500*time.Millisecond); ok {
		t.Fatalf("silent ST answered: %v", r.msg)
	}
	if r := h.do("EC", "DATA", "AA"); r.RC() != "00" {
		t.Errorf("EC: %v", r)
	}
}

// TestServeStops: cancelling Serve's context makes the terminal say EOT and return nil; the
// host sees the terminal close the link.
func TestServeStops(t *testing.T) {
	h := newHost(t, Config{Speed: 1}) // a real 2 s print is running when the stop comes
	h.send("PT")
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	h.cancel()
	err, ok := h.serveResult(3 * time.Second)
	if !ok || err != nil {
		t.Fatalf("Serve returned %v (returned %v), want nil", err, ok)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Serve took %v to stop", d)
	}
	select {
	case <-h.link.Done():
		if !errors.Is(h.link.Err(), serialio.ErrPeerClosed) {
			t.Errorf("host link ended with %v, want ErrPeerClosed (EOT)", h.link.Err())
		}
	case <-time.After(2 * time.Second):
		t.Error("host link still up after the terminal stopped")
	}
}

// TestServeOnce: one terminal serves one line at a time.
func TestServeOnce(t *testing.T) {
	h := newHost(t, Config{})
	h.do("ST")
	a, _ := serialio.Pipe()
	if err := h.term.Serve(context.Background(), a); !errors.Is(err, ErrServing) {
		t.Errorf("second Serve: %v, want ErrServing", err)
	}
}

// countingLine records Write calls for the pacer test.
type countingLine struct {
	bytes atomic.Int64
}

func (c *countingLine) Read(p []byte) (int, error)  { return 0, errors.New("no reads") }
func (c *countingLine) Write(p []byte) (int, error) { c.bytes.Add(int64(len(p))); return len(p), nil }
func (c *countingLine) Close() error                { return nil }

// TestPacer: bytes leave no faster than baud/10 a second (a lower bound: the pacer may be
// slower on a loaded machine, never faster).
func TestPacer(t *testing.T) {
	line := &countingLine{}
	p := newPacer(line, 96000) // 9600 bytes/s
	start := time.Now()
	frame := make([]byte, 1029)
	for i := 0; i < 3; i++ {
		p.Write(frame)
		p.Write([]byte{serialio.ACK})
	}
	want := time.Duration(float64(3*1030) / 9600 * float64(time.Second))
	if d := time.Since(start); d < want*95/100 {
		t.Errorf("3090 bytes at 96000 baud took %v, want at least %v", d, want)
	}
	if n := line.bytes.Load(); n != 3*1030 {
		t.Errorf("%d bytes reached the line, want %d", n, 3*1030)
	}
}
