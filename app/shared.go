package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"posdoctor/reports"
)

// The shared database (issue 14, docs/shared-store.md): the branch's PostgreSQL store. Settings
// take its URL and a password, test the connection and sync the laptop's store with it; the
// Reports screen reads the month from it.

// prefSharedURL is the shared database's URL, always kept without a password;
// prefSharedBranches the branches a sync pulls besides the laptop's own (comma separated).
const (
	prefSharedURL      = "shared_db_url"
	prefSharedBranches = "shared_db_branches"
)

// Branches are the branches a sync pulls besides those of the laptop's visits: a new laptop
// names its own here, or a sync would pull nothing.
func (d *SharedDB) Branches() []string {
	var out []string
	for _, b := range strings.FieldsFunc(d.prefs.String(prefSharedBranches), func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' }) {
		if b = reports.CleanBranch(b); b != "" {
			out = append(out, b)
		}
	}
	return out
}

// sharedOpenWait bounds opening the shared store from the app: the store's own connect
// timeout is 10 s, this is the backstop (a server that accepts the connection and then says
// nothing, TLS tried before plain text).
var sharedOpenWait = 12 * time.Second

// errSharedSlow: the shared store did not open within sharedOpenWait.
var errSharedSlow = errors.New("the shared database did not answer in time")

// SharedDB is the shared database as Settings set it: the URL, kept in the preferences
// without any password, and the password, kept in memory for the session only (never in
// preferences, never shown). PGPASSWORD and ~/.pgpass work too: pgx reads them when neither
// the URL nor the password field gives one. UI goroutine.
type SharedDB struct {
	prefs    fyne.Preferences
	password string
}

// newSharedDB reads the URL from p; a password found in it (an older build, an edited file)
// moves into memory and the preference is written again without it.
func newSharedDB(p fyne.Preferences) *SharedDB {
	d := &SharedDB{prefs: p}
	if raw := p.String(prefSharedURL); raw != "" {
		if clean, pw, err := splitPassword(raw); err == nil && pw != "" {
			p.SetString(prefSharedURL, clean)
			d.password = pw
		}
	}
	return d
}

// URL is the shared database's URL as stored (no password); "" when none is set.
func (d *SharedDB) URL() string { return d.prefs.String(prefSharedURL) }

// Password is the session's password ("" when none was typed).
func (d *SharedDB) Password() string { return d.password }

// SetPassword keeps pw for the session.
func (d *SharedDB) SetPassword(pw string) { d.password = pw }

// SetURL stores raw without its password; a password in it becomes the session's. It returns
// the URL as stored and whether a password was moved. A value that is not a PostgreSQL URL is
// not stored (it might hold half a password) and is refused with reports.ErrInvalid.
func (d *SharedDB) SetURL(raw string) (clean string, moved bool, err error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		d.prefs.SetString(prefSharedURL, "")
		return "", false, nil
	}
	clean, pw, err := splitPassword(raw)
	if err != nil {
		return "", false, err
	}
	if pw != "" {
		d.password = pw
	}
	d.prefs.SetString(prefSharedURL, clean)
	return clean, pw != "", nil
}

