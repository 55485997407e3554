package termsim

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"posdoctor/serialio"
)

// testHost is a minimal host side for tests: serialio's link over an in-memory pipe, with
// requests sent by SEQ and responses matched by CMD and SEQ (§4). Unsolicited KE, KX and EV
// are collected on their own channel; responses that match nothing are counted as strays.
type testHost struct {
	tb     testing.TB
	term   *Terminal
	link   *serialio.Link
	seq    int
	resps  chan received
	unsol  chan serialio.Message
	strays atomic.Int64
	bad    atomic.Int64
	cancel context.CancelFunc

	served     chan error
	resultOnce sync.Once
	result     error
	resultOK   bool
}

type received struct {
	msg  serialio.Message
	size int // DATA bytes
}

func mustFaults(tb testing.TB, names ...string) []Fault {
	tb.Helper()
	var out []Fault
	for _, n := range names {
		f, err := ParseFault(n)
		if err != nil {
			tb.Fatalf("ParseFault(%q): %v", n, err)
		}
		out = append(out, f)
	}
	return out
}

// newHost starts a terminal built from cfg (Speed 1000 unless set) on a pipe.
func newHost(tb testing.TB, cfg Config) *testHost {
	tb.Helper()
	if cfg.Speed == 0 {
		cfg.Speed = 1000
	}
	term, err := New(cfg)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return attach(tb, term)
}

func attach(tb testing.TB, term *Terminal) *testHost {
	a, b := serialio.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	h := &testHost{
		tb: tb, term: term, cancel: cancel,
		resps:  make(chan received, 1024),
		unsol:  make(chan serialio.Message, 4096),
		served: make(chan error, 1),
	}
	go func() { h.served <- term.Serve(ctx, b) }()
	h.link = serialio.NewLink(a, serialio.LinkConfig{})
	go h.read()
	tb.Cleanup(h.close)
	return h
}

func (h *testHost) read() {
	for data := range h.link.Frames() {
		m, err := serialio.ParseMessage(data)
		if err != nil {
			h.bad.Add(1)
			continue
		}
		if len(m.Fields) > 0 && m.Fields[0].Name == "RC" {
			h.resps <- received{m, len(data)}
		} else {
			h.unsol <- m
		}
	}
}

// serveResult waits up to d for Serve to return and gives its error.
func (h *testHost) serveResult(d time.Duration) (error, bool) {
	h.resultOnce.Do(func() {
		select {
		case h.result = <-h.served:
			h.resultOK = true
		case <-time.After(d):
		}
	})
	return h.result, h.resultOK
}

func (h *testHost) close() {
	h.cancel()
	if _, ok := h.serveResult(5 * time.Second); !ok {
		h.tb.Error("Serve did not return within 5 s of its context ending")
	}
	h.link.Close()
}

func message(cmd serialio.Command, seq int, kv ...string) serialio.Message {
	m := serialio.Message{Cmd: cmd, Seq: seq}
	for i := 0; i+1 < len(kv); i += 2 {
		m.Fields = append(m.Fields, serialio.Field{Name: kv[i], Value: kv[i+1]})
	}
	return m
}

// send sends a new request under the next SEQ and returns it.
func (h *testHost) send(cmd serialio.Command, kv ...string) serialio.Message {
	h.tb.Helper()
	h.seq = serialio.NextSeq(h.seq)
	m := message(cmd, h.seq, kv...)
	if err := h.sendMsg(m); err != nil {
		h.tb.Fatalf("send %v: %v", m, err)
	}
	return m
}

func (h *testHost) sendMsg(m serialio.Message) error {
	data, err := serialio.EncodeMessage(m)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return h.link.Send(ctx, data)
}

// await waits up to d for the response to req; other responses are strays (late, duplicate).
func (h *testHost) await(req serialio.Message, d time.Duration) (received, bool) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		select {
		case r := <-h.resps:
			if r.msg.Cmd == req.Cmd && r.msg.Seq == req.Seq {
				return r, true
			}
			h.strays.Add(1)
		case <-timer.C:
			return received{}, false
		}
	}
}

// do sends a request and returns its response; the test fails if none comes in 20 s.
func (h *testHost) do(cmd serialio.Command, kv ...string) serialio.Message {
	h.tb.Helper()
	req := h.send(cmd, kv...)
	r, ok := h.await(req, 20*time.Second)
	if !ok {
		h.tb.Fatalf("no response to %v", req)
	}
	return r.msg
}

// doRetry is what a host does on a bad line: when the request's frame fails or no response
// comes within wait, it sends the same request again under the same SEQ (a duplicate the
// terminal must answer from its cache, §4), up to tries times in all.
func (h *testHost) doRetry(wait time.Duration, tries int, cmd serialio.Command, kv ...string) (serialio.Message, error) {
	h.seq = serialio.NextSeq(h.seq)
	req := message(cmd, h.seq, kv...)
	var err error
	for i := 0; i < tries; i++ {
		if err = h.sendMsg(req); err != nil {
			if !errors.Is(err, serialio.ErrLinkFailed) {
				return serialio.Message{}, err
			}
			continue
		}
		if r, ok := h.await(req, wait); ok {
			return r.msg, nil
		}
		err = errors.New("no response")
	}
	return serialio.Message{}, err
}

// next returns the next unsolicited message within d.
func (h *testHost) next(d time.Duration) (serialio.Message, bool) {
	select {
	case m := <-h.unsol:
		return m, true
	case <-time.After(d):
		return serialio.Message{}, false
	}
}

// drainUnsolicited returns what unsolicited messages have arrived so far.
func (h *testHost) drainUnsolicited() []serialio.Message {
	var out []serialio.Message
	for {
		select {
		case m := <-h.unsol:
			out = append(out, m)
		default:
			return out
		}
	}
}
