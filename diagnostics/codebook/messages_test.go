package codebook

import (
	"strings"
	"testing"

	"posdoctor/locale"
)

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
		"发卡行拒绝":       "發卡行拒絕", // not 髮卡 (a hairpin)
		"修好后重打印签购单":   "修好後重印簽購單",
		"主密钥丢失，没有信号":  "主金鑰丟失，沒有訊號",
	} {
		if got := ToTraditional(in); got != want {
			t.Errorf("ToTraditional(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRenderMessageTranslatesTemplateArgs: an arg that is itself a template (why the keypad
// test ended) is said in the message's language, not left in English inside it.
func TestRenderMessageTranslatesTemplateArgs(t *testing.T) {
	key := "{{.Seen}} of {{.Total}} keys seen ({{.End}})"
	args := map[string]any{"Seen": 19, "Total": 19, "End": "all keys seen"}
	for l, want := range map[locale.Lang]string{locale.ZH: "所有按键均已检测到", locale.ZHTW: "所有按鍵均已偵測到", locale.EN: "all keys seen"} {
		got := RenderMessage(l, key, args, "")
		if !strings.Contains(got, want) || (l != locale.EN && strings.Contains(got, "all keys")) {
			t.Errorf("%v: %q, want it to say %q", l, got, want)
		}
	}
	if args["End"] != "all keys seen" {
		t.Error("the report's args were changed")
	}
}
