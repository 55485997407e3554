package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// unsafeRune reports whether r must not reach a terminal as it is: the C0 controls but tab and
// newline (ESC starts sequences that clear the screen or set the window title, CR and BS
// overwrite what was printed), DEL, the C1 controls (U+0080–U+009F, some terminals read U+009B
// as CSI) and the bidi controls that reorder what is shown (U+061C, U+200E, U+200F,
// U+202A–U+202E, U+2066–U+2069). Text from an overlay, a terminal or a stored incident may
// hold any of them.
func unsafeRune(r rune) bool {
	switch {
	case r == '\n', r == '\t':
		return false
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// cleanWriter passes text on without the runes unsafeRune names and without escape sequences,
// whole: the parameters and text of a dropped sequence (an OSC window title, a DCS string) go
// with it. The one sequence kept, and only when the writer underneath is a terminal, is SGR
// (ESC [ ... m) with plain colour and weight parameters, which the program itself paints with
// on a terminal (and only there: in a file or a pipe any colour came from the text). Run wraps
// stdout and stderr in one, so no print site can forget. Sequences and UTF-8 characters split
// across writes are handled; it is safe for concurrent use.
type cleanWriter struct {
	mu    sync.Mutex
	w     io.Writer
	tty   bool // w is a terminal: plain SGR sequences are kept
	state cleanState
	part  []byte // an incomplete UTF-8 character at the end of the last write
	seq   []byte // the CSI sequence read so far, while it may still be a kept SGR
	keep  bool   // seq is still a candidate to keep
	out   []byte // reused output buffer
}

type cleanState int

const (
	ground     cleanState = iota // plain text
	escape                       // after ESC
	escInter                     // after ESC and intermediate bytes: a two- or three-byte escape
	csi                          // a control sequence: ESC [ or U+009B, parameters, final byte
	ctrlStr                      // a control string (OSC, DCS, SOS, PM, APC) up to BEL or ST
	ctrlStrEsc                   // ESC inside a control string: ST if a backslash follows
)

// maxSeq bounds a kept SGR sequence; a longer one is dropped.
const maxSeq = 32

func newCleanWriter(w io.Writer) *cleanWriter { return &cleanWriter{w: w, tty: isTerminal(w)} }

// Write cleans p and writes the result. It reports len(p) on success, also when bytes were
// dropped or held back for the next write.
func (c *cleanWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	data := p
	if len(c.part) > 0 {
		data = append(c.part, p...)
		c.part = nil
	}
	c.out = c.out[:0]
	for i := 0; i < len(data); {
		if !utf8.FullRune(data[i:]) {
			c.part = append([]byte(nil), data[i:]...)
			break
		}
		r, n := utf8.DecodeRune(data[i:])
		c.rune(r, data[i:i+n])
		i += n
	}
	if len(c.out) == 0 {
		return len(p), nil
	}
	if _, err := c.w.Write(c.out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// rune feeds one character (raw holds its bytes) through the state machine.
func (c *cleanWriter) rune(r rune, raw []byte) {
	switch c.state {
	case ground:
		switch {
		case r == 0x1b:
			c.state = escape
		case r == 0x9b:
			c.state, c.keep = csi, false
		case r == 0x90, r == 0x98, r == 0x9d, r == 0x9e, r == 0x9f:
			c.state = ctrlStr
		case r == utf8.RuneError && len(raw) == 1:
			c.out = utf8.AppendRune(c.out, utf8.RuneError) // invalid UTF-8: show it as such
		case unsafeRune(r):
		default:
			c.out = append(c.out, raw...)
		}
	case escape:
		switch {
		case r == '[':
			c.state, c.keep, c.seq = csi, c.tty, append(c.seq[:0], 0x1b, '[')
		case r == ']', r == 'P', r == 'X', r == '^', r == '_':
			c.state = ctrlStr
		case r == 0x1b:
		default: // intermediate, final or any other byte: as after an intermediate one
			c.state = escInter
			c.rune(r, raw)
		}
	case escInter:
		switch {
		case r >= 0x20 && r <= 0x2f:
		case r >= 0x30 && r <= 0x7e:
			c.state = ground
		default:
			c.state = ground
			c.rune(r, raw)
		}
	case csi:
		switch {
		case r >= 0x30 && r <= 0x3f: // parameter bytes
			if c.keep && len(c.seq) < maxSeq {
				c.seq = append(c.seq, byte(r))
			} else {
				c.keep = false
			}
		case r >= 0x20 && r <= 0x2f: // intermediate bytes: not a plain SGR
			c.keep = false
		case r >= 0x40 && r <= 0x7e: // final byte
			if c.keep && r == 'm' && plainSGR(string(c.seq[2:])) {
				c.out = append(append(c.out, c.seq...), 'm')
			}
			c.state = ground
		default: // not part of a sequence: drop what was read, then handle r as text
			c.state = ground
			c.rune(r, raw)
		}
	case ctrlStr:
		switch r {
		case 0x07, 0x9c:
			c.state = ground
		case 0x1b:
			c.state = ctrlStrEsc
		case '\n': // a string never spans lines here: an unterminated one must not eat the output
			c.state = ground
			c.out = append(c.out, '\n')
		}
	case ctrlStrEsc:
		if r == '\\' {
			c.state = ground
			return
		}
		c.state = escape
		c.rune(r, raw)
	}
}

// plainSGR reports whether the parameters of an SGR sequence only reset, set weight, italics
// or underline, or choose a foreground colour: what the program paints with. Background
// colours, concealed, blinking and reversed text could hide or fake what is printed.
func plainSGR(params string) bool {
	for _, p := range strings.Split(params, ";") {
		if p == "" {
			continue
		}
		n, err := strconv.Atoi(p)
		if err != nil {
			return false
		}
		switch {
		case n >= 0 && n <= 4, n >= 22 && n <= 24, n >= 30 && n <= 37, n == 39, n >= 90 && n <= 97:
		default:
			return false
		}
	}
	return true
}

// Flush ends the output: an incomplete UTF-8 character left at the end is written as U+FFFD,
// an unfinished escape sequence is dropped.
func (c *cleanWriter) Flush() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.state, c.seq = ground, c.seq[:0]
	if len(c.part) == 0 {
		return nil
	}
	c.part = nil
	_, err := c.w.Write([]byte(string(utf8.RuneError)))
	return err
}

// Sync passes Sync on to the writer underneath, when it has one (sim syncs the device path it
// prints, for scripts that read it).
func (c *cleanWriter) Sync() error {
	if s, ok := c.w.(interface{ Sync() error }); ok {
		return s.Sync()
	}
	return nil
}

// cleanText is s as a cleanWriter would print it, for text whose width is measured before it
// is printed (table columns).
func cleanText(s string) string {
	var b strings.Builder
	cw := newCleanWriter(&b)
	cw.Write([]byte(s)) // a strings.Builder never fails
	cw.Flush()
	return b.String()
}

// writeJSON writes v as indented JSON with every rune unsafeRune names inside a string written
// as its \uXXXX escape (encoding/json already escapes the C0 controls; this adds DEL, C1 and
// bidi controls). The cleaning writer then has nothing to drop: the JSON stays valid and
// decodes to the same values.
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	data := buf.Bytes()
	out := make([]byte, 0, len(data))
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if unsafeRune(r) {
			// outside strings encoding/json writes only newlines and spaces, so r is in a string
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, data[i:i+n]...)
		}
		i += n
	}
	_, err := w.Write(out)
	return err
}
