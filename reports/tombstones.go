package reports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// putTombstone remembers that visit id was deleted at t (a later deletion time wins).
func putTombstone(ctx context.Context, tx writer, id string, t time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO deleted (id, deleted) VALUES (?, ?)
ON CONFLICT(id) DO UPDATE SET deleted = CASE WHEN excluded.deleted > deleted.deleted THEN excluded.deleted ELSE deleted.deleted END`, id, fmtTime(t))
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

// metaExported is the meta key of the --since-last high-water mark, per branch filter
// ("exported" for all branches, "exported:NAME" for one).
func metaExported(branch string) string {
	branch = CleanBranch(branch)
	if branch == "" {
		return "exported"
	}
	return "exported:" + branch
}

// ExportMark returns the high-water mark of the last --since-last export of branch ("" for
// all): the latest update or deletion time it carried. Zero when there was none.
func (s *Store) ExportMark(ctx context.Context, branch string) (time.Time, error) {
	if s.readOnly && s.version < 3 {
		return time.Time{}, nil
	}
	v, err := s.meta(ctx, s.db, metaExported(branch))
	if err != nil {
		return time.Time{}, s.wrapErr("read export mark", err)
	}
	return s.parseTime(v)
}

// SetExportMark records t as the high-water mark of branch's --since-last exports, once the
// bundle is safely written. A mark never moves back.
func (s *Store) SetExportMark(ctx context.Context, branch string, t time.Time) error {
	if t.IsZero() {
		return nil
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		old, err := s.meta(ctx, tx, metaExported(branch))
		if err != nil {
			return err
		}
		if v := fmtTime(t); v > old {
			return setMeta(ctx, tx, metaExported(branch), v)
		}
		return nil
	})
}

// exportIDs lists the ids of the visits a bundle carries, oldest first: opened in [from, to)
// when set, of branch when set, updated after since when set.
func exportIDs(ctx context.Context, tx *sql.Tx, from, to time.Time, branch string, since time.Time) ([]string, error) {
	q := `SELECT id FROM incidents WHERE 1=1`
	var args []any
	if !from.IsZero() {
		q += ` AND opened >= ? AND opened < ?`
		args = append(args, fmtTime(from), fmtTime(to))
	}
	if branch != "" {
		q += ` AND branch = ?`
		args = append(args, branch)
	}
	if !since.IsZero() {
		q += ` AND updated > ?`
		args = append(args, fmtTime(since))
	}
	q += ` ORDER BY opened, id`
	var ids []string
	err := eachRow(ctx, tx, q, args, func(rows *sql.Rows) error {
		var id string
		err := rows.Scan(&id)
		ids = append(ids, id)
		return err
	})
	return ids, err
}

// Tombstone is one remembered deletion: a line of a bundle's deleted.ndjson.
type Tombstone struct {
	ID      string    `json:"id"`
	Deleted time.Time `json:"deleted"`
}

// tombstones lists the deletions after since (all when zero), oldest first.
func (s *Store) tombstones(ctx context.Context, tx *sql.Tx, since time.Time) ([]Tombstone, error) {
	var out []Tombstone
	err := s.eachNamedTime(ctx, tx, `SELECT id, deleted FROM deleted WHERE deleted > ? ORDER BY deleted, id`, []any{fmtTime(since)}, func(id string, deleted time.Time) {
		out = append(out, Tombstone{ID: id, Deleted: deleted})
	})
	return out, err
}

// eachNamedTime runs query and calls f with each row's two columns: a name (a visit's id, a
// device's) and a stored time.
func (s *Store) eachNamedTime(ctx context.Context, q querier, query string, args []any, f func(name string, t time.Time)) error {
	return eachRow(ctx, q, query, args, func(rows *sql.Rows) error {
		var name, v string
		if err := rows.Scan(&name, &v); err != nil {
			return err
		}
		t, err := s.parseTime(v)
		f(name, t)
		return err
	})
}

// storedUpdated returns the update time of visit id, and whether it is stored.
func (s *Store) storedUpdated(ctx context.Context, tx writer, id string) (time.Time, bool, error) {
	var v string
	err := tx.QueryRowContext(ctx, `SELECT updated FROM incidents WHERE id = ?`, id).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, err
	}
	t, err := s.parseTime(v)
	return t, true, err
}

// deleteIncident removes visit id (its rows cascade) without a tombstone of its own.
func deleteIncident(ctx context.Context, tx writer, id string) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM incidents WHERE id = ?`, id)
	return err
}

// metaImported is the meta key remembering the bundles imported from one installation.
func metaImported(device string) string { return "imported:" + device }

// noteImport remembers that a bundle of device, exported at t, was imported (the latest wins).
func (s *Store) noteImport(ctx context.Context, tx writer, device string, t time.Time) error {
	old, err := s.meta(ctx, tx, metaImported(device))
	if err != nil {
		return err
	}
	if v := fmtTime(t); v > old {
		_, err = tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)
ON CONFLICT(key) DO UPDATE SET value = excluded.value`, metaImported(device), v)
	}
	return err
}

// BundleSource is an installation whose bundles this store has taken in.
type BundleSource struct {
	Device   string    // its device UUID (manifest "device")
	Exported time.Time // when the newest of its bundles imported here was written
}

// BundleSources lists the installations whose bundles were imported here, by device id: what
// a monthly report covers besides this laptop's own visits.
func (s *Store) BundleSources(ctx context.Context) ([]BundleSource, error) {
	if s.readOnly && s.version < 3 {
		return nil, nil
	}
	var out []BundleSource
	err := s.eachNamedTime(ctx, s.db, `SELECT substr(key, 10), value FROM meta WHERE key LIKE 'imported:%' ORDER BY key`, nil, func(device string, exported time.Time) {
		out = append(out, BundleSource{Device: device, Exported: exported})
	})
	if err != nil {
		return nil, s.wrapErr("read bundle sources", err)
	}
	return out, nil
}
