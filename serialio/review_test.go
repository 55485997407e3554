package serialio

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

// TestMalformedAnswerIsNoPoorLine: on a clean line a terminal whose answer passes the LRC check
// but is no message (an ST with a GBK merchant name: a firmware fault) is not asked sixteen
// times and the line blamed: the request times out, as a request the terminal does not answer.
func TestMalformedAnswerIsNoPoorLine(t *testing.T) {
	ea, eb := Pipe()
	c := NewClient(ea, ClientConfig{Timeout: func(Command) time.Duration { return 300 * time.Millisecond }, RepeatTimeout: 100 * time.Millisecond})
	t.Cleanup(func() { c.Close() })
	term := NewLink(eb, LinkConfig{})
	t.Cleanup(func() { term.Close() })
	var asked atomic.Int32
	go func() {
		for d := range term.Frames() {
			m, err := ParseMessage(d)
			if err != nil {
				continue
			}
			asked.Add(1)
			raw := []byte(fmt.Sprintf("%s%04d\x1cRC=00\x1cMNAME=\xbf\xb5\xc4\xfe", m.Cmd, m.Seq))
			go func() { _ = term.Send(context.Background(), raw) }()
		}
	}()
	_, err := c.Exchange(context.Background(), Message{Cmd: CmdStatus})
	if !errors.Is(err, ErrTimeout) || errors.Is(err, ErrLinePoor) || asked.Load() > 4 {
		t.Errorf("asked %d times: %v; want a timeout after a few asks, not a poor line", asked.Load(), err)
	}
}

// TestNotReadyTerminalIsNoPoorLine: a terminal that NAKs every frame and every ENQ says it is
// not ready (§3); the client does not hammer it with re-asks and blame the line.
func TestNotReadyTerminalIsNoPoorLine(t *testing.T) {
	ea, eb := Pipe()
	c := NewClient(ea, ClientConfig{})
	t.Cleanup(func() { c.Close() })
	var frames atomic.Int32
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := eb.Read(buf)
			if err != nil {
				return
			}
			p := buf[:n]
			frames.Add(int32(bytes.Count(p, []byte{ETX})))
			for range bytes.Count(p, []byte{ENQ}) + bytes.Count(p, []byte{ETX}) {
				eb.Write([]byte{NAK})
			}
		}
	}()
	_, err := c.Exchange(context.Background(), Message{Cmd: CmdStatus})
	// asked twice (each frame sent 1+MaxResends times, and counted by its ETX byte, which its
	// LRC may be too), not the 17 times (68 frames) of a poor line
	if !errors.Is(err, ErrNotReady) || errors.Is(err, ErrLinePoor) || frames.Load() > 24 {
		t.Errorf("%d frames sent: %v; want not ready after a few asks, not a poor line", frames.Load(), err)
	}
}
