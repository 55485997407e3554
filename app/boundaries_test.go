package app

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// allowedImports is the documented import graph (docs/architecture.md) as an allow-list: the
// project's packages each may import, and the outside modules only some may. A package
// missing here fails the test, so a new room is placed on purpose.
var allowedImports = map[string][]string{
	"posdoctor":                           {"posdoctor/app", "posdoctor/app/cli", "fyne.io/", "golang.org/x/sys"},
	"posdoctor/app":                       {"posdoctor/app/visit", "posdoctor/drill", "posdoctor/forms", "posdoctor/diagnostics", "posdoctor/diagnostics/codebook", "posdoctor/reports", "posdoctor/serialio", "posdoctor/serialio/termsim", "posdoctor/pan", "posdoctor/assets", "posdoctor/locale", "posdoctor/enum", "fyne.io/"},
	"posdoctor/app/cli":                   {"posdoctor/app/visit", "posdoctor/drill", "posdoctor/forms", "posdoctor/diagnostics", "posdoctor/diagnostics/codebook", "posdoctor/reports", "posdoctor/serialio", "posdoctor/serialio/termsim", "posdoctor/pan", "posdoctor/locale", "posdoctor/enum", "golang.org/x/text", "golang.org/x/sys"},
	"posdoctor/app/visit":                 {"posdoctor/diagnostics", "posdoctor/diagnostics/codebook", "posdoctor/reports", "posdoctor/serialio", "posdoctor/serialio/termsim", "posdoctor/pan", "posdoctor/locale", "posdoctor/enum"},
	"posdoctor/drill":                     {"posdoctor/diagnostics", "posdoctor/diagnostics/codebook", "posdoctor/reports", "posdoctor/serialio", "posdoctor/serialio/termsim", "posdoctor/assets", "posdoctor/locale", "github.com/google/uuid", "gopkg.in/yaml.v3"},
	"posdoctor/diagnostics":               {"posdoctor/serialio", "posdoctor/pan", "posdoctor/locale", "posdoctor/enum"},
	"posdoctor/diagnostics/codebook":      {"posdoctor/diagnostics", "posdoctor/pan", "posdoctor/assets", "posdoctor/locale", "posdoctor/enum", "github.com/longbridgeapp/opencc"},
	"posdoctor/reports":                   {"posdoctor/diagnostics", "posdoctor/pan", "posdoctor/locale", "posdoctor/enum", "posdoctor/reports/xlsx", "modernc.org/sqlite", "github.com/jackc/pgx/v5", "github.com/google/uuid", "github.com/xuri/excelize"},
	"posdoctor/forms":                     {"posdoctor/diagnostics", "posdoctor/diagnostics/codebook", "posdoctor/reports", "posdoctor/reports/xlsx", "posdoctor/pan", "posdoctor/locale", "posdoctor/assets", "codeberg.org/go-pdf/fpdf", "golang.org/x/image/font/gofont"},
	"posdoctor/reports/xlsx":              {"posdoctor/locale", "github.com/xuri/excelize"},
	"posdoctor/serialio":                  {"posdoctor/pan", "posdoctor/locale", "posdoctor/enum", "go.bug.st/serial", "golang.org/x/sys"},
	"posdoctor/serialio/termsim":          {"posdoctor/serialio", "posdoctor/serialio/termsim/acquirer", "posdoctor/enum", "posdoctor/locale", "github.com/creack/pty", "golang.org/x/sys"},
	"posdoctor/serialio/termsim/acquirer": {"posdoctor/serialio", "posdoctor/enum"},
	"posdoctor/pan":                       {},
	"posdoctor/assets":                    {},
	"posdoctor/locale":                    {},
	"posdoctor/enum":                      {"posdoctor/locale"},
	"posdoctor/internal/cardtest":         {},
	"posdoctor/internal/enumtest":         {"posdoctor/enum"},
	"posdoctor/internal/filetest":         {},
	"posdoctor/internal/golden":           {},
	"posdoctor/internal/pgtest":           {"github.com/jackc/pgx/v5"},
	"posdoctor/internal/simtest":          {"posdoctor/serialio", "posdoctor/serialio/termsim"},
}

// allowed reports whether pkg may import imp: the standard library always; anything else only
// when pkg's list names it or a prefix of it ending in "/".
func allowed(pkg, imp string) bool {
	if !strings.Contains(strings.SplitN(imp, "/", 2)[0], ".") && !strings.HasPrefix(imp, "posdoctor") {
		return true // the standard library
	}
	return slices.ContainsFunc(allowedImports[pkg], func(a string) bool {
		return imp == a || strings.HasSuffix(a, "/") && strings.HasPrefix(imp, a) || strings.HasPrefix(imp, a+"/") && !strings.HasPrefix(a, "posdoctor")
	})
}

// TestPackageBoundaries keeps the arrows of STYLE.md pointing one way: every package imports
// only what its row of allowedImports (and docs/architecture.md) allows — only app and main
// import Fyne, only main the cgo half (fyne.io/fyne/v2/app), only serialio go.bug.st/serial,
// only reports excelize, reports never serialio, app never app/cli, and no domain package the
// app. -e: with CGO_ENABLED=0 main cannot build, but its imports are still listed.
func TestPackageBoundaries(t *testing.T) {
	out, err := exec.Command("go", "list", "-e", "-f", `{{.ImportPath}} {{join .Imports ","}}`, "posdoctor/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, " ")
		if _, ok := allowedImports[pkg]; !ok {
			t.Errorf("package %s is not in the documented import graph: add its row to allowedImports and docs/architecture.md", pkg)
			continue
		}
		checked++
		for _, imp := range strings.Split(imports, ",") {
			if imp == "" {
				continue
			}
			if imp == "fyne.io/fyne/v2/app" && pkg != "posdoctor" {
				t.Errorf("%s imports fyne.io/fyne/v2/app: only main may (it needs cgo)", pkg)
			}
			if !allowed(pkg, imp) {
				t.Errorf("%s imports %s, which its row of the import graph does not allow", pkg, imp)
			}
		}
	}
	if checked < 10 {
		t.Fatalf("only %d packages listed", checked)
	}
}

// TestBoundaryRulesCanFail: the rules the issue names are in the table, so breaking one fails.
func TestBoundaryRulesCanFail(t *testing.T) {
	for _, c := range []struct{ pkg, imp string }{
		{"posdoctor/reports", "posdoctor/serialio"},
		{"posdoctor/app", "posdoctor/app/cli"},
		{"posdoctor/diagnostics", "fyne.io/fyne/v2"},
		{"posdoctor/app/cli", "fyne.io/fyne/v2/widget"},
		{"posdoctor/diagnostics", "go.bug.st/serial"},
		{"posdoctor/app/cli", "github.com/xuri/excelize/v2"},
		{"posdoctor/pan", "posdoctor/locale"},
		{"posdoctor/serialio", "posdoctor/diagnostics"},
		{"posdoctor/app", "gonum.org/v1/plot"}, // the charts are Fyne's canvas objects: no plotting library and its fonts
		{"posdoctor/app", "golang.org/x/image/font/opentype"},
	} {
		if allowed(c.pkg, c.imp) {
			t.Errorf("%s may import %s: the rule is gone", c.pkg, c.imp)
		}
	}
	if !allowed("posdoctor/app", "fyne.io/fyne/v2/widget") || !allowed("posdoctor/app", "fyne.io/fyne/v2/canvas") || !allowed("posdoctor/reports", "github.com/xuri/excelize/v2") || !allowed("posdoctor/pan", "strings") {
		t.Error("an allowed import is refused")
	}
}
