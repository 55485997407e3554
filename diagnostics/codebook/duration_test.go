package codebook

import (
	"strings"
	"testing"

	"posdoctor/locale"
)

// A finding whose message carries a duration reads it in the language (not "3 days" inside
// Chinese text).
func TestRenderedDurationsAreTranslated(t *testing.T) {
	key := "Last settlement {{.Age}} ago ({{.Time}}), {{.Pending}} transactions pending: settle (日终结算) before the terminal is swapped or sent away."
	args := map[string]any{"Age": "3 days", "Time": "2026-11-24 22:34", "Pending": 40}
	for l, want := range map[locale.Lang]string{locale.ZH: "3 天", locale.ZHTW: "3 天", locale.EN: "3 days"} {
		got := RenderMessage(l, key, args, "")
		if !strings.Contains(got, want) || (l != locale.EN && strings.Contains(got, "days")) {
			t.Errorf("%v: %q, want %q in it", l, got, want)
		}
	}
}
