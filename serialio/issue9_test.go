package serialio

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"
)

// loopback is a line whose far end sends back every byte it gets: a loopback plug, or a
// cable that joins TX to RX on the laptop's side.
func loopback(t *testing.T) io.ReadWriteCloser {
	t.Helper()
	near, far := Pipe()
	go func() { _, _ = io.Copy(far, far) }()
	return near
}

// clientOnPipe is a client on one end of an in-memory line, closed when the test ends, and
// the line's other end, where the test plays the terminal.
func clientOnPipe(t *testing.T) (*Client, io.ReadWriteCloser) {
	t.Helper()
	near, far := Pipe()
	c := NewClient(near, ClientConfig{})
	t.Cleanup(func() { c.Close() })
	return c, far
}

// TestIssue9Item14LoopbackIsNotATerminal: our own request coming back is not an answer.
func TestIssue9Item14LoopbackIsNotATerminal(t *testing.T) {
	c := NewClient(loopback(t), ClientConfig{})
	defer c.Close()
	resp, err := c.Exchange(ctxT(t), Message{Cmd: "ST"})
	if !errors.Is(err, ErrLineEcho) {
		t.Fatalf("Exchange over a loopback = %v, %v; want ErrLineEcho", resp, err)
	}
	if c.Stats().Echoes == 0 {
		t.Errorf("no echo counted: %+v", c.Stats())
	}
}

// TestIssue9Item14RandomBytesAreNotAHangUp: an EOT among bytes that are no frames is a wrong
// baud or format, not the terminal going away.
func TestIssue9Item14RandomBytesAreNotAHangUp(t *testing.T) {
	c, far := clientOnPipe(t)
	rng := rand.New(rand.NewPCG(9, 14))
	junk := make([]byte, 0, 65)
	for len(junk) < 64 {
		switch b := byte(rng.IntN(256)); b {
		case STX, EOT:
		default:
			junk = append(junk, b)
		}
	}
	if _, err := far.Write(append(junk, EOT)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-c.Done():
	case <-ctxT(t).Done():
		t.Fatal("the link did not end on EOT")
	}
	if err := c.Err(); !errors.Is(err, ErrGarbled) || errors.Is(err, ErrPeerClosed) || !errors.Is(err, ErrLinkLost) {
		t.Fatalf("link ended with %v; want ErrGarbled (and ErrLinkLost), not ErrPeerClosed", err)
	}

	// a terminal that says goodbye cleanly after a valid frame still does
	c2, far := clientOnPipe(t)
	term := NewLink(far, LinkConfig{})
	defer term.Close()
	b, _ := EncodeMessage(Message{Cmd: "EV", Seq: 1, Fields: []Field{{"CODE", "P1"}, {"TEXT", "x"}}})
	if err := term.Send(ctxT(t), b); err != nil {
		t.Fatal(err)
	}
	term.SendEOT()
	<-c2.Done()
	if err := c2.Err(); !errors.Is(err, ErrPeerClosed) {
		t.Fatalf("clean EOT ended the link with %v", err)
	}
}

// TestIssue9Item15SilentTerminalWithin10s: a terminal that ACKs a quick request and never
// answers is reported (ErrTimeout) before a 10 s deadline, after asking twice more.
func TestIssue9Item15SilentTerminalWithin10s(t *testing.T) {
	c, far := clientOnPipe(t)
	term := NewLink(far, LinkConfig{}) // ACKs every frame, answers none
	defer term.Close()
	go func() {
		for range term.Frames() {
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := c.Exchange(ctx, Message{Cmd: "ST"})
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("Exchange = %v; want ErrTimeout within the 10 s deadline", err)
	}
	if r := c.Stats().Retries; r != 2 {
		t.Errorf("asked again %d times, want 2", r)
	}
}

// TestIssue9Item12ClientProbesAgain: after a request frame failed four sends, one lost ACK to
// the ENQ that follows does not make the terminal gone: the client probes again.
func TestIssue9Item12ClientProbesAgain(t *testing.T) {
	ea, eb := Pipe()
	termLine := &faultyLine{ReadWriteCloser: eb}
	var acks atomic.Int32
	termLine.hook = func(n int, p []byte) ([][]byte, time.Duration) {
		if len(p) == 1 && p[0] == ACK && acks.Add(1) == 1 {
			return nil, 0 // the ACK to the first ENQ is lost
		}
		return [][]byte{p}, 0
	}
	exchangeAfterFailedFrame(t, ea, termLine)
	if acks.Load() < 2 {
		t.Fatalf("the lost ACK was never exercised (%d ACKs)", acks.Load())
	}
}

// Random bytes answering every request, with no EOT among them, are also a wrong speed or
// format, not "no answer" (new-user test of issue 9: 7 of 8 random lines said "no answer").
func TestIssue9Item14RandomAnswersWithoutEOT(t *testing.T) {
	c, far := clientOnPipe(t)
	rng := rand.New(rand.NewPCG(14, 9))
	go func() {
		buf := make([]byte, 1200)
		for {
			n, err := far.Read(buf)
			if err != nil {
				return
			}
			junk := make([]byte, 0, n+8)
			for len(junk) < n+8 {
				if b := byte(0x20 + rng.IntN(0xE0)); b != 0x7F { // printable and high bytes: no control byte
					junk = append(junk, b)
				}
			}
			if _, err := far.Write(junk); err != nil {
				return
			}
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := c.Exchange(ctx, Message{Cmd: CmdStatus})
	if !errors.Is(err, ErrGarbled) {
		t.Fatalf("a line answering with random bytes: %v, want ErrGarbled", err)
	}
}
