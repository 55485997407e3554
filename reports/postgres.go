package reports

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// The shared store (docs/shared-store.md): the same Store on a PostgreSQL database, reached
// with pgx (pure Go), for a branch or a company that keeps every visit in one place. Laptops
// keep their SQLite file as the working store and sync with it (Sync); the manager's reports
// read it directly. Every method of Store works on both; what differs is here and in the few
// SQL functions the two spell differently (dialect).

// dialect is the SQL the store's database speaks.
type dialect int

const (
	dialectSQLite dialect = iota
	dialectPostgres
)

// pgConnectTimeout bounds connecting to the server; pgLockTimeout a statement's wait for
// another writer's lock (the server then cancels it and the store says so).
const (
	pgConnectTimeout = 10 * time.Second
	pgLockTimeout    = 30 * time.Second
)

// passwordKV finds "password=..." in a connection string or a URL's query.
var passwordKV = regexp.MustCompile(`(?i)(password\s*=\s*)('[^']*'|[^\s&]+)`)

// RedactDB is a --db or --to value fit to show: a URL's password (of any scheme) and any
// password=... replaced by xxxxx.
func RedactDB(v string) string {
	v = NormalizeURL(v)
	if strings.Contains(v, "://") {
		if u, err := url.Parse(strings.TrimSpace(v)); err == nil && u.User != nil {
			if _, has := u.User.Password(); has {
				u.User = url.UserPassword(u.User.Username(), "xxxxx")
				v = u.String()
			}
		} else if i, j := strings.Index(v, "://"), strings.LastIndex(v, "@"); err != nil && j > i {
			if k := strings.Index(v[i+3:j], ":"); k >= 0 {
				v = v[:i+3+k+1] + "xxxxx" + v[j:]
			}
		}
	}
	return passwordKV.ReplaceAllString(v, "${1}xxxxx")
}

// looksLikeDSN: a libpq keyword connection string ("host=… user=… password=…").
func looksLikeDSN(v string) bool {
	l := strings.ToLower(v)
	return strings.Contains(l, "=") && (strings.Contains(l, "password=") || strings.Contains(l, "host=") || strings.Contains(l, "dbname="))
}

// NormalizeURL writes a URL's user and password percent-encoded when they hold characters a
// URL parser reads as the start of the host, path, query or fragment ("postgres://bob:2024#Spring@db/x"
// would otherwise parse as host "bob", port "2024", and show the password in every message).
// The userinfo is what lies between "://" and the last "@"; a URL already written properly is
// returned as it is.
func NormalizeURL(raw string) string {
	raw = strings.TrimSpace(raw)
	i := strings.Index(raw, "://")
	if i < 0 {
		return raw
	}
	rest := raw[i+3:]
	at := strings.LastIndex(rest, "@")
	if at <= 0 {
		return raw
	}
	info := rest[:at]
	if !strings.ContainsAny(info, "/?#@") {
		return raw
	}
	user, pass, hasPass := strings.Cut(info, ":")
	unesc := func(s string) string {
		if u, err := url.PathUnescape(s); err == nil {
			return u
		}
		return s
	}
	ui := url.User(unesc(user))
	if hasPass {
		ui = url.UserPassword(unesc(user), unesc(pass))
	}
	return raw[:i+3] + ui.String() + "@" + rest[at+1:]
}

