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
		"数据包已导入":      "資料包已匯入",
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
		// a bank branch, a file, a field, support: words a Taiwan reader stumbles on
		"终端所属网点，全部网点":          "終端所屬分行，全部分行", // 網點 is halftone dots
		"接收方不支持文件更新":           "接收方不支援檔案更新",
		"文件更新字段编辑错误":           "檔案更新欄位編輯錯誤",
		"打开文件夹，证明文件":           "打開資料夾，證明文件", // a document stays 文件
		"最新导出，未导入":             "最新匯出，未匯入",
		"芯片卡禁止降级":              "晶片卡禁止降級",
		"开机就死机，黑屏":             "開機就當機，螢幕全黑",
		"按键粘住":                 "按鍵黏住",
		"主机拒绝连接，连接失败":          "主機拒絕連線，連線失敗",
		"已连接，检查连接线和连接埠":        "已連線，檢查連接線和連接埠", // a cable and a port keep 連接
		"主机应答后链路断开，发卡行断链":      "主機應答後線路斷開，發卡行斷線",
		"主机 IP/端口或主机地址错":       "主機 IP/連接埠或主機位址錯",
		"商店地址":                 "商店地址", // a shop's address stays
		"USB 转串口适配器，电源适配器不是原装": "USB 轉序列埠轉接器，變壓器不是原廠",
		"检查网线和线缆":              "檢查網路線和纜線",
		"重新运行该检查":              "重新執行該檢查",
		"终端当前没有签到":             "終端目前沒有簽到",
		"终端存储的终端号，用户":          "終端儲存的終端號，使用者",
		"安卓 POS 客户端":           "安卓 POS 用戶端",
		"版本不匹配":                "版本不相符",
		"换运营商的流量卡，开了呼叫转移":      "換電信業者的流量卡，開了來電轉接",
		"交易地点或渠道限制，网上交易":       "交易地點或通路限制，線上交易",
		"支付网关":                 "支付閘道",
		"无法联网，没有联网上送":          "無法連網，沒有連網上送",
		"银联网络，银行卡联网联合技术规范":     "銀聯網路，銀行卡聯網聯合技術規範", // 聯網 alone stays
		"TML/1 协议字段，受理协议":      "TML/1 協定欄位，受理協議",
		"传感器检测不到，没有检测到":        "感測器偵測不到，沒有偵測到",
		"显示屏损坏":                "螢幕損壞",
		"厂商文档，本站文件，公开源代码":      "廠商文件，本站檔案，公開原始碼", // the sources' kinds
		"匹配：代码完全相同":            "相符：代碼完全相同",
		"按应答码查本代码书，交易响应码，主机响应": "按回應碼查本代碼書，交易回應碼，主機回應",
		"银联 POS 应答码表":          "銀聯 POS 回應碼表", // not 碼錶 (a stopwatch)
		"交易超时，超时的那笔":           "交易逾時，逾時的那筆",
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
