package codebook_test

import (
	"testing"

	"posdoctor/diagnostics/codebook"
)

// TestLetterOForZero: a code copied from the screen with the letter O for its zero (AO, ＡＯ,
// O3) finds the code first, said as a typo (fuzzy), never as an exact code; a query with an O
// that no code reads as (NO) is searched as before.
func TestLetterOForZero(t *testing.T) {
	b, err := codebook.Default()
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{"AO": "A0", "ａｏ": "A0", "O3": "03", "o5": "05"} {
		res := b.Search(q, 5)
		if len(res) == 0 || res[0].Entry.Code != want || res[0].Match != codebook.MatchFuzzy {
			var first string
			if len(res) > 0 {
				first = res[0].Entry.Code + " " + res[0].Match.String()
			}
			t.Errorf("Search(%q) first %q, want %s as a typo", q, first, want)
		}
	}
	if res := b.Search("A0", 1); len(res) == 0 || res[0].Match != codebook.MatchCode {
		t.Errorf("the code itself is no longer an exact match: %+v", res)
	}
	if res := b.Search("NO", 3); len(res) > 0 && res[0].Match == codebook.MatchFuzzy && res[0].Entry.Code == "N0" {
		t.Errorf("NO read as a code with a zero: %+v", res[0])
	}
}
