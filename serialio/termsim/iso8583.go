package termsim

import (
	"errors"
	"fmt"
	"sort"
)

// This file is a small ISO 8583 packer and parser, written for the sign-on of PROTOCOL.md §6
// in the byte layout China UnionPay terminals use: MTI as 2 BCD bytes, an 8-byte binary
// primary bitmap, numeric fields as BCD, text as ASCII, LL/LLL lengths as BCD. It knows
// only the fields the sign-on needs; a message with any other bit set is refused.

type isoFormat int

const (
	isoBCD isoFormat = iota // digits, two per byte; variable ones left-aligned, padded with a 0 nibble
	isoANS                  // ASCII text
	isoBIN                  // raw bytes
)

// isoFieldSpec is one field's layout. prefix 0 is fixed length (size digits, characters or
// bytes); 2 and 3 are LLVAR and LLLVAR with at most size digits, characters or bytes.
type isoFieldSpec struct {
	format isoFormat
	size   int
	prefix int
}

var isoFields = map[int]isoFieldSpec{
	11: {isoBCD, 6, 0},   // system trace audit number
	12: {isoBCD, 6, 0},   // local time hhmmss (host)
	13: {isoBCD, 4, 0},   // local date MMDD (host)
	39: {isoANS, 2, 0},   // response code
	41: {isoANS, 8, 0},   // terminal id
	42: {isoANS, 15, 0},  // merchant id
	60: {isoBCD, 17, 3},  // 60.1 type 2 + 60.2 batch 6 + 60.3 network management code 3 (+ reserve)
	62: {isoBIN, 120, 3}, // working keys with check values
	63: {isoANS, 63, 3},  // operator
	64: {isoBIN, 8, 0},   // MAC
}

var errISO = errors.New("malformed ISO 8583 message")

// isoMessage is an ISO 8583 message: its MTI and fields by number. Binary fields hold their
// bytes as a string.
type isoMessage struct {
	mti    string
	fields map[int]string
}

func newISO(mti string) *isoMessage { return &isoMessage{mti: mti, fields: map[int]string{}} }

func (m *isoMessage) set(n int, v string) *isoMessage { m.fields[n] = v; return m }

func (m *isoMessage) get(n int) (string, bool) {
	v, ok := m.fields[n]
	return v, ok
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func appendBCD(dst []byte, digits string) []byte {
	if len(digits)%2 == 1 {
		digits += "0"
	}
	for i := 0; i < len(digits); i += 2 {
		dst = append(dst, (digits[i]-'0')<<4|(digits[i+1]-'0'))
	}
	return dst
}

func readBCD(b []byte, digits int) (string, error) {
	out := make([]byte, 0, digits+1)
	for _, c := range b {
		hi, lo := c>>4, c&0x0F
		if hi > 9 || lo > 9 {
			return "", fmt.Errorf("%w: non-BCD byte 0x%02X", errISO, c)
		}
		out = append(out, '0'+hi, '0'+lo)
	}
	return string(out[:digits]), nil
}

// packISO encodes m. Fields are written in ascending order, as the bitmap requires.
func packISO(m *isoMessage) ([]byte, error) {
	if len(m.mti) != 4 || !isDigits(m.mti) {
		return nil, fmt.Errorf("%w: MTI %q", errISO, m.mti)
	}
	nums := make([]int, 0, len(m.fields))
	for n := range m.fields {
		if _, ok := isoFields[n]; !ok {
			return nil, fmt.Errorf("%w: field %d is not supported", errISO, n)
		}
		nums = append(nums, n)
	}
	sort.Ints(nums)
	out := appendBCD(nil, m.mti)
	var bitmap [8]byte
	for _, n := range nums {
		bitmap[(n-1)/8] |= 0x80 >> ((n - 1) % 8)
	}
	out = append(out, bitmap[:]...)
	for _, n := range nums {
		spec, v := isoFields[n], m.fields[n]
		if spec.format == isoBCD && !isDigits(v) {
			return nil, fmt.Errorf("%w: field %d must be digits", errISO, n)
		}
		if spec.prefix == 0 && len(v) != spec.size || len(v) > spec.size {
			return nil, fmt.Errorf("%w: field %d has length %d, spec %d", errISO, n, len(v), spec.size)
		}
		if spec.prefix > 0 {
			out = appendBCD(out, fmt.Sprintf("%0*d", (spec.prefix+1)/2*2, len(v)))
		}
		if spec.format == isoBCD {
			out = appendBCD(out, v)
		} else {
			out = append(out, v...)
		}
	}
	return out, nil
}

// unpackISO decodes b strictly: every length is checked against what is left, unknown bits
// and trailing bytes are errors. It never panics on any input.
func unpackISO(b []byte) (*isoMessage, error) {
	if len(b) < 10 {
		return nil, fmt.Errorf("%w: %d bytes is shorter than MTI and bitmap", errISO, len(b))
	}
	mti, err := readBCD(b[:2], 4)
	if err != nil {
		return nil, err
	}
	m := newISO(mti)
	bitmap := b[2:10]
	if bitmap[0]&0x80 != 0 {
		return nil, fmt.Errorf("%w: secondary bitmap not supported", errISO)
	}
	pos := 10
	for n := 2; n <= 64; n++ {
		if bitmap[(n-1)/8]&(0x80>>((n-1)%8)) == 0 {
			continue
		}
		spec, ok := isoFields[n]
		if !ok {
			return nil, fmt.Errorf("%w: field %d is not supported", errISO, n)
		}
		length := spec.size
		if spec.prefix > 0 {
			pb := (spec.prefix + 1) / 2
			if pos+pb > len(b) {
				return nil, fmt.Errorf("%w: field %d length cut off", errISO, n)
			}
			ls, err := readBCD(b[pos:pos+pb], pb*2)
			if err != nil {
				return nil, err
			}
			length = 0
			for _, c := range ls {
				length = length*10 + int(c-'0')
			}
			if length > spec.size {
				return nil, fmt.Errorf("%w: field %d length %d over %d", errISO, n, length, spec.size)
			}
			pos += pb
		}
		nb := length
		if spec.format == isoBCD {
			nb = (length + 1) / 2
		}
		if pos+nb > len(b) {
			return nil, fmt.Errorf("%w: field %d cut off", errISO, n)
		}
		raw := b[pos : pos+nb]
		pos += nb
		if spec.format == isoBCD {
			v, err := readBCD(raw, length)
			if err != nil {
				return nil, fmt.Errorf("field %d: %w", n, err)
			}
			m.fields[n] = v
		} else {
			m.fields[n] = string(raw)
		}
	}
	if pos != len(b) {
		return nil, fmt.Errorf("%w: %d bytes after the last field", errISO, len(b)-pos)
	}
	return m, nil
}
