package drill

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
	"posdoctor/reports"
	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

// Mode is how an attempt is run.
type Mode string

const (
	// ModePractice gives hints and feedback as the trainee goes; attempts are unlimited.
	ModePractice Mode = "practice"
	// ModeAssessed gives no feedback until the end; every attempt gets a fresh seed (another
	// merchant, other amounts, another terminal identity).
	ModeAssessed Mode = "assessed"
)

// ParseMode reads practice or assessed.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case ModePractice, ModeAssessed:
		return m, nil
	}
	return "", fmt.Errorf("unknown mode %q (practice or assessed)", s)
}

// SlipStamp is printed on every slip the simulated terminal prints during a drill.
const SlipStamp = "培训 TRAINING"

// Options start an attempt.
type Options struct {
	Trainee string
	Trainer string
	Mode    Mode // "" is practice
	// Seed picks the simulated terminal's identity, journal and amounts. 0: practice takes the
	// drill's fixed seed, assessed a fresh random one.
	Seed int64
	// Clock is the drill's clock; nil is time.Now. Scripts run on a clock they move.
	Clock func() time.Time
	// Terminal, when set, is the simulated terminal the trainee works on (the GUI's
	// connection); its faults are set to the drill's at Start. Client is a client to it, for
	// the checks and commands the attempt runs itself. With Terminal nil the attempt builds
	// its own terminal, served in memory, and closes it in Finish.
	Terminal *termsim.Terminal
	Client   *serialio.Client
	// Speed runs the simulated terminal's modelled delays this many times faster (its own
	// terminal only); 0 is 1.
	Speed float64
	// Book reads the diagnoses (CodesNamed); nil is the built-in code book.
	Book *codebook.Book
}

// Attempt is one trainee's attempt at one drill. Its methods are safe for concurrent use;
// Check runs the checklist and may take a while (bounded by ctx).
type Attempt struct {
	sc      *Scenario
	opt     Options
	id      string
	seed    int64
	started time.Time
	term    *termsim.Terminal
	client  *serialio.Client
	stop    func() // stops an own terminal
	checkMu sync.Mutex

	mu     sync.Mutex
	log    []Event
	done   []ActionID
	hints  int
	ended  time.Time
	result *Result
}

// PracticeSeed is a drill's seed in practice: the same terminal every time, derived from its id.
func PracticeSeed(id string) int64 {
	var h int64 = 1469598103
	for _, c := range id {
		h = h*1099511 + int64(c)
	}
	if h < 0 {
		h = -h
	}
	return h%1_000_000_000 + 1
}

// NewSeed is a fresh seed for an assessed attempt.
func NewSeed() int64 { return rand.Int64N(1_000_000_000) + 1 }

// Start begins an attempt at sc: the simulated terminal gets the drill's faults (a new one is
// built when opt.Terminal is nil) and the clock starts.
func Start(sc *Scenario, opt Options) (*Attempt, error) {
	if opt.Mode == "" {
		opt.Mode = ModePractice
	}
	if _, err := ParseMode(string(opt.Mode)); err != nil {
		return nil, err
	}
	if opt.Clock == nil {
		opt.Clock = time.Now
	}
	if opt.Book == nil {
		opt.Book, _ = codebook.Default() // without it, a diagnosis is taken as the code it is
	}
	faults, err := sc.TermFaults()
	if err != nil {
		return nil, fmt.Errorf("drill %s: %w", sc.ID, err)
	}
	a := &Attempt{sc: sc, opt: opt, id: uuid.NewString(), seed: opt.Seed}
	if a.seed == 0 {
		a.seed = PracticeSeed(sc.ID)
		if opt.Mode == ModeAssessed {
			a.seed = NewSeed()
		}
	}
	if opt.Terminal != nil {
		if err := opt.Terminal.SetFaults(faults); err != nil {
			return nil, fmt.Errorf("drill %s: %w", sc.ID, err)
		}
		a.term, a.client = opt.Terminal, opt.Client
	} else {
		term, err := termsim.New(TerminalConfig(sc, a.seed, opt.Speed))
		if err != nil {
			return nil, fmt.Errorf("drill %s: %w", sc.ID, err)
		}
		a.term = term
		a.client, a.stop = term.ServeInMemory(serialio.ClientConfig{})
	}
	a.started = opt.Clock()
	return a, nil
}

