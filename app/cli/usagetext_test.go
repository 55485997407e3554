package cli

import (
	"testing"

	"posdoctor/locale"
)

// usageIn takes any name: one that names no command ("", spaces) gives the English back.
func TestUsageInAnyName(t *testing.T) {
	for _, name := range []string{"", "  ", "drill", "no such"} {
		if got := usageIn(locale.ZH, name, "usage: x\n"); got != "usage: x\n" {
			t.Errorf("usageIn(%q) = %q", name, got)
		}
	}
	if got := usageIn(locale.ZH, "drill run", drillUsage); got == drillUsage {
		t.Errorf("drill run's usage in zh is the English")
	}
}
