package reports

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"posdoctor/diagnostics"
)

// Resolve finds the incident whose id is ref or starts with ref (at least 4 characters, as
// `posdoctor incidents` shows them), and returns its full id.
func (s *Store) Resolve(ctx context.Context, ref string) (string, error) {
	ref = strings.ToLower(strings.TrimSpace(ref))
	if len(ref) < 4 || strings.Trim(ref, "0123456789abcdef-") != "" {
		return "", fmt.Errorf("%w: %q is not an incident id (give at least its first 4 characters)", ErrNotFound, ref)
	}
	var ids []string
	err := eachRow(ctx, s.db, `SELECT id FROM incidents WHERE id >= ? AND id < ? ORDER BY id LIMIT 2`, []any{ref, ref + "\U0010FFFF"}, func(rows *sql.Rows) error {
		var id string
		err := rows.Scan(&id)
		ids = append(ids, id)
		return err
	})
	if err != nil {
		return "", s.wrapErr("find", err)
	}
	switch {
	case len(ids) == 0:
		return "", fmt.Errorf("%w: %s", ErrNotFound, ref)
	case len(ids) > 1 && ids[0] != ref:
		return "", fmt.Errorf("%w: %s", ErrAmbiguous, ref)
	}
	return ids[0], nil
}

// Get loads incident id whole. Incident times come back in the local time zone; terminal
// clock times (journal, events, trace) with the offset they were saved with; step durations
// to the millisecond.
func (s *Store) Get(ctx context.Context, id string) (*Incident, error) {
	id = strings.ToLower(id)
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, s.wrapErr("read", err)
	}
	defer tx.Rollback()
	inc, err := s.get(ctx, tx, id)
	if err != nil {
		return nil, s.wrapErr("read", err)
	}
	return inc, nil
}

