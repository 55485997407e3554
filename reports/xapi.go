package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// The xAPI (IEEE 9274.1.1, xAPI 1.0.3) words of the training export
// (docs/training-exports.md).
const (
	xapiVersion    = "1.0.3"
	xapiHomePage   = "urn:posdoctor"        // the accounts' system: trainees and trainers by name
	xapiDrillIRI   = "urn:posdoctor:drill:" // + the drill's id: the activity
	xapiExtension  = "urn:posdoctor:xapi:"  // + mode, drill-version, drill-sha256, level, seed, critical
	xapiVerbPassed = "http://adlnet.gov/expapi/verbs/passed"
	xapiVerbFailed = "http://adlnet.gov/expapi/verbs/failed"
	xapiAssessment = "http://adlnet.gov/expapi/activities/assessment"
)

// xapiNamespace is the namespace of the statements' name-based (v5) UUIDs: an attempt is
// always the same statement, so an export sent twice to a learning record store is not
// taken in twice.
var xapiNamespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte(xapiHomePage+":xapi"))

type xapiStatement struct {
	ID        string      `json:"id"`
	Actor     xapiAgent   `json:"actor"`
	Verb      xapiVerb    `json:"verb"`
	Object    xapiObject  `json:"object"`
	Result    xapiResult  `json:"result"`
	Context   xapiContext `json:"context"`
	Timestamp string      `json:"timestamp,omitempty"`
	Version   string      `json:"version"`
}

type xapiAgent struct {
	ObjectType string      `json:"objectType"`
	Name       string      `json:"name,omitempty"`
	Account    xapiAccount `json:"account"`
}

type xapiAccount struct {
	HomePage string `json:"homePage"`
	Name     string `json:"name"`
}

type xapiVerb struct {
	ID      string            `json:"id"`
	Display map[string]string `json:"display"`
}

type xapiObject struct {
	ObjectType string         `json:"objectType"`
	ID         string         `json:"id"`
	Definition xapiDefinition `json:"definition"`
}

type xapiDefinition struct {
	Name map[string]string `json:"name,omitempty"`
	Type string            `json:"type"`
}

type xapiResult struct {
	Score      xapiScore `json:"score"`
	Success    bool      `json:"success"`
	Completion bool      `json:"completion"`
	Duration   string    `json:"duration"`
}

type xapiScore struct {
	Scaled float64 `json:"scaled"`
	Raw    int     `json:"raw"`
	Min    int     `json:"min"`
	Max    int     `json:"max"`
}

type xapiContext struct {
	Registration string         `json:"registration"`
	Instructor   *xapiAgent     `json:"instructor,omitempty"`
	Platform     string         `json:"platform"`
	Extensions   map[string]any `json:"extensions"`
}

// WriteXAPI writes one xAPI statement per attempt to w, as a JSON array a learning record
// store takes in bulk (POST /statements): the trainee passed or failed the drill, with the
// score, duration, registration (the attempt) and instructor (the trainer). Statement ids
// are derived from the attempt, so exporting again yields the same statements. No records
// write an empty array.
func WriteXAPI(w io.Writer, recs []TrainingRecord) error {
	out := make([]xapiStatement, 0, len(recs))
	for _, r := range recs {
		r = r.clean()
		if r.Attempt == "" || r.Trainee == "" || r.Drill == "" {
			return fmt.Errorf("%w: an attempt without an id, trainee or drill cannot be a statement", ErrTrainingInvalid)
		}
		out = append(out, xapiOf(r))
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func xapiOf(r TrainingRecord) xapiStatement {
	verb := xapiVerb{ID: xapiVerbFailed, Display: map[string]string{"en-US": "failed", "zh-CN": "未通过"}}
	if r.Passed {
		verb = xapiVerb{ID: xapiVerbPassed, Display: map[string]string{"en-US": "passed", "zh-CN": "通过"}}
	}
	name := map[string]string{}
	if r.Title.ZH != "" {
		name["zh-CN"] = r.Title.ZH
	}
	if r.Title.EN != "" {
		name["en-US"] = r.Title.EN
	}
	if len(name) == 0 {
		name = nil
	}
	raw := min(max(r.Score, 0), 100) // xAPI: raw between min and max
	ext := map[string]any{
		xapiExtension + "mode":          r.Mode,
		xapiExtension + "drill-version": r.Version,
		xapiExtension + "level":         r.Level,
		xapiExtension + "seed":          r.Seed,
		xapiExtension + "critical":      r.Critical,
	}
	if r.SHA256 != "" {
		ext[xapiExtension+"drill-sha256"] = r.SHA256
	}
	st := xapiStatement{
		ID:    uuid.NewSHA1(xapiNamespace, []byte("statement:"+r.Attempt)).String(),
		Actor: agent(r.Trainee),
		Verb:  verb,
		Object: xapiObject{ObjectType: "Activity", ID: xapiDrillIRI + iriSegment(r.Drill),
			Definition: xapiDefinition{Name: name, Type: xapiAssessment}},
		Result: xapiResult{
			Score:   xapiScore{Scaled: float64(raw) / 100, Raw: raw, Min: 0, Max: 100},
			Success: r.Passed, Completion: true, Duration: isoDuration(r.DurationS),
		},
		Context: xapiContext{Registration: registration(r.Attempt), Platform: "POS Doctor", Extensions: ext},
		Version: xapiVersion,
	}
	if r.Trainer != "" {
		a := agent(r.Trainer)
		st.Context.Instructor = &a
	}
	switch {
	case !r.Ended.IsZero():
		st.Timestamp = r.Ended.UTC().Format(time.RFC3339Nano)
	case !r.Started.IsZero():
		st.Timestamp = r.Started.UTC().Format(time.RFC3339Nano)
	}
	return st
}

// agent is a person known by name: an account on POS Doctor, the one identifier xAPI asks for.
func agent(name string) xapiAgent {
	return xapiAgent{ObjectType: "Agent", Name: name, Account: xapiAccount{HomePage: xapiHomePage, Name: name}}
}

// registration is the attempt's UUID; an attempt id that is not one (written by hand)
// becomes a UUID derived from it.
func registration(attempt string) string {
	if u, err := uuid.Parse(attempt); err == nil && len(attempt) == 36 {
		return u.String()
	}
	return uuid.NewSHA1(xapiNamespace, []byte("registration:"+attempt)).String()
}

// iriSegment percent-encodes everything of s but unreserved characters, so a drill id
// (normally [a-z0-9.-]) always makes a valid IRI.
func iriSegment(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// isoDuration writes seconds as an ISO 8601 duration, PT1M40S, to the hundredth of a
// second (what a learning record store keeps).
func isoDuration(seconds float64) string {
	if math.IsNaN(seconds) || seconds <= 0 {
		return "PT0S"
	}
	cs := int64(math.Round(min(seconds, 1e12) * 100))
	h, m, s := cs/360000, cs/6000%60, float64(cs%6000)/100
	var b strings.Builder
	b.WriteString("PT")
	if h > 0 {
		b.WriteString(strconv.FormatInt(h, 10) + "H")
	}
	if m > 0 {
		b.WriteString(strconv.FormatInt(m, 10) + "M")
	}
	if s > 0 || h == 0 && m == 0 {
		b.WriteString(strconv.FormatFloat(s, 'f', -1, 64) + "S")
	}
	return b.String()
}
