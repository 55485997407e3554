package reports

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestIssue9Item18ExportNamesTheUsersPath: a report that cannot be written names the path the
// user gave and its folder, never the temporary file it is written through.
func TestIssue9Item18ExportNamesTheUsersPath(t *testing.T) {
	inc := testIncident(time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC), 3)
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing", "dir", "x.xlsx")
	err := ExportExcel(missing, inc, ExcelOptions{})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing folder: err = %v, want one matching fs.ErrNotExist", err)
	}
	if err == nil || strings.Contains(err.Error(), ".tmp") || !strings.Contains(err.Error(), missing) ||
		!strings.Contains(err.Error(), filepath.Dir(missing)+" does not exist") {
		t.Errorf("missing folder: %v; want the path given and that its folder does not exist", err)
	}

	file := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	under := filepath.Join(file, "x.xlsx")
	err = ExportExcel(under, inc, ExcelOptions{})
	if err == nil || strings.Contains(err.Error(), ".tmp") || !strings.Contains(err.Error(), file+" is not a folder") {
		t.Errorf("folder is a file: %v; want it said that %s is not a folder", err, file)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the failed exports left files behind: %v", entries)
	}
}
