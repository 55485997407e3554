package serialio

import (
	"errors"
	"testing"
)

func TestCommand(t *testing.T) {
	seen := map[Command]bool{}
	for _, c := range Commands() {
		if seen[c] {
			t.Errorf("%s listed twice", c)
		}
		seen[c] = true
		if !c.Valid() {
			t.Errorf("%q is not a well-formed CMD", c)
		}
		got, err := ParseCommand(c.String())
		if err != nil || got != c {
			t.Errorf("ParseCommand(%q) = %q, %v", c, got, err)
		}
	}
	if len(seen) != 12 {
		t.Errorf("%d commands, PROTOCOL.md §5 has 12", len(seen))
	}
	for _, bad := range []string{"", "st", "ZZ", "STX", "S"} {
		if _, err := ParseCommand(bad); !errors.Is(err, ErrMessage) {
			t.Errorf("ParseCommand(%q) = %v, want ErrMessage", bad, err)
		}
	}
	if Command("ZZ").Known() || !Command("ZZ").Valid() {
		t.Error("ZZ is a well-formed CMD that §5 does not define")
	}
}
