package serialio

import (
	"errors"
	"reflect"
	"testing"
)

func TestMessageRoundTrip(t *testing.T) {
	for _, m := range []Message{
		{Cmd: "ST", Seq: 1},
		{Cmd: "ST", Seq: 9999, Fields: []Field{{"RC", "00"}, {"MNAME", "上海静安便民超市"}, {"KEYS", "0,1,ENTER"}}},
		{Cmd: "JL", Seq: 42, Fields: []Field{{"RC", "00"}, {"REC", JoinUnits("20261101120000", "SALE", "1250", "622848******1234")}, {"REC", "x"}}},
		{Cmd: "EC", Seq: 7, Fields: []Field{{"DATA", ""}}},
		{Cmd: "KE", Seq: 3, Fields: []Field{{"KEY", "F1"}, {"A_B_9", "="}}},
	} {
		b, err := EncodeMessage(m)
		if err != nil {
			t.Fatalf("encode %v: %v", m, err)
		}
		got, err := ParseMessage(b)
		if err != nil {
			t.Fatalf("parse %q: %v", b, err)
		}
		if !reflect.DeepEqual(got, m) && !(len(got.Fields) == 0 && len(m.Fields) == 0 && got.Cmd == m.Cmd && got.Seq == m.Seq) {
			t.Fatalf("round trip %v -> %v", m, got)
		}
	}
}

func TestParseMessageRejects(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
	}{
		{"short", "ST01"},
		{"lower cmd", "st0001"},
		{"seq letters", "ST00a1"},
		{"seq zero", "ST0000"},
		{"no FS", "ST0001RC=00"},
		{"no equals", "ST0001\x1cRC"},
		{"bad name", "ST0001\x1crc=00"},
		{"name too long", "ST0001\x1cABCDEFGHIJKLMNOPQ=1"},
		{"empty name", "ST0001\x1c=1"},
		{"control in value", "ST0001\x1cRC=0\x010"},
		{"bad utf8", "ST0001\x1cMNAME=\xff\xfe"},
		{"empty field", "ST0001\x1c"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseMessage([]byte(tc.in))
			var me *MessageError
			if !errors.As(err, &me) || !errors.Is(err, ErrMessage) {
				t.Fatalf("ParseMessage(%q) = %v, want *MessageError", tc.in, err)
			}
		})
	}
}

func TestParseMessageAccepts(t *testing.T) {
	m, err := ParseMessage([]byte("JL0002\x1cRC=00\x1cREC=a\x1fb\x1cREC=c\x1cX=a=b"))
	if err != nil {
		t.Fatal(err)
	}
	if m.RC() != "00" || len(m.All("REC")) != 2 || m.Value("X") != "a=b" || SplitUnits(m.All("REC")[0])[1] != "b" {
		t.Fatalf("parsed %+v", m)
	}
}

func TestEncodeMessageRefuses(t *testing.T) {
	for _, m := range []Message{
		{Cmd: "S", Seq: 1},
		{Cmd: "ST", Seq: 0},
		{Cmd: "ST", Seq: 10000},
		{Cmd: "ST", Seq: 1, Fields: []Field{{"bad", "x"}}},
		{Cmd: "ST", Seq: 1, Fields: []Field{{"TEXT", "a\nb"}}},
	} {
		if _, err := EncodeMessage(m); !errors.Is(err, ErrMessage) {
			t.Errorf("EncodeMessage(%v) = %v, want ErrMessage", m, err)
		}
	}
}

func TestNextSeq(t *testing.T) {
	for in, want := range map[int]int{1: 2, 9998: 9999, 9999: 1, 0: 1} {
		if got := NextSeq(in); got != want {
			t.Errorf("NextSeq(%d) = %d, want %d", in, got, want)
		}
	}
}

func FuzzParseMessage(f *testing.F) {
	f.Add([]byte("ST0001"))
	f.Add([]byte("ST0001\x1cRC=00\x1cMNAME=上海"))
	f.Add([]byte("JL0002\x1cRC=00\x1cREC=a\x1fb"))
	f.Add([]byte("KE0003\x1cKEY=5\x1cACT=DOWN"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseMessage(b)
		if err != nil {
			return
		}
		again, err := EncodeMessage(m)
		if err != nil {
			t.Fatalf("parsed message does not encode: %v (%v)", err, m)
		}
		if string(again) != string(b) {
			t.Fatalf("re-encoding %q differs from %q", again, b)
		}
	})
}
