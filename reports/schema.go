package reports

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"posdoctor/diagnostics"
)

// migrations are the schema steps, in order: migrations[i] takes the database from version i
// to i+1 (PRAGMA user_version). Never edit a step once released; append a new one.
// docs/incidents.md describes the resulting schema.
var migrations = []string{
	// 1: incidents, their codes, runs, journal, events, link trace
	`
CREATE TABLE incidents (
	id          TEXT PRIMARY KEY,          -- UUID, lower case
	opened      TEXT NOT NULL,             -- UTC, fixed width: 2006-01-02T15:04:05.000000000Z
	closed      TEXT NOT NULL DEFAULT '',  -- same format; '' while open
	updated     TEXT NOT NULL,
	technician  TEXT NOT NULL DEFAULT '',
	branch      TEXT NOT NULL DEFAULT '',
	site        TEXT NOT NULL DEFAULT '',
	merchant    TEXT NOT NULL DEFAULT '',
	mid         TEXT NOT NULL DEFAULT '',
	tid         TEXT NOT NULL DEFAULT '',
	model       TEXT NOT NULL DEFAULT '',
	serial      TEXT NOT NULL DEFAULT '',
	firmware    TEXT NOT NULL DEFAULT '',
	comm        TEXT NOT NULL DEFAULT '',
	symptom     TEXT NOT NULL DEFAULT '',
	category    TEXT NOT NULL,             -- Category.String()
	resolution  TEXT NOT NULL,             -- Resolution.String()
	escalation  TEXT NOT NULL DEFAULT '',
	notes       TEXT NOT NULL DEFAULT '',
	codes       TEXT NOT NULL DEFAULT '[]', -- JSON []CodeSeen
	actions     TEXT NOT NULL DEFAULT '[]'  -- JSON []Action
);
CREATE INDEX incidents_by_opened   ON incidents(opened);
CREATE INDEX incidents_by_tid      ON incidents(tid, opened);
CREATE INDEX incidents_by_branch   ON incidents(branch, opened);
CREATE INDEX incidents_by_category ON incidents(category, opened);

-- every code of an incident, for the monthly report's "by code": run -1 holds the codes seen,
-- run n the finding codes of run n
CREATE TABLE incident_codes (
	incident_id TEXT    NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	run         INTEGER NOT NULL,
	code        TEXT    NOT NULL,
	PRIMARY KEY (incident_id, run, code)
) WITHOUT ROWID;
CREATE INDEX incident_codes_by_code ON incident_codes(code);

CREATE TABLE runs (
	incident_id TEXT    NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	seq         INTEGER NOT NULL,          -- 0, 1, ... in the order they ran
	started     TEXT    NOT NULL,
	verdict     TEXT    NOT NULL,
	report      TEXT    NOT NULL,          -- JSON, the shape of posdoctor check --json
	digest      TEXT    NOT NULL,          -- sha256 of report: unchanged runs are not rewritten
	PRIMARY KEY (incident_id, seq)
);

CREATE TABLE journal (
	incident_id TEXT    NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	seq         INTEGER NOT NULL,
	time        TEXT    NOT NULL,          -- RFC 3339 with the terminal's offset
	type        TEXT    NOT NULL,
	amount      INTEGER NOT NULL,          -- fen
	pan         TEXT    NOT NULL,          -- masked: first 6, last 4
	trace       TEXT    NOT NULL,
	rrn         TEXT    NOT NULL,
	auth        TEXT    NOT NULL,
	rc          TEXT    NOT NULL,
	flags       TEXT    NOT NULL,
	flagged     TEXT    NOT NULL,          -- JSON []string of finding codes
	flag        INTEGER NOT NULL,          -- TxnFlag: 0 normal, 1 unconfirmed reversal, 2 duplicate, 3 failed
	PRIMARY KEY (incident_id, seq)
);

CREATE TABLE events (
	incident_id TEXT    NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	seq         INTEGER NOT NULL,
	time        TEXT    NOT NULL,
	code        TEXT    NOT NULL,
	text        TEXT    NOT NULL,
	PRIMARY KEY (incident_id, seq)
);

CREATE TABLE trace (
	incident_id TEXT    NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	seq         INTEGER NOT NULL,
	time        TEXT    NOT NULL,
	dir         TEXT    NOT NULL,
	kind        TEXT    NOT NULL,
	raw         BLOB,
	text        TEXT    NOT NULL,
	PRIMARY KEY (incident_id, seq)
);

-- digests of the journal, events and trace as last saved: a save that did not change them
-- does not rewrite thousands of rows
CREATE TABLE parts (
	incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	part        TEXT NOT NULL,             -- journal, events, trace
	digest      TEXT NOT NULL,
	PRIMARY KEY (incident_id, part)
) WITHOUT ROWID;
`,
	// 2: the visit's verdict, over the latest result of every step of all its runs (until
	// now List showed the last run's, which a partial re-run rewrote); backfillVerdicts
	// fills it for incidents saved before
	`ALTER TABLE incidents ADD COLUMN verdict TEXT NOT NULL DEFAULT '';`,
	// 3: the branch manager's month. reported: when the merchant reported the fault (the
	// monthly time to restore; '' when unknown). deleted: tombstones, so a bundle exported
	// before a deletion does not bring the visit back (docs/bundle.md). meta: this
	// installation's device UUID (made by backfillDevice) and the export high-water mark.
	`
ALTER TABLE incidents ADD COLUMN reported TEXT NOT NULL DEFAULT '';  -- same format as opened
CREATE INDEX incidents_by_updated ON incidents(updated);
CREATE TABLE deleted (
	id      TEXT PRIMARY KEY,                -- UUID of the deleted visit, lower case
	deleted TEXT NOT NULL                    -- when, same format as opened
) WITHOUT ROWID;
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,                  -- device, exported
	value TEXT NOT NULL
) WITHOUT ROWID;
`,
	// 4: the trainer's records: one row an attempt at a drill, append-only (the triggers
	// refuse updates and deletes) and chained (hash = sha256(prev + "\n" + record)), so an
	// edit by hand shows in VerifyTraining (docs/drills.md, "Records").
	`
CREATE TABLE training (
	seq     INTEGER PRIMARY KEY,             -- 1, 2, ... in the order recorded
	attempt TEXT NOT NULL UNIQUE,            -- UUID
	trainee TEXT NOT NULL,
	drill   TEXT NOT NULL,
	started TEXT NOT NULL,                   -- same format as incidents.opened
	passed  INTEGER NOT NULL,
	score   INTEGER NOT NULL,
	record  TEXT NOT NULL,                   -- JSON TrainingRecord
	prev    TEXT NOT NULL,                   -- hash of the record before ('' for the first)
	hash    TEXT NOT NULL
);
CREATE INDEX training_by_trainee ON training(trainee, started);
CREATE INDEX training_by_drill   ON training(drill, started);
CREATE TRIGGER training_no_update BEFORE UPDATE ON training
BEGIN SELECT RAISE(ABORT, 'training records are append-only'); END;
CREATE TRIGGER training_no_delete BEFORE DELETE ON training
BEGIN SELECT RAISE(ABORT, 'training records are append-only'); END;
`,
	// 5: the merchant's forms produced from the visit's journal (issue 16): JSON []FormRecord
	`ALTER TABLE incidents ADD COLUMN forms TEXT NOT NULL DEFAULT '[]';`,
}

