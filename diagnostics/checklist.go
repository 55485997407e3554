package diagnostics

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"posdoctor/locale"
	"posdoctor/serialio"
)

// Terminal is what the checklist needs of a terminal. serialio.Client satisfies it; so does
// anything else that speaks TML/1 (PROTOCOL.md §4).
type Terminal interface {
	// Exchange sends a request and returns the response with the same CMD and SEQ.
	Exchange(ctx context.Context, req serialio.Message) (serialio.Message, error)
	// Probe sends ENQ and waits for ACK.
	Probe(ctx context.Context) error
	// Events delivers unsolicited KE, KX and EV messages; closed when the link ends.
	Events() <-chan serialio.Message
}

var _ Terminal = (*serialio.Client)(nil)

// linkStats is implemented by terminals that count resends and NAKs (serialio.Client).
type linkStats interface {
	Stats() serialio.ClientStats
}

// Question is something the checklist asks the person at the counter.
type Question int

const (
	AskSlipLegible Question = iota // printer: is the test slip legible?
	AskSignOn                      // signon: sign on now (new working keys)?
)

// QuestionText is the English text of a question; the GUI translates it by this text.
func QuestionText(q Question) string {
	switch q {
	case AskSlipLegible:
		return "Look at the test slip the terminal just printed. Is it complete and easy to read (not light, faded or blank)?"
	case AskSignOn:
		return "Sign-on (签到) logs the terminal on to the acquirer host and downloads new working keys (PIN, MAC and track keys). It uses one trace number and takes up to a minute. Sign on now?"
	}
	return ""
}

// Operator is the person running the check: the CLI prompts on the terminal, the GUI shows
// dialogs, --yes answers for an unattended run. Its methods are called from the checklist's
// goroutine and must return when ctx is done.
type Operator interface {
	// Confirm asks a yes/no question; text explains it.
	Confirm(ctx context.Context, q Question, text string) (bool, error)
	// KeypadStarted shows the terminal's key set as the keypad test begins.
	KeypadStarted(keys []string)
	// KeyEvent reports a key going down or up.
	KeyEvent(key string, down bool)
	// KeypadStop is closed (or receives) when the technician stops the keypad test; nil never stops.
	KeypadStop() <-chan struct{}
	// Unattended reports whether nobody is at the keypad: the keypad step then relies on the
	// terminal's own presses and ends when they stop coming.
	Unattended() bool
}

// Phase is where a step is.
type Phase int

const (
	PhaseStarted Phase = iota
	PhaseWorking       // sub-progress: Done of Total (Total 0 when unknown)
	PhaseDone          // Result is set
)

// Progress reports what the checklist is doing, as it happens.
type Progress struct {
	Step  StepID
	Phase Phase
	Done  int
	Total int
	Text  string // the current action, in words (English)
	// TextKey is the template Text was rendered from (MessageTemplates) with TextArgs: a GUI
	// translates by it. Progress is not part of the report.
	TextKey  string
	TextArgs map[string]any
	Result   *StepResult // with PhaseDone
}

// Checklist runs the steps against a terminal.
type Checklist struct {
	Term Terminal
	Op   Operator
	// OnProgress is called from the checklist's goroutine; it must not block for long.
	OnProgress func(Progress)
	// OnStep, when set, is called from the checklist's goroutine after each step with the run
	// so far (its own copy: the steps done, the terminal's status, the verdict over them), so
	// a front end can save the run as it goes and a crash loses no finished step.
	OnStep func(Report)
	// Steps to run, by id, in run order; nil runs all of StepIDs.
	Steps []StepID
	// Now is the laptop's clock (for drift); nil is time.Now.
	Now func() time.Time

	EchoRounds     int           // link: echo rounds (default 4: every byte value, 4 patterns)
	KeypadTimeout  time.Duration // keypad: KT TIMEOUT (default 60 s; 10-300 s)
	KeypadIdle     time.Duration // keypad, unattended: end when no key event for this long (default 3 s)
	KeypadFirstKey time.Duration // keypad, unattended: skip when no key event at all within this (default 8 s)
	JournalDays    int           // journal: fetch records from this many days back (default 30)
	MaxPages       int           // journal/event log: page bound against a terminal that never says MORE=N (default 2000)
	SlipText       string        // printer: PT's TEXT, printed on the test slip (default DefaultSlipText; at most 64 characters)
	BusyWait       time.Duration // how long a terminal that answers E3 (busy) is asked again (default 15 s)
}

