package reports

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"posdoctor/diagnostics"
	"posdoctor/internal/filetest"
)

// partialRuns are the runs of issue 9 item 1: a full run that needs the provider (A0 at
// sign-on), then a re-run of the sign-on that was declined, then a printer re-run that passed.
func partialRuns(start time.Time) []diagnostics.Report {
	full := testReport(start, 10)
	declined := diagnostics.Report{Terminal: full.Terminal, Started: start.Add(5 * time.Minute), Finished: start.Add(6 * time.Minute),
		Steps: []diagnostics.StepResult{{ID: diagnostics.StepSignOn, Status: diagnostics.StatusSkipped, Summary: "sign-on declined by the technician",
			Started: start.Add(5 * time.Minute), Findings: []diagnostics.Finding{}}}}
	declined.Verdict = diagnostics.VerdictOf(declined.Steps)
	printer := diagnostics.Report{Terminal: full.Terminal, Started: start.Add(7 * time.Minute), Finished: start.Add(8 * time.Minute),
		Steps: []diagnostics.StepResult{{ID: diagnostics.StepPrinter, Status: diagnostics.StatusPass, Summary: "test slip printed and legible",
			Started: start.Add(7 * time.Minute), Findings: []diagnostics.Finding{}}}}
	printer.Verdict = diagnostics.VerdictOf(printer.Steps)
	return []diagnostics.Report{full, declined, printer}
}

// Issue 9 item 1 in the store and the workbook: the visit's verdict is over the latest result of
// every step, not the last run's.
func TestIssue9Item1VisitVerdictStoredAndExported(t *testing.T) {
	now := time.Date(2026, 3, 5, 10, 30, 0, 0, cst)
	runs := partialRuns(now.Add(-20 * time.Minute))
	if runs[1].Verdict.Kind != diagnostics.VerdictIncomplete {
		t.Fatalf("the declined re-run alone judged nothing: it should read incomplete, got %v", runs[1].Verdict.Kind)
	}
	inc := IncidentFromReport(runs[0], "张工", "", now)
	for _, r := range runs[1:] {
		if err := inc.AddRun(r); err != nil {
			t.Fatal(err)
		}
	}
	v, ok := inc.Verdict()
	if !ok || v.Kind != diagnostics.VerdictNeedsProvider {
		t.Fatalf("visit verdict %v, want needs-provider", v.Kind)
	}
	ctx := context.Background()
	s := openTestStore(t)
	if err := s.Save(ctx, inc); err != nil {
		t.Fatal(err)
	}
	list, err := s.List(ctx, Filter{})
	if err != nil || len(list) != 1 || list[0].Verdict != "needs-provider" {
		t.Fatalf("List: %+v, %v", list, err)
	}
	// a run added through the store keeps the visit's verdict too
	inc2 := IncidentFromReport(runs[0], "张工", "", now)
	if err := s.Save(ctx, inc2); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddRun(ctx, inc2.ID, runs[2]); err != nil {
		t.Fatal(err)
	}
	list, _ = s.List(ctx, Filter{})
	for _, m := range list {
		if m.Verdict != "needs-provider" {
			t.Errorf("incident %s verdict %q after a printer-only run, want needs-provider", m.ID[:8], m.Verdict)
		}
	}
	_, f := writeTestWorkbook(t, inc)
	if got, _ := f.GetCellValue(SheetSummary, right(findCell(t, f, SheetSummary, "检查结论\nVerdict"))); !strings.Contains(got, "Needs the service provider") {
		t.Errorf("workbook verdict %q, want needs the service provider", got)
	}
}

