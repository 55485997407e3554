package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"posdoctor/app/visit"
	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
	"posdoctor/pan"
	"posdoctor/reports"
	"posdoctor/serialio"
)

func init() {
	register("check", command{cmdCheck, "check (--port PATH [--baud N] | --sim [--fault F]...) [--steps id,id] [--json] [--yes] [--save [--technician NAME] [--symptom TEXT]]   run the checklist"})
}

// incidentTraceLines is how much of the link trace an incident keeps: the last exchanges.
const incidentTraceLines = 400

func cmdCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runCheck(ctx, args, os.Stdin, stdout, stderr)
}

func runCheck(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	lang := langOf(ctx)
	fs := newFlagSet(ctx, "check", "", stderr)
	var conn connFlags
	conn.register(fs)
	steps := fs.String("steps", "", "comma-separated step ids to run (default all): "+stepList(","))
	asJSON := fs.Bool("json", false, "print the report as JSON (docs/checklist.md)")
	yes := fs.Bool("yes", false, "unattended: take the test slip as legible, sign on without asking, rely on the terminal's own key presses")
	autoKeys := fs.Bool("auto-keys", false, "with --sim: the simulated keypad presses every key (default on with --sim --yes)")
	save := fs.Bool("save", false, "record the run as an incident in the incident store")
	technician := fs.String("technician", "", "with --save: who ran the check")
	symptom := fs.String("symptom", "", "with --save: the problem as the merchant reported it")
	branch := fs.String("branch", "", "with --save: the branch the terminal belongs to")
	dbPath := fs.String("db", "", "with --save: "+dbFlagHelp)
	incidentRef := fs.String("incident", "", "with --save: add the run to this visit `ID` (or the start of it) instead of recording a new one; the verdict is then the visit's")
	if err := fs.Parse(args); err != nil {
		return parseExit(err)
	}
	for _, a := range []struct {
		name string
		v    *string
	}{{"--technician", technician}, {"--symptom", symptom}, {"--branch", branch}} {
		t, err := argText(lang, a.name, *a.v, stderr)
		if err != nil {
			return failErr(stderr, lang, "check", err)
		}
		*a.v = t
	}
	var ids []diagnostics.StepID
	if *steps != "" {
		for _, s := range strings.Split(*steps, ",") {
			id, err := diagnostics.ParseStepID(s)
			if err != nil {
				return failErr(stderr, lang, "check", localized(err, msgBadStep, s, stepList(listSep(lang))))
			}
			ids = append(ids, id)
		}
	}
	t, err := conn.target()
	if err != nil {
		return failErr(stderr, lang, "check", err)
	}
	if t.Sim && (*autoKeys || *yes) {
		t.SimConfig.AutoKeys = true
	}
	c, err := openTarget(ctx, t)
	if err != nil {
		return failErr(stderr, lang, "check", err)
	}
	defer c.Close()

	color := isTerminal(stdout) && !*asJSON
	op := newTermOperator(stdin, stderr, *yes)
	op.lang = lang
	cl := &diagnostics.Checklist{Term: c.Client, Op: op, Steps: ids}
	if !*asJSON {
		fmt.Fprintln(stdout, say(lang, msgCheckTitle, connName(lang, c)))
	}
	cl.OnProgress = func(p diagnostics.Progress) {
		if p.Phase == diagnostics.PhaseWorking && ctx.Err() != nil {
			// after Ctrl+C: what the cancel waits for (a comm test, a print or a sign-on the
			// terminal cannot be stopped in), so the wait is not silent
			fmt.Fprintln(stderr, rendered(lang, p.TextKey, p.TextArgs, p.Text))
		}
		if p.Phase != diagnostics.PhaseDone {
			return
		}
		if p.Step == diagnostics.StepKeypad {
			op.keypadOver()
		}
		if !*asJSON {
			printStep(stdout, lang, *p.Result, color)
		}
	}
	var store *reports.Store
	var prior *reports.Incident // the visit of --incident
	if *incidentRef != "" && !*save {
		return failText(stderr, lang, "check", msgIncidentNeedsSave)
	}
	if *save { // open the store before the run: a store that cannot open should not cost a visit
		if store, err = openIncidentStore(*dbPath); err != nil {
			return failErr(stderr, lang, "check", err)
		}
		defer store.Close()
		if n, err := store.SaveRecovered(ctx); n > 0 || err != nil {
			if n > 0 {
				fmt.Fprintln(stderr, say(lang, msgSavedRecovered, n, reports.RecoveryDir(store.Path())))
			}
			if err != nil {
				warnErr(stderr, lang, err)
			}
		}
		if *incidentRef != "" {
			id, err := store.Resolve(ctx, *incidentRef)
			if err == nil {
				prior, err = store.Get(ctx, id)
			}
			if err != nil {
				return failErr(stderr, lang, "check", errorOf(msgIncidentRef, *incidentRef, err))
			}
		}
	}
	rep := cl.Run(ctx)
	out := checkOutput{Report: rep}
	var saveErr error
	if store != nil {
		var inc *reports.Incident
		if prior != nil {
			// the run joins the visit in one transaction that touches nothing else of it: the
			// desktop app may have the same visit open and be saving its notes meanwhile
			_, err := store.AddRun(context.WithoutCancel(ctx), prior.ID, *rep)
			if err == nil {
				if cur, err := store.Get(context.WithoutCancel(ctx), prior.ID); err == nil {
					v, _ := cur.Verdict()
					out.Visit = &visitOutput{ID: cur.ID, Runs: len(cur.Runs), Verdict: v, Steps: cur.LatestSteps()}
				}
				fmt.Fprintln(stderr, say(lang, msgAddedToIncident, prior.ID, prior.ID[:8]))
			} else if !errors.Is(err, reports.ErrOtherTerminal) {
				inc, _ = visit.Attach(prior, *rep, time.Now(), false) // kept whole below if the save fails again
			} else {
				fmt.Fprintln(stderr, say(lang, msgOtherTerminal, rep.Terminal["tid"], prior.ID[:8], prior.TID))
				inc, _ = visit.Attach(prior, *rep, time.Now(), false)
			}
		} else {
			inc = reports.IncidentFromReport(*rep, *technician, *symptom, time.Now())
			inc.Branch = *branch
		}
		if inc != nil {
			saveErr = saveVisit(ctx, lang, store, inc, c.Trace.Last(incidentTraceLines), stderr)
		}
	}
	// the run is printed whatever became of the save: it already happened on the terminal
	if *asJSON {
		if err := writeJSON(stdout, out); err != nil {
			return failErr(stderr, lang, "check", err)
		}
	} else {
		if out.Visit == nil {
			printVerdict(stdout, lang, say(lang, msgVerdict), rep.Verdict, rep.Steps, color)
		} else {
			printVerdict(stdout, lang, say(lang, msgRunVerdict), rep.Verdict, rep.Steps, color)
			printVerdict(stdout, lang, say(lang, msgVisitVerdict, out.Visit.ID[:8], out.Visit.Runs), out.Visit.Verdict, out.Visit.Steps, color)
		}
	}
	if saveErr != nil {
		return failErr(stderr, lang, "check", saveErr)
	}
	if out.Visit != nil { // --incident: the exit code says what the visit says
		return checkExit(&diagnostics.Report{Steps: out.Visit.Steps, Verdict: out.Visit.Verdict})
	}
	return checkExit(rep)
}

