package reports

import (
	"fmt"
	"math"
	"strings"

	"posdoctor/reports/xlsx"
)

// The monthly workbook's Summary sheet: the month's figures beside last month's, and a few
// sentences that read them (docs/monthly.md).

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

func (mb *monthBook) summary() error {
	r := mb.r
	fm, err := mb.book.NewTitledForm(SheetMonthSummary, "月度故障报告  Monthly fault report", mb.branchMonth(), 34, 16, 16, 20)
	if err != nil {
		return err
	}
	fm.Section("报告", "Report")
	fm.Pair("网点\nBranch", mb.aboutBranch(""), "月份\nMonth", r.Month)
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
func (mb *monthBook) reading() []any {
	r := mb.r
	if r.Incidents == 0 {
		return []any{"本月没有到场记录。No visits were recorded this month."}
	}
	var out []any
	if len(r.Codes) > 0 {
		var zh, en []string
		share := 0.0
		for _, c := range r.Codes[:min(3, len(r.Codes))] {
			t := mb.codeTitle(c)
			zh = append(zh, fmt.Sprintf("%s（%s，%d 次）", c.Code, t.ZH, c.Incidents))
			en = append(en, fmt.Sprintf("%s (%s, %d)", c.Code, t.EN, c.Incidents))
			share = c.CumPct
		}
		out = append(out, CleanText(fmt.Sprintf("最常见的故障码：%s，占全部故障码出现次数的 %.1f%%（提示类不计）。The most frequent codes: %s, %.1f%% of all fault codes counted (notes left out).",
			strings.Join(zh, "、"), share, strings.Join(en, ", "), share)))
	} else {
		out = append(out, "本月到场没有记录故障码。No visit of the month recorded a code.")
	}
	if len(r.BadActors) > 0 {
		b := r.BadActors[0]
		// the sentence's own words through the book's script, the merchant's name as typed
		zh := mb.book.Own(fmt.Sprintf("问题最多的终端：%s（\x00），90 天内到场 %d 次，最近的代码 %s。", b.TID, b.Incidents, dash(b.LastCode)))
		out = append(out, xlsx.AsIs(CleanText(strings.Replace(zh, "\x00", b.Merchant, 1)+fmt.Sprintf("The terminal that failed most: %s (%s), %d visits in 90 days, last code %s.",
			b.TID, b.Merchant, b.Incidents, dash(b.LastCode)))))
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
