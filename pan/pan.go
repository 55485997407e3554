// Package pan keeps card numbers (primary account numbers) from leaving the terminal unmasked:
// it finds Luhn-valid runs of 13-19 digits in text or bytes and keeps at most the first 6 and
// the last 4 digits. It is a leaf package: it imports nothing of the project.
package pan

// Luhn reports whether the digits pass the Luhn check.
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

// MaskCard masks one card-number field as received: every digit after the first 6 and before
// the last 4 becomes '*'. Other characters stay. A value with 10 digits or fewer is returned
// unchanged (nothing to hide beyond first 6 and last 4).
func MaskCard(s string) string {
	b := []byte(s)
	var pos []int
	for i, c := range b {
		if c >= '0' && c <= '9' {
			pos = append(pos, i)
		}
	}
	if len(pos) <= 10 {
		return s
	}
	for _, p := range pos[6 : len(pos)-4] {
		b[p] = '*'
	}
	return string(b)
}

// MaskText returns s with every card number in it masked (see MaskBytes).
func MaskText(s string) string {
	b := []byte(s)
	if MaskBytes(b) == 0 {
		return s
	}
	return string(b)
}

// MaskBytes masks, in place, every run of 13-19 digits that passes the Luhn check, written
// with or without single spaces or dashes between digits: the digits after the first 6 and
// before the last 4 become '*'. Inside a longer run of digits, every 13-19 digit window that
// passes Luhn is masked (a PAN glued to other digits is still a PAN). A 14-digit run that
// reads as a YYYYMMDDhhmmss time stamp is left alone. Length is kept, so it is
// safe on raw frames. It returns how many digits it masked. A PAN glued to fewer than 20 other
// digits in all is not searched for inside the run: windows inside every long number would
// also mangle merchant ids and serial numbers.
func MaskBytes(b []byte) int {
	masked := 0
	var pos []int // positions of the digits of the current run
	flush := func() {
		if len(pos) >= 13 {
			masked += maskRun(b, pos)
			// a run joined by separators may hide a PAN in some of its groups
			// ("No 5 4111 1111 1111 1111"): judge every run of whole groups on its own too
			var groups [][]int
			start := 0
			for i := 1; i <= len(pos); i++ {
				if i == len(pos) || pos[i] != pos[i-1]+1 {
					groups = append(groups, pos[start:i])
					start = i
				}
			}
			for i := range groups {
				n := 0
				for j := i; j < len(groups) && n < len(pos); j++ {
					n += len(groups[j])
					if n > 19 {
						break
					}
					if n >= 13 && !(i == 0 && j == len(groups)-1) {
						masked += maskRun(b, pos[index(pos, groups[i][0]):index(pos, groups[j][len(groups[j])-1])+1])
					}
				}
			}
		}
		pos = pos[:0]
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			pos = append(pos, i)
		case (c == ' ' || c == '-') && len(pos) > 0 && i+1 < len(b) && b[i+1] >= '0' && b[i+1] <= '9' && pos[len(pos)-1] == i-1:
			// a single separator between digits continues the run
		default:
			flush()
		}
	}
	flush()
	return masked
}

func maskRun(b []byte, pos []int) int {
	digits := make([]byte, len(pos))
	for i, p := range pos {
		if b[p] == '*' {
			return 0 // part of it was masked already: what is left is at most 6 + 4 digits
		}
		digits[i] = b[p]
	}
	hide := make([]bool, len(pos))
	mark := func(start, n int) {
		for k := start + 6; k < start+n-4; k++ {
			hide[k] = true
		}
	}
	if len(pos) <= 19 {
		// a run of 13-19 digits is a PAN when it passes Luhn, unless it is a 14-digit
		// YYYYMMDDhhmmss time stamp (no card scheme issues 14-digit numbers starting 19 or 20)
		if Luhn(digits) && !isTimestamp(digits) {
			mark(0, len(pos))
		}
	} else {
		for start := 0; start+13 <= len(pos); start++ {
			for n := 13; n <= 19 && start+n <= len(pos); n++ {
				if Luhn(digits[start : start+n]) {
					mark(start, n)
				}
			}
		}
	}
	count := 0
	for i, h := range hide {
		if h && b[pos[i]] != '*' {
			b[pos[i]] = '*'
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

// index returns where p stands in pos (pos is sorted).
func index(pos []int, p int) int {
	for i, q := range pos {
		if q == p {
			return i
		}
	}
	return -1
}
