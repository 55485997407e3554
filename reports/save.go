package reports

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"posdoctor/diagnostics"
)

// validate checks what Save needs of an incident.
func validate(inc *Incident) (string, error) {
	if inc == nil {
		return "", fmt.Errorf("%w: nil", ErrInvalid)
	}
	id, err := uuid.Parse(inc.ID)
	if err != nil {
		return "", fmt.Errorf("%w: id %q is not a UUID (use NewIncident)", ErrInvalid, inc.ID)
	}
	if inc.Opened.IsZero() {
		return "", fmt.Errorf("%w: no opening time", ErrInvalid)
	}
	if _, err := inc.Category.MarshalText(); err != nil {
		return "", fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if _, err := inc.Resolution.MarshalText(); err != nil {
		return "", fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	for i, r := range inc.Runs {
		if !diagnostics.SameTerminal(inc.terminal(), r.Terminal) {
			return "", fmt.Errorf("%w: run %d is from terminal TID %s serial %s, the visit is TID %s serial %s (%w)", ErrInvalid, i,
				orNone(r.Terminal["tid"]), orNone(r.Terminal["sn"]), orNone(inc.TID), orNone(inc.Serial), ErrOtherTerminal)
		}
	}
	return id.String(), nil
}

// Save writes the whole incident in one transaction, creating or replacing it: after it
// returns nil the incident is on disk. The incident is cleaned first (see Sanitize); inc
// itself is not changed. Parts that did not change since the last save (each run, the
// journal, the events, the trace) are not rewritten, so saving after every edit is cheap.
func (s *Store) Save(ctx context.Context, inc *Incident) error {
	id, err := validate(inc)
	if err != nil {
		return err
	}
	c := inc.Sanitize()
	c.ID = id
	e, err := encodeIncident(c)
	if err != nil {
		return fmt.Errorf("save incident %s: %w", id, err)
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		stored, err := s.readStored(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		_, err = s.putIncident(ctx, tx, c, e, s.now(), false, stored)
		return err
	})
}

// encodedIncident is what putIncident writes besides the incident's own fields, encoded
// before the write transaction starts.
type encodedIncident struct {
	codes, actions, forms string
	runs                  []runRow
	parts                 []part
}

// encodeIncident encodes the lists of a cleaned incident c for putIncident.
func encodeIncident(c *Incident) (encodedIncident, error) {
	var e encodedIncident
	codes, err := json.Marshal(nonNil(c.Codes))
	if err != nil {
		return e, err
	}
	actions, err := json.Marshal(nonNil(c.Actions))
	if err != nil {
		return e, err
	}
	forms, err := json.Marshal(nonNil(c.Forms))
	if err != nil {
		return e, err
	}
	e.codes, e.actions, e.forms = string(codes), string(actions), string(forms)
	e.runs = make([]runRow, len(c.Runs))
	for i, r := range c.Runs {
		if e.runs[i], err = encodeRun(r); err != nil {
			return e, fmt.Errorf("run %d: %w", i, err)
		}
	}
	if e.parts, err = encodeParts(c); err != nil {
		return e, err
	}
	return e, nil
}

// putIncident creates or replaces the cleaned incident c (its ID validated) in tx, with
// updated as its update time: Save's now, an import's or a sync's the visit's own.
//
// With onlyNewer (merges) the stored visit is replaced only when updated is later than its
// own, decided by the upsert's WHERE in the same statement that takes the row's lock: when two
// writers merge the same visit at the same moment (two laptops syncing to the shared store),
// the second waits for the first to commit and then finds its version no longer newer, so the
// older one can never overwrite the newer (docs/shared-store.md). written says whether the
// visit was written; the rest of it (codes, runs, journal, ...) is written only then.
//
// stored is what the caller read of the visit before (storedVisit); a visit the write
// inserts gets its rows without the deletes and digest reads a replaced one needs.
func (s *Store) putIncident(ctx context.Context, tx writer, c *Incident, e encodedIncident, updated time.Time, onlyNewer bool, stored storedVisit) (written bool, err error) {
	id := c.ID
	// forms produced are facts that stay: a version written without one produced meanwhile
	// elsewhere (the form command beside the app, another laptop) keeps it
	forms, err := keepForms(stored.forms, e.forms)
	if err != nil {
		return false, err
	}
	guard := ""
	if onlyNewer {
		guard = `
WHERE incidents.updated < excluded.updated`
	}
	q := `
INSERT INTO incidents (id, opened, closed, updated, technician, branch, site, merchant, mid, tid,
	model, serial, firmware, comm, symptom, category, resolution, escalation, notes, codes, actions, verdict, reported, forms)
VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
ON CONFLICT(id) DO UPDATE SET opened=excluded.opened, closed=excluded.closed, updated=excluded.updated,
	technician=excluded.technician, branch=excluded.branch, site=excluded.site, merchant=excluded.merchant,
	mid=excluded.mid, tid=excluded.tid, model=excluded.model, serial=excluded.serial,
	firmware=excluded.firmware, comm=excluded.comm, symptom=excluded.symptom, category=excluded.category,
	resolution=excluded.resolution, escalation=excluded.escalation, notes=excluded.notes,
	codes=excluded.codes, actions=excluded.actions, verdict=excluded.verdict, reported=excluded.reported,
	forms=excluded.forms` + guard
	args := []any{id, fmtTime(c.Opened), fmtTime(c.Closed), fmtTime(updated), c.Technician, c.Branch, c.Site,
		c.Merchant, c.MID, c.TID, c.Model, c.Serial, c.Firmware, c.Comm, c.Symptom,
		c.Category.String(), c.Resolution.String(), c.EscalationReason, c.Notes, e.codes, e.actions,
		visitVerdict(c), fmtTime(c.Reported), forms}
	// fresh: the row was inserted, so it has no codes, runs or parts to replace. PostgreSQL
	// says so itself (another writer may have inserted the visit since stored was read);
	// SQLite's write lock, held since stored was read, makes stored the truth.
	fresh := false
	if s.dialect == dialectPostgres {
		err := tx.QueryRowContext(ctx, q+` RETURNING (xmax = 0)`, args...).Scan(&fresh)
		if errors.Is(err, sql.ErrNoRows) {
			return false, nil // the WHERE found the stored version not older
		}
		if err != nil {
			return false, err
		}
	} else {
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return false, err
		}
		if onlyNewer {
			if n, err := res.RowsAffected(); err != nil {
				return false, err
			} else if n == 0 {
				return false, nil
			}
		}
		fresh = !stored.known
	}
	// codes seen (run -1) and finding codes of every run
	if !fresh {
		if _, err := tx.ExecContext(ctx, `DELETE FROM incident_codes WHERE incident_id = ?`, id); err != nil {
			return false, err
		}
	}
	for _, cs := range c.Codes {
		if err := insertCode(ctx, tx, id, -1, cs.Code); err != nil {
			return false, err
		}
	}
	// runs: rewrite those whose digest changed, drop those no longer there
	old := map[int]string{}
	if !fresh {
		err = eachRow(ctx, tx, `SELECT seq, digest FROM runs WHERE incident_id = ?`, []any{id}, func(rows *sql.Rows) error {
			var seq int
			var d string
			err := rows.Scan(&seq, &d)
			old[seq] = d
			return err
		})
		if err != nil {
			return false, err
		}
	}
	for i, r := range e.runs {
		if old[i] != r.digest {
			if err := putRunRow(ctx, tx, id, i, r); err != nil {
				return false, err
			}
		}
		for _, code := range r.codes {
			if err := insertCode(ctx, tx, id, i, code); err != nil {
				return false, err
			}
		}
	}
	if !fresh {
		if _, err := tx.ExecContext(ctx, `DELETE FROM runs WHERE incident_id = ? AND seq >= ?`, id, len(e.runs)); err != nil {
			return false, err
		}
	}
	for _, p := range e.parts {
		if err := p.store(ctx, tx, id, fresh); err != nil {
			return false, err
		}
	}
	return true, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func insertCode(ctx context.Context, tx writer, id string, run int, code string) error {
	if code == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO incident_codes (incident_id, run, code) VALUES (?,?,?) ON CONFLICT DO NOTHING`, id, run, code)
	return err
}

// part is one of the bulky lists of an incident (journal, events, trace), stored row by row
// and rewritten only when its digest changes.
type part struct {
	name   string
	digest string
	insert string  // INSERT statement for one row, incident_id and seq first
	rows   [][]any // the other columns of each row
}

func encodeParts(c *Incident) ([]part, error) {
	journal, err := newPart("journal", `INSERT INTO journal (incident_id, seq, time, type, amount, pan, trace, rrn, auth, rc, flags, flagged, flag) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		c.Journal, func(x diagnostics.Transaction) ([]any, error) {
			flagged, err := json.Marshal(nonNil(x.Flagged))
			return []any{fmtWall(x.Time), x.Type, x.Amount, x.PAN, x.Trace, x.RRN, x.Auth, x.RC, x.Flags, string(flagged), int(x.Flag())}, err
		})
	if err != nil {
		return nil, err
	}
	events, err := newPart("events", `INSERT INTO events (incident_id, seq, time, code, text) VALUES (?,?,?,?,?)`,
		c.Events, func(x diagnostics.Event) ([]any, error) { return []any{fmtWall(x.Time), x.Code, x.Text}, nil })
	if err != nil {
		return nil, err
	}
	trace, err := newPart("trace", `INSERT INTO trace (incident_id, seq, time, dir, kind, raw, text) VALUES (?,?,?,?,?,?,?)`,
		c.Trace, func(x TraceLine) ([]any, error) { return []any{fmtWall(x.Time), x.Dir, x.Kind, x.Raw, x.Text}, nil })
	if err != nil {
		return nil, err
	}
	return []part{journal, events, trace}, nil
}

// newPart encodes list as the part name: its digest is that of the list in JSON, each
// element a row of the other columns.
func newPart[T any](name, insert string, list []T, row func(T) ([]any, error)) (part, error) {
	b, err := json.Marshal(nonNil(list))
	if err != nil {
		return part{}, err
	}
	p := part{name: name, digest: digestOf(b), insert: insert}
	for _, x := range list {
		r, err := row(x)
		if err != nil {
			return part{}, err
		}
		p.rows = append(p.rows, r)
	}
	return p, nil
}

// store writes the part's rows unless the stored digest matches. fresh: the visit was just
// inserted, so there is no digest and no row to replace.
func (p part) store(ctx context.Context, tx writer, id string, fresh bool) error {
	if !fresh {
		var d string
		err := tx.QueryRowContext(ctx, `SELECT digest FROM parts WHERE incident_id = ? AND part = ?`, id, p.name).Scan(&d)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if d == p.digest {
			return nil
		}
	}
	// the table is the part's name: one of our three constants
	if fresh && len(p.rows) == 0 {
		return nil // nothing to write; a later save finds no digest and writes it then
	}
	if !fresh {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+p.name+` WHERE incident_id = ?`, id); err != nil {
			return err
		}
	}
	if len(p.rows) > 0 {
		stmt, done, err := prepared(ctx, tx, p.insert)
		if err != nil {
			return err
		}
		defer done()
		args := make([]any, 0, 16)
		for i, r := range p.rows {
			args = append(args[:0], id, i)
			args = append(args, r...)
			if _, err := stmt.ExecContext(ctx, args...); err != nil {
				return fmt.Errorf("%s row %d: %w", p.name, i, err)
			}
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO parts (incident_id, part, digest) VALUES (?,?,?)
ON CONFLICT(incident_id, part) DO UPDATE SET digest=excluded.digest`, id, p.name, p.digest)
	return err
}

// Delete removes incident id and everything recorded with it, and remembers the deletion (a
// tombstone, exported in bundles) so that a bundle written before it does not bring the visit
// back.
func (s *Store) Delete(ctx context.Context, id string) error {
	id = strings.ToLower(id)
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM incidents WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%w: %s", ErrNotFound, id)
		}
		return putTombstone(ctx, tx, id, s.now())
	})
}

// storedVisit is what a write reads of a visit before replacing it.
type storedVisit struct {
	known   bool
	updated time.Time
	forms   string // JSON
}

// readStored reads visit id's update time and forms (known is false when it is not stored).
// On the shared store it locks the row until the transaction ends: two laptops writing the
// same visit at once then read its forms one after the other, so neither drops a form the
// other just added (SQLite's write lock does this for a file).
func (s *Store) readStored(ctx context.Context, tx writer, id string) (storedVisit, error) {
	var v storedVisit
	var updated string
	err := tx.QueryRowContext(ctx, `SELECT updated, forms FROM incidents WHERE id = ?`+s.forUpdate(), id).Scan(&updated, &v.forms)
	if errors.Is(err, sql.ErrNoRows) {
		return v, nil
	}
	if err != nil {
		return v, err
	}
	v.known = true
	v.updated, err = s.parseTime(updated)
	return v, err
}

// keepForms returns forms (JSON) with the stored forms it lacks added, in the order they
// were produced. A form is one per kind and transaction: filled again, the newer one stands.
func keepForms(stored, forms string) (string, error) {
	if stored == "[]" || stored == "" || stored == forms {
		return forms, nil
	}
	var old, cur []FormRecord
	if json.Unmarshal([]byte(stored), &old) != nil || json.Unmarshal([]byte(forms), &cur) != nil {
		return forms, nil // unreadable stored forms are not carried on
	}
	b, err := json.Marshal(mergeForms(old, cur))
	if err != nil {
		return forms, err
	}
	return string(b), nil
}

// mergeForms is lists of forms together, one per kind and transaction (the newest produced),
// in the order they were produced.
func mergeForms(lists ...[]FormRecord) []FormRecord {
	by := map[string]FormRecord{}
	for _, list := range lists {
		for _, f := range list {
			k := f.Kind + "\x00" + f.Trace
			if old, ok := by[k]; !ok || f.Produced.After(old.Produced) {
				by[k] = f
			}
		}
	}
	out := make([]FormRecord, 0, len(by))
	for _, f := range by {
		out = append(out, f)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Produced.Equal(out[j].Produced) {
			return out[i].Produced.Before(out[j].Produced)
		}
		return out[i].Kind+out[i].Trace < out[j].Kind+out[j].Trace
	})
	return out
}

// AddForm records a merchant's form produced for visit id (docs/forms.md) in one
// transaction that touches nothing else of the visit, so the app saving the same visit's
// notes meanwhile loses nothing, and its next save keeps the form. The same form (kind and
// transaction) filled again replaces the earlier record: the visit keeps one of each.
func (s *Store) AddForm(ctx context.Context, id string, f FormRecord) error {
	id = strings.ToLower(id)
	clean := (&Incident{Forms: []FormRecord{f}}).Sanitize().Forms[0]
	return s.write(ctx, func(tx *sql.Tx) error {
		stored, err := s.readStored(ctx, tx, id) // locks the row on the shared store
		if err != nil {
			return err
		}
		if !stored.known {
			return fmt.Errorf("%w: %s", ErrNotFound, id)
		}
		var list []FormRecord
		if err := json.Unmarshal([]byte(stored.forms), &list); err != nil {
			return fmt.Errorf("%w: incident %s: stored forms unreadable: %v", ErrDamaged, id, err)
		}
		b, err := json.Marshal(mergeForms(list, []FormRecord{clean}))
		if err != nil {
			return err
		}
		// the visit changed now: later than its last update even when this clock is behind
		now := s.now()
		if !now.After(stored.updated) {
			now = stored.updated.Add(time.Microsecond)
		}
		_, err = tx.ExecContext(ctx, `UPDATE incidents SET forms = ?, updated = ? WHERE id = ?`, string(b), fmtTime(now), id)
		return err
	})
}
