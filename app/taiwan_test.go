package app

import (
	"testing"

	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
)

// TestTraditionalReadsAsTaiwan: the UI's Traditional texts (zh_TW.json and the label tables of
// the steps, the status fields and the simulator's faults) use the trade's words as Taiwan
// writes them (印表機, 網路, 金鑰…: codebook.TaiwanWords), as the converted code book does.
func TestTraditionalReadsAsTaiwan(t *testing.T) {
	texts := map[string]string{} // Traditional text → where it is
	for k, v := range translationTables(t)["zh_TW.json"] {
		texts[v] = "zh_TW.json " + k
	}
	for _, lt := range labelTexts() {
		texts[lt.text.In(locale.ZHTW)] = lt.from
	}
	if len(texts) < 500 {
		t.Fatalf("only %d texts: a table is missing", len(texts))
	}
	for s, from := range texts {
		if want := codebook.TaiwanWords(s); want != s {
			t.Errorf("%s: %s\n\tTaiwan writes: %s", from, s, want)
		}
	}
}
