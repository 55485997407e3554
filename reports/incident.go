package reports

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"posdoctor/diagnostics"
)

// CodeSeen is a code or screen prompt the merchant or technician saw on the terminal, with its
// code-book title (filled by the caller, or by the Explainer when the report is written).
type CodeSeen struct {
	Code    string `json:"code"`             // "03", "A0", "H1", or the prompt text when it has no code
	Prompt  string `json:"prompt,omitempty"` // the screen text as seen ("无效商户")
	TitleZH string `json:"title_zh,omitempty"`
	TitleEN string `json:"title_en,omitempty"`
}

// Action is one thing the technician did and what came of it.
type Action struct {
	Time   time.Time `json:"time"`
	What   string    `json:"what"`
	Result string    `json:"result,omitempty"`
}

// FormRecord is one merchant's form (an adjustment or collection request, docs/forms.md)
// produced during the visit from a transaction of its journal, so the month can count them.
type FormRecord struct {
	Kind     string    `json:"kind"`               // adjustment, collection
	Trace    string    `json:"trace"`              // the journal record's trace number
	Reason   string    `json:"reason"`             // the reason's stable name
	Note     string    `json:"note,omitempty"`     // the technician's words (the "other" reason, or why a form was insisted on)
	Contact  string    `json:"contact,omitempty"`  // how the provider reaches the technician, as printed
	Insisted bool      `json:"insisted,omitempty"` // produced although the form did not fit the transaction
	Produced time.Time `json:"produced"`
	// Txn is the journal record as printed on the form (card masked), so the workbook shows
	// the same form after a later run has fetched the journal again.
	Txn *diagnostics.Transaction `json:"txn,omitempty"`
}

// TraceLine is one entry of the link trace excerpt, as serialio.TraceEntry has it (callers
// convert; reports does not import serialio).
type TraceLine struct {
	Time time.Time `json:"time"`
	Dir  string    `json:"dir"`           // "in" or "out", seen from the laptop
	Kind string    `json:"kind"`          // bytes, frame, message, control, note
	Raw  []byte    `json:"raw,omitempty"` // bytes as they crossed the line (masked)
	Text string    `json:"text,omitempty"`
}

// Incident is one visit to one terminal: who, where, what was wrong, what was found and done.
// Every text in it is masked and scrubbed when it enters the store or a workbook
// (see Sanitize); the caller's value is never changed by Save.
type Incident struct {
	ID      string    `json:"id"` // UUID
	Opened  time.Time `json:"opened"`
	Closed  time.Time `json:"closed"`  // zero while open
	Updated time.Time `json:"updated"` // set by the store on every save; ignored on input
	// Reported is when the merchant reported the fault (the monthly time to restore counts
	// from it); zero, and absent from the JSON, when unknown.
	Reported time.Time `json:"reported,omitzero"`

	Technician string `json:"technician"`
	Branch     string `json:"branch"` // the branch (网点/支行) the terminal belongs to: the monthly report's unit
	Site       string `json:"site"`   // where the visit was: shop address or counter
	Merchant   string `json:"merchant"`
	MID        string `json:"mid"`
	TID        string `json:"tid"`
	Model      string `json:"model"`
	Serial     string `json:"serial"`
	Firmware   string `json:"firmware"`
	Comm       string `json:"comm"` // PSTN, GPRS, 4G, WIFI, ETH

	Symptom  string     `json:"symptom"` // as reported, free text
	Category Category   `json:"category"`
	Codes    []CodeSeen `json:"codes"` // codes and prompts seen

	Runs    []diagnostics.Report      `json:"runs"`    // every checklist run of the visit, whole
	Journal []diagnostics.Transaction `json:"journal"` // excerpt as fetched, flagged first
	Events  []diagnostics.Event       `json:"events"`  // the terminal's event log as fetched

	Actions          []Action     `json:"actions"`
	Forms            []FormRecord `json:"forms,omitempty"` // the merchant's forms produced from the journal
	Resolution       Resolution   `json:"resolution"`
	EscalationReason string       `json:"escalation_reason"`
	Notes            string       `json:"notes"`
	Trace            []TraceLine  `json:"trace"` // link trace excerpt, last exchanges
}

// NewIncident starts a visit opened at now, with a fresh id.
func NewIncident(now time.Time) *Incident {
	return &Incident{ID: uuid.NewString(), Opened: now}
}

// IncidentFromReport records a checklist run as a new incident: the terminal's identity from
// the run, the run itself, its journal and event log, and a category guessed from the
// findings and the symptom. `posdoctor check --save` uses it, then Store.Save.
func IncidentFromReport(rep diagnostics.Report, technician, symptom string, now time.Time) *Incident {
	inc := NewIncident(now)
	if !rep.Started.IsZero() && rep.Started.Before(now) {
		inc.Opened = rep.Started
	}
	inc.Technician = technician
	inc.Symptom = symptom
	_ = inc.AddRun(rep) // a new visit takes any terminal
	inc.Category = GuessCategory(symptom, inc.Runs...)
	return inc
}

