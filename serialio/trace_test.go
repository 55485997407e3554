package serialio

import (
	"bytes"
	"strings"
	"testing"

	"posdoctor/locale"
)

// Card numbers a journal record may carry in its card unit (PROTOCOL.md §5 REC): the terminal
// should mask them, an untrusted one does not. None passes Luhn.
const (
	unionPayNoLuhn = "6222021234567890123" // UnionPay, no check digit
	otherNoLuhn    = "9559981234567890123" // not 62, no check digit: only its position says it is a card
	fullWidthCard  = "６２２２０２１２３４５６７８９０１２３" // as an IME writes it
)

// rec is a journal record with card as its card unit.
func rec(card string) string {
	return JoinUnits("20260305101500", "SALE", "8800", card, "000123", "600000123456", "300000", "00", "P")
}

// jlFrame is a JL answer frame carrying the records.
func jlFrame(t *testing.T, recs ...string) []byte {
	t.Helper()
	m := Message{Cmd: "JL", Seq: 42, Fields: []Field{{"RC", "00"}, {"PAGE", "1"}, {"MORE", "N"}}}
	for _, r := range recs {
		m.Fields = append(m.Fields, Field{"REC", r})
	}
	data, err := EncodeMessage(m)
	if err != nil {
		t.Fatal(err)
	}
	f, err := EncodeFrame(data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// digitsOf keeps the digits of s, of any width, as ASCII.
func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r = locale.FoldWidthRune(r); r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// leaks reports which of the cards (as ASCII digits) a trace entry still shows whole, or with
// more than its first 6 and last 4 digits.
func leaks(e TraceEntry, cards ...string) []string {
	var out []string
	for _, c := range cards {
		for _, s := range []string{string(e.Raw), e.Text} {
			if strings.Contains(digitsOf(s), c[6:len(c)-4]) {
				out = append(out, c)
			}
		}
	}
	return out
}

func TestIssue9Item9TraceRawRecCardByPosition(t *testing.T) {
	for _, tc := range []struct {
		name, card, want string
	}{
		{"UnionPay without Luhn", unionPayNoLuhn, "622202*********0123"},
		{"not UnionPay, without Luhn", otherNoLuhn, "955998*********0123"},
		{"full-width", fullWidthCard, "６２２２０２" + strings.Repeat("＊", 9) + "０１２３"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := jlFrame(t, rec("622848******1234"), rec(tc.card))
			tr := NewTrace(4)
			tr.Add(TraceEntry{Dir: In, Kind: TraceFrame, Raw: raw})
			e := tr.Entries()[0]
			if len(e.Raw) != len(raw) {
				t.Fatalf("raw length %d, want %d", len(e.Raw), len(raw))
			}
			if l := leaks(e, "6222021234567890123", "9559981234567890123"); l != nil {
				t.Errorf("trace keeps %v: %q", l, e.Raw)
			}
			if want := rec(tc.want); !bytes.Contains(e.Raw, []byte(want)) {
				t.Errorf("raw %q\ndoes not hold %q", e.Raw, want)
			}
			if !bytes.Contains(e.Raw, []byte(rec("622848******1234"))) {
				t.Errorf("the masked record was changed: %q", e.Raw)
			}
		})
	}
}

func TestIssue9Item9TraceTextRecCardByPosition(t *testing.T) {
	for _, card := range []string{unionPayNoLuhn, otherNoLuhn, fullWidthCard} {
		m := Message{Cmd: "JL", Seq: 42, Fields: []Field{{"RC", "00"}, {"REC", rec(card)}, {"REC", rec("622848******1234")}, {"MORE", "N"}}}
		tr := NewTrace(4)
		tr.Add(TraceEntry{Dir: In, Kind: TraceMessage, Text: m.String()})
		e := tr.Entries()[0]
		if l := leaks(e, "6222021234567890123", "9559981234567890123"); l != nil {
			t.Errorf("trace keeps %v: %q", l, e.Text)
		}
		for _, keep := range []string{"20260305101500|SALE|8800|", "|000123|600000123456|300000|00|P", "622848******1234", "RC=00", "MORE=N"} {
			if !strings.Contains(e.Text, keep) {
				t.Errorf("%q lost %q", e.Text, keep)
			}
		}
	}
}

// TestIssue9Item9TracePartialRecords: a damaged frame's bytes arrive in pieces (an abandoned
// frame, then the rest as junk): each piece masks what it holds of the card unit.
func TestIssue9Item9TracePartialRecords(t *testing.T) {
	raw := jlFrame(t, rec(otherNoLuhn))
	at := bytes.Index(raw, []byte(otherNoLuhn))
	for _, tc := range []struct {
		name string
		kind TraceKind
		raw  []byte
		want string // what must be left of the card unit
	}{
		{"cut inside the card unit", TraceFrame, raw[:at+10], "955998****"},
		{"cut before the card unit", TraceFrame, raw[:at], ""},
		{"the rest, from inside the card unit", TraceBytes, raw[at+10:], "*****0123"},
		{"the rest, from inside the type", TraceBytes, raw[at-7:], "955998*********0123"},
		{"the rest, from inside the time", TraceBytes, raw[at-20:], "955998*********0123"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := NewTrace(4)
			tr.Add(TraceEntry{Dir: In, Kind: tc.kind, Raw: tc.raw})
			e := tr.Entries()[0]
			if len(e.Raw) != len(tc.raw) {
				t.Fatalf("raw length %d, want %d", len(e.Raw), len(tc.raw))
			}
			if tc.want != "" && !bytes.Contains(e.Raw, []byte(tc.want)) {
				t.Errorf("raw %q\ndoes not hold %q", e.Raw, tc.want)
			}
			if d := digitsOf(string(e.Raw)); strings.Contains(d, "99812345") || strings.Contains(d, "5678901") {
				t.Errorf("raw %q keeps the middle of the card", e.Raw)
			}
		})
	}
}
