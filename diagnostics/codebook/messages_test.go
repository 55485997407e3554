package codebook

import "testing"

// TestToTraditionalTaiwanWords: Traditional Chinese reads as Taiwan writes it, the trade's words
// included, and the domain's terms keep their meaning.
func TestToTraditionalTaiwanWords(t *testing.T) {
	for in, want := range map[string]string{
		"打印机缺纸，请检查网络": "印表機缺紙，請檢查網路",
		"软件信息":        "軟體資訊",
		"终端号":         "終端號",
		"错误代码":        "錯誤代碼", // not 程式碼 (source code)
		"冲正未确认":       "沖正未確認",
		"数据包已导入":      "資料包已導入",
	} {
		if got := ToTraditional(in); got != want {
			t.Errorf("ToTraditional(%q) = %q, want %q", in, got, want)
		}
	}
}
