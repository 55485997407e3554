package serialio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// Link-layer timings of PROTOCOL.md §3. They are the protocol's: a peer relies on them.
const (
	DefaultTAck       = 1000 * time.Millisecond // sender's wait for ACK after each frame
	DefaultMaxResends = 3                       // resends after the first send (4 sends in all)
	DefaultGap        = 300 * time.Millisecond  // inter-byte gap that abandons a frame
)

// garbleJunk is how many bytes that were no frame (noise, the rest of damaged frames, damaged
// frames themselves) may come since the last valid frame before an EOT is no longer taken for
// the peer's goodbye (§3): among random bytes one in 256 is an EOT, and a terminal at another
// baud rate or format sends nothing but such bytes.
const garbleJunk = 8

// ErrGarbled: the line carried bytes that were not TML/1 frames and, among them, an EOT. It
// is the mark of a wrong baud rate or character format (or a device that is not a terminal),
// not of a terminal going away. The link's end error wraps it together with ErrLinkLost.
var ErrGarbled = errors.New("the line carries bytes that are not TML/1 frames: it looks like a wrong baud rate or character format (8N1/7E1), not a terminal")

// LinkConfig tunes a Link. Zero values take the protocol's defaults.
type LinkConfig struct {
	TAck       time.Duration
	MaxResends int
	Gap        time.Duration
	Trace      *Trace // nil: no trace
	// Queue is how many received frames may wait for Frames' reader; a frame that arrives
	// when the queue is full is not ACKed, so the peer resends it later. Default 64.
	Queue int
}

// LinkStats counts what the link saw. Read them with Link.Stats.
type LinkStats struct {
	FramesSent     uint64 // distinct frames sent (not counting resends)
	Resends        uint64 // frames sent again after NAK or T_ACK expiry
	NAKsReceived   uint64
	ACKTimeouts    uint64 // T_ACK expiries
	FramesReceived uint64 // valid frames received and ACKed
	NAKsSent       uint64 // invalid frames answered with NAK
	Abandoned      uint64 // frames dropped after an inter-byte gap
	NoiseBytes     uint64 // bytes outside frames ignored as line noise
	BytesIn        uint64
	BytesOut       uint64
}

// Link runs the stop-and-wait link of PROTOCOL.md §3 over a byte stream, for either side.
// One goroutine reads and answers frames (ACK/NAK, ENQ), another writes; a reader never
// blocks on a write, so both sides may send at once. Send may be called from any goroutine;
// sends are serialised (one frame in flight).
type Link struct {
	rw  io.ReadWriteCloser
	cfg LinkConfig

	slot   chan struct{} // one frame (or ENQ probe) in flight
	acks   chan byte     // ACK or NAK for the frame in flight
	frames chan []byte   // received DATA
	ctl    chan byte     // control bytes for the writer, ahead of frames
	out    chan outFrame // frames for the writer

	done      chan struct{}
	closeOnce sync.Once
	err       error // why the link ended; set before done closes

	stats struct {
		framesSent, resends, naksReceived, ackTimeouts, framesReceived atomic.Uint64
		naksSent, abandoned, noise, bytesIn, bytesOut                  atomic.Uint64
	}
	lastByteIn atomic.Int64 // UnixNano when bytes last arrived
	// framesShaped counts damaged frames whose length and ETX were right and only the LRC
	// wrong: TML/1 frames hit by noise. Random bytes (a wrong baud rate or format) make one
	// once in millions of bytes, so a peer that sent one speaks TML/1 at this speed.
	framesShaped atomic.Uint64
	junkNow      atomic.Int64 // bytes that were no frame since the last valid frame (set by the reader)

	// read goroutine only: what the receiver has counted, and the junk since the last valid frame
	rx       *Receiver
	junkBase int // rx.Noise+rx.Discarded at the last valid frame
	junkMore int // bytes of invalid and abandoned frames since the last valid frame
}

type outFrame struct {
	b    []byte
	sent chan error
	raw  bool // bytes a person asked to send as they are (Trace.SendRaw), not a frame
}

