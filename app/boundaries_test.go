package app

import (
	"os/exec"
	"strings"
	"testing"
)

// TestPackageBoundaries keeps the arrows of STYLE.md pointing one way: only app (and main)
// import Fyne, only serialio imports go.bug.st/serial, only reports imports excelize, only
// main imports fyne.io/fyne/v2/app (the cgo half), and domain packages never import app.
// -e: with CGO_ENABLED=0 main cannot build, but its imports are still listed.
func TestPackageBoundaries(t *testing.T) {
	out, err := exec.Command("go", "list", "-e", "-f", `{{.ImportPath}} {{join .Imports ","}}`, "posdoctor/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, " ")
		checked++
		for _, imp := range strings.Split(imports, ",") {
			switch {
			case strings.HasPrefix(imp, "fyne.io/") && pkg != "posdoctor" && pkg != "posdoctor/app":
				t.Errorf("%s imports %s: only app and main may import Fyne", pkg, imp)
			case imp == "fyne.io/fyne/v2/app" && pkg != "posdoctor":
				t.Errorf("%s imports fyne.io/fyne/v2/app: only main may (it needs cgo)", pkg)
			case strings.HasPrefix(imp, "go.bug.st/serial") && pkg != "posdoctor/serialio":
				t.Errorf("%s imports %s: only serialio may", pkg, imp)
			case strings.HasPrefix(imp, "github.com/xuri/excelize") && pkg != "posdoctor/reports":
				t.Errorf("%s imports %s: only reports may", pkg, imp)
			case (imp == "posdoctor/app" || strings.HasPrefix(imp, "posdoctor/app/")) &&
				!(pkg == "posdoctor" || pkg == "posdoctor/app" || strings.HasPrefix(pkg, "posdoctor/app/")):
				t.Errorf("%s imports %s: domain packages never import the app", pkg, imp)
			}
		}
	}
	if checked < 5 {
		t.Fatalf("only %d packages listed", checked)
	}
}
