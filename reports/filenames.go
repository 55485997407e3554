package reports

import "strings"

// fileNameTID is a terminal id fit for a file name: only ASCII letters, digits and '-' kept,
// "unknown" when none is left. The incident report and the merchant's forms name their files
// with it, so a visit's files sort together by terminal.
func fileNameTID(tid string) string {
	tid = strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '-' {
			return r
		}
		return -1
	}, tid)
	if tid == "" {
		return "unknown"
	}
	return tid
}
