package pan

import (
	"bytes"
	"strings"
	"testing"
)

// record is a journal record (PROTOCOL.md §5 REC) with card as its card unit.
func record(card string) string {
	return strings.Join([]string{"20260305101500", "SALE", "8800", card, "000123", "600000123456", "300000", "00", "P"}, "\x1f")
}

func TestMaskRecordBytes(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"REC= whole, no Luhn", "\x1cREC=" + record("9559981234567890123") + "\x1c", "\x1cREC=" + record("955998*********0123") + "\x1c"},
		{"cut inside the card unit", "\x1cREC=20260305101500\x1fSALE\x1f8800\x1f9559981234", "\x1cREC=20260305101500\x1fSALE\x1f8800\x1f955998****"},
		{"the rest, from inside the card unit", "567890123\x1f000123\x1f600000123456\x1f300000\x1f00\x1fP\x03", "*****0123\x1f000123\x1f600000123456\x1f300000\x1f00\x1fP\x03"},
		{"type anchor", "SALE\x1f8800\x1f9559981234567890123\x1f000123\x1c", "SALE\x1f8800\x1f955998*********0123\x1f000123\x1c"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := []byte(tc.in)
			MaskRecordBytes(b)
			if string(b) != tc.want {
				t.Errorf("MaskRecordBytes(%q)\n= %q\nwant %q", tc.in, b, tc.want)
			}
		})
	}
}

func TestMaskRecordText(t *testing.T) {
	in := "JL 0042 RC=00 REC=" + strings.ReplaceAll(record("6222021234567890123"), "\x1f", "|") + " MORE=N"
	want := "JL 0042 RC=00 REC=" + strings.ReplaceAll(record("622202*********0123"), "\x1f", "|") + " MORE=N"
	if got := MaskRecordText(in); got != want {
		t.Errorf("MaskRecordText(%q)\n= %q\nwant %q", in, got, want)
	}
}

// TestRecordsLeaveOtherFieldsAlone: masking by position touches nothing but the card unit of
// a record: not EVT records, not other fields, not a record with fewer units.
func TestRecordsLeaveOtherFieldsAlone(t *testing.T) {
	for _, s := range []string{
		"\x02\x00\x40EL0042\x1cRC=00\x1cEVT=20260305101500\x1fH1\x1f1234567890123\x1cMORE=N\x03\x00",
		"\x02\x00\x40ST0042\x1cRC=00\x1cSN=141000015866\x1cMID=898290054110123\x1cTID=29696750\x03\x00",
	} {
		b := []byte(s)
		MaskRecordBytes(b)
		if string(b) != s {
			t.Errorf("MaskRecordBytes(%q) = %q", s, b)
		}
	}
	for _, s := range []string{
		"EL 0042 RC=00 EVT=20260305101500|H1|no dial tone 1234567890123 MORE=N",
		"JL 0042 RC=00 PREC=1|2|3|1234567890123|5 MORE=N",
		"JL 0042 RC=00 REC=20260305101500|SALE 1|8800|1234567890123|5 MORE=N",
	} {
		if got := MaskRecordText(s); got != s {
			t.Errorf("MaskRecordText(%q) = %q", s, got)
		}
	}
}

func FuzzMaskRecord(f *testing.F) {
	f.Add([]byte(record("6222021234567890123")), false)
	f.Add([]byte("\x1cREC="+record("６２２２０２１２３４５６７８９０１２３")+"\x1cREC="+record("1")), false)
	f.Add([]byte("JL 0042 REC="+strings.ReplaceAll(record("9559981234567890123"), "\x1f", "|")), true)
	f.Add([]byte("234567890123\x1f000123\x1f600000123456\x1f300000\x1f00\x1fP\x03"), false)
	f.Add([]byte("SALE\x1f8800\x1f9559981234567890123"), false)
	f.Fuzz(func(t *testing.T, b []byte, text bool) {
		in := bytes.Clone(b)
		if text {
			out := MaskRecordText(string(b))
			if len(out) != len(in) {
				t.Fatalf("length changed: %q -> %q", in, out)
			}
			if MaskRecordText(out) != out {
				t.Fatalf("not idempotent: %q -> %q", in, out)
			}
			return
		}
		MaskRecordBytes(b)
		if len(b) != len(in) {
			t.Fatalf("length changed: %q -> %q", in, b)
		}
		again := bytes.Clone(b)
		MaskRecordBytes(again)
		if !bytes.Equal(again, b) {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, b, again)
		}
		for i := range b {
			if b[i] != in[i] && b[i] != '*' && !(b[i] >= 0x80) {
				t.Fatalf("byte %d changed to %q: %q -> %q", i, b[i], in, b)
			}
		}
	})
}
