package serialio

import "time"

// monitorSide is what the monitor knows of one direction of the line.
type monitorSide struct {
	rx   Receiver
	last time.Time // when the last byte came this way
	// noise are the bytes outside TML/1 frames not yet made entries, as they came (unmasked:
	// never shown, never kept in an entry); marks say when each piece of them came.
	noise []byte
	marks []noiseMark
	// held: noise[:held] is an invalid TML/1 frame (its LEN not BCD) not yet made an entry: it
	// may be the start of a frame of another shape, judged with the bytes that follow it.
	held      int
	heldErr   *FrameError
	lastFrame []byte // the last frame this way, masked, to see a resend
	spoke     spoke  // what the last frame with a good LRC this way was
}

// noiseMark says that the noise from off on came at at.
type noiseMark struct {
	off int
	at  time.Time
}

// spoke is which framing a side's last good frame had: it decides whether a frame of the
// Concert shape with a bad LRC is shown as one or as the damaged TML/1 frame it may be.
type spoke int

const (
	spokeNone spoke = iota
	spokeTML1
	spokeETX
)

// noiseHold is how many bytes outside frames the monitor gathers before it makes an entry of
// them: a card number in them is masked whole unless it straddles the cut, and the tail that
// could be the start of one (or of a frame of another shape) is kept for the next entry.
const noiseHold = 256

// noiseQuiet is how long the line must be quiet before the bytes outside frames gathered so
// far make an entry.
const noiseQuiet = 100 * time.Millisecond

// takeNoise moves the receiver's junk into the side's waiting noise. Called with mu held.
func (m *Monitor) takeNoise(d Dir, at time.Time) {
	s := &m.sides[d]
	if j := s.rx.TakeJunk(); len(j) > 0 {
		s.marks = append(s.marks, noiseMark{len(s.noise), at})
		s.noise = append(s.noise, j...)
	}
}

// timeAt is when noise[i] came.
func (s *monitorSide) timeAt(i int) time.Time {
	var at time.Time
	for _, k := range s.marks {
		if k.off > i {
			break
		}
		at = k.at
	}
	return at
}

// flushNoise makes entries of the waiting noise but its last keep bytes: frames of the other
// shapes RecognizeFrames finds in it, the held invalid TML/1 frame unless one of them begins
// with it, and the bytes between. Called with mu held.
func (m *Monitor) flushNoise(d Dir, keep int) {
	s := &m.sides[d]
	n := len(s.noise) - keep
	if n <= 0 || n < s.held {
		return
	}
	m.noiseEntries(d, s.noise[:n])
	marks := []noiseMark{{0, s.timeAt(n)}}
	for _, k := range s.marks {
		if k.off > n {
			marks = append(marks, noiseMark{k.off - n, k.at})
		}
	}
	s.noise = append(s.noise[:0], s.noise[n:]...)
	s.marks = marks
	if len(s.noise) == 0 {
		s.marks = nil
	}
	s.held, s.heldErr = 0, nil
}

// noiseEntries makes the entries of run, the first bytes of the side's noise. The frames are
// recognised on run as it came (the LRC is over those bytes); every entry's bytes are cut
// from a masked copy. Called with mu held.
func (m *Monitor) noiseEntries(d Dir, run []byte) {
	s := &m.sides[d]
	raw := append([]byte(nil), run...)
	maskLine(raw)
	frames := s.believed(run)
	pos := 0
	if s.held > 0 && (len(frames) == 0 || frames[0].Offset != 0) {
		// the TML/1 receiver's verdict stands: a bad frame
		b := raw[:s.held:s.held]
		m.addFrame(d, MonitorEntry{Time: s.timeAt(0), Dir: d, Kind: TraceFrame, Raw: b,
			Err: &FrameError{Offset: s.heldErr.Offset, Raw: b, Err: s.heldErr.Err}})
		pos = s.held
	}
	for _, f := range frames {
		if f.Offset < pos {
			continue
		}
		m.gapEntries(d, raw, pos, f.Offset, true)
		end := f.Offset + f.Size
		b := raw[f.Offset:end:end]
		maskLine(b)
		shape := f
		shape.Offset = 0
		if f.Kind == FrameETX {
			shape.Data = b[1 : len(b)-2]
		} else {
			shape.Data = b[3 : len(b)-2]
		}
		m.addFrame(d, MonitorEntry{Time: s.timeAt(end - 1), Dir: d, Kind: TraceFrame, Raw: b, Shape: &shape})
		if f.LRCOK && f.Kind == FrameETX {
			s.spoke = spokeETX
		}
		pos = end
	}
	m.gapEntries(d, raw, pos, len(raw), len(frames) > 0)
}

