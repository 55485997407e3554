package cli

import (
	"maps"
	"testing"

	"posdoctor/diagnostics/codebook"
)

// TestTraditionalReadsAsTaiwan: the command line's Traditional sentences use the trade's words
// as Taiwan writes them (印表機, 網路, 金鑰…: codebook.TaiwanWords), as the converted code book
// does.
func TestTraditionalReadsAsTaiwan(t *testing.T) {
	tables := maps.Clone(sentenceTables) // and those whose English is the key
	tables["commands"], tables["flags"], tables["usages"] = commandHelp, flagHelp, commandUsages
	n := 0
	for table, sentences := range tables {
		for id, m := range sentences {
			n++
			if want := codebook.TaiwanWords(m.ZHTW); want != m.ZHTW {
				t.Errorf("%s %q: %s\n\tTaiwan writes: %s", table, id, m.ZHTW, want)
			}
		}
	}
	for _, k := range knownErrors {
		if want := codebook.TaiwanWords(k.text.ZHTW); want != k.text.ZHTW {
			t.Errorf("the sentence of %q: %s\n\tTaiwan writes: %s", k.err, k.text.ZHTW, want)
		}
	}
	if n < 200 {
		t.Fatalf("only %d sentences: a table is missing", n)
	}
}
