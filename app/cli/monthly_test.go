package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"posdoctor/internal/filetest"
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
	for lang, want := range map[string][]string{
		"en":    {"Monthly fault report", "Incidents: 2", "Backlog: 3", "all branches"},
		"zh":    {"月度故障报告", "故障次数：2", "积压：3", "全部网点", " 次）"}, // top codes: P1 打印机缺纸（2 次）
		"zh_TW": {"月度故障報告", "故障次數：2", "積壓：3", "全部分行", " 次）"},
	} {
		code, out, errs := runCLI(t, "--lang", lang, "report", "monthly", "--month", "2026-03", "--db", db)
		if code != ExitOK || strings.Contains(out, "{") {
			t.Errorf("summary --lang %s: exit %d\n%s%s", lang, code, out, errs)
		}
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("summary --lang %s: no %q in\n%s", lang, w, out)
			}
		}
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
	// a branch the store has never seen (a typo) gets its zero month and a warning naming the
	// branches there are; a known branch none
	code, out, errs := runCLI(t, "--lang", "zh", "report", "monthly", "--month", "2026-03", "--branch", "朝阳之行", "--db", db)
	if code != ExitOK || !strings.Contains(out, "故障次数：0") || !strings.HasPrefix(errs, "注意：记录库里没有网点“朝阳之行”") || !strings.Contains(errs, "朝阳支行") {
		t.Errorf("unknown branch: exit %d\n%s%s", code, out, errs)
	}
	if _, _, errs := runCLI(t, "report", "monthly", "--month", "2026-03", "--branch", " 朝阳支行", "--db", db); errs != "" {
		t.Errorf("a known branch warned: %q", errs)
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

// -o writes the month's workbook: into a folder under its usual name, with last month and
// the code book's titles; an existing file is kept without --force.
func TestReportMonthlyWorkbook(t *testing.T) {
	db, _ := seedIncidents(t)
	dir := t.TempDir()
	code, out, errs := runCLI(t, "report", "monthly", "--month", "2026-03", "--branch", "朝阳支行", "-o", dir, "--db", db)
	path := filepath.Join(dir, "monthly-朝阳支行-2026-03.xlsx")
	if code != ExitOK || !strings.Contains(out, path) {
		t.Fatalf("exit %d: %s%s", code, out, errs)
	}
	// read as a zip: only reports imports excelize (its own tests reopen the workbook)
	parts := filetest.ZipParts(t, path)
	if _, ok := parts["xl/worksheets/sheet7.xml"]; !ok || !strings.Contains(parts["xl/workbook.xml"], reports.SheetMonthIncidents) {
		t.Errorf("not the seven sheets: %q", parts["xl/workbook.xml"])
	}
	if _, ok := parts["xl/charts/chart1.xml"]; !ok {
		t.Error("no chart")
	}
	if !strings.Contains(parts["xl/sharedStrings.xml"], "MAC校验错") { // A0, from the code book
		t.Error("code A0 without the code book's title")
	}
	code, _, errs = runCLI(t, "report", "monthly", "--month", "2026-03", "--branch", "朝阳支行", "-o", path, "--db", db)
	if code != ExitFailed || !strings.Contains(errs, "--force") {
		t.Errorf("over an existing file: exit %d, %q", code, errs)
	}
	if code, _, errs := runCLI(t, "report", "monthly", "--month", "2026-03", "-o", path, "--force", "--db", db); code != ExitOK {
		t.Errorf("--force: exit %d, %s", code, errs)
	}
	if code, _, errs := runCLI(t, "report", "monthly", "--month", "2026-03", "-o", filepath.Join(dir, "x.csv"), "--db", db); code != ExitFailed || !strings.Contains(errs, ".xlsx") {
		t.Errorf("a .csv name: exit %d, %q", code, errs)
	}
}

// report monthly without --month says the month is needed, with an example (a user trial got
// `--month ""：月份请写成 YYYY-MM`, as if a month had been typed wrong).
func TestReportMonthlyNeedsMonth(t *testing.T) {
	db, _ := seedIncidents(t)
	example := "--month " + lastMonth(time.Now())
	for lang, want := range map[string]string{
		"zh":    "请用 --month 指定哪个月，例如上个月：" + example,
		"zh_TW": "請用 --month 指定哪個月，例如上個月：" + example,
		"en":    "say which month with --month YYYY-MM, e.g. last month: " + example,
	} {
		code, _, errs := runCLI(t, "--lang", lang, "report", "monthly", "--db", db)
		if code != ExitFailed || !strings.Contains(errs, want) || strings.Contains(errs, `""`) {
			t.Errorf("%s: exit %d, %q, want %q", lang, code, errs, want)
		}
	}
	for now, want := range map[string]string{"2026-03-31": "2026-02", "2026-01-15": "2025-12", "2026-12-01": "2026-11"} {
		d, _ := time.Parse("2006-01-02", now)
		if got := lastMonth(d); got != want {
			t.Errorf("lastMonth(%s) = %s, want %s", now, got, want)
		}
	}
}
