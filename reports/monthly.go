package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"posdoctor/diagnostics"
)

// MonthVisit is one visit as the monthly figures see it: the plain columns of the store, no
// runs, journal or trace. Monthly loads them; ComputeMonth sums them.
type MonthVisit struct {
	ID       string
	Opened   time.Time
	Closed   time.Time // zero while open
	Reported time.Time // when the merchant reported the fault; zero: Opened
	Branch   string
	TID      string
	MID      string // for the workbook's list of visits; no figure reads it
	Merchant string
	Model    string
	// Technician is who made the visit.
	Technician string
	Category   Category
	Resolution Resolution
	// Codes are the codes seen on site and found by the runs, each once, as `incidents --json`
	// has them, notes included; the codes seen come first (bad_actors' last_code takes the
	// first that is not a note).
	Codes []string
}

// restoreFrom is when the fault was reported: Reported, or Opened when it is not known.
func (v *MonthVisit) restoreFrom() time.Time {
	if v.Reported.IsZero() {
		return v.Opened
	}
	return v.Reported
}

// MonthReport holds the figures of one calendar month (docs/monthly.md defines each). Its JSON
// is what `posdoctor report monthly --json` prints.
type MonthReport struct {
	Month        string             `json:"month"`  // "2026-03"
	Branch       string             `json:"branch"` // "" for every branch
	Generated    time.Time          `json:"generated"`
	Incidents    int                `json:"incidents"`
	Terminals    int                `json:"terminals"`
	ByCategory   map[Category]int   `json:"by_category"`
	ByResolution map[Resolution]int `json:"by_resolution"`
	Codes        []CodeCount        `json:"codes"`
	RepairHours  HourStats          `json:"repair_hours"`
	RestoreHours HourStats          `json:"restore_hours"`
	FTFR         *float64           `json:"ftfr"` // null when no visit of the month is closed
	RepeatRate   float64            `json:"repeat_rate"`
	BadActors    []BadActor         `json:"bad_actors"`
	Backlog      int                `json:"backlog"`
	Trend        []TrendMonth       `json:"trend"`
	Technicians  []TechnicianFigure `json:"technicians"`
	Models       []ModelFigure      `json:"models"`
}

// CodeCount is one bar of the code Pareto.
type CodeCount struct {
	Code      string  `json:"code"`
	TitleZH   string  `json:"title_zh"`
	TitleEN   string  `json:"title_en"`
	Incidents int     `json:"incidents"`
	CumPct    float64 `json:"cum_pct"` // running share of the sum of incidents, 0–100
}

// HourStats summarises durations in hours; the figures are null when N is 0.
type HourStats struct {
	Median *float64 `json:"median"`
	Mean   *float64 `json:"mean"`
	P90    *float64 `json:"p90"`
	N      int      `json:"n"`
}

// BadActor is a terminal with repeated visits in the 90 days that end with the month.
type BadActor struct {
	TID       string `json:"tid"`
	Merchant  string `json:"merchant"`
	Model     string `json:"model"`
	Incidents int    `json:"incidents"`
	LastCode  string `json:"last_code"`
}

// TrendMonth is one month of the 12-month trend.
type TrendMonth struct {
	Month      string           `json:"month"`
	Incidents  int              `json:"incidents"`
	ByCategory map[Category]int `json:"by_category"`
}

// TechnicianFigure is one technician's month.
type TechnicianFigure struct {
	Technician        string   `json:"technician"`
	Incidents         int      `json:"incidents"`
	Closed            int      `json:"closed"`
	FixedOnSite       int      `json:"fixed_on_site"`
	MedianRepairHours *float64 `json:"median_repair_hours"` // null when none is closed
}

// ModelFigure is one terminal model's month.
type ModelFigure struct {
	Model     string `json:"model"`
	Incidents int    `json:"incidents"`
	Terminals int    `json:"terminals"`
}

