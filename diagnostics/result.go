package diagnostics

import (
	"time"

	"posdoctor/enum"
)

// Status is how a step ended.
type Status int

const (
	StatusPass    Status = iota // nothing wrong
	StatusWarn                  // works, but something needs attention
	StatusFail                  // a fault was found
	StatusSkipped               // not run (not chosen, nothing to test, or an earlier step lost the link)
	StatusError                 // could not run: link lost, no answer
)

var statusNames = enum.Names[Status]{"pass", "warn", "fail", "skipped", "error"}

func (s Status) String() string { return statusNames.String(s) }

// ParseStatus reads a name as String writes it.
func ParseStatus(s string) (Status, error) { return statusNames.Parse(s) }

func (s Status) MarshalText() ([]byte, error) { return statusNames.MarshalText(s) }

func (s *Status) UnmarshalText(b []byte) error { return statusNames.UnmarshalText(s, b) }

// Severity says how much a finding matters.
type Severity int

const (
	SeverityInfo     Severity = iota // worth knowing
	SeverityWarning                  // needs attention soon
	SeverityCritical                 // the terminal cannot work properly until fixed
)

var severityNames = enum.Names[Severity]{"info", "warning", "critical"}

func (s Severity) String() string { return severityNames.String(s) }

// ParseSeverity reads a name as String writes it.
func ParseSeverity(s string) (Severity, error) { return severityNames.Parse(s) }

func (s Severity) MarshalText() ([]byte, error) { return severityNames.MarshalText(s) }

func (s *Severity) UnmarshalText(b []byte) error { return severityNames.UnmarshalText(s, b) }

// Who acts on a finding.
type Who int

const (
	WhoTechnician Who = iota // on site, now
	WhoMerchant              // the shop
	WhoCardholder            // the customer
	WhoIssuer                // the card-issuing bank
	WhoProvider              // the payment service provider / acquirer
)

var whoNames = enum.Names[Who]{"technician", "merchant", "cardholder", "issuer", "provider"}

func (w Who) String() string { return whoNames.String(w) }

// ParseWho reads a name as String writes it.
func ParseWho(s string) (Who, error) { return whoNames.Parse(s) }

func (w Who) MarshalText() ([]byte, error) { return whoNames.MarshalText(w) }

func (w *Who) UnmarshalText(b []byte) error { return whoNames.UnmarshalText(w, b) }

// Finding is one thing a step found: a code the code book explains, how much it matters, who
// acts, and what to do.
type Finding struct {
	Code     string   `json:"code"`     // ISO 8583 / UnionPay RC, PROTOCOL.md §7 code, or a code of codes.go
	Severity Severity `json:"severity"` // info, warning, critical
	Who      Who      `json:"who"`      // who acts
	Message  string   `json:"message"`  // what was found, with the particulars (key names, counts, times)
	Actions  []string `json:"actions"`  // concrete things to do, in order
	// MessageKey is the template Message was rendered from (MessageTemplates) with
	// MessageArgs: a GUI translates by it.
	MessageKey  string         `json:"message_key,omitempty"`
	MessageArgs map[string]any `json:"message_args,omitempty"`
}

// StepResult is how one step went.
type StepResult struct {
	ID      StepID `json:"id"`
	Status  Status `json:"status"`
	Summary string `json:"summary"` // one line
	// SummaryKey is the template Summary was rendered from (MessageTemplates) with
	// SummaryArgs: a GUI translates by it.
	SummaryKey  string         `json:"summary_key,omitempty"`
	SummaryArgs map[string]any `json:"summary_args,omitempty"`
	Findings    []Finding      `json:"findings"` // never nil in JSON: [] when none
	Evidence    map[string]any `json:"evidence"` // raw fields, counts, timings: plain JSON values
	Started     time.Time      `json:"started"`
	Duration    time.Duration  `json:"-"`
	// DurationMS is Duration in milliseconds, for JSON.
	DurationMS int64 `json:"duration_ms"`
}

// VerdictKind is the outcome of a whole run.
type VerdictKind int

const (
	VerdictAllPass       VerdictKind = iota // nothing wrong
	VerdictFixOnSite                        // problems a technician can fix at the counter
	VerdictNeedsProvider                    // needs the payment service provider (escalate)
	VerdictIncomplete                       // the check could not finish (link lost, cancelled)
)

var verdictNames = enum.Names[VerdictKind]{"all-pass", "fix-on-site", "needs-provider", "incomplete"}

func (v VerdictKind) String() string { return verdictNames.String(v) }

// ParseVerdictKind reads a name as String writes it.
func ParseVerdictKind(s string) (VerdictKind, error) { return verdictNames.Parse(s) }

func (v VerdictKind) MarshalText() ([]byte, error) { return verdictNames.MarshalText(v) }

func (v *VerdictKind) UnmarshalText(b []byte) error { return verdictNames.UnmarshalText(v, b) }

// Verdict sums up a run.
type Verdict struct {
	Kind    VerdictKind `json:"kind"`
	Reasons []string    `json:"reasons"` // why: the codes and messages that decided it
}

// Transaction is one journal record (PROTOCOL.md §5 REC), PAN already masked.
type Transaction struct {
	Time    time.Time `json:"time"`
	Type    string    `json:"type"`   // SALE VOID REFUND PREAUTH REVERSAL BALANCE
	Amount  int64     `json:"amount"` // fen
	PAN     string    `json:"pan"`    // masked: first 6, last 4
	Trace   string    `json:"trace"`
	RRN     string    `json:"rrn"`
	Auth    string    `json:"auth"`
	RC      string    `json:"rc"`
	Flags   string    `json:"flags"`   // R P O U
	Flagged []string  `json:"flagged"` // finding codes that point at this record (REVERSAL-PENDING, DUPLICATE-CHARGE, FAILED-TXNS)
}

// Event is one event-log record (PROTOCOL.md §5 EVT).
type Event struct {
	Time time.Time `json:"time"`
	Code string    `json:"code"`
	Text string    `json:"text"`
}

// Report is a whole checklist run. Its JSON is the stable shape of `posdoctor check --json`
// (docs/checklist.md).
type Report struct {
	Terminal     map[string]string `json:"terminal"` // ST fields, lower-case names
	Steps        []StepResult      `json:"steps"`    // in run order
	Verdict      Verdict           `json:"verdict"`
	Started      time.Time         `json:"started"`
	Finished     time.Time         `json:"finished"`
	Transactions []Transaction     `json:"transactions,omitempty"` // the journal as fetched, flagged first
	Events       []Event           `json:"events,omitempty"`       // the event log as fetched
}

// Step returns the result of step id, if it ran.
func (r *Report) Step(id StepID) (StepResult, bool) {
	for _, s := range r.Steps {
		if s.ID == id {
			return s, true
		}
	}
	return StepResult{}, false
}
