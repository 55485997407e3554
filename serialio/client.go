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
	// LostRetries is how many times a request is asked again, under the same SEQ, when the
	// line lost or damaged it or every send of its response while the terminal still answers
	// (default DefaultLostRetries). Each time costs one round of sends, not a timeout: the
	// client sees the damage. Negative: never.
	LostRetries int
}

// DefaultLostRetries is how many times a request is asked again while the line damages it or
// its response: with the four sends of each (§3), 68 sends of a frame in all. At link-noise
// 0.002 (a 1 KB journal page gets through one send in eight) a page then fails once in about
// 10,000; a line that cannot carry a frame in 68 sends is too poor to use (ErrLinePoor).
const DefaultLostRetries = 16

// ErrLinePoor: a request or its response was damaged or lost on the line every time it was
// sent, asked again and again under the same SEQ, while the terminal still answered ENQ: the
// line is too poor to carry the message, the terminal is not gone. A *RequestError wraps it.
var ErrLinePoor = errors.New("the line damaged the request or its response every time: too poor to carry it")

// RequestError is why a request got no response: Err is ErrTimeout (the terminal
// acknowledged the request and never answered, though asked again) or ErrLinePoor.
type RequestError struct {
	Cmd     Command
	Seq     int
	Timeout time.Duration // the command's response timeout (§4, or ClientConfig.Timeout)
	Asked   int           // how many times it was sent, under the one SEQ
	Err     error
	Detail  string // what the last try met, in English
}

func (e *RequestError) Error() string {
	what := fmt.Sprintf("no response within %v", e.Timeout)
	if errors.Is(e.Err, ErrLinePoor) {
		what = "damaged on the line every time"
	}
	return fmt.Sprintf("%s %04d: %s (asked %d times; last: %s): %v", e.Cmd, e.Seq, what, e.Asked, e.Detail, e.Err)
}

func (e *RequestError) Unwrap() error { return e.Err }

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
	unawait atomic.Uint64
	bad     atomic.Uint64
	retries atomic.Uint64
	echoes  atomic.Uint64
	delayed atomic.Bool // a quick command's answer came over a T_ACK late: the terminal resent it

	mu      sync.Mutex
	seq     int
	pending map[int]*pendingRequest
	// abandoned are the requests whose Exchange returned before their answer came because its
	// context ended (a cancelled check): the terminal may still be running them (PROTOCOL.md §5
	// has no way to stop CT, SO or PT) and answer late. That answer is the terminal finishing
	// its work, not an answer repeated on a poor line: it is dropped and counted apart.
	abandoned map[int]abandonedRequest
	stopped   chan struct{}
}

