package drill

import (
	"fmt"
	"math"
	"regexp"
	"slices"
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

func (c *checker) fail(path, format string, args ...any) {
	c.errs = append(c.errs, &Error{File: c.sc.Source, Line: c.lineOf(path), Field: path, Msg: fmt.Sprintf(format, args...)})
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
		c.fail(path+".zh", "the Chinese text is missing (zh)")
	}
	if strings.TrimSpace(t.EN) == "" {
		c.fail(path+".en", "the English text is missing (en)")
	}
}

func (c *checker) action(path string, id ActionID) bool {
	if _, err := ParseAction(string(id)); err != nil {
		c.fail(path, "%v", err)
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
		c.fail("format", "is %q: this posdoctor reads %q", sc.Format, Format)
	}
	if !idPattern.MatchString(sc.ID) {
		c.fail("id", "%q: an id is 1-64 of a-z, 0-9, '.' and '-', starting with a letter or digit", sc.ID)
	}
	if sc.Version < 1 {
		c.fail("version", "must be 1 or more (raise it whenever the drill changes)")
	}
	c.text("title", sc.Title)
	c.text("briefing", sc.Briefing)
	c.text("debrief", sc.Debrief)
	if len(sc.Audience) == 0 {
		c.fail("audience", "say who the drill is for: counter, technician or both")
	}
	for i, a := range sc.Audience {
		if a != AudienceCounter && a != AudienceTechnician {
			c.fail(fmt.Sprintf("audience[%d]", i), "%q: the audiences are counter and technician", a)
		}
	}
	if sc.Level < 1 || sc.Level > 3 {
		c.fail("level", "%d: 1 basic, 2 intermediate, 3 advanced", sc.Level)
	}
	c.faults()
	c.answer(book)
	c.effects()
	total := 0
	for i, h := range sc.Hints {
		p := fmt.Sprintf("hints[%d]", i)
		c.text(p, h.Text)
		if h.Cost < 0 || h.Cost > MaxHintTotal {
			c.fail(p+".cost", "%d: a hint costs 0 to %d points", h.Cost, MaxHintTotal)
		}
		total += h.Cost
	}
	_ = total // the hints' cost is capped at MaxHintTotal when scored, whatever they add up to
	if sc.ParSeconds < minPar || sc.ParSeconds > maxPar {
		c.fail("par_seconds", "%d: par is %d to %d seconds", sc.ParSeconds, minPar, maxPar)
	}
	if sc.PassScore < 1 || sc.PassScore > 100 {
		c.fail("pass_score", "%d: the pass mark is 1 to 100", sc.PassScore)
	}
	c.script("solution", sc.Solution, book)
	return c.errs
}

func (c *checker) faults() {
	sc := c.sc
	if len(sc.Faults) == 0 {
		c.fail("faults", "a drill injects at least one fault (`posdoctor sim --fault` lists them)")
	}
	for i, f := range sc.Faults {
		if _, err := termsim.ParseFault(f); err != nil {
			c.fail(fmt.Sprintf("faults[%d]", i), "%v", err)
		}
	}
	if len(sc.Faults) > 0 && len(c.errs) == 0 {
		if _, err := termsim.New(termsim.Config{Faults: mustFaults(sc)}); err != nil {
			c.fail("faults", "%v", err)
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
		c.fail("answer.diagnosis", "list the code (or codes) accepted as the right diagnosis")
	}
	for i, code := range a.Diagnosis {
		if _, ok := book.Lookup(code); !ok {
			c.fail(fmt.Sprintf("answer.diagnosis[%d]", i), "%q is not in the code book (posdoctor lookup %s)", code, code)
		}
	}
	if len(a.Required) == 0 {
		c.fail("answer.required", "list the actions the drill requires, in order")
	}
	seen := map[ActionID]string{}
	for i, id := range a.Required {
		p := fmt.Sprintf("answer.required[%d]", i)
		if c.action(p, id) {
			if _, dup := seen[id]; dup {
				c.fail(p, "%s is required twice", id)
			}
			seen[id] = "required"
		}
	}
	for i, h := range a.Harmful {
		p := fmt.Sprintf("answer.harmful[%d]", i)
		if c.action(p+".action", h.Action) {
			if was, dup := seen[h.Action]; dup {
				c.fail(p+".action", "%s is also %s", h.Action, was)
			}
			seen[h.Action] = "harmful"
		}
		if h.Penalty < 1 || h.Penalty > 100 {
			c.fail(p+".penalty", "%d: a penalty is 1 to 100 points", h.Penalty)
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
				c.fail(p, "%s is also %s", cr.Action, was)
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
			c.fail(p+".why", "say why %s costs money here (the action has no risk text of its own)", cr.Action)
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
				c.fail(fmt.Sprintf("%s.clears[%d]", p, i), "unknown fault %q", f)
			case !termsim.ClearableWhileServing(f):
				c.fail(fmt.Sprintf("%s.clears[%d]", p, i), "%s is the journal's past: no action clears it while the drill runs", f)
			}
		}
		if e.Runs != "" && e.Runs != serialio.CmdSignOn && e.Runs != serialio.CmdPrintTest {
			c.fail(p+".runs", "%q: an action runs SO (sign-on) or PT (print), or nothing", e.Runs)
		}
	}
}

// script checks a script's steps: times in order, known kinds, values and step ids.
func (c *checker) script(path string, steps []Step, book *codebook.Book) {
	if path == "solution" && len(steps) == 0 {
		c.fail(path, "the golden path is missing: the steps that pass with full marks")
	}
	if len(steps) > MaxSteps {
		c.fail(path, "%d steps: a script has at most %d", len(steps), MaxSteps)
		return
	}
	last := 0.0
	for i, st := range steps {
		p := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case math.IsNaN(st.At) || st.At < 0 || st.At > MaxAt:
			c.fail(p+".at", "%g: a step's time is 0 to %d seconds from the start", st.At, MaxAt)
		case st.At < last:
			c.fail(p+".at", "%g: steps come in time order, in seconds from the start", st.At)
		}
		last = max(last, st.At)
		if st.Do != DoCheck && len(st.Steps) > 0 {
			c.fail(p+".steps", "only a check takes steps")
		}
		if (st.Do == DoCheck || st.Do == DoHint) && st.Value != "" {
			c.fail(p+".value", "a %s takes no value", st.Do)
		}
		switch st.Do {
		case DoCheck:
			for j, id := range st.Steps {
				if _, err := diagnostics.ParseStepID(string(id)); err != nil {
					c.fail(fmt.Sprintf("%s.steps[%d]", p, j), "%v", err)
				}
			}
		case DoDiagnose:
			if _, ok := book.Lookup(st.Value); !ok {
				c.fail(p+".value", "%q is not in the code book", st.Value)
			}
		case DoAction:
			c.action(p+".value", ActionID(st.Value))
		case DoHint:
		default:
			c.fail(p+".do", "%q: a step does check, diagnose, action or hint", st.Do)
		}
	}
}
