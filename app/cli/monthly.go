package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"posdoctor/app/visit"
	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
	"posdoctor/reports"
)

const monthlyUsage = `usage: posdoctor report monthly --month YYYY-MM [--branch NAME] [--json] [-o FILE.xlsx [--force]] [--db PATH]

Computes the branch manager's figures of one calendar month (local time): visits, terminals,
categories, resolutions, the code Pareto, repair and restore times, first-time fix rate,
repeat rate, repeat terminals, backlog, the 12-month trend, technicians and models
(docs/monthly.md defines each). Without --branch it covers every branch. --json prints the
figures as JSON; without it, a short summary. -o writes the month's workbook for the bank and
the provider (summary with last month beside each figure, trend, code Pareto, repeat terminals,
breakdowns with charts, every visit, definitions); -o FOLDER names it monthly-BRANCH-YYYY-MM.xlsx
in that folder. An existing file is kept unless --force.

Exit status: 0 computed (a month without visits too), 2 bad arguments, the store cannot be
read, the file exists or it cannot be written.
`

// reportKind is the first word of report's arguments ("incident", "monthly"), wherever the
// flags stand: flags may come before the words, so the values of flags are skipped.
func reportKind(args []string) string {
	takesValue := map[string]bool{"o": true, "db": true, "month": true, "branch": true}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			if i+1 < len(args) {
				return args[i+1]
			}
			return ""
		case a == "-" || !strings.HasPrefix(a, "-"):
			return a
		case takesValue[strings.TrimLeft(a, "-")]:
			i++ // -db PATH: PATH is not a word
		}
	}
	return ""
}

func cmdReportMonthly(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("report monthly", monthlyUsage, stderr)
	month := fs.String("month", "", "the calendar month `YYYY-MM` (local time)")
	branch := fs.String("branch", "", "only this branch (default: every branch)")
	asJSON := fs.Bool("json", false, "print the figures as JSON")
	db := fs.String("db", "", "incident store `PATH` (default: incidents.db in the data folder)")
	out := fs.String("o", "", "write the month's workbook to `FILE.xlsx` (a folder: monthly-BRANCH-YYYY-MM.xlsx in it)")
	force := fs.Bool("force", false, "replace the workbook if it exists")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return parseExit(err)
	}
	if len(pos) != 1 || pos[0] != "monthly" {
		fmt.Fprint(stderr, monthlyUsage)
		return ExitFailed
	}
	if _, err := time.Parse("2006-01", *month); err != nil {
		fmt.Fprintf(stderr, "posdoctor report monthly: --month %q: give the month as YYYY-MM, e.g. 2026-03\n", *month)
		return ExitFailed
	}
	path := *out
	if path != "" {
		if path = workbookPath(path, reports.MonthlyFileName(*month, *branch)); path == "" {
			fmt.Fprintf(stderr, "posdoctor report monthly: %s: the report is an Excel workbook; give a name ending in .xlsx\n", *out)
			return ExitFailed
		}
	}
	var rep *reports.MonthReport
	var opts reports.MonthlyOptions
	s, err := openStoreForReading(*db, stderr)
	switch {
	case errors.Is(err, reports.ErrNoStore) && *db == "":
		// nothing recorded on this laptop yet: a month of zeros, and nothing created
		rep, err = reports.ComputeMonth(nil, *month, *branch, time.Local, time.Now())
		if err == nil && path != "" {
			opts.Detail, err = reports.MonthDetails(nil, *month, *branch, time.Local)
		}
	case err == nil:
		defer s.Close()
		if path == "" {
			rep, err = s.Monthly(ctx, *month, *branch)
		} else {
			rep, opts, err = workbookFigures(ctx, s, *month, *branch)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "posdoctor report monthly:", err)
		return ExitFailed
	}
	if book, err := codebook.Default(); err != nil {
		fmt.Fprintf(stderr, "posdoctor report monthly: the code book could not be loaded (%v); codes are shown without their titles\n", err)
	} else {
		opts.Explainer = visit.CodeBookExplainer(book)
		rep.ExplainCodes(opts.Explainer)
		if opts.Previous != nil {
			opts.Previous.ExplainCodes(opts.Explainer)
		}
	}
	if path != "" {
		opts.Overwrite = *force
		if err := reports.ExportMonthlyExcel(path, rep, opts); err != nil {
			if errors.Is(err, reports.ErrExists) {
				fmt.Fprintf(stderr, "posdoctor report monthly: %s exists — add --force to replace it, or choose another name with -o\n", path)
			} else {
				fmt.Fprintln(stderr, "posdoctor report monthly:", err)
			}
			return ExitFailed
		}
		fmt.Fprintf(stdout, "已写入 wrote %s — %s, %s: %d visits, %d codes, %d repeat terminals\n",
			path, rep.Month, cleanText(branchLabel(rep.Branch)), rep.Incidents, len(rep.Codes), len(rep.BadActors))
		if !*asJSON {
			return ExitOK
		}
	}
	if *asJSON {
		if err := writeJSON(stdout, rep); err != nil {
			fmt.Fprintln(stderr, "posdoctor report monthly:", err)
			return ExitFailed
		}
		return ExitOK
	}
	printMonthSummary(stdout, rep)
	return ExitOK
}

