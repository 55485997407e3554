package serialio

import (
	"bytes"
	"testing"

	"posdoctor/internal/enumtest"
)

// parity7E1 returns b as 7E1 characters look when read at 8N1: each byte's bit 7 is its even
// parity bit.
func parity7E1(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		c &= 0x7F
		if bitsOdd(c) {
			c |= 0x80
		}
		out[i] = c
	}
	return out
}

func TestFrameKindNames(t *testing.T) {
	enumtest.Check(t, ParseFrameKind, frameKindNames.Values(),
		map[FrameKind]string{FrameLength: "stx-len-etx-lrc", FrameETX: "stx-etx-lrc"}, "STX-ETX-LRC", "")
}

func TestRecognizeFrames(t *testing.T) {
	tml, _ := EncodeFrame([]byte("EC0007\x1cRC=00\x1cDATA=41"))
	tmlBinary, _ := EncodeFrame([]byte{'E', 'C', ETX, STX, 0x00}) // ETX and STX inside DATA are data (§2)
	concert := AppendETXFrame(nil, []byte("0000000100978"))
	badLRC := append([]byte(nil), concert...)
	badLRC[len(badLRC)-1] ^= 0x40
	tmlBadLRC := append([]byte(nil), tml...)
	tmlBadLRC[len(tmlBadLRC)-1] ^= 0x01
	type want struct {
		kind   FrameKind
		offset int
		lrc    bool
		parity bool
		data   string
	}
	cases := []struct {
		name string
		in   []byte
		want []want
	}{
		{"TML/1 frame", tml, []want{{FrameLength, 0, true, false, "EC0007\x1cRC=00\x1cDATA=41"}}},
		{"TML/1 with ETX and STX in DATA", tmlBinary, []want{{FrameLength, 0, true, false, "EC\x03\x02\x00"}}},
		{"Concert frame", concert, []want{{FrameETX, 0, true, false, "0000000100978"}}},
		{"Concert after ACK and noise", append([]byte{ACK, 0xFF, 0x00}, concert...), []want{{FrameETX, 3, true, false, "0000000100978"}}},
		{"two frames", append(append([]byte{}, tml...), concert...), []want{{FrameLength, 0, true, false, "EC0007\x1cRC=00\x1cDATA=41"}, {FrameETX, len(tml), true, false, "0000000100978"}}},
		{"Concert, LRC wrong", badLRC, []want{{FrameETX, 0, false, false, "0000000100978"}}},
		{"TML/1, LRC wrong", tmlBadLRC, []want{{FrameLength, 0, false, false, "EC0007\x1cRC=00\x1cDATA=41"}}},
		{"Concert 7E1 read at 8N1", parity7E1(concert), []want{{FrameETX, 0, true, true, "0000000100978"}}},
		{"Concert 7E1 read at 7E1", concert, []want{{FrameETX, 0, true, false, "0000000100978"}}},
		{"a frame cut short", concert[:len(concert)-1], nil},
		{"a TML/1 frame cut short", tml[:len(tml)-2], nil},
		{"STX then STX: the first began nothing", append([]byte{STX, 'x'}, concert...), []want{{FrameETX, 2, true, false, "0000000100978"}}},
		{"STX ETX LRC, no DATA", []byte{STX, ETX, ETX}, nil},
		{"noise", []byte{0x00, 0xFF, 0x80, 0xF8, 0xE0, 0x1E}, nil},
		{"empty", nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := append([]byte(nil), c.in...)
			got := RecognizeFrames(in)
			if !bytes.Equal(in, c.in) {
				t.Fatalf("RecognizeFrames changed its input")
			}
			if len(got) != len(c.want) {
				t.Fatalf("got %d frames %+v, want %d", len(got), got, len(c.want))
			}
			for i, w := range c.want {
				g := got[i]
				if g.Kind != w.kind || g.Offset != w.offset || g.LRCOK != w.lrc || g.Parity != w.parity || string(g.Data) != w.data {
					t.Errorf("frame %d = %v@%d lrc %v parity %v %q, want %v@%d lrc %v parity %v %q", i, g.Kind, g.Offset, g.LRCOK, g.Parity, g.Data, w.kind, w.offset, w.lrc, w.parity, w.data)
				}
			}
		})
	}
}

// A 7E1 TML/1 frame read at 8N1 is found with its parity bit removed, when every byte of it
// has even parity (its binary LEN and LRC included).
func TestRecognizeFrames7E1(t *testing.T) {
	for seq := 1; seq < 200; seq++ {
		data, _ := EncodeMessage(Message{Cmd: CmdEcho, Seq: seq, Fields: []Field{{Name: "RC", Value: "00"}}})
		f, _ := EncodeFrame(data)
		got := RecognizeFrames(parity7E1(f))
		if len(got) != 1 || !got[0].LRCOK || !got[0].Parity || got[0].Kind != FrameLength {
			t.Fatalf("seq %d: % X → %+v", seq, parity7E1(f), got)
		}
	}
}

func TestStripEvenParity(t *testing.T) {
	cases := []struct {
		in   []byte
		out  []byte
		ok   bool
		name string
	}{
		{[]byte{0x95}, []byte{NAK}, true, "NAK at 7E1"},
		{[]byte{0x84}, []byte{EOT}, true, "EOT at 7E1"},
		{[]byte{ACK}, []byte{ACK}, false, "no bit 7: nothing to strip"},
		{[]byte{0x82, 0x15}, []byte{0x82, 0x15}, false, "an odd byte: not 7E1"},
	}
	for _, c := range cases {
		got, ok := StripEvenParity(c.in)
		if ok != c.ok || !bytes.Equal(got, c.out) {
			t.Errorf("%s: StripEvenParity(% X) = % X, %v", c.name, c.in, got, ok)
		}
	}
}

// FuzzRecognizeFrames: any bytes, no panic, and every frame found lies inside the input.
func FuzzRecognizeFrames(f *testing.F) {
	tml, _ := EncodeFrame([]byte("EC0001\x1cRC=00"))
	f.Add(tml)
	f.Add(AppendETXFrame(nil, []byte("ABC")))
	f.Add(parity7E1(AppendETXFrame(nil, []byte("ABC"))))
	f.Add([]byte{STX, 0x10, 0x24, ETX})
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, fr := range RecognizeFrames(b) {
			if fr.Offset < 0 || fr.Size < 3 || fr.Offset+fr.Size > len(b) {
				t.Fatalf("frame %+v outside %d bytes", fr, len(b))
			}
		}
	})
}
