package pan

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// The merchant ID (商户号, MID: PROTOCOL.md §5 ST's MID, ISO 8583 field 42) is 15 digits, and one
// MID in ten passes the Luhn check: MaskBytes, which judges a number by its digits alone, would
// mask it as a card number, and the provider cannot identify a merchant from a masked MID. So a
// value known to be the MID, by the name of its field, is kept whole. This file is the whole of
// that exemption; every layer that knows a field's name calls it:
//
//   - KeepMID, the rule: the field is named MID, and its value is exactly a MID;
//   - MaskField, a named value (a TML/1 field, a key of the report's terminal fields or evidence);
//   - MaskFrameBytes, raw bytes of the link, where a TML/1 frame names its fields (FS "MID=" …);
//   - MaskMessageText, a TML/1 message written as text (" MID=…", serialio's Message.String);
//   - MaskTextKeepingMID, a text rendered from a template whose MID argument is known.
//
// Free text (notes, messages, the event log, a MID field's neighbours) keeps no MID: a 15-digit
// number that passes Luhn there is masked, as MaskText masks it.

// midLen is how many digits a MID has.
const midLen = 15

// KeepMID reports whether value, the value of the field name, is a merchant ID kept whole: name
// is the MID field's own (the TML/1 field "MID", the "mid" key of a report's terminal fields,
// evidence and arguments, Incident.MID), and value is exactly 15 ASCII digits that do not start
// 34 or 37 (the shape of an American Express card number, which stays masked). Anything else in
// a MID field is masked as MaskText masks it: 16 to 19 digits (a UnionPay card starting 62),
// digits of another form (full-width), a separator, a space around the digits, a letter.
func KeepMID(name, value string) bool {
	return (name == "MID" || name == "mid") && isMID(value)
}

// isMID reports whether v is a MID by its shape (see KeepMID).
func isMID(v string) bool {
	if len(v) != midLen || v[0] == '3' && (v[1] == '4' || v[1] == '7') {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// MaskField returns value, the value of the field name, with the card numbers in it masked
// (MaskText), or whole when it is a MID (KeepMID).
func MaskField(name, value string) string {
	if KeepMID(name, value) {
		return value
	}
	return MaskText(value)
}

// keepWhile runs mask on b (MaskBytes) and then puts back the bytes of spans: the MIDs kept.
// Each span is 15 ASCII digits with no digit of any form right before or after it, so MaskBytes
// judged it on its own (a group of more than 6 digits is never joined to its neighbours across
// a separator) and putting it back unmasks nothing else. It returns mask's count less the
// digits put back.
func keepWhile(b []byte, spans [][2]int, mask func([]byte) int) int {
	if len(spans) == 0 {
		return mask(b)
	}
	kept := make([][]byte, len(spans))
	for i, s := range spans {
		kept[i] = bytes.Clone(b[s[0]:s[1]])
	}
	n := mask(b)
	for i, s := range spans {
		for k := s[0]; k < s[1]; k++ {
			if b[k] != kept[i][k-s[0]] {
				n--
			}
		}
		copy(b[s[0]:s[1]], kept[i])
	}
	return n
}

// fs and etx are the TML/1 bytes that end a field (PROTOCOL.md §1, §4).
const (
	fs  = 0x1C
	etx = 0x03
)

// midField is how a TML/1 frame names its MID field: after FS, as every field of DATA starts.
var midField = []byte("\x1cMID=")

// MaskFrameBytes is MaskBytes for raw bytes of the link that hold TML/1 frames (PROTOCOL.md §4:
// DATA = CMD SEQ *(FS NAME "=" VALUE)), whole or in pieces, keeping the value of every MID
// field that KeepMID keeps: FS "MID=", then exactly 15 ASCII digits, then FS (the next field)
// or ETX (the end of the frame). A MID field cut off at either end of b (no FS before it, no FS
// or ETX after it: its value may go on) is masked as MaskBytes masks it, as is "MID=" anywhere
// but at the start of a field (inside another field's value). It masks in place and keeps the
// length; it returns how many digits it masked.
func MaskFrameBytes(b []byte) int {
	var spans [][2]int
	for i := 0; ; {
		k := bytes.Index(b[i:], midField)
		if k < 0 {
			break
		}
		start := i + k + len(midField)
		end := start + midLen
		i = start
		if end < len(b) && (b[end] == fs || b[end] == etx) && isMID(string(b[start:end])) {
			spans = append(spans, [2]int{start, end})
			i = end
		}
	}
	return keepWhile(b, spans, MaskBytes)
}

// MaskMessageText is MaskText for a TML/1 message written as text, as serialio's Message.String
// writes it ("ST 0042 RC=00 … TID=29696750 MID=898290054117411 MNAME=…"), keeping the value of
// its MID field when KeepMID keeps it: " MID=", then exactly 15 ASCII digits, then the end of s
// or the next field (" NAME="). The text form does not escape values, so a value may hold
// " MID=" too (a merchant's name, an event's text): the MID is kept only in an ST message (the
// one command whose answer has a MID field, §5) whose text has " MID=" exactly once; any other
// text is MaskText, every card-like number masked. It is for a message's text only: a note, a
// message to people, an event's text keep no MID (MaskText).
func MaskMessageText(s string) string {
	if !strings.HasPrefix(s, "ST ") || strings.Count(s, " MID=") != 1 {
		return MaskText(s)
	}
	b := []byte(s)
	var spans [][2]int
	for i := 0; ; {
		k := bytes.Index(b[i:], []byte(" MID="))
		if k < 0 {
			break
		}
		start := i + k + len(" MID=")
		end := start + midLen
		i = start
		if end <= len(b) && isMID(string(b[start:end])) && (end == len(b) || nextTextField(b[end:]) == 0) {
			spans = append(spans, [2]int{start, end})
			i = end
		}
	}
	if keepWhile(b, spans, maskTextBytes) == 0 {
		return s
	}
	return string(b)
}

// MaskTextKeepingMID is MaskText for a text rendered from a template with a MID argument
// ("{{.Model}} {{.SN}}, TID {{.TID}}, MID {{.MID}}, {{.Name}}": the checklist's terminal
// summary), where mid is that argument's value: when KeepMID("MID", mid), mid stays whole where
// it stands alone in s (no digit of any form right before or after it); every other card
// number is masked. With any other mid it is MaskText.
func MaskTextKeepingMID(s, mid string) string {
	if !isMID(mid) {
		return MaskText(s)
	}
	b := []byte(s)
	var spans [][2]int
	for i := 0; ; {
		k := bytes.Index(b[i:], []byte(mid))
		if k < 0 {
			break
		}
		start := i + k
		end := start + midLen
		i = start + 1
		// what shows beside it: characters that show as nothing do not part it from a digit
		before, after := rune(-1), rune(-1)
		for k := start; k > 0; {
			r, w := utf8.DecodeLastRune(b[:k])
			if k -= w; !unseenAlone(r) {
				before = r
				break
			}
		}
		for k := end; k < len(b); {
			r, w := utf8.DecodeRune(b[k:])
			if k += w; !unseenAlone(r) {
				after = r
				break
			}
		}
		if !IsDigit(before) && !IsDigit(after) {
			spans = append(spans, [2]int{start, end})
			i = end
		}
	}
	if keepWhile(b, spans, maskTextBytes) == 0 {
		return s
	}
	return string(b)
}

// unseenAlone reports whether r shows as nothing in text wherever it stands (see
// maskTextBytes): a control character but tab and newline, or an invisible one.
func unseenAlone(r rune) bool {
	return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || invisible(r)
}
