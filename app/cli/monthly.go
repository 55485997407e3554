package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
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

func init() { addSentences(map[string]msg{"monthNeeded": msgMonthNeeded}) }

var msgMonthNeeded = msg{ZH: "请用 --month 指定哪个月，例如上个月：--month %s", ZHTW: "請用 --month 指定哪個月，例如上個月：--month %s", EN: "say which month with --month YYYY-MM, e.g. last month: --month %s"}

// lastMonth is the calendar month before now's, YYYY-MM.
func lastMonth(now time.Time) string {
	return time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, now.Location()).AddDate(0, -1, 0).Format("2006-01")
}

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
	l := langOf(ctx)
	fs := newFlagSet(ctx, "report monthly", monthlyUsage, stderr)
	month := fs.String("month", "", "the calendar month `YYYY-MM` (local time)")
	branch := fs.String("branch", "", "only this branch (default: every branch)")
	asJSON := fs.Bool("json", false, "print the figures as JSON")
	db := fs.String("db", "", dbFlagHelp)
	out := fs.String("o", "", "write the month's workbook to `FILE.xlsx` (a folder: monthly-BRANCH-YYYY-MM.xlsx in it)")
	force := fs.Bool("force", false, "replace the workbook if it exists")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return parseExit(err)
	}
	if len(pos) != 1 || pos[0] != "monthly" {
		fmt.Fprint(stderr, usageIn(l, "report monthly", monthlyUsage))
		return ExitFailed
	}
	if *month == "" {
		return failText(stderr, l, "report monthly", msgMonthNeeded, lastMonth(time.Now()))
	}
	if _, err := time.Parse("2006-01", *month); err != nil {
		return failText(stderr, l, "report monthly", msgMonthFormat, *month, "2026-03")
	}
	path := *out
	if path != "" {
		if path = workbookPath(path, reports.MonthlyFileName(*month, *branch)); path == "" {
			return failText(stderr, l, "report monthly", msgNotXlsx, *out)
		}
	}
	var rep *reports.MonthReport
	var opts reports.MonthlyOptions
	s, err := openStoreForReading(l, *db, stderr)
	switch {
	case errors.Is(err, reports.ErrNoStore) && *db == "":
		// nothing recorded on this laptop yet: a month of zeros, and nothing created
		rep, err = reports.ComputeMonth(nil, *month, *branch, time.Local, time.Now())
		if err == nil && path != "" {
			opts.Detail, err = reports.MonthDetails(nil, *month, *branch, time.Local)
		}
	case err == nil:
		defer s.Close()
		warnUnknownBranch(ctx, s, *branch, l, stderr)
		if path == "" {
			rep, err = s.Monthly(ctx, *month, *branch)
		} else {
			rep, opts, err = workbookFigures(ctx, s, *month, *branch)
		}
	}
	if err != nil {
		return failErr(stderr, l, "report monthly", err)
	}
	if book, err := codebook.Default(); err != nil {
		failErr(stderr, l, "report monthly", errorOf(msgNoBookTitles, err))
	} else {
		opts.Explainer = visit.CodeBookExplainer(book)
		rep.ExplainCodes(opts.Explainer)
		if opts.Previous != nil {
			opts.Previous.ExplainCodes(opts.Explainer)
		}
	}
	if path != "" {
		opts.Overwrite = *force
		opts.Traditional = visit.WorkbookChinese(l)
		if err := reports.ExportMonthlyExcel(path, rep, opts); err != nil {
			return failWrite(stderr, l, "report monthly", path, err)
		}
		fmt.Fprintln(stdout, say(l, msgWroteMonthly,
			path, rep.Month, cleanText(branchLabel(l, rep.Branch)), rep.Incidents, len(rep.Codes), len(rep.BadActors)))
		if !*asJSON {
			return ExitOK
		}
	}
	if *asJSON {
		if err := writeJSON(stdout, rep); err != nil {
			return failErr(stderr, l, "report monthly", err)
		}
		return ExitOK
	}
	printMonthSummary(stdout, langOf(ctx), rep)
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

