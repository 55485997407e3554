package reports

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"posdoctor/diagnostics"
)

// openStoreAt opens the store at path (a file, or a PostgreSQL URL) or fails t; the caller
// closes it.
func openStoreAt(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// storeWith makes a store holding n test incidents, closes it and returns its path.
func storeWith(t testing.TB, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "incidents.db")
	s := openStoreAt(t, path)
	defer s.Close()
	for i := 0; i < n; i++ {
		if err := s.Save(context.Background(), testIncident(time.Now(), 40)); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// canonical is an incident as JSON with every time in UTC and step durations to the
// millisecond (what the store keeps), for comparing what was saved with what came back.
func canonical(t testing.TB, inc *Incident) string {
	t.Helper()
	c := *inc
	c.Updated = time.Time{}
	b, err := json.Marshal(&c)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	normTimes(v)
	out, _ := json.MarshalIndent(v, "", " ")
	return string(out)
}

// normTimes rewrites every RFC 3339 string in a JSON value to UTC.
func normTimes(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok {
				if tm, err := time.Parse(time.RFC3339Nano, s); err == nil {
					x[k] = tm.UTC().Format(time.RFC3339Nano)
				}
				continue
			}
			normTimes(e)
		}
	case []any:
		for _, e := range x {
			normTimes(e)
		}
	}
}

func TestStoreRoundTrip(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 5, 10, 30, 0, 0, cst)
	inc := testIncident(now, 40)
	plantPAN(inc)
	if err := s.Save(ctx, inc); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Updated.IsZero() {
		t.Error("Updated not set")
	}
	want := canonical(t, inc.Sanitize())
	if c := canonical(t, got); c != want {
		t.Errorf("incident changed on the way through the store:\n%s", firstDiff(want, c))
	}
	if strings.Contains(canonical(t, got), testPAN) {
		t.Error("a card number came back from the store")
	}
	if got.Runs[0].Steps[0].Duration != 1250*time.Millisecond {
		t.Errorf("step duration %v", got.Runs[0].Steps[0].Duration)
	}
	// journal times keep the terminal's wall clock
	if h := got.Journal[10].Time.Hour(); h != inc.Journal[10].Time.Hour() {
		t.Errorf("journal wall clock hour %d, want %d", h, inc.Journal[10].Time.Hour())
	}
	// caller's incident untouched
	if !strings.Contains(inc.Notes, testPAN[:4]+" ") {
		t.Error("Save changed the caller's incident")
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n want %s\n got  %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(al), len(bl))
}

