package diagnostics_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"posdoctor/diagnostics"
	"posdoctor/serialio/termsim"
)

// TestNotesAreTheInfoFindings runs the real checklist against the simulated terminal with every
// fault of the terminal itself (line faults aside) and a clock far behind (SIGNON-OLD): every
// info finding's code is a note, no other finding's code is, and every note was reported.
func TestNotesAreTheInfoFindings(t *testing.T) {
	runs := [][]string{nil, {"clock-drift=-2000"}} // the terminal's clock 33 h behind: its last sign-on looks old
	for _, f := range termsim.FaultSpecs() {
		if f.Line {
			continue
		}
		name := f.Name
		if f.Example != "" {
			name += "=" + f.Example
		}
		runs = append(runs, []string{name})
	}
	seen := make(chan []string, len(runs)) // the info codes of each run
	t.Run("runs", func(t *testing.T) {
		for _, faults := range runs {
			name := strings.Join(faults, ",")
			if name == "" {
				name = "none"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				c, _ := simTerminal(t, faults...)
				rep := newChecklist(c).Run(context.Background())
				var info []string
				for _, s := range rep.Steps {
					for _, f := range s.Findings {
						switch note := diagnostics.IsNote(f.Code); {
						case f.Severity == diagnostics.SeverityInfo && !note:
							t.Errorf("step %s: info finding %s is not a note", s.ID, f.Code)
						case f.Severity != diagnostics.SeverityInfo && note:
							t.Errorf("step %s: %s finding %s is a note", s.ID, f.Severity, f.Code)
						case note:
							info = append(info, f.Code)
						}
					}
				}
				seen <- info
			})
		}
	})
	close(seen)
	reported := map[string]bool{}
	for info := range seen {
		for _, c := range info {
			reported[c] = true
		}
	}
	for _, c := range diagnostics.NoteCodes() {
		if !reported[c] {
			t.Errorf("note %s was never reported at info by these runs", c)
		}
	}
}

// TestNotesMatchTheSource reads the package's source: the codes of the finding(code,
// SeverityInfo, ...) calls are exactly NoteCodes, no finding of another severity carries a
// note's code, and SeverityInfo is used nowhere else that could make a finding (only compared,
// declared, or a label's key), so a new info finding cannot slip past the list.
func TestNotesMatchTheSource(t *testing.T) {
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	consts := map[string]string{} // string constants of the package by name
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
				for _, s := range g.Specs {
					vs := s.(*ast.ValueSpec)
					for i, n := range vs.Names {
						if i < len(vs.Values) {
							if l, ok := vs.Values[i].(*ast.BasicLit); ok && l.Kind == token.STRING {
								consts[n.Name], _ = strconv.Unquote(l.Value)
							}
						}
					}
				}
			}
		}
	}
	code := func(e ast.Expr) (string, bool) {
		switch e := e.(type) {
		case *ast.BasicLit:
			s, err := strconv.Unquote(e.Value)
			return s, err == nil
		case *ast.Ident:
			s, ok := consts[e.Name]
			return s, ok
		}
		return "", false
	}
	var info []string
	allowed := map[*ast.Ident]bool{} // SeverityInfo where it makes no finding, or makes a checked one
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if fn, ok := n.Fun.(*ast.Ident); !ok || fn.Name != "finding" || len(n.Args) < 2 {
					return true
				}
				sev, _ := n.Args[1].(*ast.Ident)
				c, known := code(n.Args[0])
				if sev != nil && sev.Name == "SeverityInfo" {
					allowed[sev] = true
					if !known {
						t.Errorf("%s: an info finding whose code is not a constant", fset.Position(n.Pos()))
					}
					info = append(info, c)
				} else if known && diagnostics.IsNote(c) {
					t.Errorf("%s: finding %s at another severity than info is a note", fset.Position(n.Pos()), c)
				}
			case *ast.BinaryExpr:
				for _, x := range []ast.Expr{n.X, n.Y} {
					if id, ok := x.(*ast.Ident); ok && (n.Op == token.EQL || n.Op == token.NEQ) {
						allowed[id] = true
					}
				}
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok {
					allowed[id] = true
				}
			case *ast.ValueSpec:
				for _, id := range n.Names {
					allowed[id] = true
				}
			}
			return true
		})
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Name == "SeverityInfo" && !allowed[id] {
				t.Errorf("%s: SeverityInfo used where this test cannot tell the code", fset.Position(id.Pos()))
			}
			return true
		})
	}
	slices.Sort(info)
	info = slices.Compact(info)
	want := diagnostics.NoteCodes()
	slices.Sort(want)
	if !slices.Equal(info, want) {
		t.Errorf("the info findings' codes are %v, NoteCodes %v", info, want)
	}
}
