package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"posdoctor/diagnostics/codebook"
	"posdoctor/drill"
	"posdoctor/locale"
	"posdoctor/pan"
	"posdoctor/reports"
)

func cmdDrillRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(ctx, "drill run", drillUsage, stderr)
	trainee := fs.String("trainee", "", "who takes the drill (required)")
	trainer := fs.String("trainer", "", "who runs it")
	mode := fs.String("mode", "practice", "practice (feedback as you go) or assessed (feedback at the end, a fresh terminal each attempt)")
	seed := fs.Int64("seed", 0, "the simulated terminal's seed (default: the drill's own in practice, a fresh one when assessed)")
	script := fs.String("script", "", "the steps to play: a JSON `FILE` (docs/drills.md); - reads standard input")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	db := fs.String("db", "", dbFlagHelp)
	var dirs dirFlags
	fs.Var(&dirs, "dir", "also load the scenario files of `DIR` (repeatable)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return parseExit(err)
	}
	failM := func(m msg, a ...any) int {
		return failText(stderr, langOf(ctx), "drill run", m, a...)
	}
	failE := func(err error) int { // the drill's id, title or faults may hold a card number
		fmt.Fprintf(stderr, "posdoctor drill run: %s\n", pan.MaskText(errText(langOf(ctx), err)))
		return ExitFailed
	}
	if len(pos) != 1 {
		return failM(msgDrillNameOne)
	}
	for _, a := range []struct {
		name string
		v    *string
	}{{"--trainee", trainee}, {"--trainer", trainer}} {
		if *a.v, err = argText(langOf(ctx), a.name, *a.v, stderr); err != nil {
			return failE(err)
		}
		*a.v = reports.CleanName(*a.v) // as the records keep it: masked, no escape codes
	}
	if *trainee == "" {
		return failM(msgDrillNeedsTrainee)
	}
	m, err := drill.ParseMode(*mode)
	if err != nil {
		return failE(localized(fmt.Errorf("--mode: %v", err), msgDrillBadMode, *mode))
	}
	if *script == "" {
		return failM(msgDrillNeedsScript)
	}
	sc, err := findDrill(langOf(ctx), pos[0], dirs, stderr)
	if err != nil {
		return failE(err)
	}
	book, err := codebook.Default()
	if err != nil {
		return failE(explained(fmt.Errorf("the code book: %w", err), msgDrillNoBook))
	}
	if errs := drill.Validate(sc, book); len(errs) > 0 {
		return failE(explained(fmt.Errorf("the drill is not valid:\n%w", errs), msgDrillNotValid, sc.Source))
	}
	steps, err := readScript(langOf(ctx), *script, book)
	if err == nil {
		err = drill.Playable(m, steps) // a hint when assessed: refused before the drill is shown
	}
	if err != nil {
		fmt.Fprintln(stderr, "posdoctor drill run:", pan.MaskText(scriptErrText(langOf(ctx), *script, err)))
		return ExitFailed
	}
	store, err := openIncidentStore(*db)
	if err != nil {
		return failE(err)
	}
	defer store.Close()
	if n, err := store.AddRecoveredTraining(ctx); n > 0 || err != nil {
		if err != nil {
			warnErr(stderr, langOf(ctx), err)
		}
	}
	l := langOf(ctx)
	text := maskedLines{stdout} // the drill's id, title and texts are a trainer's: mask card numbers
	if !*asJSON {
		fmt.Fprintln(text, say(l, msgDrillHeader, sc.Title.In(l), sc.ID, cleanText(*trainee), modeLabel(m).In(l)))
		fmt.Fprintln(text, sc.Briefing.In(l))
	}
	onStep := func(st drill.Step, fb drill.Feedback) {
		if *asJSON {
			return
		}
		line := fmt.Sprintf("%8s  %s", clock(st.At), stepLabel(l, st))
		if t := fb.Text.In(l); t != "" {
			line += "  — " + t
		}
		fmt.Fprintln(text, strings.TrimRight(line, " "))
	}
	res, err := drill.Play(ctx, sc, drill.Options{Trainee: *trainee, Trainer: *trainer, Mode: m, Seed: *seed, Book: book}, steps, onStep)
	if err != nil {
		return failE(err)
	}
	rec := res.Record()
	kept, serr := store.AddTrainingOrKeep(ctx, rec)
	if *asJSON {
		if err := writeJSON(stdout, attemptOf(rec, false)); err != nil {
			return failE(err)
		}
	} else {
		printDebrief(text, l, res)
		if serr == nil {
			fmt.Fprintln(text, say(l, msgDrillRecorded, rec.Attempt))
		}
	}
	if serr != nil {
		if kept == "" {
			return failE(errorOf(msgDrillNotRecorded, serr))
		}
		fmt.Fprintln(stderr, say(l, msgDrillKept, kept))
	}
	if !rec.Passed {
		return ExitProblem
	}
	return ExitOK
}

// modeLabel names a mode ("practice", "assessed") in the output's language.
func modeLabel[M ~string](m M) msg {
	if string(m) == string(drill.ModeAssessed) {
		return msgDrillModeA
	}
	return msgDrillModeP
}

