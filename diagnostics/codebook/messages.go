package codebook

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"sync"

	"posdoctor/assets"
	"posdoctor/diagnostics"
	"posdoctor/locale"
)

// The checklist's summaries and finding messages are templates (diagnostics.MessageTemplates)
// whose translations the app ships in assets/translations. The command line and the workbooks
// read them here, without Fyne: the book is the offline text a technician reads, and this
// package is the one of the domain that may read the assets.

// catalogues holds assets/translations/{zh,zh_TW,en}.json by language; a file that is missing
// or does not decode leaves its language empty (English templates are then shown).
var catalogues = sync.OnceValue(func() map[locale.Lang]map[string]string {
	out := map[locale.Lang]map[string]string{}
	for _, l := range locale.Langs() {
		b, err := assets.Translations.ReadFile("translations/" + l.String() + ".json")
		if err != nil {
			continue
		}
		m := map[string]string{}
		if json.Unmarshal(b, &m) == nil {
			out[l] = m
		}
	}
	return out
})

// Translation returns the translation of key (a template or a sentence of the UI) in l, and
// whether the translations have it.
func Translation(l locale.Lang, key string) (string, bool) {
	s, ok := catalogues()[l][key]
	return s, ok && s != ""
}

// RenderMessage renders a summary or finding message template in l from its translation,
// as diagnostics.RenderMessage renders it in English. A template without a translation, or
// whose translation does not render with args, is rendered as it is; an empty key gives
// fallback (the English text a report kept).
func RenderMessage(l locale.Lang, key string, args map[string]any, fallback string) string {
	if key == "" {
		return fallback
	}
	if t, ok := Translation(l, key); ok {
		if s, err := diagnostics.RenderMessage(t, LocalArgs(l, args)); err == nil {
			return s
		}
	}
	if s, err := diagnostics.RenderMessage(key, args); err == nil {
		return s
	}
	return fallback
}

// templates is the set of diagnostics.MessageTemplates.
var templates = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, k := range diagnostics.MessageTemplates() {
		m[k] = true
	}
	return m
})

// LocalArgs is args for a message in l: durations in l's words (diagnostics.LocalArgs), and
// the values that are themselves templates (why the keypad test ended: "all keys seen")
// translated, so no English is left inside a sentence. args itself is not changed: it
// belongs to the report.
func LocalArgs(l locale.Lang, args map[string]any) map[string]any {
	args = diagnostics.LocalArgs(args, l)
	var out map[string]any
	for k, v := range args {
		s, ok := v.(string)
		if !ok || !templates()[s] {
			continue
		}
		if t, ok := Translation(l, s); ok {
			if out == nil {
				out = maps.Clone(args)
			}
			out[k] = t
		}
	}
	if out == nil {
		return args
	}
	return out
}

// s2t converts Simplified to Traditional Chinese with OpenCC's s2tw dictionaries, embedded in
// the opencc module like t2s: s2t's characters, then Taiwan's standard forms of the few that
// differ (爲→為, 裏→裡, 啓→啟, 覈→核: TWVariants); nil only if they fail to build.
var s2t = converter("s2tw")

