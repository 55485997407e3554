package pan

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLuhn(t *testing.T) {
	for in, want := range map[string]bool{
		"4111111111111111": true, "4111111111111112": false, "6222021234567890128": true,
		"79927398713": true, "0": true, "": false,
	} {
		if got := Luhn([]byte(in)); got != want {
			t.Errorf("Luhn(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestMaskText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"card 4111111111111111 declined", "card 411111******1111 declined"},
		{"4111 1111 1111 1111", "4111 11** **** 1111"},
		{"4111-1111-1111-1111", "4111-11**-****-1111"},
		{"6222021234567890128", "622202*********0128"},
		{"4111111111111112", "4111111111111112"}, // fails Luhn: not a card
		{"20261122045532", "20261122045532"},     // a time stamp, even if it passed Luhn
		{"trace 000123 rrn 123456789012", "trace 000123 rrn 123456789012"},
		{"622848******1234", "622848******1234"},             // already masked
		{"4111  1111 1111 1111", "4111  11** **** 1111"},     // two spaces still join groups (issue 9 item 8)
		{"4111   1111 1111 1111", "4111   11** **** 1111"},   // three join, as " - " does
		{"4111    1111 1111 1111", "4111    1111 1111 1111"}, // four break the run
	} {
		if got := MaskText(tc.in); got != tc.want {
			t.Errorf("MaskText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMaskGluedPAN(t *testing.T) {
	// a PAN glued to other digits: every Luhn-valid window is hidden, so more may go, never less
	got := MaskText("x4111111111111111999999y")
	if strings.Contains(got, "4111111111111111") || !strings.HasPrefix(got, "x411111*") || len(got) != 24 {
		t.Fatalf("MaskText = %q", got)
	}
}

// TestMaskLeaksFound: cases a review found slipping through; none may keep a full PAN.
func TestMaskLeaksFound(t *testing.T) {
	for _, in := range []string{
		"No 5 4111 1111 1111 1111",
		"4111 1111 1111 1111 7",
		"12 4111-1111-1111-1111",
		"9" + "6222021234567890128",
	} {
		got := MaskText(in)
		flat := strings.NewReplacer(" ", "", "-", "").Replace(got)
		if strings.Contains(flat, "4111111111111111") || strings.Contains(flat, "6222021234567890128") {
			t.Errorf("MaskText(%q) = %q keeps the card number", in, got)
		}
	}
}

func TestMaskCard(t *testing.T) {
	for in, want := range map[string]string{
		"6222021234567890128": "622202*********0128",
		"622848******1234":    "622848******1234",
		"1234567890":          "1234567890",
		"":                    "",
	} {
		if got := MaskCard(in); got != want {
			t.Errorf("MaskCard(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzMaskText: masking never changes the length, keeps valid UTF-8 valid, never leaves a run
// of digits (of any form) that is Luhn-valid with 13-19 digits (other than a time stamp) or a
// UnionPay number of 16-19 digits, and is idempotent.
func FuzzMaskText(f *testing.F) {
	for _, s := range []string{"4111111111111111", "4111 1111 1111 1111", "a6222021234567890128b", "20261122045532",
		"６２２２０２１２３４５６７８９０１２３", "4111\u30001111\u00a01111.1111", "4111  1111--1111 1111", "41111111111111117",
		"Ingenico iCT250 141000015866", "6222021234567800 0000", "6222022222222222222241111111111111111",
		"4111\u200b1111\u200b1111\u200b1111", "4111\x1b[0m1111\x1b[0m1111\x1b[0m1111", "4\u03011111111111111\u0301111"} {
		f.Add(s)
	}
	for _, tc := range maskCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := MaskText(s)
		if len(m) != len(s) {
			t.Fatalf("length changed: %q -> %q", s, m)
		}
		if utf8.ValidString(s) && !utf8.ValidString(m) {
			t.Fatalf("UTF-8 broken: %q -> %q", s, m)
		}
		if MaskText(m) != m {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, m, MaskText(m))
		}
		// read as it is, and as a terminal shows it (what shows as nothing left out)
		for _, hide := range []int{hideNothing, hideText} {
			var run []byte
			check := func() {
				n := len(run)
				if n >= 13 && n <= 19 && Luhn(run) && !isTimestamp(run) || n >= 16 && n <= 19 && run[0] == '6' && run[1] == '2' {
					t.Fatalf("unmasked card number %q left in %q", run, m)
				}
				run = run[:0]
			}
			seen := unseen{hide: hide}
			for _, r := range m {
				if seen.hides(r) {
					continue
				}
				if v, ok := digitValue(r); ok {
					run = append(run, v)
					continue
				}
				check()
			}
			check()
		}
	})
}

// TestMaskUnseenSeparators: characters that show as nothing between the groups of a card
// number (a zero-width space pasted from a web page, a bidi mark, an escape sequence the
// command line's cleaner drops, a carriage return) leave a whole card number on the screen or
// in the workbook, so they join the groups as if they were not there.
func TestMaskUnseenSeparators(t *testing.T) {
	const card, want = "4000056655665556", "400005******5556"
	for name, sep := range map[string]string{
		"zero-width space": "\u200b", "zero-width joiner": "\u200d", "word joiner": "\u2060",
		"byte-order mark": "\ufeff", "soft hyphen": "\u00ad", "left-to-right mark": "\u200e",
		"bidi embedding": "\u202a", "bidi isolate": "\u2066\u2069", "NEL (C1)": "\u0085",
		"SGR": "\x1b[0m", "CSI with digits": "\x1b[12;34H", "C1 CSI": "\u009b1m", "OSC title": "\x1b]0;55\x07",
		"OSC ended by ST": "\x1b]8;;x\x1b\\", "NUL": "\x00", "carriage return": "\r", "BEL": "\x07", "DEL": "\x7f",
		"space and zero-width space": " \u200b",
	} {
		t.Run(name, func(t *testing.T) {
			in := "card " + card[:4] + sep + card[4:8] + sep + card[8:12] + sep + card[12:] + " ok"
			got := MaskText(in)
			if shown := strings.ReplaceAll(got, sep, ""); shown != "card "+want+" ok" {
				t.Errorf("MaskText(%q) = %q: shows %q", in, got, shown)
			}
			if len(got) != len(in) || MaskText(got) != got {
				t.Errorf("MaskText(%q) = %q: length or idempotence broken", in, got)
			}
		})
	}
	t.Run("combining marks", func(t *testing.T) {
		for _, mark := range []string{"\u0301", "\ufe0f", "\u20e3"} {
			in := ""
			for _, d := range card {
				in += string(d) + mark
			}
			if shown := strings.ReplaceAll(MaskText(in), mark, ""); shown != want {
				t.Errorf("MaskText(%q) shows %q", in, shown)
			}
		}
	})
	// what does show still parts numbers as before
	for _, in := range []string{"4000\n0566\n5566\n5556", "4000    0566 5566 5556"} {
		if got := MaskText(in); got != in {
			t.Errorf("MaskText(%q) = %q, want it unchanged", in, got)
		}
	}
	// on raw bytes of the link, the control bytes of TML/1 still end the fields they bound
	raw := []byte("4000\x1c0566\x1f5566\x035556")
	if MaskBytes(raw) != 0 {
		t.Errorf("MaskBytes joined fields across FS, US and ETX: %q", raw)
	}
	// a MID beside a digit is no MID, with a zero-width space between them too
	if got := MaskTextKeepingMID("MID "+luhnMID+"\u200b8", luhnMID); strings.Contains(got, luhnMID) {
		t.Errorf("MaskTextKeepingMID kept the MID glued to a digit: %q", got)
	}
	if got := MaskTextKeepingMID("MID "+luhnMID+"\u200b, 超市", luhnMID); !strings.Contains(got, luhnMID) {
		t.Errorf("MaskTextKeepingMID masked the MID: %q", got)
	}
}
