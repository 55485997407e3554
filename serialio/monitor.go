package serialio

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"posdoctor/locale"
)

// ErrGap is the cause of a frame the monitor saw cut off: no byte came for longer than the
// inter-byte gap of PROTOCOL.md §3 before the frame was whole.
var ErrGap = errors.New("frame cut off by a gap")

// MonitorEntry is one thing a line monitor saw, in one direction: bytes outside any frame
// (TraceBytes), a control byte (TraceControl: ENQ, ACK, NAK, EOT), a frame with its LRC
// checked (TraceFrame) or the TML/1 message a valid frame carried (TraceMessage). Card numbers
// are masked before an entry is made: Raw, Msg, Err and Shape never hold one.
type MonitorEntry struct {
	Seq    uint64 // 1, 2, … in the order the monitor made entries
	Time   time.Time
	Dir    Dir
	Kind   TraceKind
	Raw    []byte   // the bytes as they crossed the line, masked (nil for a message)
	Msg    *Message // TraceMessage: the decoded message, masked; nil when Err says why not
	Err    error    // TraceFrame: why the frame is invalid (*FrameError, or ErrGap); TraceMessage: *MessageError
	Repeat bool     // TraceFrame: the same bytes as the frame before it this way (a resend)
	// Shape: a TraceFrame that RecognizeFrames found where the TML/1 receiver found none (a
	// vendor's STX DATA ETX LRC, or frames sent at 7E1 and read at 8N1): its kind, its LRC check
	// (made on the bytes as they came) and parity. Its Offset is 0 and its Data a sub-slice of
	// Raw, masked. nil for the frames the TML/1 receiver read.
	Shape *FrameShape
}

// monitorText are the words of the monitor's entries, one table for the command line, the
// Line view and saved captures.
var monitorText = struct {
	bytes, frame, badFrame, cutFrame, again, notMsg locale.Text
	lrc, length, etx                                locale.Text
	shape, lrcOK, lrcBad, parity                    locale.Text
	ctl                                             map[byte]locale.Text
}{
	bytes:    locale.Text{ZH: "%d 字节帧外数据（线路噪声，或另一种协议）", ZHTW: "%d 位元組框外資料（線路雜訊，或另一種協定）", EN: "%d bytes outside any frame (line noise, or another protocol)"},
	frame:    locale.Text{ZH: "帧：%d 字节数据，LRC 正确", ZHTW: "框：%d 位元組資料，LRC 正確", EN: "frame: %d data bytes, LRC ok"},
	badFrame: locale.Text{ZH: "坏帧（%d 字节）：%s", ZHTW: "壞框（%d 位元組）：%s", EN: "bad frame (%d bytes): %s"},
	cutFrame: locale.Text{ZH: "帧中断：%d 字节后停顿超过 %d 毫秒", ZHTW: "框中斷：%d 位元組後停頓超過 %d 毫秒", EN: "frame cut off after %d bytes: a pause over %d ms"},
	again:    locale.Text{ZH: "（与上一帧相同：重发）", ZHTW: "（與上一框相同：重送）", EN: " (same as the frame before: a resend)"},
	notMsg:   locale.Text{ZH: "不是 TML/1 报文：%s", ZHTW: "不是 TML/1 報文：%s", EN: "not a TML/1 message: %s"},
	lrc:      locale.Text{ZH: "LRC 不符", ZHTW: "LRC 不符", EN: "LRC does not match"},
	length:   locale.Text{ZH: "长度不是 1–1024 的 BCD 数", ZHTW: "長度不是 1–1024 的 BCD 數", EN: "length is not BCD 1-1024"},
	etx:      locale.Text{ZH: "数据后面不是 ETX", ZHTW: "資料後面不是 ETX", EN: "no ETX after the data"},
	shape:    locale.Text{ZH: "%s，%d 字节数据，%s", ZHTW: "%s，%d 位元組資料，%s", EN: "%s, %d data bytes, %s"},
	lrcOK:    locale.Text{ZH: "LRC 正确", ZHTW: "LRC 正確", EN: "LRC ok"},
	lrcBad:   locale.Text{ZH: "LRC 不符", ZHTW: "LRC 不符", EN: "LRC bad"},
	parity:   locale.Text{ZH: "；按 8N1 读到的 7E1 字符：终端用的是 7E1", ZHTW: "；按 8N1 讀到的 7E1 字元：終端用的是 7E1", EN: "; 7E1 characters read at 8N1: the terminal uses 7E1"},
	ctl: map[byte]locale.Text{
		ENQ: {ZH: "ENQ（询问：在吗？）", ZHTW: "ENQ（詢問：在嗎？）", EN: "ENQ (are you there?)"},
		ACK: {ZH: "ACK（确认收到）", ZHTW: "ACK（確認收到）", EN: "ACK (received)"},
		NAK: {ZH: "NAK（否认：请重发）", ZHTW: "NAK（否認：請重送）", EN: "NAK (rejected: send again)"},
		EOT: {ZH: "EOT（结束：对方断开）", ZHTW: "EOT（結束：對方斷開）", EN: "EOT (going away)"},
	},
}

