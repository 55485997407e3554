package reports

import (
	"fmt"
	"io"
	"math"
	"slices"
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
	props := bookProps("月度故障报告 "+branchName(r.Branch)+" "+r.Month, "POS terminal monthly fault report", r.Generated)
	return writeBook(w, r.Month+" "+CleanText(branchName(r.Branch)), props, func(book *xlsx.Book) []bookSheet {
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
	})
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

// kpi is one row of the Summary's figures: this month, last month, and whether more is worse.
type kpi struct {
	zh, en    string
	now, prev *float64
	moreIsBad bool // the change is coloured red when the figure grows
	decimals  int
}

func num(n int) *float64 { f := float64(n); return &f }

func pct(f *float64) *float64 {
	if f == nil {
		return nil
	}
	p := round(*f*100, 1)
	return &p
}

func kpis(r *MonthReport) []kpi {
	return []kpi{
		{zh: "故障次数", en: "Incidents", now: num(r.Incidents), moreIsBad: true},
		{zh: "终端数", en: "Terminals", now: num(r.Terminals), moreIsBad: true},
		{zh: "积压（月底未关闭）", en: "Backlog (open at month end)", now: num(r.Backlog), moreIsBad: true},
		{zh: "修复时长中位数（小时）", en: "Repair time, median (h)", now: r.RepairHours.Median, moreIsBad: true, decimals: 2},
		{zh: "修复时长 P90（小时）", en: "Repair time, p90 (h)", now: r.RepairHours.P90, moreIsBad: true, decimals: 2},
		{zh: "恢复时长中位数（小时）", en: "Time to restore, median (h)", now: r.RestoreHours.Median, moreIsBad: true, decimals: 2},
		{zh: "一次修复率 %", en: "First-time fix rate %", now: pct(r.FTFR), decimals: 1},
		{zh: "重复故障率 %", en: "Repeat rate %", now: pct(&r.RepeatRate), moreIsBad: true, decimals: 1},
		{zh: "问题终端数（90 天 ≥2 次）", en: "Repeat terminals (≥2 in 90 days)", now: num(len(r.BadActors)), moreIsBad: true},
	}
}

// change words the change from prev to now with an arrow, toned by whether it is better.
func (k kpi) change() any {
	if k.now == nil || k.prev == nil {
		return xlsx.Toned{Tone: xlsx.Muted, Value: "—"}
	}
	d := round(*k.now-*k.prev, k.decimals)
	if d == 0 {
		return xlsx.Toned{Tone: xlsx.Muted, Value: "= 0"}
	}
	arrow, worse := "▲", k.moreIsBad
	if d < 0 {
		arrow, worse = "▼", !k.moreIsBad
	}
	text := fmt.Sprintf("%s %.*f", arrow, k.decimals, math.Abs(d))
	if *k.prev != 0 && k.decimals == 0 {
		text += fmt.Sprintf(" (%+.0f%%)", 100*d / *k.prev)
	}
	tone := xlsx.Good
	if worse {
		tone = xlsx.Bad
	}
	return xlsx.Toned{Tone: tone, Value: text}
}

func orDash(f *float64) any {
	if f == nil {
		return "—"
	}
	return *f
}

// branchMonth is what a sheet of the month is about: "branch · YYYY-MM".
func (mb *monthBook) branchMonth() string {
	return CleanText(branchName(mb.r.Branch)) + " · " + mb.r.Month
}

func (mb *monthBook) summary() error {
	r := mb.r
	fm, err := mb.book.NewTitledForm(SheetMonthSummary, "月度故障报告  Monthly fault report", mb.branchMonth(), 34, 16, 16, 20)
	if err != nil {
		return err
	}
	fm.Section("报告", "Report")
	fm.Pair("网点\nBranch", CleanText(branchName(r.Branch)), "月份\nMonth", r.Month)
	fm.Pair("生成时间\nGenerated", r.Generated.In(mb.opts.Location), "到场次数\nVisits", fmt.Sprint(r.Incidents))
	fm.Wide("数据来源\nCovers", mb.sourcesText())

	fm.Section("指标（与上月比较）", "Figures, with last month")
	prevMonth := "上月\nLast month"
	if p := mb.opts.Previous; p != nil {
		prevMonth = "上月 " + p.Month + "\nLast month"
	}
	cols := []xlsx.Column{
		xlsx.Col("指标", "Figure", xlsx.Wrap, 0, 0),
		xlsx.Col("本月 "+r.Month, "This month", xlsx.Secs, 0, 0),
		{ZH: prevMonth, Kind: xlsx.Secs},
		xlsx.Col("变化", "Change", xlsx.Text, 0, 0),
	}
	ks := kpis(r)
	if p := mb.opts.Previous; p != nil {
		for i, pk := range kpis(p) {
			ks[i].prev = pk.now
		}
	}
	var rows [][]any
	for _, k := range ks {
		kind := []xlsx.Kind{0: xlsx.Int, 1: xlsx.Secs, 2: xlsx.Money}[k.decimals]
		value := func(f *float64) any { return xlsx.Typed{Kind: kind, Value: orDash(f)} }
		rows = append(rows, []any{k.zh + "\n" + k.en, value(k.now), value(k.prev), k.change()})
	}
	fm.Grid(cols, rows, nil)
	fm.Note("▲ 上升 ▼ 下降；红色表示变差，绿色表示变好。Rates are in per cent, times in hours; the Definitions sheet says how each figure is computed.", 2)

	fm.Section("解读", "Reading")
	for _, p := range mb.reading() {
		fm.Para(p)
	}
	return fm.Close()
}

// sourcesText says whose visits the store holds: this laptop and the installations whose
// bundles it imported.
func (mb *monthBook) sourcesText() string {
	var b strings.Builder
	b.WriteString("本机 this installation")
	if mb.opts.Device != "" {
		b.WriteString(" " + shortID(mb.opts.Device))
	}
	if len(mb.opts.Sources) == 0 {
		b.WriteString("；未导入其他电脑的数据包 no bundles imported from other laptops")
		return b.String()
	}
	fmt.Fprintf(&b, "；以及 %d 台电脑的数据包 and bundles of %d other installations:", len(mb.opts.Sources), len(mb.opts.Sources))
	for _, s := range mb.opts.Sources {
		fmt.Fprintf(&b, "\n%s（最新导出 newest export %s）", shortID(s.Device), s.Exported.In(mb.opts.Location).Format("2006-01-02 15:04"))
	}
	return CleanText(b.String())
}

func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// reading is the Summary's few sentences: the top codes, the worst terminal, the backlog.
func (mb *monthBook) reading() []string {
	r := mb.r
	if r.Incidents == 0 {
		return []string{"本月没有到场记录。No visits were recorded this month."}
	}
	var out []string
	if len(r.Codes) > 0 {
		var zh, en []string
		share := 0.0
		for _, c := range r.Codes[:min(3, len(r.Codes))] {
			t := mb.codeTitle(c)
			zh = append(zh, fmt.Sprintf("%s（%s，%d 次）", c.Code, t.ZH, c.Incidents))
			en = append(en, fmt.Sprintf("%s (%s, %d)", c.Code, t.EN, c.Incidents))
			share = c.CumPct
		}
		out = append(out, CleanText(fmt.Sprintf("最常见的故障码：%s，占全部代码出现次数的 %.1f%%。The most frequent codes: %s, %.1f%% of all codes seen.",
			strings.Join(zh, "、"), share, strings.Join(en, ", "), share)))
	} else {
		out = append(out, "本月到场没有记录故障码。No visit of the month recorded a code.")
	}
	if len(r.BadActors) > 0 {
		b := r.BadActors[0]
		out = append(out, CleanText(fmt.Sprintf("问题最多的终端：%s（%s），90 天内到场 %d 次，最近的代码 %s。The terminal that failed most: %s (%s), %d visits in 90 days, last code %s.",
			b.TID, b.Merchant, b.Incidents, dash(b.LastCode), b.TID, b.Merchant, b.Incidents, dash(b.LastCode))))
	} else {
		out = append(out, "90 天内没有终端到场 2 次以上。No terminal had two or more visits in 90 days.")
	}
	line := fmt.Sprintf("月底仍有 %d 次到场未关闭。%d visits were still open at the month's end.", r.Backlog, r.Backlog)
	if p := mb.opts.Previous; p != nil {
		line += fmt.Sprintf("（上月 %d）(last month %d)", p.Backlog, p.Backlog)
	}
	return append(out, line)
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// codeTitle is the code's title in both languages: from the figures, else the code book.
func (mb *monthBook) codeTitle(c CodeCount) locale.Text {
	t := locale.Text{ZH: c.TitleZH, EN: c.TitleEN}
	if x, ok := mb.ex.Explain(c.Code); ok {
		t.ZH = cmpOr(t.ZH, x.TitleZH)
		t.EN = cmpOr(t.EN, x.TitleEN)
	}
	t.ZH, t.EN = cmpOr(t.ZH, "未知代码"), cmpOr(t.EN, "unknown code")
	return t
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (mb *monthBook) trend() error {
	r := mb.r
	cats := Categories()
	widths := []float64{9}
	for range cats {
		widths = append(widths, 10)
	}
	widths = append(widths, 8, 10)
	fm, err := mb.book.NewTitledForm(SheetMonthTrend, "12 个月趋势  12-month trend",
		CleanText(branchName(r.Branch))+" · "+r.Trend[0].Month+" – "+r.Month, widths...)
	if err != nil {
		return err
	}
	cols := []xlsx.Column{xlsx.Col("月份", "Month", xlsx.Text, 0, 0)}
	for _, c := range cats {
		l := c.Labels()
		cols = append(cols, xlsx.Col(l.ZH, l.EN, xlsx.Int, 0, 0))
	}
	cols = append(cols, xlsx.Col("合计", "Total", xlsx.Int, 0, 0), xlsx.Col("修复中位(h)", "Repair h", xlsx.Secs, 0, 0))
	var rows [][]any
	for i, t := range r.Trend {
		row := []any{t.Month}
		for _, c := range cats {
			row = append(row, t.ByCategory[c])
		}
		var repair any = nil
		if d := mb.opts.Detail; d != nil && i < len(d.TrendRepair) && d.TrendRepair[i].Median != nil {
			repair = *d.TrendRepair[i].Median
		}
		rows = append(rows, append(row, t.Incidents, repair))
	}
	fm.Section("按类别的到场次数，及修复时长中位数", "Visits by category, and the median repair time")
	rg := fm.Grid(cols, rows, nil)
	ch := xlsx.Chart{
		Kind: xlsx.StackedColumns, Title: "到场次数（按类别）与修复时长 Visits by category and repair time (h)",
		Categories: rg.Col(0), Rows: 20,
		Lines: []xlsx.Series{{Name: rg.Header(len(cats) + 2), Values: rg.Col(len(cats) + 2)}},
	}
	for j := range cats {
		ch.Series = append(ch.Series, xlsx.Series{Name: rg.Header(j + 1), Values: rg.Col(j + 1)})
	}
	fm.Chart(ch)
	return fm.Close()
}

// paretoChartBars is how many codes the Pareto chart shows; the table lists them all.
const paretoChartBars = 15

func (mb *monthBook) codes() error {
	r := mb.r
	fm, err := mb.book.NewTitledForm(SheetMonthCodes, "故障码排列图  Code Pareto", mb.branchMonth(), 10, 26, 40, 10, 12)
	if err != nil {
		return err
	}
	cols := []xlsx.Column{
		xlsx.Col("代码", "Code", xlsx.Text, 0, 0),
		xlsx.Col("名称", "Title", xlsx.Wrap, 0, 0),
		xlsx.Col("含义（代码手册）", "Meaning (code book)", xlsx.Wrap, 0, 0),
		xlsx.Col("到场次数", "Visits", xlsx.Int, 0, 0),
		xlsx.Col("累计 %", "Cumulative %", xlsx.Secs, 0, 0),
	}
	var rows [][]any
	for _, c := range r.Codes {
		t := mb.codeTitle(c)
		meaning := ""
		if x, ok := mb.ex.Explain(c.Code); ok {
			meaning = strings.TrimSpace(x.MeaningZH + "\n" + x.MeaningEN)
		}
		rows = append(rows, []any{CleanText(c.Code), t.ZH + "\n" + t.EN, meaning, c.Incidents, c.CumPct})
	}
	rg := fm.Grid(cols, rows, nil)
	if len(rows) > 0 {
		top := rg.Head(paretoChartBars)
		fm.Note(fmt.Sprintf("图为次数最多的 %d 个代码；柱：到场次数，线：累计百分比（右轴）。The chart shows the %d most frequent codes: columns the visits, the line the cumulative share (right axis).",
			top.Rows(), top.Rows()), 2)
		fm.Chart(xlsx.Chart{
			Kind: xlsx.Columns, Title: "故障码排列图 Code Pareto",
			Categories: top.Col(0),
			Series:     []xlsx.Series{{Name: top.Header(3), Values: top.Col(3)}},
			Lines:      []xlsx.Series{{Name: top.Header(4), Values: top.Col(4)}},
			LineMax:    100, LineFormat: "0\"%\"",
		})
	}
	return fm.Close()
}

// repeatHighlight is how many visits in 90 days make a repeat terminal stand out.
const repeatHighlight = 3

func (mb *monthBook) repeatTerminals() error {
	r := mb.r
	fm, err := mb.book.NewTitledForm(SheetMonthRepeat, "问题终端  Repeat terminals",
		fmt.Sprintf("截至 %s 月底的 90 天内到场 2 次及以上；3 次及以上标色。Terminals with 2 or more visits in the 90 days ending with %s; 3 or more highlighted.", r.Month, r.Month), 14, 30, 12, 12, 30)
	if err != nil {
		return err
	}
	cols := []xlsx.Column{
		xlsx.Col("终端号", "TID", xlsx.Text, 0, 0),
		xlsx.Col("商户", "Merchant", xlsx.Wrap, 0, 0),
		xlsx.Col("机型", "Model", xlsx.Text, 0, 0),
		xlsx.Col("90 天到场", "Visits, 90 days", xlsx.Int, 0, 0),
		xlsx.Col("最近的代码", "Last code", xlsx.Wrap, 0, 0),
	}
	var rows [][]any
	for _, b := range r.BadActors {
		last := b.LastCode
		if last != "" {
			t := mb.codeTitle(CodeCount{Code: last})
			last = last + " " + t.Pair()
		}
		rows = append(rows, []any{CleanText(b.TID), CleanText(b.Merchant), CleanText(b.Model), b.Incidents, CleanText(last)})
	}
	fm.Grid(cols, rows, func(i int) xlsx.Highlight {
		if r.BadActors[i].Incidents >= repeatHighlight {
			return xlsx.Warning
		}
		return xlsx.Plain
	})
	return fm.Close()
}

// maxSlices is the most slices the category doughnut has; the smallest categories beyond it
// are one slice.
const maxSlices = 7

func (mb *monthBook) breakdown() error {
	r := mb.r
	fm, err := mb.book.NewTitledForm(SheetMonthBreakdown, "分类  Breakdown", mb.branchMonth(), 34, 10, 10, 12, 14)
	if err != nil {
		return err
	}
	share := func(n int) any {
		if r.Incidents == 0 {
			return 0.0
		}
		return round(100*float64(n)/float64(r.Incidents), 1)
	}

	fm.Section("按类别", "By category")
	cats := slices.Clone(Categories())
	slices.SortStableFunc(cats, func(a, b Category) int { return r.ByCategory[b] - r.ByCategory[a] })
	catCols := []xlsx.Column{
		xlsx.Col("类别", "Category", xlsx.Text, 0, 0),
		xlsx.Col("到场次数", "Visits", xlsx.Int, 0, 0),
		xlsx.Col("占比 %", "Share %", xlsx.Secs, 0, 0),
	}
	var rows [][]any
	nonzero := 0
	for _, c := range cats {
		n := r.ByCategory[c]
		if n > 0 {
			nonzero++
		}
		rows = append(rows, []any{c.Labels().ZH + " " + c.Labels().EN, n, share(n)})
	}
	rg := fm.Grid(catCols, rows, nil)
	if nonzero > 0 {
		slice := rg.Head(nonzero)
		if nonzero > maxSlices {
			// the chart's own rows: the largest six and the rest together
			fm.Note("图中各块 Slices of the chart", 1)
			var sl [][]any
			rest := 0
			for i, c := range cats[:nonzero] {
				if i < maxSlices-1 {
					sl = append(sl, rows[i])
				} else {
					rest += r.ByCategory[c]
				}
			}
			sl = append(sl, []any{"其余类别 Other categories", rest, share(rest)})
			slice = fm.Grid(catCols, sl, nil)
		}
		fm.Chart(xlsx.Chart{Kind: xlsx.Doughnut, Title: "按类别 By category", Categories: slice.Col(0),
			Series: []xlsx.Series{{Name: slice.Header(1), Values: slice.Col(1)}}, Rows: 15})
	}

	fm.Section("按处理结果", "By resolution")
	rows = nil
	for _, res := range Resolutions() {
		n := r.ByResolution[res]
		rows = append(rows, []any{res.Labels().ZH + " " + res.Labels().EN, n, share(n)})
	}
	rg = fm.Grid([]xlsx.Column{
		xlsx.Col("处理结果", "Resolution", xlsx.Text, 0, 0), catCols[1], catCols[2],
	}, rows, nil)
	barChart(fm, rg, "按处理结果 By resolution", 1)

	fm.Section("按技术员", "By technician")
	rows = nil
	for _, t := range r.Technicians {
		rows = append(rows, []any{cmpOr(CleanText(t.Technician), "（未填）(none)"), t.Incidents, t.Closed, t.FixedOnSite, orDash(t.MedianRepairHours)})
	}
	rg = fm.Grid([]xlsx.Column{
		xlsx.Col("技术员", "Technician", xlsx.Text, 0, 0), catCols[1],
		xlsx.Col("已关闭", "Closed", xlsx.Int, 0, 0),
		xlsx.Col("现场修复", "Fixed on site", xlsx.Int, 0, 0),
		xlsx.Col("修复中位(h)", "Median repair h", xlsx.Secs, 0, 0),
	}, rows, nil)
	barChart(fm, rg, "按技术员 By technician", 1)

	fm.Section("按机型", "By model")
	rows = nil
	for _, m := range r.Models {
		rows = append(rows, []any{cmpOr(CleanText(m.Model), "（未填）(none)"), m.Incidents, m.Terminals})
	}
	rg = fm.Grid([]xlsx.Column{
		xlsx.Col("机型", "Model", xlsx.Text, 0, 0), catCols[1],
		xlsx.Col("终端数", "Terminals", xlsx.Int, 0, 0),
	}, rows, nil)
	barChart(fm, rg, "按机型 By model", 1)
	return fm.Close()
}

func (mb *monthBook) incidents() error {
	var rows []MonthRow
	if mb.opts.Detail != nil {
		rows = mb.opts.Detail.Rows
	}
	loc := mb.opts.Location
	local := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		return t.In(loc)
	}
	yes, no := xlsx.Toned{Tone: xlsx.Bad, Value: "是 yes"}, "否 no"
	catLabel := map[Category]string{}
	for _, c := range Categories() {
		catLabel[c] = c.Labels().ZH + " " + c.Labels().EN
	}
	resLabel := map[Resolution]string{}
	for _, res := range Resolutions() {
		resLabel[res] = res.Labels().ZH + " " + res.Labels().EN
	}
	vals := make([]any, 14)
	return mb.book.WriteTable(xlsx.Table{
		Sheet: SheetMonthIncidents,
		Name:  "Incidents",
		Cols: []xlsx.Column{
			xlsx.Col("开单", "Opened", xlsx.Time, 19, 19),
			xlsx.Col("关闭", "Closed", xlsx.Time, 19, 19),
			xlsx.Col("报修", "Reported", xlsx.Time, 19, 19),
			xlsx.Col("网点", "Branch", xlsx.Text, 8, 20),
			xlsx.Col("技术员", "Technician", xlsx.Text, 8, 16),
			xlsx.Col("终端号", "TID", xlsx.Text, 10, 14),
			xlsx.Col("商户号", "MID", xlsx.Text, 10, 18),
			xlsx.Col("商户", "Merchant", xlsx.Text, 10, 30),
			xlsx.Col("机型", "Model", xlsx.Text, 8, 14),
			xlsx.Col("类别", "Category", xlsx.Text, 10, 28),
			xlsx.Col("故障码", "Codes", xlsx.Text, 8, 24),
			xlsx.Col("处理结果", "Resolution", xlsx.Text, 10, 36),
			xlsx.Col("修复(h)", "Repair h", xlsx.Money, 8, 12),
			xlsx.Col("重复", "Repeat", xlsx.Text, 8, 10),
		},
		N: len(rows),
		Row: func(i int) ([]any, xlsx.Highlight) {
			v := &rows[i]
			var repair any
			if !v.Closed.IsZero() {
				repair = round(v.Closed.Sub(v.Opened).Hours(), 2)
			}
			var rep any = no
			if v.Repeat {
				rep = yes
			}
			vals[0], vals[1], vals[2] = local(v.Opened), local(v.Closed), local(v.Reported)
			vals[3], vals[4], vals[5], vals[6] = v.Branch, v.Technician, v.TID, v.MID
			vals[7], vals[8], vals[9] = v.Merchant, v.Model, catLabel[v.Category]
			vals[10], vals[11], vals[12], vals[13] = strings.Join(distinct(v.Codes), ", "), resLabel[v.Resolution], repair, rep
			return vals, xlsx.Plain
		},
	})
}

// distinct is codes without repeats, in their order.
func distinct(codes []string) []string {
	if len(codes) < 2 {
		return codes
	}
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func (mb *monthBook) definitions() error {
	fm, err := mb.book.NewTitledForm(SheetMonthDefinition, "定义  Definitions",
		"每个数字如何计算（同 docs/monthly.md）。How each figure is computed (as docs/monthly.md).", 20, 16, 40, 50)
	if err != nil {
		return err
	}
	var rows [][]any
	for _, d := range monthDefinitions {
		rows = append(rows, []any{d.nameZH + "\n" + d.nameEN, d.json, d.zh, d.en})
	}
	fm.Grid([]xlsx.Column{
		xlsx.Col("指标", "Figure", xlsx.Wrap, 0, 0),
		xlsx.Col("JSON", "", xlsx.Text, 0, 0),
		xlsx.Col("中文定义", "Definition (Chinese)", xlsx.Wrap, 0, 0),
		xlsx.Col("定义", "Definition (English)", xlsx.Wrap, 0, 0),
	}, rows, nil)
	fm.Section("细则", "Details")
	for _, d := range monthDetails {
		fm.Para(d.zh + "\n" + d.en)
	}
	fm.Note("月份为本地时间的自然月。A month is a calendar month in local time: from the first day 00:00 to the first day of the next month 00:00, that instant excluded.", 2)
	return fm.Close()
}
