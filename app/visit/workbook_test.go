package visit

import (
	"testing"

	"posdoctor/locale"
)

// TestWorkbookChinese: only a reader of Traditional gets a conversion, and it writes Taiwan's
// words; Simplified and English readers get the workbook as it is.
func TestWorkbookChinese(t *testing.T) {
	for _, c := range []struct {
		l    locale.Lang
		want string
	}{{locale.ZHTW, "簽購單與金鑰 622202******7894"}, {locale.ZH, ""}, {locale.EN, ""}} {
		conv := WorkbookChinese(c.l)
		if c.want == "" {
			if conv != nil {
				t.Errorf("%s: a conversion", c.l)
			}
			continue
		}
		if conv == nil {
			t.Fatalf("%s: no conversion", c.l)
		}
		if got := conv("签购单与密钥 622202******7894"); got != c.want {
			t.Errorf("%s: %q, want %q", c.l, got, c.want)
		}
	}
}
