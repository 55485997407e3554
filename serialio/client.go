package serialio

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// Response timeouts of PROTOCOL.md §4, counted from the ACK of the request.
const (
	DefaultResponseTimeout = 5 * time.Second
	CommTestTimeout        = 60 * time.Second // CT
	SignOnTimeout          = 60 * time.Second // SO
	PrintTimeout           = 20 * time.Second // PT
	PageTimeout            = 10 * time.Second // JL, EL: per page
)

// ResponseTimeout returns how long the host waits for the response to cmd (§4).
func ResponseTimeout(cmd Command) time.Duration {
	switch cmd {
	case CmdCommTest:
		return CommTestTimeout
	case CmdSignOn:
		return SignOnTimeout
	case CmdPrintTest:
		return PrintTimeout
	case CmdJournal, CmdEventLog:
		return PageTimeout
	}
	return DefaultResponseTimeout
}

// RepeatTimeout is how long the client waits, on a line that has shown no trouble, for the
// answer to a quick command it asked again under the same SEQ: the terminal answers a
// repeated request from its cache at once (§4), so a terminal that acknowledges and never
// answers is reported within DefaultResponseTimeout plus two repeats (9 s), not three full
// timeouts. On a line that has lost, damaged or delayed frames the repeat waits for the
// terminal's whole resend budget instead (Client.repeatWait).
const RepeatTimeout = 2 * time.Second

// probeTries is how many ENQs the client sends before it takes the terminal for gone: one
// ACK lost on a noisy line must not end a visit (§3 allows an ENQ at any time).
const probeTries = 3

// ErrLineEcho: a frame this side sent came back as the answer to itself. A terminal never
// sends the host's own request (its responses start with RC, §4): the line loops back.
var ErrLineEcho = errors.New("the line echoes what we send: a loopback plug or a wrong cable, not a terminal")

// quickCommand reports whether the terminal answers cmd at once (no dialling, printing or
// signing on in between): every command but CT, SO and PT.
func quickCommand(cmd Command) bool { return ResponseTimeout(cmd) <= PageTimeout }

// Unsolicited reports whether a message the terminal sent is unsolicited (KE, EV, or a KX
// that carries REASON rather than answering a host KX).
func Unsolicited(m Message) bool {
	switch m.Cmd {
	case CmdKeyEvent, CmdEvent:
		return true
	case CmdKeypadEnd:
		return m.RC() == ""
	}
	return false
}

// ClientConfig tunes a Client. Zero values take the protocol's defaults.
type ClientConfig struct {
	Link LinkConfig
	// Timeout overrides ResponseTimeout when set (tests and slow lines).
	Timeout func(cmd Command) time.Duration
	// FirstSeq is the SEQ of the first request; 0 picks a random one, so a host restarted
	// mid-visit is not taken for a resend of its predecessor's last request (§4 duplicates).
	FirstSeq int
	// Events is how many unsolicited messages may wait for Events' reader (default 1024);
	// beyond that the oldest waiting is kept and new ones are dropped and counted.
	Events int
	// Retries is how many times a request is sent again, under the same SEQ, when its
	// response does not come, or when its frame went unacknowledged four times but the
	// terminal still answers ENQ (default 2). The terminal answers a repeated CMD+SEQ from its
	// cache without running it again (§4), so this is safe for every command, a sign-on or
	// a print included. Negative: never.
	Retries int
	// RepeatTimeout bounds the wait after asking a quick command again (default
	// RepeatTimeout, never more than the command's own timeout).
	RepeatTimeout time.Duration
}

// Client is the host side of TML/1: it numbers requests, sends them over a Link, matches
// responses by CMD and SEQ, drops late and duplicate responses, and delivers unsolicited
// messages (KE, KX, EV) on their own channel. Exchange may be called from any goroutine.
type Client struct {
	link    *Link
	cfg     ClientConfig
	trace   *Trace
	events  chan Message
	dropped atomic.Uint64
	late    atomic.Uint64
	bad     atomic.Uint64
	retries atomic.Uint64
	echoes  atomic.Uint64
	delayed atomic.Bool // a quick command's answer came over a T_ACK late: the terminal resent it

	mu      sync.Mutex
	seq     int
	pending map[int]*pendingRequest
	stopped chan struct{}
}

