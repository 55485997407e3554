package golden

import (
	"os"
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that notes a failure instead of ending the test.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Fatal(...any)          { r.failed = true; panic(r) }
func (r *recorder) Fatalf(string, ...any) { r.failed = true; panic(r) }

func check(t *testing.T, path, got string) (failed bool) {
	r := &recorder{TB: t}
	defer func() {
		if p := recover(); p != nil && p != r {
			panic(p)
		}
		failed = r.failed
	}()
	Check(r, "output", path, got)
	return false
}

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.golden")
	if err := os.WriteFile(path, []byte("a\nb\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		got  string
		fail bool
	}{
		{"a\nb\n", false},
		{"a\nc\n", true},
		{"a\nb\nc\n", true},
		{"a\n", true},
	} {
		if failed := check(t, path, c.got); failed != c.fail {
			t.Errorf("Check(%q) failed = %v, want %v", c.got, failed, c.fail)
		}
	}
	if !check(t, filepath.Join(t.TempDir(), "missing.golden"), "a") {
		t.Error("a missing golden file passed")
	}
}
