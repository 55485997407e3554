package reports

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"posdoctor/internal/golden"
)

// TestIncidentWorkbookGolden pins every cell value of the incident workbook of the fixture
// visit: moving code between packages must not change what the provider reads. Run with
// -update to accept a deliberate change, and look at the diff.
func TestIncidentWorkbookGolden(t *testing.T) {
	now := time.Date(2026, 3, 5, 10, 30, 0, 0, cst)
	inc := testIncident(now, 25)
	inc.ID = "8740f1ea-5c3b-4d51-9a0e-2b7f3c1d9e01" // fixed, so the footer and title are stable
	plantPAN(inc)
	_, f := writeTestWorkbook(t, inc)
	var b strings.Builder
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "== %s\n", sh)
		for i, r := range rows {
			for j, v := range r {
				if v != "" {
					fmt.Fprintf(&b, "%d,%d\t%q\n", i+1, j+1, v)
				}
			}
		}
	}
	golden.Check(t, "workbook", filepath.Join("testdata", "incident-workbook.golden"), b.String())
}
