package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/internal/filetest"
	"posdoctor/locale"
	"posdoctor/reports"
)

// seedIncidents records three visits in a new store and returns its path and the incidents.
func seedIncidents(t *testing.T) (string, []*reports.Incident) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "incidents.db")
	mk := func(opened time.Time, tid, merchant, branch string, cat reports.Category, codes ...string) *reports.Incident {
		inc := reports.NewIncident(opened)
		inc.TID, inc.Merchant, inc.Branch, inc.Category = tid, merchant, branch, cat
		for _, c := range codes {
			inc.Codes = append(inc.Codes, reports.CodeSeen{Code: c})
		}
		inc.Journal = []diagnostics.Transaction{
			{Time: opened, Type: "SALE", Amount: 8800, PAN: "6222021234567894", RC: "00", Flags: "U", Flagged: []string{diagnostics.CodeUnconfirmedRev}},
			{Time: opened, Type: "SALE", Amount: 100, PAN: "622202******7894", RC: "00", Flags: "P"},
		}
		return inc
	}
	loc := time.Local
	incs := []*reports.Incident{
		mk(time.Date(2026, 2, 20, 9, 0, 0, 0, loc), "T0000001", "好运来便利店", "朝阳支行", reports.CategoryPrinter, "P1"),
		mk(time.Date(2026, 3, 2, 9, 0, 0, 0, loc), "T0000002", "Lucky Mart", "海淀支行", reports.CategoryCommunication, "H1", "03"),
		mk(time.Date(2026, 3, 9, 9, 0, 0, 0, loc), "T0000001", "好运来便利店", "朝阳支行", reports.CategoryKeysSignOn, "A0"),
	}
	saveIncidents(t, path, incs...)
	return path, incs
}

// saveIncidents records incs in the store at path (made when there is none) and closes it.
func saveIncidents(t *testing.T, path string, incs ...*reports.Incident) {
	t.Helper()
	s, err := reports.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, inc := range incs {
		if err := s.Save(context.Background(), inc); err != nil {
			t.Fatal(err)
		}
	}
}

// runCLI runs posdoctor with args as the command line does and returns the exit code,
// stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	return runWith(t, Run, args...)
}

// runWith runs one entry point with args and returns the exit code, stdout and stderr.
func runWith(t *testing.T, run func(context.Context, []string, io.Writer, io.Writer) int, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// jsonObject is out, a JSON object, decoded; t stops when it is none.
func jsonObject(t *testing.T, out string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return m
}

// hasKeys fails t for each of keys the JSON object m, which is what, does not have.
func hasKeys(t *testing.T, what string, m map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("%s lacks %q: %v", what, k, m)
		}
	}
}

func TestIncidentsJSON(t *testing.T) {
	db, incs := seedIncidents(t)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"all", nil, []string{incs[2].ID, incs[1].ID, incs[0].ID}},
		{"month", []string{"--month", "2026-03"}, []string{incs[2].ID, incs[1].ID}},
		{"terminal", []string{"--tid", "T0000001"}, []string{incs[2].ID, incs[0].ID}},
		{"branch", []string{"--branch", "海淀支行"}, []string{incs[1].ID}},
		{"code", []string{"--code", "03"}, []string{incs[1].ID}},
		{"category", []string{"--category", "printer"}, []string{incs[0].ID}},
		// as the list shows it, in any language or width
		{"category label zh", []string{"--category", "打印机"}, []string{incs[0].ID}},
		{"category label zh_TW", []string{"--category", "印表機"}, []string{incs[0].ID}},
		{"category label en", []string{"--category", " Printer "}, []string{incs[0].ID}},
		{"category full-width", []string{"--category", "ｐｒｉｎｔｅｒ"}, []string{incs[0].ID}},
		{"category spaced", []string{"--category", "Host merchant setup"}, []string{}},
		{"none", []string{"--month", "2025-01"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"incidents", "--json", "--db", db}, tt.args...)
			code, out, errs := runCLI(t, args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var list []map[string]any
			if err := json.Unmarshal([]byte(out), &list); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			var ids []string
			for _, m := range list {
				ids = append(ids, m["id"].(string))
			}
			if ids == nil {
				ids = []string{}
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("ids %v, want %v", ids, tt.want)
			}
		})
	}
	// the documented shape
	_, out, _ := runCLI(t, "incidents", "--json", "--db", db, "--code", "03")
	var list []map[string]any
	json.Unmarshal([]byte(out), &list)
	m := list[0]
	hasKeys(t, "JSON", m, "id", "opened", "closed", "updated", "technician", "branch", "site", "merchant", "mid", "tid",
		"model", "serial", "symptom", "category", "resolution", "codes", "runs", "verdict", "transactions", "flagged")
	if m["category"] != "communication" || m["resolution"] != "open" || m["closed"] != nil || m["transactions"] != 2.0 || m["flagged"] != 1.0 {
		t.Errorf("summary %v", m)
	}
	if strings.Contains(out, "6222021234567894") {
		t.Error("a card number in the JSON")
	}
}

