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
		// the journal, the merchant, messages, checks, risk control, offline, as Taiwan says them
		"先查流水（交易明细）":     "先查交易紀錄（交易明細）",
		"终端的交易流水":        "終端的交易紀錄",
		"流水号重复":          "流水號重複", // the trace number keeps its name
		"没出小票":           "沒出簽單",
		"核对商户号，请商户联系收单行": "核對商店代號，請商店聯絡收單行",
		"特约商户调账申请表":      "特約商店調帳申請表",
		"需送到服务网点":        "需送到服務據點",
		"报文鉴别码校验失败":      "訊息鑑別碼驗證失敗",
		"签到报文格式错误":       "簽到電文格式錯誤",
		"工作密钥校验值正常":      "工作金鑰檢查值正常",
		"卡片校验值（CVN）":     "卡片驗證值（CVN）",
		"卡号校验位不正确":       "卡號檢查碼不正確",
		"字节带偶校验位":        "位元組帶偶同位元",
		"MAC校验错":         "MAC驗證錯",
		"还可能触发风控":        "還可能觸發風險控管",
		"有脱机交易未上送":       "有離線交易未上送",
		"欺诈风险":           "詐欺風險",
		"商户未签相关受理协议":     "商店未簽相關受理協議", // not 籤 (a lot)
		"一笔交易被发送了两次":     "一筆交易被發送了兩次", // not 髮 (hair)
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
