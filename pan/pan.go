// Package pan keeps card numbers (primary account numbers) from leaving the terminal unmasked:
// it finds card numbers in text or bytes, in any digit form people and input methods write
// (ASCII, full-width, other Unicode digits; groups split by spaces of any kind, dashes or
// dots), and keeps at most the first 6 and the last 4 digits. It is a leaf package: it imports
// nothing of the project.
package pan

import (
	"unicode"
	"unicode/utf8"
)

// Luhn reports whether the digits (ASCII) pass the Luhn check.
func Luhn(digits []byte) bool {
	sum, double := 0, false
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return len(digits) > 0 && sum%10 == 0
}

// IsDigit reports whether r reads as a decimal digit to pan: an ASCII digit, any other Unicode
// decimal digit (full-width ０-９, Arabic-Indic, mathematical…), or a superscript, subscript or
// circled digit that NFKC folds to one ASCII digit.
func IsDigit(r rune) bool {
	_, ok := digitValue(r)
	return ok
}

// digitValue returns the ASCII digit r stands for (see IsDigit).
func digitValue(r rune) (byte, bool) {
	switch {
	case r < utf8.RuneSelf:
		return byte(r), r >= '0' && r <= '9'
	case r >= '０' && r <= '９': // the common case, before the table search
		return byte('0' + r - '０'), true
	case r == '¹':
		return '1', true
	case r == '²' || r == '³':
		return byte('2' + r - '²'), true
	case r == '⁰':
		return '0', true
	case r >= '⁴' && r <= '⁹':
		return byte('4' + r - '⁴'), true
	case r >= '₀' && r <= '₉':
		return byte('0' + r - '₀'), true
	case r >= '①' && r <= '⑨':
		return byte('1' + r - '①'), true
	case r == '⓪':
		return '0', true
	case unicode.Is(unicode.Nd, r):
		// Unicode encodes decimal digits in runs of whole decades, each starting at its zero:
		// the value is the offset in the run, modulo 10 (TestDigitForms holds this)
		for _, rg := range unicode.Nd.R16 {
			if lo, hi := rune(rg.Lo), rune(rg.Hi); r >= lo && r <= hi {
				return byte('0' + (r-lo)%10), true
			}
		}
		for _, rg := range unicode.Nd.R32 {
			if lo, hi := rune(rg.Lo), rune(rg.Hi); r >= lo && r <= hi {
				return byte('0' + (r-lo)%10), true
			}
		}
	}
	return 0, false
}

// maxGap is how many separators may stand between two groups of a card number: one or two
// (a double space), or three (" - ").
const maxGap = 3

// isSeparator reports whether r may stand between the digit groups of a written card number:
// a space of any kind (U+00A0, U+3000…, a tab), a dash or hyphen of any kind, or a dot ("." "．" "。" "·").
func isSeparator(r rune) bool {
	switch r {
	case ' ', '\t', '-', '.', '．', '。', '｡', '·', '・', '･', '․', '‧', '−':
		return true
	}
	return r >= utf8.RuneSelf && (unicode.Is(unicode.Zs, r) || unicode.Is(unicode.Pd, r))
}

// maskFull replaces a masked 3-byte digit (full-width and most other non-ASCII digits): a
// full-width asterisk, so the text keeps its length in bytes and its width on screen.
const maskFull = "＊"

// hide writes the mask over the digit in b[start:end], keeping the length.
func hide(b []byte, start, end int) {
	if end-start == len(maskFull) {
		copy(b[start:end], maskFull)
		return
	}
	for k := start; k < end; k++ {
		b[k] = '*'
	}
}

// MaskCard masks one card-number field as received (the journal's card unit: a card number by
// position, whatever its check digit): every digit after the first 6 and before the last 4
// becomes '*'. Digits of any form are written as ASCII digits; other characters stay. A value
// with 10 digits or fewer keeps all its digits (nothing to hide beyond first 6 and last 4).
func MaskCard(s string) string {
	b := make([]byte, 0, len(s))
	ascii := true
	for _, r := range s {
		if v, ok := digitValue(r); ok {
			ascii = ascii && r == rune(v)
			b = append(b, v)
			continue
		}
		b = utf8.AppendRune(b, r)
	}
	if MaskDigits(b, 6, 4) == 0 && ascii {
		return s
	}
	return string(b)
}

// MaskDigits masks, in place, every digit (of any form, see IsDigit) of b but the first first
// and the last last, keeping the length: the masker for a field that is a card number by
// position (PROTOCOL.md §5 REC), or the part of one that a trace entry holds. It returns how
// many digits it masked.
func MaskDigits(b []byte, first, last int) int {
	var spans [][2]int
	for i := 0; i < len(b); {
		r, w := rune(b[i]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeRune(b[i:])
		}
		if _, ok := digitValue(r); ok {
			spans = append(spans, [2]int{i, i + w})
		}
		i += w
	}
	n := 0
	for k := first; k < len(spans)-last; k++ {
		hide(b, spans[k][0], spans[k][1])
		n++
	}
	return n
}