func TestIncidentsTable(t *testing.T) {
	db, incs := seedIncidents(t)
	code, out, errs := runCLI(t, "--lang", "zh", "incidents", "--db", db, "--month", "2026-03")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 5 || !strings.HasPrefix(lines[0], "ID") {
		t.Fatalf("output:\n%s", out)
	}
	if !strings.HasPrefix(lines[1], incs[2].ID[:8]) || !strings.Contains(lines[1], "好运来便利店") || !strings.Contains(lines[1], "密钥与签到") {
		t.Errorf("first line %q", lines[1])
	}
	// columns line up by display width: "Codes" starts at the same column on every line
	col := func(line, s string) int { return locale.Width(line[:strings.Index(line, s)]) }
	if h, r1, r2 := col(lines[0], "代码"), col(lines[1], "A0"), col(lines[2], "03,H1"); h != r1 || h != r2 {
		t.Errorf("codes column at %d, %d, %d:\n%s", h, r1, r2, out)
	}
	if !strings.Contains(lines[4], "2 条") {
		t.Errorf("count line %q", lines[4])
	}
	code, out, _ = runCLI(t, "--lang", "zh", "incidents", "--db", db, "--tid", "nope")
	if code != ExitOK || !strings.Contains(out, "没有记录（终端号 nope）") {
		t.Errorf("empty list: exit %d, %q", code, out)
	}
	code, out, _ = runCLI(t, "--lang", "zh_TW", "incidents", "--db", db, "--month", "2026-03")
	if code != ExitOK || !strings.Contains(out, "到場時間") || !strings.Contains(out, "2 筆記錄") {
		t.Errorf("zh_TW: exit %d, %q", code, out)
	}
	code, out, _ = runCLI(t, "--lang", "en", "incidents", "--db", db, "--month", "2026-03")
	if code != ExitOK || !strings.Contains(out, "Opened") || !strings.Contains(out, "2 incidents for month 2026-03") || strings.Contains(out, "到场") {
		t.Errorf("en: exit %d, %q", code, out)
	}
	code, out, _ = runCLI(t, "--lang", "en", "incidents", "--db", db, "--tid", "nope")
	if code != ExitOK || !strings.Contains(out, "No incidents") {
		t.Errorf("empty list: exit %d, %q", code, out)
	}
}

func TestIncidentsBadArguments(t *testing.T) {
	db, _ := seedIncidents(t)
	for _, args := range [][]string{
		{"incidents", "--db", db, "--month", "March"},
		{"incidents", "--db", db, "--category", "printers"},
		{"incidents", "--db", db, "extra"},
		{"incidents", "--nope"},
		{"incidents", "--db", filepath.Join(db, "not-a-dir", "x.db")},
	} {
		if code, _, errs := runCLI(t, args...); code != ExitFailed || errs == "" {
			t.Errorf("%q: exit %d, stderr %q", args, code, errs)
		}
	}
	// an unknown category is refused with the choices as the language says them
	_, _, errs := runCLI(t, "--lang", "zh_TW", "incidents", "--db", db, "--category", "打印")
	if !strings.Contains(errs, "printer（印表機）") || !strings.Contains(errs, "keypad（鍵盤）") {
		t.Errorf("the refusal does not list the categories in Traditional: %q", errs)
	}
}

func xlsxSheets(t *testing.T, path string) (string, string) {
	t.Helper()
	parts := filetest.ZipParts(t, path)
	return parts["xl/workbook.xml"], parts["xl/sharedStrings.xml"]
}

