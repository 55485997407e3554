package reports

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"posdoctor/locale"
	"posdoctor/reports/xlsx"
)

// Sheet names of the trainer's workbook, Chinese first, then English.
const (
	SheetTrainRoster   = "名册 Roster"
	SheetTrainAttempts = "明细 Attempts"
	SheetTrainAnalysis = "分析 By drill"
	SheetTrainRules    = "评分规则 Scoring"
)

// TrainingRule is one row of the scoring rules sheet: the rule in both languages and the
// points it gives or takes ("40", "−10 each"). The drill package owns the numbers; its caller
// passes them, so reports does not import drill.
type TrainingRule struct {
	Rule   locale.Text
	Points string
}

// TrainingOptions is what the trainer's workbook shows besides the records.
type TrainingOptions struct {
	Month     string           // YYYY-MM the records were selected for; "" all of them
	Rules     []TrainingRule   // the scoring rules, for their sheet; none: the sheet says so
	Overwrite bool             // replace an existing file (ExportTrainingExcel)
	Now       func() time.Time // when the workbook is made, for its footer; nil: time.Now
	Location  *time.Location   // zone of the dates shown; nil: time.Local
	// Traditional converts the workbook's Chinese to Traditional as ExcelOptions.Traditional
	// does; nil writes Simplified.
	Traditional func(string) string
}

// TrainingFileName is the default name of the trainer's workbook:
// posdoctor-training-YYYY-MM.xlsx, or posdoctor-training.xlsx for every month (or a month
// that is not YYYY-MM).
func TrainingFileName(month string) string {
	if _, err := time.Parse("2006-01", month); err != nil {
		return "posdoctor-training.xlsx"
	}
	return "posdoctor-training-" + month + ".xlsx"
}

// ExportTrainingExcel writes the trainer's workbook to path atomically; an existing file is
// kept (ErrExists) unless opts.Overwrite.
func ExportTrainingExcel(path string, recs []TrainingRecord, opts TrainingOptions) error {
	return xlsx.WriteFile(path, opts.Overwrite, func(w io.Writer) error { return WriteTrainingExcel(w, recs, opts) })
}

