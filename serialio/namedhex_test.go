package serialio

import (
	"bytes"
	"fmt"
	"testing"
)

func TestNamedHex(t *testing.T) {
	if got := NamedHex([]byte{STX, 0x00, 0x12, 'S', FS, ETX, 0x3A, ENQ}, 10); got != "STX 00 12 53 FS ETX 3A ENQ" {
		t.Errorf("NamedHex = %q", got)
	}
	if got := NamedHex([]byte{1, 2, 3}, 1); got != "01…(+2)" {
		t.Errorf("NamedHex cut = %q", got)
	}
	// in a frame, LEN and LRC are numbers whatever their value: 06 is no ACK there, 03 no ETX
	f := frameOf(t, []byte("ST0001\x1cA=1"))
	want := "STX 00 10 53 54 30 30 30 31 FS 41 3D 31 ETX " + fmt.Sprintf("%02X", f[len(f)-1])
	if got := frameHex(f, 100); got != want {
		t.Errorf("frameHex = %q, want %q", got, want)
	}
	if got := frameHex([]byte{STX, 0x00, 0x06, ACK}, 100); got != "STX 00 06 06" {
		t.Errorf("frameHex of a cut frame = %q", got)
	}
}

func TestParseHex(t *testing.T) {
	tests := []struct {
		in   string
		want []byte
		ok   bool
	}{
		{"05", []byte{ENQ}, true},
		{"enq", []byte{ENQ}, true},
		{"STX 00 06 53 54 FS ETX 3a", []byte{STX, 0, 6, 'S', 'T', FS, ETX, 0x3A}, true},
		{"0x0205,aa", []byte{STX, 5, 0xAA}, true},
		{"5", nil, false},
		{"zz", nil, false},
		{"0g", nil, false},
		{"  ", nil, false},
	}
	for _, tc := range tests {
		got, err := ParseHex(tc.in)
		if (err == nil) != tc.ok || !bytes.Equal(got, tc.want) {
			t.Errorf("ParseHex(%q) = % X, %v", tc.in, got, err)
		}
	}
	raw := msgFrame(t, "ST", 1)
	if back, err := ParseHex(NamedHex(raw, len(raw))); err != nil || !bytes.Equal(back, raw) {
		t.Errorf("NamedHex does not read back: % X, %v", back, err)
	}
}
