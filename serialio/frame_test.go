package serialio

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

func TestEncodeLength(t *testing.T) {
	for _, tc := range []struct {
		n      int
		hi, lo byte
		err    bool
	}{
		{1, 0x00, 0x01, false},
		{124, 0x01, 0x24, false},
		{999, 0x09, 0x99, false},
		{1024, 0x10, 0x24, false},
		{0, 0, 0, true},
		{1025, 0, 0, true},
		{-1, 0, 0, true},
	} {
		hi, lo, err := EncodeLength(tc.n)
		if (err != nil) != tc.err {
			t.Errorf("EncodeLength(%d) error = %v, want error %v", tc.n, err, tc.err)
			continue
		}
		if err == nil && (hi != tc.hi || lo != tc.lo) {
			t.Errorf("EncodeLength(%d) = %02X %02X, want %02X %02X", tc.n, hi, lo, tc.hi, tc.lo)
		}
		if err == nil {
			if back, err := DecodeLength(hi, lo); err != nil || back != tc.n {
				t.Errorf("DecodeLength(EncodeLength(%d)) = %d, %v", tc.n, back, err)
			}
		}
	}
}

func frameOf(t testing.TB, data []byte) []byte {
	t.Helper()
	f, err := EncodeFrame(data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestDecodeFrame(t *testing.T) {
	good := frameOf(t, []byte("ST0001"))
	withCtl := frameOf(t, []byte{STX, ETX, 'A', ETX, STX, ACK, NAK, EOT})
	max := frameOf(t, bytes.Repeat([]byte{0xA5}, 1024))
	badLRC := append([]byte(nil), good...)
	badLRC[len(badLRC)-1] ^= 0xFF
	noETX := append([]byte(nil), good...)
	noETX[len(noETX)-2] = 'X'
	badBCD := append([]byte(nil), good...)
	badBCD[2] = 0x0A
	zero := []byte{STX, 0x00, 0x00, ETX, ETX}
	over := []byte{STX, 0x10, 0x25}
	over = append(over, bytes.Repeat([]byte{'x'}, 1025)...)
	over = append(over, ETX, LRC(0x10, 0x25, bytes.Repeat([]byte{'x'}, 1025)))

	for _, tc := range []struct {
		name string
		in   []byte
		want []byte
		err  error
	}{
		{"valid", good, []byte("ST0001"), nil},
		{"stx and etx inside data", withCtl, []byte{STX, ETX, 'A', ETX, STX, ACK, NAK, EOT}, nil},
		{"1024 bytes", max, bytes.Repeat([]byte{0xA5}, 1024), nil},
		{"bad lrc", badLRC, nil, ErrBadLRC},
		{"no etx", noETX, nil, ErrNoETX},
		{"non-bcd nibble", badBCD, nil, ErrBadLength},
		{"length 0", zero, nil, ErrBadLength},
		{"length 1025", over, nil, ErrBadLength},
		{"no stx", []byte("ST0001"), nil, ErrNoSTX},
		{"short", good[:5], nil, ErrShort},
		{"empty", nil, nil, ErrShort},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, _, err := DecodeFrame(tc.in)
			if tc.err != nil {
				var fe *FrameError
				if !errors.As(err, &fe) || !errors.Is(err, tc.err) {
					t.Fatalf("DecodeFrame error = %v, want FrameError wrapping %v", err, tc.err)
				}
				return
			}
			if err != nil || !bytes.Equal(data, tc.want) {
				t.Fatalf("DecodeFrame = %q, %v; want %q", data, err, tc.want)
			}
		})
	}
}

func TestLRCCoversLenDataETX(t *testing.T) {
	f := frameOf(t, []byte{0x41})
	// STX 00 01 41 ETX LRC: LRC = 00 ^ 01 ^ 41 ^ 03
	if want := byte(0x00 ^ 0x01 ^ 0x41 ^ 0x03); f[len(f)-1] != want {
		t.Fatalf("LRC = %02X, want %02X", f[len(f)-1], want)
	}
}

// feedAll runs bytes through a receiver one chunk at a time and collects events.
func feedAll(r *Receiver, chunks [][]byte, times []time.Time) []RxEvent {
	var evs []RxEvent
	for i, c := range chunks {
		r.Feed(c, times[i], func(ev RxEvent) { evs = append(evs, ev) })
	}
	return evs
}