// saveVisit saves inc with the link trace, keeping it in a recovery file when the store will
// not take it; the error says where it is kept.
func saveVisit(ctx context.Context, lang locale.Lang, store *reports.Store, inc *reports.Incident, trace []serialio.TraceEntry, stderr io.Writer) error {
	inc.Trace = visit.IncidentTrace(trace)
	kept, err := store.SaveOrKeep(context.WithoutCancel(ctx), inc)
	switch {
	case err == nil:
		fmt.Fprintln(stderr, say(lang, msgSavedAsIncident, inc.ID, inc.ID[:8]))
		return nil
	case kept != "":
		return errorOf(msgNotSavedKept, store.Path(), err, kept)
	}
	return errorOf(msgNotSaved, err)
}

// checkOutput is what check --json prints: the run (docs/checklist.md), and with --incident
// the visit it was added to.
type checkOutput struct {
	*diagnostics.Report
	Visit *visitOutput `json:"visit,omitempty"`
}

// visitOutput is the visit a run was added to: its verdict over the latest result of every
// step of all its runs.
type visitOutput struct {
	ID      string                   `json:"id"`
	Runs    int                      `json:"runs"`
	Verdict diagnostics.Verdict      `json:"verdict"`
	Steps   []diagnostics.StepResult `json:"steps"`
}

