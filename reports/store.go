package reports

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// Store is the incident database: one SQLite file, WAL mode, every save one transaction.
// Its methods are safe for concurrent use; writes are serialised.
type Store struct {
	db   *sql.DB
	path string
	wmu  sync.Mutex // serialises write transactions within this process
	now  func() time.Time
	loc  *time.Location
	// readOnly stores (OpenReadOnly) refuse every write with ErrReadOnly
	readOnly bool
	version  int    // schema version found at open (read-only stores)
	damage   string // what quick_check found (read-only stores)
	// dialect is the database's SQL: SQLite (a file) or PostgreSQL (the shared store)
	dialect dialect
	// secret is the shared store's password, kept only to scrub it from driver messages;
	// database its database's name, for messages
	secret, database string
	// canDelete: the shared store's user may delete visits (the manager's role); without it
	// a deletion is remembered (a tombstone) and hides the visit until a manager syncs
	canDelete bool
}

// Shared reports whether the store is the shared PostgreSQL store.
func (s *Store) Shared() bool { return s.dialect == dialectPostgres }

// readTx begins a read-only transaction that sees one snapshot of the store: SQLite's read
// transactions do; PostgreSQL's need REPEATABLE READ (at its default, READ COMMITTED, each
// statement would see its own, and a visit read row by row could mix two versions).
func (s *Store) readTx(ctx context.Context) (*sql.Tx, error) {
	if s.dialect == dialectPostgres {
		return s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	}
	return s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
}

// forUpdate is the clause that locks the rows a read-write transaction reads, on the shared
// store ("" on a file: SQLite's transaction holds the whole file's write lock already).
func (s *Store) forUpdate() string {
	if s.dialect == dialectPostgres {
		return " FOR UPDATE"
	}
	return ""
}

// codeList is the SQL of incident alias i's codes joined by the unit separator: distinct
// and sorted (List), or every row in run, code order (the month).
func (s *Store) codeList(i string, distinct bool) string {
	switch {
	case s.dialect == dialectPostgres && distinct:
		return `(SELECT COALESCE(string_agg(DISTINCT code, chr(31) ORDER BY code), '') FROM incident_codes c WHERE c.incident_id = ` + i + `.id)`
	case s.dialect == dialectPostgres:
		return `(SELECT COALESCE(string_agg(code, chr(31) ORDER BY run, code), '') FROM incident_codes c WHERE c.incident_id = ` + i + `.id)`
	case distinct:
		return `(SELECT COALESCE(group_concat(code, char(31)), '') FROM (SELECT DISTINCT code FROM incident_codes c WHERE c.incident_id = ` + i + `.id ORDER BY code))`
	}
	return `(SELECT COALESCE(group_concat(code, char(31)), '') FROM
		(SELECT code FROM incident_codes c WHERE c.incident_id = ` + i + `.id ORDER BY run, code))`
}

// live is the SQL condition that incident alias i is not deleted: in the shared store a
// technician's deletion is a tombstone until a manager's sync removes the visit (see
// canDelete); in a file the visit goes with the deletion.
func (s *Store) live(i string) string {
	if s.dialect == dialectPostgres {
		return ` AND NOT EXISTS (SELECT 1 FROM deleted d WHERE d.id = ` + i + `.id AND d.deleted >= ` + i + `.updated)`
	}
	return ""
}

// Path returns the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database; the WAL is checkpointed into the main file.
func (s *Store) Close() error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.db.Close()
}

// Checkpoint copies the write-ahead log into the database file and empties it (SQLite's
// wal_checkpoint(TRUNCATE)), so earlier versions of the rows saves have rewritten since (what
// a technician typed before the cleaner masked it) do not linger in the -wal file. It waits
// for the store's readers and writers at most until ctx ends; a checkpoint that could not
// finish leaves everything as it was. Nothing to do on the shared store.
func (s *Store) Checkpoint(ctx context.Context) error {
	if s.dialect == dialectPostgres || s.readOnly {
		return nil
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	var busy, logFrames, done int
	if err := s.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logFrames, &done); err != nil {
		return s.wrapErr("checkpoint", err)
	}
	if busy != 0 {
		return s.wrapErr("checkpoint", fmt.Errorf("%w: a reader kept the log", ErrBusy))
	}
	return nil
}

// times are stored in UTC, fixed width, so text order is time order
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func (s *Store) parseTime(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(timeLayout, v)
	if err != nil {
		return time.Time{}, err
	}
	return t.In(s.loc), nil
}

// terminal clock times keep their own offset: the slip shows the terminal's wall clock
func fmtWall(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

func parseWall(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, v)
}

func digestOf(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// write runs fn in one write transaction and commits it.
func (s *Store) write(ctx context.Context, fn func(*sql.Tx) error) error {
	if s.readOnly {
		return fmt.Errorf("incident store %s: %w", s.path, ErrReadOnly)
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.wrapErr("begin", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return s.wrapErr("write", err)
	}
	if err := tx.Commit(); err != nil {
		return s.wrapErr("commit", err)
	}
	return nil
}

func (s *Store) wrapErr(what string, err error) error {
	if errors.Is(err, sql.ErrConnDone) || strings.Contains(err.Error(), "database is closed") {
		return fmt.Errorf("incident store %s: %w", what, ErrClosed)
	}
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrInvalid) || errors.Is(err, ErrOtherTerminal) {
		return err
	}
	if s.dialect == dialectPostgres {
		return s.pgError(what, err)
	}
	return fmt.Errorf("incident store %s %s: %w", s.path, what, busy(err))
}

// busy adds ErrBusy to SQLite's "database is locked" / "busy" errors, so callers can say why.
func busy(err error) error {
	if err != nil && (strings.Contains(err.Error(), "SQLITE_BUSY") || strings.Contains(err.Error(), "database is locked")) {
		return fmt.Errorf("%w (%v)", ErrBusy, err)
	}
	return err
}