// MaskText returns s with every card number in it masked (see MaskBytes).
func MaskText(s string) string {
	maybe := false
	for i := 0; i < len(s) && !maybe; i++ {
		maybe = s[i] >= '0' && s[i] <= '9' || s[i] >= utf8.RuneSelf
	}
	if !maybe {
		return s
	}
	b := []byte(s)
	if maskTextBytes(b) == 0 {
		return s
	}
	return string(b)
}

// MaskBytes masks, in place, every card number in b, keeping the length, so it is safe on raw
// frames. It returns how many digits it masked. Digits are read in any form (IsDigit); a run
// of digits may be split into groups by one to three separators (spaces of any kind, dashes,
// dots). The digits after the first 6 and before the last 4 of a card number become '*' (a
// full-width or other 3-byte digit becomes '＊'). A card number is:
//
//   - a run of 13-19 digits that passes the Luhn check, unless it is 14 digits that read as a
//     YYYYMMDDhhmmss time stamp;
//   - a run of 16-19 digits starting with 62 (UnionPay: some Chinese bank cards carry no
//     Luhn check digit);
//   - in a run of 17-19 digits, the 16-18 digits that pass Luhn once one digit stuck on at
//     either end is left out;
//   - in a run of 20 or more digits with no separator, every 13-19 digit window that passes
//     Luhn (a PAN glued to other digits is still a PAN).
//
// Groups are joined into a run only when each has at most 6 digits, as card numbers are
// written (4-4-4-4, 4-6-5, 6222 0212 3456 7890 123): a model number next to a 12-digit serial
// ("iCT250 141000015866") or a TID next to a MID is not a card number, and a group of 13-19
// digits is judged on its own. Each group, and each run of whole groups, is judged. Masking
// repeats until nothing left reads as a card number, so masking twice changes nothing.
//
// Characters that show as nothing are read both ways, and what either way finds is masked:
// as any other character (a program may show them as a box) and as not there at all, so
// that format characters (zero-width spaces and joiners, U+2060, the byte-order mark, the
// soft hyphen, bidi controls), combining marks, variation selectors and the C1 controls
// between digits do not hide a card number: "4111\u200b1111…" reads as one on every screen
// and in every workbook.
func MaskBytes(b []byte) int { return maskAll(b, hideInvisible) }

// maskTextBytes is MaskBytes for text, which people read through a cleaner (the command line's
// output, app/cli/clean.go) that drops escape sequences whole and the C0 controls but tab and
// newline: those show as nothing too, or "4111\x1b[0m1111…" and "4111\r1111…", masked as four
// short groups, would print as a whole card number. Raw bytes of the link keep MaskBytes,
// where STX, ETX, FS and the record's unit separator end the fields they bound.
func maskTextBytes(b []byte) int { return maskAll(b, hideText) }

// maskAll masks b until neither reading (every character seen, and hide's characters not
// seen) finds a card number left.
func maskAll(b []byte, hide int) int {
	total := 0
	for {
		n := maskOnce(b, hideNothing) + maskOnce(b, hide)
		if n == 0 {
			return total
		}
		total += n
	}
}

// What a reading of maskOnce takes as showing nothing: no character, the invisible ones
// (invisible), or those and the C0 controls and escape sequences a terminal's cleaner drops.
const (
	hideNothing = iota
	hideInvisible
	hideText
)

// unseen follows text as a terminal's cleaner reads it, one rune at a time, and says which
// runes show as nothing (see MaskBytes and maskTextBytes). Its zero value starts in plain
// text and hides nothing.
type unseen struct {
	hide  int // hideNothing, hideInvisible or hideText
	state int
}

// The states of unseen, as app/cli/clean.go's: plain text, after ESC, after ESC and
// intermediate bytes, in a control sequence (ESC [ or U+009B), in a control string (OSC, DCS,
// SOS, PM, APC) up to BEL or ST, after ESC inside a control string.
const (
	inText = iota
	inEscape
	inEscInter
	inCSI
	inCtrlStr
	inCtrlStrEsc
)