// Issue 9 item 2: a visit is one terminal; a run from another is refused everywhere.
func TestIssue9Item2OneTerminalPerVisit(t *testing.T) {
	now := time.Date(2026, 3, 5, 10, 30, 0, 0, cst)
	pax := testReport(now, 5)
	other := testReport(now.Add(time.Minute), 5)
	other.Terminal = map[string]string{"tid": "29967507", "sn": "141012345866", "model": "Ingenico iCT250"}
	inc := IncidentFromReport(pax, "张工", "", now)
	if err := inc.AddRun(other); !errors.Is(err, ErrOtherTerminal) {
		t.Fatalf("AddRun of another terminal: %v", err)
	}
	if len(inc.Runs) != 1 {
		t.Fatalf("the refused run was added: %d runs", len(inc.Runs))
	}
	ctx := context.Background()
	s := openTestStore(t)
	if err := s.Save(ctx, inc); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddRun(ctx, inc.ID, other); !errors.Is(err, ErrOtherTerminal) {
		t.Errorf("Store.AddRun of another terminal: %v", err)
	}
	mixed := *inc
	mixed.Runs = append(mixed.Runs, other)
	if err := s.Save(ctx, &mixed); !errors.Is(err, ErrInvalid) || !errors.Is(err, ErrOtherTerminal) {
		t.Errorf("Save of a visit mixing terminals: %v", err)
	}
	got, err := s.Get(ctx, inc.ID)
	if err != nil || len(got.Runs) != 1 {
		t.Fatalf("after refusals: %v runs, %v", len(got.Runs), err)
	}
	// a run that never read ST (no identity) joins the visit it is added to
	if err := inc.AddRun(diagnostics.Report{Started: now}); err != nil {
		t.Errorf("run without identity: %v", err)
	}
}

// lockStore holds the store's write lock from another connection until the returned func runs.
func lockStore(t *testing.T, path string) func() {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`UPDATE incidents SET notes = notes`); err != nil {
		t.Fatal(err)
	}
	return func() { tx.Rollback(); db.Close() }
}

func setQuickRetries(t *testing.T) {
	oldBusy, oldAttempts, oldBackoff := busyTimeout, saveAttempts, saveBackoff
	busyTimeout, saveAttempts, saveBackoff = 50*time.Millisecond, 2, 10*time.Millisecond
	t.Cleanup(func() { busyTimeout, saveAttempts, saveBackoff = oldBusy, oldAttempts, oldBackoff })
}

// Issue 9 item 5: a save that fails keeps the visit in a recovery file, which is saved later.
func TestIssue9Item5FailedSaveKeepsTheRun(t *testing.T) {
	setQuickRetries(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "incidents.db")
	s := openStoreAt(t, path)
	defer s.Close()
	if err := s.Save(ctx, testIncident(time.Now(), 3)); err != nil {
		t.Fatal(err)
	}
	unlock := lockStore(t, path)
	inc := testIncident(time.Now(), 40)
	plantPAN(inc)
	kept, err := s.SaveOrKeep(ctx, inc)
	if err == nil || kept == "" {
		unlock()
		t.Fatalf("SaveOrKeep on a locked store: kept %q, err %v", kept, err)
	}
	if filepath.Dir(kept) != RecoveryDir(path) {
		t.Errorf("recovery file %s is not beside the store", kept)
	}
	b, rerr := os.ReadFile(kept)
	if rerr != nil {
		t.Fatal(rerr)
	}
	if l := leaks(string(b)); l != "" {
		t.Errorf("the recovery file holds a full card number: %s", l)
	}
	unlock()
	n, err := s.SaveRecovered(ctx)
	if err != nil || n != 1 {
		t.Fatalf("SaveRecovered: %d, %v", n, err)
	}
	if _, err := os.Stat(kept); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("recovery file still there after it was saved: %v", err)
	}
	got, err := s.Get(ctx, inc.ID)
	if err != nil || len(got.Runs) != 1 || got.Symptom == "" {
		t.Fatalf("recovered incident: %+v, %v", got, err)
	}
	if n, err := s.SaveRecovered(ctx); n != 0 || err != nil {
		t.Errorf("second SaveRecovered: %d, %v", n, err)
	}
}