// NewLink starts a link over rw. Close it to stop its goroutines; closing also closes rw.
func NewLink(rw io.ReadWriteCloser, cfg LinkConfig) *Link {
	if cfg.TAck <= 0 {
		cfg.TAck = DefaultTAck
	}
	if cfg.MaxResends <= 0 {
		cfg.MaxResends = DefaultMaxResends
	}
	if cfg.Gap <= 0 {
		cfg.Gap = DefaultGap
	}
	if cfg.Queue <= 0 {
		cfg.Queue = 64
	}
	l := &Link{
		rw:     rw,
		cfg:    cfg,
		slot:   make(chan struct{}, 1),
		acks:   make(chan byte, 1),
		frames: make(chan []byte, cfg.Queue),
		ctl:    make(chan byte, 64),
		out:    make(chan outFrame),
		done:   make(chan struct{}),
	}
	if cfg.Trace != nil {
		cfg.Trace.link.Store(l)
	}
	go l.readLoop()
	go l.writeLoop()
	return l
}

// sendRaw writes b through the writer goroutine, between frames, and waits until it is written.
func (l *Link) sendRaw(ctx context.Context, b []byte) error {
	return l.put(ctx, outFrame{b: append([]byte(nil), b...), raw: true})
}

// put hands f to the writer goroutine and waits until it has been written.
func (l *Link) put(ctx context.Context, f outFrame) error {
	f.sent = make(chan error, 1)
	select {
	case l.out <- f:
	case <-l.done:
		return l.err
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-f.sent:
		return err
	case <-l.done:
		return l.err
	}
}

// Frames delivers the DATA of each valid frame received, in order. It is closed when the link ends.
func (l *Link) Frames() <-chan []byte { return l.frames }

// Done is closed when the link has ended; Err then says why.
func (l *Link) Done() <-chan struct{} { return l.done }

// Err is why the link ended (ErrClosed, ErrPeerClosed or ErrLinkLost wrapped), or nil while it runs.
func (l *Link) Err() error {
	select {
	case <-l.done:
		return l.err
	default:
		return nil
	}
}

// Close ends the link and closes the underlying stream, which unblocks a pending read.
func (l *Link) Close() error {
	l.end(ErrClosed)
	return nil
}

// peerGaveUp reports whether the peer has probably given up sending a frame: since the counts
// in from were taken this side NAKed or dropped damaged frames, or a frame's worth of bytes
// came as noise (a frame whose STX was hit), and then nothing at all arrived for longer than a
// peer waits between two sends of one frame (T_ACK) and half a T_ACK more: every send it had
// left would have begun by now.
func (l *Link) peerGaveUp(from LinkStats, since time.Time) bool {
	if l.stats.naksSent.Load() == from.NAKsSent && l.stats.abandoned.Load() == from.Abandoned &&
		l.stats.noise.Load() < from.NoiseBytes+garbleJunk {
		return false
	}
	last := time.Unix(0, l.lastByteIn.Load())
	if last.Before(since) {
		last = since
	}
	return time.Since(last) > l.cfg.TAck+l.cfg.TAck/2
}

// Stats returns the counters so far.
func (l *Link) Stats() LinkStats {
	s := &l.stats
	return LinkStats{
		FramesSent: s.framesSent.Load(), Resends: s.resends.Load(), NAKsReceived: s.naksReceived.Load(),
		ACKTimeouts: s.ackTimeouts.Load(), FramesReceived: s.framesReceived.Load(), NAKsSent: s.naksSent.Load(),
		Abandoned: s.abandoned.Load(), NoiseBytes: s.noise.Load(), BytesIn: s.bytesIn.Load(), BytesOut: s.bytesOut.Load(),
	}
}

func (l *Link) end(err error) {
	l.closeOnce.Do(func() {
		l.err = err
		close(l.done)
		l.rw.Close()
		l.trace(Out, TraceNote, nil, "link ended: "+err.Error())
	})
}

func (l *Link) trace(d Dir, k TraceKind, raw []byte, text string) {
	if l.cfg.Trace != nil {
		l.cfg.Trace.Add(TraceEntry{Dir: d, Kind: k, Raw: raw, Text: text})
	}
}

