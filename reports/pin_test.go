package reports

import (
	"strings"
	"testing"
)

// TestTypedPINsRemoved: a PIN or password a person wrote into a note, a symptom or an action
// ("商户说密码是 123456") is removed, whatever the word's case or the digits' width; digits that
// are no PIN (a count, a code, a PIN pad) stay.
func TestTypedPINsRemoved(t *testing.T) {
	for in, want := range map[string]string{
		"pin 1234":                    "pin ****",
		"PIN: 0000, card declined":    "PIN: ****, card declined",
		"商户说密码是 123456":               "商户说密码是 ******",
		"主管密碼：８８８８":                   "主管密碼：＊＊＊＊",
		"pwd=20260101 then reboot":    "pwd=******** then reboot",
		"PIN码 9999":                   "PIN码 ****",
		"the password is 654321":      "the password is ******",
		"PIN was 4321":                "PIN was ****",
		"PIN1234":                     "PIN****",
		"pin: 12 34":                  "pin: ** **",
		"密码 1234 5678":                "密码 **** ****",
		"pinyin 1234":                 "pinyin 1234",             // another word
		"password 12":                 "password 12",             // too short for a PIN
		"密码错误 55 次":                   "密码错误 55 次",               // a count after other words
		"PIN pad 2 keys":              "PIN pad 2 keys",          // no digits after the word
		"spin 1234 rpm":               "spin 1234 rpm",           // not the word
		"口令 1234567890123 (13 位)":     "口令 1234567890123 (13 位)", // longer than a PIN: a number, not a PIN
		"TID 12345678, code 55, 1234": "TID 12345678, code 55, 1234",
	} {
		if got := CleanText(in); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
	}
	inc := &Incident{Notes: "商户说 pin 4321", Symptom: "密码 0000 被拒", Actions: []Action{{What: "reset password 778899"}}}
	c := inc.Sanitize()
	for _, s := range []string{c.Notes, c.Symptom, c.Actions[0].What} {
		if strings.ContainsAny(s, "0123456789") || !strings.Contains(s, "****") {
			t.Errorf("a typed PIN was kept: %q", s)
		}
	}
}
