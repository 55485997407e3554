package pan

import (
	"bytes"
	"strings"
)

// A journal record (PROTOCOL.md §5 REC) is time US type US amount US pan US trace US rrn US
// auth US rc US flags. Its pan unit is a card number by position: the terminal should have
// masked it, and some UnionPay cards carry no Luhn check digit, so MaskBytes' rules cannot be
// relied on to find it. MaskRecordBytes and MaskRecordText mask it where it stands.
const (
	recUnits    = 9
	recCardUnit = 3
	unitSep     = 0x1F // US, between the units of a record
)

// recTypes are the values of a record's type unit.
var recTypes = []string{"SALE", "VOID", "REFUND", "PREAUTH", "REVERSAL", "BALANCE"}

// MaskRecordBytes masks, in place and keeping the length, the card unit of every journal
// record that raw bytes of the link hold, whole or in part: the bytes of a damaged frame come
// in pieces (an abandoned frame, then its rest as junk), and each piece hides what it holds of
// a card number. Fields end at FS, STX, ETX or any other control byte but US. A record's card
// unit is found
//
//   - after REC=, as the fourth unit;
//   - in a piece that starts inside a record and ends with its field, by counting units from
//     the end (the last six units run from the card unit to the flags);
//   - otherwise after a unit that names a transaction type followed by an amount.
//
// A card unit seen whole keeps its first 6 and last 4 digits; one cut at the end keeps its
// first 6, one cut at the start its last 4; one cut at both ends is left to MaskBytes, which
// callers run after this for the card numbers outside records.
func MaskRecordBytes(b []byte) {
	start := 0
	for i := 0; i <= len(b); i++ {
		if i < len(b) && (b[i] >= 0x20 || b[i] == unitSep) {
			continue
		}
		maskRecordField(b[start:i], start > 0, i < len(b))
		start = i + 1
	}
}

// maskRecordField masks the card unit of the field f, if f is a journal record or a piece of
// one. closedLeft and closedRight say whether f's start and end are the field's own (a
// separator byte was seen) or where the bytes at hand were cut.
func maskRecordField(f []byte, closedLeft, closedRight bool) {
	if bytes.IndexByte(f, unitSep) < 0 {
		return // a field without units, or too little of a record to find its card unit
	}
	units := bytes.Split(f, []byte{unitSep}) // sub-slices of f: masking them masks f
	card, cutLeft := -1, false
	switch {
	case bytes.HasPrefix(f, []byte("REC=")):
		card = recCardUnit
	case !closedLeft && closedRight && len(units) >= recUnits-recCardUnit && len(units) <= recUnits:
		card = len(units) - (recUnits - recCardUnit)
		cutLeft = card == 0 && len(units) < recUnits
	default:
		card = typeAnchor(units)
	}
	if card < 0 || card >= len(units) {
		return
	}
	cutRight := card == len(units)-1 && !closedRight
	maskCardUnit(units[card], cutLeft, cutRight)
}

// typeAnchor returns the index of the card unit after a transaction type and an amount, or -1.
func typeAnchor(units [][]byte) int {
	for j := 0; j+2 < len(units); j++ {
		u := units[j]
		if j == 0 {
			u = u[bytes.IndexByte(u, '=')+1:]
		}
		amount := units[j+1]
		if len(amount) == 0 || len(bytes.Trim(amount, "0123456789")) > 0 {
			continue
		}
		for _, t := range recTypes {
			if string(u) == t {
				return j + 2
			}
		}
	}
	return -1
}

// maskCardUnit masks a card unit by position: first 6 and last 4 digits kept when it is whole,
// only the first 6 when its end was cut off, only the last 4 when its start was.
func maskCardUnit(u []byte, cutLeft, cutRight bool) {
	switch {
	case cutLeft && cutRight:
		// which digits are these? MaskBytes' rules decide
	case cutLeft:
		MaskDigits(u, 0, 4)
	case cutRight:
		MaskDigits(u, 6, 0)
	default:
		MaskDigits(u, 6, 4)
	}
}

// MaskRecordText masks the card unit of every journal record in s, where a message is written
// as the link's trace writes it (serialio's Message.String): " REC=" then the units joined by
// '|'. The length is kept. Card numbers outside records are MaskText's.
func MaskRecordText(s string) string {
	if !strings.Contains(s, "REC=") {
		return s
	}
	b := []byte(s)
	for i := 0; ; {
		k := bytes.Index(b[i:], []byte("REC="))
		if k < 0 {
			break
		}
		at := i + k
		i = at + len("REC=")
		if at > 0 && b[at-1] != ' ' {
			continue // part of another name (PREC=)
		}
		// skip the time, type and amount units: none holds a space
		p, ok := i, true
		for n := 0; n < recCardUnit && ok; n++ {
			q := bytes.IndexAny(b[p:], "| ")
			ok = q >= 0 && b[p+q] == '|'
			if ok {
				p += q + 1
			}
		}
		if !ok {
			continue
		}
		end, cut := len(b), true
		if q := bytes.IndexByte(b[p:], '|'); q >= 0 {
			end, cut = p+q, false
		} else if q := nextTextField(b[p:]); q >= 0 {
			end, cut = p+q, false
		}
		maskCardUnit(b[p:end], false, cut)
		i = end
	}
	return string(b)
}

// nextTextField returns where the next " NAME=" of a message written as text starts in b, or
// -1.
func nextTextField(b []byte) int {
	for i := 0; i < len(b); i++ {
		if b[i] != ' ' {
			continue
		}
		j := i + 1
		for j < len(b) && (b[j] >= 'A' && b[j] <= 'Z' || b[j] >= '0' && b[j] <= '9' || b[j] == '_') {
			j++
		}
		if j > i+1 && j < len(b) && b[j] == '=' && b[i+1] >= 'A' && b[i+1] <= 'Z' {
			return i
		}
	}
	return -1
}
