package pan

import "unicode/utf8"

// typingKeep is how many digits of a number still being typed may be written: the first 6,
// all MaskText ever keeps of a card number before its last 4.
const typingKeep = 6

// MaskTyping returns s, a text a person is still typing (a note saved while the typing
// pauses), with every digit run that may yet grow into a card number cut to its first 6
// digits. MaskText judges a finished number: a prefix of a card number typed so far (15 digits
// of 16, no valid check digit yet) is no card number to it, and written whole beside the
// finished number masked later it gives the whole number away. So for a run being typed even
// the 7th digit is too many: digits 7 to 12 are the middle a masked card never shows, and its
// last 4 are not known until the number is finished. A run is read as MaskBytes reads one —
// digits of any form joined by up to three separators (spaces of any kind, dashes, dots), with
// characters that show as nothing left out — but whatever the size of its groups, so every
// card number the finished text may hold starts in a run that shows at most its first 6
// digits. A run of 7 or more digits keeps its first 6, the rest become '*' ('＊' for a
// full-width digit), the text keeping its length. A run that stands whole in done (the same
// text as last finished: shown, saved and left) is not being typed and stays as it is. The
// result still goes through MaskText, like any text written.
func MaskTyping(s, done string) string {
	runs := typedRuns(s)
	if len(runs) == 0 {
		return s
	}
	finished := map[string]bool{}
	for _, r := range typedRuns(done) {
		finished[done[r.start:r.end]] = true
	}
	var b []byte
	for _, r := range runs {
		if finished[s[r.start:r.end]] {
			continue
		}
		if b == nil {
			b = []byte(s)
		}
		for _, d := range r.digits[typingKeep:] {
			hide(b, d[0], d[1])
		}
	}
	if b == nil {
		return s
	}
	return string(b)
}

// typedRun is a run of digits in a text: where it starts and ends (first and last digit) and
// where each digit stands.
type typedRun struct {
	start, end int
	digits     [][2]int
}

// typedRuns finds the runs of more than typingKeep digits in s (see MaskTyping).
func typedRuns(s string) []typedRun {
	var (
		out []typedRun
		cur typedRun
		gap int
	)
	flush := func() {
		if len(cur.digits) > typingKeep {
			cur.start, cur.end = cur.digits[0][0], cur.digits[len(cur.digits)-1][1]
			out = append(out, cur)
		}
		cur, gap = typedRun{}, 0
	}
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch _, digit := digitValue(r); {
		case digit:
			cur.digits = append(cur.digits, [2]int{i, i + w})
			gap = 0
		case invisible(r):
			// shows as nothing: neither joins nor parts the digits around it
		case len(cur.digits) > 0 && gap < maxGap && isSeparator(r):
			gap++
		default:
			flush()
		}
		i += w
	}
	flush()
	return out
}
