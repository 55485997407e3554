package app

import (
	"archive/zip"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"posdoctor/locale"
)

// workbookParts is the sheet names part and the shared strings of the workbook at path, read
// as a zip (only reports imports excelize).
func workbookParts(t *testing.T, path string) (sheets, shared string) {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name != "xl/workbook.xml" && f.Name != "xl/sharedStrings.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "xl/workbook.xml" {
			sheets = string(b)
		} else {
			shared = string(b)
		}
	}
	return sheets, shared
}

// TestIncidentExportFollowsLanguage: the Incident screen's export is in Traditional Chinese
// when the UI is, in Simplified when it is Simplified.
func TestIncidentExportFollowsLanguage(t *testing.T) {
	newTestApp(t)
	for _, c := range []struct {
		ui                  locale.Lang
		sheet, symptom, not string
	}{
		{locale.ZHTW, "檢查項 Checklist", "印表機不出簽購單", "检查项"},
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
	path, month := bundleFixture(t)
	s.ImportFiles([]string{path})
	q.waitFor(t, "the import", func() bool { return !s.Busy() && len(s.branches) == 3 })
	s.Month.SetSelected(month)
	q.waitFor(t, "the month", func() bool { return !s.Busy() && s.Report().Month == month })
	out := filepath.Join(t.TempDir(), "m.xlsx")
	s.ExportTo(out)
	q.waitFor(t, "the export", func() bool { return !s.Busy() })
	sheets, shared := workbookParts(t, out)
	if !strings.Contains(sheets, "趨勢 Trend") || strings.Contains(sheets, "趋势") || !strings.Contains(shared, "定義") {
		t.Errorf("not the Traditional workbook: sheets %s; the screen says %q", sheets, s.Status.Text)
	}
}
