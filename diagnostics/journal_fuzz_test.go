package diagnostics

import (
	"strings"
	"testing"

	"posdoctor/pan"
	"posdoctor/serialio"
)

// FuzzParseRec: a journal record (PROTOCOL.md §5 REC) is bytes from the terminal, so
// parseRec must take anything without panicking, and what it accepts must be a
// transaction whose card unit shows no more than its first 6 and last 4 digits, in any
// digit form, whatever the terminal sent. Seeds: the record forms of the journal tests,
// and testdata/fuzz/FuzzParseRec.
func FuzzParseRec(f *testing.F) {
	rec := func(u ...string) string { return serialio.JoinUnits(u...) }
	for _, s := range []string{
		rec("20261121200000", "SALE", "100", "622848******1234", "000001", "123456789012", "654321", "00", "P"),
		rec("20261121200000", "SALE", "100", "6228480402564890018", "000001", "123456789012", "", "51", ""), // unmasked
		rec("20261121200000", "REFUND", "0", "６２２８４８０４０２５６４８９００１８", "1", "r", "", "00", "RPOU"),             // full-width
		rec("20261121200000", "VOID", "-5", "x", "", "", "", "", ""),
		rec("2026112120000", "SALE", "1", "1", "1", "1", "1", "1", "1"),
		rec("20261121200000", "SALE", "99999999999999999999", "1", "1", "1", "1", "1", "1"),
		rec("20261121200000", "SALE", "1", "4111 1111 1111 1111", "1", "1", "1", "1"),
		"",
		strings.Repeat("\x1f", 8),
		strings.Repeat("\x1f", 20),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		txn, err := parseRec(v)
		if err != nil {
			return
		}
		if txn.Time.IsZero() || txn.Amount < 0 {
			t.Errorf("accepted %q as time %v, amount %d", v, txn.Time, txn.Amount)
		}
		digits := 0
		for _, r := range txn.PAN {
			if pan.IsDigit(r) {
				digits++
			}
		}
		if digits > 10 {
			t.Errorf("card unit %q of %q keeps %d digits, want at most 6+4", txn.PAN, v, digits)
		}
		again, err := parseRec(v)
		if err != nil || again.PAN != txn.PAN || again.Amount != txn.Amount {
			t.Errorf("parsing %q twice gave %v, %v and %v", v, txn, again, err)
		}
	})
}