// workbookFigures reads what the month's workbook shows besides the figures: last month's
// figures, the month's visits, and whose bundles the store holds.
func workbookFigures(ctx context.Context, s *reports.Store, month, branch string) (*reports.MonthReport, reports.MonthlyOptions, error) {
	var opts reports.MonthlyOptions
	rep, detail, err := s.MonthlyDetail(ctx, month, branch)
	if err != nil {
		return nil, opts, err
	}
	opts.Detail = detail
	start, _, _ := reports.MonthSpan(month, time.Local)
	if opts.Previous, err = s.Monthly(ctx, start.AddDate(0, -1, 0).Format("2006-01"), branch); err != nil {
		return nil, opts, err
	}
	if opts.Sources, err = s.BundleSources(ctx); err != nil {
		return nil, opts, err
	}
	opts.Device, _ = s.Device(ctx) // a store opened read-only may not have one yet
	return rep, opts, nil
}

// workbookPath is where -o asks a workbook to go: a folder gets name in it, a name without an
// extension gets .xlsx; "" when the name has another extension.
func workbookPath(path, name string) string {
	switch fi, err := os.Stat(path); {
	case err == nil && fi.IsDir():
		return filepath.Join(path, name)
	case filepath.Ext(path) == "":
		return path + ".xlsx"
	case !strings.EqualFold(filepath.Ext(path), ".xlsx"):
		return ""
	}
	return path
}

func branchLabel(b string) string {
	if b == "" {
		return "全部网点 all branches"
	}
	return b
}

// printMonthSummary prints the month's main figures, a line each, in Chinese and English.
func printMonthSummary(w io.Writer, r *reports.MonthReport) {
	fmt.Fprintf(w, "月度故障报告 Monthly fault report — %s, %s\n\n", r.Month, cleanText(branchLabel(r.Branch)))
	fmt.Fprintf(w, "故障次数 Incidents: %d   终端 Terminals: %d   积压 Backlog: %d\n", r.Incidents, r.Terminals, r.Backlog)
	fmt.Fprintf(w, "修复时长 Repair hours: %s   恢复时长 Restore hours: %s\n", hourLine(r.RepairHours), hourLine(r.RestoreHours))
	ftfr := "-"
	if r.FTFR != nil {
		ftfr = fmt.Sprintf("%.1f%%", *r.FTFR*100)
	}
	fmt.Fprintf(w, "一次修复率 First-time fix: %s   重复故障率 Repeat rate: %.1f%%\n", ftfr, r.RepeatRate*100)
	var cats []string
	for _, c := range reports.Categories() {
		if n := r.ByCategory[c]; n > 0 {
			cats = append(cats, fmt.Sprintf("%s %d", c.Label(locale.ZH), n))
		}
	}
	if len(cats) > 0 {
		fmt.Fprintf(w, "分类 By category: %s\n", strings.Join(cats, ", "))
	}
	if len(r.Codes) > 0 {
		var top []string
		for _, c := range r.Codes[:min(3, len(r.Codes))] {
			t := c.Code
			if c.TitleZH != "" {
				t += " " + c.TitleZH
			}
			top = append(top, fmt.Sprintf("%s (%d)", cleanText(t), c.Incidents))
		}
		fmt.Fprintf(w, "主要故障码 Top codes: %s\n", strings.Join(top, ", "))
	}
	if len(r.BadActors) > 0 {
		b := r.BadActors[0]
		fmt.Fprintf(w, "问题终端 Repeat terminals: %d, worst %s %s (%d visits in 90 days)\n",
			len(r.BadActors), cleanText(b.TID), cleanText(b.Merchant), b.Incidents)
	}
	fmt.Fprintln(w, "\n--json prints every figure (docs/monthly.md defines them)")
}

// hourLine is "median 3.50 h, p90 12.00 h (n 6)", or "-" when nothing is closed.
func hourLine(h reports.HourStats) string {
	if h.N == 0 {
		return "-"
	}
	return fmt.Sprintf("中位 median %.2f h, p90 %.2f h (n %d)", *h.Median, *h.P90, h.N)
}
