package drill

import (
	"os"
	"strings"
	"testing"
)

// TestDocsListEveryAction: docs/drills.md's vocabulary table has a row for every action with
// its labels as the picker shows them, so the trainer's reference never drifts from the code.
func TestDocsListEveryAction(t *testing.T) {
	doc, err := os.ReadFile("../docs/drills.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range Actions() {
		row := "| `" + string(a.ID) + "` | " + a.Title.ZH + " | " + a.Title.EN + " |"
		if !strings.Contains(string(doc), row) {
			t.Errorf("docs/drills.md has no row %q", row)
		}
	}
}
