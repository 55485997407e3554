package reports

import (
	"fmt"
	"slices"
	"strings"

	"posdoctor/diagnostics"
	"posdoctor/locale"
	"posdoctor/reports/xlsx"
)

// The monthly workbook's other sheets: the trend, the code Pareto, the repeat terminals, the
// breakdowns, every visit, and the definitions (docs/monthly.md).

func (mb *monthBook) trend() error {
	r := mb.r
	cats := Categories()
	widths := []float64{9}
	for range cats {
		widths = append(widths, 10)
	}
	widths = append(widths, 8, 10)
	fm, err := mb.book.NewTitledForm(SheetMonthTrend, "12 个月趋势  12-month trend",
		mb.aboutBranch(" · "+r.Trend[0].Month+" – "+r.Month), widths...)
	if err != nil {
		return err
	}
	cols := []xlsx.Column{xlsx.Col("月份", "Month", xlsx.Text, 0, 0)}
	for _, c := range cats {
		l := c.Labels()
		cols = append(cols, xlsx.Col(l.ZH, l.EN, xlsx.Int, 0, 0))
	}
	cols = append(cols, xlsx.Col("合计", "Total", xlsx.Int, 0, 0), xlsx.Col("修复中位（h）", "Repair h", xlsx.Secs, 0, 0))
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
		notes := diagnostics.NoteCodes()
		fm.Note(fmt.Sprintf("图为次数最多的 %d 个代码；柱：到场次数，线：累计百分比（右轴）。检查的提示（%s）不是故障，不计入。The chart shows the %d most frequent codes: columns the visits, the line the cumulative share (right axis). The checklist's notes (%s) are not faults and are not counted.",
			top.Rows(), strings.Join(notes, "、"), top.Rows(), strings.Join(notes, ", ")), 3)
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
		rows = append(rows, []any{xlsx.AsIs(CleanText(b.TID)), xlsx.AsIs(CleanText(b.Merchant)), xlsx.AsIs(CleanText(b.Model)), b.Incidents, CleanText(last)})
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
		rows = append(rows, []any{mb.label(c.Labels()), n, share(n)})
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
		rows = append(rows, []any{mb.label(res.Labels()), n, share(n)})
	}
	rg = fm.Grid([]xlsx.Column{
		xlsx.Col("处理结果", "Resolution", xlsx.Text, 0, 0), catCols[1], catCols[2],
	}, rows, nil)
	barChart(fm, rg, "按处理结果 By resolution", 1)

	fm.Section("按技术员", "By technician")
	rows = nil
	for _, t := range r.Technicians {
		rows = append(rows, []any{typed(t.Technician), t.Incidents, t.Closed, t.FixedOnSite, orDash(t.MedianRepairHours)})
	}
	rg = fm.Grid([]xlsx.Column{
		xlsx.Col("技术员", "Technician", xlsx.Text, 0, 0), catCols[1],
		xlsx.Col("已关闭", "Closed", xlsx.Int, 0, 0),
		xlsx.Col("现场修复", "Fixed on site", xlsx.Int, 0, 0),
		xlsx.Col("修复中位（h）", "Median repair h", xlsx.Secs, 0, 0),
	}, rows, nil)
	barChart(fm, rg, "按技术员 By technician", 1)

	fm.Section("按机型", "By model")
	rows = nil
	for _, m := range r.Models {
		rows = append(rows, []any{typed(m.Model), m.Incidents, m.Terminals})
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
	yes, no := xlsx.Toned{Tone: xlsx.Bad, Value: "是 yes"}, "否 no"
	catLabel := map[Category]string{}
	for _, c := range Categories() {
		catLabel[c] = mb.label(c.Labels())
	}
	resLabel := map[Resolution]string{}
	for _, res := range Resolutions() {
		resLabel[res] = mb.label(res.Labels())
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
			xlsx.Col("修复（h）", "Repair h", xlsx.Money, 8, 12),
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
			vals[0], vals[1], vals[2] = inZone(v.Opened, loc), inZone(v.Closed, loc), inZone(v.Reported, loc)
			// what was typed, as typed (xlsx.AsIs)
			vals[3], vals[4], vals[5], vals[6] = xlsx.AsIs(v.Branch), xlsx.AsIs(v.Technician), xlsx.AsIs(v.TID), xlsx.AsIs(v.MID)
			vals[7], vals[8], vals[9] = xlsx.AsIs(v.Merchant), xlsx.AsIs(v.Model), catLabel[v.Category]
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

// label is a category's or an outcome's label as the monthly sheets write it ("中文 English"),
// its hand-written Traditional in a Traditional workbook, as the incident workbook writes it.
func (mb *monthBook) label(t locale.Text) string {
	return t.In(zhOf(mb.opts.Traditional)) + " " + t.EN
}