func (s *Store) get(ctx context.Context, tx *sql.Tx, id string) (*Incident, error) {
	inc := &Incident{}
	var opened, closed, updated, reported, category, resolution, codes, actions, forms string
	err := tx.QueryRowContext(ctx, `SELECT id, opened, closed, updated, technician, branch, site,
	merchant, mid, tid, model, serial, firmware, comm, symptom, category, resolution, escalation,
	notes, codes, actions, `+s.reportedColumn()+`, `+s.formsColumn()+` FROM incidents WHERE id = ?`, id).Scan(&inc.ID, &opened, &closed, &updated,
		&inc.Technician, &inc.Branch, &inc.Site, &inc.Merchant, &inc.MID, &inc.TID, &inc.Model,
		&inc.Serial, &inc.Firmware, &inc.Comm, &inc.Symptom, &category, &resolution,
		&inc.EscalationReason, &inc.Notes, &codes, &actions, &reported, &forms)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if err != nil {
		return nil, err
	}
	bad := func(what string, err error) error {
		return fmt.Errorf("%w: incident %s: stored %s unreadable: %v", ErrDamaged, id, what, err)
	}
	if inc.Opened, err = s.parseTime(opened); err != nil {
		return nil, bad("opening time", err)
	}
	if inc.Closed, err = s.parseTime(closed); err != nil {
		return nil, bad("closing time", err)
	}
	if inc.Updated, err = s.parseTime(updated); err != nil {
		return nil, bad("update time", err)
	}
	if inc.Reported, err = s.parseTime(reported); err != nil {
		return nil, bad("reported time", err)
	}
	if inc.Category, err = ParseCategory(category); err != nil {
		return nil, bad("category", err)
	}
	if inc.Resolution, err = ParseResolution(resolution); err != nil {
		return nil, bad("resolution", err)
	}
	if err := json.Unmarshal([]byte(codes), &inc.Codes); err != nil {
		return nil, bad("codes", err)
	}
	if err := json.Unmarshal([]byte(actions), &inc.Actions); err != nil {
		return nil, bad("actions", err)
	}
	if err := json.Unmarshal([]byte(forms), &inc.Forms); err != nil {
		return nil, bad("forms", err)
	}

	err = eachRow(ctx, tx, `SELECT seq, report FROM runs WHERE incident_id = ? ORDER BY seq`, []any{id}, func(rows *sql.Rows) error {
		var seq int
		var report string
		if err := rows.Scan(&seq, &report); err != nil {
			return err
		}
		var r diagnostics.Report
		if err := json.Unmarshal([]byte(report), &r); err != nil {
			return bad(fmt.Sprintf("run %d", seq), err)
		}
		for i := range r.Steps {
			r.Steps[i].Duration = time.Duration(r.Steps[i].DurationMS) * time.Millisecond
		}
		inc.Runs = append(inc.Runs, r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	inc.Journal, err = readPart(ctx, tx, `SELECT time, type, amount, pan, trace, rrn, auth, rc, flags, flagged
	FROM journal WHERE incident_id = ? ORDER BY seq`, id, func(rows *sql.Rows) (t diagnostics.Transaction, err error) {
		var tm, flagged string
		if err := rows.Scan(&tm, &t.Type, &t.Amount, &t.PAN, &t.Trace, &t.RRN, &t.Auth, &t.RC, &t.Flags, &flagged); err != nil {
			return t, err
		}
		if t.Time, err = parseWall(tm); err != nil {
			return t, bad("journal time", err)
		}
		if err := json.Unmarshal([]byte(flagged), &t.Flagged); err != nil {
			return t, bad("journal flags", err)
		}
		t.Flagged = nilIfEmpty(t.Flagged)
		return t, nil
	})
	if err != nil {
		return nil, err
	}
	inc.Events, err = readPart(ctx, tx, `SELECT time, code, text FROM events WHERE incident_id = ? ORDER BY seq`, id, func(rows *sql.Rows) (e diagnostics.Event, err error) {
		var tm string
		if err := rows.Scan(&tm, &e.Code, &e.Text); err != nil {
			return e, err
		}
		if e.Time, err = parseWall(tm); err != nil {
			return e, bad("event time", err)
		}
		return e, nil
	})
	if err != nil {
		return nil, err
	}
	inc.Trace, err = readPart(ctx, tx, `SELECT time, dir, kind, raw, text FROM trace WHERE incident_id = ? ORDER BY seq`, id, func(rows *sql.Rows) (l TraceLine, err error) {
		var tm string
		if err := rows.Scan(&tm, &l.Dir, &l.Kind, &l.Raw, &l.Text); err != nil {
			return l, err
		}
		if l.Time, err = parseWall(tm); err != nil {
			return l, bad("trace time", err)
		}
		l.Raw = nilIfEmpty(l.Raw)
		return l, nil
	})
	if err != nil {
		return nil, err
	}
	if s.dialect == dialectPostgres {
		// the shared store may hold visits another program (or an older posdoctor) wrote:
		// cleaned as they leave it (Get, bundles, sync), as every visit is cleaned entering
		return inc.Sanitize(), nil
	}
	return inc, nil
}

// nilIfEmpty is s, or nil when it is empty: the reverse of nonNil, for lists read back.
func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// readPart reads the rows of one part of visit id (journal, events, trace) in order, each
// turned into an element by scan: the reverse of newPart.
func readPart[T any](ctx context.Context, q querier, query, id string, scan func(*sql.Rows) (T, error)) ([]T, error) {
	var out []T
	err := eachRow(ctx, q, query, []any{id}, func(rows *sql.Rows) error {
		x, err := scan(rows)
		if err != nil {
			return err
		}
		out = append(out, x)
		return nil
	})
	return out, err
}

// querier is what eachRow reads through: the database or one of its transactions.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// eachRow runs query and calls scan for each row it returns, stopping at the first error;
// the rows are always closed. The store's one row loop.
func eachRow(ctx context.Context, q querier, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