// errSkipRest ends a step with the result it has (a fail, say) and skips the steps after it.
// summary is the skipped steps' summary template (no args).
type errSkipRest struct{ summary string }

func (e errSkipRest) Error() string { return render(e.summary, nil) }

// errAbort marks an error after which no later step can run (the link is gone, or cancelled).
type errAbort struct{ err error }

func (e errAbort) Error() string { return e.err.Error() }
func (e errAbort) Unwrap() error { return e.err }

// linkLostMessage is the LINK-LOST message for err, a link that ended (linkGone): what ended it.
func linkLostMessage(err error) string {
	switch {
	case errors.Is(err, serialio.ErrPeerClosed):
		return msgLinkPeerClosed
	case errors.Is(err, serialio.ErrLinkLost):
		return msgLinkLineGone
	case errors.Is(err, serialio.ErrLinkFailed):
		return msgLinkNoAck
	}
	return msgLinkClosed
}

// linkEnded is the error for a link that ended while what waited for the terminal's events:
// why it ended, when the terminal says (serialio.Client.Err).
func (r *run) linkEnded(what string) error {
	if t, ok := r.c.Term.(interface{ Err() error }); ok && t.Err() != nil {
		return fmt.Errorf("the link ended during %s: %w", what, t.Err())
	}
	return fmt.Errorf("the link ended during %s", what)
}

// linkGone reports whether err means the link itself ended.
func linkGone(err error) bool {
	return errors.Is(err, serialio.ErrLinkLost) || errors.Is(err, serialio.ErrPeerClosed) ||
		errors.Is(err, serialio.ErrClosed) || errors.Is(err, serialio.ErrLinkFailed)
}

func (c *Checklist) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Checklist) progress(p Progress) {
	if c.OnProgress != nil {
		c.OnProgress(p)
	}
}

// run is the state one run carries between steps.
type run struct {
	c      *Checklist
	ctx    context.Context
	rep    *Report
	st     serialio.Message // the last ST response
	stAt   time.Time        // laptop time when it arrived
	steps  map[StepID]bool  // the steps of this run
	txns   []Transaction
	events []Event
	step   StepID // the step running
	// lastAsk is how long the last request took, from its last sending: the time the terminal
	// spent answering E3 (busy) before it is not the line's (exchange)
	lastAsk time.Duration
	busy    int // E3 answers so far
}