func TestReportIncident(t *testing.T) {
	db, incs := seedIncidents(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "r.xlsx")
	code, stdout, errs := runCLI(t, "report", "incident", incs[1].ID[:8], "-o", out, "--db", db)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(stdout, out) || !strings.Contains(stdout, "2 transactions (1 flagged)") {
		t.Errorf("stdout %q", stdout)
	}
	wb, shared := xlsxSheets(t, out)
	for _, sh := range []string{reports.SheetSummary, reports.SheetTransactions, reports.SheetFindings} {
		if !strings.Contains(wb, sh) {
			t.Errorf("workbook lacks sheet %s", sh)
		}
	}
	if !strings.Contains(shared, "Lucky Mart") {
		t.Error("merchant not in the workbook")
	}
	// the code book explains 03 when it loads
	if _, err := codebook.Default(); err == nil {
		if !strings.Contains(shared, "Invalid merchant") && !strings.Contains(shared, "无效商户") {
			t.Error("code 03 written without the code book's title")
		}
	}
	// kept unless --force; flags before the positionals work too
	before, _ := os.ReadFile(out)
	code, _, errs = runCLI(t, "report", "--db", db, "incident", incs[0].ID, "-o", out)
	if code != ExitFailed || !strings.Contains(errs, "--force") {
		t.Errorf("over an existing file: exit %d, %q", code, errs)
	}
	if after, _ := os.ReadFile(out); !bytes.Equal(before, after) {
		t.Error("existing report changed without --force")
	}
	if code, _, errs = runCLI(t, "report", "incident", incs[0].ID, "-o", out, "--force", "--db", db); code != ExitOK {
		t.Errorf("--force: exit %d, %s", code, errs)
	}
	if _, shared := xlsxSheets(t, out); !strings.Contains(shared, "好运来便利店") {
		t.Error("--force did not replace the report")
	}
	// default name from TID, date and id
	wd, _ := os.Getwd()
	t.Cleanup(func() { os.Chdir(wd) })
	os.Chdir(dir)
	if code, stdout, errs = runCLI(t, "report", "incident", incs[2].ID, "--db", db); code != ExitOK {
		t.Fatalf("default name: exit %d, %s", code, errs)
	}
	want := "incident-T0000001-20260309-" + incs[2].ID[:8] + ".xlsx"
	if _, err := os.Stat(filepath.Join(dir, want)); err != nil {
		t.Errorf("default file %s: %v (stdout %q)", want, err, stdout)
	}
}

func TestReportBadArguments(t *testing.T) {
	db, incs := seedIncidents(t)
	out := filepath.Join(t.TempDir(), "x.xlsx")
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"report"}, "usage"},
		{[]string{"report", "incidents", incs[0].ID, "--db", db}, "usage"},
		{[]string{"report", "incident", "ffffffff", "-o", out, "--db", db}, "posdoctor incidents"},
		{[]string{"report", "incident", "x", "-o", out, "--db", db}, "no such incident"},
		{[]string{"report", "incident", incs[0].ID, "-o", filepath.Join(out, "sub", "x.xlsx"), "--db", db}, "posdoctor report"},
	}
	for _, tt := range tests {
		code, _, errs := runCLI(t, tt.args...)
		if code != ExitFailed || !strings.Contains(errs, tt.msg) {
			t.Errorf("%q: exit %d, stderr %q", tt.args, code, errs)
		}
	}
}

func TestParseInterspersed(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	o := fs.String("o", "", "")
	force := fs.Bool("force", false, "")
	pos, err := parseInterspersed(fs, []string{"incident", "-o", "a.xlsx", "ID", "--force", "--", "-weird"})
	if err != nil || *o != "a.xlsx" || !*force || !slices.Equal(pos, []string{"incident", "ID", "-weird"}) {
		t.Errorf("pos %q o %q force %v err %v", pos, *o, *force, err)
	}
}

