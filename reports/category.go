package reports

import (
	"strings"

	"posdoctor/diagnostics"
	"posdoctor/enum"
	"posdoctor/locale"
)

// Category is the kind of problem an incident is about; the monthly report counts by it.
type Category int

// Categories. The zero value is CategoryOther, so an incident nobody classified counts as
// "other" rather than as a guess.
const (
	CategoryOther              Category = iota // none of the below, or not known yet
	CategoryCommunication                      // dial tone, line, SIM, signal, host link
	CategoryPrinter                            // paper, cover, print head, light printing
	CategoryKeypad                             // stuck or dead keys
	CategoryKeysSignOn                         // master key, working keys, sign-on, MAC errors
	CategoryCardReading                        // swipe, chip or contactless reading
	CategoryHostMerchantSetup                  // merchant or TID not set up or stopped at the host
	CategoryTransactionDispute                 // debit without success, duplicate charge, reversal
)

// categoryNames are stored and in JSON: never rename one.
var categoryNames = enum.Names[Category]{
	"other", "communication", "printer", "keypad", "keys-signon", "card-reading",
	"host-merchant-setup", "transaction-dispute",
}

var categoryLabels = [...]locale.Text{
	CategoryOther:              {ZH: "其他", ZHTW: "其他", EN: "Other"},
	CategoryCommunication:      {ZH: "通讯", ZHTW: "通訊", EN: "Communication"},
	CategoryPrinter:            {ZH: "打印机", ZHTW: "印表機", EN: "Printer"},
	CategoryKeypad:             {ZH: "键盘", ZHTW: "鍵盤", EN: "Keypad"},
	CategoryKeysSignOn:         {ZH: "密钥与签到", ZHTW: "金鑰與簽到", EN: "Keys and sign-on"},
	CategoryCardReading:        {ZH: "读卡", ZHTW: "讀卡", EN: "Card reading"},
	CategoryHostMerchantSetup:  {ZH: "主机/商户设置", ZHTW: "主機/商店設定", EN: "Host / merchant set-up"},
	CategoryTransactionDispute: {ZH: "交易争议", ZHTW: "交易爭議", EN: "Transaction dispute"},
}

// Categories lists every category in display order (other last).
func Categories() []Category {
	return []Category{
		CategoryCommunication, CategoryPrinter, CategoryKeypad, CategoryKeysSignOn,
		CategoryCardReading, CategoryHostMerchantSetup, CategoryTransactionDispute, CategoryOther,
	}
}

// String returns the category's stable name ("keys-signon"), as stored and in JSON.
func (c Category) String() string { return categoryNames.String(c) }

// ParseCategory reads a category name as String writes it.
func ParseCategory(s string) (Category, error) { return categoryNames.Parse(s) }

// MarshalText writes the category's name; a category without one is an error.
func (c Category) MarshalText() ([]byte, error) { return categoryNames.MarshalText(c) }

// UnmarshalText reads a category's name.
func (c *Category) UnmarshalText(b []byte) error { return categoryNames.UnmarshalText(c, b) }

// Labels returns the category's label in every language.
func (c Category) Labels() locale.Text { return categoryNames.Label(categoryLabels[:], c) }

// Label returns the category's label in lang.
func (c Category) Label(lang locale.Lang) string { return c.Labels().In(lang) }

// categoryOfArea files a problem area the checklist knows under an incident category.
var categoryOfArea = map[diagnostics.Area]Category{
	diagnostics.AreaCommunication:      CategoryCommunication,
	diagnostics.AreaPrinter:            CategoryPrinter,
	diagnostics.AreaKeypad:             CategoryKeypad,
	diagnostics.AreaKeysSignOn:         CategoryKeysSignOn,
	diagnostics.AreaCardReading:        CategoryCardReading,
	diagnostics.AreaHostMerchantSetup:  CategoryHostMerchantSetup,
	diagnostics.AreaTransactionDispute: CategoryTransactionDispute,
}

// symptomWords maps words of a reported symptom to a category, as technicians in the mainland
// and in Taiwan write them (打印 and 列印, 签到 and 簽到).
var symptomWords = []struct {
	words []string
	cat   Category
}{
	{[]string{"扣款", "扣钱", "扣錢", "重复", "重複", "冲正", "沖正", "退款", "debit", "charged twice", "duplicate", "reversal", "refund"}, CategoryTransactionDispute},
	{[]string{"打印", "列印", "印表機", "签购单", "簽購單", "簽單", "小票", "纸", "紙", "print", "slip", "paper"}, CategoryPrinter},
	{[]string{"按键", "按鍵", "键盘", "鍵盤", "死机", "當機", "keypad", "key stuck", "button"}, CategoryKeypad},
	{[]string{"签到", "簽到", "密钥", "金鑰", "密鑰", "MAC", "sign-on", "sign on", "key error"}, CategoryKeysSignOn},
	{[]string{"刷卡", "读卡", "讀卡", "插卡", "挥卡", "揮卡", "感應", "芯片", "晶片", "磁条", "磁條", "swipe", "card read", "chip", "contactless"}, CategoryCardReading},
	{[]string{"商户", "商戶", "终端号", "終端號", "merchant", "terminal id"}, CategoryHostMerchantSetup},
	{[]string{"拨号", "撥號", "线路", "線路", "通讯", "通訊", "网络", "網路", "信号", "訊號", "超时", "逾時", "斷線", "dial", "line", "network", "signal", "timeout", "offline"}, CategoryCommunication},
}

// guessOrder breaks GuessCategory's ties: a visit with an unconfirmed reversal and an empty
// printer is about the cardholder's money before it is about paper.
var guessOrder = []Category{
	CategoryTransactionDispute, CategoryHostMerchantSetup, CategoryKeysSignOn, CategoryCommunication,
	CategoryKeypad, CategoryCardReading, CategoryPrinter,
}

// GuessCategory proposes a category from the symptom and the runs' findings (each finding's
// area, diagnostics.AreaOf): each critical finding weighs 3, each warning 2, a word of the
// symptom 2; the heaviest wins. Ties go to what the merchant reported (the symptom's words),
// then to what is at stake first (guessOrder): money, then what only the provider can fix,
// then what stops sales. Nothing known gives CategoryOther.
func GuessCategory(symptom string, runs ...diagnostics.Report) Category {
	score := map[Category]int{}
	for _, r := range runs {
		for _, s := range r.Steps {
			for _, f := range s.Findings {
				c, ok := categoryOfArea[diagnostics.AreaOf(f.Code)]
				if !ok {
					continue
				}
				switch f.Severity {
				case diagnostics.SeverityCritical:
					score[c] += 3
				case diagnostics.SeverityWarning:
					score[c] += 2
				}
			}
		}
	}
	reported := map[Category]bool{}
	low := strings.ToLower(symptom)
	for _, sw := range symptomWords {
		for _, w := range sw.words {
			if strings.Contains(low, strings.ToLower(w)) {
				score[sw.cat] += 2
				reported[sw.cat] = true
				break
			}
		}
	}
	best, bestScore := CategoryOther, 0
	for _, c := range guessOrder {
		if score[c] > bestScore || score[c] == bestScore && bestScore > 0 && reported[c] && !reported[best] {
			best, bestScore = c, score[c]
		}
	}
	return best
}