func TestReceiver(t *testing.T) {
	t0 := time.Unix(1000, 0)
	good := frameOf(t, []byte("EC0001\x1cDATA=00FF"))
	badLRC := append([]byte(nil), good...)
	badLRC[len(badLRC)-1] ^= 1
	for _, tc := range []struct {
		name   string
		chunks [][]byte
		gaps   []time.Duration // before each chunk
		kinds  []RxKind
		noise  int
	}{
		{"one frame", [][]byte{good}, []time.Duration{0}, []RxKind{RxFrame}, 0},
		{"byte by byte", split(good), make([]time.Duration, len(good)), []RxKind{RxFrame}, 0},
		{"noise around", [][]byte{[]byte("zz\xff"), good, []byte("\x00q")}, []time.Duration{0, 0, 0}, []RxKind{RxFrame}, 5},
		{"controls outside", [][]byte{{ENQ, ACK, NAK, EOT}}, []time.Duration{0}, []RxKind{RxControl, RxControl, RxControl, RxControl}, 0},
		{"controls inside are data", [][]byte{frameOf(t, []byte{ENQ, ACK, NAK, EOT})}, []time.Duration{0}, []RxKind{RxFrame}, 0},
		{"bad lrc", [][]byte{badLRC}, []time.Duration{0}, []RxKind{RxInvalid}, 0},
		{"bad len at once", [][]byte{{STX, 0xFF, 0xFF}}, []time.Duration{0}, []RxKind{RxInvalid}, 0},
		{"gap under limit", [][]byte{good[:4], good[4:]}, []time.Duration{0, 290 * time.Millisecond}, []RxKind{RxFrame}, 0},
		{"gap abandons then resend", [][]byte{good[:4], good[4:], good}, []time.Duration{0, 301 * time.Millisecond, time.Second}, []RxKind{RxAbandoned, RxFrame}, 0},
		// the rest of an abandoned frame is not read as control bytes, even when it holds them
		{"abandoned rest holds EOT", [][]byte{good[:4], {'x', EOT, ACK, STX, ENQ}, {ACK}}, []time.Duration{0, 400 * time.Millisecond, 200 * time.Millisecond}, []RxKind{RxAbandoned, RxControl}, 0},
		{"after no ETX the LRC is not a control byte", [][]byte{append(append([]byte(nil), good[:len(good)-2]...), 'X', EOT)}, []time.Duration{0}, []RxKind{RxInvalid}, 0},
		{"after a bad length the rest is dropped", [][]byte{{STX, 0xFF, 0xFF, EOT, ACK}, good}, []time.Duration{0, 150 * time.Millisecond}, []RxKind{RxInvalid, RxFrame}, 0},
		{"bytes too soon after a bad frame are dropped", [][]byte{{STX, 0xFF, 0xFF}, {EOT}}, []time.Duration{0, 50 * time.Millisecond}, []RxKind{RxInvalid}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &Receiver{}
			times := make([]time.Time, len(tc.chunks))
			now := t0
			for i, g := range tc.gaps {
				now = now.Add(g)
				times[i] = now
			}
			evs := feedAll(r, tc.chunks, times)
			var kinds []RxKind
			for _, e := range evs {
				kinds = append(kinds, e.Kind)
			}
			if !equalKinds(kinds, tc.kinds) {
				t.Fatalf("events %v, want %v", kinds, tc.kinds)
			}
			if tc.noise >= 0 && r.Noise != tc.noise {
				t.Errorf("noise = %d, want %d", r.Noise, tc.noise)
			}
		})
	}
}

func split(b []byte) [][]byte {
	out := make([][]byte, len(b))
	for i := range b {
		out[i] = b[i : i+1]
	}
	return out
}

func equalKinds(a, b []RxKind) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func FuzzDecodeFrame(f *testing.F) {
	f.Add(frameOf(f, []byte("ST0001")))
	f.Add(frameOf(f, []byte{STX, ETX}))
	f.Add([]byte{STX, 0x10, 0x25, ETX})
	f.Add([]byte{STX, 0x0A, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		data, _, err := DecodeFrame(b)
		if err != nil {
			return
		}
		again, err := EncodeFrame(data)
		if err != nil {
			t.Fatalf("decoded DATA of %d bytes does not encode: %v", len(data), err)
		}
		if !bytes.HasPrefix(b, again) {
			t.Fatalf("re-encoding differs")
		}
	})
}

// FuzzReceiver feeds arbitrary bytes in arbitrary chunks: no panic, and every frame it
// reports decodes as a valid frame.
func FuzzReceiver(f *testing.F) {
	f.Add(frameOf(f, []byte("ST0001")), uint8(3))
	f.Add(append([]byte{ENQ, 'x', STX, 0x00}, frameOf(f, []byte("KE0002\x1cKEY=5"))...), uint8(1))
	f.Fuzz(func(t *testing.T, b []byte, chunk uint8) {
		r := &Receiver{}
		n := int(chunk%16) + 1
		now := time.Unix(0, 0)
		for i := 0; i < len(b); i += n {
			end := min(i+n, len(b))
			now = now.Add(time.Duration(chunk) * 5 * time.Millisecond)
			r.Feed(b[i:end], now, func(ev RxEvent) {
				if ev.Kind == RxFrame {
					if _, _, err := DecodeFrame(ev.Raw); err != nil {
						t.Fatalf("receiver accepted an invalid frame: %v", err)
					}
				}
			})
		}
	})
}

func BenchmarkEncodeFrame(b *testing.B) {
	data := bytes.Repeat([]byte("0123456789"), 100)
	buf := make([]byte, 0, 1100)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		buf, _ = AppendFrame(buf[:0], data)
	}
}

func BenchmarkDecodeFrame(b *testing.B) {
	data := bytes.Repeat([]byte("0123456789"), 100)
	f, _ := EncodeFrame(data)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, _, err := DecodeFrame(f); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReceiver(b *testing.B) {
	data := bytes.Repeat([]byte("0123456789"), 100)
	f, _ := EncodeFrame(data)
	now := time.Now()
	r := &Receiver{}
	frames := 0
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		r.Feed(f, now, func(ev RxEvent) { frames++ })
	}
	if frames != b.N {
		b.Fatalf("%d frames for %d feeds", frames, b.N)
	}
}
