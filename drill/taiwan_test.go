package drill

import (
	"io/fs"
	"strings"
	"testing"

	"posdoctor/assets"
	"posdoctor/diagnostics/codebook"
)

// TestBuiltinTraditionalReadsAsTaiwan: the built-in drills' hand-written Traditional texts use
// the trade's words as Taiwan writes them (印表機, 網路, 金鑰, 簡訊…), as the code book's
// converted Traditional does, so a trainee in Taiwan never reads 打印機 in one place and 印表機
// in the next.
func TestBuiltinTraditionalReadsAsTaiwan(t *testing.T) {
	n := 0
	err := fs.WalkDir(assets.Drills, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(assets.Drills, p)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			_, text, ok := strings.Cut(line, "zh_TW:")
			if !ok {
				continue
			}
			n++
			if want := codebook.TaiwanWords(text); want != text {
				t.Errorf("%s:%d: %s\n\tTaiwan writes: %s", p, i+1, strings.TrimSpace(text), strings.TrimSpace(want))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 40 {
		t.Fatalf("only %d zh_TW texts found: the walk is broken", n)
	}
}
