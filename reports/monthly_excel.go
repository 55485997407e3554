package reports

import (
	"cmp"
	"fmt"
	"io"
	"strings"
	"time"

	"posdoctor/locale"
	"posdoctor/reports/xlsx"
)

// Sheet names of the monthly workbook, Chinese first, then English.
const (
	SheetMonthSummary    = "摘要 Summary"
	SheetMonthTrend      = "趋势 Trend"
	SheetMonthCodes      = "故障码 Codes"
	SheetMonthRepeat     = "问题终端 Repeat terminals"
	SheetMonthBreakdown  = "分类 Breakdown"
	SheetMonthIncidents  = "明细 Incidents"
	SheetMonthDefinition = "定义 Definitions"
)

// MonthlyOptions is what the monthly workbook shows besides the month's figures.
type MonthlyOptions struct {
	Previous  *MonthReport   // last month's figures, beside each KPI; nil: not shown
	Detail    *MonthDetail   // the month's visits and the trend's repair times; nil: none
	Sources   []BundleSource // installations whose bundles the store took in
	Device    string         // this installation's device id ("" unknown)
	Explainer Explainer      // meanings of the codes; nil leaves them empty
	Overwrite bool           // replace an existing file (ExportMonthlyExcel)
	Location  *time.Location // zone of the times shown; nil: time.Local
	// Traditional converts the workbook's Chinese to Traditional as ExcelOptions.Traditional
	// does; nil writes Simplified.
	Traditional func(string) string
}

// MonthlyFileName is the default name of a month's workbook: monthly-BRANCH-YYYY-MM.xlsx
// ("all" for every branch). Characters unsafe in file names become "_"; Chinese stays.
func MonthlyFileName(month, branch string) string {
	if branch == "" {
		branch = "all"
	}
	b := strings.Map(func(r rune) rune {
		if r < 0x20 || strings.ContainsRune(`<>:"/\|?*`, r) || r == 0x7f {
			return '_'
		}
		return r
	}, CleanText(branch))
	b = strings.Trim(b, " .")
	if b == "" {
		b = "branch"
	}
	return fmt.Sprintf("monthly-%s-%s.xlsx", b, month)
}

// ExportMonthlyExcel writes the month's workbook to path atomically; an existing file is kept
// (ErrExists) unless opts.Overwrite.
func ExportMonthlyExcel(path string, r *MonthReport, opts MonthlyOptions) error {
	return xlsx.WriteFile(path, opts.Overwrite, func(w io.Writer) error { return WriteMonthlyExcel(w, r, opts) })
}

// WriteMonthlyExcel writes the branch manager's workbook of one month to w: the figures with
// last month's beside them, the trend, the code Pareto, the repeat terminals, the breakdowns
// with native charts, every visit of the month, and the definitions (docs/monthly.md). Every
// figure is a value, never a formula.
func WriteMonthlyExcel(w io.Writer, r *MonthReport, opts MonthlyOptions) error {
	if r == nil {
		return fmt.Errorf("%w: nil month", ErrInvalid)
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	title := []any{"月度故障报告 全部网点 all branches " + r.Month}
	if r.Branch != "" {
		title = []any{"月度故障报告 ", xlsx.AsIs(CleanText(r.Branch)), " " + r.Month} // the branch as typed
	}
	props := bookProps("POS terminal monthly fault report", r.Generated, title...)
	write := func(book *xlsx.Book) []bookSheet {
		mb := &monthBook{book: book, r: r, opts: opts, ex: newCachedExplainer(opts.Explainer)}
		return []bookSheet{
			{SheetMonthSummary, mb.summary},
			{SheetMonthTrend, mb.trend},
			{SheetMonthCodes, mb.codes},
			{SheetMonthRepeat, mb.repeatTerminals},
			{SheetMonthBreakdown, mb.breakdown},
			{SheetMonthIncidents, mb.incidents},
			{SheetMonthDefinition, mb.definitions},
		}
	}
	if r.Branch == "" { // the workbook's own words, converted with the rest
		return writeBook(w, r.Month+" "+branchName(r.Branch), props, opts.Traditional, write)
	}
	return writeBook(w, xlsx.AsIs(r.Month+" "+CleanText(r.Branch)), props, opts.Traditional, write) // as typed
}

type monthBook struct {
	book *xlsx.Book
	r    *MonthReport
	opts MonthlyOptions
	ex   *cachedExplainer
}

func branchName(b string) string {
	if b == "" {
		return "全部网点 all branches"
	}
	return b
}

// orDash is a figure, or a dash where there is none (no visit closed, no month before).
func orDash(f *float64) any {
	if f == nil {
		return "—"
	}
	return *f
}

// branchMonth is what a sheet of the month is about: "branch · YYYY-MM", the branch as typed.
func (mb *monthBook) branchMonth() any { return mb.aboutBranch(" · " + mb.r.Month) }

// aboutBranch is the branch followed by rest (ASCII): written as typed (xlsx.AsIs), or the
// workbook's own "all branches" converted like its other words.
func (mb *monthBook) aboutBranch(rest string) any {
	if mb.r.Branch == "" {
		return branchName("") + rest
	}
	return xlsx.AsIs(CleanText(mb.r.Branch) + rest)
}

// typed is a name people typed (technician, model, merchant) as typed, or the workbook's own
// word for none.
func typed(s string) any {
	if s = CleanText(s); s != "" {
		return xlsx.AsIs(s)
	}
	return "（未填）(none)"
}

// codeTitle is the code's title in both languages: from the figures, else the code book.
func (mb *monthBook) codeTitle(c CodeCount) locale.Text {
	t := locale.Text{ZH: c.TitleZH, EN: c.TitleEN}
	if x, ok := mb.ex.Explain(c.Code); ok {
		t.ZH = cmp.Or(t.ZH, x.TitleZH)
		t.EN = cmp.Or(t.EN, x.TitleEN)
	}
	t.ZH, t.EN = cmp.Or(t.ZH, "未知代码"), cmp.Or(t.EN, "unknown code")
	return t
}
