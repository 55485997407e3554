package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"posdoctor/internal/pgtest"
	"posdoctor/reports"
)

// newSettings shows the Settings screen on a fresh test app, its background work queued for
// the test goroutine.
func newSettings(t *testing.T) (*SettingsScreen, fyne.App, uiQueue) {
	t.Helper()
	a := test.NewTempApp(t)
	Setup(a)
	q := make(uiQueue, 256)
	s := NewSettingsScreen(a)
	s.SetDo(q.do)
	test.NewTempWindow(t, s.Root())
	t.Cleanup(s.Stop)
	return s, a, q
}

// setURL types raw into the URL field and leaves it.
func setURL(s *SettingsScreen, raw string) {
	s.Shared.URL.SetText(raw)
	s.Shared.URL.FocusLost()
}

// TestSharedURLWithoutPassword: a password typed in the URL (user part or parameter) is taken
// out: the preference holds the URL without it, the password field holds it for the session,
// and the URL opened carries it. A new screen (the next start) shows the URL alone.
func TestSharedURLWithoutPassword(t *testing.T) {
	s, a, _ := newSettings(t)
	p := a.Preferences()
	cases := []struct{ typed, stored, password string }{
		{"postgres://tech1:S3cret-pw@db.branch.example:5432/posdoctor?sslmode=verify-full",
			"postgres://tech1@db.branch.example:5432/posdoctor?sslmode=verify-full", "S3cret-pw"},
		{"postgresql://tech2@db.example/posdoctor?password=An0ther-pw&sslmode=verify-full",
			"postgresql://tech2@db.example/posdoctor?sslmode=verify-full", "An0ther-pw"},
	}
	for _, c := range cases {
		setURL(s, c.typed)
		if got := p.String(prefSharedURL); got != c.stored {
			t.Errorf("stored %q, want %q", got, c.stored)
		}
		if s.Shared.URL.Text != c.stored || s.Shared.Password.Text != c.password || s.SharedDB().Password() != c.password {
			t.Errorf("the screen shows %q and password %q, want %q and %q", s.Shared.URL.Text, s.Shared.Password.Text, c.stored, c.password)
		}
		if strings.Contains(s.Shared.Status.Text, c.password) || s.Shared.Status.Text == "" {
			t.Errorf("status %q", s.Shared.Status.Text)
		}
		u, err := url.Parse(s.SharedDB().openURL())
		if err != nil {
			t.Fatal(err)
		}
		if pw, _ := u.User.Password(); pw != c.password || u.Host != strings.Split(strings.Split(c.stored, "@")[1], "/")[0] {
			t.Errorf("opens %s", reports.RedactURL(s.SharedDB().openURL()))
		}
	}
	// a URL without a user gets the password as a parameter
	setURL(s, "postgres://db.example/posdoctor")
	s.Shared.Password.SetText("no-user-pw")
	if u, _ := url.Parse(s.SharedDB().openURL()); u.Query().Get("password") != "no-user-pw" {
		t.Errorf("opens %s", s.SharedDB().openURL())
	}
	// what is not a URL is not stored (it may hold half a password)
	setURL(s, "postgres://tech:half%zz")
	if got := p.String(prefSharedURL); got != "postgres://db.example/posdoctor" {
		t.Errorf("a value that does not parse replaced the URL: %q", got)
	}
	if s.Shared.Status.Text != lang.L("This is not a PostgreSQL URL: write it as postgres://USER@HOST:5432/DATABASE?sslmode=verify-full") {
		t.Errorf("status %q", s.Shared.Status.Text)
	}
	setURL(s, cases[0].typed)
	again := NewSettingsScreen(a)
	if again.Shared.URL.Text != cases[0].stored || again.Shared.Password.Text != "" {
		t.Errorf("the next start shows %q, password %q", again.Shared.URL.Text, again.Shared.Password.Text)
	}
	// a password left in the preference by hand moves out of it at start
	p.SetString(prefSharedURL, cases[0].typed)
	d := newSharedDB(p)
	if p.String(prefSharedURL) != cases[0].stored || d.Password() != cases[0].password {
		t.Errorf("at start: stored %q, password %q", p.String(prefSharedURL), d.Password())
	}
}