// Send sends data as one frame and waits for its ACK, resending on NAK or after T_ACK, at
// most MaxResends times (§3). It returns ErrLinkFailed when every send went unanswered, the
// link's end error, or ctx's error.
func (l *Link) Send(ctx context.Context, data []byte) error {
	frame, err := EncodeFrame(data)
	if err != nil {
		return err
	}
	if err := l.acquire(ctx); err != nil {
		return err
	}
	defer func() { <-l.slot }()
	l.stats.framesSent.Add(1)
	naks, timeouts := 0, 0
	for attempt := 0; attempt <= l.cfg.MaxResends; attempt++ {
		if attempt > 0 {
			l.stats.resends.Add(1)
			l.trace(Out, TraceNote, nil, fmt.Sprintf("resend %d of %d", attempt, l.cfg.MaxResends))
		}
		l.drainAcks()
		if err := l.put(ctx, outFrame{b: frame}); err != nil {
			return err
		}
		// T_ACK runs from when the frame has left the wire: a port that knows its baud says how
		// long its last bytes may still sit in the driver (a 1 KB frame takes 1 s at 9600)
		wait := l.cfg.TAck
		if w, ok := l.rw.(interface{ WireTime(n int) time.Duration }); ok {
			wait += w.WireTime(len(frame))
		}
		timer := time.NewTimer(wait)
		select {
		case b := <-l.acks:
			timer.Stop()
			if b == ACK {
				return nil
			}
			naks++
			l.stats.naksReceived.Add(1)
		case <-timer.C:
			timeouts++
			l.stats.ackTimeouts.Add(1)
			l.trace(In, TraceNote, nil, "no ACK within T_ACK")
		case <-l.done:
			timer.Stop()
			return l.err
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		}
	}
	failed := fmt.Errorf("%w (%d NAK, %d T_ACK expiries)", ErrLinkFailed, naks, timeouts)
	if junk := l.junkNow.Load(); junk >= garbleJunk && l.stats.framesReceived.Load() == 0 && l.framesShaped.Load() == 0 {
		// bytes came and not one of them made a frame: no terminal at this speed or format
		return fmt.Errorf("%w (%d bytes that were no frame, nothing acknowledged): %w", ErrGarbled, junk, failed)
	}
	return failed
}

