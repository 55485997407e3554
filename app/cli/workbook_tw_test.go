package cli

import (
	"html"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"posdoctor/diagnostics/codebook"
	"posdoctor/internal/filetest"
	"posdoctor/reports"
)

var (
	xmlText      = regexp.MustCompile(`<t(?:\s[^>]*)?>([^<]*)</t>`)
	xmlSheetName = regexp.MustCompile(`<sheet [^>]*name="([^"]*)"`)
)

// workbookText is the sheet names of the workbook at path and every text its sheets hold
// (shared and inline strings), read as a zip: only reports imports excelize.
func workbookText(t *testing.T, path string) (sheets, texts []string) {
	t.Helper()
	for name, b := range filetest.ZipParts(t, path) {
		if name == "xl/workbook.xml" {
			for _, m := range xmlSheetName.FindAllStringSubmatch(b, -1) {
				sheets = append(sheets, html.UnescapeString(m[1]))
			}
		}
		if name == "xl/sharedStrings.xml" || strings.HasPrefix(name, "xl/worksheets/sheet") {
			for _, m := range xmlText.FindAllStringSubmatch(b, -1) {
				texts = append(texts, html.UnescapeString(m[1]))
			}
		}
	}
	return sheets, texts
}

// TestWorkbooksFollowLanguage: under --lang zh_TW the incident, monthly and trainer's
// workbooks are written in Traditional Chinese (sheet names and every text of their own), the
// merchant and branch as typed and the masked card number as they were; under --lang zh the
// incident workbook stays Simplified.
func TestWorkbooksFollowLanguage(t *testing.T) {
	db, incs := seedIncidents(t)
	dir := t.TempDir()
	traditional := func(t *testing.T, path string, wantSheet string, want ...string) {
		t.Helper()
		sheets, texts := workbookText(t, path)
		if !strings.Contains(strings.Join(sheets, "\n"), wantSheet) {
			t.Errorf("%s: sheets %q, want %q among them", filepath.Base(path), sheets, wantSheet)
		}
		for _, s := range append(sheets, texts...) {
			// what was typed is written as stored: the seeded merchant and branch
			s = strings.NewReplacer("好运来便利店", "", "朝阳支行", "").Replace(s)
			if tw := codebook.ToTraditional(s); tw != s {
				t.Errorf("%s: Simplified left in %q (Traditional %q)", filepath.Base(path), s, tw)
			}
		}
		all := strings.Join(texts, "\n")
		for _, w := range want {
			if !strings.Contains(all, w) {
				t.Errorf("%s lacks %q", filepath.Base(path), w)
			}
		}
	}

	tw := filepath.Join(dir, "tw.xlsx")
	if code, _, errs := runCLI(t, "--lang", "zh_TW", "report", "incident", incs[0].ID, "-o", tw, "--db", db); code != ExitOK {
		t.Fatalf("zh_TW report incident: exit %d, %s", code, errs)
	}
	traditional(t, tw, "檢查項 Checklist", "好运来便利店", "朝阳支行", "622202******7894", "終端號\nTID", "T0000001")

	zh := filepath.Join(dir, "zh.xlsx")
	if code, _, errs := runCLI(t, "--lang", "zh", "report", "incident", incs[0].ID, "-o", zh, "--db", db); code != ExitOK {
		t.Fatalf("zh report incident: exit %d, %s", code, errs)
	}
	sheets, texts := workbookText(t, zh)
	all := strings.Join(texts, "\n")
	if !strings.Contains(strings.Join(sheets, "\n"), reports.SheetChecklist) || !strings.Contains(all, "好运来便利店") ||
		!strings.Contains(all, "终端号\nTID") || strings.Contains(all, "終端號") {
		t.Errorf("--lang zh: not the Simplified workbook: sheets %q", sheets)
	}

	month := filepath.Join(dir, "month.xlsx")
	if code, _, errs := runCLI(t, "--lang", "zh_TW", "report", "monthly", "--month", "2026-03", "-o", month, "--db", db); code != ExitOK {
		t.Fatalf("zh_TW report monthly: exit %d, %s", code, errs)
	}
	traditional(t, month, "趨勢 Trend", "全部分行")

	drills := filepath.Join(dir, "drills.xlsx")
	if code, _, errs := runCLI(t, "--lang", "zh_TW", "drill", "report", "-o", drills, "--db", db); code != ExitOK {
		t.Fatalf("zh_TW drill report: exit %d, %s", code, errs)
	}
	traditional(t, drills, "名冊 Roster", "評分規則")
}
