package drill

import (
	"errors"
	"strings"
	"testing"
)

// A script's problem says which of three it is — not JSON, JSON but no list of steps, or a
// step's — and where: a syntax error by line and column and the character (a full-width one
// named so), in the package's words, not the JSON library's.
func TestScriptProblemsSayWhatIsWrong(t *testing.T) {
	b := book(t)
	for script, want := range map[string]struct {
		kind error
		msg  string
	}{
		"nonsense":                   {ErrNotJSON, "line 1, column 2: 'o' cannot stand here in JSON"},
		`[{"at": 10, "do": "check"}`: {ErrNotJSON, "the JSON ends before it is complete"},
		"[\n {\"at\": 10, \"do\": \"check\"}，\n {\"at\": 20, \"do\": \"hint\"}]": {ErrNotJSON, "line 2, column 27: '，' is full-width"},
		`[{at: 10}]`:                                       {ErrNotJSON, "line 1, column 3: 'a' cannot"},
		`[{"at": 10, "do": "check"}] x`:                    {ErrNotJSON, "line 1, column 29: 'x'"},
		`[{"at": "10", "do": "check"}]`:                    {ErrNotScript, `step 1: at is a number of seconds, not "10"`},
		`[{"at": 10, "do": ["check"]}]`:                    {ErrNotScript, `step 1: do is a text in double quotes, not ["check"]`},
		`[{"at": 10, "do": "check", "steps": "printer"}]`:  {ErrNotScript, `step 1: steps is a list of checklist steps`},
		`{"steps": [{"at": 1, "do": "check"}], "more": 1}`: {ErrNotScript, `unknown field more`},
		`[1]`: {ErrNotScript, "step 1 is not an object"},
	} {
		_, err := ParseScript("s.json", strings.NewReader(script), b)
		if !errors.Is(err, want.kind) || !strings.Contains(err.Error(), want.msg) || strings.Contains(err.Error(), "invalid character") {
			t.Errorf("%s: %v, want %v with %q", script, err, want.kind, want.msg)
		}
		if want.kind == ErrNotScript && errors.Is(err, ErrNotJSON) {
			t.Errorf("%s: JSON said not to be", script)
		}
	}
	_, err := ParseScript("s.json", strings.NewReader(`[{"at": 20, "do": "check"}, {"at": 10, "do": "fix"}]`), b)
	var es Errors
	if !errors.As(err, &es) || errors.Is(err, ErrNotScript) || len(es) != 2 || es[0].Field != "steps[1].at" || es[1].Field != "steps[1].do" {
		t.Errorf("steps out of order, an unknown one: %v", err)
	}
}
