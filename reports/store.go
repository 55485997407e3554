package reports

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver

	"posdoctor/diagnostics"
)

// Errors of the store. Tests and callers use errors.Is.
var (
	ErrNotFound    = errors.New("no such incident")
	ErrAmbiguous   = errors.New("incident id prefix matches more than one incident")
	ErrInvalid     = errors.New("invalid incident")
	ErrNewerSchema = errors.New("incident database was written by a newer posdoctor")
	ErrClosed      = errors.New("incident store is closed")
	ErrReadOnly    = errors.New("incident store is open read-only")
)

// DBFileName is the store's file name inside the data folder.
const DBFileName = "incidents.db"

// DataDir returns posdoctor's data folder: $XDG_DATA_HOME/posdoctor (default
// ~/.local/share/posdoctor) on Linux and BSD, ~/Library/Application Support/posdoctor on macOS,
// %LocalAppData%\posdoctor on Windows (local, not roaming: an SQLite file must not live on a
// network share).
func DataDir() (string, error) {
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "posdoctor"), nil
		}
		d, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("find the data folder: %w", err)
		}
		return filepath.Join(d, "posdoctor"), nil
	case "darwin", "ios":
		d, err := os.UserConfigDir() // ~/Library/Application Support
		if err != nil {
			return "", fmt.Errorf("find the data folder: %w", err)
		}
		return filepath.Join(d, "posdoctor"), nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "posdoctor"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find the data folder: %w — pass --db PATH", err)
	}
	return filepath.Join(home, ".local", "share", "posdoctor"), nil
}

// DefaultDBPath returns the store's path in the data folder (see DataDir).
func DefaultDBPath() (string, error) {
	d, err := DataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, DBFileName), nil
}

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
}

// Open opens (creating it and its folder when missing) the store at path, or at
// DefaultDBPath when path is "", for reading and writing, and migrates its schema to
// SchemaVersion. It refuses, without writing a byte, a file that is not a posdoctor store
// (ErrNotStore), one written by a newer posdoctor (ErrNewerSchema) and one that fails
// SQLite's quick integrity check (ErrDamaged). Commands that only read use OpenReadOnly.
func Open(path string) (*Store, error) {
	abs, err := storePath(path)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), openTimeout)
	defer cancel()
	_, damage, err := inspect(ctx, abs)
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
// power cut), foreign keys on, write transactions that take the lock at BEGIN, and a busy
// wait for another posdoctor (the GUI and the CLI may share the file).
func dsn(abs string) string {
	return fileURI(abs) + fmt.Sprintf("?_busy_timeout=%d&_journal_mode=WAL&_synchronous=FULL&_foreign_keys=1&_txlock=immediate", busyTimeout.Milliseconds())
}

// busyTimeout is how long a statement waits for another program's lock on the store.
var busyTimeout = 10 * time.Second

// Path returns the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database; the WAL is checkpointed into the main file.
func (s *Store) Close() error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.db.Close()
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
	codes, err := json.Marshal(nonNil(c.Codes))
	if err != nil {
		return fmt.Errorf("save incident %s: %w", id, err)
	}
	actions, err := json.Marshal(nonNil(c.Actions))
	if err != nil {
		return fmt.Errorf("save incident %s: %w", id, err)
	}
	runs := make([]runRow, len(c.Runs))
	for i, r := range c.Runs {
		if runs[i], err = encodeRun(r); err != nil {
			return fmt.Errorf("save incident %s run %d: %w", id, i, err)
		}
	}
	parts, err := encodeParts(c)
	if err != nil {
		return fmt.Errorf("save incident %s: %w", id, err)
	}

	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
INSERT INTO incidents (id, opened, closed, updated, technician, branch, site, merchant, mid, tid,
	model, serial, firmware, comm, symptom, category, resolution, escalation, notes, codes, actions, verdict)
VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
ON CONFLICT(id) DO UPDATE SET opened=excluded.opened, closed=excluded.closed, updated=excluded.updated,
	technician=excluded.technician, branch=excluded.branch, site=excluded.site, merchant=excluded.merchant,
	mid=excluded.mid, tid=excluded.tid, model=excluded.model, serial=excluded.serial,
	firmware=excluded.firmware, comm=excluded.comm, symptom=excluded.symptom, category=excluded.category,
	resolution=excluded.resolution, escalation=excluded.escalation, notes=excluded.notes,
	codes=excluded.codes, actions=excluded.actions, verdict=excluded.verdict`,
			id, fmtTime(c.Opened), fmtTime(c.Closed), fmtTime(s.now()), c.Technician, c.Branch, c.Site,
			c.Merchant, c.MID, c.TID, c.Model, c.Serial, c.Firmware, c.Comm, c.Symptom,
			c.Category.String(), c.Resolution.String(), c.EscalationReason, c.Notes, string(codes), string(actions),
			visitVerdict(c))
		if err != nil {
			return err
		}
		// codes seen (run -1) and finding codes of every run
		if _, err := tx.ExecContext(ctx, `DELETE FROM incident_codes WHERE incident_id = ?`, id); err != nil {
			return err
		}
		for _, cs := range c.Codes {
			if err := insertCode(ctx, tx, id, -1, cs.Code); err != nil {
				return err
			}
		}
		// runs: rewrite those whose digest changed, drop those no longer there
		old := map[int]string{}
		rows, err := tx.QueryContext(ctx, `SELECT seq, digest FROM runs WHERE incident_id = ?`, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var seq int
			var d string
			if err := rows.Scan(&seq, &d); err != nil {
				rows.Close()
				return err
			}
			old[seq] = d
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i, r := range runs {
			if old[i] != r.digest {
				if err := putRunRow(ctx, tx, id, i, r); err != nil {
					return err
				}
			}
			for _, code := range r.codes {
				if err := insertCode(ctx, tx, id, i, code); err != nil {
					return err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM runs WHERE incident_id = ? AND seq >= ?`, id, len(runs)); err != nil {
			return err
		}
		for _, p := range parts {
			if err := p.store(ctx, tx, id, false); err != nil {
				return err
			}
		}
		return nil
	})
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
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
	return fmt.Errorf("incident store %s %s: %w", s.path, what, err)
}