// passwordRole makes a login role on the test server that must give password pw (the
// server's pg_hba.conf asks it of posdoctor_pw's members), with the technicians' grants on
// the database at dbURL; it returns the role's name.
func passwordRole(t *testing.T, dbURL, pw string) string {
	t.Helper()
	role := fmt.Sprintf("gui_%d", time.Now().UnixNano()%1e9)
	pgtest.Exec(t, dbURL, `DO $$ BEGIN CREATE ROLE posdoctor_pw NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`)
	pgtest.Exec(t, dbURL, `CREATE ROLE `+role+` LOGIN PASSWORD '`+pw+`' IN ROLE posdoctor_pw`)
	pgtest.Exec(t, dbURL, strings.ReplaceAll(reports.TechnicianGrants, "posdoctor_technician", role))
	t.Cleanup(func() {
		pgtest.Exec(t, dbURL, `DROP OWNED BY `+role+` CASCADE`)
		pgtest.Exec(t, pgtest.Admin(t), `DROP ROLE `+role)
	})
	return role
}

// testConnection taps Test connection and returns what the screen says once done, and how
// long it took.
func testConnection(t *testing.T, s *SettingsScreen, q uiQueue, raw string) (string, time.Duration) {
	t.Helper()
	setURL(s, raw)
	start := time.Now()
	test.Tap(s.Shared.TestBtn)
	q.waitFor(t, "the connection test", func() bool { return !s.Shared.TestBtn.Disabled() })
	return s.Shared.Status.Text, time.Since(start)
}

// TestSharedTestConnection: Test connection on a new database, on a store, with the right
// password typed in the URL, with a wrong one, and on a port where nothing listens: each
// says in words what happened, within the bound, never showing the password.
func TestSharedTestConnection(t *testing.T) {
	s, _, q := newSettings(t)
	dbURL := pgtest.Database(t)

	if got, _ := testConnection(t, s, q, dbURL); got != lang.L("Connected, but the shared database holds no POS Doctor store yet: Sync now sets it up (with a user allowed to create tables).") {
		t.Errorf("a new database: %q", got)
	}
	st, err := reports.Open(dbURL) // sets the store up
	if err != nil {
		t.Fatal(err)
	}
	inc := reports.NewIncident(time.Now())
	inc.TID, inc.Branch, inc.Category = "10000009", "浦东", reports.Categories()[1]
	if err := st.Save(context.Background(), inc); err != nil {
		t.Fatal(err)
	}
	st.Close()
	want := lang.L("Connected to the shared database: {{.N}} visits this month, {{.B}} branches.", map[string]any{"N": 1, "B": 1})
	if got, _ := testConnection(t, s, q, dbURL); got != want {
		t.Errorf("the store: %q, want %q", got, want)
	}

	const right, wrong = "Right-horse-battery", "Wrong-horse-staple"
	role := passwordRole(t, dbURL, right)
	withPw := func(pw string) string { return strings.Replace(dbURL, "posdoctor@", role+":"+pw+"@", 1) }
	if got, _ := testConnection(t, s, q, withPw(right)); got != want {
		t.Errorf("the right password in the URL: %q", got)
	}
	if strings.Contains(s.Shared.URL.Text, right) {
		t.Error("the password stayed in the URL field")
	}
	got, _ := testConnection(t, s, q, withPw(wrong))
	if got != lang.L("The shared database refused the login: check the user and the password (typed here, or in PGPASSWORD or ~/.pgpass).") {
		t.Errorf("a wrong password: %q", got)
	}

	s.Shared.Password.SetText(wrong)
	got, took := testConnection(t, s, q, "postgres://posdoctor@127.0.0.1:1/posdoctor?sslmode=disable")
	if got != lang.L("The shared database cannot be reached: check the network, the server's address and port, and the firewall.") {
		t.Errorf("nothing listening: %q", got)
	}
	if took > sharedOpenWait {
		t.Errorf("nothing listening: %v", took)
	}
	for _, text := range []string{s.Shared.Status.Text, s.Shared.URL.Text} {
		if strings.Contains(text, wrong) || strings.Contains(text, right) {
			t.Errorf("the screen shows a password: %q", text)
		}
	}
}

// TestSharedSlowServer: a server that accepts the connection and never answers is given up
// after the bound, in words.
func TestSharedSlowServer(t *testing.T) {
	old := sharedOpenWait
	sharedOpenWait = time.Second
	defer func() { sharedOpenWait = old }()
	s, _, q := newSettings(t)
	ln := listenSilently(t)
	got, took := testConnection(t, s, q, "postgres://posdoctor@"+ln+"/posdoctor?sslmode=disable")
	if got != lang.L("The shared database did not answer within {{.S}} s: check the network and the server's address.", map[string]any{"S": 1}) || took > 5*time.Second {
		t.Errorf("a silent server: %q after %v", got, took)
	}
}

// addVisits saves n visits of this month in branch to st.
func addVisits(t *testing.T, st *reports.Store, branch string, n int) {
	t.Helper()
	for i := range n {
		inc := reports.NewIncident(time.Now().Add(-time.Duration(i) * time.Minute))
		inc.TID, inc.Branch, inc.Category, inc.Technician = fmt.Sprintf("2000%04d", i), branch, reports.Categories()[1], "王工"
		if err := st.Save(context.Background(), inc); err != nil {
			t.Fatal(err)
		}
	}
}

