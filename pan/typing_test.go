package pan

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMaskTyping(t *testing.T) {
	for _, c := range []struct{ in, done, want string }{
		{"", "", ""},
		{"卡号 622202", "", "卡号 622202"},
		{"tel 13 1234", "", "tel 13 1234"},
		{"卡号 6222021", "", "卡号 622202*"},
		{"6222 0212 3456 789", "", "6222 02** **** ***"},
		{"6222 0212 3456 7894", "", "6222 02** **** ****"},
		{"6222-0212.3456  7894", "", "6222-02**.****  ****"},
		{"６２２２０２１２３４", "", "６２２２０２＊＊＊＊"},
		{"4000\u200b0566 5566", "", "4000\u200b05** ****"},
		{"iCT250 141000015866", "", "iCT250 141*********"}, // a model's digits and a serial: one run while typed
		{"电话 13812345678，序列号 141000015866", "", "电话 138123*****，序列号 141000******"},
		{"tel 138 1234", "", "tel 138 123*"},
		{"SN 141000015866 then 6222021", "SN 141000015866", "SN 141000015866 then 622202*"}, // finished runs stay
		{"SN 141000015866 then", "SN 1410000158", "SN 141000****** then"},                   // a finished run that grew is typed again
		{"2026-03-05 10:20 ok", "", "2026-03-** **:20 ok"},
		{"1 2 3 4 5 6 7 8", "", "1 2 3 4 5 6 * *"},
		{"12    3456789", "", "12    345678*"}, // four spaces part two runs
	} {
		got := MaskTyping(c.in, c.done)
		if got != c.want {
			t.Errorf("MaskTyping(%q, %q) = %q, want %q", c.in, c.done, got, c.want)
		}
		if len(got) != len(c.in) {
			t.Errorf("MaskTyping(%q) changed the length", c.in)
		}
	}
}

// TestMaskTypingEveryPrefix: typing a card number one character at a time, in every way it is
// written, no saved version and the finished number masked show together more than its first
// 6 and last 4 digits.
func TestMaskTypingEveryPrefix(t *testing.T) {
	for _, card := range []string{"4000056655665556", "6222021234567890128", "6222021234567894", "378282246310005"} {
		for _, written := range []string{card, group(card, 4, " "), group(card, 4, "-"), group(card, 6, " "), toFullWidth(card)} {
			seen := map[int]bool{} // positions of card digits shown by some version
			note := func(text string) {
				digits := 0
				for _, r := range text {
					if v, ok := digitValue(r); ok {
						_ = v
						seen[digits] = true
						digits++
					} else if r == '*' || r == '＊' {
						digits++
					}
				}
			}
			text := "顾客卡号 "
			for _, r := range written {
				text += string(r)
				note(strings.TrimPrefix(MaskTyping(text, ""), "顾客卡号 "))
			}
			note(strings.TrimPrefix(MaskText(text), "顾客卡号 "))
			n := utf8.RuneCountInString(card)
			for pos := range seen {
				if pos >= 6 && pos < n-4 {
					t.Errorf("%q typed: digit %d shown by some version", written, pos+1)
				}
			}
		}
	}
}

func group(s string, n int, sep string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%n == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}

func toFullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r - '0' + '０')
	}
	return b.String()
}

func FuzzMaskTyping(f *testing.F) {
	for _, s := range []string{"6222 0212 3456 789", "iCT250 141000015866", "4000\u200b0566 5566", "６２２２０２１２３４"} {
		f.Add(s, "")
	}
	f.Fuzz(func(t *testing.T, s, done string) {
		got := MaskTyping(s, done)
		if len(got) != len(s) {
			t.Fatalf("length changed: %q → %q", s, got)
		}
		if MaskTyping(got, done) != got {
			t.Fatalf("not idempotent: %q → %q", s, got)
		}
		for _, r := range typedRuns(got) {
			if !strings.Contains(done, got[r.start:r.end]) {
				t.Fatalf("%q keeps a run of %d digits: %q", s, len(r.digits), got)
			}
		}
	})
}