// Issue 9 item 6: a damaged store is refused for writing, untouched, and can still be read.
func TestIssue9Item6DamagedStore(t *testing.T) {
	ctx := context.Background()
	path := storeWith(t, 20)
	// damage the b-tree pages in the middle of the file, keep the header and schema page
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 4096*12 {
		t.Fatalf("store too small to damage: %d bytes", len(b))
	}
	for i := 4096 * 6; i < 4096*9; i++ {
		b[i] = 0x5A
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	before := filetest.Digest(t, path)
	if _, err := Open(path); !errors.Is(err, ErrDamaged) {
		t.Fatalf("Open of a damaged store: %v", err)
	} else if !strings.Contains(err.Error(), "copy") {
		t.Errorf("no advice in %q", err)
	}
	if filetest.Digest(t, path) != before {
		t.Error("opening a damaged store changed it")
	}
	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("OpenReadOnly of a damaged store: %v", err)
	}
	defer ro.Close()
	if ro.Damage() == "" {
		t.Error("read-only open does not say the store is damaged")
	}
	if err := ro.Save(ctx, testIncident(time.Now(), 1)); !errors.Is(err, ErrReadOnly) {
		t.Errorf("write through a read-only store: %v", err)
	}
	if filetest.Digest(t, path) != before {
		t.Error("reading a damaged store changed it")
	}
}

// Issue 9 item 7: read-only commands never write, refuse another program's file untouched,
// and do not wait for a writer's lock.
func TestIssue9Item7ReadOnlyNeverWrites(t *testing.T) {
	dir := t.TempDir()
	t.Run("foreign database", func(t *testing.T) {
		path := filepath.Join(dir, "other.sqlite")
		db, err := sql.Open("sqlite", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`CREATE TABLE incidents (x INTEGER); INSERT INTO incidents VALUES (1)`); err != nil {
			t.Fatal(err)
		}
		db.Close()
		before := filetest.Digest(t, path)
		if _, err := OpenReadOnly(path); !errors.Is(err, ErrNotStore) {
			t.Errorf("OpenReadOnly of another program's database: %v", err)
		}
		if _, err := Open(path); !errors.Is(err, ErrNotStore) {
			t.Errorf("Open of another program's database: %v", err)
		}
		if filetest.Digest(t, path) != before {
			t.Error("another program's database was changed")
		}
		if _, err := os.Stat(path + "-wal"); !errors.Is(err, os.ErrNotExist) {
			t.Error("another program's database was switched to WAL")
		}
	})
	t.Run("not sqlite", func(t *testing.T) {
		path := filepath.Join(dir, "notes.txt")
		os.WriteFile(path, []byte("hello, not a database at all, just some text here"), 0o600)
		if _, err := Open(path); !errors.Is(err, ErrNotStore) {
			t.Errorf("Open of a text file: %v", err)
		}
	})
	t.Run("empty file", func(t *testing.T) {
		path := filepath.Join(dir, "empty.db")
		os.WriteFile(path, nil, 0o600)
		if _, err := OpenReadOnly(path); !errors.Is(err, ErrNoStore) {
			t.Errorf("OpenReadOnly of an empty file: %v", err)
		}
		if fi, _ := os.Stat(path); fi.Size() != 0 {
			t.Errorf("an empty file became %d bytes", fi.Size())
		}
	})
	t.Run("missing file", func(t *testing.T) {
		path := filepath.Join(dir, "none", "incidents.db")
		if _, err := OpenReadOnly(path); !errors.Is(err, ErrNoStore) {
			t.Errorf("OpenReadOnly of a missing file: %v", err)
		}
		if _, err := os.Stat(filepath.Dir(path)); !errors.Is(err, os.ErrNotExist) {
			t.Error("OpenReadOnly created the folder")
		}
	})
	t.Run("while another process writes", func(t *testing.T) {
		path := filepath.Join(dir, "busy.db")
		s := openStoreAt(t, path)
		inc := testIncident(time.Now(), 3)
		if err := s.Save(context.Background(), inc); err != nil {
			t.Fatal(err)
		}
		s.Close()
		unlock := lockStore(t, path)
		defer unlock()
		ro, err := OpenReadOnly(path)
		if err != nil {
			t.Fatal(err)
		}
		defer ro.Close()
		// well inside the store's 10 s busy wait: a reader must not wait for the writer at all
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if l, err := ro.List(ctx, Filter{}); err != nil || len(l) != 1 {
			t.Errorf("List while another process writes: %d, %v", len(l), err)
		}
		if _, err := ro.Get(ctx, inc.ID); err != nil {
			t.Errorf("Get while another process writes: %v", err)
		}
	})
	t.Run("schema 1 store is migrated with visit verdicts", func(t *testing.T) {
		path := filepath.Join(dir, "v1.db")
		db, err := sql.Open("sqlite", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(migrations[0] + "; PRAGMA user_version = 1"); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 3, 5, 10, 30, 0, 0, cst)
		runs := partialRuns(now)
		if _, err := db.Exec(`INSERT INTO incidents (id, opened, updated, category, resolution) VALUES ('6b7c2a2e-9f1e-4a53-8d59-1c1f8e0a1b2c', ?, ?, 'other', 'open')`,
			fmtTime(now), fmtTime(now)); err != nil {
			t.Fatal(err)
		}
		for i, r := range runs {
			row, _ := encodeRun(r)
			if _, err := db.Exec(`INSERT INTO runs VALUES ('6b7c2a2e-9f1e-4a53-8d59-1c1f8e0a1b2c', ?, ?, ?, ?, ?)`, i, row.started, row.verdict, row.report, row.digest); err != nil {
				t.Fatal(err)
			}
		}
		db.Close()
		s := openStoreAt(t, path)
		defer s.Close()
		l, err := s.List(context.Background(), Filter{})
		if err != nil || len(l) != 1 || l[0].Verdict != "needs-provider" {
			t.Errorf("migrated list: %+v, %v", l, err)
		}
	})
	_ = bytes.Equal
}

