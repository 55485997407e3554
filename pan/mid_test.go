package pan

import (
	"strings"
	"testing"

	"posdoctor/internal/cardtest"
)

// Numbers of the MID tests: a MID that passes Luhn (one in ten does), and card numbers that may
// be found in a MID field.
const (
	luhnMID   = "898290054117413"     // 15 digits, Luhn-valid: a MID all the same
	plainMID  = "898290054117411"     // fails Luhn: never masked anyway
	amex15    = "378282246310005"     // American Express: 15 digits, Luhn-valid
	unionPay  = "6222021234567800"    // UnionPay, 16 digits, no Luhn check digit
	unionLuhn = "6222021234567894"    // UnionPay, 16 digits, Luhn-valid
	visa16    = "4111111111111111"    // 16 digits, Luhn-valid
	union19   = "6222021234567890128" // UnionPay, 19 digits
)

func TestMIDsAreLuhnValid(t *testing.T) {
	for _, n := range []string{luhnMID, amex15, unionLuhn, visa16, union19} {
		if !Luhn([]byte(n)) {
			t.Fatalf("%s fails Luhn: the tests below need it to pass", n)
		}
	}
	if Luhn([]byte(plainMID)) {
		t.Fatalf("%s passes Luhn", plainMID)
	}
	// the bug: context-free masking takes a Luhn-valid MID for a card number
	if MaskText(luhnMID) == luhnMID {
		t.Fatalf("MaskText(%s) keeps it: the MID tests test nothing", luhnMID)
	}
}

func TestKeepMID(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		keep        bool
	}{
		{"MID", luhnMID, true},
		{"mid", luhnMID, true},
		{"MID", plainMID, true},
		{"MID", amex15, false},                      // a card number, whatever the field
		{"MID", "348282246310005", false},           // the other American Express prefix
		{"MID", unionPay, false},                    // 16 digits
		{"MID", union19, false},                     // 19 digits
		{"MID", luhnMID + "0", false},               // 16 digits
		{"MID", luhnMID[:14], false},                // 14 digits
		{"MID", " " + luhnMID, false},               // a space around it
		{"MID", luhnMID + "\n", false},              // a line end after it
		{"MID", "898290 054117413", false},          // a separator inside
		{"MID", "8982-9005-4117-413", false},        // dashes
		{"MID", cardtest.FullWidth(luhnMID), false}, // full-width digits
		{"MID", "89829005411741A", false},           // a letter
		{"Mid", luhnMID, false},                     // the field names are MID and mid
		{"MERCHANT_MID", luhnMID, false},            // another field
		{"TID", luhnMID, false},                     // another field
		{"MNAME", luhnMID, false},                   // another field
		{"", luhnMID, false},                        // no field
	} {
		if got := KeepMID(tc.name, tc.value); got != tc.keep {
			t.Errorf("KeepMID(%q, %q) = %v, want %v", tc.name, tc.value, got, tc.keep)
		}
	}
}