// countWrites installs triggers that count row writes to the journal and runs tables.
func countWrites(t *testing.T, s *Store) func() (journal, runs int) {
	t.Helper()
	qs := []string{
		`CREATE TABLE test_writes (tbl TEXT PRIMARY KEY, n INTEGER NOT NULL)`,
		`INSERT INTO test_writes VALUES ('journal', 0), ('runs', 0)`,
		`CREATE TRIGGER tw_journal AFTER INSERT ON journal BEGIN UPDATE test_writes SET n = n + 1 WHERE tbl = 'journal'; END`,
		`CREATE TRIGGER tw_runs_i AFTER INSERT ON runs BEGIN UPDATE test_writes SET n = n + 1 WHERE tbl = 'runs'; END`,
		`CREATE TRIGGER tw_runs_u AFTER UPDATE ON runs BEGIN UPDATE test_writes SET n = n + 1 WHERE tbl = 'runs'; END`,
	}
	if s.Shared() {
		qs = append(qs[:2],
			`CREATE FUNCTION tw() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE test_writes SET n = n + 1 WHERE tbl = TG_ARGV[0]; RETURN NULL; END $$`,
			`CREATE TRIGGER tw_journal AFTER INSERT ON journal FOR EACH ROW EXECUTE FUNCTION tw('journal')`,
			`CREATE TRIGGER tw_runs AFTER INSERT OR UPDATE ON runs FOR EACH ROW EXECUTE FUNCTION tw('runs')`)
	}
	for _, q := range qs {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return func() (int, int) {
		var j, r int
		s.db.QueryRow(`SELECT n FROM test_writes WHERE tbl = 'journal'`).Scan(&j)
		s.db.QueryRow(`SELECT n FROM test_writes WHERE tbl = 'runs'`).Scan(&r)
		return j, r
	}
}

func TestSaveRewritesOnlyWhatChanged(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	writes := countWrites(t, s)
	inc := testIncident(time.Date(2026, 3, 5, 10, 30, 0, 0, cst), 200)
	if err := s.Save(ctx, inc); err != nil {
		t.Fatal(err)
	}
	if j, r := writes(); j != 200 || r != 1 {
		t.Fatalf("first save wrote %d journal rows and %d runs", j, r)
	}
	// an edit of the notes leaves the journal and the run alone
	inc.Notes = "edited"
	if err := s.Save(ctx, inc); err != nil {
		t.Fatal(err)
	}
	if j, r := writes(); j != 200 || r != 1 {
		t.Errorf("a notes edit rewrote: journal writes %d, run writes %d", j, r)
	}
	// a changed journal is rewritten, the run still not
	inc.Journal = inc.Journal[:150]
	if err := s.Save(ctx, inc); err != nil {
		t.Fatal(err)
	}
	if j, r := writes(); j != 350 || r != 1 {
		t.Errorf("after a journal change: journal writes %d (want 350), run writes %d", j, r)
	}
	got, err := s.Get(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Notes != "edited" || len(got.Journal) != 150 {
		t.Errorf("notes %q journal %d", got.Notes, len(got.Journal))
	}
	// a second run is written; fewer runs drop the extra one
	inc.AddRun(testReport(time.Date(2026, 3, 5, 11, 0, 0, 0, cst), 0))
	if err := s.Save(ctx, inc); err != nil {
		t.Fatal(err)
	}
	if _, r := writes(); r != 2 {
		t.Errorf("run writes %d, want 2", r)
	}
	inc.Runs = inc.Runs[:1]
	if err := s.Save(ctx, inc); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(ctx, inc.ID); len(got.Runs) != 1 {
		t.Errorf("runs %d, want 1", len(got.Runs))
	}
}

func TestRunsSavedAsTheyGo(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 5, 10, 30, 0, 0, cst)
	inc := NewIncident(now)
	inc.Technician = "王工"
	if err := s.Save(ctx, inc); err != nil {
		t.Fatal(err)
	}
	full := testReport(now, 25)
	partial := full
	partial.Steps = full.Steps[:2]
	partial.Transactions, partial.Events = nil, nil
	seq, err := s.AddRun(ctx, inc.ID, partial)
	if err != nil || seq != 0 {
		t.Fatalf("AddRun = %d, %v", seq, err)
	}
	got, err := s.Get(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.TID != "12345678" || got.Merchant != "好运来便利店" || len(got.Runs[0].Steps) != 2 {
		t.Errorf("after the first steps: tid %q merchant %q steps %d", got.TID, got.Merchant, len(got.Runs[0].Steps))
	}
	if l, _ := s.List(ctx, Filter{Code: "H1"}); len(l) != 0 {
		t.Error("H1 listed before the host step ran")
	}
	if err := s.PutRun(ctx, inc.ID, 0, full); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Get(ctx, inc.ID)
	if len(got.Runs) != 1 || len(got.Runs[0].Steps) != 8 || len(got.Journal) != 25 || len(got.Events) != 3 {
		t.Errorf("after the whole run: runs %d steps %d journal %d events %d", len(got.Runs), len(got.Runs[0].Steps), len(got.Journal), len(got.Events))
	}
	if got.Journal[0].Flag() != diagnostics.TxnUnconfirmedReverse {
		t.Error("journal not flagged first")
	}
	if l, _ := s.List(ctx, Filter{Code: "H1"}); len(l) != 1 {
		t.Error("H1 not listed after the host step")
	}
	if got.Technician != "王工" {
		t.Errorf("technician %q", got.Technician)
	}
	if err := s.PutRun(ctx, inc.ID, 5, full); !errors.Is(err, ErrInvalid) {
		t.Errorf("PutRun past the end: %v", err)
	}
	if _, err := s.AddRun(ctx, NewIncident(now).ID, full); !errors.Is(err, ErrNotFound) {
		t.Errorf("AddRun to a missing incident: %v", err)
	}
	if seq, err := s.AddRun(ctx, inc.ID, partial); err != nil || seq != 1 {
		t.Errorf("second AddRun = %d, %v", seq, err)
	}
}

func TestList(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	mk := func(opened time.Time, tid, branch string, cat Category, codes ...string) *Incident {
		inc := NewIncident(opened)
		inc.TID, inc.Branch, inc.Category = tid, branch, cat
		for _, c := range codes {
			inc.Codes = append(inc.Codes, CodeSeen{Code: c})
		}
		if err := s.Save(ctx, inc); err != nil {
			t.Fatal(err)
		}
		return inc
	}
	loc := time.Local
	a := mk(time.Date(2026, 2, 28, 23, 59, 0, 0, loc), "T0000001", "朝阳支行", CategoryPrinter, "P1")
	b := mk(time.Date(2026, 3, 1, 0, 0, 0, 0, loc), "T0000001", "朝阳支行", CategoryCommunication, "H1", "H3")
	c := mk(time.Date(2026, 3, 31, 23, 59, 59, 0, loc), "T0000002", "海淀支行", CategoryPrinter, "P1")
	d := mk(time.Date(2026, 4, 1, 0, 0, 0, 0, loc), "T0000003", "海淀支行", CategoryOther)
	withRun := NewIncident(time.Date(2026, 3, 10, 12, 0, 0, 0, loc))
	withRun.AddRun(testReport(withRun.Opened, 12))
	withRun.Resolution = ResolutionFixedOnSite
	withRun.Closed = withRun.Opened.Add(time.Hour)
	if err := s.Save(ctx, withRun); err != nil {
		t.Fatal(err)
	}

	ids := func(l []Summary) []string {
		var out []string
		for _, m := range l {
			out = append(out, m.ID)
		}
		return out
	}
	tests := []struct {
		name string
		f    Filter
		want []string
	}{
		{"all newest first", Filter{}, []string{d.ID, c.ID, withRun.ID, b.ID, a.ID}},
		{"march", Filter{Month: "2026-03"}, []string{c.ID, withRun.ID, b.ID}},
		{"february", Filter{Month: "2026-02"}, []string{a.ID}},
		{"terminal", Filter{TID: "T0000001"}, []string{b.ID, a.ID}},
		{"branch", Filter{Branch: "海淀支行"}, []string{d.ID, c.ID}},
		{"code seen or found", Filter{Code: "P1"}, []string{c.ID, withRun.ID, a.ID}},
		{"code found by a run", Filter{Code: "A0"}, []string{withRun.ID}},
		{"code seen and found", Filter{Code: "H1"}, []string{withRun.ID, b.ID}},
		{"category", Filter{Categories: []Category{CategoryPrinter}}, []string{c.ID, a.ID}},
		{"categories", Filter{Categories: []Category{CategoryPrinter, CategoryOther}}, []string{d.ID, c.ID, withRun.ID, a.ID}},
		{"month and branch", Filter{Month: "2026-03", Branch: "朝阳支行"}, []string{b.ID}},
		{"open only", Filter{Open: true, Month: "2026-03"}, []string{c.ID, b.ID}},
		{"limit", Filter{Limit: 2}, []string{d.ID, c.ID}},
		{"no match", Filter{TID: "nope"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.List(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids(got), tt.want) {
				t.Errorf("List(%+v) = %v, want %v", tt.f, ids(got), tt.want)
			}
		})
	}
	if _, err := s.List(ctx, Filter{Month: "2026-3"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("bad month: %v", err)
	}
	l, _ := s.List(ctx, Filter{TID: "12345678"})
	if len(l) != 1 {
		t.Fatalf("by the run's TID: %d", len(l))
	}
	m := l[0]
	if m.Runs != 1 || m.Verdict != "needs-provider" || m.Transactions != 12 || m.Flagged != 4 ||
		m.Closed == nil || m.Resolution != ResolutionFixedOnSite || !slices.Contains(m.Codes, "A0") {
		t.Errorf("summary %+v", m)
	}
	if !slices.IsSorted(m.Codes) {
		t.Errorf("codes not sorted: %v", m.Codes)
	}
	if l, _ := s.List(ctx, Filter{TID: "T0000003"}); l[0].Closed != nil || len(l[0].Codes) != 0 || l[0].Codes == nil {
		t.Errorf("open incident summary %+v", l[0])
	}
}

func TestResolveAndDelete(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	now := time.Now()
	a, b := NewIncident(now), NewIncident(now)
	a.ID = "abcd1111-0000-4000-8000-000000000001"
	b.ID = "abcd2222-0000-4000-8000-000000000002"
	for _, inc := range []*Incident{a, b} {
		if err := s.Save(ctx, inc); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		ref  string
		want string
		err  error
	}{
		{a.ID, a.ID, nil},
		{strings.ToUpper(a.ID), a.ID, nil},
		{"abcd1", a.ID, nil},
		{"abcd2222", b.ID, nil},
		{"abcd", "", ErrAmbiguous},
		{"abc", "", ErrNotFound},
		{"ffff", "", ErrNotFound},
		{"abcd%", "", ErrNotFound},
		{"", "", ErrNotFound},
	}
	for _, tt := range tests {
		got, err := s.Resolve(ctx, tt.ref)
		if got != tt.want || !errors.Is(err, tt.err) && !(err == nil && tt.err == nil) {
			t.Errorf("Resolve(%q) = %q, %v; want %q, %v", tt.ref, got, err, tt.want, tt.err)
		}
	}
	if err := s.Delete(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, a.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Delete: %v", err)
	}
	if err := s.Delete(ctx, a.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Delete: %v", err)
	}
}

func TestSaveRejectsInvalid(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	good := NewIncident(time.Now())
	tests := []struct {
		name string
		mod  func(*Incident)
	}{
		{"no id", func(i *Incident) { i.ID = "" }},
		{"not a uuid", func(i *Incident) { i.ID = "123" }},
		{"no opening", func(i *Incident) { i.Opened = time.Time{} }},
		{"bad category", func(i *Incident) { i.Category = 99 }},
		{"bad resolution", func(i *Incident) { i.Resolution = -1 }},
	}
	for _, tt := range tests {
		inc := *good
		tt.mod(&inc)
		if err := s.Save(ctx, &inc); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: Save = %v, want ErrInvalid", tt.name, err)
		}
	}
	if err := s.Save(ctx, nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("nil: %v", err)
	}
}

func TestSchemaAndPragmas(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.db")
	s := openStoreAt(t, path)
	var v int
	var mode string
	var fk int
	s.db.QueryRow("PRAGMA user_version").Scan(&v)
	s.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	s.db.QueryRow("PRAGMA foreign_keys").Scan(&fk)
	if v != SchemaVersion() || mode != "wal" || fk != 1 {
		t.Errorf("user_version %d (want %d), journal_mode %q, foreign_keys %d", v, SchemaVersion(), mode, fk)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("database file mode %v, %v", st.Mode(), err)
	}
	inc := NewIncident(time.Now())
	inc.AddRun(testReport(time.Now(), 5))
	if err := s.Save(context.Background(), inc); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := s.Get(context.Background(), inc.ID); !errors.Is(err, ErrClosed) {
		t.Errorf("Get on a closed store: %v", err)
	}

	// reopening migrates nothing and keeps the data
	s = openStoreAt(t, path)
	if _, err := s.Get(context.Background(), inc.ID); err != nil {
		t.Fatal(err)
	}
	// deleting the incident deletes its rows everywhere (foreign keys cascade)
	if err := s.Delete(context.Background(), inc.ID); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"incident_codes", "runs", "journal", "events", "trace", "parts"} {
		var n int
		s.db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n)
		if n != 0 {
			t.Errorf("%s keeps %d rows of a deleted incident", table, n)
		}
	}
	// a database from a newer posdoctor is refused, not damaged
	s.db.Exec(fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion()+1))
	s.Close()
	if _, err := Open(path); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("newer schema: %v", err)
	}
	// a file that is not a database
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("not sqlite ", 100)), 0o600)
	if _, err := Open(junk); err == nil {
		t.Error("opened a junk file")
	}
}

