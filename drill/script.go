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
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"posdoctor/diagnostics/codebook"
)

// MaxScriptSize bounds a script file (`drill run --script`).
const MaxScriptSize = 1 << 20

// ErrNotScript: a file given as a script is not one. errors.Is finds it in ParseScript's
// *Error, which wraps what is wrong (the shape: not a list of step objects, a field unknown
// or of the wrong kind), and in one that is not JSON at all (ErrNotJSON).
var ErrNotScript = errors.New("not a drill script")

// ErrNotJSON: a file given as a script is not JSON; the *Error wraps where and why, in the
// package's words (not the JSON library's).
var ErrNotJSON = errors.New("not JSON")

// ParseScript reads a script file: a JSON array of steps as a scenario's `solution` writes
// them ({"at", "do", "value", "steps"}), or an object {"steps": [...]}. Unknown fields are
// refused. book checks the codes, steps and actions it names. What is wrong is one of three:
// the file is not JSON (ErrNotJSON), it is JSON but not a list of steps (ErrNotScript), or
// its steps are (Errors, each naming its step's field).
func ParseScript(name string, r io.Reader, book *codebook.Book) ([]Step, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxScriptSize+1))
	if err != nil {
		return nil, fileBecause(name, msgCannotRead, nil, err)
	}
	if len(data) > MaxScriptSize {
		return nil, fileProblem(name, msgScriptTooLarge, kv{"Max": MaxScriptSize})
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	bad := func(why error) error { return fileBecause(name, msgNotScript, nil, why) }
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, bad(problem(msgNoSteps, nil))
	}
	if err := exactKeys(data); err != nil {
		if j := jsonProblem(data, err); j != nil {
			return nil, fileBecause(name, msgNotJSON, nil, j)
		}
		return nil, bad(err)
	}
	var steps []Step
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if bytes.TrimSpace(data)[0] == '{' {
		var obj struct {
			Steps []Step `json:"steps"`
		}
		err = dec.Decode(&obj)
		steps = obj.Steps
	} else {
		err = dec.Decode(&steps)
	}
	if err != nil { // exactKeys read the shape and the kinds: the library's words, should it differ
		return nil, bad(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if j := jsonProblem(data, err); j != nil && err != nil {
			return nil, fileBecause(name, msgNotJSON, nil, j)
		}
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

// jsonProblem is err, met reading data, as a problem that says where the JSON goes wrong (line
// and column, the character) in the package's words; nil when err is not about JSON syntax.
func jsonProblem(data []byte, err error) *Error {
	var se *json.SyntaxError
	if !errors.As(err, &se) && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil
	}
	// The decoder's offsets differ by what it was reading; the scanner's is always just past
	// the character it stopped at.
	var v any
	uerr := json.Unmarshal(data, &v)
	if uerr == nil {
		return nil
	}
	if !errors.As(uerr, &se) || se.Offset <= 0 || strings.HasPrefix(se.Error(), "unexpected end") {
		return problem(msgJSONEnd, nil)
	}
	at := min(int(se.Offset), len(data)) - 1
	for at > 0 && !utf8.RuneStart(data[at]) { // the start of the character the scanner stopped in
		at--
	}
	ch, _ := utf8.DecodeRune(data[at:])
	before := data[:at]
	line := bytes.Count(before, []byte("\n")) + 1
	col := utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	args := kv{"Line": line, "Col": col, "Char": strconv.QuoteRune(ch)}
	if fullWidth(ch) {
		return problem(msgJSONFullWidth, args)
	}
	return problem(msgJSONChar, args)
}

// fullWidth reports whether r is punctuation a Chinese input method types where JSON wants its
// ASCII twin: full-width forms, the ideographic space, Chinese quotes, commas and brackets.
func fullWidth(r rune) bool {
	return r == '\u3000' || r >= '\uff01' && r <= '\uff5e' || strings.ContainsRune("“”‘’，、：；。【】「」《》", r)
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
	if err := Playable(opt.Mode, steps); err != nil { // refused before anything is played, not at the hint
		return nil, err
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

// Playable says why steps cannot be played in mode, before anything is: a hint when
// assessed (ErrNoHints); nil when they can.
func Playable(mode Mode, steps []Step) error {
	if mode == ModeAssessed {
		for _, st := range steps {
			if st.Do == DoHint {
				return because(msgStepFailed, stepArgs(st), ErrNoHints)
			}
		}
	}
	return nil
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
	msgNotJSON        = tpl("not JSON (a drill script is a JSON array of {at, do, value, steps}): {{.Err}}")
	msgJSONChar       = tpl("line {{.Line}}, column {{.Col}}: {{.Char}} cannot stand here in JSON (names and texts go in double quotes, a comma between two steps or fields)")
	msgJSONFullWidth  = tpl("line {{.Line}}, column {{.Col}}: {{.Char}} is full-width: JSON takes half-width quotes, commas, colons and brackets")
	msgJSONEnd        = tpl("the JSON ends before it is complete: a closing ] or } or a quote is missing")
	msgStepNumber     = tpl("step {{.N}}: {{.Key}} is a number of seconds, not {{.Got}}")
	msgStepText       = tpl("step {{.N}}: {{.Key}} is a text in double quotes, not {{.Got}}")
	msgStepList       = tpl("step {{.N}}: {{.Key}} is a list of checklist steps in double quotes, such as [\"printer\"], not {{.Got}}")
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
// scriptKeys exactly, each once, each value of its kind (at a number, do and value texts,
// steps a list of texts; null leaves a field out); the top an array of steps or
// {"steps": [...]}. A JSON syntax error is returned as the library's.
func exactKeys(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	object := tok == json.Delim('{')
	if object { // {"steps": [...]}
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
			if err != nil {
				return err
			}
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
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				return err
			}
			if err := valueKind(i+1, k, v); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil { // }
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // ]
		return err
	}
	if object {
		key, err := dec.Token()
		if err != nil {
			return err
		}
		if key != json.Delim('}') {
			return problem(msgObjectForm, kv{"Key": fmt.Sprint(key)})
		}
	}
	return nil
}

// valueKind checks that the value v of step n's field key is of the field's kind.
func valueKind(n int, key string, v json.RawMessage) error {
	if string(v) == "null" {
		return nil
	}
	args := kv{"N": n, "Key": key, "Got": shortJSON(v)}
	switch key {
	case "at":
		if _, err := strconv.ParseFloat(string(v), 64); err != nil || v[0] == '"' {
			return problem(msgStepNumber, args)
		}
	case "do", "value":
		if v[0] != '"' {
			return problem(msgStepText, args)
		}
	case "steps":
		var list []string
		if v[0] != '[' || json.Unmarshal(v, &list) != nil {
			return problem(msgStepList, args)
		}
	}
	return nil
}

// shortJSON is a value as the file writes it, cut to a few characters.
func shortJSON(v json.RawMessage) string {
	s := strings.Join(strings.Fields(string(v)), " ")
	if r := []rune(s); len(r) > 24 {
		s = string(r[:20]) + " …"
	}
	return s
}
