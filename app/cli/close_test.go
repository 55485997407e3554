package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"posdoctor/reports"
)

// TestCloseAVisit: a technician with only the command line ends a visit as the Incident screen
// does — resolution (by name or its Chinese label), time (full-width digits too), actions, the
// escalation reason, a note, when the merchant reported it — and the month then counts its
// repair and restore hours; times out of order are refused and nothing is saved.
func TestCloseAVisit(t *testing.T) {
	db, incs := seedIncidents(t)
	id := incs[1].ID // opened 2026-03-02 09:00 local
	code, out, errs := runCLI(t, "--lang", "zh", "close", id[:6], "--resolution", "现场已修复", "--at", "２０２６-03-02 11:30",
		"--reported", "2026-03-02 08:00", "--action", "更换电话线", "--action", "重新签到", "--note", "商户确认可以交易", "--db", db)
	if code != ExitOK || !strings.Contains(out, "已结案 "+id[:8]) || !strings.Contains(out, "现场已修复") || !strings.Contains(out, "2.5 小时") {
		t.Fatalf("close: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = runCLI(t, "incidents", "--json", "--db", db)
	var list []map[string]any
	if code != ExitOK || json.Unmarshal([]byte(out), &list) != nil {
		t.Fatalf("incidents --json: exit %d\n%s%s", code, out, errs)
	}
	var got map[string]any
	for _, v := range list {
		if v["id"] == id {
			got = v
		}
	}
	if got == nil || got["resolution"] != "fixed-on-site" || got["closed"] == nil || got["closed"] == "" {
		t.Errorf("the visit as listed: %v", got)
	}
	s, err := reports.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	inc, err := s.Get(t.Context(), id)
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(inc.Actions) != 2 || inc.Actions[1].What != "重新签到" || !strings.Contains(inc.Notes, "商户确认可以交易") ||
		inc.Reported.IsZero() || inc.Closed.Sub(inc.Opened).Hours() != 2.5 || inc.Closed.Sub(inc.Reported).Hours() != 3.5 {
		t.Errorf("saved: actions %v, notes %q, reported %v, opened %v, closed %v", inc.Actions, inc.Notes, inc.Reported, inc.Opened, inc.Closed)
	}
	code, out, _ = runCLI(t, "report", "monthly", "--month", "2026-03", "--json", "--db", db)
	if code != ExitOK || !strings.Contains(out, `"repair_hours": {`) || !strings.Contains(out, `"n": 1`) {
		t.Errorf("the month does not count the closed visit:\n%s", out)
	}

	// refused, and nothing changed
	for _, args := range [][]string{
		{"close", id[:6], "--resolution", "swapped", "--at", "2026-03-01 10:00"},                                   // before opened
		{"close", id[:6], "--resolution", "swapped", "--at", "2026-03-02 12:00", "--reported", "2026-03-03 08:00"}, // before reported
		{"close", id[:6], "--resolution", "done"},
		{"close", id[:6], "--resolution", "swapped", "--at", "yesterday"},
		{"close", "--resolution", "swapped"},
		{"close", "ffffffff", "--resolution", "swapped"},
	} {
		code, out, errs := runCLI(t, append(args, "--db", db)...)
		if code != ExitFailed || out != "" || errs == "" {
			t.Errorf("%v: exit %d, want a refusal\n%s%s", args, code, out, errs)
		}
	}
	if _, _, errs := runCLI(t, "--lang", "zh", "close", id[:6], "--resolution", "done", "--db", db); !strings.Contains(errs, "fixed-on-site（现场已修复）") {
		t.Errorf("an unknown resolution does not list the choices: %s", errs)
	}

	// escalated with no reason is saved, with a warning; open reopens
	code, _, errs = runCLI(t, "--lang", "zh", "close", incs[0].ID[:6], "--resolution", "escalated", "--db", db)
	if code != ExitOK || !strings.Contains(errs, "--reason") {
		t.Errorf("escalated without a reason: exit %d, %s", code, errs)
	}
	code, out, _ = runCLI(t, "close", incs[0].ID[:6], "--resolution", "open", "--db", db)
	if code != ExitOK || !strings.Contains(out, "reopened") {
		t.Errorf("reopen: exit %d %s", code, out)
	}
	code, out, _ = runCLI(t, "incidents", "--open", "--json", "--db", db)
	if code != ExitOK || !strings.Contains(out, incs[0].ID) || strings.Contains(out, id) {
		t.Errorf("open visits after reopening one and closing another:\n%s", out)
	}

	// a mistyped --db is refused, and nothing is created there
	typo := filepath.Join(t.TempDir(), "typo", "x.db")
	if code, _, errs := runCLI(t, "close", id[:6], "--resolution", "swapped", "--db", typo); code != ExitFailed || errs == "" {
		t.Errorf("close on a store that does not exist: exit %d %s", code, errs)
	}
	if _, err := os.Stat(filepath.Dir(typo)); !os.IsNotExist(err) {
		t.Errorf("close created %s: %v", filepath.Dir(typo), err)
	}
	// --at may name the very minute the visit was opened (at 10:20:37)
	late := reports.NewIncident(time.Date(2026, 3, 20, 10, 20, 37, 0, time.Local))
	late.TID = "T0000009"
	saveIncidents(t, db, late)
	if code, out, errs := runCLI(t, "close", late.ID[:8], "--resolution", "fixed-on-site", "--at", "2026-03-20 10:20", "--db", db); code != ExitOK {
		t.Errorf("closing in the minute it was opened: exit %d %s%s", code, out, errs)
	}
}