// Run runs the chosen steps in order and returns the report. A step that loses the link ends
// as error and the rest are skipped; everything gathered so far is kept. Run returns when
// ctx is cancelled, with the running step as error.
func (c *Checklist) Run(ctx context.Context) *Report {
	ids := c.Steps
	if ids == nil {
		ids = StepIDs()
	}
	r := &run{c: c, ctx: ctx, rep: &Report{Terminal: map[string]string{}, Started: c.now()}, steps: map[StepID]bool{}}
	for _, id := range ids {
		r.steps[id] = true
	}
	var abort *notRun // why the remaining steps are skipped
	for _, id := range ids {
		fn := stepFuncs[id]
		res := StepResult{ID: id, Started: c.now(), Findings: []Finding{}, Evidence: map[string]any{}}
		switch {
		case fn == nil:
			res.Status = StatusError
			setSummary(&res, sumUnknownStep, kv{"Step": fmt.Sprintf("%q", id)})
		case abort != nil:
			res.Status = StatusSkipped
			setSummary(&res, abort.key, abort.args)
		default:
			r.step = id
			c.progress(Progress{Step: id, Phase: PhaseStarted, Text: stepTitles[id], TextKey: stepTitles[id]})
			err := fn(r, &res)
			var skip errSkipRest
			if errors.As(err, &skip) {
				abort, err = &notRun{key: skip.summary}, nil
			}
			if err != nil {
				res.Status = StatusError
				if ctx.Err() == nil {
					res.Evidence["error"] = err.Error() // the details, in English
				}
				var ab errAbort
				var re *serialio.RequestError
				switch {
				case ctx.Err() != nil:
					setSummary(&res, sumCancelled, nil)
					abort = &notRun{key: sumNotRunCancelled}
				case errors.As(err, &ab) || linkGone(err):
					setSummary(&res, sumLinkLostNow, nil)
					res.Findings = append(res.Findings, finding(CodeLinkLost, SeverityCritical, WhoTechnician, linkLostMessage(err), nil))
					abort = &notRun{key: sumNotRunLinkLostIn, args: kv{"Step": id.Name().In(locale.EN)}}
				case errors.As(err, &re) && errors.Is(err, serialio.ErrLinePoor):
					// the terminal is there (it answers ENQ): the next steps may get through
					args := kv{"Cmd": re.Cmd.String(), "Asked": re.Asked}
					setSummary(&res, sumLineTooPoor, args)
					res.Findings = append(res.Findings, finding(CodeLinkPoor, SeverityCritical, WhoTechnician, msgLineTooPoor, args))
				case errors.As(err, &re) && errors.Is(err, serialio.ErrTimeout):
					setSummary(&res, sumNoResponse, kv{"Cmd": re.Cmd.String(), "S": int64(re.Timeout.Seconds())})
				default:
					setSummary(&res, sumCouldNot, nil)
				}
			}
		}
		res.Duration = c.now().Sub(res.Started)
		res.DurationMS = res.Duration.Milliseconds()
		maskStep(&res)
		r.rep.Steps = append(r.rep.Steps, res)
		c.progress(Progress{Step: id, Phase: PhaseDone, Result: &r.rep.Steps[len(r.rep.Steps)-1]})
		if c.OnStep != nil {
			c.OnStep(r.soFar())
		}
	}
	if r.st.Cmd == "" && abort == nil && ctx.Err() == nil {
		r.identify()
	}
	maskReport(r.rep)
	r.rep.Transactions, r.rep.Events = sortTransactions(r.txns), r.events
	r.rep.Finished = c.now()
	r.rep.Verdict = verdict(r.rep)
	return r.rep
}

// soFar is a copy of the run as it stands after a step: steps are masked as they end, the
// terminal's status is masked here, the journal comes with the finished run.
func (r *run) soFar() Report {
	rep := Report{Terminal: maps.Clone(r.rep.Terminal), Steps: slices.Clone(r.rep.Steps), Started: r.rep.Started, Finished: r.c.now()}
	maskReport(&rep)
	rep.Verdict = verdict(&rep)
	return rep
}

var stepFuncs = map[StepID]func(*run, *StepResult) error{
	StepLink:     (*run).link,
	StepTerminal: (*run).terminal,
	StepHost:     (*run).host,
	StepKeys:     (*run).keys,
	StepKeypad:   (*run).keypad,
	StepPrinter:  (*run).printer,
	StepSignOn:   (*run).signon,
	StepJournal:  (*run).journal,
}

// Busy terminal (RC E3, PROTOCOL.md §7): the request was not run, so asking again is safe.
const (
	busyRetryEvery = 300 * time.Millisecond
	busyRetryFor   = 15 * time.Second
)

func (c *Checklist) busyWait() time.Duration {
	if c.BusyWait > 0 {
		return c.BusyWait
	}
	return busyRetryFor
}

// exchange sends one request; a non-00 RC is returned as the response, not an error. While
// the terminal answers E3 (busy with another operation, e.g. a request from another screen) it
// asks again, for BusyWait at most, and then returns the E3 answer. r.lastAsk is how long the
// last ask took: the time spent busy is the terminal's, not the line's.
func (r *run) exchange(cmd serialio.Command, fields ...serialio.Field) (serialio.Message, error) {
	deadline := time.Now().Add(r.c.busyWait())
	for {
		t0 := time.Now()
		resp, err := r.ask(serialio.Message{Cmd: cmd, Fields: fields})
		r.lastAsk = time.Since(t0)
		if err != nil {
			if linkGone(err) {
				return resp, errAbort{err}
			}
			return resp, err
		}
		if resp.RC() == "" {
			return resp, fmt.Errorf("the terminal's answer to %s has no RC first: %s", cmd, resp)
		}
		if resp.RC() != "E3" {
			return resp, nil
		}
		r.busy++
		if time.Now().After(deadline) {
			return resp, nil
		}
		select {
		case <-time.After(busyRetryEvery):
		case <-r.ctx.Done():
			return resp, r.ctx.Err()
		}
	}
}

