package serialio

import (
	"fmt"
	"strconv"
	"strings"
)

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

// controlName names the control bytes that stand alone on the line, outside frames (ENQ,
// ACK, NAK, EOT: PROTOCOL.md §3), or writes b in hex.
func controlName(b byte) string {
	switch b {
	case ENQ:
		return "ENQ"
	case ACK:
		return "ACK"
	case NAK:
		return "NAK"
	case EOT:
		return "EOT"
	}
	return fmt.Sprintf("0x%02X", b)
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
			return nil, &HexError{Token: tok}
		}
		for i := 0; i < len(h); i += 2 {
			b, err := strconv.ParseUint(h[i:i+2], 16, 8)
			if err != nil {
				return nil, &HexError{Token: tok}
			}
			out = append(out, byte(b))
		}
	}
	if len(out) == 0 {
		return nil, &HexError{}
	}
	return out, nil
}

// HexError is what ParseHex refuses: Token, a part that is no hex byte nor a control byte's
// name, or nothing to send at all (Token ""). Front ends say it in their reader's language.
type HexError struct {
	Token string // as typed
}

func (e *HexError) Error() string {
	if e.Token == "" {
		return "no bytes to send: type hex pairs (05, 02 00 06 …) or names (ENQ)"
	}
	return fmt.Sprintf("%q is not hex bytes: give two hex digits a byte (05, 0205) or a name (STX, ENQ)", e.Token)
}

func controlByName(s string) (byte, bool) {
	for _, b := range []byte{STX, ETX, EOT, ENQ, ACK, NAK, FS, US} {
		if strings.EqualFold(s, ControlName(b)) {
			return b, true
		}
	}
	return 0, false
}
