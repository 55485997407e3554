package serialio

import (
	"strconv"
	"strings"
)

// COMNumber reads the number of a Windows COM port from its name, as Windows lists it or a
// person types it: COM5, com12, \\.\COM12. ok is false for anything else (a path, COM0, a
// number with a leading zero).
func COMNumber(name string) (n int, ok bool) {
	s := strings.TrimSpace(name)
	s = strings.TrimPrefix(s, `\\.\`)
	if len(s) < 4 || !strings.EqualFold(s[:3], "COM") {
		return 0, false
	}
	digits := s[3:]
	if digits[0] == '0' || len(digits) > 3 {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n < 1 {
		return 0, false
	}
	return n, true
}

// devicePath is the name OpenPort hands the system for a port on goos. Windows opens COM1–COM9
// by their plain names but COM10 and above only through the device namespace (\\.\COM10), so on
// Windows every COM port is opened that way, whatever the case it was typed in; any other name,
// and every name elsewhere, is left as it is.
func devicePath(goos, name string) string {
	if goos != "windows" {
		return name
	}
	if n, ok := COMNumber(name); ok {
		return `\\.\COM` + strconv.Itoa(n)
	}
	return name
}

// lessPortName orders port names as a person counts: COM2 before COM10, /dev/ttyUSB2 before
// /dev/ttyUSB10; runs of digits compare by value, the rest byte by byte.
func lessPortName(a, b string) bool {
	for a != "" && b != "" {
		da, db := digitPrefix(a), digitPrefix(b)
		if da != "" && db != "" {
			ta, tb := strings.TrimLeft(da, "0"), strings.TrimLeft(db, "0")
			if len(ta) != len(tb) {
				return len(ta) < len(tb)
			}
			if ta != tb {
				return ta < tb
			}
			if len(da) != len(db) { // 01 and 1: equal values, the shorter first, so the order is total
				return len(da) < len(db)
			}
			a, b = a[len(da):], b[len(db):]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

// digitPrefix is the run of ASCII digits s starts with.
func digitPrefix(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}
