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
// are masked before an entry is made: Raw and Msg never hold one.
type MonitorEntry struct {
	Seq    uint64 // 1, 2, … in the order the monitor made entries
	Time   time.Time
	Dir    Dir
	Kind   TraceKind
	Raw    []byte   // the bytes as they crossed the line, masked (nil for a message)
	Msg    *Message // TraceMessage: the decoded message, masked; nil when Err says why not
	Err    error    // TraceFrame: why the frame is invalid (*FrameError, or ErrGap); TraceMessage: *MessageError
	Repeat bool     // TraceFrame: the same bytes as the frame before it this way (a resend)
}

// monitorText are the words of the monitor's entries, one table for the command line, the
// Line view and saved captures.
var monitorText = struct {
	bytes, frame, badFrame, cutFrame, again, notMsg locale.Text
	lrc, length, etx                                locale.Text
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

// Line is the entry as one line of a capture: time, direction (-> sent, <- received), what it
// is in l and, with hex or for bytes outside frames, the bytes with control bytes named.
func (e MonitorEntry) Line(l locale.Lang, hex bool) string {
	arrow := "<-" // ASCII: the app's embedded font has no arrows
	if e.Dir == Out {
		arrow = "->"
	}
	s := e.Time.Format("15:04:05.000") + " " + arrow + " " + e.Describe(l)
	if len(e.Raw) > 0 && (hex || e.Kind == TraceBytes) {
		if e.Kind == TraceFrame {
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
	rx        Receiver
	last      time.Time // when the last byte came this way
	noise     []byte    // bytes outside frames not yet made an entry (unmasked: never shown)
	noiseAt   time.Time // when the first of them came
	lastFrame []byte    // the last frame this way, masked, to see a resend
}

// noiseHold is how many bytes outside frames the monitor gathers before it makes an entry of
// them: a card number in them is masked whole unless it straddles the cut, and the tail that
// could be the start of one is kept for the next entry.
const noiseHold = 256

// noiseQuiet is how long the line must be quiet before the bytes outside frames gathered so
// far make an entry.
const noiseQuiet = 100 * time.Millisecond

// Monitor turns the bytes that cross a line, both ways, into annotated entries: control bytes
// named, TML/1 frames recognised with their LRC checked (receiver.go's state machine, the
// link's own), the message of every valid frame decoded, card numbers masked before anything
// is kept. It keeps the newest entries in a ring. Feed may be called from any goroutine (a
// link's reader and writer both do); the reading methods too.
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
			m.flushNoise(d, noiseTail(s.noise))
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
		if len(s.noise) == 0 {
			s.noiseAt = at
		}
		s.noise = append(s.noise, j...)
	}
}

// flushNoise makes an entry of the waiting noise but its last keep bytes. Called with mu held.
func (m *Monitor) flushNoise(d Dir, keep int) {
	s := &m.sides[d]
	n := len(s.noise) - keep
	if n <= 0 {
		return
	}
	raw := append([]byte(nil), s.noise[:n]...)
	MaskTraceBytes(raw)
	m.add(MonitorEntry{Time: s.noiseAt, Dir: d, Kind: TraceBytes, Raw: raw})
	s.noise = append(s.noise[:0], s.noise[n:]...)
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
	switch ev.Kind {
	case RxControl:
		m.add(MonitorEntry{Time: at, Dir: d, Kind: TraceControl, Raw: []byte{ev.Ctl}})
	case RxFrame, RxInvalid, RxAbandoned:
		raw := append([]byte(nil), ev.Raw...)
		MaskTraceBytes(raw) // the LRC was checked on the bytes as they came
		e := MonitorEntry{Time: at, Dir: d, Kind: TraceFrame, Raw: raw}
		switch ev.Kind {
		case RxInvalid:
			e.Err = ev.Err
		case RxAbandoned:
			e.Err = &FrameError{Offset: len(raw), Raw: raw, Err: ErrGap}
		}
		s := &m.sides[d]
		e.Repeat = s.lastFrame != nil && bytes.Equal(s.lastFrame, raw)
		s.lastFrame = raw
		m.add(e)
		if ev.Kind == RxFrame {
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
