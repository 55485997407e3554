package termsim

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"posdoctor/serialio"
)

// ErrServing is returned by Serve when the terminal is already serving another line: a
// terminal has one maintenance port.
var ErrServing = errors.New("simulated terminal is already serving a line")

// Serve runs the terminal on rw until ctx is done or the line ends. It wraps rw with the line
// faults and, with Pace, with pacing to the baud rate, runs serialio's link (§3) over that,
// and answers requests (§4-5). When ctx is done the terminal sends EOT (it is going away,
// §3), closes rw and returns nil. When the line ends first it returns why: an error wrapping
// ErrUnplugged for the unplug-after fault, else the link's (serialio.ErrLinkLost when the
// stream closed or failed, serialio.ErrPeerClosed when the host sent EOT). Serve closes rw
// when it returns, except with ErrServing (another Serve is running; rw is left alone). State (trace, keys, paper, event log) carries over to the next Serve; the
// duplicate-request memory of §4 does not.
func (t *Terminal) Serve(ctx context.Context, rw io.ReadWriteCloser) error {
	if rw == nil {
		return errors.New("simulated terminal: Serve needs a line (nil io.ReadWriteCloser)")
	}
	if !t.serving.CompareAndSwap(false, true) {
		return ErrServing
	}
	defer t.serving.Store(false)
	t.mu.Lock() // SetFaults must see this line or have stored the faults it starts with
	line := newFaultyLine(rw, t.fs().line, uint64(t.cfg.Seed)+uint64(t.serves.Add(1)), &t.lineCount)
	t.line.Store(line)
	t.mu.Unlock()
	defer func() {
		t.mu.Lock()
		t.line.Store(nil)
		t.mu.Unlock()
	}()
	var stream io.ReadWriteCloser = line
	if t.cfg.Pace {
		stream = newPacer(line, t.baud)
	}
	link := serialio.NewLink(stream, serialio.LinkConfig{})
	sctx, cancel := context.WithCancel(ctx)
	s := newConn(t, sctx)
	s.wg.Add(1)
	go s.sendLoop(link)

	stopped := false
loop:
	for {
		select {
		case data, ok := <-link.Frames():
			if !ok {
				break loop
			}
			s.handle(data)
		case <-ctx.Done():
			stopped = true
			link.SendEOT()
			break loop
		}
	}
	cancel()
	link.Close()
	waitBounded(&s.wg, 5*time.Second)
	switch {
	case stopped:
		return nil
	case line.unplugged.Load():
		return fmt.Errorf("line ended after %d frames: %w", line.frames.Load(), ErrUnplugged)
	}
	return link.Err()
}

// waitBounded waits for wg, at most d: every goroutine of a conn ends on its context, so
// the bound is only a guard against a defect turning into a hang.
func waitBounded(wg *sync.WaitGroup, d time.Duration) {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	}
}

// conn is the message layer of one Serve (one connection of a line): duplicate memory, the
// running operation and the outgoing queue. Its fields below wg are guarded by Terminal.mu.
type conn struct {
	t   *Terminal
	ctx context.Context
	out *outbox
	wg  sync.WaitGroup

	busy serialio.Command // CMD of the running operation, "" when idle
	last lastRequest      // the last request executed or executing (§4 duplicates)
	kt   *keypadRun       // the running keypad test, if any
	useq int              // the terminal's own SEQ for KE, KX and EV (§4)
}

type lastRequest struct {
	valid bool
	cmd   serialio.Command
	seq   int
	resp  *serialio.Message // nil while the request still runs
}

func newConn(t *Terminal, ctx context.Context) *conn {
	return &conn{t: t, ctx: ctx, out: newOutbox()}
}

// outbox is the ordered queue of messages for the sender goroutine. Pushing never blocks, so
// neither the frame-reading loop nor an operation ever waits on the line.
type outbox struct {
	mu    sync.Mutex
	items []serialio.Message
	ready chan struct{}
}

func newOutbox() *outbox { return &outbox{ready: make(chan struct{}, 1)} }

func (o *outbox) push(m serialio.Message) {
	o.mu.Lock()
	o.items = append(o.items, m)
	o.mu.Unlock()
	select {
	case o.ready <- struct{}{}:
	default:
	}
}

func (o *outbox) pop(ctx context.Context) (serialio.Message, bool) {
	for {
		o.mu.Lock()
		if len(o.items) > 0 {
			m := o.items[0]
			o.items[0] = serialio.Message{}
			o.items = o.items[1:]
			o.mu.Unlock()
			return m, true
		}
		o.mu.Unlock()
		select {
		case <-o.ready:
		case <-ctx.Done():
			return serialio.Message{}, false
		}
	}
}

