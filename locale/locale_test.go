package locale

import "testing"

func TestParse(t *testing.T) {
	for in, want := range map[string]Lang{
		"zh": ZH, "zh_CN": ZH, "zh-Hans": ZH, "zh_CN.UTF-8": ZH, "zh_TW": ZHTW, "zh-Hant-TW": ZHTW,
		"zh_HK.UTF-8": ZHTW, "en": EN, "en_US.UTF-8": EN, "EN": EN,
	} {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "fr", "zhx"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	for _, l := range Langs() {
		if got, _ := Parse(l.String()); got != l {
			t.Errorf("%v does not round-trip", l)
		}
	}
}

func TestText(t *testing.T) {
	x := Text{ZH: "打印机", EN: "Printer"}
	if x.In(ZH) != "打印机" || x.In(ZHTW) != "打印机" || x.In(EN) != "Printer" || x.Pair() != "打印机 / Printer" {
		t.Errorf("%q %q %q %q", x.In(ZH), x.In(ZHTW), x.In(EN), x.Pair())
	}
	y := Text{ZH: "打印機", ZHTW: "印表機", EN: ""}
	if y.In(ZHTW) != "印表機" || y.In(EN) != "打印機" || y.Pair() != "打印機" {
		t.Errorf("%q %q %q", y.In(ZHTW), y.In(EN), y.Pair())
	}
}

func TestWidth(t *testing.T) {
	for s, want := range map[string]int{"abc": 3, "好运来": 6, "４１": 4, "TID 终端": 8, "é": 1, "e\u0301": 1} {
		if got := Width(s); got != want {
			t.Errorf("Width(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestFoldWidth: what a full-width input method types reads as the ASCII it means; Chinese
// characters and 。 stay.
func TestFoldWidth(t *testing.T) {
	for in, want := range map[string]string{
		"ｓｔｕｃｋ－ｋｅｙ＝５": "stuck-key=5", "ＣＯＭ５": "COM5", "ａ０\u3000０３": "a0 03", "打印机缺纸。": "打印机缺纸。",
	} {
		if got := FoldWidth(in); got != want {
			t.Errorf("FoldWidth(%q) = %q, want %q", in, got, want)
		}
	}
}