// gapEntries makes entries of raw[from:to], bytes outside frames (masked): between frames of
// another shape (framed), each control byte is an entry of its own, as outside TML/1 frames.
// Called with mu held.
func (m *Monitor) gapEntries(d Dir, raw []byte, from, to int, framed bool) {
	s := &m.sides[d]
	start := from
	bytesUpTo := func(i int) {
		if i > start {
			b := raw[start:i:i]
			maskLine(b)
			m.add(MonitorEntry{Time: s.timeAt(start), Dir: d, Kind: TraceBytes, Raw: b})
		}
	}
	for i := from; framed && i < to; i++ {
		switch raw[i] {
		case ENQ, ACK, NAK, EOT:
			bytesUpTo(i)
			m.add(MonitorEntry{Time: s.timeAt(i), Dir: d, Kind: TraceControl, Raw: []byte{raw[i]}})
			start = i + 1
		}
	}
	bytesUpTo(to)
}

// believed are the frames of run that the monitor shows as frames. A frame of the TML/1 shape
// is believed (its length and ETX agree); one of the Concert shape with a good LRC when its
// DATA has no control byte below FS; one with a bad LRC only when this side's last good frame
// had that shape too, or when no good frame came yet and its DATA is text and is not a TML/1
// frame whose LEN was damaged: on a noisy TML/1 line the rest of a frame with a bad LEN reads
// as STX DATA ETX LRC too, and random noise can hold STX … ETX.
func (s *monitorSide) believed(run []byte) []FrameShape {
	all := RecognizeFrames(run)
	out := all[:0]
	for _, f := range all {
		ok := f.Kind == FrameLength || s.spoke == spokeETX
		switch {
		case ok:
		case f.LRCOK:
			ok = bytesIn(f.Data, FS, 0xFF)
		case s.spoke == spokeNone:
			ok = bytesIn(f.Data, FS, 0x7E) && !damagedLength(run, f)
		}
		if ok {
			out = append(out, f)
		}
	}
	return out
}

// bytesIn reports whether every byte of b is in lo..hi.
func bytesIn(b []byte, lo, hi byte) bool {
	for _, c := range b {
		if c < lo || c > hi {
			return false
		}
	}
	return true
}

// damagedLength reports whether f, read as STX DATA ETX LRC, is a TML/1 frame whose LEN bytes
// were damaged: with the LEN that its length gives, its LRC would match.
func damagedLength(run []byte, f FrameShape) bool {
	if f.Kind != FrameETX || len(f.Data) < 3 {
		return false
	}
	hi, lo, err := EncodeLength(len(f.Data) - 2)
	lrc := run[f.Offset+f.Size-1]
	if f.Parity {
		lrc &= 0x7F
	}
	return err == nil && LRC(hi, lo, f.Data[2:]) == lrc
}

// holdKeep is how many of the side's noise bytes to keep back when it has grown past
// noiseHold: from the STX of a frame that may still be arriving (up to the longest frame), or
// else the tail that could be the start of a card number.
func (s *monitorSide) holdKeep() int {
	end := 0
	if fs := s.believed(s.noise); len(fs) > 0 {
		end = fs[len(fs)-1].Offset + fs[len(fs)-1].Size
	}
	_, parity := StripEvenParity(s.noise)
	for p := len(s.noise) - 1; p >= end; p-- {
		c := s.noise[p]
		if !(c == STX || parity && c == STX|0x80) || p > 0 && (p < s.held || s.noise[p-1] >= 0x80) {
			continue // not the start of a frame, or a cut there would split one, or a character
		}
		if len(s.noise)-p < maxFrameScan {
			return len(s.noise) - p
		}
		break
	}
	return noiseTail(s.noise)
}

// maskLine masks card numbers in bytes that crossed the line, in place: those of 7E1
// characters read at 8N1 too (found with the parity bit removed, masked with it put back),
// then as MaskTraceBytes does.
func maskLine(b []byte) {
	if view, ok := StripEvenParity(b); ok {
		masked := append([]byte(nil), view...)
		MaskTraceBytes(masked)
		for i, c := range masked {
			if c != view[i] {
				if bitsOdd(c) {
					c |= 0x80
				}
				b[i] = c
			}
		}
	}
	MaskTraceBytes(b)
}

// noiseTail is how many bytes at the end of b could be the start of a card number (digits and
// the separators pan allows between groups), kept back when noise is cut.
func noiseTail(b []byte) int {
	n := 0
	for n < len(b) && n < 40 {
		c := b[len(b)-1-n]
		if !(c >= '0' && c <= '9' || c == ' ' || c == '-' || c == '.' || c >= 0x80) {
			break
		}
		n++
	}
	return n
}
