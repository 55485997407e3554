package serialio

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"posdoctor/pan"
)

// Dir is the direction of a traced event, seen from this side of the link.
type Dir int

const (
	In  Dir = iota // received
	Out            // sent
)

func (d Dir) String() string {
	if d == Out {
		return "out"
	}
	return "in"
}

// TraceKind says what a trace entry records.
type TraceKind int

const (
	TraceBytes   TraceKind = iota // raw bytes as they crossed the line
	TraceFrame                    // a frame recognised (or rejected, see Text)
	TraceMessage                  // a decoded message
	TraceControl                  // ENQ, ACK, NAK, EOT
	TraceNote                     // a link event: resend, timeout, abandon, noise
)

var traceKindNames = [...]string{"bytes", "frame", "message", "control", "note"}

func (k TraceKind) String() string {
	if int(k) < len(traceKindNames) {
		return traceKindNames[k]
	}
	return fmt.Sprintf("TraceKind(%d)", int(k))
}

// TraceEntry is one event of the byte trace. Card numbers are masked before an entry is kept.
type TraceEntry struct {
	Time time.Time
	Dir  Dir
	Kind TraceKind
	Raw  []byte // bytes (masked), for TraceBytes and TraceFrame
	Text string // the decoded or explained form (masked)
}

func (e TraceEntry) String() string {
	s := fmt.Sprintf("%s %-3s %-7s", e.Time.Format("15:04:05.000"), e.Dir, e.Kind)
	if len(e.Raw) > 0 {
		s += " " + HexDump(e.Raw, 48)
	}
	if e.Text != "" {
		s += " " + e.Text
	}
	return s
}

// HexDump shows up to max bytes as hex pairs, with the count of the rest.
func HexDump(b []byte, max int) string { return hexWith(b, max, nil) }

// Trace is a bounded ring of trace entries, safe for concurrent use. A nil *Trace records
// nothing, so callers need not check.
type Trace struct {
	mu      sync.Mutex
	ring    []TraceEntry
	next    int
	full    bool
	dropped uint64

	tap  atomic.Pointer[func(Dir, []byte, time.Time)] // sees the link's raw bytes (Tap)
	link atomic.Pointer[Link]                         // the link recording here, for SendRaw
}

// Tap makes f see the raw bytes of every read and every write of the link that records into
// t, as they cross the line and before any masking: f must mask what it keeps (a Monitor
// does). f runs on the link's reader and writer goroutines and must not block or keep b. One
// tap at a time: a second replaces the first. The returned function removes f.
func (t *Trace) Tap(f func(d Dir, b []byte, at time.Time)) (untap func()) {
	if t == nil {
		return func() {}
	}
	p := &f
	t.tap.Store(p)
	return func() { t.tap.CompareAndSwap(p, nil) }
}

// tapped shows the tap raw bytes that crossed the line. Link goroutines.
func (t *Trace) tapped(d Dir, b []byte, at time.Time) {
	if t == nil {
		return
	}
	if f := t.tap.Load(); f != nil {
		(*f)(d, b, at)
	}
}

// SendRaw puts b on the line of the link that records into t, as it is, between the link's own
// frames and control bytes: a technician's raw bytes (a vendor's frame typed in hex). Nothing
// waits for an answer. It returns ErrClosed when no link records here, or the link's end error.
func (t *Trace) SendRaw(ctx context.Context, b []byte) error {
	if t == nil || t.link.Load() == nil {
		return ErrClosed
	}
	return t.link.Load().sendRaw(ctx, b)
}

// NewTrace returns a trace that keeps the last capacity entries.
func NewTrace(capacity int) *Trace {
	if capacity < 1 {
		capacity = 1
	}
	return &Trace{ring: make([]TraceEntry, capacity)}
}

// Add keeps e, masking card numbers in its bytes and text first (MaskTraceBytes, MaskTraceText).
func (t *Trace) Add(e TraceEntry) {
	if t == nil {
		return
	}
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	e.Raw = append([]byte(nil), e.Raw...)
	MaskTraceBytes(e.Raw)
	e.Text = MaskTraceText(e.Kind, e.Text)
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.full {
		t.dropped++
	}
	t.ring[t.next] = e
	t.next = (t.next + 1) % len(t.ring)
	if t.next == 0 {
		t.full = true
	}
}

// Entries returns the kept entries, oldest first.
func (t *Trace) Entries() []TraceEntry {
	return t.Last(-1)
}

// Last returns the newest n entries (all if n < 0), oldest first.
func (t *Trace) Last(n int) []TraceEntry {
	if t == nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	var all []TraceEntry
	if t.full {
		all = append(all, t.ring[t.next:]...)
	}
	all = append(all, t.ring[:t.next]...)
	if n >= 0 && n < len(all) {
		all = all[len(all)-n:]
	}
	return all
}

// Dropped is how many entries the ring has overwritten.
func (t *Trace) Dropped() uint64 {
	if t == nil {
		return 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.dropped
}

// MaskTraceBytes masks card numbers in raw bytes that crossed the line, in place and keeping
// the length: the card unit of every journal record by its position (pan.MaskRecordBytes),
// whatever its check digit, and every card number pan finds in the rest, but the value of a
// frame's MID field, which is the merchant ID and stays whole when it is one
// (pan.MaskFrameBytes: FS "MID=" and 15 digits, one MID in ten passing Luhn).
func MaskTraceBytes(b []byte) {
	pan.MaskRecordBytes(b)
	pan.MaskFrameBytes(b)
}

// MaskTraceText is MaskTraceBytes for the text of a trace entry of kind k. A message
// (TraceMessage) is written as Message.String writes it (record units joined by '|'): its MID
// field's value stays whole when it is a MID (pan.MaskMessageText). Any other text (a note, an
// explanation) keeps no MID. The length is kept.
func MaskTraceText(k TraceKind, s string) string {
	s = pan.MaskRecordText(s)
	if k == TraceMessage {
		return pan.MaskMessageText(s)
	}
	return pan.MaskText(s)
}