// readScript reads the steps of --script: a file, or standard input for -, named as the
// reader of l reads it.
func readScript(l locale.Lang, name string, book *codebook.Book) ([]drill.Step, error) {
	if name == "-" {
		return drill.ParseScript(msgStdin.In(l), os.Stdin, book)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return drill.ParseScript(name, f, book)
}

// scriptName is --script's value as a sentence of l names it: - is standard input; a path in
// Chinese is set off from the words after it by a space (标准输入里的…, a.json 里的…).
func scriptName(l locale.Lang, name string) string {
	switch {
	case name == "-":
		return msgStdin.In(l)
	case l != locale.EN:
		return name + " "
	}
	return name
}

// scriptErrText is why --script name cannot be played, for a reader of l: a file that cannot
// be read named, then why (as validate names a scenario file). A file that is no script is
// said to be so once, in a sentence that names it and says which of three it is — not JSON,
// JSON but no list of steps, steps with problems — then what is wrong, each problem of a step
// on a line of its own naming the step (counted from 1) and its field.
func scriptErrText(l locale.Lang, name string, err error) string {
	shown := scriptName(l, name)
	var problems drill.Errors
	var lead msg
	switch {
	case errors.Is(err, drill.ErrNotJSON):
		lead = msgScriptNotJSON
	case errors.Is(err, drill.ErrNotScript):
		lead = msgDrillBadScript
	case errors.As(err, &problems):
		lines := []string{say(l, msgScriptBadSteps, shown)}
		for _, p := range problems {
			lines = append(lines, "  "+scriptField(l, p.Field)+p.Message(l))
		}
		return strings.Join(lines, "\n")
	default:
		return drillErrText(l, err)
	}
	why := drill.ErrorIn(l, errors.Unwrap(err), func(err error) string { return errText(l, err) })
	return say(l, lead, shown) + "\n  " + why
}

// scriptField names a script step's field as a reader counts steps, from 1: "steps[1].at" is
// 第 2 步 at (step 2, at); "" when there is none.
func scriptField(l locale.Lang, field string) string {
	var n int
	var rest string
	if _, err := fmt.Sscanf(field, "steps[%d]", &n); err != nil {
		if field == "" {
			return ""
		}
		return field + ": "
	}
	if i := strings.Index(field, "]"); i >= 0 {
		rest = strings.TrimPrefix(field[i+1:], ".")
	}
	return say(l, msgScriptStep, n+1, rest)
}

func printDebrief(w io.Writer, l locale.Lang, res *drill.Result) {
	d := res.Debrief(l)
	verdict := msgDrillFailed
	if d.Passed {
		verdict = msgDrillPassed
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, say(l, msgDrillScore, d.Score, d.PassScore, verdict.In(l)))
	b := d.Breakdown
	fmt.Fprintln(w, say(l, msgDrillBreakdown, b.Diagnosis, b.Actions, b.Efficiency, b.Harmful, b.Hints, formatSeconds(res.Seconds)))
	for _, sec := range []struct {
		head  msg
		lines []string
	}{{msgDrillCritical, d.Critical}, {msgDrillHarmful, d.Harmful}, {msgDrillGood, d.Good}, {msgDrillMissing, d.Missing}} {
		if len(sec.lines) == 0 {
			continue
		}
		fmt.Fprintln(w, sec.head.In(l))
		for _, line := range sec.lines {
			fmt.Fprintln(w, "  • "+line)
		}
	}
	fmt.Fprintln(w, say(l, msgDrillPath, strings.Join(d.Path, " » ")))
	fmt.Fprintln(w, say(l, msgDrillCodes, strings.Join(d.CodesIn, listSep(l)), d.CodesIn[0]))
	if d.Text != "" {
		fmt.Fprintln(w, d.Text)
	}
}

// maskedLines writes what it is given with card numbers masked. Each write must end where a
// number cannot go on (a line: one Fprintln), so that none is split between two writes.
type maskedLines struct{ w io.Writer }

func (m maskedLines) Write(p []byte) (int, error) {
	if _, err := io.WriteString(m.w, pan.MaskText(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

func formatSeconds(s float64) string { return clock(s) }

// clock is a time on the drill's clock as a clock reads it: 1:40, 1:02:05.
func clock(seconds float64) string {
	d := time.Duration(seconds * float64(time.Second)).Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%d:%02d", m, s)
}

// stepLabel says what a script step did, in l: the action by its title, the steps checked by
// their names.
func stepLabel(l locale.Lang, st drill.Step) string {
	switch st.Do {
	case drill.DoCheck:
		if len(st.Steps) == 0 {
			return msgStepCheckAll.In(l)
		}
		names := make([]string, len(st.Steps))
		for i, id := range st.Steps {
			names[i] = id.Title().In(l)
		}
		return say(l, msgStepCheck, strings.Join(names, listSep(l)))
	case drill.DoDiagnose:
		return say(l, msgStepDiagnose, drill.CodeIn(l, st.Value)) // a prompt in Traditional for zh_TW
	case drill.DoAction:
		if a, ok := drill.LookupAction(drill.ActionID(st.Value)); ok {
			return say(l, msgStepAction, a.Title.In(l))
		}
	case drill.DoHint:
		return msgStepHint.In(l)
	}
	return string(st.Do) + " " + st.Value
}