// TestIncidentsCodeAsLookupReadsIt: --code reads a code as lookup and the Incident screen's
// code picker do (a user trial: p1, ａ０, 3, 无效商户 and failed-txns listed nothing while P1
// found visits); a code neither the book nor the store knows is refused as unknown, not
// answered with "no records".
func TestIncidentsCodeAsLookupReadsIt(t *testing.T) {
	db, incs := seedIncidents(t)
	typed := reports.NewIncident(time.Date(2026, 3, 20, 9, 0, 0, 0, time.Local))
	typed.TID, typed.Category = "T0000009", reports.CategoryOther
	typed.Codes = []reports.CodeSeen{{Code: "ZZ9"}, {Code: diagnostics.CodeFailedTxns}}
	saveIncidents(t, db, typed)
	for _, c := range []struct {
		code string
		want []string
	}{
		{"P1", []string{incs[0].ID}},
		{"p1", []string{incs[0].ID}},
		{"ａ０", []string{incs[2].ID}},
		{"3", []string{incs[1].ID}},
		{"无效商户", []string{incs[1].ID}}, // the prompt stands for 03
		{"無效商戶", []string{incs[1].ID}},
		{"failed-txns", []string{typed.ID}},
		{"zz9", []string{typed.ID}}, // not in the book, but in the store
	} {
		code, out, errs := runCLI(t, "incidents", "--db", db, "--json", "--code", c.code)
		if code != ExitOK {
			t.Errorf("--code %s: exit %d %s", c.code, code, errs)
			continue
		}
		var got []reports.Summary
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("--code %s: %v: %s", c.code, err, out)
		}
		var ids []string
		for _, m := range got {
			ids = append(ids, m.ID)
		}
		if !slices.Equal(ids, c.want) {
			t.Errorf("--code %s lists %q, want %q", c.code, ids, c.want)
		}
	}
	code, out, _ := runCLI(t, "--lang", "zh", "incidents", "--db", db, "--code", "无效商户")
	if code != ExitOK || !strings.Contains(out, "代码 无效商户 或 03") {
		t.Errorf("the filter line does not say what 无效商户 stands for: %d %q", code, out)
	}
	code, out, _ = runCLI(t, "--lang", "zh", "incidents", "--db", db, "--code", "P2")
	if code != ExitOK || !strings.Contains(out, "没有记录（代码 P2）") {
		t.Errorf("a code of the book no visit has: %d %q", code, out)
	}
	for _, l := range []string{"zh", "zh_TW", "en"} {
		code, out, errs := runCLI(t, "--lang", l, "incidents", "--db", db, "--code", "qq7")
		if code != ExitFailed || out != "" || !strings.Contains(errs, "qq7") || !strings.Contains(errs, "lookup") ||
			strings.Contains(errs, "没有记录") || strings.Contains(errs, "No incidents") {
			t.Errorf("%s: an unknown code: exit %d, stdout %q, stderr %q", l, code, out, errs)
		}
	}
	_, _, errs := runCLI(t, "--lang", "zh", "incidents", "--db", db, "--code", "打印")
	if !strings.Contains(errs, "相近的有") || !strings.Contains(errs, "打印机缺纸") {
		t.Errorf("an unknown code does not offer the book's close entries: %q", errs)
	}
}

// TestIncidentsNoStore: with no store in the data folder the list is empty, exit 0; a --db file
// that does not exist is refused, exit 2; neither creates anything; and docs/cli.md says both
// (it said "with no store yet, incidents prints an empty list, [] with --json" while --db
// /tmp/none.db --json exits 2, as its own Language example shows).
func TestIncidentsNoStore(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	if code, out, errs := runCLI(t, "incidents", "--json"); code != ExitOK || strings.TrimSpace(out) != "[]" || errs != "" {
		t.Errorf("no store in the data folder: exit %d, %q, %q", code, out, errs)
	}
	none := filepath.Join(dir, "none.db")
	for _, args := range [][]string{
		{"incidents", "--db", none, "--json"},
		{"--lang", "zh", "incidents", "--db", none},
		{"report", "monthly", "--month", "2026-03", "--db", none, "--json"},
	} {
		code, out, errs := runCLI(t, args...)
		if code != ExitFailed || out != "" || !strings.Contains(errs, none) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("reading created %v", entries)
	}
	doc, err := os.ReadFile("../../docs/cli.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(doc)), " ")
	for _, want := range []string{
		"With no store yet in the data folder (nothing recorded on this laptop), `incidents` prints an empty list (`[]` with `--json`)",
		"A file named with `--db` that does not exist is refused, exit 2 and nothing created",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("docs/cli.md does not say: %s", want)
		}
	}
	if strings.Contains(text, "with no store yet, `incidents` prints an empty list") {
		t.Error("docs/cli.md still says any missing store lists empty")
	}
}

