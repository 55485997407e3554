package drill

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	"posdoctor/diagnostics/codebook"
)

// MaxScriptSize bounds a script file (`drill run --script`).
const MaxScriptSize = 1 << 20

// ParseScript reads a script file: a JSON array of steps as a scenario's `solution` writes
// them ({"at", "do", "value", "steps"}), or an object {"steps": [...]}. Unknown fields are
// refused. book checks the codes, steps and actions it names.
func ParseScript(name string, r io.Reader, book *codebook.Book) ([]Step, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxScriptSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > MaxScriptSize {
		return nil, fmt.Errorf("%s: a script is at most %d bytes", name, MaxScriptSize)
	}
	data = bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	bad := func(why string) error {
		return fmt.Errorf("%s: not a drill script (a JSON array of {at, do, value, steps}): %s", name, why)
	}
	if err := exactKeys(data); err != nil {
		return nil, bad(err.Error())
	}
	var steps []Step
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if len(data) > 0 && data[0] == '{' {
		var obj struct {
			Steps []Step `json:"steps"`
		}
		err = dec.Decode(&obj)
		steps = obj.Steps
	} else {
		err = dec.Decode(&steps)
	}
	if err != nil {
		return nil, bad(err.Error())
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, bad("more data after the steps")
	}
	if len(steps) == 0 {
		return nil, bad("no steps")
	}
	c := &checker{sc: &Scenario{Source: name}}
	c.script("steps", steps, book)
	if len(c.errs) > 0 {
		return nil, c.errs
	}
	return steps, nil
}

// scriptClock is a drill clock a script moves: it reads start + the current step's `at`.
type scriptClock struct {
	mu    sync.Mutex
	start time.Time
	at    time.Duration
}

func (c *scriptClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.start.Add(c.at)
}

func (c *scriptClock) set(seconds float64) {
	c.mu.Lock()
	c.at = time.Duration(seconds * float64(time.Second))
	c.mu.Unlock()
}

// Play runs steps against sc on a simulated terminal of its own, on a clock the steps' `at`
// set, and finishes the attempt: the result of a scripted attempt (`drill run --script`,
// the solution's proof). opt.Clock and opt.Terminal are ignored. onStep, when set, hears of
// each step as it is done.
func Play(ctx context.Context, sc *Scenario, opt Options, steps []Step, onStep func(Step, Feedback)) (*Result, error) {
	clk := &scriptClock{start: time.Now().UTC().Truncate(time.Second)}
	opt.Clock, opt.Terminal, opt.Client = clk.now, nil, nil
	if opt.Speed == 0 {
		opt.Speed = 50
	}
	a, err := Start(sc, opt)
	if err != nil {
		return nil, err
	}
	for _, st := range steps {
		if err := ctx.Err(); err != nil {
			a.Finish()
			return nil, err
		}
		clk.set(st.At)
		var fb Feedback
		switch st.Do {
		case DoCheck:
			_, fb, err = a.Check(ctx, st.Steps)
		case DoDiagnose:
			fb, err = a.Diagnose(st.Value)
		case DoAction:
			var id ActionID
			if id, err = ParseAction(st.Value); err == nil {
				fb, err = a.Act(ctx, id)
			}
		case DoHint:
			var h Hint
			if h, _, err = a.Hint(); err == nil {
				fb = Feedback{Recorded: true, Text: h.Text.Locale()}
			}
		default:
			err = fmt.Errorf("unknown step %q", st.Do)
		}
		if err != nil {
			a.Finish()
			return nil, fmt.Errorf("step at %gs (%s %s): %w", st.At, st.Do, st.Value, err)
		}
		if onStep != nil {
			onStep(st, fb)
		}
	}
	if err := ctx.Err(); err != nil {
		a.Finish()
		return nil, err
	}
	return a.Finish(), nil
}

// Prove plays sc's solution and says why it does not pass with 100, or nil.
func Prove(ctx context.Context, sc *Scenario) error {
	res, err := Play(ctx, sc, Options{Trainee: "validate"}, sc.Solution, nil)
	if err != nil {
		return &Error{File: sc.Source, Line: sc.line("solution"), Field: "solution", Msg: err.Error()}
	}
	s := res.Score
	if s.Total == 100 && s.Passed {
		return nil
	}
	b := s.Breakdown
	return &Error{File: sc.Source, Line: sc.line("solution"), Field: "solution",
		Msg: fmt.Sprintf("scores %d, not 100 (diagnosis %d, actions %d, efficiency %d, harmful %d, hints %d; critical %v; %d required actions missing or out of order; unconfirmed fixes %v)",
			s.Total, b.Diagnosis, b.Actions, b.Efficiency, b.Harmful, b.Hints, s.Critical, s.Missing, s.Unconfirmed)}
}

// scriptKeys are the fields of a script step, spelt exactly (encoding/json would also take
// "AT" or "Do").
var scriptKeys = []string{"at", "do", "value", "steps"}

// exactKeys checks a script's JSON before it is decoded: each step an object whose keys are
// scriptKeys exactly, each once; the top an array of steps or {"steps": [...]}.
func exactKeys(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == json.Delim('{') { // {"steps": [...]}
		key, err := dec.Token()
		if err != nil {
			return err
		}
		if key != "steps" {
			return fmt.Errorf("unknown field %v (the object form is {\"steps\": [...]})", key)
		}
		if tok, err = dec.Token(); err != nil {
			return err
		}
	}
	if tok != json.Delim('[') {
		return fmt.Errorf("%v where a list of steps should start", tok)
	}
	for i := 0; dec.More(); i++ {
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return fmt.Errorf("step %d is not an object {at, do, value, steps}", i+1)
		}
		seen := map[string]bool{}
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return err
			}
			k, _ := key.(string)
			switch {
			case !slices.Contains(scriptKeys, k):
				return fmt.Errorf("step %d: unknown field %q (the fields are at, do, value, steps)", i+1, k)
			case seen[k]:
				return fmt.Errorf("step %d: field %q twice", i+1, k)
			}
			seen[k] = true
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil { // }
			return err
		}
	}
	return nil
}