// TerminalConfig is the simulated terminal of a drill: its faults, the seed, keys that press
// themselves (nobody at a simulated keypad), slips stamped SlipStamp.
func TerminalConfig(sc *Scenario, seed int64, speed float64) termsim.Config {
	faults, _ := sc.TermFaults()
	return termsim.Config{Faults: faults, Seed: seed, Speed: speed, AutoKeys: true, SlipStamp: SlipStamp}
}

// ID is the attempt's UUID.
func (a *Attempt) ID() string { return a.id }

// Scenario is the drill being played.
func (a *Attempt) Scenario() *Scenario { return a.sc }

// Options are the attempt's options, with the mode and clock filled in.
func (a *Attempt) Options() Options { return a.opt }

// Seed is the seed of the simulated terminal.
func (a *Attempt) Seed() int64 { return a.seed }

// Terminal is the simulated terminal of the attempt.
func (a *Attempt) Terminal() *termsim.Terminal { return a.term }

// Elapsed is the time on the drill's clock since the start (until Finish).
func (a *Attempt) Elapsed() time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.ended.IsZero() {
		return a.ended.Sub(a.started)
	}
	return a.opt.Clock().Sub(a.started)
}

// ErrNoHints: an assessed attempt gives no hints.
var ErrNoHints = errors.New(tpl("no hints in an assessed drill"))

// ErrFinished: the attempt is over; nothing more is recorded.
var ErrFinished = errors.New(tpl("the drill is over"))

// Feedback is what the trainee is told after a step. In assessed mode only Recorded is set
// until the end.
type Feedback struct {
	Recorded bool
	Kind     FeedbackKind
	Text     locale.Text // what happened, in every language ("" in assessed mode)
}

// FeedbackKind colours feedback.
type FeedbackKind int

const (
	FeedbackInfo     FeedbackKind = iota
	FeedbackGood                  // a right diagnosis, a fix that cleared a fault
	FeedbackWrong                 // a wrong diagnosis, an action that did nothing here
	FeedbackHarmful               // an action that cost points
	FeedbackCritical              // an action that fails the drill
)

func (a *Attempt) at() float64 { return a.opt.Clock().Sub(a.started).Seconds() }

// record appends e and returns the feedback to give, hidden in assessed mode.
func (a *Attempt) record(e Event, fb Feedback) (Feedback, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.ended.IsZero() {
		return Feedback{}, ErrFinished
	}
	if e.At == 0 {
		e.At = round2(a.at())
	}
	if n := len(a.log); n > 0 && e.At < a.log[n-1].At {
		e.At = a.log[n-1].At // a clock that went backwards keeps the log in order
	}
	a.log = append(a.log, e)
	fb.Recorded = true
	if a.opt.Mode == ModeAssessed {
		return Feedback{Recorded: true}, nil
	}
	return fb, nil
}

func round2(x float64) float64 { return float64(int64(x*100+0.5)) / 100 }

// Diagnose records a diagnosis: a code of the code book as given, in any case or width, or
// a title or screen text that names one (CodesNamed), scored as the code it names. A text
// that names no code is refused and not recorded.
func (a *Attempt) Diagnose(given string) (Feedback, error) {
	codes, err := CodesNamed(a.opt.Book, given)
	if err != nil {
		return Feedback{}, err
	}
	code, right := codes[0], false
	for _, c := range codes {
		if _, ok := accepted(a.sc, c); ok {
			code, right = c, true
			break
		}
	}
	shown := codeText(code)
	if typed := strings.TrimSpace(given); !sameCode(typed, code) { // what was given, beside the code it names
		t := codeText(typed)
		shown = locale.Text{ZH: shown.ZH + "（" + t.ZH + "）", ZHTW: shown.ZHTW + "（" + t.ZHTW + "）", EN: shown.EN + " (" + t.EN + ")"}
	}
	fb := Feedback{Kind: FeedbackWrong, Text: msgWrongDiagnosis.in(shown)}
	if right {
		fb = Feedback{Kind: FeedbackGood, Text: msgRightDiagnosis.in(shown)}
	}
	return a.record(Event{Do: string(DoDiagnose), Value: code, Right: right}, fb)
}

// Hint reveals the next hint and records its cost. ok is false when none is left.
func (a *Attempt) Hint() (h Hint, ok bool, err error) {
	if a.opt.Mode == ModeAssessed {
		return Hint{}, false, ErrNoHints
	}
	a.mu.Lock()
	if a.hints >= len(a.sc.Hints) {
		a.mu.Unlock()
		return Hint{}, false, nil
	}
	h = a.sc.Hints[a.hints]
	a.hints++
	a.mu.Unlock()
	_, err = a.record(Event{Do: string(DoHint), Value: fmt.Sprint(a.hints), Points: -h.Cost}, Feedback{})
	return h, err == nil, err
}

