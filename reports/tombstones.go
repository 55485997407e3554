package reports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// putTombstone remembers that visit id was deleted at t (a later deletion time wins).
func putTombstone(ctx context.Context, tx *sql.Tx, id string, t time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO deleted (id, deleted) VALUES (?, ?)
ON CONFLICT(id) DO UPDATE SET deleted = MAX(deleted, excluded.deleted)`, id, fmtTime(t))
	return err
}

// tombstone returns when visit id was deleted, zero when it was not.
func (s *Store) tombstone(ctx context.Context, q queryRower, id string) (time.Time, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT deleted FROM deleted WHERE id = ?`, id).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	return s.parseTime(v)
}

// queryRower is a database or a transaction, for single-row reads.
type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Device returns this installation's device UUID (a bundle's manifest "device"), made once
// when the store was created or migrated to schema 3. A store opened read-only at an older
// schema has none yet: ErrNoDevice (open it read-write once).
func (s *Store) Device(ctx context.Context) (string, error) {
	if s.readOnly && s.version < 3 {
		return "", fmt.Errorf("incident store %s: %w", s.path, ErrNoDevice)
	}
	v, err := s.meta(ctx, s.db, metaDevice)
	if err != nil {
		return "", s.wrapErr("read device id", err)
	}
	if v == "" {
		return "", fmt.Errorf("incident store %s: %w", s.path, ErrNoDevice)
	}
	return v, nil
}

// ErrNoDevice: the store has no device UUID yet (written by an older posdoctor and only read
// since).
var ErrNoDevice = errors.New("the incident store has no device id yet; open it once for writing (any import or save does)")

// meta reads key from the meta table ("" when not set).
func (s *Store) meta(ctx context.Context, q queryRower, key string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// setMeta writes key in the meta table.
func setMeta(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)
ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}
