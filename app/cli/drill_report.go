package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"posdoctor/app/visit"
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
		return refuseDrill(stderr, langOf(ctx), "drill report", msgDrillNeedsOut)
	}
	path := workbookPath(*out, reports.TrainingFileName(*month))
	if path == "" {
		return failText(stderr, langOf(ctx), "drill report", msgNotXlsx, *out)
	}
	recs, err := trainingRecords(ctx, *db, reports.TrainingFilter{Month: *month}, stderr)
	if err != nil {
		return failErr(stderr, langOf(ctx), "drill report", err)
	}
	err = reports.ExportTrainingExcel(path, recs, reports.TrainingOptions{Month: *month, Overwrite: *force, Rules: drill.Rules(),
		Traditional: visit.WorkbookChinese(langOf(ctx))})
	if err != nil {
		return failWrite(stderr, langOf(ctx), "drill report", path, err)
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
		return refuseDrill(stderr, langOf(ctx), "drill export", msgDrillNeedsXAPI)
	}
	if !strings.EqualFold(strings.TrimSpace((*xapi)[max(0, len(*xapi)-5):]), ".json") {
		return failText(stderr, langOf(ctx), "drill export", msgNotJSONName, *xapi)
	}
	recs, err := trainingRecords(ctx, *db, reports.TrainingFilter{Month: *month}, stderr)
	if err != nil {
		return failErr(stderr, langOf(ctx), "drill export", err)
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if *force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(*xapi, flags, 0o644)
	if errors.Is(err, os.ErrExist) {
		return failText(stderr, langOf(ctx), "drill export", msgExistsForceOnly, *xapi)
	}
	if err == nil {
		err = reports.WriteXAPI(f, recs)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return failErr(stderr, langOf(ctx), "drill export", err)
	}
	fmt.Fprintln(stdout, say(langOf(ctx), msgDrillWrote, *xapi, len(recs)))
	return ExitOK
}
