package reports

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"posdoctor/diagnostics"
)

// Category is the kind of problem an incident is about; the monthly report counts by it.
type Category int

// Categories. The zero value is CategoryOther, so an incident nobody classified counts as
// "other" rather than as a guess.
const (
	CategoryOther              Category = iota // none of the below, or not known yet
	CategoryCommunication                      // dial tone, line, SIM, signal, host link
	CategoryPrinter                            // paper, cover, print head, light printing
	CategoryKeypad                             // stuck or dead keys
	CategoryKeysSignOn                         // master key, working keys, sign-on, MAC errors
	CategoryCardReading                        // swipe, chip or contactless reading
	CategoryHostMerchantSetup                  // merchant or TID not set up or stopped at the host
	CategoryTransactionDispute                 // debit without success, duplicate charge, reversal
)

var categoryNames = [...]string{
	"other", "communication", "printer", "keypad", "keys-signon", "card-reading",
	"host-merchant-setup", "transaction-dispute",
}

var categoryLabels = [...][2]string{
	{"其他", "Other"},
	{"通讯", "Communication"},
	{"打印机", "Printer"},
	{"键盘", "Keypad"},
	{"密钥与签到", "Keys and sign-on"},
	{"读卡", "Card reading"},
	{"主机/商户设置", "Host / merchant set-up"},
	{"交易争议", "Transaction dispute"},
}

// Categories lists every category in display order (other last).
func Categories() []Category {
	return []Category{
		CategoryCommunication, CategoryPrinter, CategoryKeypad, CategoryKeysSignOn,
		CategoryCardReading, CategoryHostMerchantSetup, CategoryTransactionDispute, CategoryOther,
	}
}

// String returns the category's stable name ("keys-signon"), as stored and in JSON.
func (c Category) String() string {
	if c >= 0 && int(c) < len(categoryNames) {
		return categoryNames[c]
	}
	return fmt.Sprintf("Category(%d)", int(c))
}

// Label returns the category in lang ("zh" or "en").
func (c Category) Label(lang string) string {
	if c < 0 || int(c) >= len(categoryLabels) {
		return c.String()
	}
	if lang == "en" {
		return categoryLabels[c][1]
	}
	return categoryLabels[c][0]
}

// ParseCategory reads a category name as String writes it.
func ParseCategory(s string) (Category, error) {
	for i, n := range categoryNames {
		if n == s {
			return Category(i), nil
		}
	}
	return 0, fmt.Errorf("unknown incident category %q (want one of %s)", s, strings.Join(categoryNames[:], ", "))
}

// MarshalText writes the category's name.
func (c Category) MarshalText() ([]byte, error) {
	if c < 0 || int(c) >= len(categoryNames) {
		return nil, fmt.Errorf("invalid incident category %d", int(c))
	}
	return []byte(c.String()), nil
}