// sendLoop sends queued messages through the link in order, each waiting for its ACK (§3).
// A message unACKed after every resend is given up, as a terminal does; a response stays
// cached, so the host's resent request still gets it (§4).
func (s *conn) sendLoop(link *serialio.Link) {
	defer s.wg.Done()
	for {
		m, ok := s.out.pop(s.ctx)
		if !ok {
			return
		}
		data, err := serialio.EncodeMessage(m)
		if err != nil {
			continue // cannot happen for the terminal's own messages; never send what a peer cannot parse
		}
		if err := link.Send(s.ctx, data); err != nil {
			if errors.Is(err, serialio.ErrLinkFailed) {
				if fn := s.t.lineFailed.Load(); fn != nil {
					(*fn)()
				}
				continue
			}
			return // the link ended or Serve is stopping
		}
	}
}

// reply builds a response to req: CMD and SEQ echoed, RC first (§4), then name/value pairs.
func reply(req serialio.Message, rc string, kv ...string) serialio.Message {
	m := serialio.Message{Cmd: req.Cmd, Seq: req.Seq, Fields: make([]serialio.Field, 0, 1+len(kv)/2)}
	m.Fields = append(m.Fields, serialio.Field{Name: "RC", Value: rc})
	for i := 0; i+1 < len(kv); i += 2 {
		m.Fields = append(m.Fields, serialio.Field{Name: kv[i], Value: kv[i+1]})
	}
	return m
}

// unsolicited queues a KE, KX or EV under the terminal's own SEQ (§4). Called with t.mu held.
func (s *conn) unsolicited(cmd serialio.Command, kv ...string) {
	s.useq = serialio.NextSeq(s.useq)
	m := serialio.Message{Cmd: cmd, Seq: s.useq}
	for i := 0; i+1 < len(kv); i += 2 {
		m.Fields = append(m.Fields, serialio.Field{Name: kv[i], Value: kv[i+1]})
	}
	s.out.push(m)
}

// handle is the message layer for one received frame's DATA (§4). It runs on Serve's reading
// goroutine and never blocks: operations run on their own goroutines. Every byte of data is
// untrusted.
func (s *conn) handle(data []byte) {
	m, err := serialio.ParseMessage(data)
	if err != nil {
		return // §4: the link already ACKed it; a frame without a valid CMD and SEQ is dropped
	}
	if s.t.fs().silent[m.Cmd] {
		return // silent=CMD: ACKed by the link, never answered
	}
	t := s.t
	t.mu.Lock()
	defer t.mu.Unlock()
	if s.last.valid && s.last.cmd == m.Cmd && s.last.seq == m.Seq {
		// a resend of the last request (its ACK was lost): never run it twice; send the
		// cached response again, or let the one response go when it is done
		if s.last.resp != nil {
			s.out.push(*s.last.resp)
		}
		return
	}
	if !isRequest(m.Cmd) {
		s.answer(m, reply(m, rcUnknownCommand))
		return
	}
	if s.busy != "" {
		if m.Cmd == serialio.CmdKeypadEnd && s.kt != nil {
			s.stopKeypad(m)
			return
		}
		s.out.push(reply(m, rcBusy)) // not remembered: the running request stays "last"
		return
	}
	op, ok := s.prepare(m)
	if !ok {
		s.answer(m, reply(m, rcBadField))
		return
	}
	if op == nil {
		return // prepare answered it already (KT, KX)
	}
	s.busy = m.Cmd
	s.last = lastRequest{valid: true, cmd: m.Cmd, seq: m.Seq}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		resp := op(s.ctx)
		t.mu.Lock()
		defer t.mu.Unlock()
		if s.last.cmd == m.Cmd && s.last.seq == m.Seq {
			s.last.resp = &resp
		}
		s.busy = ""
		s.out.push(resp)
	}()
}

// answer sends an immediate response and remembers it as the last request's. Called with
// t.mu held.
func (s *conn) answer(req, resp serialio.Message) {
	s.last = lastRequest{valid: true, cmd: req.Cmd, seq: req.Seq, resp: &resp}
	s.out.push(resp)
}

// ServeInMemory serves t on an in-memory line and returns a client to it with cfg, and stop,
// which closes the client and returns once t has stopped serving: the simulator for tests, a
// drill, and systems without pseudo-terminals.
func (t *Terminal) ServeInMemory(cfg serialio.ClientConfig) (c *serialio.Client, stop func()) {
	host, line := serialio.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan struct{})
	go func() { defer close(served); _ = t.Serve(ctx, line) }()
	c = serialio.NewClient(host, cfg)
	return c, func() { c.Close(); cancel(); <-served }
}
