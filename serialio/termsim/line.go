package termsim

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"posdoctor/serialio"
)

// ErrUnplugged is why Serve ends when the unplug-after fault pulls the simulated cable.
var ErrUnplugged = errors.New("simulated cable pulled (unplug-after fault)")

// gapStall is how long link-gap stalls a frame: over the 300 ms inter-byte gap of §3, so the
// host abandons the frame. It is a line time, never scaled by Speed.
const gapStall = 450 * time.Millisecond

// LineStats counts what the line faults did to the bytes, over every Serve so far: the
// evidence that a drill's line really was bad.
type LineStats struct {
	Corrupted uint64 // bytes changed by link-noise, both directions
	Dropped   uint64 // frames lost by link-drop
	LostACKs  uint64 // ACKs lost by lost-ack
	Stalled   uint64 // frames stalled by link-gap
}

type lineCounters struct {
	corrupted, dropped, lostACKs, stalled atomic.Uint64
}

// faultyLine wraps the terminal's byte stream with the line faults (docs/simulator.md). The
// link above it writes each frame in one Write and each control byte alone, from a single
// writer goroutine, and reads from a single reader goroutine; Close may come from anywhere.
type faultyLine struct {
	rw    io.ReadWriteCloser
	lf    atomic.Pointer[lineFaults] // replaced by setFaults while the line runs
	count *lineCounters

	mu  sync.Mutex // guards rng: reads and writes run on different goroutines
	rng *rand.Rand

	frames    atomic.Int64 // frames on the line, both directions, for unplug-after
	unplugged atomic.Bool
	closed    chan struct{}
	closeOnce sync.Once

	rx serialio.Receiver // reader goroutine only: counts the frames the host sends

	written    int    // writer goroutine only: frames written, for link-gap
	lastGapped []byte // writer goroutine only: the frame stalled last, so its resend goes whole
}

func newFaultyLine(rw io.ReadWriteCloser, lf lineFaults, seed uint64, count *lineCounters) *faultyLine {
	l := &faultyLine{rw: rw, count: count, rng: rand.New(rand.NewPCG(seed, 4)), closed: make(chan struct{})}
	l.lf.Store(&lf)
	return l
}

// setFaults changes the line faults from the next byte on. A new unplug-after count starts
// from the frames to come. Any goroutine.
func (l *faultyLine) setFaults(lf lineFaults) {
	if old := l.lf.Swap(&lf); old.unplugAfter != lf.unplugAfter {
		l.frames.Store(0)
	}
}

func (l *faultyLine) chance(p float64) bool {
	if p <= 0 {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rng.Float64() < p
}

// corrupt changes each byte of b with probability noise. It never forges EOT: a lone EOT
// ends the link outright (§3), which is the unplug fault's business, not noise's.
func (l *faultyLine) corrupt(b []byte, noise float64) {
	if noise <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range b {
		if l.rng.Float64() >= noise {
			continue
		}
		for {
			c := b[i] ^ byte(1+l.rng.IntN(255))
			if c != serialio.EOT {
				b[i] = c
				l.count.corrupted.Add(1)
				break
			}
		}
	}
}

func (l *faultyLine) Read(p []byte) (int, error) {
	if l.unplugged.Load() {
		return 0, ErrUnplugged
	}
	n, err := l.rw.Read(p)
	if n > 0 {
		lf := l.lf.Load()
		l.corrupt(p[:n], lf.noise)
		if lf.unplugAfter > 0 {
			l.rx.Feed(p[:n], time.Now(), func(ev serialio.RxEvent) {
				if ev.Kind == serialio.RxFrame {
					l.countFrame(lf.unplugAfter)
				}
			})
		}
	}
	return n, err
}

func (l *faultyLine) Write(p []byte) (int, error) {
	if l.unplugged.Load() {
		return 0, ErrUnplugged
	}
	lf := l.lf.Load()
	if len(p) == 1 && p[0] == serialio.ACK && l.chance(lf.lostAck) {
		l.count.lostACKs.Add(1)
		return 1, nil // the ACK never reaches the host
	}
	isFrame := len(p) >= serialio.FrameOverhead+1 && p[0] == serialio.STX
	if isFrame && l.chance(lf.drop) {
		l.count.dropped.Add(1)
		return len(p), nil // the frame is lost on the line
	}
	buf := append([]byte(nil), p...)
	l.corrupt(buf, lf.noise)
	if isFrame && lf.gap && l.stall(p) {
		l.count.stalled.Add(1)
		half := len(buf) / 2
		if _, err := l.rw.Write(buf[:half]); err != nil {
			return 0, err
		}
		t := time.NewTimer(gapStall)
		select {
		case <-t.C:
		case <-l.closed:
			t.Stop()
			return half, io.ErrClosedPipe
		}
		if _, err := l.rw.Write(buf[half:]); err != nil {
			return half, err
		}
	} else if _, err := l.rw.Write(buf); err != nil {
		return 0, err
	}
	if isFrame && lf.unplugAfter > 0 {
		l.countFrame(lf.unplugAfter)
	}
	return len(p), nil
}

// stall decides whether link-gap stalls this frame: every third distinct frame, never the
// resend of the frame just stalled (so every frame gets through in the end), and never one
// whose tail after the stall holds a control byte outside frames would act on (its LRC could
// be EOT, which would end the link rather than be ignored as noise).
func (l *faultyLine) stall(p []byte) bool {
	if bytes.Equal(p, l.lastGapped) {
		return false
	}
	l.written++
	if l.written%3 != 1 {
		return false
	}
	switch p[len(p)-1] {
	case serialio.EOT, serialio.ENQ, serialio.ACK, serialio.NAK, serialio.STX:
		return false
	}
	l.lastGapped = append(l.lastGapped[:0], p...)
	return true
}

func (l *faultyLine) countFrame(after int) {
	if l.frames.Add(1) >= int64(after) && l.unplugged.CompareAndSwap(false, true) {
		l.rw.Close()
	}
}

func (l *faultyLine) Close() error {
	l.closeOnce.Do(func() { close(l.closed) })
	return l.rw.Close()
}

// pacer makes writes take as long as they would on a serial line at baud with 10 bits a
// byte (start, 8 data, stop): each Write sleeps until its last byte would have left, then
// hands the bytes on, so the peer's timing (T_ACK from the end of a frame) is a real line's.
type pacer struct {
	rw      io.ReadWriteCloser
	perByte float64 // nanoseconds

	mu   sync.Mutex
	next time.Time // when the line is free again

	closed    chan struct{}
	closeOnce sync.Once
}

// paceSlack is how far behind schedule the line may fall and still be owed the time: short
// sleeps overshoot, and without this a stream of small writes would run below the baud rate.
const paceSlack = 2 * time.Millisecond

func newPacer(rw io.ReadWriteCloser, baud int) *pacer {
	return &pacer{rw: rw, perByte: 10e9 / float64(baud), closed: make(chan struct{})}
}

func (p *pacer) Read(b []byte) (int, error) { return p.rw.Read(b) }

func (p *pacer) Write(b []byte) (int, error) {
	p.mu.Lock()
	now := time.Now()
	if now.Sub(p.next) > paceSlack {
		p.next = now
	}
	p.next = p.next.Add(time.Duration(p.perByte * float64(len(b))))
	wait := p.next.Sub(now)
	p.mu.Unlock()
	if wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-p.closed:
			t.Stop()
			return 0, io.ErrClosedPipe
		}
	}
	return p.rw.Write(b)
}

func (p *pacer) Close() error {
	p.closeOnce.Do(func() { close(p.closed) })
	return p.rw.Close()
}
