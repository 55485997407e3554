package drill

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"sync"
	"time"

	"posdoctor/diagnostics/codebook"
)

// MaxScriptSize bounds a script file (`drill run --script`).
const MaxScriptSize = 1 << 20

// ErrNotScript: a file given as a script is not one. errors.Is finds it in ParseScript's
// *Error, which wraps what is wrong (a step's problem, or the JSON library's words).
var ErrNotScript = errors.New("not a drill script")

// ParseScript reads a script file: a JSON array of steps as a scenario's `solution` writes
// them ({"at", "do", "value", "steps"}), or an object {"steps": [...]}. Unknown fields are
// refused. book checks the codes, steps and actions it names.
func ParseScript(name string, r io.Reader, book *codebook.Book) ([]Step, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxScriptSize+1))
	if err != nil {
		return nil, fileBecause(name, msgCannotRead, nil, err)
	}
	if len(data) > MaxScriptSize {
		return nil, fileProblem(name, msgScriptTooLarge, kv{"Max": MaxScriptSize})
	}
	data = bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	bad := func(why error) error { return fileBecause(name, msgNotScript, nil, why) }
	if err := exactKeys(data); err != nil {
		return nil, bad(err)
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
		return nil, bad(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, bad(problem(msgDataAfter, nil))
	}
	if len(steps) == 0 {
		return nil, bad(problem(msgNoSteps, nil))
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

// stepArgs names a script's step for its errors: when it is played, and what it does with its
// value or steps ("action replace-paper", "check printer journal", or "hint" alone).
func stepArgs(st Step) kv {
	what := string(st.Do)
	if st.Value != "" {
		what += " " + st.Value
	}
	for _, id := range st.Steps { // a check names the steps it ran
		what += " " + id.String()
	}
	return kv{"At": st.At, "Step": what}
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
	if opt.Mode == ModeAssessed { // refused before anything is played, not at the hint
		for _, st := range steps {
			if st.Do == DoHint {
				return nil, because(msgStepFailed, stepArgs(st), ErrNoHints)
			}
		}
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
			err = problem(msgStepUnknown, kv{"Do": strconv.Quote(string(st.Do))})
		}
		if err != nil {
			a.Finish()
			return nil, because(msgStepFailed, stepArgs(st), err)
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
	var e *Error
	switch {
	case errors.As(err, &e) && e == err:
	case err != nil:
		e = problemOf(err)
	case res.Score.Total == 100 && res.Score.Passed:
		return nil
	default:
		s, b := res.Score, res.Score.Breakdown
		e = problem(msgSolutionScore, kv{"Total": s.Total, "Diagnosis": b.Diagnosis, "Actions": b.Actions, "Efficiency": b.Efficiency,
			"Harmful": b.Harmful, "Hints": b.Hints, "Critical": fmt.Sprint(s.Critical), "Missing": s.Missing, "Unconfirmed": fmt.Sprint(s.Unconfirmed)})
	}
	e.File, e.Line, e.Field = sc.Source, sc.line("solution"), "solution"
	return e
}

// The problems of a script, and of playing one.
var (
	msgScriptTooLarge = tpl("a script is at most {{.Max}} bytes")
	msgNotScript      = tpl("not a drill script (a JSON array of {at, do, value, steps}): {{.Err}}")
	msgDataAfter      = tpl("more data after the steps")
	msgNoSteps        = tpl("no steps")
	msgObjectForm     = tpl("unknown field {{.Key}} (the object form is {\"steps\": [...]})")
	msgNotAList       = tpl("{{.Token}} where a list of steps should start")
	msgNotAnObject    = tpl("step {{.N}} is not an object {at, do, value, steps}")
	msgStepField      = tpl("step {{.N}}: unknown field {{.Key}} (the fields are at, do, value, steps)")
	msgStepFieldTwice = tpl("step {{.N}}: field {{.Key}} twice")
	msgStepUnknown    = tpl("unknown step {{.Do}}")
	msgStepFailed     = tpl("step at {{.At}}s ({{.Step}}): {{.Err}}")
	msgSolutionScore  = tpl("scores {{.Total}}, not 100 (diagnosis {{.Diagnosis}}, actions {{.Actions}}, efficiency {{.Efficiency}}, harmful {{.Harmful}}, hints {{.Hints}}; critical {{.Critical}}; {{.Missing}} required actions missing or out of order; unconfirmed fixes {{.Unconfirmed}})")
)

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
			return problem(msgObjectForm, kv{"Key": fmt.Sprint(key)})
		}
		if tok, err = dec.Token(); err != nil {
			return err
		}
	}
	if tok != json.Delim('[') {
		return problem(msgNotAList, kv{"Token": fmt.Sprint(tok)})
	}
	for i := 0; dec.More(); i++ {
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return problem(msgNotAnObject, kv{"N": i + 1})
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
				return problem(msgStepField, kv{"N": i + 1, "Key": strconv.Quote(k)})
			case seen[k]:
				return problem(msgStepFieldTwice, kv{"N": i + 1, "Key": strconv.Quote(k)})
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
