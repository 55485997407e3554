package reports

import "testing"

// TestGuessCategoryReadsTaiwansWords: a symptom typed in Taiwan (沒出簽單, 刷卡沒反應, 一直逾時)
// points at the category its mainland twin does.
func TestGuessCategoryReadsTaiwansWords(t *testing.T) {
	for symptom, want := range map[string]Category{
		"沒出簽單，列印很淡":   CategoryPrinter,
		"刷卡沒反應，晶片讀不到": CategoryCardReading,
		"一直逾時，斷線":     CategoryCommunication,
		"按鍵沒反應，當機":    CategoryKeypad,
		"簽到失敗，金鑰錯誤":   CategoryKeysSignOn,
		"持卡人說重複扣錢":    CategoryTransactionDispute,
	} {
		if got := GuessCategory(symptom); got != want {
			t.Errorf("GuessCategory(%q) = %v, want %v", symptom, got, want)
		}
	}
}