func insertCode(ctx context.Context, tx *sql.Tx, id string, run int, code string) error {
	if code == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO incident_codes (incident_id, run, code) VALUES (?,?,?)`, id, run, code)
	return err
}

// runRow is a run encoded for the runs table.
type runRow struct {
	started, verdict, report, digest string
	codes                            []string
}

func encodeRun(r diagnostics.Report) (runRow, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return runRow{}, err
	}
	return runRow{
		started: fmtTime(r.Started),
		verdict: r.Verdict.Kind.String(),
		report:  string(b),
		digest:  digestOf(b),
		codes:   findingCodes(r),
	}, nil
}

func putRunRow(ctx context.Context, tx *sql.Tx, id string, seq int, r runRow) error {
	_, err := tx.ExecContext(ctx, `
INSERT INTO runs (incident_id, seq, started, verdict, report, digest) VALUES (?,?,?,?,?,?)
ON CONFLICT(incident_id, seq) DO UPDATE SET started=excluded.started, verdict=excluded.verdict,
	report=excluded.report, digest=excluded.digest`, id, seq, r.started, r.verdict, r.report, r.digest)
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
	j, err := json.Marshal(nonNil(c.Journal))
	if err != nil {
		return nil, err
	}
	e, err := json.Marshal(nonNil(c.Events))
	if err != nil {
		return nil, err
	}
	t, err := json.Marshal(nonNil(c.Trace))
	if err != nil {
		return nil, err
	}
	journal := part{name: "journal", digest: digestOf(j),
		insert: `INSERT INTO journal (incident_id, seq, time, type, amount, pan, trace, rrn, auth, rc, flags, flagged, flag) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`}
	for _, x := range c.Journal {
		flagged, err := json.Marshal(nonNil(x.Flagged))
		if err != nil {
			return nil, err
		}
		journal.rows = append(journal.rows, []any{fmtWall(x.Time), x.Type, x.Amount, x.PAN, x.Trace, x.RRN, x.Auth, x.RC, x.Flags, string(flagged), int(x.Flag())})
	}
	events := part{name: "events", digest: digestOf(e),
		insert: `INSERT INTO events (incident_id, seq, time, code, text) VALUES (?,?,?,?,?)`}
	for _, x := range c.Events {
		events.rows = append(events.rows, []any{fmtWall(x.Time), x.Code, x.Text})
	}
	trace := part{name: "trace", digest: digestOf(t),
		insert: `INSERT INTO trace (incident_id, seq, time, dir, kind, raw, text) VALUES (?,?,?,?,?,?,?)`}
	for _, x := range c.Trace {
		trace.rows = append(trace.rows, []any{fmtWall(x.Time), x.Dir, x.Kind, x.Raw, x.Text})
	}
	return []part{journal, events, trace}, nil
}

// store writes the part's rows unless the stored digest matches (or force).
func (p part) store(ctx context.Context, tx *sql.Tx, id string, force bool) error {
	if !force {
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
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+p.name+` WHERE incident_id = ?`, id); err != nil {
		return err
	}
	if len(p.rows) > 0 {
		stmt, err := tx.PrepareContext(ctx, p.insert)
		if err != nil {
			return err
		}
		defer stmt.Close()
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

// AddRun appends a checklist run to incident id and returns its number (0 for the first).
// Like Incident.AddRun, it fills identity fields still empty from the run's terminal status
// and, when the run fetched a journal or event log, makes them the incident's excerpt. One
// transaction. Use PutRun to save a run again as its steps finish.
func (s *Store) AddRun(ctx context.Context, id string, rep diagnostics.Report) (int, error) {
	seq := -1
	err := s.putRun(ctx, id, &seq, rep)
	return seq, err
}

// PutRun saves run seq of incident id, replacing it (or appending it when seq is the next
// number): a run in progress is saved after each step. Same side effects as AddRun.
func (s *Store) PutRun(ctx context.Context, id string, seq int, rep diagnostics.Report) error {
	if seq < 0 {
		return fmt.Errorf("%w: run number %d", ErrInvalid, seq)
	}
	return s.putRun(ctx, id, &seq, rep)
}

func (s *Store) putRun(ctx context.Context, id string, seq *int, rep diagnostics.Report) error {
	u, err := uuid.Parse(id)
	if err != nil {
		return fmt.Errorf("%w: id %q is not a UUID", ErrInvalid, id)
	}
	id = u.String()
	r := cleanReport(rep)
	row, err := encodeRun(r)
	if err != nil {
		return fmt.Errorf("save run of incident %s: %w", id, err)
	}
	var ident Incident
	ident.fillIdentity(r.Terminal)
	ident.MID = cleanMID(ident.MID)
	ident.Journal = FlaggedFirst(r.Transactions)
	ident.Events = r.Events
	parts, err := encodeParts(&ident)
	if err != nil {
		return fmt.Errorf("save run of incident %s: %w", id, err)
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		var next int
		var tid, serial string
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COALESCE(MAX(seq)+1, 0) FROM runs WHERE incident_id = ?), tid, serial
			FROM incidents WHERE id = ?`, id, id).Scan(&next, &tid, &serial); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("%w: %s", ErrNotFound, id)
			}
			return err
		}
		visit := Incident{TID: tid, Serial: serial}
		if err := visit.AddRun(r); err != nil {
			return err
		}
		if *seq < 0 {
			*seq = next
		} else if *seq > next {
			return fmt.Errorf("%w: run %d of incident %s, which has %d runs", ErrInvalid, *seq, id, next)
		}
		if err := putRunRow(ctx, tx, id, *seq, row); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM incident_codes WHERE incident_id = ? AND run = ?`, id, *seq); err != nil {
			return err
		}
		for _, code := range row.codes {
			if err := insertCode(ctx, tx, id, *seq, code); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE incidents SET updated = ?,
	model = CASE WHEN model = '' THEN ? ELSE model END,
	serial = CASE WHEN serial = '' THEN ? ELSE serial END,
	firmware = CASE WHEN firmware = '' THEN ? ELSE firmware END,
	tid = CASE WHEN tid = '' THEN ? ELSE tid END,
	mid = CASE WHEN mid = '' THEN ? ELSE mid END,
	merchant = CASE WHEN merchant = '' THEN ? ELSE merchant END,
	comm = CASE WHEN comm = '' THEN ? ELSE comm END
	WHERE id = ?`, fmtTime(s.now()), ident.Model, ident.Serial, ident.Firmware, ident.TID, ident.MID,
			ident.Merchant, ident.Comm, id)
		if err != nil {
			return err
		}
		if err := updateVerdict(ctx, tx, id); err != nil {
			return err
		}
		if len(r.Transactions) > 0 {
			if err := parts[0].store(ctx, tx, id, false); err != nil {
				return err
			}
		}
		if len(r.Events) > 0 {
			if err := parts[1].store(ctx, tx, id, false); err != nil {
				return err
			}
		}
		return nil
	})
}

