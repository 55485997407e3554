package serialio

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Field is one NAME=VALUE of a message. NAMEs may repeat (records such as REC and EVT).
type Field struct {
	Name  string
	Value string
}

// Message is the DATA of one frame: CMD, SEQ and fields (PROTOCOL.md §4).
type Message struct {
	Cmd    Command // two upper-case ASCII letters
	Seq    int     // 1-9999
	Fields []Field
}

// ErrMessage is the cause of every MessageError.
var ErrMessage = errors.New("malformed TML/1 message")

// MessageError says what is wrong with a message's bytes and where.
type MessageError struct {
	Offset int
	Reason string
}

func (e *MessageError) Error() string {
	return fmt.Sprintf("malformed TML/1 message at byte %d: %s", e.Offset, e.Reason)
}

func (e *MessageError) Unwrap() error { return ErrMessage }

// Get returns the value of the first field called name, and whether there was one.
func (m Message) Get(name string) (string, bool) {
	for _, f := range m.Fields {
		if f.Name == name {
			return f.Value, true
		}
	}
	return "", false
}

// Value returns the first field called name, or "".
func (m Message) Value(name string) string {
	v, _ := m.Get(name)
	return v
}

// All returns the values of every field called name, in order.
func (m Message) All(name string) []string {
	var out []string
	for _, f := range m.Fields {
		if f.Name == name {
			out = append(out, f.Value)
		}
	}
	return out
}

// RC is the value of the first field when it is RC (every response's first field, §4).
func (m Message) RC() string {
	if len(m.Fields) > 0 && m.Fields[0].Name == "RC" {
		return m.Fields[0].Value
	}
	return ""
}

func (m Message) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %04d", m.Cmd, m.Seq)
	for _, f := range m.Fields {
		b.WriteString(" ")
		b.WriteString(f.Name)
		b.WriteString("=")
		b.WriteString(strings.ReplaceAll(f.Value, string(US), "|"))
	}
	return b.String()
}

// NextSeq returns the SEQ after s: one higher, wrapping 9999 to 0001 (§4).
func NextSeq(s int) int {
	if s >= 9999 || s < 1 {
		return 1
	}
	return s + 1
}

// ValidCmd reports whether s is two upper-case ASCII letters.
func ValidCmd(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// ValidName reports whether s is a field NAME: [A-Z][A-Z0-9_]{0,15}.
func ValidName(s string) bool {
	if len(s) < 1 || len(s) > 16 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// validValue returns the offset of the first bad byte of v, or -1: a VALUE is UTF-8 with no
// byte below 0x20 except US.
func validValue(v []byte) (int, string) {
	for i := 0; i < len(v); {
		c := v[i]
		if c < 0x20 && c != US {
			return i, fmt.Sprintf("control byte 0x%02X in a value", c)
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(v[i:])
		if r == utf8.RuneError && size <= 1 {
			return i, "value is not valid UTF-8"
		}
		i += size
	}
	return -1, ""
}

// AppendMessage appends m's encoding to dst. It refuses what a peer could not parse.
func AppendMessage(dst []byte, m Message) ([]byte, error) {
	if !m.Cmd.Valid() {
		return dst, fmt.Errorf("encode message: CMD %q is not two upper-case letters: %w", m.Cmd, ErrMessage)
	}
	if m.Seq < 1 || m.Seq > 9999 {
		return dst, fmt.Errorf("encode message: SEQ %d is not 1-9999: %w", m.Seq, ErrMessage)
	}
	dst = append(dst, m.Cmd...)
	dst = append(dst, byte('0'+m.Seq/1000), byte('0'+m.Seq/100%10), byte('0'+m.Seq/10%10), byte('0'+m.Seq%10))
	for _, f := range m.Fields {
		if !ValidName(f.Name) {
			return dst, fmt.Errorf("encode message: field name %q: %w", f.Name, ErrMessage)
		}
		if off, why := validValue([]byte(f.Value)); off >= 0 {
			return dst, fmt.Errorf("encode message: field %s: %s: %w", f.Name, why, ErrMessage)
		}
		dst = append(dst, FS)
		dst = append(dst, f.Name...)
		dst = append(dst, '=')
		dst = append(dst, f.Value...)
	}
	return dst, nil
}

// EncodeMessage returns m's encoding.
func EncodeMessage(m Message) ([]byte, error) {
	return AppendMessage(nil, m)
}

// ParseMessage decodes the DATA of a frame. Everything in it is untrusted: any fault is a
// *MessageError naming the offset.
func ParseMessage(data []byte) (Message, error) {
	var m Message
	if len(data) < 6 {
		return m, &MessageError{len(data), "shorter than CMD and SEQ"}
	}
	cmd := Command(data[:2])
	if !cmd.Valid() {
		return m, &MessageError{0, fmt.Sprintf("CMD %q is not two upper-case letters", cmd)}
	}
	for i := 2; i < 6; i++ {
		if data[i] < '0' || data[i] > '9' {
			return m, &MessageError{i, "SEQ is not 4 digits"}
		}
	}
	seq, _ := strconv.Atoi(string(data[2:6]))
	if seq == 0 {
		return m, &MessageError{2, "SEQ 0000 is out of range"}
	}
	m.Cmd, m.Seq = cmd, seq
	rest := data[6:]
	off := 6
	if len(rest) > 0 && rest[0] != FS {
		return Message{}, &MessageError{off, "expected FS after SEQ"}
	}
	for len(rest) > 0 {
		rest, off = rest[1:], off+1 // the FS
		end := bytes.IndexByte(rest, FS)
		if end < 0 {
			end = len(rest)
		}
		field := rest[:end]
		eq := bytes.IndexByte(field, '=')
		if eq < 0 {
			return Message{}, &MessageError{off, "field has no '='"}
		}
		name := string(field[:eq])
		if !ValidName(name) {
			return Message{}, &MessageError{off, fmt.Sprintf("field name %q is not [A-Z][A-Z0-9_]{0,15}", name)}
		}
		if bad, why := validValue(field[eq+1:]); bad >= 0 {
			return Message{}, &MessageError{off + eq + 1 + bad, fmt.Sprintf("field %s: %s", name, why)}
		}
		m.Fields = append(m.Fields, Field{name, string(field[eq+1:])})
		rest, off = rest[end:], off+end
	}
	return m, nil
}

// SplitUnits splits a record value at US (§4).
func SplitUnits(v string) []string { return strings.Split(v, string(US)) }

// JoinUnits joins record units with US.
func JoinUnits(units ...string) string { return strings.Join(units, string(US)) }