// The windows of the definitions.
const (
	repeatWindow    = 720 * time.Hour // a repeat: same TID and category within 30 days before
	badActorDays    = 90              // bad actors: visits in the 90 days ending with the month
	badActorMin     = 2               // ... at least this many
	badActorLimit   = 20              // ... at most this many listed
	trendMonths     = 12
	monthLayout     = "2006-01"
	percentileRatio = 0.9
)

// MonthSpan is the calendar month named by month ("2026-03") in loc: [Start, End).
func MonthSpan(month string, loc *time.Location) (start, end time.Time, err error) {
	start, err = time.ParseInLocation(monthLayout, month, loc)
	if err != nil {
		return start, end, fmt.Errorf("%w: month %q is not YYYY-MM", ErrInvalid, month)
	}
	return start, start.AddDate(0, 1, 0), nil
}

// monthWindows are the times a month's figures look at, all in local calendar terms.
type monthWindows struct {
	start, end  time.Time // the month
	repeatFrom  time.Time // the earliest opening a repeat of the month's first visit can look back to
	badFrom     time.Time // first instant of the 90 days ending with the month's last day
	trendFrom   time.Time // first instant of the 12 months ending with the month
	trendMonths []string
}

func windowsOf(start, end time.Time) monthWindows {
	w := monthWindows{
		start: start, end: end,
		repeatFrom: start.Add(-repeatWindow),
		badFrom:    end.AddDate(0, 0, -badActorDays),
		trendFrom:  start.AddDate(0, -(trendMonths - 1), 0),
	}
	for i := range trendMonths {
		w.trendMonths = append(w.trendMonths, w.trendFrom.AddDate(0, i, 0).Format(monthLayout))
	}
	return w
}

// loadFrom is the earliest opening whose whole record the figures need (repeats, bad actors);
// before it only the opening and category count (trend), and the backlog.
func (w monthWindows) loadFrom() time.Time {
	if w.repeatFrom.Before(w.badFrom) {
		return w.repeatFrom
	}
	return w.badFrom
}