type pendingRequest struct {
	cmd  Command
	data []byte        // the request's DATA as sent: the same bytes coming back are an echo
	resp chan Message  // the response
	echo chan struct{} // closed when the request itself came back (a loopback)
	once sync.Once
}

// NewClient starts a client on rw (a serial port, a pty, or one end of Pipe). Close it when done.
func NewClient(rw io.ReadWriteCloser, cfg ClientConfig) *Client {
	if cfg.Events <= 0 {
		cfg.Events = 1024
	}
	if cfg.Retries == 0 {
		cfg.Retries = 2
	}
	if cfg.RepeatTimeout <= 0 {
		cfg.RepeatTimeout = RepeatTimeout
	}
	if cfg.FirstSeq < 1 || cfg.FirstSeq > 9999 {
		var b [2]byte
		_, _ = rand.Read(b[:])
		cfg.FirstSeq = int(binary.BigEndian.Uint16(b[:]))%9999 + 1
	}
	c := &Client{
		link:    NewLink(rw, cfg.Link),
		cfg:     cfg,
		trace:   cfg.Link.Trace,
		events:  make(chan Message, cfg.Events),
		seq:     cfg.FirstSeq - 1,
		pending: make(map[int]*pendingRequest),
		stopped: make(chan struct{}),
	}
	if c.seq < 1 {
		c.seq = 9999
	}
	go c.dispatch()
	return c
}

// Events delivers unsolicited messages in arrival order. It is closed when the link ends.
func (c *Client) Events() <-chan Message { return c.events }

// Done is closed when the link has ended; Err says why.
func (c *Client) Done() <-chan struct{} { return c.link.Done() }

// Err is why the link ended, or nil while it runs.
func (c *Client) Err() error { return c.link.Err() }

// Close ends the link and closes the port.
func (c *Client) Close() error { return c.link.Close() }

// Probe sends ENQ and waits for ACK (§3): one ENQ, one T_ACK.
func (c *Client) Probe(ctx context.Context) error { return c.link.Probe(ctx) }

// alive sends up to probeTries ENQs and reports whether any was ACKed: a single lost ACK on
// a noisy line is not a terminal gone. It returns the last probe's error.
func (c *Client) alive(ctx context.Context) error {
	var err error
	for range probeTries {
		if err = c.link.Probe(ctx); err == nil || !errors.Is(err, ErrTimeout) {
			return err
		}
	}
	return err
}

// WireTime is how long n bytes take on the line at the port's baud rate (0 for a line
// without one, such as Pipe): the part of a round trip no terminal can make shorter.
func (c *Client) WireTime(n int) time.Duration {
	if w, ok := c.link.rw.(interface{ WireTime(n int) time.Duration }); ok {
		return w.WireTime(n)
	}
	return 0
}

// Trace returns the client's byte trace (nil if none was configured).
func (c *Client) Trace() *Trace { return c.trace }

// ClientStats adds the message layer's counts to the link's.
type ClientStats struct {
	LinkStats
	LateResponses uint64 // responses whose SEQ matched no outstanding request: ACKed and dropped
	BadMessages   uint64 // frames whose DATA was not a valid message: ACKed and dropped
	EventsDropped uint64 // unsolicited messages dropped because nobody read Events
	Retries       uint64 // requests sent again under the same SEQ for want of a response
	Echoes        uint64 // frames that came back byte for byte as this side sent them (a loopback)
}

// Stats returns the counters so far.
func (c *Client) Stats() ClientStats {
	return ClientStats{LinkStats: c.link.Stats(), LateResponses: c.late.Load(), BadMessages: c.bad.Load(), EventsDropped: c.dropped.Load(), Retries: c.retries.Load(), Echoes: c.echoes.Load()}
}

