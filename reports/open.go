package reports

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// sqliteHeader starts every SQLite 3 database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// openTimeout bounds the checks made at open.
const openTimeout = 30 * time.Second

// inspectPath resolves path (DefaultDBPath when "") and inspects the file there.
func inspectPath(ctx context.Context, path string) (abs string, version int, damage string, err error) {
	abs, err = storePath(path)
	if err != nil {
		return "", 0, "", err
	}
	version, damage, err = inspect(ctx, abs)
	return abs, version, damage, err
}

// inspect looks at the file at abs without writing to it: whether it exists, is SQLite, is
// ours (schema version and tables), and passes PRAGMA quick_check. version is our schema
// version (0 for a new, empty file); damage is quick_check's complaint ("" when sound).
func inspect(ctx context.Context, abs string) (version int, damage string, err error) {
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return 0, "", fmt.Errorf("%w: %s does not exist", ErrNoStore, abs)
	case err != nil:
		return 0, "", fmt.Errorf("open incident store %s: %w", abs, err)
	case !fi.Mode().IsRegular():
		return 0, "", fmt.Errorf("%w: %s is not a regular file", ErrNotStore, abs)
	case fi.Size() == 0:
		return 0, "", fmt.Errorf("%w: %s is empty", ErrNoStore, abs)
	}
	f, err := os.Open(abs)
	if err != nil {
		return 0, "", fmt.Errorf("open incident store %s: %w", abs, err)
	}
	head := make([]byte, len(sqliteHeader))
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head, sqliteHeader) {
		return 0, "", fmt.Errorf("%w: %s is not an SQLite database", ErrNotStore, abs)
	}
	db, err := sql.Open("sqlite", roDSN(abs))
	if err != nil {
		return 0, "", fmt.Errorf("open incident store %s: %w", abs, err)
	}
	defer db.Close()
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return 0, "", fmt.Errorf("open incident store %s: %w", abs, err)
	}
	var tables []string
	err = eachRow(ctx, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`, nil, func(rows *sql.Rows) error {
		var n string
		err := rows.Scan(&n)
		tables = append(tables, n)
		return err
	})
	if err != nil {
		return 0, "", fmt.Errorf("%w: %s cannot be read: %v", ErrDamaged, abs, err)
	}
	switch {
	case version == 0 && len(tables) > 0:
		return 0, "", fmt.Errorf("%w: %s is another program's SQLite database (tables %s, no posdoctor schema version); it was left untouched",
			ErrNotStore, abs, strings.Join(tables, ", "))
	case version > 0 && !containsStr(tables, "incidents"):
		return 0, "", fmt.Errorf("%w: %s has schema version %d but no incidents table; it was left untouched", ErrNotStore, abs, version)
	case version > SchemaVersion():
		return version, "", fmt.Errorf("%w: %s has schema %d, this posdoctor knows up to %d", ErrNewerSchema, abs, version, SchemaVersion())
	}
	rows, err := db.QueryContext(ctx, "PRAGMA quick_check")
	if err != nil {
		return version, err.Error(), nil
	}
	defer rows.Close()
	var problems []string
	for rows.Next() && len(problems) < 5 {
		var p string
		if err := rows.Scan(&p); err != nil {
			return version, err.Error(), nil
		}
		if p != "ok" {
			problems = append(problems, p)
		}
	}
	if err := rows.Err(); err != nil {
		problems = append(problems, err.Error())
	}
	return version, strings.Join(problems, "; "), nil
}

func containsStr(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// damagedError says the store is damaged and what to do about it, in a front end's words
// added by the caller.
func damagedError(abs, damage string) error {
	return fmt.Errorf("%w: %s fails its integrity check (%s); nothing was written to it. Keep a copy of the file, "+
		"export the visits that can still be read (listing and reports open it read-only), then move it aside so a new store is started",
		ErrDamaged, abs, damage)
}

// roDSN is the driver URI of a read-only open: no journal-mode change, no write lock at
// BEGIN, so another posdoctor writing at the same time does not block a listing.
func roDSN(abs string) string {
	dsn := fileURI(abs) + fmt.Sprintf("?mode=ro&_busy_timeout=%d&_txlock=deferred", busyTimeout.Milliseconds())
	// A store in WAL mode that no program has open has no -wal file. Read "immutable" then:
	// SQLite would otherwise create -wal and -shm files beside it that a read-only connection
	// cannot remove, and a read-only command must leave the folder as it found it. With a
	// -wal file there (a program is writing), read through it as usual.
	if _, err := os.Stat(abs + "-wal"); errors.Is(err, os.ErrNotExist) && walMode(abs) {
		dsn += "&immutable=1"
	}
	return dsn
}

// walMode reports whether the SQLite file at abs is in WAL mode (its header's read and write
// versions are 2). A file in rollback-journal mode gets no -wal/-shm from a reader, and a
// writer may be changing it in place: it is not read immutable.
func walMode(abs string) bool {
	f, err := os.Open(abs)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 20)
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head[:len(sqliteHeader)], sqliteHeader) {
		return false
	}
	return head[18] == 2 && head[19] == 2
}

func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/Users/... → /C:/Users/...
	}
	u := url.URL{Scheme: "file", Path: p}
	return u.String()
}

// OpenReadOnly opens the store at path (DefaultDBPath when "", a PostgreSQL URL for the
// shared store: docs/shared-store.md) for reading only: it never
// creates, migrates or writes to the file, and takes no write lock. A missing or empty file
// is ErrNoStore, another program's file ErrNotStore, a newer schema ErrNewerSchema. A damaged
// store opens (so what can be read can be exported); Damage says what is wrong with it.
func OpenReadOnly(path string) (*Store, error) {
	if IsURL(path) {
		return openPostgres(path, true)
	}
	ctx, cancel := context.WithTimeout(context.Background(), openTimeout)
	defer cancel()
	abs, version, damage, err := inspectPath(ctx, path)
	if err != nil {
		return nil, err
	}
	if version == 0 {
		return nil, fmt.Errorf("%w: %s has no incidents yet", ErrNoStore, abs)
	}
	db, err := sql.Open("sqlite", roDSN(abs))
	if err != nil {
		return nil, fmt.Errorf("open incident store %s: %w", abs, err)
	}
	s := &Store{db: db, path: abs, now: time.Now, loc: time.Local, readOnly: true, version: version}
	if damage != "" {
		s.damage = damage
	}
	return s, nil
}

// Damage is what the integrity check found wrong with a store opened read-only ("" when
// sound).
func (s *Store) Damage() string { return s.damage }

// Open opens (creating it and its folder when missing) the store at path, or at
// DefaultDBPath when path is "", or the shared store when path is a PostgreSQL URL
// (postgres://…, docs/shared-store.md), for reading and writing, and migrates its schema to
// SchemaVersion. It refuses, without writing a byte, a file that is not a posdoctor store
// (ErrNotStore), one written by a newer posdoctor (ErrNewerSchema) and one that fails
// SQLite's quick integrity check (ErrDamaged). Commands that only read use OpenReadOnly.
func Open(path string) (*Store, error) {
	if IsURL(path) {
		return openPostgres(path, false)
	}
	ctx, cancel := context.WithTimeout(context.Background(), openTimeout)
	defer cancel()
	abs, _, damage, err := inspectPath(ctx, path)
	switch {
	case errors.Is(err, ErrNoStore): // a new store: create it below
	case err != nil:
		return nil, err
	case damage != "":
		return nil, damagedError(abs, damage)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("create the folder for the incident store: %w", err)
	}
	// create it private: it holds merchants' names and ids
	if f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE, 0o600); err != nil {
		return nil, fmt.Errorf("open incident store %s: %w", abs, err)
	} else {
		f.Close()
	}
	db, err := sql.Open("sqlite", dsn(abs))
	if err != nil {
		return nil, fmt.Errorf("open incident store %s: %w", abs, err)
	}
	s := &Store{db: db, path: abs, now: time.Now, loc: time.Local}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open incident store %s: %w", abs, err)
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open incident store %s: %w", abs, err)
	}
	return s, nil
}

// dsn builds the driver's URI for path: WAL, synchronous FULL (a committed save survives a
// power cut), foreign keys on, write transactions that take the lock at BEGIN, a busy wait
// for another posdoctor (the GUI and the CLI may share the file), and secure_delete: what a
// save replaces or deletes (a visit's earlier notes, a deleted visit) is overwritten with
// zeros in the file, not left in free space for anyone who reads the file's bytes.
func dsn(abs string) string {
	return fileURI(abs) + fmt.Sprintf("?_busy_timeout=%d&_journal_mode=WAL&_synchronous=FULL&_foreign_keys=1&_txlock=immediate&_pragma=secure_delete(1)", busyTimeout.Milliseconds())
}

// busyTimeout is how long a statement waits for another program's lock on the store.
var busyTimeout = 10 * time.Second