// ComputeMonth computes the figures of month ("YYYY-MM", a calendar month in loc) for branch
// ("" for all) from visits, which must hold every visit of the branch opened in the 90 days
// that end with the month and in the 30 days before it, every visit opened by the month's
// end that was not closed by then (the backlog), and, for the trend, at least the opening,
// closing and category of every visit of the 12 months ending with the month. Other visits
// are ignored; each visit must be given once. Code titles are left empty (ExplainCodes fills them). It is a pure function:
// the same visits give the same report.
func ComputeMonth(visits []MonthVisit, month, branch string, loc *time.Location, generated time.Time) (*MonthReport, error) {
	start, end, err := MonthSpan(month, loc)
	if err != nil {
		return nil, err
	}
	w := windowsOf(start, end)
	r := &MonthReport{
		Month: month, Branch: branch, Generated: generated.In(loc),
		ByCategory: zeroCategories(), ByResolution: map[Resolution]int{},
		Codes: []CodeCount{}, BadActors: []BadActor{}, Technicians: []TechnicianFigure{}, Models: []ModelFigure{},
	}
	for _, res := range Resolutions() {
		r.ByResolution[res] = 0
	}
	in := func(v *MonthVisit, from, to time.Time) bool {
		return (branch == "" || v.Branch == branch) && !v.Opened.Before(from) && v.Opened.Before(to)
	}

	// the month's visits, and for repeats the earlier visits of each terminal and category
	var ofMonth []*MonthVisit
	for i := range visits {
		if v := &visits[i]; in(v, w.start, w.end) {
			ofMonth = append(ofMonth, v)
		}
	}
	isRepeat := repeatTest(visits, func(v *MonthVisit) bool { return in(v, w.repeatFrom, w.end) })

	r.Incidents = len(ofMonth)
	terminals := map[string]bool{}
	codes := map[string]int{}
	var repair, restore []float64
	closed, fixed, repeats := 0, 0, 0
	type techAcc struct {
		TechnicianFigure
		hours []float64
	}
	techs := map[string]*techAcc{}
	type modelAcc struct {
		incidents int
		tids      map[string]bool
	}
	models := map[string]*modelAcc{}
	for _, v := range ofMonth {
		if v.TID != "" {
			terminals[v.TID] = true
		}
		r.ByCategory[v.Category]++
		r.ByResolution[v.Resolution]++
		seen := map[string]bool{}
		for _, c := range v.Codes {
			if countsAsFault(c) && !seen[c] {
				seen[c] = true
				codes[c]++
			}
		}
		t := techs[v.Technician]
		if t == nil {
			t = &techAcc{TechnicianFigure: TechnicianFigure{Technician: v.Technician}}
			techs[v.Technician] = t
		}
		t.Incidents++
		if !v.Closed.IsZero() {
			// a time below zero (a visit from elsewhere whose times are out of order) is no
			// duration: left out of the figures rather than pulling them below zero
			if h := v.Closed.Sub(v.Opened).Hours(); h >= 0 {
				repair = append(repair, h)
				t.hours = append(t.hours, h)
			}
			if h := v.Closed.Sub(v.restoreFrom()).Hours(); h >= 0 {
				restore = append(restore, h)
			}
			closed++
			t.Closed++
			if v.Resolution == ResolutionFixedOnSite {
				fixed++
				t.FixedOnSite++
			}
		}
		m := models[v.Model]
		if m == nil {
			m = &modelAcc{tids: map[string]bool{}}
			models[v.Model] = m
		}
		m.incidents++
		if v.TID != "" {
			m.tids[v.TID] = true
		}
		if isRepeat(v) {
			repeats++
		}
	}
	r.Terminals = len(terminals)
	r.Codes = pareto(codes)
	r.RepairHours = hourStats(repair)
	r.RestoreHours = hourStats(restore)
	if closed > 0 {
		f := round(float64(fixed)/float64(closed), 3)
		r.FTFR = &f
	}
	if r.Incidents > 0 {
		r.RepeatRate = round(float64(repeats)/float64(r.Incidents), 3)
	}
	for _, t := range techs {
		t.MedianRepairHours = hourStats(t.hours).Median
		r.Technicians = append(r.Technicians, t.TechnicianFigure)
	}
	slices.SortFunc(r.Technicians, func(a, b TechnicianFigure) int {
		return cmp.Or(cmp.Compare(b.Incidents, a.Incidents), cmp.Compare(a.Technician, b.Technician))
	})
	for name, m := range models {
		r.Models = append(r.Models, ModelFigure{Model: name, Incidents: m.incidents, Terminals: len(m.tids)})
	}
	slices.SortFunc(r.Models, func(a, b ModelFigure) int {
		return cmp.Or(cmp.Compare(b.Incidents, a.Incidents), cmp.Compare(a.Model, b.Model))
	})

	r.BadActors = badActors(visits, func(v *MonthVisit) bool { return in(v, w.badFrom, w.end) })
	for i := range visits {
		v := &visits[i]
		if (branch == "" || v.Branch == branch) && v.Opened.Before(w.end) && (v.Closed.IsZero() || !v.Closed.Before(w.end)) {
			r.Backlog++
		}
	}
	r.Trend = make([]TrendMonth, len(w.trendMonths))
	at := map[string]int{}
	for i, m := range w.trendMonths {
		r.Trend[i] = TrendMonth{Month: m, ByCategory: zeroCategories()}
		at[m] = i
	}
	for i := range visits {
		v := &visits[i]
		if in(v, w.trendFrom, w.end) {
			t := &r.Trend[at[v.Opened.In(loc).Format(monthLayout)]]
			t.Incidents++
			t.ByCategory[v.Category]++
		}
	}
	return r, nil
}

