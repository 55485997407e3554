package reports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"posdoctor/internal/filetest"
	"posdoctor/internal/pgtest"
)

// laptop opens a new SQLite store (a technician's laptop) whose clock the test sets.
func laptop(t testing.TB, clock *time.Time) *Store {
	t.Helper()
	s := openStoreAt(t, filepath.Join(t.TempDir(), "incidents.db"))
	s.now = func() time.Time { return *clock }
	t.Cleanup(func() { s.Close() })
	return s
}

// sharedStore opens a fresh shared store (a database of its own) and returns it with its URL.
func sharedStore(t testing.TB) (*Store, string) {
	t.Helper()
	url := pgtest.Database(t)
	s := openStoreAt(t, url)
	t.Cleanup(func() { s.Close() })
	return s, url
}

func mustSync(t testing.TB, local, remote *Store, opts SyncOptions) SyncResult {
	t.Helper()
	r, err := local.Sync(context.Background(), remote, opts)
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return r
}

// visitOnTwoLaptops starts a shared store and two laptops on clock that both hold one visit,
// testIncident(*clock, n): saved on a, pushed, and pulled by b, which syncs its branch.
func visitOnTwoLaptops(t testing.TB, clock *time.Time, n int) (shared, a, b *Store, inc *Incident) {
	t.Helper()
	shared, _ = sharedStore(t)
	a, b = laptop(t, clock), laptop(t, clock)
	inc = testIncident(*clock, n)
	if err := a.Save(context.Background(), inc); err != nil {
		t.Fatal(err)
	}
	mustSync(t, a, shared, SyncOptions{})
	mustSync(t, b, shared, SyncOptions{Branches: []string{inc.Branch}})
	return shared, a, b, inc
}

// editVisit changes visit id on s as a person would: reads it, changes it, saves it.
func editVisit(t testing.TB, s *Store, id string, change func(*Incident)) {
	t.Helper()
	inc, err := s.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	change(inc)
	if err := s.Save(context.Background(), inc); err != nil {
		t.Fatal(err)
	}
}

// visitNotes lists the ids a store shows, with each visit's notes: what a person would compare.
func visitNotes(t testing.TB, s *Store) map[string]string {
	t.Helper()
	l, err := s.List(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, m := range l {
		inc, err := s.Get(context.Background(), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		out[m.ID] = inc.Notes
	}
	return out
}

func TestSyncRoundTrip(t *testing.T) {
	ctx := context.Background()
	shared, _ := sharedStore(t)
	clock := time.Date(2026, 11, 2, 9, 0, 0, 0, cst)
	a, b := laptop(t, &clock), laptop(t, &clock)

	var ids []string
	for i := 0; i < 3; i++ {
		inc := testIncident(clock, 5)
		inc.Notes = fmt.Sprintf("A visit %d", i)
		if err := a.Save(ctx, inc); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, inc.ID)
	}
	r := mustSync(t, a, shared, SyncOptions{})
	if r.Pushed != 3 || r.Pulled != 0 || len(r.Branches) != 1 || r.Branches[0] != "朝阳支行" {
		t.Fatalf("first push: %+v", r)
	}
	// a new laptop that names no branch pulls nothing: not every branch of the company
	c := laptop(t, &clock)
	if r = mustSync(t, c, shared, SyncOptions{}); r.Pulled != 0 || len(r.Branches) != 0 {
		t.Fatalf("a laptop with no visits and no branch: %+v", r)
	}
	// B is new: it names its branch (typed full-width) and gets A's visits, whole
	r = mustSync(t, b, shared, SyncOptions{Branches: []string{"\u3000朝阳支行"}})
	if r.Pulled != 3 || r.Pushed != 0 {
		t.Fatalf("B's first sync: %+v", r)
	}
	for _, id := range ids {
		x, _ := a.Get(ctx, id)
		y, err := b.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if canonical(t, x) != canonical(t, y) {
			t.Fatalf("visit %s differs after the round trip: %s", id, firstDiff(canonical(t, x), canonical(t, y)))
		}
	}
	// nothing to do: all unchanged
	if r = mustSync(t, a, shared, SyncOptions{}); r.Pushed+r.Pulled != 0 || r.Unchanged != 3 || r.Last.IsZero() {
		t.Fatalf("second sync of A: %+v", r)
	}

	// B edits one, A deletes another
	clock = clock.Add(time.Hour)
	inc, _ := b.Get(ctx, ids[0])
	inc.Notes = "B edited"
	if err := b.Save(ctx, inc); err != nil {
		t.Fatal(err)
	}
	if err := a.Delete(ctx, ids[1]); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(time.Minute)
	if r = mustSync(t, b, shared, SyncOptions{}); r.Pushed != 1 {
		t.Fatalf("B pushes its edit: %+v", r)
	}
	if r = mustSync(t, a, shared, SyncOptions{}); r.Pulled != 1 || r.PushedDeleted != 1 || r.Purged != 0 {
		t.Fatalf("A pulls the edit, pushes the deletion: %+v", r)
	}
	if r = mustSync(t, b, shared, SyncOptions{}); r.PulledDeleted != 1 {
		t.Fatalf("B pulls the deletion: %+v", r)
	}
	// C holds none of these visits: the deletion is not its business
	if r = mustSync(t, c, shared, SyncOptions{}); r.PulledDeleted != 0 || r.Pulled != 0 {
		t.Fatalf("C pulls another branch's deletion: %+v", r)
	}
	want := map[string]string{ids[0]: "B edited", ids[2]: "A visit 2"}
	for name, s := range map[string]*Store{"A": a, "B": b, "shared": shared} {
		got := visitNotes(t, s)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s holds %v, want %v", name, got, want)
		}
	}
	// a bundle of the deleted visit imported later does not bring it back anywhere
	if dead, _ := shared.tombstone(ctx, shared.db, ids[1]); dead.IsZero() {
		t.Error("the shared store forgot the deletion")
	}
}

