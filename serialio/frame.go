package serialio

import (
	"errors"
	"fmt"
)

// Control bytes of TML/1 (PROTOCOL.md §1).
const (
	STX byte = 0x02
	ETX byte = 0x03
	EOT byte = 0x04
	ENQ byte = 0x05
	ACK byte = 0x06
	NAK byte = 0x15
	FS  byte = 0x1C
	US  byte = 0x1F
)

// MaxData is the largest DATA a frame may carry (PROTOCOL.md §2).
const MaxData = 1024

// FrameOverhead is the number of bytes a frame adds around its DATA: STX, two LEN bytes, ETX, LRC.
const FrameOverhead = 5

// Sentinel causes of a FrameError.
var (
	ErrBadLength = errors.New("frame length is not 4 BCD digits in 1-1024")
	ErrNoETX     = errors.New("byte after DATA is not ETX")
	ErrBadLRC    = errors.New("LRC does not match")
	ErrShort     = errors.New("frame is incomplete")
	ErrNoSTX     = errors.New("frame does not start with STX")
)

// FrameError says why bytes are not a valid frame, where, and what the bytes were.
type FrameError struct {
	Offset int    // index into Raw where the fault was found
	Raw    []byte // the bytes examined (a copy)
	Err    error  // one of ErrBadLength, ErrNoETX, ErrBadLRC, ErrShort, ErrNoSTX
}

func (e *FrameError) Error() string {
	return fmt.Sprintf("invalid frame at byte %d of %d: %v", e.Offset, len(e.Raw), e.Err)
}

func (e *FrameError) Unwrap() error { return e.Err }

// EncodeLength returns n as the two BCD bytes of a frame's LEN (PROTOCOL.md §2).
func EncodeLength(n int) (hi, lo byte, err error) {
	if n < 1 || n > MaxData {
		return 0, 0, fmt.Errorf("encode length %d: %w", n, ErrBadLength)
	}
	d := [4]byte{byte(n / 1000), byte(n / 100 % 10), byte(n / 10 % 10), byte(n % 10)}
	return d[0]<<4 | d[1], d[2]<<4 | d[3], nil
}

// DecodeLength reads the two BCD bytes of a frame's LEN. A non-BCD nibble, 0 or more than
// 1024 is ErrBadLength.
func DecodeLength(hi, lo byte) (int, error) {
	n := 0
	for _, nib := range [4]byte{hi >> 4, hi & 0x0F, lo >> 4, lo & 0x0F} {
		if nib > 9 {
			return 0, ErrBadLength
		}
		n = n*10 + int(nib)
	}
	if n < 1 || n > MaxData {
		return 0, ErrBadLength
	}
	return n, nil
}

// LRC is the XOR of LEN_H, LEN_L, every DATA byte and ETX (PROTOCOL.md §2).
func LRC(hi, lo byte, data []byte) byte {
	x := hi ^ lo ^ ETX
	for _, b := range data {
		x ^= b
	}
	return x
}

// AppendFrame appends the frame carrying data to dst and returns the extended slice.
func AppendFrame(dst, data []byte) ([]byte, error) {
	hi, lo, err := EncodeLength(len(data))
	if err != nil {
		return dst, err
	}
	dst = append(dst, STX, hi, lo)
	dst = append(dst, data...)
	return append(dst, ETX, LRC(hi, lo, data)), nil
}

// EncodeFrame returns the frame carrying data.
func EncodeFrame(data []byte) ([]byte, error) {
	return AppendFrame(make([]byte, 0, len(data)+FrameOverhead), data)
}

// DecodeFrame checks one whole frame and returns its DATA (a sub-slice of b). Errors are
// *FrameError. Bytes after the frame are reported as the rest.
func DecodeFrame(b []byte) (data, rest []byte, err error) {
	fail := func(off int, cause error) ([]byte, []byte, error) {
		return nil, nil, &FrameError{Offset: off, Raw: append([]byte(nil), b...), Err: cause}
	}
	if len(b) == 0 {
		return fail(0, ErrShort)
	}
	if b[0] != STX {
		return fail(0, ErrNoSTX)
	}
	if len(b) < 3 {
		return fail(len(b), ErrShort)
	}
	n, err := DecodeLength(b[1], b[2])
	if err != nil {
		return fail(1, err)
	}
	end := 3 + n
	if len(b) < end+2 {
		return fail(len(b), ErrShort)
	}
	if b[end] != ETX {
		return fail(end, ErrNoETX)
	}
	if LRC(b[1], b[2], b[3:end]) != b[end+1] {
		return fail(end+1, ErrBadLRC)
	}
	return b[3:end], b[end+2:], nil
}