// repeatTest returns whether a visit is a repeat: the same TID had another visit of the same
// category opened at most repeatWindow before it, among the visits in(v). A visit without a
// TID never is.
func repeatTest(visits []MonthVisit, in func(*MonthVisit) bool) func(*MonthVisit) bool {
	type tidCat struct {
		tid string
		cat Category
	}
	history := map[tidCat][]time.Time{}
	for i := range visits {
		if v := &visits[i]; v.TID != "" && in(v) {
			k := tidCat{v.TID, v.Category}
			history[k] = append(history[k], v.Opened)
		}
	}
	for _, h := range history {
		slices.SortFunc(h, time.Time.Compare)
	}
	return func(v *MonthVisit) bool {
		return v.TID != "" && hadEarlier(history[tidCat{v.TID, v.Category}], v.Opened)
	}
}

// MonthRow is one visit of the month as the workbook lists it.
type MonthRow struct {
	MonthVisit
	Repeat bool // a repeat as repeat_rate counts it
}

// MonthDetail is what the workbook shows besides the figures: the month's visits, and each
// trend month's repair time.
type MonthDetail struct {
	Rows []MonthRow // the visits of the month by opening time, then id
	// TrendRepair is the repair time of the visits opened in each month of the trend that
	// are closed (as repair_hours, per month), in the trend's order.
	TrendRepair []HourStats
}

// MonthDetails lists the visits of month (in loc) for branch ("" for all), each marked when it
// is a repeat, and the trend's repair times. visits are what ComputeMonth takes.
func MonthDetails(visits []MonthVisit, month, branch string, loc *time.Location) (*MonthDetail, error) {
	start, end, err := MonthSpan(month, loc)
	if err != nil {
		return nil, err
	}
	w := windowsOf(start, end)
	in := func(v *MonthVisit, from, to time.Time) bool {
		return (branch == "" || v.Branch == branch) && !v.Opened.Before(from) && v.Opened.Before(to)
	}
	isRepeat := repeatTest(visits, func(v *MonthVisit) bool { return in(v, w.repeatFrom, w.end) })
	d := &MonthDetail{Rows: []MonthRow{}}
	hours := make([][]float64, len(w.trendMonths))
	at := map[string]int{}
	for i, m := range w.trendMonths {
		at[m] = i
	}
	for i := range visits {
		v := &visits[i]
		if in(v, w.start, w.end) {
			d.Rows = append(d.Rows, MonthRow{MonthVisit: *v, Repeat: isRepeat(v)})
		}
		if in(v, w.trendFrom, w.end) && !v.Closed.IsZero() && !v.Closed.Before(v.Opened) {
			j := at[v.Opened.In(loc).Format(monthLayout)]
			hours[j] = append(hours[j], v.Closed.Sub(v.Opened).Hours())
		}
	}
	slices.SortFunc(d.Rows, func(a, b MonthRow) int {
		return cmp.Or(a.Opened.Compare(b.Opened), cmp.Compare(a.ID, b.ID))
	})
	for _, h := range hours {
		d.TrendRepair = append(d.TrendRepair, hourStats(h))
	}
	return d, nil
}

// hadEarlier reports whether sorted openings hold one before at, by at most repeatWindow
// (exactly 720 hours before counts).
func hadEarlier(openings []time.Time, at time.Time) bool {
	i, _ := slices.BinarySearchFunc(openings, at.Add(-repeatWindow), time.Time.Compare)
	return i < len(openings) && openings[i].Before(at)
}

func zeroCategories() map[Category]int {
	m := map[Category]int{}
	for _, c := range Categories() {
		m[c] = 0
	}
	return m
}

// pareto orders codes by visits descending, then code, with the running share of the sum.
func pareto(counts map[string]int) []CodeCount {
	out := make([]CodeCount, 0, len(counts))
	total := 0
	for c, n := range counts {
		out = append(out, CodeCount{Code: c, Incidents: n})
		total += n
	}
	slices.SortFunc(out, func(a, b CodeCount) int {
		return cmp.Or(cmp.Compare(b.Incidents, a.Incidents), cmp.Compare(a.Code, b.Code))
	})
	run := 0
	for i := range out {
		run += out[i].Incidents
		out[i].CumPct = round(100*float64(run)/float64(total), 1)
	}
	return out
}

