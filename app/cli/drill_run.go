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
	steps, err := readScript(*script, book)
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
	res, err := drill.Play(ctx, sc, drill.Options{Trainee: *trainee, Trainer: *trainer, Mode: m, Seed: *seed}, steps, onStep)
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

// readScript reads the steps of --script: a file, or standard input for -.
func readScript(name string, book *codebook.Book) ([]drill.Step, error) {
	if name == "-" {
		return drill.ParseScript("standard input", os.Stdin, book)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return drill.ParseScript(name, f, book)
}

// scriptErrText is why --script name cannot be played, for a reader of l: a file that cannot
// be read named, then why (as validate names a scenario file); one that is no script said so
// once, in a sentence that names it, and what is wrong in the details; one whose steps are
// wrong, the sentence, then each step's problem.
func scriptErrText(l locale.Lang, name string, err error) string {
	var problems drill.Errors
	switch {
	case l == locale.EN:
		return err.Error()
	case errors.Is(err, drill.ErrNotScript):
		why := drill.ErrorIn(l, errors.Unwrap(err), error.Error) // a step's problem, or the JSON library's words
		return say(l, msgDrillBadScript, name) + "\n  " + say(l, msgDetails, why)
	case errors.As(err, &problems):
		return errText(l, explained(err, msgDrillBadScript, name))
	}
	return drillErrText(l, err)
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
	fmt.Fprintln(w, say(l, msgDrillCodes, strings.Join(d.Codes, listSep(l)), d.Codes[0]))
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
		return say(l, msgStepDiagnose, st.Value)
	case drill.DoAction:
		if a, ok := drill.LookupAction(drill.ActionID(st.Value)); ok {
			return say(l, msgStepAction, a.Title.In(l))
		}
	case drill.DoHint:
		return msgStepHint.In(l)
	}
	return string(st.Do) + " " + st.Value
}
