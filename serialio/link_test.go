package serialio

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

// faultyLine wraps one end of a line and lets a test damage what that end writes.
type faultyLine struct {
	io.ReadWriteCloser
	mu     sync.Mutex
	writes int
	// hook may change or drop a write: it returns the chunks to write (nil drops it), and
	// a pause to take between them.
	hook func(n int, p []byte) (chunks [][]byte, pause time.Duration)
}

func (f *faultyLine) Write(p []byte) (int, error) {
	f.mu.Lock()
	f.writes++
	n := f.writes
	hook := f.hook
	f.mu.Unlock()
	if hook == nil {
		return f.ReadWriteCloser.Write(p)
	}
	chunks, pause := hook(n, append([]byte(nil), p...))
	for i, c := range chunks {
		if i > 0 && pause > 0 {
			time.Sleep(pause)
		}
		if _, err := f.ReadWriteCloser.Write(c); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

func isFrame(p []byte) bool { return len(p) > 1 && p[0] == STX }

// pair returns two links over a pipe; the second end is wrapped so the test can damage
// what b writes.
func pair(t *testing.T, cfg LinkConfig) (a, b *Link, bLine *faultyLine) {
	t.Helper()
	ea, eb := Pipe()
	bLine = &faultyLine{ReadWriteCloser: eb}
	a, b = NewLink(ea, cfg), NewLink(bLine, cfg)
	t.Cleanup(func() { a.Close(); b.Close() })
	return a, b, bLine
}

// deliver sends data on from and checks that to receives it unchanged.
func deliver(t *testing.T, from, to *Link, data string) {
	t.Helper()
	if err := from.Send(ctxT(t), []byte(data)); err != nil {
		t.Fatal(err)
	}
	if d := recv(t, to); string(d) != data {
		t.Fatalf("got %q, want %q", d, data)
	}
}

// waitEnded waits for what happened to end the link l, which must end with want.
func waitEnded(t *testing.T, l *Link, want error, what string) {
	t.Helper()
	select {
	case <-l.Done():
	case <-time.After(3 * time.Second):
		t.Fatalf("%s did not end the link", what)
	}
	if !errors.Is(l.Err(), want) {
		t.Fatalf("Err = %v, want %v", l.Err(), want)
	}
}

func recv(t *testing.T, l *Link) []byte {
	t.Helper()
	select {
	case d, ok := <-l.Frames():
		if !ok {
			t.Fatalf("link ended: %v", l.Err())
		}
		return d
	case <-time.After(5 * time.Second):
		t.Fatal("no frame within 5 s")
	}
	return nil
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestLinkBothDirectionsAtOnce(t *testing.T) {
	a, b, _ := pair(t, LinkConfig{})
	ctx := ctxT(t)
	const n = 50
	errs := make(chan error, 2)
	go func() {
		for i := 0; i < n; i++ {
			if err := a.Send(ctx, []byte{byte(i), STX, ETX}); err != nil {
				errs <- err
				return
			}
		}
		errs <- nil
	}()
	go func() {
		for i := 0; i < n; i++ {
			if err := b.Send(ctx, bytes.Repeat([]byte{byte(i)}, 1024)); err != nil {
				errs <- err
				return
			}
		}
		errs <- nil
	}()
	for i := 0; i < n; i++ {
		if d := recv(t, b); d[0] != byte(i) || len(d) != 3 {
			t.Fatalf("b got %v at %d", d, i)
		}
		if d := recv(t, a); d[0] != byte(i) || len(d) != 1024 {
			t.Fatalf("a got %d bytes at %d", len(d), i)
		}
	}
	for i := 0; i < 2; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if s := a.Stats(); s.Resends != 0 || s.FramesSent != n || s.FramesReceived != n {
		t.Fatalf("stats %+v", s)
	}
}

func TestLinkNAKThenResend(t *testing.T) {
	a, b, bLine := pair(t, LinkConfig{})
	bLine.hook = func(n int, p []byte) ([][]byte, time.Duration) {
		if isFrame(p) && n == 1 {
			p[4] ^= 0x40 // corrupt the first frame b sends: a must NAK it
		}
		return [][]byte{p}, 0
	}
	deliver(t, b, a, "ST0001\x1cRC=00")
	if s := b.Stats(); s.NAKsReceived != 1 || s.Resends != 1 {
		t.Fatalf("b stats %+v", s)
	}
	if s := a.Stats(); s.NAKsSent != 1 || s.FramesReceived != 1 {
		t.Fatalf("a stats %+v", s)
	}
}

func TestLinkLostACKDeliversTwice(t *testing.T) {
	a, b, bLine := pair(t, LinkConfig{TAck: 150 * time.Millisecond})
	bLine.hook = func(n int, p []byte) ([][]byte, time.Duration) {
		if len(p) == 1 && p[0] == ACK && n == 1 {
			return nil, 0 // b's first ACK is lost on the line
		}
		return [][]byte{p}, 0
	}
	if err := a.Send(ctxT(t), []byte("SO0005\x1cOPER=01")); err != nil {
		t.Fatal(err)
	}
	// the link delivers the resent frame again: duplicates are the message layer's to drop
	recv(t, b)
	recv(t, b)
	if s := a.Stats(); s.ACKTimeouts != 1 || s.Resends != 1 {
		t.Fatalf("a stats %+v", s)
	}
}

func TestLinkFailsAfterThreeResends(t *testing.T) {
	ea, eb := Pipe()
	a := NewLink(ea, LinkConfig{TAck: 50 * time.Millisecond})
	defer a.Close()
	// the peer reads but never answers
	var frames int
	done := make(chan struct{})
	go func() {
		defer close(done)
		r := &Receiver{}
		buf := make([]byte, 256)
		for {
			n, err := eb.Read(buf)
			r.Feed(buf[:n], time.Now(), func(ev RxEvent) {
				if ev.Kind == RxFrame {
					frames++
				}
			})
			if err != nil {
				return
			}
		}
	}()
	err := a.Send(ctxT(t), []byte("ST0001"))
	if !errors.Is(err, ErrLinkFailed) {
		t.Fatalf("Send = %v, want ErrLinkFailed", err)
	}
	a.Close()
	<-done
	if frames != 4 {
		t.Fatalf("peer saw %d sends, want 4 (1 + 3 resends)", frames)
	}
}

func TestLinkDefaultTAck(t *testing.T) {
	ea, eb := Pipe()
	a := NewLink(ea, LinkConfig{})
	defer a.Close()
	go io.Copy(io.Discard, eb)
	// a deadline far above the 4 s the link needs: the bound is only against a hang
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	start := time.Now()
	if err := a.Send(ctx, []byte("ST0001")); !errors.Is(err, ErrLinkFailed) {
		t.Fatalf("Send = %v, want ErrLinkFailed before the 30 s deadline", err)
	}
	// 4 sends, each given up after T_ACK = 1000 ms: counted, not timed. A timer never fires
	// early, so 4 T_ACKs are a floor whatever the machine's load: a shortened default
	// T_ACK fails it, a slow machine cannot.
	if st := a.Stats(); st.Resends != DefaultMaxResends || st.ACKTimeouts != DefaultMaxResends+1 {
		t.Errorf("%d resends, %d T_ACK expiries; want %d and %d", st.Resends, st.ACKTimeouts, DefaultMaxResends, DefaultMaxResends+1)
	}
	if d := time.Since(start); d < time.Duration(DefaultMaxResends+1)*DefaultTAck {
		t.Errorf("failed after %v, before 4 T_ACKs of %v", d, DefaultTAck)
	}
}

func TestLinkGapAbandonsThenResendGetsThrough(t *testing.T) {
	a, b, bLine := pair(t, LinkConfig{TAck: 600 * time.Millisecond})
	bLine.hook = func(n int, p []byte) ([][]byte, time.Duration) {
		if isFrame(p) && n == 1 {
			return [][]byte{p[:5], p[5:]}, 350 * time.Millisecond
		}
		return [][]byte{p}, 0
	}
	deliver(t, b, a, "EV0001\x1cCODE=P1")
	if s := a.Stats(); s.Abandoned != 1 || s.NAKsSent != 0 {
		t.Fatalf("a stats %+v: the gap must abandon silently", s)
	}
	if s := b.Stats(); s.Resends != 1 {
		t.Fatalf("b stats %+v", s)
	}
}

func TestLinkNoiseBetweenFrames(t *testing.T) {
	a, b, bLine := pair(t, LinkConfig{})
	bLine.hook = func(n int, p []byte) ([][]byte, time.Duration) {
		if isFrame(p) {
			return [][]byte{[]byte("\x00\xffnoise\x7f"), p, []byte("~~")}, 0
		}
		return [][]byte{p}, 0
	}
	ctx := ctxT(t)
	for i := 0; i < 3; i++ {
		if err := b.Send(ctx, []byte("KE0001\x1cKEY=5")); err != nil {
			t.Fatal(err)
		}
		recv(t, a)
	}
	if s := a.Stats(); s.NoiseBytes != 3*10 || s.FramesReceived != 3 {
		t.Fatalf("a stats %+v", s)
	}
}

func TestLinkProbe(t *testing.T) {
	a, _, _ := pair(t, LinkConfig{})
	if err := a.Probe(ctxT(t)); err != nil {
		t.Fatalf("Probe = %v", err)
	}
	ea, eb := Pipe()
	silent := NewLink(ea, LinkConfig{TAck: 100 * time.Millisecond})
	defer silent.Close()
	go io.Copy(io.Discard, eb)
	if err := silent.Probe(ctxT(t)); !errors.Is(err, ErrTimeout) {
		t.Fatalf("Probe on a silent line = %v, want ErrTimeout", err)
	}
}

func TestLinkEOTClosesPeer(t *testing.T) {
	a, b, _ := pair(t, LinkConfig{})
	b.SendEOT()
	waitEnded(t, a, ErrPeerClosed, "EOT")
	if _, ok := <-a.Frames(); ok {
		t.Fatal("Frames still open after EOT")
	}
}

// TestLinkStopUnblocksSend: a Send waiting for an ACK that never comes returns when the link is
// closed or the Send's context is cancelled.
func TestLinkStopUnblocksSend(t *testing.T) {
	for _, tc := range []struct {
		name string
		stop func(a *Link, cancel context.CancelFunc)
		want error
	}{
		{"Close", func(a *Link, _ context.CancelFunc) { a.Close() }, ErrClosed},
		{"cancel", func(_ *Link, cancel context.CancelFunc) { cancel() }, context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ea, eb := Pipe()
			a := NewLink(ea, LinkConfig{})
			defer a.Close()
			go io.Copy(io.Discard, eb)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			errc := make(chan error, 1)
			go func() { errc <- a.Send(ctx, []byte("PT0001")) }()
			time.Sleep(50 * time.Millisecond)
			tc.stop(a, cancel)
			select {
			case err := <-errc:
				if !errors.Is(err, tc.want) {
					t.Fatalf("Send = %v, want %v", err, tc.want)
				}
			case <-time.After(2 * time.Second):
				t.Fatalf("%s did not unblock Send", tc.name)
			}
		})
	}
}

func TestLinkLostWhenLineGoes(t *testing.T) {
	ea, eb := Pipe()
	a := NewLink(ea, LinkConfig{})
	defer a.Close()
	eb.Close() // the cable is pulled at the other end
	waitEnded(t, a, ErrLinkLost, "the line going away")
	if err := a.Send(ctxT(t), []byte("ST0001")); !errors.Is(err, ErrLinkLost) {
		t.Fatalf("Send after loss = %v", err)
	}
}

// TestLinkTraceMasksPANSplitAcrossReads: a real port hands bytes over in small pieces; a card
// number split between two reads is still masked in the trace.
func TestLinkTraceMasksPANSplitAcrossReads(t *testing.T) {
	tr := NewTrace(64)
	ea, eb := Pipe()
	a := NewLink(ea, LinkConfig{Trace: tr})
	defer a.Close()
	frame := frameOf(t, []byte("JL0001\x1cRC=00\x1cREC=SALE\x1f6222021234567890128"))
	for i := 0; i < len(frame); i += 7 { // 7-byte reads, as from a USB adapter
		eb.Write(frame[i:min(i+7, len(frame))])
		time.Sleep(2 * time.Millisecond)
	}
	recv(t, a)
	var in []byte // everything the trace kept of what came in, pieced together
	for _, e := range tr.Entries() {
		if e.Dir == In {
			in = append(in, e.Raw...)
		}
		if strings.Contains(e.Text, "6222021234567890128") {
			t.Fatalf("trace text kept the card number: %s", e)
		}
	}
	if bytes.Contains(in, []byte("6222021234567890128")) {
		t.Fatalf("the trace's incoming bytes piece together to the full card number")
	}
	found := false
	for _, e := range tr.Entries() {
		found = found || bytes.Contains(e.Raw, []byte("622202*********0128"))
	}
	if !found {
		t.Fatal("the masked frame is not in the trace")
	}
}

func TestLinkTraceMasksPAN(t *testing.T) {
	tr := NewTrace(64)
	a, b, _ := pair(t, LinkConfig{Trace: tr})
	_ = a
	if err := b.Send(ctxT(t), []byte("JL0001\x1cRC=00\x1cREC=20261101120000\x1fSALE\x1f100\x1f6222021234567890128")); err != nil {
		t.Fatal(err)
	}
	recv(t, a)
	b.Close()
	for _, e := range tr.Entries() {
		if bytes.Contains(e.Raw, []byte("6222021234567890128")) {
			t.Fatalf("trace kept a full PAN: %s", e)
		}
	}
}
