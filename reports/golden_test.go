package reports

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata/")

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
	golden := filepath.Join("testdata", "incident-workbook.golden")
	if *updateGolden {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run Golden -update once to write it)", err)
	}
	if got := b.String(); got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("workbook differs from %s at line %d:\n got  %s\n want %s", golden, i+1, g, w)
			}
		}
	}
}
