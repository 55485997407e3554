//go:build linux

package serialio_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"posdoctor/internal/simtest"
	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

// The probe over real pseudo-terminals, against small peers on the master end. A pty ignores
// speed and forces 8 data bits, but the speed the app set shows in the termios the peer reads
// on its own end (TCGETS on a pty master reports the slave's settings), so a peer can answer
// only at its own speed. The 7E1 cases are in probe_test.go and shapes_test.go.

// peerLine opens a pty and runs peer on its master end until the test ends. peer gets the
// bytes read and the speed set on the line when they came, and returns what to write back.
func peerLine(t *testing.T, peer func(baud uint32, in []byte) []byte) string {
	t.Helper()
	master, slave, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { master.Close(); slave.Close() })
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			if err != nil {
				return
			}
			if out := peer(lineBaud(master), buf[:n]); len(out) > 0 {
				if _, err := master.Write(out); err != nil {
					return
				}
			}
		}
	}()
	return slave.Name()
}

// lineBaud is the speed the other end of the pty set (unix.B9600, ...), 0 if it cannot be read.
func lineBaud(f *os.File) uint32 {
	rc, err := f.SyscallConn()
	if err != nil {
		return 0
	}
	var baud uint32
	_ = rc.Control(func(fd uintptr) {
		if tio, err := unix.IoctlGetTermios(int(fd), unix.TCGETS); err == nil {
			baud = tio.Cflag & unix.CBAUD
		}
	})
	return baud
}

// concertPeer answers only at 9600, as an STX-DATA-ETX-LRC terminal: ENQ → ACK; a frame with a
// good LRC → ACK and an answer frame of its own, then EOT.
func concertPeer() func(uint32, []byte) []byte {
	var frame []byte
	return func(baud uint32, in []byte) []byte {
		if baud != unix.B9600 {
			frame = nil
			return nil // at another speed our bytes are noise to it: it stays quiet
		}
		var out []byte
		for _, c := range in {
			switch {
			case frame != nil:
				frame = append(frame, c)
				if n := len(frame); n >= 3 && frame[n-2] == serialio.ETX {
					if fs := serialio.RecognizeFrames(frame); len(fs) == 1 && fs[0].LRCOK {
						out = append(out, serialio.ACK)
						out = serialio.AppendETXFrame(out, []byte("0000000100978 UNKNOWN MESSAGE"))
						out = append(out, serialio.EOT)
					} else {
						out = append(out, serialio.NAK)
					}
					frame = nil
				}
			case c == serialio.STX:
				frame = []byte{c}
			case c == serialio.ENQ:
				out = append(out, serialio.ACK)
			}
		}
		return out
	}
}

func echoPeer(_ uint32, in []byte) []byte { return append([]byte(nil), in...) }

func silentPeer(uint32, []byte) []byte { return nil }

func runProbe(t *testing.T, path string) (serialio.ProbeResult, time.Duration) {
	t.Helper()
	var progress []serialio.ProbeSetting
	start := time.Now()
	res, err := serialio.Probe(context.Background(), path, serialio.ProbeConfig{
		Progress: func(done, total int, next serialio.ProbeSetting) { progress = append(progress, next) },
	})
	took := time.Since(start)
	if err != nil {
		t.Fatalf("probe %s: %v", path, err)
	}
	if took >= 15*time.Second {
		t.Errorf("the sweep took %v: over 15 s", took)
	}
	if len(res.Tries) != len(serialio.ProbeSettings()) || len(progress) == 0 {
		t.Errorf("%d tries, %d progress calls", len(res.Tries), len(progress))
	}
	for _, tr := range res.Tries {
		t.Logf("%-12s %-8s %s", tr.ProbeSetting, tr.Answer, tr.Describe().EN)
	}
	t.Logf("%s (%v)", res.Summary().EN, took)
	// closed cleanly: the port opens again at once (the exclusive lock is released)
	p, err := serialio.OpenPort(path, serialio.PortConfig{})
	if err != nil {
		t.Errorf("reopen after the probe: %v", err)
	} else {
		p.Close()
	}
	return res, took
}

func TestProbeConcertAt9600(t *testing.T) {
	t.Parallel()
	res, _ := runProbe(t, peerLine(t, concertPeer()))
	best, _ := res.Setting()
	if res.Verdict != serialio.VerdictFramed || best != (serialio.ProbeSetting{Baud: 9600, Format: serialio.Format8N1}) || res.AnySpeed {
		t.Fatalf("verdict %v at %v (any speed %v), want framed at 9600 8N1", res.Verdict, best, res.AnySpeed)
	}
	if k, _ := res.Tries[res.Best].Shape(); k != serialio.FrameETX || res.Tries[res.Best].TML1 {
		t.Errorf("shape %v, TML/1 %v", k, res.Tries[res.Best].TML1)
	}
	for _, tr := range res.Tries {
		if tr.Baud != 9600 && tr.Answer != serialio.AnswerSilence {
			t.Errorf("%v: %v, want silence away from 9600", tr.ProbeSetting, tr.Answer)
		}
	}
}

