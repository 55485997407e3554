package cli

import (
	"strings"
	"testing"
)

// TestMIDWholeInStatusAndCheck: seed 7's terminal has a MID (898584059120699) that passes the
// card check digit; it is the merchant's number, not a card's, and is printed whole by status
// (text and JSON) and by check's Chinese line, as the provider needs it.
func TestMIDWholeInStatusAndCheck(t *testing.T) {
	const mid = "898584059120699"
	for _, args := range [][]string{
		{"status", "--sim", "--seed", "7", "--json"},
		{"--lang", "zh", "status", "--sim", "--seed", "7"},
		{"--lang", "zh", "check", "--sim", "--seed", "7", "--speed", "50", "--yes", "--steps", "terminal"},
		{"--lang", "zh_TW", "check", "--sim", "--seed", "7", "--speed", "50", "--yes", "--steps", "terminal"},
	} {
		code, out, errs := runCLI(t, args...)
		if code != ExitOK || !strings.Contains(out, mid) {
			t.Errorf("%v: exit %d, no whole MID %s in\n%s%s", args, code, mid, out, errs)
		}
	}
}