// openURL is the URL to open: the stored one with the session's password put in ("" when no
// URL is set). It is handed to the store and nowhere else.
func (d *SharedDB) openURL() string {
	raw := d.URL()
	if raw == "" || d.password == "" {
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	if u.User != nil && u.User.Username() != "" {
		u.User = url.UserPassword(u.User.Username(), d.password)
	} else { // no user in the URL (pgx takes the system user's name): the password as a parameter
		q := u.Query()
		q.Set("password", d.password)
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// scrubPassword removes password from a message, should one quote it.
func scrubPassword(msg, password string) string {
	if password != "" {
		msg = strings.ReplaceAll(msg, password, "xxxxx")
	}
	return msg
}

// splitPassword parses a PostgreSQL URL and returns it without a password (in the user part
// or a password parameter) and the password it held.
func splitPassword(raw string) (clean, password string, err error) {
	raw = reports.NormalizeURL(raw) // a password with # / ? @ in it, typed unencoded
	u, perr := url.Parse(raw)
	if !reports.IsURL(raw) || perr != nil {
		return "", "", fmt.Errorf("%w: not a PostgreSQL URL", reports.ErrInvalid)
	}
	if u.User != nil {
		if pw, has := u.User.Password(); has {
			password = pw
			u.User = url.User(u.User.Username())
		}
	}
	if q := u.Query(); q.Has("password") {
		if password == "" {
			password = q.Get("password")
		}
		q.Del("password")
		u.RawQuery = q.Encode()
	}
	if password == "" {
		return raw, "", nil // as typed: nothing to take out
	}
	return u.String(), password, nil
}

// openShared opens the shared store at dbURL (read-only or read-write) for at most
// sharedOpenWait, giving up at once when ctx ends. A store that opens after the wait was
// given up is closed. Any goroutine.
func openShared(ctx context.Context, dbURL string, readOnly bool) (*reports.Store, error) {
	type opened struct {
		st  *reports.Store
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		var o opened
		if readOnly {
			o.st, o.err = reports.OpenReadOnly(dbURL)
		} else {
			o.st, o.err = reports.Open(dbURL)
		}
		ch <- o
	}()
	abandon := func() {
		go func() {
			if o := <-ch; o.st != nil {
				o.st.Close()
			}
		}()
	}
	timer := time.NewTimer(sharedOpenWait)
	defer timer.Stop()
	select {
	case o := <-ch:
		return o.st, o.err
	case <-ctx.Done():
		abandon()
		return nil, ctx.Err()
	case <-timer.C:
		abandon()
		return nil, errSharedSlow
	}
}

// sharedErrorText says in words what went wrong with the shared database, or with the
// laptop's store during a sync, without password. UI goroutine.
func sharedErrorText(err error, password string) string {
	msg := err.Error()
	switch {
	case errors.Is(err, context.Canceled):
		return lang.L("Cancelled.")
	case errors.Is(err, errSharedSlow), errors.Is(err, context.DeadlineExceeded):
		return lang.L("The shared database did not answer within {{.S}} s: check the network and the server's address.", map[string]any{"S": int(sharedOpenWait.Seconds())})
	case errors.Is(err, reports.ErrLogin):
		return lang.L("The shared database refused the login: check the user and the password (typed here, or in PGPASSWORD or ~/.pgpass).")
	case errors.Is(err, reports.ErrNewerSchema) && strings.Contains(msg, "shared"):
		return lang.L("The shared database was set up by a newer POS Doctor: update POS Doctor on this laptop.")
	case errors.Is(err, reports.ErrUnreachable) && strings.Contains(msg, "does not exist"):
		return lang.L("The server answered, but the database named in the URL does not exist: check its name, or have it created.")
	case errors.Is(err, reports.ErrUnreachable):
		return lang.L("The shared database cannot be reached: check the network, the server's address and port, and the firewall.")
	case errors.Is(err, reports.ErrNoStore):
		return lang.L("Connected, but the shared database holds no POS Doctor store yet: Sync now sets it up (with a user allowed to create tables).")
	case errors.Is(err, reports.ErrInvalid) && strings.Contains(msg, "not a PostgreSQL URL"):
		return lang.L("This is not a PostgreSQL URL: write it as postgres://USER@HOST:5432/DATABASE?sslmode=verify-full")
	case errors.Is(err, reports.ErrBusy):
		return lang.L("The database is busy (another sync or program holds a lock): try again in a minute.")
	case strings.Contains(msg, "may not") || strings.Contains(msg, "lacks the grants"):
		return lang.L("The shared database's user lacks the rights this needs: ask the database's administrator for the technicians' role (docs/shared-store.md).")
	}
	if k := errorText(err); k != msg { // the laptop's store: its known errors
		return scrubPassword(k, password)
	}
	return lang.L("The shared database could not be used: {{.Err}}", map[string]any{"Err": scrubPassword(msg, password)})
}

// syncResultText says what a sync did.
func syncResultText(r reports.SyncResult) string {
	text := lang.L("Synced: {{.Pushed}} visits sent ({{.PushedDeleted}} deletions), {{.Pulled}} received ({{.PulledDeleted}} deletions), {{.Unchanged}} unchanged, {{.Conflicts}} conflicts settled by the newer update.",
		map[string]any{"Pushed": r.Pushed, "PushedDeleted": r.PushedDeleted, "Pulled": r.Pulled, "PulledDeleted": r.PulledDeleted, "Unchanged": r.Unchanged, "Conflicts": r.Conflicts})
	var named []string // visits with no branch are synced too, but have no name to list
	for _, b := range r.Branches {
		if b != "" {
			named = append(named, b)
		}
	}
	if len(named) > 0 {
		text += " " + lang.L("Branches: {{.List}}", map[string]any{"List": strings.Join(named, ", ")})
	}
	if len(r.Refused) > 0 {
		var ids []string
		for _, x := range r.Refused {
			ids = append(ids, x.ID)
		}
		text += " " + lang.L("{{.N}} visits could not be synced and were left alone: {{.IDs}}", map[string]any{"N": len(r.Refused), "IDs": strings.Join(ids, ", ")})
	}
	return text
}

// lastSyncText is the line under Sync now.
func lastSyncText(t time.Time) string {
	if t.IsZero() {
		return lang.L("Last sync: never")
	}
	return lang.L("Last sync: {{.When}}", map[string]any{"When": t.Local().Format("2006-01-02 15:04")})
}
