package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"posdoctor/reports"
)

func TestReportMonthlyJSON(t *testing.T) {
	db, _ := seedIncidents(t)
	tests := []struct {
		name                string
		args                []string
		branch              string
		incidents, backlogs int
		badActors           []string
	}{
		{"every branch", []string{"report", "monthly", "--month", "2026-03", "--json", "--db", db}, "", 2, 3, []string{"T0000001"}},
		{"flags before the word", []string{"report", "--db", db, "--month", "2026-03", "--branch", "朝阳支行", "--json", "monthly"}, "朝阳支行", 1, 2, []string{"T0000001"}},
		{"other branch", []string{"report", "monthly", "--branch=海淀支行", "--month=2026-03", "--json", "--db", db}, "海淀支行", 1, 1, nil},
		{"february", []string{"report", "monthly", "--month", "2026-02", "--json", "--db", db}, "", 1, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, tt.args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var r reports.MonthReport
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			var bad []string
			for _, b := range r.BadActors {
				bad = append(bad, b.TID)
			}
			if r.Branch != tt.branch || r.Incidents != tt.incidents || r.Backlog != tt.backlogs || strings.Join(bad, ",") != strings.Join(tt.badActors, ",") {
				t.Errorf("branch %q incidents %d backlog %d bad actors %v, want %q %d %d %v",
					r.Branch, r.Incidents, r.Backlog, bad, tt.branch, tt.incidents, tt.backlogs, tt.badActors)
			}
		})
	}
}

// The Pareto carries the code book's titles; the CLI fills them, reports does not know the book.
func TestReportMonthlyCodeTitles(t *testing.T) {
	db, _ := seedIncidents(t)
	_, out, _ := runCLI(t, "report", "monthly", "--month", "2026-03", "--json", "--db", db)
	var r reports.MonthReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	for _, c := range r.Codes {
		if c.Code == "03" && (c.TitleZH == "" || c.TitleEN == "") {
			t.Errorf("code 03 without its titles: %+v", c)
		}
	}
	if len(r.Codes) != 3 { // 03, A0, H1
		t.Errorf("codes %+v, want 03, A0, H1", r.Codes)
	}
}

func TestReportMonthlySummaryAndErrors(t *testing.T) {
	db, _ := seedIncidents(t)
	code, out, errs := runCLI(t, "report", "monthly", "--month", "2026-03", "--db", db)
	if code != ExitOK || !strings.Contains(out, "Incidents: 2") || !strings.Contains(out, "Backlog: 3") || strings.Contains(out, "{") {
		t.Errorf("summary: exit %d\n%s%s", code, out, errs)
	}
	for _, args := range [][]string{
		{"report", "monthly", "--db", db},                      // no month
		{"report", "monthly", "--month", "2026-3", "--db", db}, // not YYYY-MM
		{"report", "monthly", "extra", "--month", "2026-03", "--db", db},
		{"report", "monthly", "--month", "2026-03", "--db", db + ".missing"},
	} {
		if code, _, errs := runCLI(t, args...); code != ExitFailed || errs == "" {
			t.Errorf("%q: exit %d, stderr %q; want %d and a message", args, code, errs, ExitFailed)
		}
	}
}

func TestReportKind(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"monthly", "--month", "2026-03"}, "monthly"},
		{[]string{"--month", "2026-03", "monthly"}, "monthly"},
		{[]string{"--db", "monthly", "incident", "abcd"}, "incident"}, // a store named monthly
		{[]string{"-o=x.xlsx", "incident", "abcd"}, "incident"},
		{[]string{"--json", "--", "monthly"}, "monthly"},
		{[]string{"--force"}, ""},
	} {
		if got := reportKind(tt.args); got != tt.want {
			t.Errorf("reportKind(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}