// A recovery file older than what the store holds never overwrites the newer visit.
func TestIssue9Item5StaleRecoveryFileDoesNotOverwrite(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	inc := testIncident(time.Now(), 2)
	inc.Notes = "old"
	kept, err := WriteRecovery(s.Path(), inc)
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(kept, old, old)
	inc.Notes = "new"
	if err := s.Save(ctx, inc); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveRecovered(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(ctx, inc.ID)
	if got.Notes != "new" {
		t.Errorf("a stale recovery file overwrote the visit: notes %q", got.Notes)
	}
	if _, err := os.Stat(kept); !errors.Is(err, os.ErrNotExist) {
		t.Error("the stale recovery file is still there")
	}
	// and SaveOrKeep removes a kept copy once it saves
	inc.Notes = "newer"
	kept, _ = WriteRecovery(s.Path(), inc)
	if k, err := s.SaveOrKeep(ctx, inc); err != nil || k != "" {
		t.Fatal(k, err)
	}
	if _, err := os.Stat(kept); !errors.Is(err, os.ErrNotExist) {
		t.Error("SaveOrKeep left the older kept copy")
	}
}

// Issue 9 item 1 in the workbook: the Checklist sheet says which row each step's verdict
// stands on, so a step not re-run visibly keeps its earlier result.
func TestIssue9Item1WorkbookSaysWhichResultCounts(t *testing.T) {
	now := time.Date(2026, 3, 5, 10, 30, 0, 0, cst)
	runs := partialRuns(now.Add(-20 * time.Minute))
	inc := IncidentFromReport(runs[0], "张工", "", now)
	for _, r := range runs[1:] {
		if err := inc.AddRun(r); err != nil {
			t.Fatal(err)
		}
	}
	_, f := writeTestWorkbook(t, inc)
	rows, err := f.GetRows(SheetChecklist)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{} // "run step" → in the verdict
	for _, r := range rows[1:] {
		if len(r) >= 9 {
			got[r[0]+" "+r[1]] = r[8]
		}
	}
	for key, want := range map[string]string{
		"1 签到 / Sign-on":   "是 / yes",
		"2 签到 / Sign-on":   "否，未运行 / no, not run",
		"1 打印测试 / Printer": "否，之后重新检查 / no, re-run later",
		"3 打印测试 / Printer": "是 / yes",
		"1 键盘测试 / Keypad":  "是 / yes",
	} {
		if got[key] != want {
			t.Errorf("%s: in the verdict %q, want %q (rows %v)", key, got[key], want, got)
		}
	}
}

// A visit kept for one store is saved into that store only, not into another in the same folder
// (new-user test of issue 9).
func TestIssue9Item5RecoveryBelongsToItsStore(t *testing.T) {
	dir := t.TempDir()
	a := openStoreAt(t, filepath.Join(dir, "a.db"))
	defer a.Close()
	b := openStoreAt(t, filepath.Join(dir, "b.db"))
	defer b.Close()
	inc := testIncident(time.Now(), 2)
	if _, err := WriteRecovery(a.Path(), inc); err != nil {
		t.Fatal(err)
	}
	if n, err := b.SaveRecovered(context.Background()); n != 0 || err != nil {
		t.Errorf("store b saved %d of a's kept visits (%v)", n, err)
	}
	if n, err := a.SaveRecovered(context.Background()); n != 1 || err != nil {
		t.Errorf("store a saved %d (%v)", n, err)
	}
}

// A store that is up to date opens while another program holds its write lock (new-user test
// of issue 9: check --save did not run at all), and a save that waits too long says why.
func TestIssue9Item5OpenWhileAnotherWrites(t *testing.T) {
	setQuickRetries(t)
	path := storeWith(t, 1)
	unlock := lockStore(t, path)
	defer unlock()
	s, err := Open(path)
	if err != nil {
		t.Fatalf("Open while another program writes: %v", err)
	}
	defer s.Close()
	err = s.Save(context.Background(), testIncident(time.Now(), 1))
	if !errors.Is(err, ErrBusy) {
		t.Errorf("a save past the busy wait: %v, want ErrBusy", err)
	}
}

// A store whose journal table is damaged still lists its visits (new-user test of issue 9:
// the advice to export what can be read pointed at a listing that failed).
func TestIssue9Item6DamagedJournalStillLists(t *testing.T) {
	ctx := context.Background()
	path := storeWith(t, 5)
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var root, pageSize int
	if err := raw.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = 'journal'`).Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := (root - 1) * pageSize; i < root*pageSize; i++ {
		b[i] = 0xA5
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if ro.Damage() == "" {
		t.Fatal("fixture: the damaged journal passed the integrity check")
	}
	l, err := ro.List(ctx, Filter{})
	if err != nil || len(l) != 5 {
		t.Fatalf("List of a store with a damaged journal: %d visits, %v", len(l), err)
	}
}

// A visit with an unconfirmed reversal, a key mismatch, a dead key and an empty printer is filed
// under the money at stake, not the paper (new-user test of issue 9: it read 打印机).
func TestGuessCategoryPutsMoneyFirstOnTies(t *testing.T) {
	crit := func(code string) diagnostics.Finding {
		return diagnostics.Finding{Code: code, Severity: diagnostics.SeverityCritical}
	}
	rep := diagnostics.Report{Steps: []diagnostics.StepResult{
		{ID: diagnostics.StepPrinter, Findings: []diagnostics.Finding{crit("P1")}},
		{ID: diagnostics.StepKeypad, Findings: []diagnostics.Finding{crit(diagnostics.CodeDeadKey)}},
		{ID: diagnostics.StepSignOn, Findings: []diagnostics.Finding{crit("K2")}},
		{ID: diagnostics.StepJournal, Findings: []diagnostics.Finding{crit(diagnostics.CodeUnconfirmedRev)}},
	}}
	if c := GuessCategory("", rep); c != CategoryTransactionDispute {
		t.Errorf("no symptom: %v, want transaction-dispute", c)
	}
	if c := GuessCategory("不出小票", rep); c != CategoryPrinter {
		t.Errorf("the merchant reported no slip: %v, want printer", c)
	}
}