// stepList is every step id, joined by sep.
func stepList(sep string) string {
	var ids []string
	for _, id := range diagnostics.StepIDs() {
		ids = append(ids, id.String())
	}
	return strings.Join(ids, sep)
}

// checkExit (of the run, or with --incident of the visit): 0 nothing failed or warned, 1 a step failed or warned, 2 the check could not run.
func checkExit(rep *diagnostics.Report) int {
	if rep.Verdict.Kind == diagnostics.VerdictIncomplete {
		return ExitFailed
	}
	for _, s := range rep.Steps {
		if s.Status == diagnostics.StatusFail || s.Status == diagnostics.StatusWarn {
			return ExitProblem
		}
	}
	return ExitOK
}

const (
	ansiReset  = "\x1b[0m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiGreen  = "\x1b[32m"
	ansiGrey   = "\x1b[90m"
	ansiBold   = "\x1b[1m"
)

func statusMark(s diagnostics.Status) (mark, colour string) {
	switch s {
	case diagnostics.StatusPass:
		return "✔", ansiGreen
	case diagnostics.StatusWarn:
		return "!", ansiYellow
	case diagnostics.StatusFail:
		return "✖", ansiRed
	case diagnostics.StatusSkipped:
		return "–", ansiGrey
	}
	return "?", ansiRed
}

func paint(on bool, colour, s string) string {
	if !on {
		return s
	}
	return colour + s + ansiReset
}

// printStep prints a step's result in l: its name, status, summary and findings (message,
// who acts, and outside English the code book's actions, as the app shows them).
func printStep(w io.Writer, l locale.Lang, s diagnostics.StepResult, color bool) {
	mark, col := statusMark(s.Status)
	name, status := s.ID.Name().In(l), s.Status.Label().In(l)
	fmt.Fprintf(w, "%s %s %s %s (%s)\n", paint(color, col, mark), pad(name, stepNameWidth(l)), paint(color, col, pad(status, 7)),
		rendered(l, s.SummaryKey, s.SummaryArgs, s.Summary), say(l, msgMS, s.DurationMS))
	for _, f := range s.Findings {
		code := f.Code
		title, actions := findingInfo(l, f.Code)
		if title != "" {
			code += " " + title
		}
		if l == locale.EN || len(actions) == 0 {
			actions = f.Actions
		}
		fmt.Fprintf(w, "    %s [%s, %s] %s\n", paint(color, ansiBold, code), f.Severity.Label().In(l), f.Who.Label().In(l),
			rendered(l, f.MessageKey, f.MessageArgs, f.Message))
		for _, a := range actions {
			fmt.Fprintf(w, "      → %s\n", a)
		}
	}
	// what went wrong as the checklist kept it, in English: the details under the sentence, as
	// errText prints an error's
	for _, k := range detailKeys {
		if d, ok := s.Evidence[k].(string); ok && d != "" {
			fmt.Fprintf(w, "    %s\n", say(l, msgDetails, pan.MaskText(d)))
		}
	}
}

// detailKeys are the evidence keys that hold a step's errors, in English (docs/checklist.md).
var detailKeys = []string{"error", "journal_error", "event_log_error"}

// stepNameWidth is the widest step name in l, so that statuses line up.
func stepNameWidth(l locale.Lang) int {
	w := 0
	for _, id := range diagnostics.StepIDs() {
		w = max(w, locale.Width(id.Name().In(l)))
	}
	return w
}

// pad pads s with spaces to n columns (Chinese counts two).
func pad(s string, n int) string {
	return s + strings.Repeat(" ", max(0, n-locale.Width(s)))
}

// findingInfo is the code book's title and actions for a finding code in l ("" and nil if the
// book is missing or does not know it).
func findingInfo(l locale.Lang, code string) (string, []string) {
	book, err := codebook.Default()
	if err != nil {
		return "", nil
	}
	e, ok := book.Lookup(code)
	if !ok {
		return "", nil
	}
	var acts []string
	for _, a := range e.Actions {
		acts = append(acts, bookIn(l, a.In(l)))
	}
	return bookIn(l, e.Title(l)), acts
}

// printVerdict prints a verdict in l: its sentence, and its reasons, which the checklist words
// in English as "step: summary" or "code: message", rendered from the steps they came from.
func printVerdict(w io.Writer, l locale.Lang, title string, v diagnostics.Verdict, steps []diagnostics.StepResult, color bool) {
	text := v.Kind.Sentence().In(l)
	col := map[diagnostics.VerdictKind]string{
		diagnostics.VerdictAllPass: ansiGreen, diagnostics.VerdictFixOnSite: ansiYellow,
		diagnostics.VerdictNeedsProvider: ansiRed, diagnostics.VerdictIncomplete: ansiRed,
	}[v.Kind]
	sep := ": "
	if l.Chinese() {
		sep = "："
	}
	fmt.Fprintf(w, "\n%s%s%s\n", title, sep, paint(color, col+ansiBold, text))
	reasons := map[string]string{}
	if l != locale.EN {
		for _, s := range steps {
			reasons[string(s.ID)+": "+s.Summary] = s.ID.Name().In(l) + sep + rendered(l, s.SummaryKey, s.SummaryArgs, s.Summary)
			for _, f := range s.Findings {
				reasons[f.Code+": "+f.Message] = f.Code + sep + rendered(l, f.MessageKey, f.MessageArgs, f.Message)
			}
		}
	}
	for _, r := range v.Reasons {
		if t, ok := reasons[r]; ok {
			r = t
		}
		fmt.Fprintf(w, "  - %s\n", r)
	}
}

func isTerminal(w io.Writer) bool {
	if c, ok := w.(*cleanWriter); ok {
		return c.tty
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// termOperator asks questions on the command line. With yes it answers them itself.
type termOperator struct {
	lang  locale.Lang // of the questions and messages
	out   io.Writer
	yes   bool
	lines chan string // lines typed on stdin, read by one goroutine
	stop  chan struct{}
	once  sync.Once
	over  chan struct{} // closed when the keypad step has ended
	onceO sync.Once
	mu    sync.Mutex
	keys  []string
	seen  map[string]bool
}

func newTermOperator(in io.Reader, out io.Writer, yes bool) *termOperator {
	op := &termOperator{out: out, yes: yes, lines: make(chan string, 4), stop: make(chan struct{}), over: make(chan struct{}), seen: map[string]bool{}}
	if !yes {
		go func() {
			sc := bufio.NewScanner(in)
			for sc.Scan() {
				op.lines <- sc.Text()
			}
			close(op.lines)
		}()
	}
	return op
}

func (o *termOperator) Confirm(ctx context.Context, q diagnostics.Question, text string) (bool, error) {
	if o.yes {
		return true, nil
	}
	if t, ok := codebook.Translation(o.lang, text); ok && o.lang != locale.EN { // as the app translates it
		text = t
	}
	fmt.Fprintf(o.out, "\n%s %s ", text, msgYesNo.In(o.lang))
	for {
		select {
		case line, ok := <-o.lines:
			if !ok {
				return false, errors.New(msgNoAnswerStdin.In(o.lang))
			}
			switch strings.ToLower(strings.TrimSpace(line)) {
			case "y", "yes", "是", "好":
				return true, nil
			case "n", "no", "否", "不":
				return false, nil
			}
			fmt.Fprint(o.out, msgAnswerYN.In(o.lang))
		case <-ctx.Done():
			return false, ctx.Err()
		}
	}
}

func (o *termOperator) KeypadStarted(keys []string) {
	o.mu.Lock()
	o.keys = keys
	o.mu.Unlock()
	if o.yes {
		fmt.Fprintln(o.out, say(o.lang, msgKeypadAuto, len(keys)))
		return
	}
	fmt.Fprintln(o.out, "\n"+say(o.lang, msgKeypadPress, strings.Join(keys, " ")))
	go func() {
		select {
		case _, ok := <-o.lines:
			if ok {
				o.once.Do(func() { close(o.stop) })
			}
		case <-o.over: // the test ended by itself: leave stdin to the next question
		}
	}()
}

// keypadOver tells the operator the keypad step has ended.
func (o *termOperator) keypadOver() { o.onceO.Do(func() { close(o.over) }) }

func (o *termOperator) KeyEvent(key string, down bool) {
	if !down {
		return
	}
	o.mu.Lock()
	o.seen[key] = true
	n, total := len(o.seen), len(o.keys)
	o.mu.Unlock()
	if !o.yes {
		fmt.Fprintf(o.out, "  %s  (%d/%d)\n", key, n, total)
	}
}

func (o *termOperator) KeypadStop() <-chan struct{} { return o.stop }
func (o *termOperator) Unattended() bool            { return o.yes }