// IsURL reports whether a --db value names a PostgreSQL database rather than a file.
func IsURL(db string) bool {
	l := strings.ToLower(strings.TrimSpace(db))
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// RedactURL returns the URL with any password replaced by "xxxxx": what messages, logs and
// the store's Path show. A value that does not parse comes back as its scheme and host only.
func RedactURL(raw string) string {
	raw = NormalizeURL(raw)
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || !strings.Contains(raw, "://") {
		return RedactDB(raw)
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// pgConfig parses a store URL. pgx reads the password from the URL, PGPASSWORD or ~/.pgpass.
func pgConfig(raw string) (*pgx.ConnConfig, error) {
	raw = NormalizeURL(raw)
	cfg, err := pgx.ParseConfig(raw)
	if err != nil {
		// pgx's parse errors may quote the string: say what is wrong without it
		hint := ""
		if strings.Count(raw, "@") > 1 || strings.ContainsAny(raw, " #") {
			hint = "; write @, #, / and spaces in the user or password as %40, %23, %2F and %20"
		}
		return nil, fmt.Errorf("%w: %s is not a PostgreSQL URL (postgres://USER@HOST:5432/DATABASE?sslmode=verify-full)%s", ErrBadURL, RedactURL(raw), hint)
	}
	if cfg.ConnectTimeout == 0 || cfg.ConnectTimeout > pgConnectTimeout {
		cfg.ConnectTimeout = pgConnectTimeout
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	cfg.RuntimeParams["lock_timeout"] = fmt.Sprint(pgLockTimeout.Milliseconds())
	cfg.RuntimeParams["application_name"] = "posdoctor"
	cfg.RuntimeParams["timezone"] = "UTC"
	return cfg, nil
}

// openPostgres opens the shared store at raw. Read-write opens create or migrate the schema;
// read-only ones never write (every transaction is READ ONLY) and refuse a database with no
// store yet (ErrNoStore).
func openPostgres(raw string, readOnly bool) (*Store, error) {
	cfg, err := pgConfig(raw)
	if err != nil {
		return nil, err
	}
	name := RedactURL(raw) // normalised: a password the parser would misread is redacted too
	if readOnly {
		cfg.RuntimeParams["default_transaction_read_only"] = "on"
	}
	db := sql.OpenDB(rebindConnector{stdlib.GetConnector(*cfg)})
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{db: db, path: name, now: time.Now, loc: time.Local, readOnly: readOnly,
		dialect: dialectPostgres, secret: cfg.Password, database: cfg.Database}
	ctx, cancel := context.WithTimeout(context.Background(), pgConnectTimeout+5*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, s.openError(err)
	}
	if readOnly {
		v, err := pgVersion(ctx, db)
		if err != nil {
			db.Close()
			return nil, s.openError(err)
		}
		switch {
		case v == 0:
			db.Close()
			return nil, fmt.Errorf("%w: the shared database %s has no posdoctor store yet (sync to it, or open it once read-write)", ErrNoStore, name)
		case v > len(pgMigrations):
			db.Close()
			return nil, fmt.Errorf("open shared store %s: %w: schema %d, this posdoctor knows up to %d", name, ErrNewerSchema, v, len(pgMigrations))
		}
		s.version = SchemaVersion()
		return s, nil
	}
	if err := pgMigrate(ctx, db); err != nil {
		db.Close()
		return nil, s.openError(err)
	}
	s.version = SchemaVersion()
	if err := db.QueryRowContext(ctx, `SELECT has_table_privilege('incidents', 'DELETE')`).Scan(&s.canDelete); err != nil {
		db.Close()
		return nil, s.openError(err)
	}
	return s, nil
}

// pgError words an error of the shared store for a person: the server gone, a login
// refused, a permission the role lacks, a lock held past the wait. Never the password.
func (s *Store) pgError(what string, err error) error {
	var pe *pgconn.PgError
	switch {
	case errors.Is(err, sql.ErrConnDone) || strings.Contains(err.Error(), "database is closed"):
		return fmt.Errorf("shared store %s: %w", what, ErrClosed)
	case errors.Is(err, ErrNotFound) || errors.Is(err, ErrInvalid) || errors.Is(err, ErrOtherTerminal):
		return err
	case errors.As(err, &pe) && pe.Code == "42501":
		return fmt.Errorf("shared store %s %s: %w (%s): docs/shared-store.md lists the grants of the technicians' and the manager's roles", s.path, what, ErrPermission, s.scrub(pe.Message))
	case errors.As(err, &pe) && pe.Code == "55P03":
		return fmt.Errorf("shared store %s %s: %w (lock_timeout)", s.path, what, ErrBusy)
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		return fmt.Errorf("shared store %s %s: %w", s.path, what, err)
	}
	var ne net.Error
	var ce *pgconn.ConnectError
	if errors.As(err, &ne) || errors.As(err, &ce) || pgconn.SafeToRetry(err) {
		return fmt.Errorf("shared store %s %s: %w: %s", s.path, what, ErrUnreachable, s.scrub(err.Error()))
	}
	if s.secret == "" || !strings.Contains(err.Error(), s.secret) {
		return fmt.Errorf("shared store %s %s: %w", s.path, what, err)
	}
	return fmt.Errorf("shared store %s %s: %s", s.path, what, s.scrub(err.Error()))
}

// openError says why the shared store did not open, in words a person can act on, without
// the password.
func (s *Store) openError(err error) error {
	var pe *pgconn.PgError
	var ne net.Error
	var ce *pgconn.ConnectError
	switch {
	case errors.Is(err, ErrNewerSchema):
		return fmt.Errorf("open shared store %s: %w", s.path, err)
	case errors.As(err, &pe) && (pe.Code == "28P01" || pe.Code == "28000"):
		return fmt.Errorf("open shared store %s: %w: check the user and the password (in the URL, PGPASSWORD or ~/.pgpass)", s.path, ErrLogin)
	case errors.As(err, &pe) && pe.Code == "3D000":
		return fmt.Errorf("open shared store %s: %w: the database %q does not exist on the server (its administrator creates it: createdb %s)", s.path, ErrUnreachable, s.database, s.database)
	case errors.As(err, &pe) && pe.Code == "42501":
		return fmt.Errorf("open shared store %s: %w: the user lacks the grants of the technicians' or the manager's role (docs/shared-store.md), or, in a new database, may not create the store's tables: have the database's owner open it once", s.path, ErrPermission)
	case strings.Contains(strings.ToLower(err.Error()), "tls") || strings.Contains(err.Error(), "invalid body length") || strings.Contains(err.Error(), "unexpected message"):
		return fmt.Errorf("open shared store %s: %w: something answered there, but not as a PostgreSQL server taking this connection — check the host, the port and sslmode (%s)", s.path, ErrUnreachable, s.scrub(err.Error()))
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("open shared store %s: %w: no answer within %v (host, port, network or firewall)", s.path, ErrUnreachable, pgConnectTimeout)
	case errors.As(err, &ne), errors.As(err, &ce):
		return fmt.Errorf("open shared store %s: %w: %s", s.path, ErrUnreachable, s.scrub(err.Error()))
	}
	return fmt.Errorf("open shared store %s: %s", s.path, s.scrub(err.Error()))
}

// scrub removes the password from a message from the driver, should it quote one.
func (s *Store) scrub(msg string) string {
	if s.secret != "" {
		msg = strings.ReplaceAll(msg, s.secret, "xxxxx")
	}
	return msg
}

// pgVersion reads the shared store's schema version: 0 when there is no store yet.
func pgVersion(ctx context.Context, q queryRower) (int, error) {
	var exists bool
	if err := q.QueryRowContext(ctx, `SELECT to_regclass('posdoctor_schema') IS NOT NULL`).Scan(&exists); err != nil {
		return 0, err
	}
	if !exists {
		return 0, nil
	}
	var v int
	err := q.QueryRowContext(ctx, `SELECT version FROM posdoctor_schema`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

// pgMigrationLock is the advisory lock key that keeps two laptops from migrating at once.
const pgMigrationLock = 0x706f73646f63 // "posdoc"

// pgMigrate brings the shared store's schema to the newest version in one transaction,
// under an advisory lock, so the first laptops to sync to a new database do not race.
func pgMigrate(ctx context.Context, db *sql.DB) error {
	if v, err := pgVersion(ctx, db); err != nil {
		return err
	} else if v == len(pgMigrations) {
		return nil
	} else if v > len(pgMigrations) {
		return fmt.Errorf("%w: schema %d, this posdoctor knows up to %d", ErrNewerSchema, v, len(pgMigrations))
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, pgMigrationLock); err != nil {
		return err
	}
	v, err := pgVersion(ctx, tx)
	if err != nil {
		return err
	}
	if v > len(pgMigrations) {
		return fmt.Errorf("%w: schema %d, this posdoctor knows up to %d", ErrNewerSchema, v, len(pgMigrations))
	}
	if v == len(pgMigrations) {
		return nil // another opener migrated it while this one waited for the lock
	}
	for i := v; i < len(pgMigrations); i++ {
		if _, err := tx.ExecContext(ctx, pgMigrations[i]); err != nil {
			return fmt.Errorf("migrate shared schema %d to %d: %w", i, i+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM posdoctor_schema`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO posdoctor_schema (version) VALUES (?)`, len(pgMigrations)); err != nil {
		return err
	}
	return tx.Commit()
}

// pgMigrations are the shared store's schema steps (never edited once released). Version 1
// is the SQLite store's schema 5 in PostgreSQL's types (text compared byte by byte, COLLATE
// "C", as SQLite compares it, so lists and reports come out in the same order), plus what sync needs: "changed", the
// id of the transaction that last wrote a visit or a deletion, set by a trigger whoever
// writes, so a laptop pulls what was committed since its last pull however the writers'
// clocks run (docs/shared-store.md).
var pgMigrations = []string{
	`
CREATE TABLE posdoctor_schema (version integer NOT NULL);

CREATE TABLE incidents (
	id          text COLLATE "C" PRIMARY KEY,
	opened      text COLLATE "C" NOT NULL,
	closed      text COLLATE "C" NOT NULL DEFAULT '',
	updated     text COLLATE "C" NOT NULL,
	technician  text COLLATE "C" NOT NULL DEFAULT '',
	branch      text COLLATE "C" NOT NULL DEFAULT '',
	site        text COLLATE "C" NOT NULL DEFAULT '',
	merchant    text COLLATE "C" NOT NULL DEFAULT '',
	mid         text COLLATE "C" NOT NULL DEFAULT '',
	tid         text COLLATE "C" NOT NULL DEFAULT '',
	model       text COLLATE "C" NOT NULL DEFAULT '',
	serial      text COLLATE "C" NOT NULL DEFAULT '',
	firmware    text COLLATE "C" NOT NULL DEFAULT '',
	comm        text COLLATE "C" NOT NULL DEFAULT '',
	symptom     text COLLATE "C" NOT NULL DEFAULT '',
	category    text COLLATE "C" NOT NULL,
	resolution  text COLLATE "C" NOT NULL,
	escalation  text COLLATE "C" NOT NULL DEFAULT '',
	notes       text COLLATE "C" NOT NULL DEFAULT '',
	codes       text COLLATE "C" NOT NULL DEFAULT '[]',
	actions     text COLLATE "C" NOT NULL DEFAULT '[]',
	verdict     text COLLATE "C" NOT NULL DEFAULT '',
	reported    text COLLATE "C" NOT NULL DEFAULT '',
	forms       text COLLATE "C" NOT NULL DEFAULT '[]',
	changed     bigint NOT NULL DEFAULT 0
);
CREATE INDEX incidents_by_opened   ON incidents(opened);
CREATE INDEX incidents_by_tid      ON incidents(tid, opened);
CREATE INDEX incidents_by_branch   ON incidents(branch, opened);
CREATE INDEX incidents_by_category ON incidents(category, opened);
CREATE INDEX incidents_by_updated  ON incidents(updated);
CREATE INDEX incidents_by_changed  ON incidents(branch, changed);

CREATE TABLE incident_codes (
	incident_id text COLLATE "C"    NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	run         integer NOT NULL,
	code        text COLLATE "C"    NOT NULL,
	PRIMARY KEY (incident_id, run, code)
);
CREATE INDEX incident_codes_by_code ON incident_codes(code);

CREATE TABLE runs (
	incident_id text COLLATE "C"    NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	seq         integer NOT NULL,
	started     text COLLATE "C"    NOT NULL,
	verdict     text COLLATE "C"    NOT NULL,
	report      text COLLATE "C"    NOT NULL,
	digest      text COLLATE "C"    NOT NULL,
	PRIMARY KEY (incident_id, seq)
);

CREATE TABLE journal (
	incident_id text COLLATE "C"    NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	seq         integer NOT NULL,
	time        text COLLATE "C"    NOT NULL,
	type        text COLLATE "C"    NOT NULL,
	amount      bigint  NOT NULL,
	pan         text COLLATE "C"    NOT NULL,
	trace       text COLLATE "C"    NOT NULL,
	rrn         text COLLATE "C"    NOT NULL,
	auth        text COLLATE "C"    NOT NULL,
	rc          text COLLATE "C"    NOT NULL,
	flags       text COLLATE "C"    NOT NULL,
	flagged     text COLLATE "C"    NOT NULL,
	flag        integer NOT NULL,
	PRIMARY KEY (incident_id, seq)
);

CREATE TABLE events (
	incident_id text COLLATE "C"    NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	seq         integer NOT NULL,
	time        text COLLATE "C"    NOT NULL,
	code        text COLLATE "C"    NOT NULL,
	text        text COLLATE "C"    NOT NULL,
	PRIMARY KEY (incident_id, seq)
);

CREATE TABLE trace (
	incident_id text COLLATE "C"    NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	seq         integer NOT NULL,
	time        text COLLATE "C"    NOT NULL,
	dir         text COLLATE "C"    NOT NULL,
	kind        text COLLATE "C"    NOT NULL,
	raw         bytea,
	text        text COLLATE "C"    NOT NULL,
	PRIMARY KEY (incident_id, seq)
);

CREATE TABLE parts (
	incident_id text COLLATE "C" NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	part        text COLLATE "C" NOT NULL,
	digest      text COLLATE "C" NOT NULL,
	PRIMARY KEY (incident_id, part)
);

CREATE TABLE deleted (
	id      text COLLATE "C" PRIMARY KEY,
	deleted text COLLATE "C" NOT NULL,
	changed bigint NOT NULL DEFAULT 0
);
CREATE INDEX deleted_by_changed ON deleted(changed);

CREATE TABLE meta (
	key   text COLLATE "C" PRIMARY KEY,
	value text COLLATE "C" NOT NULL
);
-- the shared store's own device id: a bundle exported from it names it
INSERT INTO meta (key, value) VALUES ('device', gen_random_uuid()::text);

CREATE TABLE training (
	seq     bigint PRIMARY KEY,
	attempt text COLLATE "C" NOT NULL UNIQUE,
	trainee text COLLATE "C" NOT NULL,
	drill   text COLLATE "C" NOT NULL,
	started text COLLATE "C" NOT NULL,
	passed  boolean NOT NULL,
	score   integer NOT NULL,
	record  text COLLATE "C" NOT NULL,
	prev    text COLLATE "C" NOT NULL,
	hash    text COLLATE "C" NOT NULL
);
CREATE INDEX training_by_trainee ON training(trainee, started);
CREATE INDEX training_by_drill   ON training(drill, started);

-- the transaction that last wrote the row: what a pull asks for (Sync)
CREATE FUNCTION posdoctor_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.changed := pg_current_xact_id()::text::bigint;
	RETURN NEW;
END $$;
CREATE TRIGGER incidents_changed BEFORE INSERT OR UPDATE ON incidents
	FOR EACH ROW EXECUTE FUNCTION posdoctor_changed();
CREATE TRIGGER deleted_changed BEFORE INSERT OR UPDATE ON deleted
	FOR EACH ROW EXECUTE FUNCTION posdoctor_changed();

CREATE FUNCTION posdoctor_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'training records are append-only';
END $$;
CREATE TRIGGER training_no_update BEFORE UPDATE OR DELETE ON training
	FOR EACH ROW EXECUTE FUNCTION posdoctor_append_only();
`,
}

// storeKey names a store in this installation's meta (sync marks): a file by its path, a
// shared store by a digest of its URL without the password (a user's other password is the
// same store; its query stays, as ?host= may name the server).
func storeKey(db string) string {
	if !IsURL(db) {
		return db
	}
	u, err := url.Parse(strings.TrimSpace(db))
	if err != nil {
		return "postgres:" + shortDigest(RedactURL(db))
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	q.Del("password")
	u.RawQuery = q.Encode()
	return "postgres:" + shortDigest(u.String())
}

func shortDigest(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:8])
}

// TechnicianGrants is the minimal grant of the technicians' role (docs/shared-store.md): read,
// add and change visits, and rewrite a visit's own rows (its codes, runs, journal, events,
// trace), but never delete a visit: their deletions are tombstones a manager's sync applies.
const TechnicianGrants = `
GRANT SELECT, INSERT, UPDATE ON incidents, deleted, meta, training TO posdoctor_technician;
GRANT SELECT ON posdoctor_schema TO posdoctor_technician;
GRANT SELECT, INSERT, UPDATE, DELETE ON incident_codes, runs, journal, events, trace, parts TO posdoctor_technician;
`

// ManagerGrants is the manager's role: everything the technicians may, and deleting visits.
const ManagerGrants = `
GRANT SELECT, INSERT, UPDATE, DELETE ON incidents, deleted, meta, incident_codes, runs, journal, events, trace, parts TO posdoctor_manager;
GRANT SELECT, INSERT ON training TO posdoctor_manager;
GRANT SELECT ON posdoctor_schema TO posdoctor_manager;
`