// NextHint is the hint Hint would reveal (its cost is shown before it opens), and false when
// none is left.
func (a *Attempt) NextHint() (Hint, bool) {
	if a.opt.Mode == ModeAssessed {
		return Hint{}, false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.hints >= len(a.sc.Hints) {
		return Hint{}, false
	}
	return a.sc.Hints[a.hints], true
}

// Act does action id: its effect on the simulated terminal (faults cleared, a command run),
// recorded with whether it was harmful or critical here.
func (a *Attempt) Act(ctx context.Context, id ActionID) (Feedback, error) {
	act, ok := LookupAction(id)
	if !ok {
		return Feedback{}, fmt.Errorf("unknown action %q", id)
	}
	a.mu.Lock()
	if !a.ended.IsZero() {
		a.mu.Unlock()
		return Feedback{}, ErrFinished
	}
	crit, critical := isCritical(a.sc, id, a.done)
	a.done = append(a.done, id)
	a.mu.Unlock()

	e := Event{Do: string(DoAction), Value: string(id), Critical: critical}
	eff := a.sc.EffectOf(id)
	var cleared []string
	for _, f := range a.term.Faults() {
		if slices.Contains(eff.Clears, f.Name) {
			cleared = append(cleared, f.Name)
			if err := a.term.ClearFault(f); err != nil {
				return Feedback{}, err
			}
		}
	}
	e.Cleared = cleared
	if eff.Runs != "" && a.client != nil {
		e.RC = a.run(ctx, eff.Runs)
	}
	for _, h := range a.sc.Answer.Harmful {
		if h.Action == id {
			e.Points -= h.Penalty
		}
	}
	return a.record(e, actionFeedback(act, e, crit, a.sc))
}

// run sends cmd to the terminal (bounded by the client's own timeouts) and returns its RC,
// or "--" when no answer came.
func (a *Attempt) run(ctx context.Context, cmd serialio.Command) string {
	req := serialio.Message{Cmd: cmd}
	switch cmd {
	case serialio.CmdSignOn:
		req.Fields = []serialio.Field{{Name: "OPER", Value: "01"}}
	case serialio.CmdPrintTest:
		req.Fields = []serialio.Field{{Name: "TEXT", Value: "重打印 REPRINT"}}
	}
	a.checkMu.Lock() // one exchange at a time with the attempt's own checks
	defer a.checkMu.Unlock()
	resp, err := a.client.Exchange(ctx, req)
	if err != nil {
		return "--"
	}
	return resp.RC()
}

// Check runs the checklist (or the listed steps) on the simulated terminal with its faults as
// they are now, and records how each step ended.
func (a *Attempt) Check(ctx context.Context, steps []diagnostics.StepID) (*diagnostics.Report, Feedback, error) {
	if a.client == nil {
		return nil, Feedback{}, errors.New("no line to the simulated terminal")
	}
	a.checkMu.Lock()
	cl := &diagnostics.Checklist{Term: a.client, Op: diagnostics.AutoOperator{}, Steps: steps,
		SlipText: SlipStamp + " POS Doctor", KeypadIdle: time.Second, KeypadFirstKey: 3 * time.Second}
	rep := cl.Run(ctx)
	a.checkMu.Unlock()
	fb, err := a.RecordCheck(steps, rep)
	return rep, fb, err
}

// RecordCheck records a check run elsewhere (the GUI's Checklist screen) on the attempt's
// terminal.
func (a *Attempt) RecordCheck(steps []diagnostics.StepID, rep *diagnostics.Report) (Feedback, error) {
	e := Event{Do: string(DoCheck), Steps: steps}
	for _, s := range rep.Steps {
		r := StepResult{Step: s.ID, Status: s.Status}
		for _, f := range s.Findings {
			if f.Severity != diagnostics.SeverityInfo && !slices.Contains(r.Codes, f.Code) {
				r.Codes = append(r.Codes, f.Code)
			}
		}
		e.Results = append(e.Results, r)
	}
	return a.record(e, checkFeedback(rep))
}

// StepResult is how one step ended in a drill's check.
type StepResult = reports.TrainingStepResult