func TestMigrationFromEmptyIsOneStep(t *testing.T) {
	// each migration runs inside the transaction: a failing one leaves version 0
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	saved := migrations
	migrations = append(slices.Clone(saved), "CREATE TABLE broken (")
	defer func() { migrations = saved }()
	if err := migrate(context.Background(), db); err == nil {
		t.Fatal("broken migration succeeded")
	}
	var v, n int
	db.QueryRow("PRAGMA user_version").Scan(&v)
	db.QueryRow("SELECT COUNT(*) FROM sqlite_master WHERE name = 'incidents'").Scan(&n)
	if v != 0 || n != 0 {
		t.Errorf("after a failed migration: version %d, incidents table %d", v, n)
	}
}

func TestDefaultDBPath(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir)
	t.Setenv("LocalAppData", dir)
	t.Setenv("HOME", dir)
	p, err := DefaultDBPath()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p, dir) || filepath.Base(p) != DBFileName || filepath.Base(filepath.Dir(p)) != "posdoctor" {
		t.Errorf("DefaultDBPath = %s", p)
	}
}

func TestConcurrentUse(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5 {
				inc := testIncident(time.Now(), 20)
				inc.Notes = fmt.Sprintf("g%d i%d", g, i)
				if err := s.Save(ctx, inc); err != nil {
					errs <- err
					return
				}
				if _, err := s.AddRun(ctx, inc.ID, testReport(time.Now(), 3)); err != nil {
					errs <- err
					return
				}
				if _, err := s.List(ctx, Filter{}); err != nil {
					errs <- err
					return
				}
				if _, err := s.Get(ctx, inc.ID); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if l, _ := s.List(ctx, Filter{}); len(l) != 20 {
		t.Errorf("%d incidents, want 20", len(l))
	}
}