func TestProbeEcho(t *testing.T) {
	t.Parallel()
	res, _ := runProbe(t, peerLine(t, echoPeer))
	if res.Verdict != serialio.VerdictEcho {
		t.Fatalf("verdict %v, want echo", res.Verdict)
	}
	for _, tr := range res.Tries {
		if tr.Answer != serialio.AnswerEcho || !tr.Asked {
			t.Errorf("%v: %v (asked %v), want an echo of ENQ and of the request", tr.ProbeSetting, tr.Answer, tr.Asked)
		}
	}
}

func TestProbeNoise(t *testing.T) {
	t.Parallel()
	master, slave, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { close(done); master.Close(); slave.Close() })
	go func() { // discard what the probe sends
		buf := make([]byte, 256)
		for {
			if _, err := master.Read(buf); err != nil {
				return
			}
		}
	}()
	go func() {
		rng := rand.New(rand.NewPCG(1, 2))
		chunk := make([]byte, 50)
		for {
			select {
			case <-done:
				return
			case <-time.After(10 * time.Millisecond):
			}
			for i := range chunk {
				chunk[i] = byte(rng.Uint32())
			}
			if _, err := master.Write(chunk); err != nil {
				return
			}
		}
	}()
	res, _ := runProbe(t, slave.Name())
	if res.Verdict != serialio.VerdictGarbage {
		t.Fatalf("verdict %v, want garbage", res.Verdict)
	}
	for _, tr := range res.Tries {
		if tr.Answer != serialio.AnswerGarbage {
			t.Errorf("%v: %v, want garbage", tr.ProbeSetting, tr.Answer)
		}
	}
}

func TestProbeSilent(t *testing.T) {
	t.Parallel()
	res, _ := runProbe(t, peerLine(t, silentPeer))
	if res.Verdict != serialio.VerdictSilence || res.Best != -1 {
		t.Fatalf("verdict %v best %d, want silence", res.Verdict, res.Best)
	}
}

// The simulated terminal answers as TML/1 at every speed (a pty ignores it), and is left
// ready: a client connecting right after the probe gets its status.
func TestProbeTML1(t *testing.T) {
	t.Parallel()
	path := simtest.PTY(t, termsim.Config{Speed: 50})
	res, _ := runProbe(t, path)
	best, _ := res.Setting()
	if res.Verdict != serialio.VerdictTML1 || best != (serialio.ProbeSetting{Baud: 115200, Format: serialio.Format8N1}) || !res.AnySpeed {
		t.Fatalf("verdict %v at %v (any speed %v), want TML/1 at any speed, 115200 8N1 named", res.Verdict, best, res.AnySpeed)
	}
	port, err := serialio.OpenPort(path, serialio.PortConfig{})
	if err != nil {
		t.Fatal(err)
	}
	c := serialio.NewClient(port, serialio.ClientConfig{})
	defer c.Close()
	sctx, scancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer scancel()
	if resp, err := c.Exchange(sctx, serialio.Message{Cmd: serialio.CmdStatus}); err != nil || resp.RC() != "00" {
		t.Fatalf("status after the probe: %v %v", resp, err)
	}
}

// Cancelling stops the sweep at once; the port is closed and the rest is reported skipped.
func TestProbeCancel(t *testing.T) {
	t.Parallel()
	path := peerLine(t, silentPeer)
	ctx, cancel := context.WithCancel(context.Background())
	start := time.Now()
	res, err := serialio.Probe(ctx, path, serialio.ProbeConfig{Progress: func(done, total int, _ serialio.ProbeSetting) {
		if done == 2 {
			cancel()
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("cancel took effect after %v", took)
	}
	if !res.Cancelled || res.Tries[len(res.Tries)-1].Answer != serialio.AnswerSkipped {
		t.Errorf("cancelled %v, last %v", res.Cancelled, res.Tries[len(res.Tries)-1].Answer)
	}
	if p, err := serialio.OpenPort(path, serialio.PortConfig{}); err != nil {
		t.Errorf("reopen after a cancelled probe: %v", err)
	} else {
		p.Close()
	}
}

func TestProbeNoSuchPort(t *testing.T) {
	_, err := serialio.Probe(context.Background(), "/dev/ttyNOSUCH9", serialio.ProbeConfig{})
	if !errors.Is(err, serialio.ErrNoSuchPort) {
		t.Fatalf("err %v, want ErrNoSuchPort", err)
	}
}
