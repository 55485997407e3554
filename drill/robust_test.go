package drill

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"posdoctor/internal/filetest"
)

// A named pipe called x.yaml is refused at once, not opened (opening one blocks until someone
// writes to it).
func TestLoadRefusesAPipeWithoutBlocking(t *testing.T) {
	fifo := filetest.FIFO(t, "x.yaml")
	dir := filepath.Dir(fifo)
	err := filetest.Returns(t, fifo, 5*time.Second, "LoadPath over a named pipe", func() error {
		_, err := LoadPath(dir)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("LoadPath over a pipe: %v", err)
	}
}

// A file over the limit is said to be over it, not to be the size LoadFile stopped reading at
// (which is MaxFileSize+1 whatever the file's size).
func TestTooLargeSaysNoWrongSize(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(p, []byte(strings.Repeat("# padding\n", 110_000)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadFile(p)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("more than %d bytes", MaxFileSize)) || strings.Contains(err.Error(), fmt.Sprint(MaxFileSize+1)) {
		t.Errorf("a 1.1 MB file: %v", err)
	}
}

func TestMergeKeysRefused(t *testing.T) {
	bad := brokenScenario(t, "pass_score: 80", "pass_score: 80\n<<: {pass_score: 10}")
	if _, err := Parse("merge.yaml", bad); err == nil || !strings.Contains(err.Error(), "merge keys") {
		t.Errorf("a merge key: %v", err)
	}
}

func TestScriptsAreReadStrictly(t *testing.T) {
	b := book(t)
	for name, script := range map[string]string{
		"null":             `null`,
		"empty":            `[]`,
		"data after":       `[{"at": 1, "do": "check"}] [1]`,
		"field twice":      `[{"at": 1, "at": 2, "do": "check"}]`,
		"other case":       `[{"AT": 1, "do": "check"}]`,
		"unknown field":    `[{"at": 1, "do": "check", "when": 3}]`,
		"value on a check": `[{"at": 1, "do": "check", "value": "x"}]`,
		"steps on action":  `[{"at": 1, "do": "action", "value": "sign-on", "steps": ["host"]}]`,
		"huge at":          `[{"at": 1e12, "do": "check"}]`,
		"negative at":      `[{"at": -1, "do": "check"}]`,
		"too many steps":   "[" + strings.Repeat(`{"at": 1, "do": "hint"},`, MaxSteps) + `{"at": 1, "do": "hint"}]`,
		"not a list":       `{"at": 1}`,
	} {
		if _, err := ParseScript(name, strings.NewReader(script), b); err == nil {
			t.Errorf("%s: taken", name)
		}
	}
	steps, err := ParseScript("ok", strings.NewReader(`{"steps": [{"at": 1, "do": "check", "steps": ["printer"]}, {"at": 2, "do": "diagnose", "value": "P1"}]}`), b)
	if err != nil || len(steps) != 2 {
		t.Errorf("the object form: %v, %v", steps, err)
	}
}

// Assessed attempts give no hints (practice is for hints); a script asking for one cannot run.
func TestNoHintsWhenAssessed(t *testing.T) {
	list, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := Find(list, "printer.paper-out")
	_, err = Play(context.Background(), sc, Options{Trainee: "x", Mode: ModeAssessed}, []Step{{At: 1, Do: DoHint}}, nil)
	if err == nil || !strings.Contains(err.Error(), "assessed") {
		t.Errorf("a hint in an assessed attempt: %v", err)
	}
}

// An effect that would clear the journal's past is refused when the file is checked, not when
// a trainee does the action mid-drill.
func TestEffectsClearOnlyWhatARunningTerminalCan(t *testing.T) {
	bad := brokenScenario(t, "pass_score: 80", "pass_score: 80\neffects: {void-sale: {clears: [duplicate-sale]}}")
	sc, err := Parse("effects.yaml", bad)
	if err != nil {
		t.Fatal(err)
	}
	errs := Validate(sc, book(t))
	if len(errs) != 1 || !strings.Contains(errs.Error(), "effects.void-sale.clears[0]") {
		t.Errorf("Validate = %v", errs)
	}
}

// TestScenarioWindowsLineEnds: a scenario saved by Windows Notepad (CRLF line ends, a UTF-8
// byte-order mark) loads as the same drill as the file in the library.
func TestScenarioWindowsLineEnds(t *testing.T) {
	data, err := os.ReadFile("../assets/drills/combo.cover-open-reversal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want, err := Parse("combo.cover-open-reversal.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	crlf := append([]byte("\ufeff"), []byte(strings.ReplaceAll(string(data), "\n", "\r\n"))...)
	got, err := Parse("notepad.yaml", crlf)
	if err != nil {
		t.Fatalf("a CRLF scenario with a BOM: %v", err)
	}
	if got.ID != want.ID || got.Title != want.Title || len(got.Faults) != len(want.Faults) || len(got.Solution) != len(want.Solution) {
		t.Errorf("the CRLF scenario differs: %+v\nwant %+v", got, want)
	}
	if fmt.Sprint(got.Solution) != fmt.Sprint(want.Solution) || fmt.Sprint(got.Title) != fmt.Sprint(want.Title) {
		t.Errorf("the CRLF scenario's solution or title differs:\n%v\n%v", got.Solution, want.Solution)
	}
}
