package app

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"posdoctor/internal/filetest"
	"posdoctor/locale"
)

// workbookParts is the sheet names part and the shared strings of the workbook at path, read
// as a zip (only reports imports excelize).
func workbookParts(t *testing.T, path string) (sheets, shared string) {
	t.Helper()
	parts := filetest.ZipParts(t, path)
	return parts["xl/workbook.xml"], parts["xl/sharedStrings.xml"]
}

// TestIncidentExportFollowsLanguage: the Incident screen's export is in Traditional Chinese
// when the UI is, in Simplified when it is Simplified.
func TestIncidentExportFollowsLanguage(t *testing.T) {
	newTestApp(t)
	for _, c := range []struct {
		ui                  locale.Lang
		sheet, symptom, not string
	}{
		{locale.ZHTW, "檢查項 Checklist", "打印机不出签购单", "检查项"}, // the symptom as typed
		{locale.ZH, "检查项 Checklist", "打印机不出签购单", "檢查項"},
	} {
		s, q := newIncidentScreen(t, nil, c.ui)
		test.Type(s.Symptom, "打印机不出签购单")
		path := filepath.Join(t.TempDir(), "r.xlsx")
		s.ExportTo(path)
		q.waitFor(t, "the export", func() bool {
			return strings.HasPrefix(s.Status.Text, "Exported") || strings.Contains(s.Status.Text, "failed")
		})
		sheets, shared := workbookParts(t, path)
		if !strings.Contains(sheets, c.sheet) || strings.Contains(sheets, c.not) || !strings.Contains(shared, c.symptom) {
			t.Errorf("%s: sheets %s; symptom %q in the workbook: %v", c.ui, sheets, c.symptom, strings.Contains(shared, c.symptom))
		}
	}
}

// TestReportsExportTraditional: the Reports screen's monthly workbook is in Traditional
// Chinese when the UI is.
func TestReportsExportTraditional(t *testing.T) {
	s, q := newReportsScreen(t)
	s.ui = func() locale.Lang { return locale.ZHTW }
	out := exportFixtureMonth(t, s, q)
	sheets, shared := workbookParts(t, out)
	if !strings.Contains(sheets, "趨勢 Trend") || strings.Contains(sheets, "趋势") || !strings.Contains(shared, "定義") {
		t.Errorf("not the Traditional workbook: sheets %s; the screen says %q", sheets, s.Status.Text)
	}
}