// workbookPath is where -o asks a workbook to go: a folder gets name in it, and so does a path
// written as a folder (ending in a separator, ".", ".."), even one that does not exist yet
// (writing then says the folder is missing); a name without an extension gets .xlsx; "" when
// the name has another extension.
func workbookPath(path, name string) string {
	switch fi, err := os.Stat(path); {
	case err == nil && fi.IsDir(), namesFolder(path):
		return filepath.Join(path, name)
	case filepath.Ext(path) == "":
		return path + ".xlsx"
	case !strings.EqualFold(filepath.Ext(path), ".xlsx"):
		return ""
	}
	return path
}

// namesFolder reports whether path is written as a folder: it ends in a separator (nosuchdir/),
// or its last element is "." or "..".
func namesFolder(path string) bool {
	if path == "" {
		return false
	}
	if os.IsPathSeparator(path[len(path)-1]) {
		return true
	}
	base := filepath.Base(path)
	return base == "." || base == ".."
}

func branchLabel(l locale.Lang, b string) string {
	if b == "" {
		return msgAllBranches.In(l)
	}
	return b
}

// printMonthSummary prints the month's main figures, a line each, in l.
func printMonthSummary(w io.Writer, l locale.Lang, r *reports.MonthReport) {
	fmt.Fprintln(w, say(l, msgMonthTitle, r.Month, cleanText(branchLabel(l, r.Branch)))+"\n")
	fmt.Fprintln(w, say(l, msgMonthCounts, r.Incidents, r.Terminals, r.Backlog))
	fmt.Fprintln(w, say(l, msgMonthHours, hourLine(l, r.RepairHours), hourLine(l, r.RestoreHours)))
	ftfr := "-"
	if r.FTFR != nil {
		ftfr = fmt.Sprintf("%.1f%%", *r.FTFR*100)
	}
	fmt.Fprintln(w, say(l, msgMonthRates, ftfr, fmt.Sprintf("%.1f%%", r.RepeatRate*100)))
	sep := ", "
	if l.Chinese() {
		sep = "，"
	}
	var cats []string
	for _, c := range reports.Categories() {
		if n := r.ByCategory[c]; n > 0 {
			cats = append(cats, fmt.Sprintf("%s %d", c.Label(l), n))
		}
	}
	if len(cats) > 0 {
		fmt.Fprintln(w, say(l, msgMonthCategories, strings.Join(cats, sep)))
	}
	if len(r.Codes) > 0 {
		var top []string
		for _, c := range r.Codes[:min(3, len(r.Codes))] {
			t := c.Code
			if title := bookIn(l, locale.Text{ZH: c.TitleZH, EN: c.TitleEN}.In(l)); title != "" {
				t += " " + title
			}
			n := fmt.Sprintf(" (%d)", c.Incidents)
			if l.Chinese() {
				n = fmt.Sprintf("（%d 次）", c.Incidents)
			}
			top = append(top, cleanText(t)+n)
		}
		fmt.Fprintln(w, say(l, msgMonthTopCodes, strings.Join(top, sep)))
	}
	if len(r.BadActors) > 0 {
		b := r.BadActors[0]
		fmt.Fprintln(w, say(l, msgMonthRepeat, len(r.BadActors), cleanText(b.TID), cleanText(b.Merchant), b.Incidents))
	}
	fmt.Fprintln(w, "\n"+msgMonthJSON.In(l))
}

// hourLine is "median 3.50 h, p90 12.00 h (n 6)" in l, or "-" when nothing is closed.
func hourLine(l locale.Lang, h reports.HourStats) string {
	if h.N == 0 {
		return "-"
	}
	return say(l, msgMonthHourLine, *h.Median, *h.P90, h.N)
}

// warnUnknownBranch says on stderr when branch names no branch of the store (a typo gives an
// all-zero month otherwise, with nothing to say why), with the branches it has.
func warnUnknownBranch(ctx context.Context, s *reports.Store, branch string, l locale.Lang, w io.Writer) {
	if branch == "" {
		return
	}
	known, err := s.Branches(ctx)
	if err != nil || slices.Contains(known, reports.CleanBranch(branch)) {
		return
	}
	list := msgNone.In(l)
	if len(known) > 0 {
		const most = 10 // a shared store may hold hundreds of branches
		list = strings.Join(known[:min(len(known), most)], listSep(l))
		if len(known) > most {
			list += listSep(l) + "…"
		}
	}
	warn(w, l, cleanText(say(l, msgUnknownBranch, branch, list)))
}
