package reports

import (
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"posdoctor/diagnostics"
	"posdoctor/locale"
)

// TestWorkbookFindingsBilingualDurationsRounded: a finding's message is rendered from its
// template in Chinese beside the English ("中文 / English", like the headers), in the
// Checklist and Findings sheets, and a step's duration is stored to two decimals.
func TestWorkbookFindingsBilingualDurationsRounded(t *testing.T) {
	now := time.Date(2026, 3, 5, 10, 30, 0, 0, cst)
	inc := testIncident(now, 5)
	const key = "link lost: {{.Err}}" // a registered template with a shipped translation
	en, err := diagnostics.RenderMessage(key, map[string]any{"Err": "EOT"})
	if err != nil {
		t.Fatal(err)
	}
	s := &inc.Runs[0].Steps[0]
	s.Duration, s.DurationMS = 1257212825*time.Nanosecond, 1257
	s.Findings = []diagnostics.Finding{{Code: diagnostics.CodeLinkLost, Severity: diagnostics.SeverityWarning,
		Who: diagnostics.WhoTechnician, Message: en, MessageKey: key, MessageArgs: map[string]any{"Err": "EOT"},
		Actions: []string{"Reseat the cable."}}}
	_, f := writeTestWorkbook(t, inc)

	zh := testExplainer.RenderMessage(locale.ZH, key, map[string]any{"Err": "EOT"}, en)
	if zh == en || !strings.HasSuffix(zh, "EOT") {
		t.Fatalf("the Chinese rendering of %q is %q: no translation shipped?", key, zh)
	}
	want := zh + " / " + en
	found := false
	rows, _ := f.GetRows(SheetFindings)
	for _, r := range rows {
		if len(r) > 4 && r[0] == diagnostics.CodeLinkLost {
			found = true
			if r[4] != want {
				t.Errorf("Findings message = %q, want %q", r[4], want)
			}
		}
	}
	if !found {
		t.Errorf("no %s row in the Findings sheet", diagnostics.CodeLinkLost)
	}
	rows, _ = f.GetRows(SheetChecklist, excelize.Options{RawCellValue: true})
	var sawMsg, sawDur bool
	for _, r := range rows {
		for _, v := range r {
			sawMsg = sawMsg || strings.Contains(v, want)
			sawDur = sawDur || v == "1.26"
			if strings.Contains(v, "1.257") {
				t.Errorf("a Checklist cell keeps the unrounded duration: %q", v)
			}
		}
	}
	if !sawMsg || !sawDur {
		t.Errorf("Checklist sheet: bilingual message %v, duration 1.26 %v", sawMsg, sawDur)
	}
}