// AddRun appends a checklist run to the visit. It fills identity fields still empty from the
// run's terminal status, and when the run fetched a journal or event log, those become the
// visit's excerpt (flagged transactions first). A run whose terminal (TID and serial) is not
// the visit's is refused with ErrOtherTerminal and the visit is left as it was.
func (inc *Incident) AddRun(rep diagnostics.Report) error {
	if !diagnostics.SameTerminal(inc.terminal(), rep.Terminal) {
		return fmt.Errorf("%w: the visit is TID %s serial %s, the run TID %s serial %s", ErrOtherTerminal,
			orNone(inc.TID), orNone(inc.Serial), orNone(rep.Terminal["tid"]), orNone(rep.Terminal["sn"]))
	}
	inc.Runs = append(inc.Runs, rep)
	inc.fillIdentity(rep.Terminal)
	if len(rep.Transactions) > 0 {
		inc.Journal = FlaggedFirst(rep.Transactions)
	}
	if len(rep.Events) > 0 {
		inc.Events = slices.Clone(rep.Events)
	}
	return nil
}

// terminal is the visit's identity as ST field names, for diagnostics.SameTerminal.
func (inc *Incident) terminal() map[string]string {
	if inc.TID == "" && inc.Serial == "" {
		return nil
	}
	return map[string]string{"tid": inc.TID, "sn": inc.Serial}
}

func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(none)"
	}
	return s
}

// fillIdentity copies the ST fields (PROTOCOL.md §5, lower-case names) into empty identity fields.
func (inc *Incident) fillIdentity(st map[string]string) {
	set := func(dst *string, keys ...string) {
		if *dst != "" {
			return
		}
		for _, k := range keys {
			if v := strings.TrimSpace(st[k]); v != "" {
				*dst = v
				return
			}
		}
	}
	set(&inc.Model, "model")
	set(&inc.Serial, "sn", "serial")
	set(&inc.Firmware, "fw", "firmware")
	set(&inc.TID, "tid")
	set(&inc.MID, "mid")
	set(&inc.Merchant, "mname", "merchant")
	set(&inc.Comm, "comm")
}

// FlaggedFirst returns a copy of txns with the flagged ones (unconfirmed reversal, possible
// duplicate, failed: diagnostics.Transaction.Flag) first, each group in its original order.
func FlaggedFirst(txns []diagnostics.Transaction) []diagnostics.Transaction {
	out := slices.Clone(txns)
	slices.SortStableFunc(out, func(a, b diagnostics.Transaction) int {
		return flagRank(a) - flagRank(b)
	})
	return out
}

// FlaggedCount is how many transactions of the journal excerpt are flagged.
func (inc *Incident) FlaggedCount() int {
	n := 0
	for _, t := range inc.Journal {
		if t.Flag() != diagnostics.TxnNormal {
			n++
		}
	}
	return n
}

func flagRank(t diagnostics.Transaction) int {
	if f := t.Flag(); f != diagnostics.TxnNormal {
		return int(f)
	}
	return 100
}

// FindingCodes lists the distinct finding codes of the incident's runs, in first-seen order.
func (inc *Incident) FindingCodes() []string { return findingCodes(inc.Runs...) }

// findingCodes lists the distinct finding codes of runs, in first-seen order.
func findingCodes(runs ...diagnostics.Report) []string {
	var out []string
	for _, r := range runs {
		for _, s := range r.Steps {
			for _, f := range s.Findings {
				if f.Code != "" && !slices.Contains(out, f.Code) {
					out = append(out, f.Code)
				}
			}
		}
	}
	return out
}

// Verdict returns the visit's verdict: over the latest result of every step of all its runs
// (diagnostics.LatestSteps), so re-running one step never hides what the others found. ok is
// false when no checklist ran.
func (inc *Incident) Verdict() (v diagnostics.Verdict, ok bool) {
	if len(inc.Runs) == 0 {
		return diagnostics.Verdict{}, false
	}
	return diagnostics.VerdictOf(inc.LatestSteps()), true
}

// LatestSteps returns the latest result of every step over the visit's runs, in step order.
func (inc *Incident) LatestSteps() []diagnostics.StepResult {
	runs := make([]*diagnostics.Report, len(inc.Runs))
	for i := range inc.Runs {
		runs[i] = &inc.Runs[i]
	}
	return diagnostics.LatestSteps(runs...)
}
