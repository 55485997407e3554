package pan

import (
	"strings"
	"testing"
	"unicode/utf8"

	"posdoctor/internal/cardtest"
)

// asciiDigits is what a reader sees: every digit form as an ASCII digit, every separator
// (space, dash, dot in any form) dropped, everything else as it is.
func asciiDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if v, ok := digitValue(r); ok {
			b.WriteByte(v)
			continue
		}
		if isSeparator(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// maskCases are the forms issue 9 found unmasked (items 8, 9) or wrongly masked (item 11).
var maskCases = []struct{ name, in, want string }{
	// item 8: digit and space forms of copied or IME-typed text
	{"full-width digits", "卡号" + cardtest.FullWidth("4111111111111111") + "。", "卡号" + cardtest.FullWidth("411111") + "＊＊＊＊＊＊" + cardtest.FullWidth("1111") + "。"},
	{"full-width digits, ideographic spaces", cardtest.FullWidth("4111　1111　1111　1111"), cardtest.FullWidth("4111　11") + "＊＊　＊＊＊＊　" + cardtest.FullWidth("1111")},
	{"no-break spaces", "4111\u00a01111\u00a01111\u00a01111", "4111\u00a011**\u00a0****\u00a01111"},
	{"thin and narrow no-break spaces", "4111\u20091111\u202f1111\u20071111", "4111\u200911**\u202f****\u2007" + "1111"},
	{"dots", "4111.1111.1111.1111", "4111.11**.****.1111"},
	{"full-width dots and dashes", cardtest.FullWidth("4111．1111－1111－1111"), cardtest.FullWidth("4111．11") + "＊＊－＊＊＊＊－" + cardtest.FullWidth("1111")},
	{"double spaces", "4111  1111  1111  1111", "4111  11**  ****  1111"},
	{"tab spaces", "卡号\t4111\t1111\t1111\t1111", "卡号\t4111\t11**\t****\t1111"},
	{"spaced dash spaces", "4111 - 1111 - 1111 - 1111", "4111 - 11** - **** - 1111"},
	{"dot and space", "4111. 1111. 1111. 1111", "4111. 11**. ****. 1111"},
	{"a digit stuck on the end", "41111111111111112", "411111******11112"},
	{"a digit stuck on the front", "94111111111111111", "9411111******1111"},
	{"a digit stuck on the end, both windows pass", "41111111111111117", "411111*******1117"},
	{"a digit stuck on, full-width", cardtest.FullWidth("41111111111111117"), cardtest.FullWidth("411111") + strings.Repeat("＊", 7) + cardtest.FullWidth("1117")},
	{"mixed ASCII and full-width", "4111" + cardtest.FullWidth("1111") + "11111111", "4111" + cardtest.FullWidth("11") + "＊＊****1111"},
	{"other decimal digits (Arabic-Indic)", "\u0664\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661",
		"\u0664\u0661\u0661\u0661\u0661\u0661************\u0661\u0661\u0661\u0661"},
	{"mathematical digits", "𝟒𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏", "𝟒𝟏𝟏𝟏𝟏𝟏" + strings.Repeat("****", 6) + "𝟏𝟏𝟏𝟏"},
	{"full-width time stamp stays", cardtest.FullWidth("20261122045532"), cardtest.FullWidth("20261122045532")},
	{"full-width amount stays", "金额 " + cardtest.FullWidth("88.00") + " 元", "金额 " + cardtest.FullWidth("88.00") + " 元"},
	// item 9: UnionPay numbers without a Luhn check digit
	{"UnionPay 19 digits, no Luhn", "6222021234567890123", "622202*********0123"},
	{"UnionPay 16 digits, no Luhn", "卡 6222021234567800 刷卡失败", "卡 622202******7800 刷卡失败"},
	{"UnionPay spaced, no Luhn", "6222 0212 3456 7890 123", "6222 02** **** ***0 123"},
	{"UnionPay full-width, no Luhn", cardtest.FullWidth("6222021234567890123"), cardtest.FullWidth("622202") + strings.Repeat("＊", 9) + cardtest.FullWidth("0123")},
	{"UnionPay prefix, 15 digits: too short", "622202123456789", "622202123456789"},
	{"UnionPay prefix, 20 digits: too long", "62220212345600000000", "62220212345600000000"},
	{"UnionPay prefix, 12-digit RRN", "rrn 622202123456", "rrn 622202123456"},
	// item 11: a 12-digit serial is not a card number, even next to other digits
	{"Ingenico serial after the model", "Ingenico iCT250 141000015866, TID 29967507", "Ingenico iCT250 141000015866, TID 29967507"},
	{"serial alone", "141000015866", "141000015866"},
	{"PAX serial after the model", "PAX S920 0820000001", "PAX S920 0820000001"},
	{"TID then MID", "29696750 898290054110123", "29696750 898290054110123"},
}

func TestIssue9Item8FullWidthDigits(t *testing.T) { runMaskCases(t, "full-width") }
func TestIssue9Item8UnicodeSpaces(t *testing.T) {
	runMaskCases(t, "spaces")
	runMaskCases(t, "dots")
}
func TestIssue9Item8DigitStuckOn(t *testing.T)       { runMaskCases(t, "stuck") }
func TestIssue9Item8OtherDigitForms(t *testing.T)    { runMaskCases(t, "digits") }
func TestIssue9Item9UnionPayNoLuhn(t *testing.T)     { runMaskCases(t, "UnionPay") }
func TestIssue9Item11SerialNotMasked(t *testing.T)   { runMaskCases(t, "serial", "TID then MID") }
func TestIssue9MaskTableStaysSafe(t *testing.T)      { runMaskCases(t, "") }
func TestIssue9Item8MaskKeepsLength(t *testing.T)    { checkLengthAndUTF8(t) }
func TestIssue9Item8FullWidthCardField(t *testing.T) { checkMaskCardForms(t) }

// runMaskCases runs the cases whose name contains any of the words ("" runs them all).
func runMaskCases(t *testing.T, words ...string) {
	t.Helper()
	ran := 0
	for _, tc := range maskCases {
		match := false
		for _, w := range words {
			match = match || strings.Contains(tc.name, w)
		}
		if !match {
			continue
		}
		ran++
		t.Run(tc.name, func(t *testing.T) {
			if got := MaskText(tc.in); got != tc.want {
				t.Errorf("MaskText(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
			b := []byte(tc.in)
			MaskBytes(b)
			if string(b) != tc.want {
				t.Errorf("MaskBytes(%q)\n got %q\nwant %q", tc.in, b, tc.want)
			}
			if got := MaskText(tc.want); got != tc.want {
				t.Errorf("masking twice changed %q to %q", tc.want, got)
			}
		})
	}
	if ran == 0 {
		t.Fatalf("no case matched %q", words)
	}
}

func checkLengthAndUTF8(t *testing.T) {
	for _, tc := range maskCases {
		got := MaskText(tc.in)
		if len(got) != len(tc.in) {
			t.Errorf("%s: length %d -> %d", tc.name, len(tc.in), len(got))
		}
		if !utf8.ValidString(got) {
			t.Errorf("%s: %q is not valid UTF-8", tc.name, got)
		}
		for _, full := range []string{"4111111111111111", "6222021234567890123", "6222021234567800"} {
			if strings.Contains(asciiDigits(got), full) {
				t.Errorf("%s: %q still holds %s", tc.name, got, full)
			}
		}
	}
}

func checkMaskCardForms(t *testing.T) {
	for in, want := range map[string]string{
		cardtest.FullWidth("6222021234567890123"):     "622202*********0123",
		cardtest.FullWidth("6222 0212 3456 7890 123"): "6222 02** **** ***0 123",
		"6222\u30000212\u30003456\u30007890":          "6222\u300002**\u3000****\u30007890",
		cardtest.FullWidth("622848") + "******1234":   "622848******1234",
	} {
		if got := MaskCard(in); got != want {
			t.Errorf("MaskCard(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIssue9MaskDigits(t *testing.T) {
	for _, tc := range []struct {
		in          string
		first, last int
		want        string
	}{
		{"6222021234567890123", 6, 4, "622202*********0123"},
		{"6222021", 6, 0, "622202*"},
		{"567890123", 0, 4, "*****0123"},
		{cardtest.FullWidth("567890123"), 0, 4, "＊＊＊＊＊" + cardtest.FullWidth("0123")},
		{"62220", 6, 4, "62220"},
	} {
		b := []byte(tc.in)
		MaskDigits(b, tc.first, tc.last)
		if string(b) != tc.want {
			t.Errorf("MaskDigits(%q, %d, %d) = %q, want %q", tc.in, tc.first, tc.last, b, tc.want)
		}
	}
}

// TestDigitForms: every Unicode decimal digit reads as its value (the Nd ranges come in whole
// decades starting at zero), and the compatibility digits NFKC folds read as theirs.
func TestDigitForms(t *testing.T) {
	for r, want := range map[rune]byte{
		'0': '0', '9': '9', '０': '0', '９': '9', '\u0660': '0', '\u0669': '9', '\u0966': '0',
		'𝟎': '0', '𝟗': '9', '𝟘': '0', '𝟡': '9', '𝟿': '9', '²': '2', '⁹': '9', '₀': '0', '①': '1', '⑨': '9',
	} {
		if v, ok := digitValue(r); !ok || v != want {
			t.Errorf("digitValue(%U) = %q, %v; want %q", r, v, ok, want)
		}
	}
	for _, r := range []rune{'a', '*', '＊', ' ', '\u3000', '⑩', 'Ⅻ'} {
		if _, ok := digitValue(r); ok {
			t.Errorf("digitValue(%U) reads as a digit", r)
		}
	}
}
