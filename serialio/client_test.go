package serialio

import (
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeTerminal answers requests with a function; it can send extra frames of its own.
type fakeTerminal struct {
	link *Link
	mu   sync.Mutex
	seen []Message
}

func newFake(t *testing.T, answer func(f *fakeTerminal, req Message)) (*Client, *fakeTerminal) {
	t.Helper()
	ea, eb := Pipe()
	c := NewClient(ea, ClientConfig{Timeout: func(Command) time.Duration { return 500 * time.Millisecond }})
	f := &fakeTerminal{link: NewLink(eb, LinkConfig{})}
	t.Cleanup(func() { c.Close(); f.link.Close() })
	go func() {
		for d := range f.link.Frames() {
			m, err := ParseMessage(d)
			if err != nil {
				continue
			}
			f.mu.Lock()
			f.seen = append(f.seen, m)
			f.mu.Unlock()
			answer(f, m)
		}
	}()
	return c, f
}

func (f *fakeTerminal) send(m Message) {
	b, _ := EncodeMessage(m)
	_ = f.link.Send(context.Background(), b)
}

func TestClientMatchesBySeqAndDropsLate(t *testing.T) {
	c, _ := newFake(t, func(f *fakeTerminal, req Message) {
		// a late answer to an older request, a duplicate of another command, then the real one
		f.send(Message{Cmd: req.Cmd, Seq: NextSeq(req.Seq + 5), Fields: []Field{{"RC", "99"}}})
		f.send(Message{Cmd: "PT", Seq: req.Seq, Fields: []Field{{"RC", "98"}}})
		f.send(Message{Cmd: req.Cmd, Seq: req.Seq, Fields: []Field{{"RC", "00"}, {"SN", "X1"}}})
	})
	resp, err := c.Exchange(ctxT(t), Message{Cmd: "ST"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.RC() != "00" || resp.Value("SN") != "X1" {
		t.Fatalf("got %v", resp)
	}
	time.Sleep(50 * time.Millisecond)
	if s := c.Stats(); s.LateResponses != 2 {
		t.Fatalf("late = %d, want 2", s.LateResponses)
	}
}

func TestClientSeqIncrementsAndWraps(t *testing.T) {
	ea, eb := Pipe()
	c := NewClient(ea, ClientConfig{FirstSeq: 9998})
	defer c.Close()
	f := NewLink(eb, LinkConfig{})
	defer f.Close()
	var seqs []int
	go func() {
		for d := range f.Frames() {
			m, _ := ParseMessage(d)
			seqs = append(seqs, m.Seq)
			b, _ := EncodeMessage(Message{Cmd: m.Cmd, Seq: m.Seq, Fields: []Field{{"RC", "00"}}})
			f.Send(context.Background(), b)
		}
	}()
	for i := 0; i < 3; i++ {
		if _, err := c.Exchange(ctxT(t), Message{Cmd: "ST"}); err != nil {
			t.Fatal(err)
		}
	}
	if len(seqs) != 3 || seqs[0] != 9998 || seqs[1] != 9999 || seqs[2] != 1 {
		t.Fatalf("SEQs %v, want 9998 9999 1", seqs)
	}
}

func TestClientRandomFirstSeq(t *testing.T) {
	seen := map[int]bool{}
	for i := 0; i < 8; i++ {
		ea, eb := Pipe()
		c := NewClient(ea, ClientConfig{})
		c.mu.Lock()
		seen[NextSeq(c.seq)] = true
		c.mu.Unlock()
		c.Close()
		eb.Close()
	}
	if len(seen) < 2 {
		t.Fatalf("first SEQ is not random: %v", seen)
	}
}

func TestClientResponseTimeout(t *testing.T) {
	c, _ := newFake(t, func(f *fakeTerminal, req Message) {}) // ACKs (the link does) but never answers
	start := time.Now()
	_, err := c.Exchange(ctxT(t), Message{Cmd: "ST"})
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("Exchange = %v, want ErrTimeout", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("timed out after %v", d)
	}
}

func TestClientUnsolicitedEvents(t *testing.T) {
	c, _ := newFake(t, func(f *fakeTerminal, req Message) {
		if req.Cmd == "KT" {
			f.send(Message{Cmd: "KT", Seq: req.Seq, Fields: []Field{{"RC", "00"}}})
			f.send(Message{Cmd: "KE", Seq: 1, Fields: []Field{{"KEY", "5"}, {"ACT", "DOWN"}}})
			f.send(Message{Cmd: "KE", Seq: 2, Fields: []Field{{"KEY", "5"}, {"ACT", "UP"}}})
		}
		if req.Cmd == "KX" {
			f.send(Message{Cmd: "KX", Seq: req.Seq, Fields: []Field{{"RC", "00"}}})
			f.send(Message{Cmd: "KX", Seq: 3, Fields: []Field{{"REASON", "STOP"}}})
		}
	})
	ctx := ctxT(t)
	if r, err := c.Exchange(ctx, Message{Cmd: "KT", Fields: []Field{{"TIMEOUT", "30"}}}); err != nil || r.RC() != "00" {
		t.Fatalf("KT = %v, %v", r, err)
	}
	for _, want := range []string{"DOWN", "UP"} {
		select {
		case ev := <-c.Events():
			if ev.Cmd != "KE" || ev.Value("ACT") != want {
				t.Fatalf("event %v, want KE %s", ev, want)
			}
		case <-time.After(2 * time.Second):
			t.Fatal("no key event")
		}
	}
	if r, err := c.Exchange(ctx, Message{Cmd: "KX"}); err != nil || r.RC() != "00" {
		t.Fatalf("KX = %v, %v", r, err)
	}
	select {
	case ev := <-c.Events():
		if ev.Cmd != "KX" || ev.Value("REASON") != "STOP" {
			t.Fatalf("event %v, want KX REASON=STOP", ev)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no KX event")
	}
}

func TestClientLinkLostDuringExchange(t *testing.T) {
	c, f := newFake(t, func(f *fakeTerminal, req Message) { f.link.Close() })
	_ = f
	_, err := c.Exchange(ctxT(t), Message{Cmd: "ST"})
	if !errors.Is(err, ErrLinkLost) {
		t.Fatalf("Exchange = %v, want ErrLinkLost", err)
	}
	select {
	case <-c.Done():
	case <-time.After(2 * time.Second):
		t.Fatal("client did not see the link end")
	}
	if _, ok := <-c.Events(); ok {
		t.Fatal("Events still open")
	}
}

func TestResponseTimeouts(t *testing.T) {
	for cmd, want := range map[Command]time.Duration{CmdStatus: 5 * time.Second, CmdCommTest: 60 * time.Second, CmdSignOn: 60 * time.Second, CmdPrintTest: 20 * time.Second, CmdJournal: 10 * time.Second, CmdEventLog: 10 * time.Second, CmdEcho: 5 * time.Second} {
		if got := ResponseTimeout(cmd); got != want {
			t.Errorf("ResponseTimeout(%s) = %v, want %v", cmd, got, want)
		}
	}
}

// TestClientResendsUnderSameSeq: the first response never comes; the client sends the same
// request again under the same SEQ, and the terminal's answer to that arrives.
func TestClientResendsUnderSameSeq(t *testing.T) {
	var mu sync.Mutex
	var seqs []int
	c, _ := newFake(t, func(f *fakeTerminal, req Message) {
		mu.Lock()
		seqs = append(seqs, req.Seq)
		mu.Unlock()
		if len(seqs) == 1 {
			return // the response to the first send is lost
		}
		f.send(Message{Cmd: req.Cmd, Seq: req.Seq, Fields: []Field{{"RC", "00"}}})
	})
	resp, err := c.Exchange(ctxT(t), Message{Cmd: "SO", Fields: []Field{{"OPER", "01"}}})
	if err != nil || resp.RC() != "00" {
		t.Fatalf("Exchange = %v, %v", resp, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seqs) != 2 || seqs[0] != seqs[1] {
		t.Fatalf("SEQs sent %v: want the same SEQ twice", seqs)
	}
	if c.Stats().Retries != 1 {
		t.Fatalf("retries %d", c.Stats().Retries)
	}
}

func TestClientGivesUpAfterRetries(t *testing.T) {
	var n atomic.Int32
	c, _ := newFake(t, func(f *fakeTerminal, req Message) { n.Add(1) })
	_, err := c.Exchange(ctxT(t), Message{Cmd: "ST"})
	if !errors.Is(err, ErrTimeout) || n.Load() != 3 {
		t.Fatalf("Exchange = %v after %d sends, want ErrTimeout after 3", err, n.Load())
	}
}

// TestClientResendsEarlyWhenResponseDies: every send of the terminal's first response is
// damaged on the line, so the terminal gives up on it after 4 sends. The client notices (it
// NAKed, then silence past the resend budget) and asks again well before its response timeout.
func TestClientResendsEarlyWhenResponseDies(t *testing.T) {
	ea, eb := Pipe()
	tr := NewTrace(200)
	c := NewClient(ea, ClientConfig{Timeout: func(Command) time.Duration { return 30 * time.Second }, Link: LinkConfig{Trace: tr}})
	defer func() {
		if t.Failed() {
			for _, e := range tr.Entries() {
				t.Log(e)
			}
		}
	}()
	defer c.Close()
	line := &faultyLine{ReadWriteCloser: eb}
	var responses atomic.Int32
	line.hook = func(n int, p []byte) ([][]byte, time.Duration) {
		if isFrame(p) && responses.Load() == 1 {
			p[len(p)-1] ^= 0xFF // every send of the first response arrives with a bad LRC
		}
		return [][]byte{p}, 0
	}
	term := NewLink(line, LinkConfig{})
	defer term.Close()
	go func() {
		for d := range term.Frames() {
			m, err := ParseMessage(d)
			if err != nil {
				continue
			}
			responses.Add(1)
			b, _ := EncodeMessage(Message{Cmd: m.Cmd, Seq: m.Seq, Fields: []Field{{"RC", "00"}, {"PAGE", "1"}}})
			_ = term.Send(context.Background(), b) // the first fails after 4 sends, as §3 says
		}
	}()
	start := time.Now()
	resp, err := c.Exchange(ctxT(t), Message{Cmd: "JL", Fields: []Field{{"FROM", "20260101"}, {"PAGE", "1"}}})
	if err != nil || resp.RC() != "00" {
		t.Fatalf("Exchange = %v, %v", resp, err)
	}
	if d := time.Since(start); d > 12*time.Second {
		t.Fatalf("took %v: the client waited for its 30 s timeout instead of noticing the lost response", d)
	}
	if s := c.Stats(); s.Retries != 1 || s.NAKsSent < 4 {
		t.Fatalf("stats %+v", s)
	}
}

// TestClientDropsRepeatedEvents: a KE resent after a lost ACK carries the same SEQ and is
// delivered once.
func TestClientDropsRepeatedEvents(t *testing.T) {
	c, _ := newFake(t, func(f *fakeTerminal, req Message) {
		f.send(Message{Cmd: req.Cmd, Seq: req.Seq, Fields: []Field{{"RC", "00"}}})
		ke := Message{Cmd: "KE", Seq: 41, Fields: []Field{{"KEY", "5"}, {"ACT", "DOWN"}}}
		f.send(ke)
		f.send(ke) // the same message again
		f.send(Message{Cmd: "KE", Seq: 42, Fields: []Field{{"KEY", "5"}, {"ACT", "UP"}}})
	})
	if _, err := c.Exchange(ctxT(t), Message{Cmd: "KT", Fields: []Field{{"TIMEOUT", "30"}}}); err != nil {
		t.Fatal(err)
	}
	var got []string
	timeout := time.After(2 * time.Second)
	for len(got) < 2 {
		select {
		case ev := <-c.Events():
			got = append(got, ev.Value("ACT"))
		case <-timeout:
			t.Fatalf("events %v", got)
		}
	}
	select {
	case ev := <-c.Events():
		t.Fatalf("extra event %v after %v", ev, got)
	case <-time.After(200 * time.Millisecond):
	}
	if got[0] != "DOWN" || got[1] != "UP" {
		t.Fatalf("events %v", got)
	}
}

func TestPortWireTime(t *testing.T) {
	if d := (&Port{baud: 9600}).WireTime(960); d != time.Second {
		t.Errorf("960 bytes at 9600 baud: %v", d)
	}
	if d := (&Port{baud: 115200}).WireTime(1029); d < 89*time.Millisecond || d > 90*time.Millisecond {
		t.Errorf("1029 bytes at 115200: %v", d)
	}
}

// exchangeAfterFailedFrame runs a client on host and a terminal on term that answers every
// request with RC 00, fails the four sends (§3) of the client's first frame with a bad LRC,
// and asks ST: the exchange must still complete. It returns the client, for its Stats.
func exchangeAfterFailedFrame(t *testing.T, host, term io.ReadWriteCloser) *Client {
	t.Helper()
	line := &faultyLine{ReadWriteCloser: host}
	var frames atomic.Int32
	line.hook = func(n int, p []byte) ([][]byte, time.Duration) {
		if isFrame(p) && frames.Add(1) <= 4 {
			p[len(p)-1] ^= 0xFF
		}
		return [][]byte{p}, 0
	}
	c := NewClient(line, ClientConfig{Link: LinkConfig{TAck: 100 * time.Millisecond}})
	t.Cleanup(func() { c.Close() })
	tl := NewLink(term, LinkConfig{})
	t.Cleanup(func() { tl.Close() })
	go func() {
		for d := range tl.Frames() {
			m, _ := ParseMessage(d)
			b, _ := EncodeMessage(Message{Cmd: m.Cmd, Seq: m.Seq, Fields: []Field{{"RC", "00"}}})
			_ = tl.Send(context.Background(), b)
		}
	}()
	resp, err := c.Exchange(ctxT(t), Message{Cmd: "ST"})
	if err != nil || resp.RC() != "00" {
		t.Fatalf("Exchange = %v, %v", resp, err)
	}
	return c
}

// TestClientRecoversFromOneFailedFrame: a request frame is damaged on all four sends; the
// terminal still answers ENQ, so the client asks again and the exchange completes.
func TestClientRecoversFromOneFailedFrame(t *testing.T) {
	ea, eb := Pipe()
	c := exchangeAfterFailedFrame(t, ea, eb)
	if c.Stats().Retries != 1 {
		t.Fatalf("retries %d", c.Stats().Retries)
	}
}
