package serialio

import (
	"posdoctor/enum"
	"posdoctor/locale"
)

// FrameKind is which of the common POS-link framings a frame has. Both start with STX, end
// with ETX and an XOR LRC of everything after STX up to and including ETX; they differ in
// whether a length follows STX.
type FrameKind int

const (
	// FrameLength is STX LEN(2 BCD) DATA ETX LRC: TML/1 (PROTOCOL.md §2) and the Chinese
	// cash-register ↔ POS links it follows.
	FrameLength FrameKind = iota
	// FrameETX is STX DATA ETX LRC, DATA ended by ETX: Ingenico Concert and the many ECR
	// protocols shaped like it.
	FrameETX
)

var frameKindNames = enum.Names[FrameKind]{"stx-len-etx-lrc", "stx-etx-lrc"}

// String is the kind's stable name (JSON, docs/probe.md).
func (k FrameKind) String() string { return frameKindNames.String(k) }

// ParseFrameKind reads a name as String writes it.
func ParseFrameKind(s string) (FrameKind, error) { return frameKindNames.Parse(s) }

// MarshalText writes the stable name.
func (k FrameKind) MarshalText() ([]byte, error) { return frameKindNames.MarshalText(k) }

// UnmarshalText reads the stable name.
func (k *FrameKind) UnmarshalText(b []byte) error { return frameKindNames.UnmarshalText(k, b) }

// Label is how a technician calls the framing, in every language.
func (k FrameKind) Label() locale.Text {
	if k == FrameLength {
		return locale.Text{ZH: "STX-长度-ETX-LRC 帧（TML/1、国内收银机 ECR 格式）", ZHTW: "STX-長度-ETX-LRC 幀（TML/1、收銀機 ECR 格式）", EN: "STX-LEN-ETX-LRC framing (TML/1, Chinese ECR style)"}
	}
	return locale.Text{ZH: "STX-ETX-LRC 帧（Ingenico Concert 类）", ZHTW: "STX-ETX-LRC 幀（Ingenico Concert 類）", EN: "Concert-style framing (STX-ETX-LRC)"}
}

// FrameShape is one frame RecognizeFrames found in a run of received bytes.
type FrameShape struct {
	Kind   FrameKind
	Offset int    // index of its STX in the bytes given
	Size   int    // its length on the line, STX to LRC
	Data   []byte // DATA: after LEN for FrameLength; a sub-slice of the bytes given, or of a stripped copy when Parity
	LRCOK  bool   // the LRC byte matches
	// Parity: the frame was found only after removing an even-parity bit 7 from every byte,
	// so it is 7E1 traffic read at 8N1 (the terminal's format is 7E1).
	Parity bool
}

// maxFrameScan bounds how far RecognizeFrames looks for the ETX of a FrameETX frame.
const maxFrameScan = MaxData + FrameOverhead

// RecognizeFrames finds the frames of the common POS-link shapes in b, in order, each with
// its LRC checked: STX LEN(2 BCD) DATA ETX LRC first (its LEN must be valid BCD in 1–1024
// and ETX must follow DATA; then DATA may hold any byte, as in TML/1), else STX DATA ETX LRC
// (DATA up to the first ETX, with no STX inside). A frame whose LRC is wrong is still
// reported, with LRCOK false: the shape is right and the bytes were damaged or the format
// is wrong. ASCII DATA never reads as a valid BCD length (its first byte is 0x20 or more,
// which gives 2000 or more), so a Concert frame is not mistaken for a TML/1 one.
//
// When b holds no frame with a good LRC and every byte of b has even parity over 8 bits with
// some bit 7 set, b is 7E1 traffic received at 8N1: the frames of b with bit 7 removed are
// returned instead, each with Parity set. b is not changed. Safe on any bytes (untrusted input).
func RecognizeFrames(b []byte) []FrameShape {
	found := recognize(b)
	for _, f := range found {
		if f.LRCOK {
			return found
		}
	}
	if stripped, ok := StripEvenParity(b); ok {
		if alt := recognize(stripped); len(alt) > 0 {
			for i := range alt {
				alt[i].Parity = true
			}
			return alt
		}
	}
	return found
}

// StripEvenParity returns b with bit 7 of every byte removed when every byte has even parity
// over its 8 bits and at least one has bit 7 set: 7E1 characters read at 8N1, where bit 7 is
// the parity bit. ok is false otherwise (b is then returned unchanged).
func StripEvenParity(b []byte) ([]byte, bool) {
	high := false
	for _, c := range b {
		if bitsOdd(c) {
			return b, false
		}
		high = high || c&0x80 != 0
	}
	if !high {
		return b, false
	}
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = c & 0x7F
	}
	return out, true
}

func bitsOdd(c byte) bool {
	c ^= c >> 4
	c ^= c >> 2
	c ^= c >> 1
	return c&1 == 1
}

func recognize(b []byte) []FrameShape {
	var out []FrameShape
	for i := 0; i < len(b); {
		if b[i] != STX {
			i++
			continue
		}
		if f, ok := lengthFrame(b, i); ok {
			out = append(out, f)
			i += f.Size
			continue
		}
		if f, ok := etxFrame(b, i); ok {
			out = append(out, f)
			i += f.Size
			continue
		}
		i++
	}
	return out
}

// lengthFrame reads STX LEN DATA ETX LRC at b[i].
func lengthFrame(b []byte, i int) (FrameShape, bool) {
	if i+3 > len(b) {
		return FrameShape{}, false
	}
	n, err := DecodeLength(b[i+1], b[i+2])
	if err != nil {
		return FrameShape{}, false
	}
	end := i + 3 + n // ETX
	if end+1 >= len(b) || b[end] != ETX {
		return FrameShape{}, false
	}
	data := b[i+3 : end]
	return FrameShape{Kind: FrameLength, Offset: i, Size: n + FrameOverhead, Data: data,
		LRCOK: LRC(b[i+1], b[i+2], data) == b[end+1]}, true
}

// etxFrame reads STX DATA ETX LRC at b[i]: DATA up to the first ETX, at least one byte, with
// no STX inside (a second STX means the first began nothing).
func etxFrame(b []byte, i int) (FrameShape, bool) {
	x := byte(0)
	for j := i + 1; j < len(b) && j-i < maxFrameScan; j++ {
		switch b[j] {
		case STX:
			return FrameShape{}, false
		case ETX:
			if j == i+1 || j+1 >= len(b) {
				return FrameShape{}, false
			}
			x ^= ETX
			return FrameShape{Kind: FrameETX, Offset: i, Size: j + 2 - i, Data: b[i+1 : j], LRCOK: x == b[j+1]}, true
		}
		x ^= b[j]
	}
	return FrameShape{}, false
}

// AppendETXFrame appends STX data ETX LRC (the Concert shape) to dst: for tests and for
// sending to a terminal of that kind.
func AppendETXFrame(dst, data []byte) []byte {
	x := ETX
	for _, c := range data {
		x ^= c
	}
	dst = append(dst, STX)
	dst = append(dst, data...)
	return append(dst, ETX, x)
}