// unstoppable are the operations PROTOCOL.md gives no way to stop once the terminal has the
// request (§5: only the keypad test has an end, KX): the comm test, the print and the sign-on.
// Each names what the terminal is doing, for the progress of a cancel that waits for it.
var unstoppable = map[serialio.Command]string{
	serialio.CmdCommTest:  tpl("the comm test"),
	serialio.CmdPrintTest: tpl("the test print"),
	serialio.CmdSignOn:    tpl("the sign-on"),
}

// finishSlack is what a cancel waits beyond the protocol's response timeout of an unstoppable
// operation for its answer: the sends of the request and the asking again once.
const finishSlack = 5 * time.Second

// ask sends one request under the run's context. An operation the terminal cannot be stopped in
// (unstoppable) outlives a cancel: the terminal goes on with it and answers E3 to everything
// meanwhile (a cancelled host test made the next check's echoes wait and its line look poor), and
// a sign-on or a print is done whether or not anyone waits. So a cancel waits for its answer,
// saying so in the progress, at most the command's response timeout (§4) and finishSlack, and
// then returns the run's error: the step is cancelled, the terminal is idle again.
func (r *run) ask(req serialio.Message) (serialio.Message, error) {
	what, long := unstoppable[req.Cmd]
	if !long {
		return r.c.Term.Exchange(r.ctx, req)
	}
	if err := r.ctx.Err(); err != nil {
		return serialio.Message{}, err // cancelled before it was sent: nothing to wait for
	}
	type answer struct {
		m   serialio.Message
		err error
	}
	ctx, abandon := context.WithCancel(context.WithoutCancel(r.ctx))
	defer abandon()
	done := make(chan answer, 1)
	go func() {
		m, err := r.c.Term.Exchange(ctx, req)
		done <- answer{m, err}
	}()
	select {
	case a := <-done:
		return a.m, a.err
	case <-r.ctx.Done():
	}
	bound := serialio.ResponseTimeout(req.Cmd) + finishSlack
	r.c.progress(working(r.step, 0, 0, progFinishing, kv{"What": what, "S": int64(bound.Seconds())}))
	wait := time.NewTimer(bound)
	defer wait.Stop()
	select {
	case <-done:
	case <-wait.C:
	}
	return serialio.Message{}, r.ctx.Err()
}

// status fetches ST once per run (again only if asked).
func (r *run) status(refresh bool) (serialio.Message, error) {
	if r.st.Cmd != "" && !refresh {
		return r.st, nil
	}
	resp, err := r.exchange(serialio.CmdStatus)
	if err != nil {
		return resp, err
	}
	r.keepStatus(resp)
	return resp, nil
}

// keepStatus records an ST response as the run's view of the terminal.
func (r *run) keepStatus(resp serialio.Message) {
	r.st, r.stAt = resp, r.c.now()
	for _, f := range resp.Fields {
		if f.Name != "RC" {
			r.rep.Terminal[strings.ToLower(f.Name)] = f.Value
		}
	}
}

// identify reads ST once, for a run none of whose steps did: every run names the terminal it
// talked to (TID and serial), so a visit never takes in another terminal's run. It asks once
// (a busy terminal is not asked again) and a failure changes no step's result.
func (r *run) identify() {
	resp, err := r.c.Term.Exchange(r.ctx, serialio.Message{Cmd: serialio.CmdStatus})
	if err == nil && resp.RC() == "00" {
		r.keepStatus(resp)
	}
}

// notRun is the summary of the steps skipped after a run stops early.
type notRun struct {
	key  string
	args kv
}

// finding makes a finding whose message is the template key rendered with args, with the
// code's default actions.
func finding(code string, sev Severity, who Who, key string, args kv) Finding {
	actions := defaultActions[code]
	if actions == nil {
		actions = []string{}
	}
	return Finding{Code: code, Severity: sev, Who: who, Message: render(key, args), MessageKey: key, MessageArgs: args, Actions: actions}
}

// keepFields records every field of a step's answer as its evidence, under the field's name in
// lower case after prefix.
func keepFields(res *StepResult, prefix string, fields []serialio.Field) {
	for _, f := range fields {
		res.Evidence[prefix+strings.ToLower(f.Name)] = f.Value
	}
}

