package reports

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"posdoctor/internal/filetest"
)

// panForms are the ways the planted card number may be written.
func panForms() []string {
	spaced := testPAN[0:4] + " " + testPAN[4:8] + " " + testPAN[8:12] + " " + testPAN[12:16]
	return []string{testPAN, spaced, strings.ReplaceAll(spaced, " ", "-")}
}

// leaks says where in s the planted card number appears, whole, in any form.
func leaks(s string) string {
	for _, p := range panForms() {
		if i := strings.Index(s, p); i >= 0 {
			return fmt.Sprintf("%q at %d", p, i)
		}
	}
	if strings.Contains(digitsOnly(s), testPAN) {
		return "its digits, split by other characters"
	}
	return ""
}

// TestNoFullPANAnywhere plants a full card number in the terminal's journal (records and
// event log), in typed notes and every other typed field, in a run's evidence and in the link
// trace; saves the incident, adds a run, exports the workbook; and looks for the number in
// every XML part of the workbook, every row of every table of the database, and the raw
// database files.
func TestNoFullPANAnywhere(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "incidents.db")
	s := openStoreAt(t, dbPath)
	ctx := context.Background()
	now := time.Date(2026, 3, 5, 10, 30, 0, 0, cst)
	inc := testIncident(now, 30)
	plantPAN(inc)
	if raw, _ := json.Marshal(inc); leaks(string(raw)) == "" {
		t.Fatal("fixture: the card number was not planted")
	}
	if err := s.Save(ctx, inc); err != nil {
		t.Fatal(err)
	}
	// a run fetched later carries the card number in its journal, events and evidence too
	run := testReport(now, 15)
	run.Transactions[9].PAN = testPAN
	run.Events[0].Text += " " + testPAN
	run.Steps[7].Evidence["pan"] = testPAN
	if _, err := s.AddRun(ctx, inc.ID, run); err != nil {
		t.Fatal(err)
	}
	stored, err := s.Get(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	xlsxStored := filepath.Join(dir, "stored.xlsx")
	if err := ExportExcel(xlsxStored, stored, ExcelOptions{Explainer: testExplainer}); err != nil {
		t.Fatal(err)
	}
	// an incident exported before it was ever saved is cleaned too
	xlsxFresh := filepath.Join(dir, "fresh.xlsx")
	if err := ExportExcel(xlsxFresh, inc, ExcelOptions{Explainer: testExplainer}); err != nil {
		t.Fatal(err)
	}
	for _, x := range []string{xlsxStored, xlsxFresh} {
		parts := filetest.ZipParts(t, x)
		if len(parts) < 8 {
			t.Fatalf("%s has only %d parts", x, len(parts))
		}
		for name, content := range parts {
			if where := leaks(content); where != "" {
				t.Errorf("%s: %s holds the card number: %s", filepath.Base(x), name, where)
			}
		}
	}

	// every table, every row, every column
	tables, checked := 0, 0
	rows, err := s.db.Query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	rows.Close()
	for _, table := range names {
		tables++
		rs, err := s.db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rs.Columns()
		for rs.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				var str string
				switch x := v.(type) {
				case string:
					str = x
				case []byte:
					str = string(x)
				default:
					continue
				}
				checked++
				if where := leaks(str); where != "" {
					t.Errorf("table %s column %s holds the card number: %s", table, cols[i], where)
				}
			}
		}
		rs.Close()
	}
	if tables < 7 || checked < 200 {
		t.Fatalf("looked at only %d tables, %d values", tables, checked)
	}
	var journalPANs int
	s.db.QueryRow(`SELECT COUNT(*) FROM journal WHERE pan LIKE '622202%7894'`).Scan(&journalPANs)
	if journalPANs == 0 {
		t.Error("journal holds no masked card numbers at all: the check looked at nothing")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// and the files themselves, WAL included if one is left
	files, _ := filepath.Glob(dbPath + "*")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range panForms() {
			if strings.Contains(string(b), p) {
				t.Errorf("%s holds %q", filepath.Base(f), p)
			}
		}
	}
	// reopen with a plain connection: what another tool would see
	db, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var notes string
	if err := db.QueryRow(`SELECT notes FROM incidents`).Scan(&notes); err != nil || !strings.Contains(notes, "6222 02** **** 7894") {
		t.Errorf("notes %q, %v: the masked number should remain", notes, err)
	}
}
