package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"posdoctor/drill"
	"posdoctor/reports"
)

func cmdDrillReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(ctx, "drill report", drillUsage, stderr)
	month := fs.String("month", "", "only attempts started in `YYYY-MM` (UTC)")
	out := fs.String("o", "", "write the trainer's workbook to `FILE.xlsx` (a folder: posdoctor-training[-YYYY-MM].xlsx in it)")
	force := fs.Bool("force", false, "replace the workbook if it exists")
	db := fs.String("db", "", dbFlagHelp)
	if err := fs.Parse(args); err != nil {
		return parseExit(err)
	}
	if *out == "" {
		fmt.Fprint(stderr, "posdoctor drill report: -o FILE.xlsx is required\n\n"+drillUsage)
		return ExitFailed
	}
	path := workbookPath(*out, reports.TrainingFileName(*month))
	if path == "" {
		fmt.Fprintf(stderr, "posdoctor drill report: %s: the report is an Excel workbook; give a name ending in .xlsx\n", *out)
		return ExitFailed
	}
	recs, err := trainingRecords(ctx, *db, reports.TrainingFilter{Month: *month}, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "posdoctor drill report:", err)
		return ExitFailed
	}
	err = reports.ExportTrainingExcel(path, recs, reports.TrainingOptions{Month: *month, Overwrite: *force, Rules: drill.Rules()})
	if err != nil {
		if errors.Is(err, reports.ErrExists) {
			fmt.Fprintf(stderr, "posdoctor drill report: %s exists — add --force to replace it, or choose another name with -o\n", path)
		} else {
			fmt.Fprintln(stderr, "posdoctor drill report:", err)
		}
		return ExitFailed
	}
	fmt.Fprintln(stdout, say(langOf(ctx), msgDrillWrote, path, len(recs)))
	return ExitOK
}

func cmdDrillExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(ctx, "drill export", drillUsage, stderr)
	xapi := fs.String("xapi", "", "write the attempts as xAPI statements to `FILE.json` (a JSON array)")
	month := fs.String("month", "", "only attempts started in `YYYY-MM` (UTC)")
	force := fs.Bool("force", false, "replace the file if it exists")
	db := fs.String("db", "", dbFlagHelp)
	if err := fs.Parse(args); err != nil {
		return parseExit(err)
	}
	if *xapi == "" {
		fmt.Fprint(stderr, "posdoctor drill export: --xapi FILE.json is required\n\n"+drillUsage)
		return ExitFailed
	}
	if !strings.EqualFold(strings.TrimSpace((*xapi)[max(0, len(*xapi)-5):]), ".json") {
		fmt.Fprintf(stderr, "posdoctor drill export: %s: the statements are JSON; give a name ending in .json\n", *xapi)
		return ExitFailed
	}
	recs, err := trainingRecords(ctx, *db, reports.TrainingFilter{Month: *month}, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "posdoctor drill export:", err)
		return ExitFailed
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if *force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(*xapi, flags, 0o644)
	if errors.Is(err, os.ErrExist) {
		fmt.Fprintf(stderr, "posdoctor drill export: %s exists — add --force to replace it\n", *xapi)
		return ExitFailed
	}
	if err == nil {
		err = reports.WriteXAPI(f, recs)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "posdoctor drill export:", err)
		return ExitFailed
	}
	fmt.Fprintln(stdout, say(langOf(ctx), msgDrillWrote, *xapi, len(recs)))
	return ExitOK
}
