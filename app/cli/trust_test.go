package cli

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"posdoctor/internal/filetest"
	"posdoctor/reports"
)

// Issue 9 item 5: a save that fails prints the run anyway, keeps it in a recovery file and
// says where; the next check --save puts it into the store.
func TestIssue9Item5CheckSaveFailureKeepsRun(t *testing.T) {
	db := filepath.Join(t.TempDir(), "incidents.db")
	s, err := reports.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	// a store that refuses every new visit, as a full disk or a foreign lock would
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`CREATE TRIGGER refuse BEFORE INSERT ON incidents BEGIN SELECT RAISE(ABORT, 'disk full'); END`); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	var out, errOut bytes.Buffer
	code := runCheck(context.Background(), []string{"--sim", "--speed", "50", "--fault", "paper-out", "--yes", "--json",
		"--steps", "link,terminal,printer", "--save", "--symptom", "不出小票", "--db", db}, strings.NewReader(""), &out, &errOut)
	if code != ExitFailed {
		t.Errorf("exit %d, want %d when the save failed", code, ExitFailed)
	}
	var rep struct {
		Steps []struct{ ID, Status string }
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil || len(rep.Steps) != 3 {
		t.Fatalf("the run's JSON was not printed: %v %q", err, out.String())
	}
	dir := reports.RecoveryDir(db)
	if !strings.Contains(errOut.String(), dir) {
		t.Errorf("stderr does not say where the run is kept: %s", errOut.String())
	}
	files, _ := os.ReadDir(dir)
	if len(files) != 1 {
		t.Fatalf("recovery files: %v", files)
	}

	raw, _ = sql.Open("sqlite", "file:"+db)
	if _, err := raw.Exec(`DROP TRIGGER refuse`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	out.Reset()
	errOut.Reset()
	code = runCheck(context.Background(), []string{"--sim", "--speed", "50", "--yes", "--json", "--steps", "link",
		"--save", "--db", db}, strings.NewReader(""), &out, &errOut)
	if code != ExitOK || !strings.Contains(errOut.String(), "saved 1 visit") {
		t.Fatalf("second check: exit %d, %s", code, errOut.String())
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("recovery file left after it was saved: %v", files)
	}
	code, stdout, stderr := runCLI(t, "incidents", "--json", "--db", db)
	var list []map[string]any
	if code != ExitOK || json.Unmarshal([]byte(stdout), &list) != nil || len(list) != 2 {
		t.Fatalf("incidents after recovery: %d %s %s", code, stdout, stderr)
	}
}

// Issue 9 item 1 on the command line: check --save --incident adds the run to a visit and
// prints the visit's verdict; a run of another terminal becomes a new visit.
func TestIssue9Item1CheckIncidentVisitVerdict(t *testing.T) {
	db := filepath.Join(t.TempDir(), "incidents.db")
	faults := []string{"--fault", "paper-out", "--fault", "key-mismatch"}
	var out, errOut bytes.Buffer
	args := append([]string{"--sim", "--speed", "50", "--yes", "--json", "--steps", "link,terminal,printer,signon", "--save", "--db", db}, faults...)
	if code := runCheck(context.Background(), args, strings.NewReader(""), &out, &errOut); code != ExitProblem {
		t.Fatalf("first run: exit %d %s", code, errOut.String())
	}
	_, stdout, _ := runCLI(t, "incidents", "--json", "--db", db)
	var list []struct{ ID, Verdict string }
	if err := json.Unmarshal([]byte(stdout), &list); err != nil || len(list) != 1 {
		t.Fatalf("incidents: %v %s", err, stdout)
	}
	id := list[0].ID
	out.Reset()
	errOut.Reset()
	// re-run the printer alone, with the paper back in: the run passes, the visit does not
	args = []string{"--sim", "--speed", "50", "--yes", "--json", "--steps", "printer", "--fault", "key-mismatch", "--save", "--db", db, "--incident", id[:8]}
	if code := runCheck(context.Background(), args, strings.NewReader(""), &out, &errOut); code != ExitProblem {
		t.Errorf("the visit still fails: exit %d, want %d", code, ExitProblem)
	}
	var res struct {
		Verdict struct{ Kind string }
		Visit   *struct {
			Runs    int
			Verdict struct{ Kind string }
		}
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	if res.Verdict.Kind != "all-pass" || res.Visit == nil || res.Visit.Runs != 2 || res.Visit.Verdict.Kind != "needs-provider" {
		t.Fatalf("run %q, visit %+v; stderr %s", res.Verdict.Kind, res.Visit, errOut.String())
	}
	_, stdout, _ = runCLI(t, "incidents", "--json", "--db", db)
	if err := json.Unmarshal([]byte(stdout), &list); err != nil || len(list) != 1 || list[0].Verdict != "needs-provider" {
		t.Fatalf("stored visit: %s", stdout)
	}
	// another terminal (comm=PSTN is another model, serial and TID): a new visit, not this one
	out.Reset()
	errOut.Reset()
	args = []string{"--sim", "--speed", "50", "--yes", "--json", "--steps", "link,terminal", "--fault", "comm=PSTN", "--save", "--db", db, "--incident", id}
	runCheck(context.Background(), args, strings.NewReader(""), &out, &errOut)
	if !strings.Contains(errOut.String(), "new visit") {
		t.Errorf("no word of a new visit: %s", errOut.String())
	}
	_, stdout, _ = runCLI(t, "incidents", "--json", "--db", db)
	if err := json.Unmarshal([]byte(stdout), &list); err != nil || len(list) != 2 {
		t.Fatalf("another terminal's run: %s", stdout)
	}
}

// Issue 9 item 7: listing and exporting never write: another program's database is refused
// untouched, an empty file stays empty, and no default store is created by a listing.
func TestIssue9Item7ReadOnlyCommands(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "other.sqlite")
	raw, err := sql.Open("sqlite", "file:"+foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`CREATE TABLE incidents (x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	before := filetest.Digest(t, foreign)
	code, _, stderr := runCLI(t, "incidents", "--db", foreign)
	if code != ExitFailed || !strings.Contains(stderr, "not a posdoctor incident store") {
		t.Errorf("incidents on another program's database: %d %s", code, stderr)
	}
	if code, _, _ := runCLI(t, "report", "incident", "abcd1234", "--db", foreign); code != ExitFailed {
		t.Errorf("report on another program's database: %d", code)
	}
	if filetest.Digest(t, foreign) != before {
		t.Error("another program's database was changed")
	}
	if _, err := os.Stat(foreign + "-wal"); err == nil {
		t.Error("another program's database was switched to WAL")
	}

	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	runCLI(t, "incidents", "--db", empty)
	if fi, _ := os.Stat(empty); fi.Size() != 0 {
		t.Errorf("incidents turned an empty file into %d bytes", fi.Size())
	}

	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	code, stdout, _ := runCLI(t, "incidents", "--json")
	if code != ExitOK || strings.TrimSpace(stdout) != "[]" {
		t.Errorf("incidents with no store yet: %d %q", code, stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "data")); err == nil {
		t.Error("a listing created the data folder")
	}
}

// report -o FOLDER writes the usual name inside it; -o with another extension is refused
// (new-user test of issue 9: -o /tmp/x wrote /tmp/x.xlsx beside the folder, -o x.txt a
// workbook named .txt).
func TestReportOutputFolderAndExtension(t *testing.T) {
	db, incs := seedIncidents(t)
	dir := t.TempDir()
	code, _, stderr := runCLI(t, "report", "incident", incs[0].ID[:8], "--db", db, "-o", dir)
	if code != ExitOK {
		t.Fatalf("-o FOLDER: exit %d %s", code, stderr)
	}
	if files, _ := os.ReadDir(dir); len(files) != 1 || filepath.Ext(files[0].Name()) != ".xlsx" {
		t.Errorf("-o FOLDER wrote %v", files)
	}
	txt := filepath.Join(t.TempDir(), "x.txt")
	if code, _, stderr := runCLI(t, "report", "incident", incs[0].ID[:8], "--db", db, "-o", txt); code != ExitFailed || !strings.Contains(stderr, ".xlsx") {
		t.Errorf("-o x.txt: exit %d %s", code, stderr)
	}
	if _, err := os.Stat(txt); err == nil {
		t.Error("a workbook was written as .txt")
	}
}
