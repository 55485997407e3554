package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"posdoctor/internal/pgtest"
	"posdoctor/reports"
)

// TestSyncAndMonthlyFromTheSharedStore: a laptop's visits synced to the shared store give the
// same incidents list and the same monthly JSON, read from PostgreSQL, as from the file.
func TestSyncAndMonthlyFromTheSharedStore(t *testing.T) {
	db, _ := seedIncidents(t)
	url := pgtest.Database(t)
	code, out, errs := runCLI(t, "sync", "--to", url, "--db", db, "--json")
	if code != ExitOK {
		t.Fatalf("sync: exit %d: %s", code, errs)
	}
	var res reports.SyncResult
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Pushed != 3 || len(res.Branches) != 2 {
		t.Fatalf("sync --json: %+v (%v)\n%s", res, err, out)
	}
	// a second sync: nothing to do, in words
	code, out, _ = runCLI(t, "sync", "--to", url, "--db", db)
	if code != ExitOK || !strings.Contains(out, "Pushed 0 visits") || !strings.Contains(out, "3 unchanged") || !strings.Contains(out, "Last sync:") {
		t.Errorf("second sync: exit %d\n%s", code, out)
	}
	generated := regexp.MustCompile(`"generated": "[^"]*"`)
	for _, args := range [][]string{
		{"report", "monthly", "--month", "2026-03", "--json"},
		{"report", "monthly", "--month", "2026-03", "--branch", "朝阳支行", "--json"},
		{"report", "monthly", "--month", "2026-02", "--json"},
		{"incidents", "--json"},
		{"incidents", "--branch", "海淀支行"},
	} {
		c1, fromFile, e1 := runCLI(t, append(args, "--db", db)...)
		c2, fromPG, e2 := runCLI(t, append(args, "--db", url)...)
		if c1 != ExitOK || c2 != ExitOK {
			t.Fatalf("%v: exit %d/%d: %s %s", args, c1, c2, e1, e2)
		}
		fromFile = generated.ReplaceAllString(fromFile, "")
		fromPG = generated.ReplaceAllString(fromPG, "")
		if fromFile != fromPG {
			t.Errorf("%v differs between SQLite and PostgreSQL:\n%s\n---\n%s", args, fromFile, fromPG)
		}
	}
}

func TestSyncRefusals(t *testing.T) {
	db, _ := seedIncidents(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"sync", "--db", db}, "give the shared store with --to"},
		{[]string{"sync", "--to", db, "--db", db}, "not a usable PostgreSQL URL"},
		{[]string{"--lang", "zh", "sync", "--to", "postgres://u:hunter22@127.0.0.1:1/x?sslmode=disable", "--db", db}, "无法连接共享数据库"},
		{[]string{"sync", "--to", "mysql://root:hunter22@localhost/db", "--db", db}, "not a usable PostgreSQL URL"},
		{[]string{"sync", "--to", "postgres://u:hunter22@h/x", "--db", "postgres://u:hunter22@h/y"}, "--db is this laptop's store file"},
		{[]string{"sync", "--to", "postgres://u:hunter22@127.0.0.1:1/x?sslmode=disable", "--db", db}, "cannot be reached"},
	} {
		code, _, errs := runCLI(t, c.args...)
		if code != ExitFailed || !strings.Contains(errs, c.want) || strings.Contains(errs, "hunter22") {
			t.Errorf("%v: exit %d: %s", c.args, code, errs)
		}
	}
}

// TestSyncThatCannotStartWritesNothing: a shared store that cannot be reached leaves no new
// local store behind.
func TestSyncThatCannotStartWritesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "never.db")
	code, _, errs := runCLI(t, "sync", "--to", "postgres://u@127.0.0.1:1/x?sslmode=disable", "--db", db)
	if code != ExitFailed {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a sync that could not start created the local store")
	}
}
