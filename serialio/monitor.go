package serialio

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Monitor turns the bytes that cross a line, both ways, into annotated entries: control bytes
// named, TML/1 frames recognised with their LRC checked (receiver.go's state machine, the
// link's own), the message of every valid frame decoded, frames of the other common shapes
// found in what the TML/1 receiver passes over (RecognizeFrames: a vendor's STX DATA ETX LRC,
// 7E1 read at 8N1), card numbers masked before anything is kept. It keeps the newest entries
// in a ring. Feed may be called from any goroutine (a link's reader and writer both do); the
// reading methods too.
type Monitor struct {
	mu      sync.Mutex
	sides   [2]monitorSide // by Dir
	ring    []MonitorEntry
	seq     uint64 // the Seq of the newest entry
	changed chan struct{}
	timer   *time.Timer
}

// NewMonitor returns a monitor that keeps the newest capacity entries.
func NewMonitor(capacity int) *Monitor {
	m := &Monitor{ring: make([]MonitorEntry, max(capacity, 1)), changed: make(chan struct{}, 1)}
	for d := range m.sides {
		m.sides[d].rx = Receiver{KeepJunk: true}
	}
	return m
}

// Feed takes bytes that crossed the line in direction d at at. It keeps no reference to b.
func (m *Monitor) Feed(d Dir, b []byte, at time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := &m.sides[d]
	s.last = at
	// at most noiseHold bytes at a time: the receiver keeps that much junk between takes
	for len(b) > 0 {
		n := min(len(b), noiseHold)
		s.rx.Feed(b[:n], at, func(ev RxEvent) { m.event(d, ev, at) })
		m.takeNoise(d, at)
		if len(s.noise) >= noiseHold {
			m.flushNoise(d, s.holdKeep())
		}
		b = b[n:]
	}
	m.arm()
}

// Flush makes entries of what is still waiting at now: a frame that has had no byte for longer
// than the gap (cut off), and bytes outside frames after a quiet moment. The monitor flushes by
// itself a moment after the line goes quiet; callers need this only to force it (tests).
func (m *Monitor) Flush(now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.flush(now)
}

func (m *Monitor) flush(now time.Time) {
	for d := range m.sides {
		s := &m.sides[d]
		quiet := now.Sub(s.last)
		if quiet > DefaultGap {
			// an empty feed judges the gap (and ends the quiet after a damaged frame)
			s.rx.Feed(nil, now, func(ev RxEvent) { m.event(Dir(d), ev, s.last) })
			m.takeNoise(Dir(d), now)
		}
		if quiet >= noiseQuiet {
			m.flushNoise(Dir(d), 0)
		}
	}
}

// arm schedules a flush a little after the gap, so a cut-off frame and trailing noise show
// without more bytes coming. Called with mu held.
func (m *Monitor) arm() {
	wait := DefaultGap + 50*time.Millisecond
	if m.timer == nil {
		m.timer = time.AfterFunc(wait, func() { m.Flush(time.Now()) })
		return
	}
	m.timer.Reset(wait)
}

// event makes entries of what the receiver recognised. Called with mu held.
func (m *Monitor) event(d Dir, ev RxEvent, at time.Time) {
	m.takeNoise(d, at)
	m.flushNoise(d, 0) // noise comes before what ends it
	s := &m.sides[d]
	switch ev.Kind {
	case RxControl:
		m.add(MonitorEntry{Time: at, Dir: d, Kind: TraceControl, Raw: []byte{ev.Ctl}})
	case RxInvalid:
		if errors.Is(ev.Err, ErrBadLength) {
			// STX and two bytes that are no BCD length: the start of STX DATA ETX LRC (ASCII
			// DATA never reads as BCD), or a damaged TML/1 frame. Judged with what follows.
			s.noise = append(s.noise[:0], ev.Raw...)
			s.marks = append(s.marks[:0], noiseMark{0, at})
			s.held, s.heldErr = len(ev.Raw), ev.Err
			return
		}
		raw := append([]byte(nil), ev.Raw...)
		MaskTraceBytes(raw) // the LRC was checked on the bytes as they came
		m.addFrame(d, MonitorEntry{Time: at, Dir: d, Kind: TraceFrame, Raw: raw,
			Err: &FrameError{Offset: ev.Err.Offset, Raw: raw, Err: ev.Err.Err}})
	case RxFrame, RxAbandoned:
		raw := append([]byte(nil), ev.Raw...)
		MaskTraceBytes(raw) // the LRC was checked on the bytes as they came
		e := MonitorEntry{Time: at, Dir: d, Kind: TraceFrame, Raw: raw}
		if ev.Kind == RxAbandoned {
			e.Err = &FrameError{Offset: len(raw), Raw: raw, Err: ErrGap}
		}
		m.addFrame(d, e)
		if ev.Kind == RxFrame {
			s.spoke = spokeTML1
			msg, err := ParseMessage(raw[3 : len(raw)-2])
			me := MonitorEntry{Time: at, Dir: d, Kind: TraceMessage}
			if err != nil {
				me.Err = err
			} else {
				me.Msg = &msg
			}
			m.add(me)
		}
	}
}