func TestMaskField(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"MID", luhnMID, luhnMID},
		{"mid", luhnMID, luhnMID},
		{"MID", amex15, "378282*****0005"},
		{"MID", unionPay, "622202******7800"},
		{"MID", visa16, "411111******1111"},
		{"MID", "MID " + luhnMID, "MID 898290*****7413"}, // not the value alone
		{"SN", luhnMID, "898290*****7413"},
		{"MNAME", "超市 " + luhnMID, "超市 898290*****7413"},
	} {
		if got := MaskField(tc.name, tc.in); got != tc.want {
			t.Errorf("MaskField(%q, %q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

// frame is the DATA of an ST response with mid in its MID field and mname in MNAME, between
// STX, a length and ETX, LRC (their values do not matter here).
func frame(mid, mname string) string {
	return "\x02\x03\x38ST0042\x1cRC=00\x1cSN=0828024224\x1cTID=58201458\x1cMID=" + mid + "\x1cMNAME=" + mname + "\x1cBATCH=000628\x03\xed"
}

func TestMaskFrameBytes(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"a Luhn-valid MID stays", frame(luhnMID, "超市"), frame(luhnMID, "超市")},
		{"a MID last in DATA", "ST0042\x1cRC=00\x1cMID=" + luhnMID + "\x03", "ST0042\x1cRC=00\x1cMID=" + luhnMID + "\x03"},
		{"a card in the MNAME next to it", frame(luhnMID, "卡"+visa16), frame(luhnMID, "卡411111******1111")},
		{"a MID-like number in MNAME", frame(luhnMID, luhnMID), frame(luhnMID, "898290*****7413")},
		{"Amex in MID", frame(amex15, "超市"), frame("378282*****0005", "超市")},
		{"UnionPay 16 in MID", frame(unionPay, "超市"), frame("622202******7800", "超市")},
		{"Luhn UnionPay 16 in MID", frame(unionLuhn, "超市"), frame("622202******7894", "超市")},
		{"MID= and 16 digits", frame(visa16, "超市"), frame("411111******1111", "超市")},
		{"MID= and 19 digits", frame(union19, "超市"), frame("622202*********0128", "超市")},
		{"a spaced MID", frame("898290 054117413", "超市"), frame("898290 054117413", "超市")}, // two groups of more than 6: no card
		{"MID= inside another value", "\x1cEVT=20260305101500\x1fH1\x1fMID=" + luhnMID + "\x1c", "\x1cEVT=20260305101500\x1fH1\x1fMID=898290*****7413\x1c"},
		{"MID= inside a text value", "\x1cTEXT=MID=" + luhnMID + "\x1c", "\x1cTEXT=MID=898290*****7413\x1c"},
		{"MID cut off at the end", "\x1cMID=" + luhnMID, "\x1cMID=898290*****7413"},
		{"MID cut off at the start", "MID=" + luhnMID + "\x1c", "MID=898290*****7413\x1c"},
		{"a unit after the MID", "\x1cMID=" + luhnMID + "\x1f1\x1c", "\x1cMID=898290*****7413\x1f1\x1c"},
		{"another frame after the MID", "\x1cMID=" + luhnMID + "\x02", "\x1cMID=898290*****7413\x02"},
		{"lower-case mid is no TML/1 name", "\x1cmid=" + luhnMID + "\x1c", "\x1cmid=898290*****7413\x1c"},
		{"two MIDs", "\x1cMID=" + luhnMID + "\x1cMID=" + luhnMID + "\x03", "\x1cMID=" + luhnMID + "\x1cMID=" + luhnMID + "\x03"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := []byte(tc.in)
			n := MaskFrameBytes(b)
			if string(b) != tc.want {
				t.Errorf("MaskFrameBytes(%q)\n got %q\nwant %q", tc.in, b, tc.want)
			}
			if want := strings.Count(tc.want, "*") - strings.Count(tc.in, "*"); n != want {
				t.Errorf("MaskFrameBytes(%q) = %d, masked %d", tc.in, n, want)
			}
			if again := []byte(tc.want); MaskFrameBytes(again) != 0 {
				t.Errorf("masking twice changed %q to %q", tc.want, again)
			}
		})
	}
}

// luhnMID2 is another 15-digit number that passes Luhn: a card's, planted in a value.
const luhnMID2 = "622848012345674"

// message is an ST response as serialio's Message.String writes it.
func message(mid, mname string) string {
	return "ST 0042 RC=00 SN=0828024224 TID=58201458 MID=" + mid + " MNAME=" + mname + " BATCH=000628"
}

func TestMaskMessageText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"a Luhn-valid MID stays", message(luhnMID, "超市"), message(luhnMID, "超市")},
		{"a MID last", "ST 0042 RC=00 MID=" + luhnMID, "ST 0042 RC=00 MID=" + luhnMID},
		{"a card in the MNAME next to it", message(luhnMID, "卡 "+visa16), message(luhnMID, "卡 411111******1111")},
		{"a MID-like number in MNAME", message(luhnMID, luhnMID), message(luhnMID, "898290*****7413")},
		{"Amex in MID", message(amex15, "超市"), message("378282*****0005", "超市")},
		{"UnionPay 16 in MID", message(unionPay, "超市"), message("622202******7800", "超市")},
		{"MID= and 16 digits", message(visa16, "超市"), message("411111******1111", "超市")},
		{"MID= and 19 digits", message(union19, "超市"), message("622202*********0128", "超市")},
		{"MID= with a unit after it", "EL 0042 MID=" + luhnMID + "|1 MORE=N", "EL 0042 MID=898290*****7413|1 MORE=N"},
		{"MID= with text after it", "EV 0042 TEXT=MID=" + luhnMID + " is wrong", "EV 0042 TEXT=MID=898290*****7413 is wrong"},
		{"MID= inside a value", "EV 0042 TEXT=MID=" + luhnMID + " CODE=H1", "EV 0042 TEXT=MID=898290*****7413 CODE=H1"},
		{"MID= at the start", "MID=" + luhnMID, "MID=898290*****7413"},
		{"free text", "商户号 " + luhnMID, "商户号 898290*****7413"},
		// the text form does not escape values: a value holding " MID=" keeps no number whole
		{"a card after MID= in MNAME", message(luhnMID, "Shop MID="+luhnMID2), message("898290*****7413", "Shop MID=622848*****5674")},
		{"a card after MID= in an event", "EV 0003 CODE=E9 TEXT=swiped MID=" + luhnMID2, "EV 0003 CODE=E9 TEXT=swiped MID=622848*****5674"},
		{"MID= in a message other than ST", "SO 0042 RC=00 MID=" + luhnMID, "SO 0042 RC=00 MID=898290*****7413"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := MaskMessageText(tc.in); got != tc.want {
				t.Errorf("MaskMessageText(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
			if got := MaskMessageText(tc.want); got != tc.want {
				t.Errorf("masking twice changed %q to %q", tc.want, got)
			}
		})
	}
}