// backfills run after the migration of the same index, in its transaction.
var backfills = map[int]func(ctx context.Context, tx *sql.Tx) error{
	1: backfillVerdicts,
	2: backfillDevice,
}

// metaDevice is the meta key of the installation's device UUID (bundles' manifest "device").
const metaDevice = "device"

// backfillDevice gives the installation its device UUID, once.
func backfillDevice(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)`, metaDevice, uuid.NewString())
	return err
}

// backfillVerdicts computes incidents.verdict from the stored runs.
func backfillVerdicts(ctx context.Context, tx *sql.Tx) error {
	runs := map[string][]diagnostics.Report{}
	var ids []string
	err := eachRow(ctx, tx, `SELECT incident_id, report FROM runs ORDER BY incident_id, seq`, nil, func(rows *sql.Rows) error {
		var id, report string
		if err := rows.Scan(&id, &report); err != nil {
			return err
		}
		var r diagnostics.Report
		if json.Unmarshal([]byte(report), &r) != nil {
			return nil // an unreadable run says nothing; Get reports it
		}
		if _, ok := runs[id]; !ok {
			ids = append(ids, id)
		}
		runs[id] = append(runs[id], r)
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		inc := Incident{Runs: runs[id]}
		if _, err := tx.ExecContext(ctx, `UPDATE incidents SET verdict = ? WHERE id = ?`, visitVerdict(&inc), id); err != nil {
			return err
		}
	}
	return nil
}

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int { return len(migrations) }

// migrate brings the database to SchemaVersion in one transaction. A database written by a
// newer posdoctor is left alone (ErrNewerSchema).
func migrate(ctx context.Context, db *sql.DB) error {
	// read the version first, outside a write transaction: a store already up to date opens
	// while another program (the desktop app saving) holds the write lock
	var cur int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&cur); err != nil {
		return fmt.Errorf("read schema version: %w", busy(err))
	}
	if cur == len(migrations) {
		return nil
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin migration: %w", busy(err))
	}
	defer tx.Rollback()
	var v int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("%w: database has schema %d, this posdoctor knows up to %d", ErrNewerSchema, v, len(migrations))
	}
	if v == len(migrations) {
		return nil
	}
	for i := v; i < len(migrations); i++ {
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			return fmt.Errorf("migrate schema %d to %d: %w", i, i+1, err)
		}
		if fill := backfills[i]; fill != nil {
			if err := fill(ctx, tx); err != nil {
				return fmt.Errorf("migrate schema %d to %d: %w", i, i+1, err)
			}
		}
	}
	// PRAGMA takes no parameters; the value is our own integer
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(migrations))); err != nil {
		return fmt.Errorf("set schema version: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit migration: %w", err)
	}
	return nil
}

// visitVerdict is the incidents.verdict column of c: the visit's verdict, "" with no run.
func visitVerdict(c *Incident) string {
	if v, ok := c.Verdict(); ok {
		return v.Kind.String()
	}
	return ""
}

// verdictColumn is List's SQL for an incident's verdict. A store opened read-only at schema 1
// (before incidents.verdict) falls back to the last run's.
func (s *Store) verdictColumn() string {
	if s.readOnly && s.version < 2 {
		return `(SELECT COALESCE((SELECT verdict FROM runs r WHERE r.incident_id = i.id ORDER BY seq DESC LIMIT 1), ''))`
	}
	return `i.verdict`
}

// reportedColumn is the SQL of an incident's reported time: empty in a store opened read-only
// at schema 2 or older (before incidents.reported).
func (s *Store) reportedColumn() string {
	if s.readOnly && s.version < 3 {
		return `''`
	}
	return `reported`
}

// formsColumn is the SQL of an incident's forms: none in a store opened read-only at schema 4
// or older (before incidents.forms).
func (s *Store) formsColumn() string {
	if s.readOnly && s.version < 5 {
		return `'[]'`
	}
	return `forms`
}

// updateVerdict recomputes incidents.verdict of incident id from its stored runs.
func updateVerdict(ctx context.Context, tx *sql.Tx, id string) error {
	var inc Incident
	err := eachRow(ctx, tx, `SELECT report FROM runs WHERE incident_id = ? ORDER BY seq`, []any{id}, func(rows *sql.Rows) error {
		var report string
		if err := rows.Scan(&report); err != nil {
			return err
		}
		var r diagnostics.Report
		if json.Unmarshal([]byte(report), &r) == nil {
			inc.Runs = append(inc.Runs, r)
		}
		return nil
	})
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE incidents SET verdict = ? WHERE id = ?`, visitVerdict(&inc), id)
	return err
}