// WriteTrainingExcel writes the trainer's workbook of recs (the caller's selection, e.g. one
// month's records) to w: the roster × drill grid, every attempt, the analysis per drill with a
// native chart of pass rates, and the scoring rules (docs/training-exports.md). No records
// make a workbook that says so. Every figure is a value, never a formula.
func WriteTrainingExcel(w io.Writer, recs []TrainingRecord, opts TrainingOptions) error {
	if opts.Month != "" {
		if _, err := time.Parse("2006-01", opts.Month); err != nil {
			return fmt.Errorf("%w: month %q is not YYYY-MM", ErrInvalid, opts.Month)
		}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	clean := make([]TrainingRecord, len(recs))
	for i, r := range recs {
		clean[i] = r.clean()
	}
	slices.SortStableFunc(clean, func(a, b TrainingRecord) int { return a.Started.Compare(b.Started) })
	now := opts.Now()
	footer := "培训 Training " + cmp.Or(opts.Month, "全部 all") + " · " + now.In(opts.Location).Format("2006-01-02 15:04")
	props := bookProps("POS terminal fault drills: training records", now, "培训记录 Training records "+cmp.Or(opts.Month, "all"))
	return writeBook(w, footer, props, opts.Traditional, func(book *xlsx.Book) []bookSheet {
		tb := &trainBook{book: book, recs: clean, opts: opts}
		return []bookSheet{
			{SheetTrainRoster, tb.roster},
			{SheetTrainAttempts, tb.attempts},
			{SheetTrainAnalysis, tb.analysis},
			{SheetTrainRules, tb.rules},
		}
	})
}

type trainBook struct {
	book *xlsx.Book
	recs []TrainingRecord // cleaned, oldest first
	opts TrainingOptions
}

// period is what the records cover, for the sheets' subtitles.
func (tb *trainBook) period() string {
	if tb.opts.Month == "" {
		return "全部月份 all months"
	}
	return tb.opts.Month
}

// noAttempts is what every sheet of records says when there are none.
func (tb *trainBook) noAttempts() string {
	return "没有演练记录（" + tb.period() + "）。No attempts were recorded (" + tb.period() + ")."
}

// trainDrill is one drill as the records show it: its latest title and its attempts.
type trainDrill struct {
	id    string
	title TrainingTitle
	recs  []*TrainingRecord
}

// drills groups the records by drill, in drill id order.
func (tb *trainBook) drills() []*trainDrill {
	by := map[string]*trainDrill{}
	var out []*trainDrill
	for i := range tb.recs {
		r := &tb.recs[i]
		d := by[r.Drill]
		if d == nil {
			d = &trainDrill{id: r.Drill}
			by[r.Drill] = d
			out = append(out, d)
		}
		d.title = r.Title // the latest version's
		d.recs = append(d.recs, r)
	}
	slices.SortFunc(out, func(a, b *trainDrill) int { return strings.Compare(a.id, b.id) })
	return out
}

// trainees is every trainee's name, sorted.
func (tb *trainBook) trainees() []string {
	var out []string
	for _, r := range tb.recs {
		out = append(out, r.Trainee)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// dateFormat shows a day as 11-27, or 2026-11-27 when the records span more than one year.
func (tb *trainBook) dateFormat() string {
	if len(tb.recs) > 0 {
		first, last := tb.recs[0].Started.In(tb.opts.Location), tb.recs[len(tb.recs)-1].Started.In(tb.opts.Location)
		if first.Year() != last.Year() {
			return "2006-01-02"
		}
	}
	return "01-02"
}

// rosterCell is one trainee's standing on one drill: "95 ✓ ×3 11-27" (best score, passed,
// attempts, last day), green when an attempt passed, red when none did; empty when the
// trainee never tried it. The score shown is the best of the passed attempts, or of all of
// them when none passed: a high score that failed on a critical action does not hide a pass.
func rosterCell(recs []*TrainingRecord, trainee string, loc *time.Location, layout string) any {
	n, best, passed := 0, -1, false
	var last time.Time
	for _, r := range recs {
		if r.Trainee != trainee {
			continue
		}
		n++
		if r.Started.After(last) {
			last = r.Started
		}
		switch {
		case r.Passed && !passed:
			passed, best = true, r.Score
		case r.Passed == passed:
			best = max(best, r.Score)
		}
	}
	if n == 0 {
		return ""
	}
	mark, tone := "✗", xlsx.Bad
	if passed {
		mark, tone = "✓", xlsx.Good
	}
	return xlsx.Toned{Tone: tone, Value: fmt.Sprintf("%d %s ×%d %s", best, mark, n, last.In(loc).Format(layout))}
}

func (tb *trainBook) roster() error {
	drills := tb.drills()
	widths := []float64{16, 10}
	for range drills {
		widths = append(widths, 15)
	}
	fm, err := tb.book.NewTitledForm(SheetTrainRoster, "培训名册  Training roster", tb.period(), widths...)
	if err != nil {
		return err
	}
	fm.Landscape()
	if len(tb.recs) == 0 {
		fm.Para(tb.noAttempts())
		return fm.Close()
	}
	fm.Note("格子：最高分 ✓通过/✗未通过 ×尝试次数 最近日期；绿色已通过，红色未通过，空白未做过。"+
		"A cell: best score, ✓ passed or ✗ not, × attempts, last day; green passed, red not passed, empty not tried.", 2)
	cols := []xlsx.Column{
		xlsx.Col("学员", "Trainee", xlsx.Wrap, 0, 0),
		xlsx.Col("已通过", "Drills passed", xlsx.Text, 0, 0),
	}
	for _, d := range drills {
		cols = append(cols, xlsx.Column{ZH: cmp.Or(d.title.ZH, d.title.EN), EN: d.id, Kind: xlsx.Text})
	}
	layout := tb.dateFormat()
	var rows [][]any
	for _, name := range tb.trainees() {
		row := []any{xlsx.AsIs(name), nil}
		passed, tried := 0, 0
		for _, d := range drills {
			c := rosterCell(d.recs, name, tb.opts.Location, layout)
			if t, ok := c.(xlsx.Toned); ok {
				tried++
				if t.Tone == xlsx.Good {
					passed++
				}
			}
			row = append(row, c)
		}
		row[1] = fmt.Sprintf("%d / %d", passed, tried)
		rows = append(rows, row)
	}
	fm.Grid(cols, rows, nil)
	return fm.Close()
}

// modeLabel words an attempt's mode in both languages.
func modeLabel(mode string) string {
	switch mode {
	case "practice":
		return "练习 practice"
	case "assessed":
		return "考核 assessed"
	}
	return mode
}

func (tb *trainBook) attempts() error {
	loc := tb.opts.Location
	yes, no := xlsx.Toned{Tone: xlsx.Good, Value: "通过 passed"}, xlsx.Toned{Tone: xlsx.Bad, Value: "未通过 failed"}
	vals := make([]any, 20)
	return tb.book.WriteTable(xlsx.Table{
		Sheet: SheetTrainAttempts,
		Cols: []xlsx.Column{
			xlsx.Col("开始", "Started", xlsx.Time, 19, 19),
			xlsx.Col("学员", "Trainee", xlsx.Text, 8, 16),
			xlsx.Col("培训师", "Trainer", xlsx.Text, 8, 16),
			xlsx.Col("演练", "Drill", xlsx.Text, 10, 28),
			xlsx.Col("名称", "Title", xlsx.Wrap, 12, 30),
			xlsx.Col("级别", "Level", xlsx.Int, 6, 6),
			xlsx.Col("模式", "Mode", xlsx.Text, 8, 14),
			xlsx.Col("得分", "Score", xlsx.Int, 6, 6),
			xlsx.Col("及格线", "Pass mark", xlsx.Int, 6, 8),
			xlsx.Col("结果", "Result", xlsx.Text, 10, 14),
			xlsx.Col("严重操作", "Critical actions", xlsx.Wrap, 10, 24),
			xlsx.Col("诊断分", "Diagnosis", xlsx.Int, 6, 9),
			xlsx.Col("操作分", "Actions", xlsx.Int, 6, 8),
			xlsx.Col("效率分", "Efficiency", xlsx.Int, 6, 10),
			xlsx.Col("有害扣分", "Harmful", xlsx.Int, 6, 8),
			xlsx.Col("提示扣分", "Hint cost", xlsx.Int, 6, 9),
			xlsx.Col("用时（秒）", "Duration s", xlsx.Secs, 8, 10),
			xlsx.Col("诊断", "Diagnoses", xlsx.Text, 8, 20),
			xlsx.Col("提示", "Hints", xlsx.Int, 6, 6),
			xlsx.Col("尝试编号", "Attempt", xlsx.Text, 36, 38),
		},
		N: len(tb.recs),
		Row: func(i int) ([]any, xlsx.Highlight) {
			r := &tb.recs[i]
			vals[0], vals[1], vals[2], vals[3] = r.Started.In(loc), xlsx.AsIs(r.Trainee), xlsx.AsIs(r.Trainer), r.Drill
			vals[4] = strings.TrimSpace(r.Title.ZH + "\n" + r.Title.EN)
			vals[5], vals[6], vals[7], vals[8] = r.Level, modeLabel(r.Mode), r.Score, r.PassScore
			vals[9] = no
			if r.Passed {
				vals[9] = yes
			}
			vals[10] = strings.Join(r.Critical, ", ")
			if len(r.Critical) > 0 {
				vals[10] = xlsx.Toned{Tone: xlsx.Bad, Value: vals[10]}
			}
			b := r.Breakdown
			vals[11], vals[12], vals[13], vals[14], vals[15] = b.Diagnosis, b.Actions, b.Efficiency, b.Harmful, b.Hints
			vals[16], vals[17], vals[18], vals[19] = round(r.DurationS, 1), strings.Join(r.Diagnoses, ", "), r.Hints, r.Attempt
			return vals, xlsx.Plain
		},
	})
}

// drillFigures are one drill's figures on the analysis sheet.
type drillFigures struct {
	attempts, trainees, passed int
	passRate, meanScore        float64 // per cent of attempts; points
	critical                   int     // attempts with a critical action
	wrong                      string  // the most common wrong diagnosis, "P2 ×3"; "" none
}

func figures(d *trainDrill) drillFigures {
	var f drillFigures
	trainees := map[string]bool{}
	wrong := map[string]int{}
	sum := 0
	for _, r := range d.recs {
		f.attempts++
		trainees[r.Trainee] = true
		sum += r.Score
		if r.Passed {
			f.passed++
		}
		if len(r.Critical) > 0 {
			f.critical++
		}
		for _, e := range r.Log {
			if e.Do == "diagnose" && !e.Right && e.Value != "" {
				wrong[e.Value]++
			}
		}
	}
	f.trainees = len(trainees)
	f.passRate = round(100*float64(f.passed)/float64(f.attempts), 1)
	f.meanScore = round(float64(sum)/float64(f.attempts), 1)
	if code, n := mostCommon(wrong); n > 0 {
		f.wrong = fmt.Sprintf("%s ×%d", code, n)
	}
	return f
}

// mostCommon is the key counted most often, the smallest key of a tie.
func mostCommon(counts map[string]int) (string, int) {
	best, n := "", 0
	for k, c := range counts {
		if c > n || c == n && k < best {
			best, n = k, c
		}
	}
	return best, n
}

func (tb *trainBook) analysis() error {
	fm, err := tb.book.NewTitledForm(SheetTrainAnalysis, "按演练分析  Analysis by drill", tb.period(), 20, 24, 8, 8, 8, 9, 9, 10, 16)
	if err != nil {
		return err
	}
	drills := tb.drills()
	if len(drills) == 0 {
		fm.Para(tb.noAttempts())
		return fm.Close()
	}
	cols := []xlsx.Column{
		xlsx.Col("演练", "Drill", xlsx.Text, 0, 0),
		xlsx.Col("名称", "Title", xlsx.Wrap, 0, 0),
		xlsx.Col("尝试", "Attempts", xlsx.Int, 0, 0),
		xlsx.Col("学员", "Trainees", xlsx.Int, 0, 0),
		xlsx.Col("通过", "Passed", xlsx.Int, 0, 0),
		xlsx.Col("通过率 %", "Pass rate %", xlsx.Secs, 0, 0),
		xlsx.Col("平均分", "Mean score", xlsx.Secs, 0, 0),
		xlsx.Col("严重操作", "Critical", xlsx.Int, 0, 0),
		xlsx.Col("最常见错误诊断", "Most common wrong diagnosis", xlsx.Text, 0, 0),
	}
	var rows [][]any
	for _, d := range drills {
		f := figures(d)
		rows = append(rows, []any{d.id, strings.TrimSpace(d.title.ZH + "\n" + d.title.EN), f.attempts, f.trainees,
			f.passed, f.passRate, f.meanScore, f.critical, cmp.Or(f.wrong, "—")})
	}
	fm.Section("各演练", "Drills")
	rg := fm.Grid(cols, rows, func(i int) xlsx.Highlight {
		if rows[i][7].(int) > 0 {
			return xlsx.Notice
		}
		return xlsx.Plain
	})
	fm.Note("通过率与平均分按尝试次数计算（练习与考核都算）；严重操作：做了严重操作的尝试数（标黄）。"+
		"Pass rate and mean score are over attempts, practice and assessed alike; Critical: attempts with a critical action (highlighted).", 2)
	barChart(fm, rg, "各演练通过率 Pass rate by drill (%)", 5)

	fm.Section("严重操作", "Critical actions")
	fm.Note("做了其中任何一个，无论得分，演练都不通过。Any of these fails the drill whatever the points.", 1)
	var crit [][]any
	for _, d := range drills {
		attempts, trainees := map[string]int{}, map[string]map[string]bool{}
		for _, r := range d.recs {
			for _, a := range slices.Compact(slices.Sorted(slices.Values(r.Critical))) {
				attempts[a]++
				if trainees[a] == nil {
					trainees[a] = map[string]bool{}
				}
				trainees[a][r.Trainee] = true
			}
		}
		for _, a := range slices.Sorted(maps.Keys(attempts)) {
			crit = append(crit, []any{d.id, a, attempts[a], len(trainees[a])})
		}
	}
	fm.Grid([]xlsx.Column{
		xlsx.Col("演练", "Drill", xlsx.Text, 0, 0),
		xlsx.Col("严重操作", "Critical action", xlsx.Text, 0, 0),
		xlsx.Col("尝试", "Attempts", xlsx.Int, 0, 0),
		xlsx.Col("学员", "Trainees", xlsx.Int, 0, 0),
	}, crit, func(int) xlsx.Highlight { return xlsx.Alarm })
	return fm.Close()
}

func (tb *trainBook) rules() error {
	fm, err := tb.book.NewTitledForm(SheetTrainRules, "评分规则  Scoring rules",
		"满分 100（同 docs/drills.md）。Out of 100, as docs/drills.md.", 64, 18)
	if err != nil {
		return err
	}
	var rows [][]any
	for _, r := range tb.opts.Rules {
		rows = append(rows, []any{strings.TrimSpace(r.Rule.ZH + "\n" + r.Rule.EN), r.Points})
	}
	fm.Grid([]xlsx.Column{
		xlsx.Col("规则", "Rule", xlsx.Wrap, 0, 0),
		xlsx.Col("分数", "Points", xlsx.Text, 0, 0),
	}, rows, nil)
	return fm.Close()
}