// addFrame keeps a frame entry, marked as a resend when it is the same as the frame before it
// this way. Called with mu held.
func (m *Monitor) addFrame(d Dir, e MonitorEntry) {
	s := &m.sides[d]
	e.Repeat = s.lastFrame != nil && bytes.Equal(s.lastFrame, e.Raw)
	s.lastFrame = e.Raw
	m.add(e)
}

// add keeps e in the ring and tells a waiting reader. Called with mu held.
func (m *Monitor) add(e MonitorEntry) {
	m.seq++
	e.Seq = m.seq
	m.ring[(m.seq-1)%uint64(len(m.ring))] = e
	select {
	case m.changed <- struct{}{}:
	default:
	}
}

// Changed receives a value after entries have been added (one value for any number of them).
func (m *Monitor) Changed() <-chan struct{} { return m.changed }

// Last is the Seq of the newest entry (0 before the first).
func (m *Monitor) Last() uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.seq
}

// Since returns the entries kept whose Seq is above seq, oldest first. Since(0) is all of them.
func (m *Monitor) Since(seq uint64) []MonitorEntry {
	m.mu.Lock()
	defer m.mu.Unlock()
	first := uint64(1)
	if m.seq > uint64(len(m.ring)) {
		first = m.seq - uint64(len(m.ring)) + 1
	}
	first = max(first, seq+1)
	out := make([]MonitorEntry, 0, m.seq+1-min(first, m.seq+1))
	for s := first; s <= m.seq; s++ {
		out = append(out, m.ring[(s-1)%uint64(len(m.ring))])
	}
	return out
}

// Dropped is how many entries the ring has overwritten.
func (m *Monitor) Dropped() uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.seq - min(m.seq, uint64(len(m.ring)))
}

// Watch feeds the monitor with the raw bytes of the link that records into t (a connection's
// trace: see Trace.Tap), so the line is not opened twice. The returned function stops it.
func (m *Monitor) Watch(t *Trace) (stop func()) {
	return t.Tap(m.Feed)
}

// Stop ends the monitor's own flush timer. Entries stay readable.
func (m *Monitor) Stop() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.timer != nil {
		m.timer.Stop()
	}
}

// MonitorRequests are the TML/1 requests the monitor offers to send: those that only ask the
// terminal something (no slip printed, no sign-on, no keypad test left running).
func MonitorRequests() []Command {
	return []Command{CmdStatus, CmdEcho, CmdCommTest, CmdKeyStatus, CmdJournal, CmdEventLog}
}

// SampleRequest is a request for cmd with the fields PROTOCOL.md §5 asks of it, filled with
// harmless values (EC echoes 8 bytes; JL reads the first page of the last 30 days from now; EL
// its first page). The client numbers it.
func SampleRequest(cmd Command, now time.Time) (Message, error) {
	m := Message{Cmd: cmd}
	switch cmd {
	case CmdStatus, CmdCommTest, CmdKeyStatus:
	case CmdEcho:
		m.Fields = []Field{{"DATA", "504F53444F435452"}}
	case CmdJournal:
		m.Fields = []Field{{"FROM", now.AddDate(0, 0, -30).Format("20060102")}, {"PAGE", "1"}}
	case CmdEventLog:
		m.Fields = []Field{{"PAGE", "1"}}
	default:
		return m, fmt.Errorf("the monitor sends %s only through the checklist: pick one of %v: %w", cmd, MonitorRequests(), ErrMessage)
	}
	return m, nil
}
