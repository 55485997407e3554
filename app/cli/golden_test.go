package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"posdoctor/internal/golden"
)

// shapeOf writes the parts of a JSON value that do not depend on timing: object keys, strings,
// booleans and the kinds of numbers (a number is written as "N": durations and round trips vary
// from run to run, counts are pinned by the tests of their own).
func shapeOf(b *strings.Builder, path string, v any) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			shapeOf(b, path+"."+k, x[k])
		}
	case []any:
		fmt.Fprintf(b, "%s\t[%d]\n", path, len(x))
		for i, e := range x {
			shapeOf(b, fmt.Sprintf("%s[%d]", path, i), e)
		}
	case string:
		switch {
		case strings.HasSuffix(path, ".started") || strings.HasSuffix(path, ".finished") || strings.HasSuffix(path, ".time"):
			x = "TIME"
		case strings.HasPrefix(path, ".terminal.") || strings.Contains(path, ".evidence."):
			// the simulated terminal's history is made relative to today (last settlement,
			// last sign-on, what is pending): the field is pinned, its value is not
			x = "S"
		}
		fmt.Fprintf(b, "%s\t%q\n", path, x)
	case float64:
		fmt.Fprintf(b, "%s\tN\n", path)
	default:
		fmt.Fprintf(b, "%s\t%v\n", path, x)
	}
}

// TestCheckJSONGolden pins the shape of check --json for one seeded faulty terminal: the keys,
// step ids, statuses, codes, message keys and texts (numbers as N). Moving code between
// packages must not change what scripts read. -update rewrites it after a deliberate change.
func TestCheckJSONGolden(t *testing.T) {
	var out, errOut bytes.Buffer
	code := runCheck(context.Background(), []string{"--sim", "--speed", "50", "--seed", "7", "--yes", "--json",
		"--fault", "paper-out", "--fault", "no-dialtone", "--steps", "terminal,host,keys,printer"},
		strings.NewReader(""), &out, &errOut)
	if code != ExitProblem {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var v any
	if err := json.Unmarshal(out.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	shapeOf(&b, "", v)
	golden.Check(t, "check --json", filepath.Join("testdata", "check-json.golden"), b.String())
}
