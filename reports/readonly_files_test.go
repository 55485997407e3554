package reports

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReadOnlyLeavesNoFiles: listing a store nobody has open leaves no -wal or -shm file beside
// it (SQLite would create them, and a read-only connection cannot remove them).
func TestReadOnlyLeavesNoFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "incidents.db")
	s := openStoreAt(t, path)
	if err := s.Save(context.Background(), NewIncident(time.Now())); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTraining(context.Background(), trainingRecord("r1", "张三", 90, true, time.Now())); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, _ := os.ReadDir(dir)
	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	if l, err := ro.List(context.Background(), Filter{}); err != nil || len(l) != 1 {
		t.Fatalf("List = %v, %v", l, err)
	}
	if _, breaks, err := ro.VerifyTraining(context.Background()); err != nil || len(breaks) != 0 {
		t.Fatalf("VerifyTraining = %v, %v", breaks, err)
	}
	ro.Close()
	after, _ := os.ReadDir(dir)
	if len(after) != len(before) {
		names := []string{}
		for _, e := range after {
			names = append(names, e.Name())
		}
		t.Errorf("a read-only open left files: before %d entries, after %v", len(before), names)
	}
}

// A store another program keeps in rollback-journal mode (it may be writing it in place) is not
// read immutable; a WAL store nobody has open is.
func TestWALModeIsReadFromTheHeader(t *testing.T) {
	dir := t.TempDir()
	wal := filepath.Join(dir, "wal.db")
	s := openStoreAt(t, wal)
	s.Close()
	if !walMode(wal) {
		t.Error("posdoctor's own store does not read as WAL")
	}
	rollback := filepath.Join(dir, "rollback.db")
	db, err := sql.Open("sqlite", rollback)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE x (a)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if walMode(rollback) || walMode(filepath.Join(dir, "missing.db")) {
		t.Error("a rollback-journal file or a missing one reads as WAL")
	}
	if strings.Contains(roDSN(rollback), "immutable") {
		t.Errorf("a rollback-journal file is read immutable: %s", roDSN(rollback))
	}
}