// Describe says what the entry is, in l: a control byte's name and meaning, a frame's check,
// a message as Message.String writes it (protocol text, the same in every language).
func (e MonitorEntry) Describe(l locale.Lang) string {
	switch e.Kind {
	case TraceBytes:
		return fmt.Sprintf(monitorText.bytes.In(l), len(e.Raw))
	case TraceControl:
		if len(e.Raw) == 1 {
			if t, ok := monitorText.ctl[e.Raw[0]]; ok {
				return t.In(l)
			}
			return ControlName(e.Raw[0])
		}
	case TraceFrame:
		var s string
		var fe *FrameError
		switch {
		case e.Shape != nil:
			s = e.Shape.describe(l)
		case e.Err == nil:
			s = fmt.Sprintf(monitorText.frame.In(l), max(0, len(e.Raw)-FrameOverhead))
		case errors.Is(e.Err, ErrGap):
			s = fmt.Sprintf(monitorText.cutFrame.In(l), len(e.Raw), DefaultGap.Milliseconds())
		case errors.As(e.Err, &fe):
			why := fe.Err.Error()
			switch {
			case errors.Is(fe, ErrBadLRC):
				why = monitorText.lrc.In(l)
			case errors.Is(fe, ErrBadLength):
				why = monitorText.length.In(l)
			case errors.Is(fe, ErrNoETX):
				why = monitorText.etx.In(l)
			}
			s = fmt.Sprintf(monitorText.badFrame.In(l), len(e.Raw), why)
		default:
			s = fmt.Sprintf(monitorText.badFrame.In(l), len(e.Raw), e.Err)
		}
		if e.Repeat {
			s += monitorText.again.In(l)
		}
		return s
	case TraceMessage:
		if e.Msg != nil {
			return e.Msg.String()
		}
		if e.Err != nil {
			return fmt.Sprintf(monitorText.notMsg.In(l), e.Err)
		}
	}
	return ""
}

// describe says what framing f has, how much data, whether its LRC matches and, when it was
// found only without the parity bit, that the terminal uses 7E1.
func (f *FrameShape) describe(l locale.Lang) string {
	lrc := monitorText.lrcOK
	if !f.LRCOK {
		lrc = monitorText.lrcBad
	}
	s := fmt.Sprintf(monitorText.shape.In(l), f.Kind.Label().In(l), len(f.Data), lrc.In(l))
	if f.Parity {
		s += monitorText.parity.In(l)
	}
	return s
}

// Line is the entry as one line of a capture: time, direction (-> sent, <- received), what it
// is in l and, with hex or for bytes outside frames, the bytes with control bytes named.
func (e MonitorEntry) Line(l locale.Lang, hex bool) string {
	arrow := "<-" // ASCII: a capture reads and greps the same in any terminal, editor and font
	if e.Dir == Out {
		arrow = "->"
	}
	s := e.Time.Format("15:04:05.000") + " " + arrow + " " + e.Describe(l)
	if len(e.Raw) > 0 && (hex || e.Kind == TraceBytes) {
		if e.Kind == TraceFrame && e.Shape != nil && e.Shape.Kind == FrameETX {
			s += "  [" + etxFrameHex(e.Raw, 256) + "]"
		} else if e.Kind == TraceFrame {
			s += "  [" + frameHex(e.Raw, 256) + "]"
		} else {
			s += "  [" + NamedHex(e.Raw, 256) + "]"
		}
	}
	return s
}

func nameOf(name func(int, byte) string, i int, c byte) string {
	if name == nil {
		return ""
	}
	return name(i, c)
}

// frameHex is NamedHex for a frame: the control bytes are named where the frame has them (STX
// first, FS and US in DATA, ETX before the LRC), LEN and LRC stay hex whatever their value.
func frameHex(raw []byte, max int) string {
	etx := -1
	if n, err := DecodeLength(at(raw, 1), at(raw, 2)); err == nil && len(raw) == 3+n+2 && raw[3+n] == ETX {
		etx = 3 + n
	}
	return hexWith(raw, max, func(i int, c byte) string {
		if i == 0 && c == STX || i == etx || i > 2 && i != etx+1 && (c == FS || c == US) {
			return ControlName(c)
		}
		return ""
	})
}

