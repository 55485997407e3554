package diagnostics

import (
	"testing"

	"posdoctor/locale"
)

func TestEvidenceReadsInTheLanguage(t *testing.T) {
	for _, c := range []struct {
		key       string
		v         any
		label, zh string
	}{
		{"naks", float64(0), "NAK 次数", "0"},
		{"paper", "OUT", "打印纸", "缺纸"},
		{"pt_cover", "CLOSED", "打印时仓盖", "关闭"},
		{"dialtone", "NA", "拨号音", "不适用"},
		{"sim", "READY", "SIM 卡", "就绪"},
		{"slip_legible", true, "测试单清晰", "是"},
		{"hosttime", "20261128112420", "主机时间", "2026-11-28 11:24:20"},
		{"lastsettle", "20261127223200", "上次结算", "2026-11-27 22:32:00"},
		{"failed_by_rc", map[string]any{"05": float64(3), "51": float64(6), "A0": float64(3)}, "各应答码的失败笔数", "51 ×6, 05 ×3, A0 ×3"},
		{"echo_rtt_ms", []any{float64(3), float64(4)}, "回送往返时间（毫秒）", "3, 4"},
		{"keys", "1,2,ENTER", "按键", "1, 2, ENTER"},
		{"mname", "上海静安便民超市", "商户名称", "上海静安便民超市"},
	} {
		if got := EvidenceLabel(c.key, locale.ZH); got != c.label {
			t.Errorf("EvidenceLabel(%s) = %q, want %q", c.key, got, c.label)
		}
		if got := EvidenceText(c.key, c.v, locale.ZH); got != c.zh {
			t.Errorf("EvidenceText(%s, %v) = %q, want %q", c.key, c.v, got, c.zh)
		}
	}
	if got := EvidenceLabel("brand_new_key", locale.ZH); got != "brand_new_key" {
		t.Errorf("an unknown key: %q", got)
	}
}