// Exchange sends req (its Seq is assigned here) and waits for the response with the same CMD
// and SEQ, for the command's response timeout counted from the request's ACK (§4). The
// response's RC is not judged here: a non-00 RC is a valid answer.
func (c *Client) Exchange(ctx context.Context, req Message) (Message, error) {
	c.mu.Lock()
	c.seq = NextSeq(c.seq)
	req.Seq = c.seq
	data, err := EncodeMessage(req)
	if err != nil {
		c.mu.Unlock()
		return Message{}, err
	}
	p := &pendingRequest{cmd: req.Cmd, data: data, resp: make(chan Message, 1), echo: make(chan struct{})}
	c.pending[req.Seq] = p
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		if c.pending[req.Seq] == p {
			delete(c.pending, req.Seq)
		}
		c.mu.Unlock()
	}()
	timeout := ResponseTimeout(req.Cmd)
	if c.cfg.Timeout != nil {
		timeout = c.cfg.Timeout(req.Cmd)
	}
	retries := max(c.cfg.Retries, 0)
	if !quickCommand(req.Cmd) {
		// CT, SO, PT: the terminal is busy for a while; one more ask is enough
		retries = min(retries, 1)
	}
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			c.retries.Add(1)
			if c.trace != nil {
				c.trace.Add(TraceEntry{Dir: Out, Kind: TraceNote, Text: fmt.Sprintf("no response to %s %04d: sending it again (%d of %d)", req.Cmd, req.Seq, attempt, retries)})
			}
		}
		wait := timeout
		if attempt > 0 && quickCommand(req.Cmd) {
			wait = min(timeout, c.repeatWait())
		}
		m, err := c.attempt(ctx, req, data, p, wait)
		if err == nil || attempt == retries {
			return m, err
		}
		if errors.Is(err, ErrLinkFailed) {
			// four sends went unanswered (§3): on a noisy line that can happen to one long
			// frame while the terminal is fine. If it still answers ENQ, ask again.
			if perr := c.alive(ctx); perr != nil {
				return m, err
			}
			continue
		}
		if !errors.Is(err, ErrTimeout) {
			return m, err
		}
	}
}

// repeatWait is how long to wait for the answer to a quick command asked again. The terminal
// answers it from its cache at once (§4): on a clean line RepeatTimeout is plenty. On a line
// that has shown trouble (resends, NAKs, cut-off frames, noise, answers twice or late) the
// cached answer may need every send the terminal has: MaxResends T_ACKs, half a T_ACK more
// and the wire time of the largest frame.
func (c *Client) repeatWait() time.Duration {
	s := c.link.Stats()
	if s.Resends+s.NAKsReceived+s.NAKsSent+s.Abandoned+s.ACKTimeouts == 0 && s.NoiseBytes < 16 &&
		c.late.Load() == 0 && !c.delayed.Load() {
		return c.cfg.RepeatTimeout
	}
	cfg := c.link.cfg
	return time.Duration(cfg.MaxResends)*cfg.TAck + cfg.TAck/2 + c.WireTime(FrameOverhead+MaxData)
}

