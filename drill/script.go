package drill

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
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
		return nil, fmt.Errorf("%s: not a drill script (a JSON array of {at, do, value, steps}): %v", name, err)
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