func TestMaskTextKeepingMID(t *testing.T) {
	for _, tc := range []struct{ name, in, mid, want string }{
		{"the MID argument stays", "TID 58201458, MID " + luhnMID + ", 超市", luhnMID, "TID 58201458, MID " + luhnMID + ", 超市"},
		{"a card beside it", "MID " + luhnMID + ", 卡 " + visa16, luhnMID, "MID " + luhnMID + ", 卡 411111******1111"},
		{"another MID-like number", "MID " + luhnMID + " 898310048160004", luhnMID, "MID " + luhnMID + " 898310*****0004"},
		// glued to a digit, it is not the MID: a longer number, judged by MaskText
		{"the MID glued to a digit", "MID " + luhnMID + "7", luhnMID, MaskText("MID " + luhnMID + "7")},
		{"the MID glued after a digit", "MID 4" + luhnMID, luhnMID, MaskText("MID 4" + luhnMID)},
		{"the MID glued to a full-width digit", "MID " + luhnMID + "７", luhnMID, MaskText("MID " + luhnMID + "７")},
		{"the MID and a digit, a Luhn-valid 16", "MID " + luhnMID + "8", luhnMID, "MID 898290******4138"},
		{"a digit and the MID, a Luhn-valid 16", "MID 0" + luhnMID, luhnMID, "MID 089829******7413"},
		{"the MID inside a longer number", "0000" + luhnMID + "0000", luhnMID, MaskText("0000" + luhnMID + "0000")},
		{"an Amex argument", "MID " + amex15, amex15, "MID 378282*****0005"},
		{"a 16-digit argument", "MID " + visa16, visa16, "MID 411111******1111"},
		{"a cut argument", "MID " + luhnMID, luhnMID[:14], "MID 898290*****7413"},
		{"no argument", "MID " + luhnMID, "", "MID 898290*****7413"},
		{"grouped cards before it", "4111 1111 1111 1111 " + luhnMID, luhnMID, "4111 11** **** 1111 " + luhnMID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := MaskTextKeepingMID(tc.in, tc.mid); got != tc.want {
				t.Errorf("MaskTextKeepingMID(%q, %q)\n got %q\nwant %q", tc.in, tc.mid, got, tc.want)
			}
		})
	}
}

// FuzzMaskMID: MaskFrameBytes and MaskMessageText keep the length, are idempotent, and leave
// no run of digits that reads as a card number (see FuzzMaskText) but a MID in a MID field:
// 15 ASCII digits after FS "MID=" (raw) or " MID=" (text).
func FuzzMaskMID(f *testing.F) {
	for _, s := range []string{frame(luhnMID, "超市"), frame(amex15, visa16), frame(luhnMID, luhnMID), message(luhnMID, "卡 "+visa16),
		message(unionPay, luhnMID), "\x1cMID=" + luhnMID, " MID=" + luhnMID + "8 X=1", "\x1cMID=" + luhnMID + "\x1cMID=" + luhnMID + "\x03"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		MaskFrameBytes(b)
		for name, m := range map[string]string{"MaskFrameBytes": string(b), "MaskMessageText": MaskMessageText(s)} {
			if len(m) != len(s) {
				t.Fatalf("%s: length changed: %q -> %q", name, s, m)
			}
			again := MaskMessageText(m)
			if name == "MaskFrameBytes" {
				c := []byte(m)
				MaskFrameBytes(c)
				again = string(c)
			}
			if again != m {
				t.Fatalf("%s: not idempotent: %q -> %q -> %q", name, s, m, again)
			}
			var run []byte
			start := 0
			check := func(end int) {
				n := len(run)
				if n >= 13 && n <= 19 && Luhn(run) && !isTimestamp(run) || n >= 16 && n <= 19 && run[0] == '6' && run[1] == '2' {
					kept := end-start == midLen && isMID(m[start:end]) &&
						(strings.HasSuffix(m[:start], "\x1cMID=") || strings.HasSuffix(m[:start], " MID="))
					if !kept {
						t.Fatalf("%s: unmasked card number %q left in %q", name, run, m)
					}
				}
				run = run[:0]
			}
			for i, r := range m {
				if v, ok := digitValue(r); ok {
					if len(run) == 0 {
						start = i
					}
					run = append(run, v)
					continue
				}
				check(i)
			}
			check(len(m))
		}
	})
}
