package drill

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{0,63}$`)

// Bounds of a scenario's numbers (docs/drills.md).
const (
	MaxHintTotal = 35 // hints never cost more than this in all
	minPar       = 10
	maxPar       = 3600
	// MaxAt bounds a step's time: a day, far past 3 × the longest par.
	MaxAt = 86400
	// MaxSteps bounds a script: a drill is a few dozen steps, each check takes a moment.
	MaxSteps = 200
)

type checker struct {
	sc   *Scenario
	errs Errors
}

// The problems Validate finds, by the field they are in.
var (
	msgFormat        = tpl("is {{.Format}}: this posdoctor reads {{.Want}}")
	msgID            = tpl("{{.ID}}: an id is 1-64 of a-z, 0-9, '.' and '-', starting with a letter or digit")
	msgVersion       = tpl("must be 1 or more (raise it whenever the drill changes)")
	msgNoZH          = tpl("the Chinese text is missing (zh)")
	msgNoEN          = tpl("the English text is missing (en)")
	msgNoAudience    = tpl("say who the drill is for: counter, technician or both")
	msgAudience      = tpl("{{.Audience}}: the audiences are counter and technician")
	msgLevel         = tpl("{{.Level}}: 1 basic, 2 intermediate, 3 advanced")
	msgHintCost      = tpl("{{.Cost}}: a hint costs 0 to {{.Max}} points")
	msgPar           = tpl("{{.Par}}: par is {{.Min}} to {{.Max}} seconds")
	msgPassScore     = tpl("{{.Pass}}: the pass mark is 1 to 100")
	msgNoFaults      = tpl("a drill injects at least one fault (`posdoctor sim --fault` lists them)")
	msgNoDiagnosis   = tpl("list the code (or codes) accepted as the right diagnosis")
	msgNotInBook     = tpl("{{.Code}} is not in the code book (posdoctor lookup {{.Lookup}})")
	msgNoRequired    = tpl("list the actions the drill requires, in order")
	msgRequiredTwice = tpl("{{.Action}} is required twice")
	msgAlso          = tpl("{{.Action}} is also {{.Was}}")
	msgPenalty       = tpl("{{.Penalty}}: a penalty is 1 to 100 points")
	msgSayWhy        = tpl("say why {{.Action}} costs money here (the action has no risk text of its own)")
	msgClearsUnknown = tpl("unknown fault {{.Fault}}")
	msgClearsPast    = tpl("{{.Fault}} is the journal's past: no action clears it while the drill runs")
	msgRuns          = tpl("{{.Runs}}: an action runs SO (sign-on) or PT (print), or nothing")
	msgNoSolution    = tpl("the golden path is missing: the steps that pass with full marks")
	msgManySteps     = tpl("{{.N}} steps: a script has at most {{.Max}}")
	msgAtRange       = tpl("{{.At}}: a step's time is 0 to {{.Max}} seconds from the start")
	msgAtOrder       = tpl("{{.At}}: steps come in time order, in seconds from the start")
	msgStepsOnly     = tpl("only a check takes steps")
	msgNoValue       = tpl("a {{.Do}} takes no value")
	msgUnknownStep   = tpl("unknown step {{.Step}}; steps are {{.Steps}}")
	msgStepKind      = tpl("{{.Do}}: a step does check, diagnose, action or hint")
)

// fail records a problem in the field at path.
func (c *checker) fail(path, key string, args kv) {
	c.add(path, problem(key, args))
}

// add records e as a problem in the field at path.
func (c *checker) add(path string, e *Error) {
	e.File, e.Line, e.Field = c.sc.Source, c.lineOf(path), path
	c.errs = append(c.errs, e)
}

// lineOf is the line of path, or of the nearest field around it when path itself is absent
// (a missing "en" is reported at its "title").
func (c *checker) lineOf(path string) int {
	for path != "" {
		if n := c.sc.line(path); n > 0 {
			return n
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return 0
}

func (c *checker) text(path string, t Text) {
	if strings.TrimSpace(t.ZH) == "" {
		c.fail(path+".zh", msgNoZH, nil)
	}
	if strings.TrimSpace(t.EN) == "" {
		c.fail(path+".en", msgNoEN, nil)
	}
}

func (c *checker) action(path string, id ActionID) bool {
	if _, err := ParseAction(string(id)); err != nil {
		c.add(path, problemOf(err))
		return false
	}
	return true
}

// Validate checks everything in sc that does not need a terminal: the format, the id, both
// languages of every text, known faults (termsim's list), codes that exist in book, known
// actions and steps, numbers in range, a solution in time order. Prove plays the solution.
func Validate(sc *Scenario, book *codebook.Book) Errors {
	c := &checker{sc: sc}
	if sc.Format != Format {
		c.fail("format", msgFormat, kv{"Format": strconv.Quote(sc.Format), "Want": strconv.Quote(Format)})
	}
	if !idPattern.MatchString(sc.ID) {
		c.fail("id", msgID, kv{"ID": strconv.Quote(sc.ID)})
	}
	if sc.Version < 1 {
		c.fail("version", msgVersion, nil)
	}
	c.text("title", sc.Title)
	c.text("briefing", sc.Briefing)
	c.text("debrief", sc.Debrief)
	if len(sc.Audience) == 0 {
		c.fail("audience", msgNoAudience, nil)
	}
	for i, a := range sc.Audience {
		if a != AudienceCounter && a != AudienceTechnician {
			c.fail(fmt.Sprintf("audience[%d]", i), msgAudience, kv{"Audience": strconv.Quote(string(a))})
		}
	}
	if sc.Level < 1 || sc.Level > 3 {
		c.fail("level", msgLevel, kv{"Level": sc.Level})
	}
	c.faults()
	c.answer(book)
	c.effects()
	total := 0
	for i, h := range sc.Hints {
		p := fmt.Sprintf("hints[%d]", i)
		c.text(p, h.Text)
		if h.Cost < 0 || h.Cost > MaxHintTotal {
			c.fail(p+".cost", msgHintCost, kv{"Cost": h.Cost, "Max": MaxHintTotal})
		}
		total += h.Cost
	}
	_ = total // the hints' cost is capped at MaxHintTotal when scored, whatever they add up to
	if sc.ParSeconds < minPar || sc.ParSeconds > maxPar {
		c.fail("par_seconds", msgPar, kv{"Par": sc.ParSeconds, "Min": minPar, "Max": maxPar})
	}
	if sc.PassScore < 1 || sc.PassScore > 100 {
		c.fail("pass_score", msgPassScore, kv{"Pass": sc.PassScore})
	}
	c.script("solution", sc.Solution, book)
	return c.errs
}

func (c *checker) faults() {
	sc := c.sc
	if len(sc.Faults) == 0 {
		c.fail("faults", msgNoFaults, nil)
	}
	for i, f := range sc.Faults {
		if _, err := termsim.ParseFault(f); err != nil {
			c.add(fmt.Sprintf("faults[%d]", i), problemOf(err))
		}
	}
	if len(sc.Faults) > 0 && len(c.errs) == 0 {
		if _, err := termsim.New(termsim.Config{Faults: mustFaults(sc)}); err != nil {
			c.add("faults", problemOf(err)) // termsim names the faults that clash and why
		}
	}
}

func mustFaults(sc *Scenario) []termsim.Fault {
	f, _ := sc.TermFaults()
	return f
}

func (c *checker) answer(book *codebook.Book) {
	a := c.sc.Answer
	if len(a.Diagnosis) == 0 {
		c.fail("answer.diagnosis", msgNoDiagnosis, nil)
	}
	for i, code := range a.Diagnosis {
		if _, ok := book.Lookup(code); !ok {
			c.fail(fmt.Sprintf("answer.diagnosis[%d]", i), msgNotInBook, kv{"Code": strconv.Quote(code), "Lookup": code})
		}
	}
	if len(a.Required) == 0 {
		c.fail("answer.required", msgNoRequired, nil)
	}
	seen := map[ActionID]string{}
	for i, id := range a.Required {
		p := fmt.Sprintf("answer.required[%d]", i)
		if c.action(p, id) {
			if _, dup := seen[id]; dup {
				c.fail(p, msgRequiredTwice, kv{"Action": string(id)})
			}
			seen[id] = "required"
		}
	}
	for i, h := range a.Harmful {
		p := fmt.Sprintf("answer.harmful[%d]", i)
		if c.action(p+".action", h.Action) {
			if was, dup := seen[h.Action]; dup {
				c.fail(p+".action", msgAlso, kv{"Action": string(h.Action), "Was": was})
			}
			seen[h.Action] = "harmful"
		}
		if h.Penalty < 1 || h.Penalty > 100 {
			c.fail(p+".penalty", msgPenalty, kv{"Penalty": h.Penalty})
		}
		if !h.Why.empty() {
			c.text(p+".why", h.Why)
		}
	}
	for i, cr := range a.Critical {
		p := fmt.Sprintf("answer.critical[%d]", i)
		ap := p
		if c.sc.line(p+".action") > 0 {
			ap = p + ".action"
		}
		if c.action(ap, cr.Action) {
			// a conditional one may also be required: done after its `before` it is right
			if was, dup := seen[cr.Action]; dup && was != "critical" && (cr.Before == "" || was != "required") {
				c.fail(p, msgAlso, kv{"Action": string(cr.Action), "Was": was})
			}
			if seen[cr.Action] == "" {
				seen[cr.Action] = "critical"
			}
		}
		if cr.Before != "" {
			c.action(p+".before", cr.Before)
		}
		if !cr.Why.empty() {
			c.text(p+".why", cr.Why)
		} else if act, ok := LookupAction(cr.Action); ok && act.Risk.EN == "" {
			c.fail(p+".why", msgSayWhy, kv{"Action": string(cr.Action)})
		}
	}
}

func (c *checker) effects() {
	known := termsim.FaultNames()
	for id, e := range c.sc.Effects {
		p := "effects." + string(id)
		c.action(p, id)
		for i, f := range e.Clears {
			switch {
			case !slices.Contains(known, f):
				c.fail(fmt.Sprintf("%s.clears[%d]", p, i), msgClearsUnknown, kv{"Fault": strconv.Quote(f)})
			case !termsim.ClearableWhileServing(f):
				c.fail(fmt.Sprintf("%s.clears[%d]", p, i), msgClearsPast, kv{"Fault": f})
			}
		}
		if e.Runs != "" && e.Runs != serialio.CmdSignOn && e.Runs != serialio.CmdPrintTest {
			c.fail(p+".runs", msgRuns, kv{"Runs": strconv.Quote(string(e.Runs))})
		}
	}
}

// script checks a script's steps: times in order, known kinds, values and step ids.
func (c *checker) script(path string, steps []Step, book *codebook.Book) {
	if path == "solution" && len(steps) == 0 {
		c.fail(path, msgNoSolution, nil)
	}
	if len(steps) > MaxSteps {
		c.fail(path, msgManySteps, kv{"N": len(steps), "Max": MaxSteps})
		return
	}
	last := 0.0
	for i, st := range steps {
		p := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case math.IsNaN(st.At) || st.At < 0 || st.At > MaxAt:
			c.fail(p+".at", msgAtRange, kv{"At": st.At, "Max": MaxAt})
		case st.At < last:
			c.fail(p+".at", msgAtOrder, kv{"At": st.At})
		}
		last = max(last, st.At)
		if st.Do != DoCheck && len(st.Steps) > 0 {
			c.fail(p+".steps", msgStepsOnly, nil)
		}
		if (st.Do == DoCheck || st.Do == DoHint) && st.Value != "" {
			c.fail(p+".value", msgNoValue, kv{"Do": string(st.Do)})
		}
		switch st.Do {
		case DoCheck:
			for j, id := range st.Steps {
				if _, err := diagnostics.ParseStepID(string(id)); err != nil {
					c.fail(fmt.Sprintf("%s.steps[%d]", p, j), msgUnknownStep, kv{"Step": strconv.Quote(string(id)), "Steps": stepList()})
				}
			}
		case DoDiagnose: // as the attempt reads it: a code, or a title or screen text naming one
			if _, err := CodesNamed(book, st.Value); err != nil {
				c.add(p+".value", problemOf(err))
			}
		case DoAction:
			c.action(p+".value", ActionID(st.Value))
		case DoHint:
		default:
			c.fail(p+".do", msgStepKind, kv{"Do": strconv.Quote(string(st.Do))})
		}
	}
}

// stepList is the checklist's steps as ParseStepID names them.
func stepList() string {
	ids := diagnostics.StepIDs()
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = string(id)
	}
	return strings.Join(names, ", ")
}
