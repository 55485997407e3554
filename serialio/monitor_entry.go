package serialio

import (
	"errors"
	"fmt"
	"strings"
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
	notMsg:   locale.Text{ZH: "不是 TML/1 报文：%s", ZHTW: "不是 TML/1 電文：%s", EN: "not a TML/1 message: %s"},
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