// UnmarshalText reads a category's name.
func (c *Category) UnmarshalText(b []byte) error {
	v, err := ParseCategory(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Resolution is how a visit ended.
type Resolution int

// Resolutions. The zero value means the visit is still open.
const (
	ResolutionOpen         Resolution = iota // not resolved yet
	ResolutionFixedOnSite                    // fixed at the counter
	ResolutionEscalated                      // handed to the payment service provider
	ResolutionWaitingParts                   // waiting for parts
	ResolutionSwapped                        // terminal swapped (after settlement)
)

var resolutionNames = [...]string{"open", "fixed-on-site", "escalated", "waiting-parts", "swapped"}

var resolutionLabels = [...][2]string{
	{"未结案", "Open"},
	{"现场已修复", "Fixed on site"},
	{"已升级至服务商", "Escalated to the service provider"},
	{"等待配件", "Waiting for parts"},
	{"已换机", "Terminal swapped"},
}

// Resolutions lists every resolution in display order.
func Resolutions() []Resolution {
	return []Resolution{ResolutionOpen, ResolutionFixedOnSite, ResolutionEscalated, ResolutionWaitingParts, ResolutionSwapped}
}

// String returns the resolution's stable name ("fixed-on-site"), as stored and in JSON.
func (r Resolution) String() string {
	if r >= 0 && int(r) < len(resolutionNames) {
		return resolutionNames[r]
	}
	return fmt.Sprintf("Resolution(%d)", int(r))
}

// Label returns the resolution in lang ("zh" or "en").
func (r Resolution) Label(lang string) string {
	if r < 0 || int(r) >= len(resolutionLabels) {
		return r.String()
	}
	if lang == "en" {
		return resolutionLabels[r][1]
	}
	return resolutionLabels[r][0]
}

// ParseResolution reads a resolution name as String writes it.
func ParseResolution(s string) (Resolution, error) {
	for i, n := range resolutionNames {
		if n == s {
			return Resolution(i), nil
		}
	}
	return 0, fmt.Errorf("unknown resolution %q (want one of %s)", s, strings.Join(resolutionNames[:], ", "))
}

// MarshalText writes the resolution's name.
func (r Resolution) MarshalText() ([]byte, error) {
	if r < 0 || int(r) >= len(resolutionNames) {
		return nil, fmt.Errorf("invalid resolution %d", int(r))
	}
	return []byte(r.String()), nil
}

// UnmarshalText reads a resolution's name.
func (r *Resolution) UnmarshalText(b []byte) error {
	v, err := ParseResolution(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

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

	Actions          []Action    `json:"actions"`
	Resolution       Resolution  `json:"resolution"`
	EscalationReason string      `json:"escalation_reason"`
	Notes            string      `json:"notes"`
	Trace            []TraceLine `json:"trace"` // link trace excerpt, last exchanges
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

// ErrOtherTerminal is returned by AddRun for a run from another terminal than the visit's: a
// visit is one terminal (TID and serial), and that run belongs to a visit of its own.
var ErrOtherTerminal = errors.New("the run is from another terminal than the visit's")

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
// duplicate, failed) first, each group in its original order.
func FlaggedFirst(txns []diagnostics.Transaction) []diagnostics.Transaction {
	out := slices.Clone(txns)
	slices.SortStableFunc(out, func(a, b diagnostics.Transaction) int {
		return flagRank(a) - flagRank(b)
	})
	return out
}

// TxnFlag says why a journal record matters for money.
type TxnFlag int

// Transaction flags, most urgent first.
const (
	TxnNormal             TxnFlag = iota // nothing to look at
	TxnUnconfirmedReverse                // reversal not confirmed (冲正未确认): never re-swipe
	TxnPossibleDuplicate                 // possible duplicate charge
	TxnFailed                            // declined or failed (RC not 00)
)

var txnFlagNames = [...]string{"normal", "unconfirmed-reversal", "possible-duplicate", "failed"}

// String returns the flag's name ("unconfirmed-reversal").
func (f TxnFlag) String() string {
	if f >= 0 && int(f) < len(txnFlagNames) {
		return txnFlagNames[f]
	}
	return fmt.Sprintf("TxnFlag(%d)", int(f))
}

// ParseTxnFlag reads a flag name as String writes it.
func ParseTxnFlag(s string) (TxnFlag, error) {
	for i, n := range txnFlagNames {
		if n == s {
			return TxnFlag(i), nil
		}
	}
	return 0, fmt.Errorf("unknown transaction flag %q (want one of %s)", s, strings.Join(txnFlagNames[:], ", "))
}

// ClassifyTxn says why a transaction is flagged, from the checklist's flags and its own fields.
func ClassifyTxn(t diagnostics.Transaction) TxnFlag {
	has := func(code string) bool { return slices.Contains(t.Flagged, code) }
	switch {
	case has(diagnostics.CodeUnconfirmedRev) || strings.Contains(t.Flags, "U"):
		return TxnUnconfirmedReverse
	case has(diagnostics.CodeDuplicateCharge):
		return TxnPossibleDuplicate
	case has(diagnostics.CodeFailedTxns) || (t.RC != "" && t.RC != "00"):
		return TxnFailed
	case len(t.Flagged) > 0:
		return TxnFailed
	}
	return TxnNormal
}

func flagRank(t diagnostics.Transaction) int {
	if f := ClassifyTxn(t); f != TxnNormal {
		return int(f)
	}
	return 100
}

// categoryOfCode maps finding and result codes to the problem they point at.
var categoryOfCode = map[string]Category{
	"H1": CategoryCommunication, "H2": CategoryCommunication, "H3": CategoryCommunication,
	"H4": CategoryCommunication, "H5": CategoryCommunication, "H6": CategoryCommunication,
	"96": CategoryCommunication, "98": CategoryCommunication, "68": CategoryCommunication,
	diagnostics.CodeWeakSignal: CategoryCommunication, diagnostics.CodeSignalUnknown: CategoryCommunication,
	diagnostics.CodeHostSlow: CategoryCommunication,

	"P1": CategoryPrinter, "P2": CategoryPrinter, "P3": CategoryPrinter, "P4": CategoryPrinter, "P5": CategoryPrinter,
	diagnostics.CodePaperLow: CategoryPrinter, diagnostics.CodePrintIllegible: CategoryPrinter,

	diagnostics.CodeStuckKey: CategoryKeypad, diagnostics.CodeDeadKey: CategoryKeypad,
	diagnostics.CodeKeyHeld: CategoryKeypad, diagnostics.CodeKeypadIncomplete: CategoryKeypad,

	"K1": CategoryKeysSignOn, "K2": CategoryKeysSignOn, "A0": CategoryKeysSignOn,
	diagnostics.CodeNotSignedOn: CategoryKeysSignOn, diagnostics.CodeSignOnOld: CategoryKeysSignOn,
	diagnostics.CodeKeyAbsent: CategoryKeysSignOn,

	"14": CategoryCardReading, "54": CategoryCardReading,

	"03": CategoryHostMerchantSetup, "97": CategoryHostMerchantSetup, "12": CategoryHostMerchantSetup,
	"58": CategoryHostMerchantSetup,

	diagnostics.CodeUnconfirmedRev: CategoryTransactionDispute, diagnostics.CodeDuplicateCharge: CategoryTransactionDispute,
}

// symptomWords maps words of a reported symptom to a category.
var symptomWords = []struct {
	words []string
	cat   Category
}{
	{[]string{"扣款", "扣钱", "重复", "冲正", "退款", "debit", "charged twice", "duplicate", "reversal", "refund"}, CategoryTransactionDispute},
	{[]string{"打印", "签购单", "小票", "纸", "print", "slip", "paper"}, CategoryPrinter},
	{[]string{"按键", "键盘", "死机", "keypad", "key stuck", "button"}, CategoryKeypad},
	{[]string{"签到", "密钥", "MAC", "sign-on", "sign on", "key error"}, CategoryKeysSignOn},
	{[]string{"刷卡", "读卡", "插卡", "挥卡", "芯片", "磁条", "swipe", "card read", "chip", "contactless"}, CategoryCardReading},
	{[]string{"商户", "终端号", "merchant", "terminal id"}, CategoryHostMerchantSetup},
	{[]string{"拨号", "线路", "通讯", "网络", "信号", "超时", "dial", "line", "network", "signal", "timeout", "offline"}, CategoryCommunication},
}

// GuessCategory proposes a category from the symptom and the runs' findings: each critical
// finding weighs 3, each warning 2, a word of the symptom 2; the heaviest wins, ties going
// to the earlier category of Categories. Nothing known gives CategoryOther.
func GuessCategory(symptom string, runs ...diagnostics.Report) Category {
	score := map[Category]int{}
	for _, r := range runs {
		for _, s := range r.Steps {
			for _, f := range s.Findings {
				c, ok := categoryOfCode[f.Code]
				if !ok {
					continue
				}
				switch f.Severity {
				case diagnostics.SeverityCritical:
					score[c] += 3
				case diagnostics.SeverityWarning:
					score[c] += 2
				}
			}
		}
	}
	low := strings.ToLower(symptom)
	for _, sw := range symptomWords {
		for _, w := range sw.words {
			if strings.Contains(low, strings.ToLower(w)) {
				score[sw.cat] += 2
				break
			}
		}
	}
	best, bestScore := CategoryOther, 0
	for _, c := range Categories() {
		if score[c] > bestScore {
			best, bestScore = c, score[c]
		}
	}
	return best
}

// FindingCodes lists the distinct finding codes of the incident's runs, in first-seen order.
func (inc *Incident) FindingCodes() []string {
	var out []string
	for _, r := range inc.Runs {
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

// AllCodes lists the codes seen and the finding codes, distinct, seen codes first.
func (inc *Incident) AllCodes() []string {
	var out []string
	for _, c := range inc.Codes {
		if c.Code != "" && !slices.Contains(out, c.Code) {
			out = append(out, c.Code)
		}
	}
	for _, c := range inc.FindingCodes() {
		if !slices.Contains(out, c) {
			out = append(out, c)
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
