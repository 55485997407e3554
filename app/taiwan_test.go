package app

import (
	"testing"

	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

// TestTraditionalReadsAsTaiwan: the UI's Traditional texts (zh_TW.json and the label tables of
// the steps, the status fields and the simulator's faults) use the trade's words as Taiwan
// writes them (印表機, 網路, 金鑰…: codebook.TaiwanWords), as the converted code book does.
func TestTraditionalReadsAsTaiwan(t *testing.T) {
	texts := map[string]string{} // Traditional text → where it is
	for k, v := range translationTables(t)["zh_TW.json"] {
		texts[v] = "zh_TW.json " + k
	}
	label := func(x locale.Text, from string) { texts[x.In(locale.ZHTW)] = from }
	for _, id := range diagnostics.StepIDs() {
		label(id.Name(), "step "+id.String())
		label(id.Title(), "step "+id.String())
	}
	for _, f := range serialio.StatusFields {
		label(f.Label, "ST field "+f.Name)
	}
	for _, sp := range termsim.FaultSpecs() {
		label(sp.Title, "fault "+sp.Name)
		label(sp.Desc, "fault "+sp.Name)
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