func TestSyncBothSidesEdited(t *testing.T) {
	clock := time.Date(2026, 11, 2, 9, 0, 0, 0, cst)
	shared, a, b, inc := visitOnTwoLaptops(t, &clock, 3)
	clock = clock.Add(time.Hour)
	editVisit(t, a, inc.ID, func(x *Incident) { x.Notes = "A's edit, older" })
	clock = clock.Add(time.Minute)
	editVisit(t, b, inc.ID, func(y *Incident) { y.Notes = "B's edit, newer" })
	clock = clock.Add(time.Minute)
	mustSync(t, b, shared, SyncOptions{})
	r := mustSync(t, a, shared, SyncOptions{})
	if r.Conflicts != 1 || r.Pulled != 1 || r.Pushed != 0 {
		t.Fatalf("A's sync after both edited: %+v", r)
	}
	for name, s := range map[string]*Store{"A": a, "B": b, "shared": shared} {
		if got := visitNotes(t, s)[inc.ID]; got != "B's edit, newer" {
			t.Errorf("%s holds %q: the newer edit must win", name, got)
		}
	}
}

// TestSyncCutOffResumes: a sync cancelled after its first batch committed keeps that batch;
// the next sync finishes the rest, and nothing is lost or doubled.
func TestSyncCutOffResumes(t *testing.T) {
	ctx := context.Background()
	shared, _ := sharedStore(t)
	clock := time.Date(2026, 11, 2, 9, 0, 0, 0, cst)
	a := laptop(t, &clock)
	for i := 0; i < 25; i++ {
		inc := testIncident(clock, 2)
		inc.Notes = fmt.Sprint(i)
		if err := a.Save(ctx, inc); err != nil {
			t.Fatal(err)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	r, err := a.Sync(cctx, shared, SyncOptions{Batch: 10, Progress: func(stage string, done, total int) {
		if done >= 10 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || r.Pushed != 10 {
		t.Fatalf("cut off: %+v, %v", r, err)
	}
	if last, _ := a.LastSync(ctx, shared.path); !last.IsZero() {
		t.Error("a sync cut off must not count as done")
	}
	if n := len(visitNotes(t, shared)); n != 10 {
		t.Fatalf("the shared store holds %d visits after the cut, want the first batch's 10", n)
	}
	r = mustSync(t, a, shared, SyncOptions{Batch: 10})
	if r.Pushed != 15 || r.Unchanged != 10 {
		t.Fatalf("resumed: %+v", r)
	}
	if fmt.Sprint(visitNotes(t, shared)) != fmt.Sprint(visitNotes(t, a)) {
		t.Error("after resuming, the shared store differs from the laptop")
	}
}

// TestSyncTechnicianCannotDelete: with the documented grants a technician's deletion hides
// the visit in the shared store (lists and reports leave it out) and a manager's sync
// removes it.
func TestSyncTechnicianCannotDelete(t *testing.T) {
	ctx := context.Background()
	owner, url := sharedStore(t)
	owner.Close()
	role := fmt.Sprintf("tech_%d", time.Now().UnixNano()%1e9)
	pgtest.Exec(t, url, `CREATE ROLE `+role+` LOGIN`)
	t.Cleanup(func() {
		pgtest.Exec(t, url, `DROP OWNED BY `+role+` CASCADE`)
		pgtest.Exec(t, pgtest.Admin(t), `DROP ROLE `+role)
	})
	pgtest.Exec(t, url, strings.ReplaceAll(TechnicianGrants, "posdoctor_technician", role))
	techURL := strings.Replace(url, "posdoctor@", role+"@", 1)
	tech := openStoreAt(t, techURL)
	defer tech.Close()
	if tech.canDelete {
		t.Fatal("the technicians' grant lets them delete visits")
	}
	clock := time.Date(2026, 11, 2, 9, 0, 0, 0, cst)
	a := laptop(t, &clock)
	inc := testIncident(clock, 3)
	a.Save(ctx, inc)
	mustSync(t, a, tech, SyncOptions{})
	clock = clock.Add(time.Hour)
	a.Delete(ctx, inc.ID)
	if r := mustSync(t, a, tech, SyncOptions{}); r.PushedDeleted != 1 || r.Purged != 0 {
		t.Fatalf("technician's sync: %+v", r)
	}
	manager := openStoreAt(t, url)
	defer manager.Close()
	var rows int
	manager.db.QueryRowContext(ctx, `SELECT count(*) FROM incidents`).Scan(&rows)
	if rows != 1 {
		t.Fatalf("the technician's role deleted the row (%d left)", rows)
	}
	if l, _ := manager.List(ctx, Filter{}); len(l) != 0 {
		t.Errorf("a deleted visit still listed: %v", l)
	}
	if _, err := tech.db.ExecContext(ctx, `DELETE FROM incidents`); err == nil {
		t.Error("the technicians' role may delete visits")
	}
	b := laptop(t, &clock)
	if r := mustSync(t, b, manager, SyncOptions{}); r.Purged != 1 {
		t.Fatalf("manager's sync: %+v", r)
	}
	manager.db.QueryRowContext(ctx, `SELECT count(*) FROM incidents`).Scan(&rows)
	if rows != 0 {
		t.Errorf("%d rows after the manager's sync", rows)
	}
}

// TestSharedStoreFailures: a wrong password, a host that does not answer and a database of a
// newer schema each give a clear message within 10 s, without the password, and the
// laptop's store is untouched.
func TestSharedStoreFailures(t *testing.T) {
	ctx := context.Background()
	_, url := sharedStore(t)
	role := fmt.Sprintf("pw_%d", time.Now().UnixNano()%1e9)
	// members of posdoctor_pw must give their password on the test server (pgtest.PasswordGroupHBA)
	pgtest.Exec(t, url, `DO $$ BEGIN CREATE ROLE posdoctor_pw NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`)
	pgtest.Exec(t, url, `CREATE ROLE `+role+` LOGIN PASSWORD 'right-horse-battery' IN ROLE posdoctor_pw`)
	pgtest.Exec(t, url, strings.ReplaceAll(TechnicianGrants, "posdoctor_technician", role))
	t.Cleanup(func() {
		pgtest.Exec(t, url, `DROP OWNED BY `+role+` CASCADE`)
		pgtest.Exec(t, pgtest.Admin(t), `DROP ROLE `+role)
	})
	// the right password opens it (so the wrong one below is refused for being wrong)
	if s, err := Open(strings.Replace(url, "posdoctor@", role+":right-horse-battery@", 1)); err != nil {
		t.Fatalf("the right password: %v", err)
	} else {
		s.Close()
	}
	newer, newerURL := sharedStore(t)
	if _, err := newer.db.ExecContext(ctx, `UPDATE posdoctor_schema SET version = 99`); err != nil {
		t.Fatal(err)
	}
	newer.Close()

	clock := time.Date(2026, 11, 2, 9, 0, 0, 0, cst)
	a := laptop(t, &clock)
	inc := testIncident(clock, 3)
	a.Save(ctx, inc)
	before := listJSON(t, a)

	cases := []struct {
		name, url string
		want      error
		text      string
	}{
		{"wrong password", strings.Replace(url, "posdoctor@", role+":wrong-secret-pw@", 1), ErrLogin, "refused the login"},
		{"unreachable", "postgres://posdoctor:wrong-secret-pw@192.0.2.1:5432/posdoctor?sslmode=disable", ErrUnreachable, "cannot be reached"},
		{"newer schema", newerURL, ErrNewerSchema, "newer posdoctor"},
	}
	for _, c := range cases {
		start := time.Now()
		s, err := Open(c.url)
		took := time.Since(start)
		if err == nil {
			s.Close()
			t.Errorf("%s: opened", c.name)
			continue
		}
		if took > 10*time.Second {
			t.Errorf("%s: took %v", c.name, took)
		}
		if c.want != nil && !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.text) {
			t.Errorf("%s: %v", c.name, err)
		}
		if strings.Contains(err.Error(), "wrong-secret-pw") {
			t.Errorf("%s: the message shows the password: %v", c.name, err)
		}
	}
	if listJSON(t, a) != before {
		t.Error("a failed sync changed the laptop's store")
	}
}

// TestSyncConcurrent: 8 laptops hold the same visits, each with its own version of them, and
// sync at the same moment; afterwards the shared store holds every visit exactly once, at its
// newest version.
func TestSyncConcurrent(t *testing.T) {
	n := 10000
	if testing.Short() || raceEnabled {
		n = 1000 // the race detector checks the same code paths, ten times slower
	}
	ctx := context.Background()
	shared, url := sharedStore(t)
	base := time.Date(2026, 11, 2, 9, 0, 0, 0, cst)
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
	}
	const laptops = 8
	stores := make([]*Store, laptops)
	for k := range stores {
		clock := base
		stores[k] = laptop(t, &clock)
		err := stores[k].write(ctx, func(sqlTx *sql.Tx) error {
			tx := newStmtCache(sqlTx)
			for i, id := range ids {
				inc := NewIncident(base)
				inc.ID, inc.Branch, inc.TID = id, "朝阳支行", fmt.Sprintf("%08d", i)
				inc.Notes = fmt.Sprint(k)
				// laptop (7-i) mod 8 holds visit i's newest version
				inc.Updated = base.Add(time.Duration((i+k)%laptops) * time.Second)
				if _, err := stores[k].mergeIncident(ctx, tx, inc); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, laptops)
	for k := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			remote, err := Open(url) // each laptop its own connection
			if err != nil {
				errs[k] = err
				return
			}
			defer remote.Close()
			_, errs[k] = stores[k].Sync(ctx, remote, SyncOptions{})
		}()
	}
	wg.Wait()
	for k, err := range errs {
		if err != nil {
			t.Fatalf("laptop %d: %v", k, err)
		}
	}
	var rows, distinct int
	shared.db.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT id) FROM incidents`).Scan(&rows, &distinct)
	if rows != n || distinct != n {
		t.Fatalf("%d rows, %d distinct visits, want %d", rows, distinct, n)
	}
	wrong := 0
	err := eachRow(ctx, shared.db, `SELECT id, notes FROM incidents`, nil, func(r *sql.Rows) error {
		var id, notes string
		if err := r.Scan(&id, &notes); err != nil {
			return err
		}
		var i int
		fmt.Sscanf(id[24:], "%d", &i)
		if want := fmt.Sprint(((laptops-1-i)%laptops + laptops) % laptops); notes != want {
			if wrong++; wrong <= 5 {
				t.Errorf("visit %d holds laptop %s's version, want laptop %s's (the newest)", i, notes, want)
			}
		}
		return nil
	})
	if err != nil || wrong > 0 {
		t.Fatalf("%d visits not at their newest version (%v)", wrong, err)
	}
}

// TestSharedStoreCleansForeignRows: a visit another program wrote into the shared store with a
// full card number leaves it masked: in Get, List, a bundle and a laptop's pull.
func TestSharedStoreCleansForeignRows(t *testing.T) {
	ctx := context.Background()
	shared, _ := sharedStore(t)
	id := "11111111-2222-4333-8444-555555555555"
	_, err := shared.db.ExecContext(ctx, `INSERT INTO incidents (id, opened, updated, branch, merchant, symptom, notes, category, resolution, codes, actions)
VALUES (?, '2026-11-02T01:00:00.000000000Z', '2026-11-02T01:00:00.000000000Z', '朝阳支行', ?, ?, ?, 'other', 'open', '[]', '[]')`,
		id, "商户 "+testPAN, "刷卡 "+testPAN+" 失败", "card "+testPAN)
	if err != nil {
		t.Fatal(err)
	}
	inc, err := shared.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	l, _ := shared.List(ctx, Filter{})
	bundle, _ := exportTo(t, shared, BundleSelect{})
	clock := time.Date(2026, 11, 3, 9, 0, 0, 0, cst)
	a := laptop(t, &clock)
	mustSync(t, a, shared, SyncOptions{Branches: []string{"朝阳支行"}})
	pulled, err := a.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		"Get": canonical(t, inc), "List": fmt.Sprint(l), "bundle": fmt.Sprint(filetest.ZipBytesParts(t, bundle)), "pulled": canonical(t, pulled),
	} {
		if strings.Contains(text, testPAN) || !strings.Contains(text, testPAN[:6]) {
			t.Errorf("%s: the card number is not masked (or the text is gone): %.300s", name, text)
		}
	}
}

// TestSharedStoreDocsGrants: docs/shared-store.md shows the grants the code's tests apply.
func TestSharedStoreDocsGrants(t *testing.T) {
	doc, err := os.ReadFile("../docs/shared-store.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, grants := range []string{TechnicianGrants, ManagerGrants} {
		for _, line := range strings.Split(strings.TrimSpace(grants), "\n") {
			if !strings.Contains(string(doc), line) {
				t.Errorf("docs/shared-store.md lacks %q", line)
			}
		}
	}
}

// TestSharedStoreRecovery: a visit the shared store cannot take is kept in the data folder's
// recovery folder, not in a folder named after the URL, and the password is in no path.
func TestSharedStoreRecovery(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	data, err := DataDir()
	if err != nil {
		t.Fatal(err)
	}
	dir := RecoveryDir("postgres://zhang:s3cret-pw@dbhost/posdoctor?sslmode=verify-full")
	if !strings.HasPrefix(dir, filepath.Join(data, RecoveryDirName)) || strings.Contains(dir, "s3cret") || strings.Contains(dir, "dbhost") {
		t.Errorf("recovery folder of the shared store: %s", dir)
	}
	if RecoveryDir("postgres://zhang:other@dbhost/posdoctor?sslmode=verify-full") != dir {
		t.Error("the same store with another password has another recovery folder")
	}
	shared, _ := sharedStore(t)
	inc := testIncident(time.Now(), 3)
	shared.Close() // a save that fails: the store is gone
	kept, err := shared.SaveOrKeep(context.Background(), inc)
	if err == nil || kept == "" || !strings.HasPrefix(kept, filepath.Join(data, RecoveryDirName)) {
		t.Fatalf("kept %q, %v", kept, err)
	}
}

// TestSyncGoesOnPastForeignRows: a row another program wrote that the store cannot take (no
// UUID, no opening time) is refused by name, and the sync does the rest.
func TestSyncGoesOnPastForeignRows(t *testing.T) {
	ctx := context.Background()
	shared, _ := sharedStore(t)
	_, err := shared.db.ExecContext(ctx, `INSERT INTO incidents (id, opened, updated, branch, category, resolution)
VALUES ('visit-7', '', '2026-11-02T01:00:00.000000000Z', '朝阳支行', 'other', 'open')`)
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 11, 3, 9, 0, 0, 0, cst)
	a := laptop(t, &clock)
	good := testIncident(clock, 2)
	a.Save(ctx, good)
	r, err := a.Sync(ctx, shared, SyncOptions{})
	if err != nil {
		t.Fatalf("a foreign row stopped the sync: %v", err)
	}
	if r.Pushed != 1 || len(r.Refused) != 1 || r.Refused[0].ID != "visit-7" {
		t.Fatalf("result %+v", r)
	}
	if last, _ := a.LastSync(ctx, shared.path); last.IsZero() {
		t.Error("the sync did not finish")
	}
}

// TestSyncVisitMovedToAnotherBranch: a visit someone moved to a branch this laptop does not
// pull comes down with its new branch, rather than being pushed in vain for ever.
func TestSyncVisitMovedToAnotherBranch(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 11, 3, 9, 0, 0, 0, cst)
	shared, a, m, inc := visitOnTwoLaptops(t, &clock, 2)
	clock = clock.Add(time.Hour)
	editVisit(t, m, inc.ID, func(moved *Incident) { moved.Branch = "海淀支行" })
	mustSync(t, m, shared, SyncOptions{})
	r := mustSync(t, a, shared, SyncOptions{})
	if r.Pulled != 1 || r.Pushed != 0 {
		t.Fatalf("the moved visit: %+v", r)
	}
	if got, _ := a.Get(ctx, inc.ID); got.Branch != "海淀支行" {
		t.Errorf("the laptop keeps branch %q", got.Branch)
	}
}