// taiwanTerms are the words Taiwan writes otherwise than the mainland, for the terms of this
// trade, in pairs: the mainland's word as s2t writes it, then Taiwan's. s2t converts characters
// only (網絡 stays the mainland's word), and OpenCC's s2twp phrases go too far for it (代碼
// became 程式碼, source code). A key is matched where s2t's output has it, so it is spelled as
// s2t writes it (移動網絡, not 移動網路); at one place the first key that matches wins, so a
// longer key comes before a shorter one it starts with (TestTaiwanWordsReachable). The search
// reads every pair the other way (regional, normalize.go): a query in Taiwan's words finds
// what the book says in the mainland's.
var taiwanTerms = []string{
	"打印機", "印表機", "打印", "列印", "網絡", "網路", "軟件", "軟體", "硬件", "硬體",
	"信息", "資訊", "內存", "記憶體", "默認", "預設", "文件夾", "資料夾", "數據包", "資料包", "數據", "資料",
	"視頻", "影片", "菜單", "選單", "屏幕", "螢幕", "設置", "設定", "短信", "簡訊", "激活", "啟用",
	"U盤", "隨身碟", "鼠標", "滑鼠", "服務器", "伺服器",
	"重打印", "重印", "密鑰", "金鑰", "信號", "訊號", "聯繫", "聯絡",
	"程序", "程式", "固件", "韌體", "串口", "序列埠", "波特率", "鮑率", "模塊", "模組", "界面", "介面",
	"後臺", "後台", "質量", "品質", "熱敏", "感熱", "字節", "位元組", "上門記錄", "到場記錄",
	// a response code is 回應碼, as the screens and the workbooks' labels say it
	"應答碼錶", "回應碼表", "應答碼", "回應碼", "響應碼", "回應碼", "響應", "回應", // 錶: see 碼錶 below
	"超時", "逾時", // a timeout, as the screens say it (交易逾時)
	// mobile (移动) is 行動 in Taiwan: s2t writes 網絡 and 信號, which the keys must spell so;
	// 網路 and 訊號 are for Traditional written by hand
	"移動終端", "行動終端", "移動網絡", "行動網路", "移動網路", "行動網路", "移動信號", "行動訊號",
	"移動訊號", "行動訊號", "移動 POS", "行動 POS", "移動POS", "行動POS",
	// the terminal's journal (流水) is its 交易紀錄; the trace number (流水號) keeps its name,
	// which Taiwan writes too
	"交易流水號", "交易流水號", "流水號", "流水號", "交易流水", "交易紀錄", "流水", "交易紀錄",
	"小票", "簽單", // the slip, as the cashier says it; the book's 簽購單 stays
	// the merchant (商户) is a 商店: his MID (商户号) the 商店代號, UnionPay's contracted merchant
	// (特约商户) Taiwan's 特約商店
	"商戶號", "商店代號", "特約商戶", "特約商店", "商戶", "商店",
	"服務網點", "服務據點", // where a broken terminal is taken
	// the branch a terminal belongs to, the monthly report's unit: a bank's 分行 (bare 網點
	// reads as halftone dots in Taiwan)
	"網點", "分行",
	// a computer file (文件) is a 檔案: ISO 8583's file maintenance; 文件 alone stays, a document
	// in Taiwan too (the Documents folder, 證明文件)
	"文件更新", "檔案更新", "文件維護", "檔案維護", "文件被鎖定", "檔案被鎖定", "文件上記錄", "檔案上記錄",
	"文檔", "文件", "本站文件", "本站檔案", "源代碼", "原始碼", // a vendor's documents; the site's file; source code
	"字段", "欄位", "支持", "支援", "導入", "匯入", "導出", "匯出", "運行", "執行", "當前", "目前",
	"存儲", "儲存", "用戶端", "用戶端", "客戶端", "用戶端", "用戶", "使用者", "匹配", "相符",
	"端口", "連接埠", "網關", "閘道", "網線", "網路線", "線纜", "纜線",
	"電源適配器", "變壓器", "適配器", "轉接器", "原裝", "原廠", // a USB-serial adapter; the mains adapter
	"芯片", "晶片", "死機", "當機", "黑屏", "螢幕全黑", "顯示屏", "螢幕", "粘", "黏", // a chip card; a key stuck down
	"運營商", "電信業者", "呼叫轉移", "來電轉接", "渠道", "通路", "網上交易", "線上交易",
	// a connection to the host or the terminal (連接) is a 連線; a cable (連接線) and a port
	// (連接埠) keep 連接, and so does connecting a thing. The link (鏈路) is the 線路, as the
	// screens say it (線路中斷, 線路太差)
	"連接測試", "連線測試", "撥號連接", "撥號連線", "拒絕連接", "拒絕連線", "建立連接", "建立連線",
	"連接失敗", "連線失敗", "已連接", "已連線", "連接斷", "連線斷", "鏈路", "線路", "斷鏈", "斷線",
	"無法聯網", "無法連網", "沒有聯網", "沒有連網", // 聯網 alone stays: 物聯網, 銀聯網絡, a spec's name
	"主機地址", "主機位址", "地址錯", "位址錯", "USB 口", "USB 埠", // a network address, a port; a shop's 地址 stays
	"協議字段", "協定欄位", "TML/1 協議", "TML/1 協定", // a protocol; an agreement (受理協議) stays
	"檢測不到", "偵測不到", "檢測到", "偵測到", "傳感器", "感測器",
	// a message of ISO 8583 or TML/1 (报文) is 電文 in Taiwan's banking; its MAC (报文鉴别码),
	// 訊息鑑別碼
	"報文鑑別碼", "訊息鑑別碼", "報文", "電文",
	// a check (校验): a key's check value (校验值) is its 檢查值, a card's verification value
	// (CVN) 卡片驗證值, a check digit or code 檢查碼, a checksum 檢查和, a parity bit 同位元;
	// checking a MAC, a PIN, a key is 驗證
	"卡片校驗值", "卡片驗證值", "校驗值", "檢查值", "校驗位", "檢查碼", "校驗碼", "檢查碼", "校驗和", "檢查和",
	"偶校驗位", "偶同位元", "奇校驗位", "奇同位元", "偶校驗", "偶同位", "奇校驗", "奇同位", "校驗", "驗證",
	"風控", "風險控管", // the issuer's risk control
	"脫機", "離線", // offline (脱机交易: an offline sale)
	"欺詐", "詐欺", // fraud
}

// taiwanSpellings are characters s2t writes wrongly for this trade, and Taiwan's punctuation:
// the same words as the mainland's, which the search folds to one already (t2s).
var taiwanSpellings = []string{
	"衝正", "沖正", // a reversal offsets (沖) the sale: s2t writes 衝 (to rush)
	"髮卡", "發卡", // the issuer (发卡行): s2t's phrase table writes 髮卡, a hairpin
	"籤購單", "簽購單", // the sales slip is signed (簽); s2t writes 籤, a lot
	"碼錶", "碼表", // a code table (代码表); s2t writes 錶, a stopwatch
	"幹了", "乾了", // spilt drink dried (干了); s2t writes 幹, to do
	"未籤", "未簽", // not signed (未签相关协议); s2t writes 籤
	"髮送", "發送", // sent (被发送); s2t writes 髮, hair
	"賬", "帳", // an account, a ledger: Taiwan writes 帳 (帳戶, 對帳)
	"“", "「", "”", "」", // Taiwan quotes with corner brackets
	"叄", "參", // capital three on a voucher (人民币叁拾 → 參拾, as Taiwan's cheques write it); s2t writes 叄
}

// taiwanWords replaces the mainland's words and s2t's wrong characters with Taiwan's.
var taiwanWords = strings.NewReplacer(slices.Concat(taiwanSpellings, taiwanTerms)...)

// TaiwanWords is s, Traditional Chinese, with the trade's words as Taiwan writes them
// (taiwanWords): for Traditional text written by hand, which should read as the converted does.
func TaiwanWords(s string) string { return taiwanWords.Replace(s) }

// ToTraditional converts the book's Simplified text to Traditional Chinese as Taiwan writes
// it (characters, and the trade's words in taiwanWords); s unchanged if the conversion fails.
func ToTraditional(s string) string { return taiwanWords.Replace(convert(s2t(), s)) }