// Delete removes incident id and everything recorded with it.
func (s *Store) Delete(ctx context.Context, id string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM incidents WHERE id = ?`, strings.ToLower(id))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%w: %s", ErrNotFound, id)
		}
		return nil
	})
}

// Resolve finds the incident whose id is ref or starts with ref (at least 4 characters, as
// `posdoctor incidents` shows them), and returns its full id.
func (s *Store) Resolve(ctx context.Context, ref string) (string, error) {
	ref = strings.ToLower(strings.TrimSpace(ref))
	if len(ref) < 4 || strings.Trim(ref, "0123456789abcdef-") != "" {
		return "", fmt.Errorf("%w: %q is not an incident id (give at least its first 4 characters)", ErrNotFound, ref)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM incidents WHERE id >= ? AND id < ? ORDER BY id LIMIT 2`, ref, ref+"\U0010FFFF")
	if err != nil {
		return "", s.wrapErr("find", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return "", s.wrapErr("find", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
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
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
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
	var opened, closed, updated, category, resolution, codes, actions string
	err := tx.QueryRowContext(ctx, `SELECT id, opened, closed, updated, technician, branch, site,
	merchant, mid, tid, model, serial, firmware, comm, symptom, category, resolution, escalation,
	notes, codes, actions FROM incidents WHERE id = ?`, id).Scan(&inc.ID, &opened, &closed, &updated,
		&inc.Technician, &inc.Branch, &inc.Site, &inc.Merchant, &inc.MID, &inc.TID, &inc.Model,
		&inc.Serial, &inc.Firmware, &inc.Comm, &inc.Symptom, &category, &resolution,
		&inc.EscalationReason, &inc.Notes, &codes, &actions)
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

	// runs
	rows, err := tx.QueryContext(ctx, `SELECT seq, report FROM runs WHERE incident_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var seq int
		var report string
		if err := rows.Scan(&seq, &report); err != nil {
			rows.Close()
			return nil, err
		}
		var r diagnostics.Report
		if err := json.Unmarshal([]byte(report), &r); err != nil {
			rows.Close()
			return nil, bad(fmt.Sprintf("run %d", seq), err)
		}
		for i := range r.Steps {
			r.Steps[i].Duration = time.Duration(r.Steps[i].DurationMS) * time.Millisecond
		}
		inc.Runs = append(inc.Runs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// journal
	rows, err = tx.QueryContext(ctx, `SELECT time, type, amount, pan, trace, rrn, auth, rc, flags, flagged
	FROM journal WHERE incident_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var t diagnostics.Transaction
		var tm, flagged string
		if err := rows.Scan(&tm, &t.Type, &t.Amount, &t.PAN, &t.Trace, &t.RRN, &t.Auth, &t.RC, &t.Flags, &flagged); err != nil {
			rows.Close()
			return nil, err
		}
		if t.Time, err = parseWall(tm); err != nil {
			rows.Close()
			return nil, bad("journal time", err)
		}
		if err := json.Unmarshal([]byte(flagged), &t.Flagged); err != nil {
			rows.Close()
			return nil, bad("journal flags", err)
		}
		if len(t.Flagged) == 0 {
			t.Flagged = nil
		}
		inc.Journal = append(inc.Journal, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// events
	rows, err = tx.QueryContext(ctx, `SELECT time, code, text FROM events WHERE incident_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var e diagnostics.Event
		var tm string
		if err := rows.Scan(&tm, &e.Code, &e.Text); err != nil {
			rows.Close()
			return nil, err
		}
		if e.Time, err = parseWall(tm); err != nil {
			rows.Close()
			return nil, bad("event time", err)
		}
		inc.Events = append(inc.Events, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// trace
	rows, err = tx.QueryContext(ctx, `SELECT time, dir, kind, raw, text FROM trace WHERE incident_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var l TraceLine
		var tm string
		if err := rows.Scan(&tm, &l.Dir, &l.Kind, &l.Raw, &l.Text); err != nil {
			rows.Close()
			return nil, err
		}
		if l.Time, err = parseWall(tm); err != nil {
			rows.Close()
			return nil, bad("trace time", err)
		}
		if len(l.Raw) == 0 {
			l.Raw = nil
		}
		inc.Trace = append(inc.Trace, l)
	}
	rows.Close()
	return inc, rows.Err()
}

// Filter selects incidents for List; empty fields match everything, set fields all apply.
type Filter struct {
	Month      string     // "2026-03": opened in that calendar month, local time
	From, To   time.Time  // opened at or after From, before To (either may be zero)
	TID        string     // terminal id
	Branch     string     // branch, exactly
	Code       string     // a code seen or found in any run ("03", "PAPER-LOW")
	Categories []Category // any of these
	Open       bool       // only visits not yet resolved
	Limit      int        // at most this many, newest first (0: all)
}

// Summary is one line of the incident list: what `posdoctor incidents --json` prints, and what
// the monthly report sums.
type Summary struct {
	ID           string     `json:"id"`
	Opened       time.Time  `json:"opened"`
	Closed       *time.Time `json:"closed"` // null while open
	Updated      time.Time  `json:"updated"`
	Technician   string     `json:"technician"`
	Branch       string     `json:"branch"`
	Site         string     `json:"site"`
	Merchant     string     `json:"merchant"`
	MID          string     `json:"mid"`
	TID          string     `json:"tid"`
	Model        string     `json:"model"`
	Serial       string     `json:"serial"`
	Symptom      string     `json:"symptom"`
	Category     Category   `json:"category"`
	Resolution   Resolution `json:"resolution"`
	Codes        []string   `json:"codes"`   // seen and found, distinct, sorted
	Runs         int        `json:"runs"`    // checklist runs recorded
	Verdict      string     `json:"verdict"` // of the visit: over the latest result of every step; "" when no run
	Transactions int        `json:"transactions"`
	Flagged      int        `json:"flagged"` // transactions flagged (reversal, duplicate, failed)
}

// List returns the incidents matching f, newest first.
func (s *Store) List(ctx context.Context, f Filter) ([]Summary, error) {
	var where []string
	var args []any
	if f.Month != "" {
		start, err := time.ParseInLocation("2006-01", f.Month, s.loc)
		if err != nil {
			return nil, fmt.Errorf("%w: month %q is not YYYY-MM", ErrInvalid, f.Month)
		}
		where = append(where, "i.opened >= ? AND i.opened < ?")
		args = append(args, fmtTime(start), fmtTime(start.AddDate(0, 1, 0)))
	}
	if !f.From.IsZero() {
		where = append(where, "i.opened >= ?")
		args = append(args, fmtTime(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, "i.opened < ?")
		args = append(args, fmtTime(f.To))
	}
	if f.TID != "" {
		where = append(where, "i.tid = ?")
		args = append(args, f.TID)
	}
	if f.Branch != "" {
		where = append(where, "i.branch = ?")
		args = append(args, f.Branch)
	}
	if f.Code != "" {
		where = append(where, "EXISTS (SELECT 1 FROM incident_codes c WHERE c.incident_id = i.id AND c.code = ?)")
		args = append(args, f.Code)
	}
	if len(f.Categories) > 0 {
		q := make([]string, len(f.Categories))
		for i, c := range f.Categories {
			q[i] = "?"
			args = append(args, c.String())
		}
		where = append(where, "i.category IN ("+strings.Join(q, ",")+")")
	}
	if f.Open {
		where = append(where, "i.resolution = ?")
		args = append(args, ResolutionOpen.String())
	}
	q := `SELECT i.id, i.opened, i.closed, i.updated, i.technician, i.branch, i.site, i.merchant,
	i.mid, i.tid, i.model, i.serial, i.symptom, i.category, i.resolution,
	(SELECT COALESCE(group_concat(code, char(31)), '') FROM (SELECT DISTINCT code FROM incident_codes c WHERE c.incident_id = i.id ORDER BY code)),
	(SELECT COUNT(*) FROM runs r WHERE r.incident_id = i.id),
	` + s.verdictColumn() + `,
	(SELECT COUNT(*) FROM journal j WHERE j.incident_id = i.id),
	(SELECT COUNT(*) FROM journal j WHERE j.incident_id = i.id AND j.flag > 0)
FROM incidents i`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY i.opened DESC, i.id"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, s.wrapErr("list", err)
	}
	defer rows.Close()
	out := []Summary{}
	for rows.Next() {
		var m Summary
		var opened, closed, updated, category, resolution, codes string
		if err := rows.Scan(&m.ID, &opened, &closed, &updated, &m.Technician, &m.Branch, &m.Site,
			&m.Merchant, &m.MID, &m.TID, &m.Model, &m.Serial, &m.Symptom, &category, &resolution,
			&codes, &m.Runs, &m.Verdict, &m.Transactions, &m.Flagged); err != nil {
			return nil, s.wrapErr("list", err)
		}
		if m.Opened, err = s.parseTime(opened); err != nil {
			return nil, s.wrapErr("list", err)
		}
		if closed != "" {
			t, err := s.parseTime(closed)
			if err != nil {
				return nil, s.wrapErr("list", err)
			}
			m.Closed = &t
		}
		if m.Updated, err = s.parseTime(updated); err != nil {
			return nil, s.wrapErr("list", err)
		}
		if m.Category, err = ParseCategory(category); err != nil {
			return nil, s.wrapErr("list", err)
		}
		if m.Resolution, err = ParseResolution(resolution); err != nil {
			return nil, s.wrapErr("list", err)
		}
		m.Codes = []string{}
		if codes != "" {
			m.Codes = strings.Split(codes, "\x1f")
			slices.Sort(m.Codes)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, s.wrapErr("list", err)
	}
	return out, nil
}