// countShared counts the visits in the shared store at dbURL, read by a second store.
func countShared(t *testing.T, dbURL string) int {
	t.Helper()
	st, err := reports.OpenReadOnly(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	list, err := st.List(context.Background(), reports.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

// TestSharedSyncNow: Sync now pushes the laptop's visits (a second store sees them), says
// what it did and when; the app's own saves go on while it runs; a second sync finds them
// unchanged and pushes the visit saved meanwhile; an unreachable server is said in words
// and leaves the laptop's store as it was.
func TestSharedSyncNow(t *testing.T) {
	s, _, q := newSettings(t)
	local := newTestStore(t)
	addVisits(t, local, "浦东", 30)
	s.UseStore(local)
	dbURL := pgtest.Database(t)
	setURL(s, dbURL)
	q.waitFor(t, "the last sync time", func() bool { return s.Shared.LastSync.Text != "" })
	if s.Shared.LastSync.Text != lang.L("Last sync: never") {
		t.Errorf("before any sync: %q", s.Shared.LastSync.Text)
	}

	test.Tap(s.Shared.SyncBtn)
	if !s.Shared.Syncing() || !s.Shared.SyncProgress.Visible() || !s.Shared.SyncCancel.Visible() || !s.Shared.SyncBtn.Disabled() {
		t.Error("the sync shows no progress bar and Cancel")
	}
	addVisits(t, local, "Xuhui", 1) // the counter's save while the sync runs
	q.waitFor(t, "the sync", func() bool { return !s.Shared.Syncing() })
	if s.Shared.SyncProgress.Visible() || s.Shared.SyncBtn.Disabled() {
		t.Error("the bar stays after the sync")
	}
	first := countShared(t, dbURL)
	if first != 30 && first != 31 {
		t.Fatalf("the shared store holds %d visits after the sync, want the laptop's 30 (31 with the one saved meanwhile); the screen says %q", first, s.Shared.Status.Text)
	}
	if !strings.Contains(s.Shared.Status.Text, fmt.Sprint(first)) || s.Shared.LastSync.Text == lang.L("Last sync: never") || s.Shared.LastSync.Text == "" {
		t.Errorf("after the sync: %q, %q", s.Shared.Status.Text, s.Shared.LastSync.Text)
	}

	test.Tap(s.Shared.SyncBtn)
	q.waitFor(t, "the second sync", func() bool { return !s.Shared.Syncing() })
	if n := countShared(t, dbURL); n != 31 {
		t.Errorf("the shared store holds %d visits after the second sync, want 31", n)
	}
	want := syncResultText(reports.SyncResult{Pushed: 31 - first, Unchanged: first, Branches: []string{"Xuhui", "浦东"}})
	if s.Shared.Status.Text != want {
		t.Errorf("the second sync says %q, want %q", s.Shared.Status.Text, want)
	}

	// a visit another laptop synced comes down, and the Incident screen is told
	other, err := reports.Open(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	addVisits(t, other, "浦东", 1)
	other.Close()
	told := false
	s.Shared.OnSynced = func() { told = true }
	test.Tap(s.Shared.SyncBtn)
	q.waitFor(t, "the third sync", func() bool { return !s.Shared.Syncing() })
	if list, _ := local.List(context.Background(), reports.Filter{}); len(list) != 32 || !told {
		t.Errorf("after pulling: the laptop holds %d visits (want 32), OnSynced called: %v; the screen says %q", len(list), told, s.Shared.Status.Text)
	}

	before, _ := local.List(context.Background(), reports.Filter{})
	setURL(s, "postgres://posdoctor@127.0.0.1:1/posdoctor?sslmode=disable")
	test.Tap(s.Shared.SyncBtn)
	q.waitFor(t, "the sync to nowhere", func() bool { return !s.Shared.Syncing() })
	if s.Shared.Status.Text != lang.L("The shared database cannot be reached: check the network, the server's address and port, and the firewall.") {
		t.Errorf("unreachable: %q", s.Shared.Status.Text)
	}
	q.waitFor(t, "the last sync time of the other URL", func() bool { return s.Shared.LastSync.Text == lang.L("Last sync: never") })
	if after, _ := local.List(context.Background(), reports.Filter{}); len(after) != len(before) {
		t.Errorf("the laptop held %d visits, now %d", len(before), len(after))
	}
}

// TestReportsSharedSource: the month from the shared database is the month from the laptop
// it was synced from; back on the laptop, the shared store opened for it is closed.
func TestReportsSharedSource(t *testing.T) {
	s, q := newReportsScreen(t)
	path, month := bundleFixture(t)
	s.ImportFiles([]string{path})
	q.waitFor(t, "the import", func() bool { return !s.Busy() && len(s.branches) == 3 })

	dbURL := pgtest.Database(t)
	remote, err := reports.Open(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.local.Sync(context.Background(), remote, reports.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	remote.Close()
	d := newSharedDB(fyne.CurrentApp().Preferences())
	if _, _, err := d.SetURL(dbURL); err != nil {
		t.Fatal(err)
	}
	s.SetShared(d)

	figures := func() (string, map[string]string) {
		r := *s.Report()
		r.Generated = time.Time{}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		tiles := map[string]string{}
		for name, tile := range s.Tiles {
			tiles[name] = tile.Value.Text + " / " + tile.Prev.Text
		}
		return string(b), tiles
	}
	for _, branch := range []string{"", "浦东"} {
		s.Source.SetSelectedIndex(0)
		q.waitFor(t, "the laptop's store", func() bool { return !s.Busy() && !s.OnShared() })
		s.Branch.SetSelectedIndex(0)
		if branch != "" {
			s.Branch.SetSelected(branch)
		}
		s.Month.SetSelected(month)
		q.waitFor(t, "the month on the laptop", func() bool {
			return !s.Busy() && s.Report() != nil && s.Report().Month == month && s.Report().Branch == branch
		})
		localJSON, localTiles := figures()

		s.Source.SetSelectedIndex(1)
		q.waitFor(t, "the month from the shared database", func() bool {
			return !s.Busy() && s.OnShared() && s.Report() != nil && s.Report().Month == month && s.Report().Branch == branch
		})
		sharedJSON, sharedTiles := figures()
		if sharedJSON != localJSON {
			t.Errorf("branch %q: the shared database's month\n%s\nthe laptop's\n%s", branch, sharedJSON, localJSON)
		}
		if fmt.Sprint(sharedTiles) != fmt.Sprint(localTiles) {
			t.Errorf("branch %q: tiles %v, on the laptop %v", branch, sharedTiles, localTiles)
		}
		if got := s.Branch.Options; len(got) != 3 {
			t.Errorf("branches offered on the shared database: %q", got)
		}
	}
	opened := s.remote
	s.Source.SetSelectedIndex(0)
	q.waitFor(t, "back on the laptop", func() bool { return !s.Busy() && !s.OnShared() && s.Report() != nil })
	if _, err := opened.Branches(context.Background()); err == nil {
		t.Error("the shared store stays open after switching back")
	}
	if s.Status.Text != lang.L("Figures from this laptop.") {
		t.Errorf("back on the laptop: %q", s.Status.Text)
	}
}

// TestReportsSharedUnset: choosing the shared database before Settings name one says so and
// stays on the laptop; an unreachable one says it in words and stays on the laptop.
func TestReportsSharedUnset(t *testing.T) {
	s, q := newReportsScreen(t)
	s.Source.SetSelectedIndex(1)
	if s.Source.SelectedIndex() != 0 || s.Status.Text != lang.L("Set the shared database's URL in Settings first.") {
		t.Errorf("no URL set: source %d, %q", s.Source.SelectedIndex(), s.Status.Text)
	}
	d := newSharedDB(fyne.CurrentApp().Preferences())
	d.SetURL("postgres://posdoctor@127.0.0.1:1/posdoctor?sslmode=disable")
	s.SetShared(d)
	s.Source.SetSelectedIndex(1)
	q.waitFor(t, "the open", func() bool { return !s.Busy() })
	if s.Source.SelectedIndex() != 0 || s.OnShared() || s.Status.Text != lang.L("The shared database cannot be reached: check the network, the server's address and port, and the firewall.") {
		t.Errorf("unreachable: source %d, %q", s.Source.SelectedIndex(), s.Status.Text)
	}
}

// listenSilently listens on a local port, accepts connections and never answers; it returns
// the address.
func listenSilently(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	return ln.Addr().String()
}

// TestSharedBranchesToReceive: a new laptop names its branch in Settings, and Sync now pulls
// that branch's visits (with none named it would pull nothing).
func TestSharedBranchesToReceive(t *testing.T) {
	p := test.NewTempApp(t).Preferences()
	d := newSharedDB(p)
	p.SetString(prefSharedBranches, " 朝阳支行，ＡＢ支行１号、 ,海淀支行")
	if got := fmt.Sprint(d.Branches()); got != "[朝阳支行 AB支行1号 海淀支行]" {
		t.Errorf("branches %s", got)
	}
}
