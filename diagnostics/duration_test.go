package diagnostics

import (
	"testing"
	"time"

	"posdoctor/locale"
)

func TestDurationsInTheLanguage(t *testing.T) {
	for _, c := range []struct {
		d      time.Duration
		en, zh string
		tw     string
	}{
		{72 * time.Hour, "3 days", "3 天", "3 天"},
		{150 * time.Minute, "2.5 hours", "2.5 小时", "2.5 小時"},
		{-40 * time.Minute, "40 minutes", "40 分钟", "40 分鐘"},
		{9*time.Minute + 59*time.Second + 400*time.Millisecond, "10 minutes", "10 分钟", "10 分鐘"}, // a clock 10 minutes off, read a moment later
	} {
		s := roundDur(c.d)
		if s != c.en {
			t.Errorf("roundDur(%v) = %q, want %q", c.d, s, c.en)
		}
		for l, want := range map[locale.Lang]string{locale.EN: c.en, locale.ZH: c.zh, locale.ZHTW: c.tw} {
			if got := LocalArg(s, l); got != want {
				t.Errorf("LocalArg(%q, %v) = %v, want %q", s, l, got, want)
			}
		}
	}
	const txns = "2026-11-28 21:13 SALE ¥21.00 621226******0985 #043101; 2026-11-28 21:20 REFUND ¥3.00 622588******7791 #043107"
	for l, want := range map[locale.Lang]string{
		locale.ZH:   "2026-11-28 21:13 消费 ¥21.00 621226******0985 #043101; 2026-11-28 21:20 退货 ¥3.00 622588******7791 #043107",
		locale.ZHTW: "2026-11-28 21:13 消費 ¥21.00 621226******0985 #043101; 2026-11-28 21:20 退貨 ¥3.00 622588******7791 #043107",
		locale.EN:   txns,
	} {
		if got := LocalArg(txns, l); got != want {
			t.Errorf("LocalArg(records, %v) = %v, want %s", l, got, want)
		}
	}
	for _, v := range []any{"3 days ago", "PAX S920", 3, "hours", "SALE ¥3.00", "a SALE at 12:00 SALES ¥1"} {
		if got := LocalArg(v, locale.ZH); got != v {
			t.Errorf("LocalArg(%v) changed a value that is no duration: %v", v, got)
		}
	}
	args := map[string]any{"Age": "3 days", "Pending": 40, "RTT": []int64{3, 4}, "By": map[string]int{"05": 2}}
	if out := LocalArgs(args, locale.ZH); out["Age"] != "3 天" || args["Age"] != "3 days" || out["Pending"] != 40 {
		t.Errorf("LocalArgs = %v (the caller's map: %v)", out, args)
	}
}
