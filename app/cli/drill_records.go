package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"posdoctor/locale"
	"posdoctor/reports"
)

// openTrainingStore opens the store read-only for a command that only reads the training
// records. ok is false with nothing to read: no store yet (nothing printed as an error); a
// --db that does not exist is said to hold no training records yet, and how they are made.
func openTrainingStore(l locale.Lang, db string, stderr io.Writer) (s *reports.Store, ok bool, err error) {
	s, err = openStoreForReading(l, db, stderr)
	switch {
	case errors.Is(err, reports.ErrNoStore) && db == "":
		return nil, false, nil
	case errors.Is(err, reports.ErrNoStore): // not "no visit recorded (check --save)": records come from drills
		return nil, false, errorOf(msgDrillNoStore, db)
	}
	return s, err == nil, err
}

func checkMonth(month string) error {
	if month == "" {
		return nil
	}
	if _, err := time.Parse("2006-01", month); err != nil {
		return errorOf(msgMonthFormat, month, "2026-11")
	}
	return nil
}

// trainingRecords reads the records f selects; none when there is no store yet.
func trainingRecords(ctx context.Context, db string, f reports.TrainingFilter, stderr io.Writer) ([]reports.TrainingRecord, error) {
	if err := checkMonth(f.Month); err != nil {
		return nil, err
	}
	s, ok, err := openTrainingStore(langOf(ctx), db, stderr)
	if !ok {
		return nil, err
	}
	defer s.Close()
	return s.Training(ctx, f)
}

// attemptJSON is an attempt as drill run --json and drill records --json print it.
type attemptJSON struct {
	Attempt   string                    `json:"attempt"`
	Drill     string                    `json:"drill"`
	Version   int                       `json:"version"`
	Trainee   string                    `json:"trainee"`
	Mode      string                    `json:"mode"`
	Score     int                       `json:"score"`
	Passed    bool                      `json:"passed"`
	Critical  []string                  `json:"critical"`
	Breakdown reports.TrainingBreakdown `json:"breakdown"`
	DurationS float64                   `json:"duration_s"`
	Started   *time.Time                `json:"started,omitempty"`
}

func attemptOf(r reports.TrainingRecord, withStart bool) attemptJSON {
	a := attemptJSON{r.Attempt, r.Drill, r.Version, r.Trainee, r.Mode, r.Score, r.Passed, r.Critical, r.Breakdown, r.DurationS, nil}
	if a.Critical == nil {
		a.Critical = []string{}
	}
	if withStart {
		t := r.Started
		a.Started = &t
	}
	return a
}

func cmdDrillRecords(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(ctx, "drill records", drillUsage, stderr)
	trainee := fs.String("trainee", "", "only this trainee")
	drillID := fs.String("drill", "", "only this drill `ID`")
	month := fs.String("month", "", "only attempts started in `YYYY-MM` (UTC)")
	asJSON := fs.Bool("json", false, "print the records as JSON")
	db := fs.String("db", "", dbFlagHelp)
	if err := fs.Parse(args); err != nil {
		return parseExit(err)
	}
	name, err := argText(langOf(ctx), "--trainee", *trainee, stderr)
	if err != nil {
		return failErr(stderr, langOf(ctx), "drill records", err)
	}
	recs, err := trainingRecords(ctx, *db, reports.TrainingFilter{Trainee: reports.CleanName(name), Drill: *drillID, Month: *month}, stderr)
	if err != nil {
		return failErr(stderr, langOf(ctx), "drill records", err)
	}
	if *asJSON {
		out := make([]attemptJSON, len(recs))
		for i, r := range recs {
			out[i] = attemptOf(r, true)
		}
		if err := writeJSON(stdout, out); err != nil {
			return failErr(stderr, langOf(ctx), "drill records", err)
		}
		return ExitOK
	}
	l := langOf(ctx)
	if len(recs) == 0 {
		fmt.Fprintln(stdout, msgDrillNoRecords.In(l))
		return ExitOK
	}
	var rows [][]string
	for _, r := range recs {
		verdict := msgDrillFailed
		if r.Passed {
			verdict = msgDrillPassed
		}
		crit := ""
		if len(r.Critical) > 0 {
			crit = "!! " + fmt.Sprint(r.Critical)
		}
		rows = append(rows, []string{r.Started.Local().Format("2006-01-02 15:04"), cleanText(r.Trainee), r.Drill,
			modeLabel(r.Mode).In(l), fmt.Sprint(r.Score), verdict.In(l), crit, r.Attempt[:min(8, len(r.Attempt))]})
	}
	writeColumns(stdout, rows)
	return ExitOK
}

// verifyJSON is what drill verify --json prints.
type verifyJSON struct {
	Checked int         `json:"checked"`
	Intact  bool        `json:"intact"`
	Breaks  []breakJSON `json:"breaks"`
	Head    *headJSON   `json:"head,omitempty"` // the newest record: note it to anchor the chain
}

type headJSON struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
}

type breakJSON struct {
	Seq     int64  `json:"seq"`
	Attempt string `json:"attempt"`
	Reason  string `json:"reason"`
}

func cmdDrillVerify(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(ctx, "drill verify", drillUsage, stderr)
	asJSON := fs.Bool("json", false, "print the result as JSON")
	db := fs.String("db", "", dbFlagHelp)
	if err := fs.Parse(args); err != nil {
		return parseExit(err)
	}
	out := verifyJSON{Breaks: []breakJSON{}}
	s, ok, err := openTrainingStore(langOf(ctx), *db, stderr)
	if err != nil {
		return failErr(stderr, langOf(ctx), "drill verify", err)
	}
	if ok {
		defer s.Close()
		n, breaks, err := s.VerifyTraining(ctx)
		if err != nil {
			return failErr(stderr, langOf(ctx), "drill verify", err)
		}
		out.Checked = n
		if seq, hash, err := s.TrainingHead(ctx); err == nil && hash != "" {
			out.Head = &headJSON{seq, hash}
		}
		for _, b := range breaks {
			out.Breaks = append(out.Breaks, breakJSON{b.Seq, b.Attempt, b.Reason})
		}
	}
	out.Intact = len(out.Breaks) == 0
	l := langOf(ctx)
	if *asJSON {
		if err := writeJSON(stdout, out); err != nil {
			return failErr(stderr, langOf(ctx), "drill verify", err)
		}
	} else if out.Intact {
		fmt.Fprintln(stdout, say(l, msgDrillChainOK, out.Checked))
		if out.Head != nil {
			fmt.Fprintln(stdout, say(l, msgDrillHead, out.Head.Seq, out.Head.Hash))
		}
	} else {
		fmt.Fprintln(stdout, say(l, msgDrillChainBad, len(out.Breaks), out.Checked))
		for _, b := range out.Breaks {
			fmt.Fprintf(stdout, "  #%d %s: %s\n", b.Seq, cleanText(b.Attempt), b.Reason)
		}
	}
	if !out.Intact {
		return ExitProblem
	}
	return ExitOK
}
