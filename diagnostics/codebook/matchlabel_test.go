package codebook

import (
	"testing"

	"posdoctor/locale"
)

// TestMatchLabels: every match kind is said in each language (the command line's "匹配：代码完全相同",
// not "匹配：code"), the Traditional as Taiwan writes it.
func TestMatchLabels(t *testing.T) {
	for m := MatchFuzzy; m <= MatchClosest; m++ {
		x := m.Label()
		if x.ZH == "" || x.ZHTW == "" || x.EN == "" || x.ZH == m.String() {
			t.Errorf("%v: %+v, want a label in every language", m, x)
		}
		if tw := ToTraditional(x.ZH); tw != x.ZHTW {
			t.Errorf("%v: ZHTW %q, the Simplified converts to %q", m, x.ZHTW, tw)
		}
		if x.In(locale.EN) == x.In(locale.ZH) {
			t.Errorf("%v: English %q is the Chinese", m, x.EN)
		}
	}
}