// attempt sends req once and waits for its response. For a quick command (answered at once,
// timeout 10 s or less) it gives up early, with ErrTimeout, when the link saw damaged frames
// since the request went out and then nothing for longer than the terminal's resend budget: the
// terminal has then given up on its response and asking again is the quickest cure. Long
// commands (CT, SO, PT) always get their full time: the terminal may still be working.
func (c *Client) attempt(ctx context.Context, req Message, data []byte, p *pendingRequest, timeout time.Duration) (Message, error) {
	c.traceMessage(Out, req)
	// counts from before the send: the ACK and a damaged response can arrive together
	st := c.link.Stats()
	if err := c.link.Send(ctx, data); err != nil {
		// every ACK may have been lost while the response itself came through
		select {
		case m := <-p.resp:
			return m, nil
		case <-p.echo:
			return Message{}, fmt.Errorf("%s %04d: %w", req.Cmd, req.Seq, ErrLineEcho)
		default:
		}
		return Message{}, fmt.Errorf("send %s %04d: %w", req.Cmd, req.Seq, err)
	}
	sent := time.Now()
	quick := quickCommand(req.Cmd)
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	poll := time.NewTicker(250 * time.Millisecond)
	defer poll.Stop()
	for {
		select {
		case m := <-p.resp:
			if quick && time.Since(sent) > c.link.cfg.TAck {
				c.delayed.Store(true) // a quick answer this late was resent: the line loses frames
			}
			return m, nil
		case <-p.echo:
			return Message{}, fmt.Errorf("%s %04d: %w", req.Cmd, req.Seq, ErrLineEcho)
		case <-poll.C:
			if quick && c.link.peerGaveUp(st.NAKsSent, st.Abandoned, sent) {
				return Message{}, fmt.Errorf("%s %04d: the response was lost on the line: %w", req.Cmd, req.Seq, ErrTimeout)
			}
		case <-timer.C:
			return Message{}, fmt.Errorf("%s %04d: no response within %v: %w", req.Cmd, req.Seq, timeout, ErrTimeout)
		case <-c.link.Done():
			// a response that raced with the end of the link still counts
			select {
			case m := <-p.resp:
				return m, nil
			default:
			}
			return Message{}, fmt.Errorf("%s %04d: %w", req.Cmd, req.Seq, c.link.Err())
		case <-ctx.Done():
			return Message{}, ctx.Err()
		}
	}
}

func (c *Client) traceMessage(d Dir, m Message) {
	if c.trace != nil {
		c.trace.Add(TraceEntry{Dir: d, Kind: TraceMessage, Text: m.String()})
	}
}

// dispatch routes received messages; it runs on its own goroutine and never blocks.
func (c *Client) dispatch() {
	defer close(c.events)
	var lastCmd Command // the last unsolicited message delivered
	var lastSeq int
	for data := range c.link.Frames() {
		m, err := ParseMessage(data)
		if err != nil {
			c.bad.Add(1)
			if c.trace != nil {
				c.trace.Add(TraceEntry{Dir: In, Kind: TraceNote, Text: "dropped: " + err.Error()})
			}
			continue
		}
		c.traceMessage(In, m)
		if Unsolicited(m) {
			// the terminal numbers its own messages: the same CMD and SEQ again is a resend
			// after a lost ACK, already delivered
			if m.Cmd == lastCmd && m.Seq == lastSeq {
				c.late.Add(1)
				continue
			}
			lastCmd, lastSeq = m.Cmd, m.Seq
			select {
			case c.events <- m:
			default:
				c.dropped.Add(1)
			}
			continue
		}
		c.mu.Lock()
		p := c.pending[m.Seq]
		if p != nil && p.cmd == m.Cmd && bytes.Equal(data, p.data) {
			// our own request, byte for byte: the line loops back (a terminal's response
			// starts with RC, §4). The request stays pending: a terminal behind a line that
			// also echoes may still answer.
			c.mu.Unlock()
			c.echoes.Add(1)
			if c.trace != nil {
				c.trace.Add(TraceEntry{Dir: In, Kind: TraceNote, Text: fmt.Sprintf("%s %04d came back as sent: the line echoes", m.Cmd, m.Seq)})
			}
			p.once.Do(func() { close(p.echo) })
			continue
		}
		if p != nil && p.cmd == m.Cmd {
			delete(c.pending, m.Seq)
		} else {
			p = nil
		}
		c.mu.Unlock()
		if p == nil {
			c.late.Add(1)
			if c.trace != nil {
				c.trace.Add(TraceEntry{Dir: In, Kind: TraceNote, Text: fmt.Sprintf("late or duplicate response %s %04d dropped", m.Cmd, m.Seq)})
			}
			continue
		}
		p.resp <- m
	}
}