// abandonedRequest is a request nobody waits for any more, until its answer comes or until.
type abandonedRequest struct {
	cmd   Command
	until time.Time
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
	switch {
	case cfg.LostRetries == 0:
		cfg.LostRetries = DefaultLostRetries
	case cfg.LostRetries < 0:
		cfg.LostRetries = 0
	}
	if cfg.FirstSeq < 1 || cfg.FirstSeq > 9999 {
		var b [2]byte
		_, _ = rand.Read(b[:])
		cfg.FirstSeq = int(binary.BigEndian.Uint16(b[:]))%9999 + 1
	}
	c := &Client{
		link:      NewLink(rw, cfg.Link),
		cfg:       cfg,
		trace:     cfg.Link.Trace,
		events:    make(chan Message, cfg.Events),
		seq:       cfg.FirstSeq - 1,
		pending:   make(map[int]*pendingRequest),
		abandoned: make(map[int]abandonedRequest),
		stopped:   make(chan struct{}),
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

// alive sends up to probeTries ENQs and reports whether any was answered: a single lost ACK
// on a noisy line is not a terminal gone. A NAK (not ready, or a stray NAK of a damaged
// frame's tail) is a terminal there that said not ready: ErrNotReady, which the caller weighs.
// It returns the last probe's error.
func (c *Client) alive(ctx context.Context) error {
	var err error
	for range probeTries {
		err = c.link.Probe(ctx)
		if err == nil || errors.Is(err, ErrNotReady) {
			return err
		}
		if !errors.Is(err, ErrTimeout) {
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
	// CancelledAnswers are answers to requests this side stopped waiting for (their context
	// ended: a cancelled check) that came later, ACKed and dropped: the terminal finished what it
	// had been asked, which says nothing about the line (not counted in LateResponses).
	CancelledAnswers uint64
	BadMessages      uint64 // frames whose DATA was not a valid message: ACKed and dropped
	EventsDropped    uint64 // unsolicited messages dropped because nobody read Events
	Retries          uint64 // requests sent again under the same SEQ for want of a response
	Echoes           uint64 // frames that came back byte for byte as this side sent them (a loopback)
}

// Stats returns the counters so far.
func (c *Client) Stats() ClientStats {
	return ClientStats{LinkStats: c.link.Stats(), LateResponses: c.late.Load(), CancelledAnswers: c.unawait.Load(), BadMessages: c.bad.Load(), EventsDropped: c.dropped.Load(), Retries: c.retries.Load(), Echoes: c.echoes.Load()}
}

// Exchange sends req (its Seq is assigned here) and waits for the response with the same CMD
// and SEQ, for the command's response timeout counted from the request's ACK (§4). The
// response's RC is not judged here: a non-00 RC is a valid answer.
//
// It asks again, always under the same SEQ (the terminal answers a repeated CMD+SEQ from its
// cache and never runs it twice, §4):
//   - when the line lost the request or the response: the request went unacknowledged through
//     every send (§3) while the terminal still answers ENQ, or the terminal's sends of its
//     response all arrived damaged (this side NAKed them all, or dropped damaged frames and
//     then heard nothing for the terminal's whole resend budget). It asks again at once, as
//     long as every try shows the line at work, up to LostRetries times; then the error is
//     ErrLinePoor: the line is too poor to carry this message, the terminal is not gone;
//   - when the response timeout ran out on a line that showed no damage meanwhile: Retries
//     times for a quick command (the terminal may have finished and its response been dropped
//     whole), once for CT, SO and PT, each time waiting RepeatTimeout (the cached answer comes
//     at once); then the error is ErrTimeout, or ErrLinePoor if the line damaged this request
//     or its response before (a frame damaged twice can pass the XOR check, §2, and the
//     terminal drops a message it cannot read unanswered).
//
// A response that was lost counts no time against the protocol's timeout: the wait after
// asking again ends at the first ACK plus the command's timeout, or RepeatTimeout (a line
// that has shown trouble: the terminal's whole resend budget) after the new ask, whichever
// is later. Every error about a request that got no response is a *RequestError.
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
	timeout := ResponseTimeout(req.Cmd)
	if c.cfg.Timeout != nil {
		timeout = c.cfg.Timeout(req.Cmd)
	}
	defer func() {
		c.mu.Lock()
		if c.pending[req.Seq] == p {
			delete(c.pending, req.Seq)
			if ctx.Err() != nil {
				c.abandon(req.Seq, req.Cmd, timeout)
			}
		}
		c.mu.Unlock()
	}()
	retries := max(c.cfg.Retries, 0)
	if !quickCommand(req.Cmd) {
		// CT, SO, PT: the terminal was busy for a while and has said nothing; once more is enough
		retries = min(retries, 1)
	}
	lostMax := max(c.cfg.LostRetries, 0)
	var deadline time.Time // the first ACK plus the timeout: zero until the request was acknowledged
	silent, lost, notReady := 0, 0, 0
	for asked := 1; ; asked++ {
		if asked > 1 {
			c.retries.Add(1)
			if c.trace != nil {
				c.trace.Add(TraceEntry{Dir: Out, Kind: TraceNote, Text: fmt.Sprintf("%s %04d: sending it again under the same SEQ (%d)", req.Cmd, req.Seq, asked-1)})
			}
		}
		wait := timeout
		switch {
		case silent > 0:
			wait = min(timeout, c.repeatWait())
		case !deadline.IsZero():
			wait = max(time.Until(deadline), min(timeout, c.repeatWait()))
		}
		out := c.attempt(ctx, req, data, p, wait)
		if deadline.IsZero() && !out.acked.IsZero() {
			deadline = out.acked.Add(timeout)
		}
		giveUp := func(cause error) (Message, error) {
			return Message{}, &RequestError{Cmd: req.Cmd, Seq: req.Seq, Timeout: timeout, Asked: asked, Err: cause, Detail: out.err.Error()}
		}
		switch out.kind {
		case gotResponse:
			return out.m, nil
		case requestLost:
			// every send went unacknowledged (§3): if the terminal still answers ENQ, the line
			// lost or damaged the frame (or its ACKs), and the terminal is there to ask again
			switch perr := c.alive(ctx); {
			case errors.Is(perr, ErrNotReady):
				// once may be a stray NAK on a noisy line; twice running, the terminal says it
				// is not ready (§3), which no asking again on this side changes
				if notReady++; notReady > 1 {
					return Message{}, fmt.Errorf("%w (it answers ENQ with NAK: %w)", out.err, ErrNotReady)
				}
			case perr != nil:
				return Message{}, out.err
			default:
				notReady = 0
			}
		case responseLost:
		case noResponse:
			if silent >= retries {
				if lost > 0 {
					// the line damaged this request before; a request that passes the LRC
					// check damaged (two hits cancel in an XOR) is dropped unanswered
					return giveUp(ErrLinePoor)
				}
				return giveUp(ErrTimeout)
			}
			silent++
			continue
		default:
			return Message{}, out.err
		}
		if lost >= lostMax {
			return giveUp(ErrLinePoor)
		}
		lost++
	}
}

// abandon remembers a request whose Exchange gave up waiting because its context ended: its
// answer may still come, for as long as the terminal may take (timeout from the ACK, after up
// to MaxResends+1 sends of the request, and the asking again). Called with c.mu held.
func (c *Client) abandon(seq int, cmd Command, timeout time.Duration) {
	now := time.Now()
	for s, a := range c.abandoned {
		if now.After(a.until) {
			delete(c.abandoned, s)
		}
	}
	cfg := c.link.cfg
	budget := time.Duration(cfg.MaxResends+1)*cfg.TAck + timeout + c.cfg.RepeatTimeout
	c.abandoned[seq] = abandonedRequest{cmd: cmd, until: now.Add(budget)}
}

// repeatWait is how long to wait for the answer to a request asked again. The terminal
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

// outcomeKind is how one try of a request ended.
type outcomeKind int

const (
	gotResponse  outcomeKind = iota
	requestLost              // the request's frame went unacknowledged through every send (ErrLinkFailed)
	responseLost             // the terminal's sends of the response all arrived damaged
	noResponse               // the wait ran out on a line that showed no damage meanwhile
	failed                   // anything else: the link ended, a loopback, ctx
)

type outcome struct {
	kind  outcomeKind
	m     Message
	err   error
	acked time.Time // when the request was acknowledged; zero if it never was
}

// attempt sends req once and waits for its response. It gives up early, as responseLost, when
// the terminal has evidently spent its sends of the response (§3) on a line that damaged them:
// this side NAKed MaxResends+1 frames since the request went out, or NAKed or dropped damaged
// frames and then heard nothing for longer than the terminal waits between two sends
// (Link.peerGaveUp), or a frame came that passed the LRC check but is no message. A wait
// that runs out is responseLost too when the line showed damage meanwhile (noise, damaged or
// cut-off frames): what the terminal sent did not arrive whole. Asking again then gets the
// cached response; a long command the terminal is still working on is not run twice, and the
// next wait still lasts until its deadline (Exchange).
func (c *Client) attempt(ctx context.Context, req Message, data []byte, p *pendingRequest, timeout time.Duration) outcome {
	c.traceMessage(Out, req)
	// counts from before the send: the ACK and a damaged response can arrive together
	st := c.link.Stats()
	if err := c.link.Send(ctx, data); err != nil {
		// every ACK may have been lost while the response itself came through
		select {
		case m := <-p.resp:
			return outcome{kind: gotResponse, m: m}
		case <-p.echo:
			return outcome{kind: failed, err: fmt.Errorf("%s %04d: %w", req.Cmd, req.Seq, ErrLineEcho)}
		default:
		}
		err = fmt.Errorf("send %s %04d: %w", req.Cmd, req.Seq, err)
		if errors.Is(err, ErrLinkFailed) && !errors.Is(err, ErrGarbled) {
			return outcome{kind: requestLost, err: err}
		}
		return outcome{kind: failed, err: err}
	}
	sent := time.Now()
	bad := c.bad.Load() // a frame that passed the LRC check damaged (two hits cancel) is no message
	quick := quickCommand(req.Cmd)
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	poll := time.NewTicker(50 * time.Millisecond)
	defer poll.Stop()
	// frames arrived damaged, or a frame's worth of noise. A frame that passed the LRC check
	// but is no message counts only beside such damage: on a clean line it is the terminal's own
	// malformed answer (a GBK merchant name), which asking again does not mend
	damaged := func() bool {
		s := c.link.Stats()
		return s.NAKsSent > st.NAKsSent || s.Abandoned > st.Abandoned || s.NoiseBytes >= st.NoiseBytes+garbleJunk
	}
	for {
		select {
		case m := <-p.resp:
			if quick && time.Since(sent) > c.link.cfg.TAck {
				c.delayed.Store(true) // a quick answer this late was resent: the line loses frames
			}
			return outcome{kind: gotResponse, m: m, acked: sent}
		case <-p.echo:
			return outcome{kind: failed, err: fmt.Errorf("%s %04d: %w", req.Cmd, req.Seq, ErrLineEcho), acked: sent}
		case <-poll.C:
			if c.link.stats.naksSent.Load()-st.NAKsSent > uint64(c.link.cfg.MaxResends) ||
				c.bad.Load() > bad && damaged() || c.link.peerGaveUp(st, sent) {
				return outcome{kind: responseLost, acked: sent,
					err: fmt.Errorf("%s %04d: the response was damaged on the line every time the terminal sent it", req.Cmd, req.Seq)}
			}
		case <-timer.C:
			err := fmt.Errorf("%s %04d: no response within %v: %w", req.Cmd, req.Seq, timeout, ErrTimeout)
			if damaged() {
				return outcome{kind: responseLost, err: err, acked: sent}
			}
			return outcome{kind: noResponse, err: err, acked: sent}
		case <-c.link.Done():
			// a response that raced with the end of the link still counts
			select {
			case m := <-p.resp:
				return outcome{kind: gotResponse, m: m, acked: sent}
			default:
			}
			return outcome{kind: failed, err: fmt.Errorf("%s %04d: %w", req.Cmd, req.Seq, c.link.Err()), acked: sent}
		case <-ctx.Done():
			return outcome{kind: failed, err: ctx.Err(), acked: sent}
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
		a, cancelled := c.abandoned[m.Seq]
		cancelled = cancelled && p == nil && a.cmd == m.Cmd
		if cancelled {
			delete(c.abandoned, m.Seq)
		}
		c.mu.Unlock()
		if cancelled {
			c.unawait.Add(1)
			if c.trace != nil {
				c.trace.Add(TraceEntry{Dir: In, Kind: TraceNote, Text: fmt.Sprintf("answer to %s %04d, which was cancelled before it came, dropped", m.Cmd, m.Seq)})
			}
			continue
		}
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
