package reports

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"
)

// A schema 2 store (before reported, tombstones and meta) migrates to 3 keeping its visits,
// gets a device id once, and a read-only open of the old file still reads it.
func TestMigrationTwoToThree(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v2.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(migrations[0] + migrations[1] + "; PRAGMA user_version = 2"); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 5, 10, 30, 0, 0, cst)
	const id = "6b7c2a2e-9f1e-4a53-8d59-1c1f8e0a1b2c"
	if _, err := db.Exec(`INSERT INTO incidents (id, opened, updated, category, resolution, tid) VALUES (?, ?, ?, 'other', 'open', '12345678')`,
		id, fmtTime(now), fmtTime(now)); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// read-only: the old file is read as it is, without the new column, and has no device
	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := ro.Get(ctx, id); err != nil || got.TID != "12345678" || !got.Reported.IsZero() {
		t.Errorf("read-only Get of a schema 2 store: %+v, %v", got, err)
	}
	if _, err := ro.Device(ctx); !errors.Is(err, ErrNoDevice) {
		t.Errorf("device of a schema 2 store opened read-only: %v, want ErrNoDevice", err)
	}
	ro.Close()

	s := openStoreAt(t, path)
	var v int
	s.db.QueryRow("PRAGMA user_version").Scan(&v)
	if v != SchemaVersion() {
		t.Errorf("schema after migration %d, want %d", v, SchemaVersion())
	}
	dev, err := s.Device(ctx)
	if _, perr := uuid.Parse(dev); err != nil || perr != nil {
		t.Fatalf("device %q, %v", dev, err)
	}
	inc, err := s.Get(ctx, id)
	if err != nil || !inc.Reported.IsZero() {
		t.Fatalf("migrated visit: %+v, %v", inc, err)
	}
	inc.Reported = now.Add(-2 * time.Hour)
	if err := s.Save(ctx, inc); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(ctx, id); !got.Reported.Equal(inc.Reported) {
		t.Errorf("reported %v after save, want %v", got.Reported, inc.Reported)
	}
	if err := s.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	if ts, err := s.tombstone(ctx, s.db, id); err != nil || ts.IsZero() {
		t.Errorf("Delete left no tombstone: %v, %v", ts, err)
	}
	s.Close()

	// the device id is made once
	s = openStoreAt(t, path)
	defer s.Close()
	if again, _ := s.Device(ctx); again != dev {
		t.Errorf("device changed on reopen: %q, then %q", dev, again)
	}
}