// countsAsFault reports whether the code Pareto and last_code count code: any code but a note
// of the checklist (diagnostics.IsNote: FAILED-TXNS, REPEATED-EVENTS, SIGNON-OLD), which the
// checklist reports at info on nearly every visit and which names nothing that broke. Both
// stores' codes pass through here, so the rule is the same on SQLite and PostgreSQL.
func countsAsFault(code string) bool { return code != "" && !diagnostics.IsNote(code) }

// firstFault is the first of codes that countsAsFault, or "".
func firstFault(codes []string) string {
	for _, c := range codes {
		if countsAsFault(c) {
			return c
		}
	}
	return ""
}

// badActors lists the terminals with at least badActorMin visits among those in(v), with the
// merchant and model of the latest and the first code (not a note) of the latest visit that
// has such a code.
func badActors(visits []MonthVisit, in func(*MonthVisit) bool) []BadActor {
	type acc struct {
		n            int
		latest, code *MonthVisit
	}
	by := map[string]*acc{}
	later := func(a, b *MonthVisit) bool { // a after b; equal openings: the larger id
		return b == nil || a.Opened.After(b.Opened) || (a.Opened.Equal(b.Opened) && a.ID > b.ID)
	}
	for i := range visits {
		v := &visits[i]
		if v.TID == "" || !in(v) {
			continue
		}
		a := by[v.TID]
		if a == nil {
			a = &acc{}
			by[v.TID] = a
		}
		a.n++
		if later(v, a.latest) {
			a.latest = v
		}
		if firstFault(v.Codes) != "" && later(v, a.code) {
			a.code = v
		}
	}
	out := []BadActor{}
	for tid, a := range by {
		if a.n < badActorMin {
			continue
		}
		b := BadActor{TID: tid, Merchant: a.latest.Merchant, Model: a.latest.Model, Incidents: a.n}
		if a.code != nil {
			b.LastCode = firstFault(a.code.Codes)
		}
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b BadActor) int {
		return cmp.Or(cmp.Compare(b.Incidents, a.Incidents), cmp.Compare(a.TID, b.TID))
	})
	if len(out) > badActorLimit {
		out = out[:badActorLimit]
	}
	return out
}

// hourStats gives the median, mean and 90th percentile of hours, two decimals. Percentiles
// interpolate between the two nearest values (rank p·(n−1), as Excel's PERCENTILE.INC).
func hourStats(hours []float64) HourStats {
	s := HourStats{N: len(hours)}
	if len(hours) == 0 {
		return s
	}
	h := slices.Clone(hours)
	slices.Sort(h)
	sum := 0.0
	for _, x := range h {
		sum += x
	}
	med, mean, p90 := round(percentile(h, 0.5), 2), round(sum/float64(len(h)), 2), round(percentile(h, percentileRatio), 2)
	s.Median, s.Mean, s.P90 = &med, &mean, &p90
	return s
}

// percentile of sorted values, interpolated linearly at rank p·(n−1).
func percentile(sorted []float64, p float64) float64 {
	rank := p * float64(len(sorted)-1)
	lo := int(math.Floor(rank))
	if lo >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (rank-float64(lo))*(sorted[lo+1]-sorted[lo])
}

// round rounds x half away from zero to n decimals.
func round(x float64, n int) float64 {
	p := math.Pow(10, float64(n))
	return math.Round(x*p) / p
}

// ExplainCodes fills the Pareto's code titles from x (the code book, through the caller's
// adapter); codes x does not know keep empty titles.
func (r *MonthReport) ExplainCodes(x Explainer) {
	if x == nil {
		return
	}
	for i := range r.Codes {
		if e, ok := x.Explain(r.Codes[i].Code); ok {
			r.Codes[i].TitleZH, r.Codes[i].TitleEN = e.TitleZH, e.TitleEN
		}
	}
}