// TestIncidentsCodesFaultsFirst: the codes column shows the faults first — the codes seen on
// site, the money (an unconfirmed reversal, a duplicate charge), the other critical codes,
// the warnings — and the notes last, cut at whole codes with the number left out (a user
// trial: notes came first and the cut hid P2 behind REVERSAL-PENDING,FAILED-TXN... and P1
// behind DUPLICATE-CHARGE,REVERSAL-P...).
func TestIncidentsCodesFaultsFirst(t *testing.T) {
	db := filepath.Join(t.TempDir(), "incidents.db")
	opened := time.Date(2026, 3, 5, 9, 0, 0, 0, time.Local)
	finding := func(code string, sev diagnostics.Severity) diagnostics.Finding {
		return diagnostics.Finding{Code: code, Severity: sev}
	}
	visit := func(tid string, seen []string, printer ...diagnostics.Finding) *reports.Incident {
		inc := reports.NewIncident(opened)
		inc.TID, inc.Category = tid, reports.CategoryTransactionDispute
		for _, c := range seen {
			inc.Codes = append(inc.Codes, reports.CodeSeen{Code: c})
		}
		journal := []diagnostics.Finding{
			finding(diagnostics.CodeFailedTxns, diagnostics.SeverityInfo),
			finding(diagnostics.CodeRepeatedEvents, diagnostics.SeverityInfo),
			finding(diagnostics.CodeUnconfirmedRev, diagnostics.SeverityCritical),
		}
		if tid == "T0000002" {
			journal = append(journal, finding(diagnostics.CodeDuplicateCharge, diagnostics.SeverityWarning))
		}
		err := inc.AddRun(diagnostics.Report{Terminal: map[string]string{"tid": tid}, Started: opened, Finished: opened,
			Steps: []diagnostics.StepResult{
				{ID: diagnostics.StepPrinter, Status: diagnostics.StatusFail, Findings: printer},
				{ID: diagnostics.StepJournal, Status: diagnostics.StatusFail, Findings: journal},
			}})
		if err != nil {
			t.Fatal(err)
		}
		return inc
	}
	a := visit("T0000001", nil, finding("P2", diagnostics.SeverityCritical))
	b := visit("T0000002", nil, finding("P1", diagnostics.SeverityCritical))
	c := visit("T0000003", []string{"无效商户"}, finding(diagnostics.CodePaperLow, diagnostics.SeverityWarning), finding("P3", diagnostics.SeverityCritical))
	saveIncidents(t, db, a, b, c)
	code, out, errs := runCLI(t, "--lang", "zh", "incidents", "--db", db)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for id, want := range map[string]string{
		a.ID: "REVERSAL-PENDING,P2,FAILED-TXNS +1",
		b.ID: "REVERSAL-PENDING,DUPLICATE-CHARGE,P1 +2",
		c.ID: "无效商户,REVERSAL-PENDING,P3 +3",
	} {
		line := ""
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, id[:8]) {
				line = l
			}
		}
		if !strings.HasSuffix(line, "  "+want) { // the last column: no merchant

			t.Errorf("codes of %s: want %q in\n%s", id[:8], want, line)
		}
	}
	// whole codes only, and never wider than the column
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "...") || strings.Contains(l, "-P ") || strings.Contains(l, "TXN ") {
			t.Errorf("a code cut in two: %q", l)
		}
	}
	got := faultsFirst([]reports.CodeWeight{
		{Code: diagnostics.CodeFailedTxns, Found: true}, {Code: "H1", Found: true}, {Code: "P3", Found: true, Severity: diagnostics.SeverityCritical},
		{Code: diagnostics.CodePaperLow, Found: true, Severity: diagnostics.SeverityWarning}, {Code: "ZZ9", Seen: true},
	})
	if want := []string{"ZZ9", "P3", diagnostics.CodePaperLow, "H1", diagnostics.CodeFailedTxns}; !slices.Equal(got, want) {
		t.Errorf("faultsFirst = %q, want %q", got, want)
	}
	if got := codesCell([]string{"打印机缺纸很长很长很长很长很长很长很长很长", "P1"}, 20); locale.Width(got) > 20 || !strings.HasSuffix(got, "… +1") {
		t.Errorf("a code wider than the column: %q (width %d)", got, locale.Width(got))
	}
}