// hides advances over r and reports whether it shows as nothing.
func (u *unseen) hides(r rune) bool {
	switch u.hide {
	case hideNothing:
		return false
	case hideInvisible:
		return invisible(r)
	}
	switch u.state {
	case inEscape:
		switch {
		case r == '[':
			u.state = inCSI
		case r == ']', r == 'P', r == 'X', r == '^', r == '_':
			u.state = inCtrlStr
		case r == 0x1b:
		default:
			u.state = inEscInter
			return u.hides(r)
		}
		return true
	case inEscInter:
		switch {
		case r >= 0x20 && r <= 0x2f:
			return true
		case r >= 0x30 && r <= 0x7e:
			u.state = inText
			return true
		}
		u.state = inText
		return u.hides(r)
	case inCSI:
		switch {
		case r >= 0x20 && r <= 0x3f:
			return true
		case r >= 0x40 && r <= 0x7e:
			u.state = inText
			return true
		}
		u.state = inText
		return u.hides(r)
	case inCtrlStr:
		switch r {
		case 0x07, 0x9c:
			u.state = inText
		case 0x1b:
			u.state = inCtrlStrEsc
		case '\n':
			u.state = inText
			return false
		}
		return true
	case inCtrlStrEsc:
		if r == '\\' {
			u.state = inText
			return true
		}
		u.state = inEscape
		return u.hides(r)
	}
	switch {
	case r == 0x1b:
		u.state = inEscape
		return true
	case r == 0x9b:
		u.state = inCSI
		return true
	case r == 0x90, r == 0x98, r == 0x9d, r == 0x9e, r == 0x9f:
		u.state = inCtrlStr
		return true
	case r == '\n', r == '\t':
		return false
	case r < 0x20, r == 0x7f:
		return true
	}
	return invisible(r)
}

// invisible reports whether r, outside ASCII, shows as nothing: a C1 control, a format
// character (Cf: zero-width space and joiners, U+2060, U+FEFF, the soft hyphen, bidi
// controls), a combining mark or a variation selector (Mn, Me).
func invisible(r rune) bool {
	if r < 0x80 {
		return false
	}
	return r <= 0x9f || unicode.In(r, unicode.Cf, unicode.Mn, unicode.Me)
}

// maskOnce is one pass of MaskBytes, one reading (see unseen).
func maskOnce(b []byte, hide int) int {
	var (
		digits []byte   // the ASCII values of the current run's digits
		spans  [][2]int // where each digit stands in b
		groups []int    // where each group starts in digits
		gap    int      // separators since the last digit
		seen   = unseen{hide: hide}
	)
	masked := 0
	flush := func() {
		if len(digits) >= 13 {
			masked += maskRun(b, digits, spans, groups)
		}
		digits, spans, groups, gap = digits[:0], spans[:0], groups[:0], 0
	}
	for i := 0; i < len(b); {
		r, w := rune(b[i]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeRune(b[i:])
		}
		if seen.hides(r) {
			i += w
			continue
		}
		switch v, ok := digitValue(r); {
		case ok:
			if len(digits) == 0 || gap > 0 {
				groups = append(groups, len(digits))
			}
			digits = append(digits, v)
			spans = append(spans, [2]int{i, i + w})
			gap = 0
		case len(digits) > 0 && gap < maxGap && isSeparator(r):
			gap++
		default:
			flush()
		}
		i += w
	}
	flush()
	return masked
}

// maskRun judges one run (see MaskBytes) and masks what it finds.
func maskRun(b []byte, digits []byte, spans [][2]int, groups []int) int {
	hidden := make([]bool, len(digits))
	mark := func(start, n int) {
		for k := start + 6; k < start+n-4; k++ {
			hidden[k] = true
		}
	}
	judge := func(lo, hi int, contiguous bool) {
		d, n := digits[lo:hi], hi-lo
		switch {
		case n >= 13 && n <= 19:
			switch {
			case Luhn(d) && !isTimestamp(d):
				mark(lo, n)
			case n >= 16 && d[0] == '6' && d[1] == '2':
				mark(lo, n)
			case n >= 17:
				// a card number with one digit stuck on
				if Luhn(d[:n-1]) {
					mark(lo, n-1)
				}
				if Luhn(d[1:]) {
					mark(lo+1, n-1)
				}
			}
		case n > 19 && contiguous:
			for start := lo; start+13 <= hi; start++ {
				for m := 13; m <= 19 && start+m <= hi; m++ {
					if Luhn(digits[start : start+m]) {
						mark(start, m)
					}
				}
			}
		}
	}
	end := func(g int) int {
		if g+1 < len(groups) {
			return groups[g+1]
		}
		return len(digits)
	}
	for g := range groups {
		judge(groups[g], end(g), true)
	}
	for g := range groups {
		n := 0
		for h := g; h < len(groups); h++ {
			size := end(h) - groups[h]
			if size > 6 {
				break
			}
			if n += size; n > 19 {
				break
			}
			if h > g && n >= 13 {
				judge(groups[g], end(h), false)
			}
		}
	}
	count := 0
	for k, h := range hidden {
		if h {
			hide(b, spans[k][0], spans[k][1])
			count++
		}
	}
	return count
}

// isTimestamp reports whether 14 digits read as a plausible YYYYMMDDhhmmss between 1990 and 2099.
func isTimestamp(d []byte) bool {
	if len(d) != 14 {
		return false
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range d[i : i+n] {
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, mo, day, h, mi, sec := num(0, 4), num(4, 2), num(6, 2), num(8, 2), num(10, 2), num(12, 2)
	return y >= 1990 && y <= 2099 && mo >= 1 && mo <= 12 && day >= 1 && day <= 31 && h <= 23 && mi <= 59 && sec <= 59
}