// refused concludes a step whose command the terminal answered with rc, not 00, where no
// more particular reading of rc applies: one critical finding that says so, for the
// technician, and the step's summary key with the RC.
func refused(res *StepResult, cmd serialio.Command, rc, key string) {
	res.Findings = append(res.Findings, finding(rc, SeverityCritical, WhoTechnician, msgCmdRC, kv{"Cmd": cmd.String(), "RC": rc}))
	conclude(res, key, kv{"RC": rc})
}

// conclude sets a step's status from its findings (any critical → fail, any warning → warn)
// and its summary from a template.
func conclude(res *StepResult, key string, args kv) {
	res.Status = StatusPass
	for _, f := range res.Findings {
		switch {
		case f.Severity == SeverityCritical:
			res.Status = StatusFail
		case f.Severity == SeverityWarning && res.Status == StatusPass:
			res.Status = StatusWarn
		}
	}
	setSummary(res, key, args)
}

// verdict sums up a report.
func verdict(rep *Report) Verdict {
	v := Verdict{Kind: VerdictAllPass, Reasons: []string{}}
	provider := false
	problems := false
	// a code found by two steps (STUCK-KEY by the status and the keypad test) is one reason:
	// the first, in step order
	listed := map[string]bool{}
	reason := func(f Finding) {
		if !listed[f.Code] {
			listed[f.Code] = true
			v.Reasons = append(v.Reasons, f.Code+": "+f.Message)
		}
	}
	if len(rep.Steps) > 0 && !slices.ContainsFunc(rep.Steps, func(s StepResult) bool { return judged(s.Status) }) {
		// every step was skipped (sign-on declined, nothing to test): nothing passed
		v.Kind = VerdictIncomplete
		// the steps that could not run say why; when none erred (all declined or with nothing
		// to test), every step says why it was skipped
		errored := slices.ContainsFunc(rep.Steps, func(s StepResult) bool { return s.Status == StatusError })
		for _, s := range rep.Steps {
			if !errored || s.Status == StatusError {
				v.Reasons = append(v.Reasons, string(s.ID)+": "+s.Summary)
			}
		}
		for _, s := range rep.Steps { // and what was found on the way (LINK-POOR)
			for _, f := range s.Findings {
				if f.Severity != SeverityInfo {
					reason(f)
				}
			}
		}
		return v
	}
	// a step that could not run, or that the run never got to (cancelled before it: a visit
	// whose latest word on it is that), leaves the check incomplete. The steps that could not
	// run say why; the steps never reached only when none could not run (the cancelled or lost
	// step names the cause; a visit that still lacks them, after re-runs of the others, names
	// them)
	erred := slices.ContainsFunc(rep.Steps, func(s StepResult) bool { return s.Status == StatusError })
	for _, s := range rep.Steps {
		if s.Status == StatusError || Interrupted(s) {
			v.Kind = VerdictIncomplete
			if s.Status == StatusError || !erred {
				v.Reasons = append(v.Reasons, string(s.ID)+": "+s.Summary)
			}
		}
		for _, f := range s.Findings {
			if f.Severity == SeverityInfo {
				continue
			}
			problems = true
			if f.Severity == SeverityCritical && (f.Who == WhoProvider || f.Who == WhoIssuer) {
				provider = true
				reason(f)
			}
		}
	}
	switch {
	case v.Kind == VerdictIncomplete:
	case provider:
		v.Kind = VerdictNeedsProvider
	case problems:
		v.Kind = VerdictFixOnSite
	}
	// then everything else found above info, whatever the kind: what decided it comes first,
	// and a finding that puts a cardholder's money at risk (REVERSAL-PENDING) is never left out
	for _, s := range rep.Steps {
		for _, f := range s.Findings {
			if f.Severity != SeverityInfo {
				reason(f)
			}
		}
	}
	return v
}

// sortTransactions puts flagged records first, then the rest, each newest first.
func sortTransactions(t []Transaction) []Transaction {
	sort.SliceStable(t, func(i, j int) bool {
		fi, fj := len(t[i].Flagged) > 0, len(t[j].Flagged) > 0
		if fi != fj {
			return fi
		}
		return t[i].Time.After(t[j].Time)
	})
	return t
}