// etxFrameHex is frameHex for STX DATA ETX LRC: STX first, ETX before the LRC, FS and US in
// DATA named; the LRC stays hex.
func etxFrameHex(raw []byte, max int) string {
	etx := len(raw) - 2
	return hexWith(raw, max, func(i int, c byte) string {
		if i == 0 && c == STX || i == etx && c == ETX || i > 0 && i < etx && (c == FS || c == US) {
			return ControlName(c)
		}
		return ""
	})
}

// at is b[i], or 0 past its end.
func at(b []byte, i int) byte {
	if i < len(b) {
		return b[i]
	}
	return 0
}

// TraceEntry is the entry as the link's byte trace keeps it (English text), for a capture
// saved into a visit's trace.
func (e MonitorEntry) TraceEntry() TraceEntry {
	return TraceEntry{Time: e.Time, Dir: e.Dir, Kind: e.Kind, Raw: e.Raw, Text: e.Describe(locale.EN)}
}

// Matches reports whether the entry's line in l, or its bytes in hex, contains text (any
// case); an empty text matches everything.
func (e MonitorEntry) Matches(l locale.Lang, text string) bool {
	text = strings.ToLower(strings.TrimSpace(text))
	if text == "" {
		return true
	}
	return strings.Contains(strings.ToLower(e.Describe(l)), text) ||
		strings.Contains(strings.ToLower(HexDump(e.Raw, len(e.Raw))), text) ||
		strings.Contains(strings.ToLower(NamedHex(e.Raw, len(e.Raw))), text)
}

// ControlName names a control byte of PROTOCOL.md §1 (STX, ETX, EOT, ENQ, ACK, NAK, FS, US),
// or writes it in hex.
func ControlName(b byte) string {
	switch b {
	case STX:
		return "STX"
	case ETX:
		return "ETX"
	case FS:
		return "FS"
	case US:
		return "US"
	}
	return controlName(b)
}

// NamedHex shows up to max bytes as hex pairs, the control bytes of PROTOCOL.md §1 by name
// (STX 00 12 53 54 … ETX 3A).
func NamedHex(b []byte, max int) string {
	return hexWith(b, max, func(_ int, c byte) string {
		if name := ControlName(c); !strings.HasPrefix(name, "0x") {
			return name
		}
		return ""
	})
}

// hexWith shows up to max bytes as hex pairs, with the count of the rest; a byte name returns
// a word for is shown as that word (name may be nil).
func hexWith(b []byte, max int, name func(i int, c byte) string) string {
	var sb strings.Builder
	for i, c := range b {
		if i == max {
			fmt.Fprintf(&sb, "…(+%d)", len(b)-max)
			break
		}
		if i > 0 {
			sb.WriteByte(' ')
		}
		if w := nameOf(name, i, c); w != "" {
			sb.WriteString(w)
		} else {
			fmt.Fprintf(&sb, "%02X", c)
		}
	}
	return sb.String()
}

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

// ParseHex reads bytes a person typed: hex pairs with or without spaces ("02 00 06", "020006",
// "0x05"), and the control bytes of PROTOCOL.md §1 by name ("STX 00 06 … ETX", as NamedHex
// writes them). Anything else is an error that says which part.
func ParseHex(s string) ([]byte, error) {
	var out []byte
	for _, tok := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' }) {
		if b, ok := controlByName(tok); ok {
			out = append(out, b)
			continue
		}
		h := strings.TrimPrefix(strings.TrimPrefix(tok, "0x"), "0X")
		if len(h)%2 != 0 {
			return nil, fmt.Errorf("%q is not hex bytes: give two hex digits a byte (05, 0205) or a name (STX, ENQ)", tok)
		}
		for i := 0; i < len(h); i += 2 {
			b, err := strconv.ParseUint(h[i:i+2], 16, 8)
			if err != nil {
				return nil, fmt.Errorf("%q is not hex bytes: give two hex digits a byte (05, 0205) or a name (STX, ENQ)", tok)
			}
			out = append(out, byte(b))
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no bytes to send: type hex pairs (05, 02 00 06 …) or names (ENQ)")
	}
	return out, nil
}

func controlByName(s string) (byte, bool) {
	for _, b := range []byte{STX, ETX, EOT, ENQ, ACK, NAK, FS, US} {
		if strings.EqualFold(s, ControlName(b)) {
			return b, true
		}
	}
	return 0, false
}
