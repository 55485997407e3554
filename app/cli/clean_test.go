package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestIssue9Item17UnsafeRune(t *testing.T) {
	tests := []struct {
		r    rune
		drop bool
	}{
		{'a', false}, {' ', false}, {'\n', false}, {'\t', false}, {'~', false},
		{'中', false}, {'é', false}, {'—', false}, {'⚠', false}, {0xFEFF, false}, {0xFFFD, false},
		{0x00, true}, {0x07, true}, {0x08, true}, {'\r', true}, {0x0b, true}, {0x0c, true},
		{0x1b, true}, {0x1f, true}, {0x7f, true},
		{0x80, true}, {0x85, true}, {0x9b, true}, {0x9c, true}, {0x9d, true}, {0x9f, true}, {0xa0, false},
		{0x061c, true}, {0x200e, true}, {0x200f, true}, {0x200d, false},
		{0x202a, true}, {0x202b, true}, {0x202c, true}, {0x202d, true}, {0x202e, true}, {0x202f, false},
		{0x2066, true}, {0x2067, true}, {0x2068, true}, {0x2069, true}, {0x206a, false},
	}
	for _, tt := range tests {
		if got := unsafeRune(tt.r); got != tt.drop {
			t.Errorf("unsafeRune(%U) = %v, want %v", tt.r, got, tt.drop)
		}
	}
}

func TestIssue9Item17CleanWriter(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		want      string // written to a file or a pipe
		wantOnTTY string // written to a terminal
	}{
		{"plain", "03  无效商户 · Invalid\tmerchant\n", "03  无效商户 · Invalid\tmerchant\n", ""},
		{"clear screen", "a\x1b[2J\x1b[Hb", "ab", ""},
		{"window title BEL", "\x1b]0;title\ax", "x", ""},
		{"window title ST", "\x1b]2;title\x1b\\x", "x", ""},
		{"unterminated OSC stops at the line", "\x1b]0;title\nnext", "\nnext", ""},
		{"DCS", "\x1bP1$r\x1b\\ok", "ok", ""},
		{"CR fakes a line", "paid\rREFUND", "paidREFUND", ""},
		{"backspace", "ab\b\bcd", "abcd", ""},
		{"bidi", "abc\u202eexe.txt\u202c \u2066x\u2069 \u200f\u061c", "abcexe.txt x ", ""},
		{"C1 CSI", "a\u009b2Jb\u0085c", "abc", ""},
		{"C1 OSC", "a\u009d0;t\u009cb", "ab", ""},
		{"two-byte escapes", "a\x1bcb\x1b(Bc\x1b7d", "abcd", ""},
		{"DEL and NUL", "a\x7fb\x00c", "abc", ""},
		{"invalid UTF-8", "a\xffb", "a\uFFFDb", ""},
		{"colour", "\x1b[31mred\x1b[0m \x1b[33m\x1b[1mbold\x1b[0m", "red bold", "\x1b[31mred\x1b[0m \x1b[33m\x1b[1mbold\x1b[0m"},
		{"hiding colours", "\x1b[8mhidden\x1b[7mrev\x1b[30;40mblack\x1b[38;5;16mx\x1b[?25l", "hiddenrevblackx", ""},
		{"cursor moves", "\x1b[1A\x1b[2K\x1b[10;10Hx", "x", ""},
		{"sequence cut by text", "\x1b[31\u4e2dz", "\u4e2dz", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, tty := range []bool{false, true} {
				want := tt.want
				if tty && tt.wantOnTTY != "" {
					want = tt.wantOnTTY
				}
				// whole, and split at every byte (sequences and characters cut across writes)
				for _, split := range []bool{false, true} {
					var b bytes.Buffer
					cw := &cleanWriter{w: &b, tty: tty}
					if split {
						for i := 0; i < len(tt.in); i++ {
							if n, err := cw.Write([]byte{tt.in[i]}); n != 1 || err != nil {
								t.Fatalf("Write = %d, %v", n, err)
							}
						}
					} else if n, err := cw.Write([]byte(tt.in)); n != len(tt.in) || err != nil {
						t.Fatalf("Write = %d, %v", n, err)
					}
					cw.Flush()
					if b.String() != want {
						t.Errorf("tty %v split %v: %q → %q, want %q", tty, split, tt.in, b.String(), want)
					}
				}
			}
		})
	}
}

func TestIssue9Item17CleanWriterFlush(t *testing.T) {
	var b bytes.Buffer
	cw := newCleanWriter(&b)
	cw.Write([]byte("ok\xe4\xb8")) // a character cut off at the end
	cw.Flush()
	if b.String() != "ok\uFFFD" {
		t.Errorf("flushed %q, want the cut character shown as U+FFFD", b.String())
	}
}

func TestIssue9Item17WriteJSON(t *testing.T) {
	v := map[string]string{"title": "\x1b]0;t\a\u202eabc\u009b\x7f\r\n\t<&> 中文"}
	var raw bytes.Buffer
	if err := writeJSON(&raw, v); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	cw := newCleanWriter(&b)
	cw.Write(raw.Bytes())
	cw.Flush()
	if b.String() != raw.String() {
		t.Errorf("the cleaner changed writeJSON's output:\n%q\n%q", raw.String(), b.String())
	}
	for _, r := range b.String() {
		if unsafeRune(r) {
			t.Errorf("JSON output holds %U", r)
		}
	}
	var got map[string]string
	if err := json.Unmarshal(b.Bytes(), &got); err != nil || got["title"] != v["title"] {
		t.Errorf("JSON decodes to %q, %v; want %q", got["title"], err, v["title"])
	}
	if !strings.Contains(b.String(), `\u202e`) || !strings.Contains(b.String(), "<&> 中文") {
		t.Errorf("want bidi escaped and other text as it is: %s", b.String())
	}
}