// Probe sends ENQ and waits up to T_ACK for ACK: the cheapest "are you there" (§3).
func (l *Link) Probe(ctx context.Context) error {
	if err := l.acquire(ctx); err != nil {
		return err
	}
	defer func() { <-l.slot }()
	l.drainAcks()
	select {
	case l.ctl <- ENQ:
	case <-l.done:
		return l.err
	}
	timer := time.NewTimer(l.cfg.TAck)
	defer timer.Stop()
	select {
	case b := <-l.acks:
		if b == ACK {
			return nil
		}
		return ErrNotReady
	case <-timer.C:
		return fmt.Errorf("no answer to ENQ within %v: %w", l.cfg.TAck, ErrTimeout)
	case <-l.done:
		return l.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// SendEOT tells the peer this side is going away, then ends the link (§3).
func (l *Link) SendEOT() {
	select {
	case l.ctl <- EOT:
	case <-l.done:
		return
	}
	// give the writer a moment to put EOT on the line before the stream closes
	deadline := time.NewTimer(200 * time.Millisecond)
	defer deadline.Stop()
	for len(l.ctl) > 0 {
		select {
		case <-deadline.C:
			l.end(ErrClosed)
			return
		case <-time.After(time.Millisecond):
		}
	}
	time.Sleep(5 * time.Millisecond)
	l.end(ErrClosed)
}

func (l *Link) acquire(ctx context.Context) error {
	select {
	case l.slot <- struct{}{}:
		return nil
	case <-l.done:
		return l.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l *Link) drainAcks() {
	for {
		select {
		case <-l.acks:
		default:
			return
		}
	}
}

func (l *Link) writeLoop() {
	write := func(b []byte) error {
		_, err := l.rw.Write(b)
		if err != nil {
			err = fmt.Errorf("write: %v: %w", err, ErrLinkLost)
			l.end(err)
			return err
		}
		l.stats.bytesOut.Add(uint64(len(b)))
		l.cfg.Trace.tapped(Out, b, time.Now())
		return nil
	}
	for {
		// control bytes go first: an ACK must not wait behind our own frames
		select {
		case b := <-l.ctl:
			l.trace(Out, TraceControl, []byte{b}, controlName(b))
			if write([]byte{b}) != nil {
				return
			}
			continue
		default:
		}
		select {
		case b := <-l.ctl:
			l.trace(Out, TraceControl, []byte{b}, controlName(b))
			if write([]byte{b}) != nil {
				return
			}
		case f := <-l.out:
			if f.raw {
				l.trace(Out, TraceBytes, f.b, fmt.Sprintf("%d bytes sent as typed", len(f.b)))
			} else {
				l.trace(Out, TraceFrame, f.b, "")
			}
			f.sent <- write(f.b)
		case <-l.done:
			return
		}
	}
}

func (l *Link) readLoop() {
	defer close(l.frames)
	rx := Receiver{Gap: l.cfg.Gap, KeepJunk: l.cfg.Trace != nil}
	l.rx = &rx
	buf := make([]byte, 4096)
	for {
		n, err := l.rw.Read(buf)
		now := time.Now()
		if n > 0 {
			l.lastByteIn.Store(now.UnixNano())
			// bytes are traced per frame, control byte or run of junk, not per read: a card
			// number split across two reads must still be masked as one
			l.stats.bytesIn.Add(uint64(n))
			l.cfg.Trace.tapped(In, buf[:n], now)
			before := rx.Noise + rx.Discarded
			rx.Feed(buf[:n], now, l.handle)
			if d := rx.Noise + rx.Discarded - before; d > 0 {
				l.stats.noise.Add(uint64(d))
			}
			if junk := rx.TakeJunk(); len(junk) > 0 {
				l.trace(In, TraceBytes, junk, fmt.Sprintf("%d bytes of line noise or the rest of a damaged frame, ignored", len(junk)))
			}
			l.junkNow.Store(int64(rx.Noise + rx.Discarded - l.junkBase + l.junkMore))
		}
		if err != nil {
			if errors.Is(err, ErrTimeout) {
				continue // a bounded read came back empty: keep listening
			}
			select {
			case <-l.done: // closed locally; the read was unblocked by Close
			default:
				if errors.Is(err, ErrClosed) {
					l.end(ErrClosed)
				} else {
					l.end(fmt.Errorf("read: %v: %w", err, ErrLinkLost))
				}
			}
			return
		}
		select {
		case <-l.done:
			return
		default:
		}
	}
}

// handle acts on what the receiver recognised. It runs on the read goroutine and never blocks.
func (l *Link) handle(ev RxEvent) {
	switch ev.Kind {
	case RxFrame:
		data := append([]byte(nil), ev.Data...)
		select {
		case l.frames <- data:
			l.stats.framesReceived.Add(1)
			l.trace(In, TraceFrame, ev.Raw, fmt.Sprintf("valid frame, %d data bytes", len(data)))
			l.control(ACK)
			l.junkBase, l.junkMore = l.rx.Noise+l.rx.Discarded, 0
		default:
			l.trace(In, TraceFrame, ev.Raw, "receive queue full: frame not ACKed, peer will resend")
		}
	case RxInvalid:
		l.stats.naksSent.Add(1)
		if errors.Is(ev.Err, ErrBadLRC) {
			l.framesShaped.Add(1)
		}
		l.junkMore += len(ev.Raw)
		l.trace(In, TraceFrame, ev.Raw, "invalid frame: "+ev.Err.Error())
		l.control(NAK)
	case RxAbandoned:
		l.stats.abandoned.Add(1)
		l.junkMore += len(ev.Raw)
		l.trace(In, TraceFrame, ev.Raw, fmt.Sprintf("frame abandoned after %d bytes: gap over %v", len(ev.Raw), l.cfg.Gap))
	case RxControl:
		l.trace(In, TraceControl, []byte{ev.Ctl}, controlName(ev.Ctl))
		switch ev.Ctl {
		case ENQ:
			l.control(ACK)
		case ACK, NAK:
			select {
			case l.acks <- ev.Ctl:
			default: // nobody waiting, or an answer already queued: a stray byte
			}
		case EOT:
			if junk := l.rx.Noise + l.rx.Discarded - l.junkBase + l.junkMore; junk >= garbleJunk && l.framesShaped.Load() == 0 {
				l.end(fmt.Errorf("%w (%d bytes that were no frame before an EOT): %w", ErrGarbled, junk, ErrLinkLost))
				return
			}
			l.end(ErrPeerClosed)
		}
	}
}

func (l *Link) control(b byte) {
	select {
	case l.ctl <- b:
	default:
		l.trace(Out, TraceNote, nil, "control queue full: "+controlName(b)+" not sent")
	}
}
