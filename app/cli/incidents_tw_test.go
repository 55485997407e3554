package cli

import (
	"strings"
	"testing"
	"time"

	"posdoctor/diagnostics/codebook"
	"posdoctor/reports"
)

// TestIncidentsTraditional: under zh_TW the category and outcome columns are Traditional in
// Taiwan's words (印表機, 現場已修復), from reports' own labels: leaving out what the user typed
// (merchants, branches), nothing is left that the book's converter would change.
func TestIncidentsTraditional(t *testing.T) {
	db, _ := seedIncidents(t)
	inc := reports.NewIncident(time.Date(2026, 3, 12, 9, 0, 0, 0, time.Local))
	inc.TID, inc.Category, inc.Resolution, inc.Closed = "T0000003", reports.CategoryCardReading, reports.ResolutionFixedOnSite, inc.Opened.Add(time.Hour)
	saveIncidents(t, db, inc)
	code, out, errs := runCLI(t, "--lang", "zh_TW", "incidents", "--db", db)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"印表機", "通訊", "金鑰與簽到", "讀卡", "現場已修復", "未結案"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	typed := strings.NewReplacer("好运来便利店", "", "朝阳支行", "", "海淀支行", "").Replace(out)
	if tw := codebook.ToTraditional(typed); tw != typed {
		t.Errorf("Simplified left:\n%s", firstDiff(typed, tw))
	}
}
