package drill

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"posdoctor/diagnostics"
	"posdoctor/serialio/termsim"
)

// Format is the first line every scenario file declares (`format: posdoctor-drill/1`).
const Format = "posdoctor-drill/1"

// Limits on a scenario file: a file a trainer picks is untrusted input.
const (
	MaxFileSize = 1 << 20 // bytes
	maxDepth    = 12      // nesting of mappings and lists
	maxItems    = 500     // entries of any one list
)

// Audience is who a drill is for.
type Audience string

const (
	AudienceCounter    Audience = "counter"    // counter staff (收银员)
	AudienceTechnician Audience = "technician" // technicians (维护人员)
)

// Scenario is one drill, as loaded from its file (docs/drills.md, field by field).
type Scenario struct {
	Format     string              `yaml:"format"`
	ID         string              `yaml:"id"`
	Version    int                 `yaml:"version"`
	Title      Text                `yaml:"title"`
	Audience   []Audience          `yaml:"audience"`
	Level      int                 `yaml:"level"`
	Briefing   Text                `yaml:"briefing"`
	Faults     []string            `yaml:"faults"`
	Answer     Answer              `yaml:"answer"`
	Effects    map[ActionID]Effect `yaml:"effects,omitempty"`
	Hints      []Hint              `yaml:"hints,omitempty"`
	ParSeconds int                 `yaml:"par_seconds"`
	PassScore  int                 `yaml:"pass_score"`
	Debrief    Text                `yaml:"debrief"`
	Solution   []Step              `yaml:"solution"`

	// Where it came from: the file name (or "builtin:NAME"), the file's sha256, and the line
	// of each field path ("answer.required[1]") for messages.
	Source string `yaml:"-"`
	SHA256 string `yaml:"-"`
	lines  map[string]int
}

// Answer is what a drill accepts and refuses.
type Answer struct {
	Diagnosis []string   `yaml:"diagnosis"`          // codes of the code book, any of which is right
	Required  []ActionID `yaml:"required"`           // in this order
	Harmful   []Harm     `yaml:"harmful,omitempty"`  // each costs its penalty every time it is done
	Critical  []Critical `yaml:"critical,omitempty"` // any of these fails the drill
}

// Harm is a harmful action and its penalty.
type Harm struct {
	Action  ActionID `yaml:"action"`
	Penalty int      `yaml:"penalty"`
	Why     Text     `yaml:"why,omitempty"`
}

// Critical is an action that fails the drill: always, or only while Before has not been done
// (`{action: swap-terminal, before: settle-batch}`). A plain action id is the first form.
type Critical struct {
	Action ActionID `yaml:"action"`
	Before ActionID `yaml:"before,omitempty"`
	Why    Text     `yaml:"why,omitempty"`
}

// UnmarshalYAML takes either `redo-sale` or `{action: ..., before: ..., why: ...}`.
func (c *Critical) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		c.Action = ActionID(n.Value)
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return problem(msgCriticalForm, kv{"Line": n.Line})
	}
	type critical Critical // without this method, so the decode does not recurse
	var p critical
	if err := strictDecode(n, &p); err != nil {
		return err
	}
	*c = Critical(p)
	return nil
}

// Hint is a hint and what revealing it costs.
type Hint struct {
	Cost int `yaml:"cost"`
	Text `yaml:",inline"`
}

// StepKind is what a script step does.
type StepKind string

const (
	DoCheck    StepKind = "check"    // run the checklist (or Steps of it) on the simulated terminal
	DoDiagnose StepKind = "diagnose" // give a diagnosis: Value is a code
	DoAction   StepKind = "action"   // act: Value is an action id
	DoHint     StepKind = "hint"     // reveal the next hint
)

// Step is one step of a script: the scenario's solution, or a `drill run --script` file.
type Step struct {
	At    float64              `yaml:"at" json:"at"` // seconds since the drill started
	Do    StepKind             `yaml:"do" json:"do"`
	Value string               `yaml:"value,omitempty" json:"value,omitempty"`
	Steps []diagnostics.StepID `yaml:"steps,omitempty" json:"steps,omitempty"`
}

// Error is a problem with a scenario or script file, at a line and a field where known. Msg
// says it in English (Error() and logs read it); Key and Args are the template it was worded by
// (MessageTemplates), so that Message and In say it in a reader's language.
type Error struct {
	File  string
	Line  int    // 0 when unknown
	Field string // "answer.required[1]", or ""
	Msg   string
	Key   string         // the template of Msg, "" when it has none
	Args  map[string]any // the template's args: strings and numbers
	err   error          // what it wraps (the arg Err), if anything
}

func (e *Error) Error() string { return e.where() + e.Msg }

// Unwrap is the error e wraps, if any: a sentinel such as ErrNoHints stays findable.
func (e *Error) Unwrap() error { return e.err }

// Is makes ErrNotScript findable in a script file that is not one, and ErrNotJSON in one that
// is not JSON (not a script either), whatever e wraps.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrNotScript:
		return e.Key == msgNotScript || e.Key == msgNotJSON
	case ErrNotJSON:
		return e.Key == msgNotJSON
	}
	return false
}

// where is "FILE:LINE: FIELD: ", as much of it as is known.
func (e *Error) where() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Field != "" {
		b.WriteString(": " + e.Field)
	}
	if b.Len() == 0 {
		return ""
	}
	return strings.TrimPrefix(b.String(), ": ") + ": "
}

// Errors is every problem found in one file.
type Errors []*Error

func (es Errors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

// Unwrap gives each problem, so errors.As finds one.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// line is the line of a field path, or 0.
func (s *Scenario) line(path string) int { return s.lines[path] }

// TermFaults parses the drill's faults as termsim takes them.
func (s *Scenario) TermFaults() ([]termsim.Fault, error) {
	out := make([]termsim.Fault, 0, len(s.Faults))
	for _, f := range s.Faults {
		tf, err := termsim.ParseFault(f)
		if err != nil {
			return nil, err
		}
		out = append(out, tf)
	}
	return out, nil
}

// EffectOf is what action a does in this drill: the scenario's override, else the default.
func (s *Scenario) EffectOf(a ActionID) Effect {
	if e, ok := s.Effects[a]; ok {
		return e
	}
	act, _ := LookupAction(a)
	return act.Effect
}
