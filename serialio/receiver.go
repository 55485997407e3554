package serialio

import "time"

// RxKind says what a Receiver recognised.
type RxKind int

const (
	RxNone      RxKind = iota
	RxFrame            // a valid frame: answer ACK
	RxInvalid          // an invalid frame (bad LEN, no ETX, bad LRC): answer NAK
	RxControl          // ENQ, ACK, NAK or EOT outside a frame
	RxAbandoned        // a frame cut off by a gap over the limit: dropped silently
)

// RxEvent is one thing a Receiver recognised.
type RxEvent struct {
	Kind RxKind
	Data []byte      // RxFrame: the DATA (owned by the receiver of the event)
	Raw  []byte      // RxFrame, RxInvalid, RxAbandoned: the frame's bytes as received
	Ctl  byte        // RxControl: the control byte
	Err  *FrameError // RxInvalid: why
}

type rxState int

const (
	rxIdle rxState = iota
	rxLenH
	rxLenL
	rxData
	rxETX
	rxLRC
	rxDiscard // the rest of a damaged or abandoned frame: ignored until the line goes quiet
)

// Receiver is the receive state machine of PROTOCOL.md §2-3: it takes bytes as they arrive
// and recognises frames, invalid frames, control bytes and noise. A gap longer than Gap
// inside a frame abandons it silently. It is not safe for concurrent use.
type Receiver struct {
	Gap time.Duration // inter-byte gap that abandons a frame; 300 ms if zero
	// Quiet is how long the line must be silent after an invalid or abandoned frame before
	// bytes count again (100 ms if zero). Until then they are the rest of the damaged frame:
	// its LRC could be any value, and read as EOT, ACK or STX it would close the link, confirm
	// a frame that was not received, or swallow the peer's resend. A resend comes T_ACK later.
	Quiet time.Duration

	state     rxState
	buf       []byte
	need      int
	last      time.Time
	Noise     int // bytes outside frames that were not control bytes
	Discarded int // bytes dropped as the rest of a damaged or abandoned frame
	// KeepJunk keeps noise and discarded bytes (up to 256 until taken) for TakeJunk, so a
	// trace can show them.
	KeepJunk bool
	junk     []byte
}

// TakeJunk returns the noise and discarded bytes kept since the last call.
func (r *Receiver) TakeJunk() []byte {
	j := r.junk
	r.junk = nil
	return j
}

func (r *Receiver) keepJunk(b byte) {
	if r.KeepJunk && len(r.junk) < 256 {
		r.junk = append(r.junk, b)
	}
}

// Feed takes bytes that arrived together at now and calls emit for everything they
// complete, in order. A frame in progress when a byte arrives more than Gap after the
// previous one is reported as RxAbandoned; that byte and what follows it without a pause of
// Quiet are discarded as the rest of the abandoned frame.
func (r *Receiver) Feed(p []byte, now time.Time, emit func(RxEvent)) {
	gap := r.Gap
	if gap == 0 {
		gap = 300 * time.Millisecond
	}
	quiet := r.Quiet
	if quiet == 0 {
		quiet = 100 * time.Millisecond
	}
	switch {
	case r.state == rxDiscard && now.Sub(r.last) > quiet:
		r.state = rxIdle
	case r.state != rxIdle && r.state != rxDiscard && now.Sub(r.last) > gap:
		raw := r.buf
		r.reset()
		r.state = rxDiscard // what follows is the rest of this frame
		emit(RxEvent{Kind: RxAbandoned, Raw: raw})
	}
	r.last = now
	for _, b := range p {
		if ev := r.step(b); ev.Kind != RxNone {
			emit(ev)
		}
	}
}

func (r *Receiver) step(b byte) RxEvent {
	switch r.state {
	case rxDiscard:
		r.Discarded++
		r.keepJunk(b)
	case rxIdle:
		switch b {
		case STX:
			r.buf = append(make([]byte, 0, 64), b)
			r.state = rxLenH
		case ENQ, ACK, NAK, EOT:
			return RxEvent{Kind: RxControl, Ctl: b}
		default:
			r.Noise++
			r.keepJunk(b)
		}
	case rxLenH:
		r.buf = append(r.buf, b)
		r.state = rxLenL
	case rxLenL:
		r.buf = append(r.buf, b)
		n, err := DecodeLength(r.buf[1], r.buf[2])
		if err != nil {
			return r.invalid(1, err)
		}
		r.need = n
		r.state = rxData
	case rxData:
		r.buf = append(r.buf, b)
		if len(r.buf) == 3+r.need {
			r.state = rxETX
		}
	case rxETX:
		r.buf = append(r.buf, b)
		if b != ETX {
			return r.invalid(len(r.buf)-1, ErrNoETX)
		}
		r.state = rxLRC
	case rxLRC:
		r.buf = append(r.buf, b)
		raw := r.buf
		r.reset()
		data := raw[3 : len(raw)-2]
		if LRC(raw[1], raw[2], data) != b {
			return RxEvent{Kind: RxInvalid, Raw: raw, Err: &FrameError{Offset: len(raw) - 1, Raw: raw, Err: ErrBadLRC}}
		}
		return RxEvent{Kind: RxFrame, Data: data, Raw: raw}
	}
	return RxEvent{}
}

func (r *Receiver) invalid(off int, cause error) RxEvent {
	raw := r.buf
	r.reset()
	r.state = rxDiscard // the length is not to be trusted: the rest of the frame may follow
	return RxEvent{Kind: RxInvalid, Raw: raw, Err: &FrameError{Offset: off, Raw: raw, Err: cause}}
}

func (r *Receiver) reset() {
	r.state = rxIdle
	r.buf = nil
	r.need = 0
}
