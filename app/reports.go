package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"posdoctor/locale"
	"posdoctor/reports"
)

// reportMonths is how many months, ending with the current one, the month choice offers.
const reportMonths = 36

// paretoBars is how many codes the Pareto chart shows; the workbook has them all.
const paretoBars = 10

// kpi is one tile of the Reports screen: its name (a lang.L key) and how it reads its figure.
type kpi struct {
	name  string
	value func(*reports.MonthReport) string
}

// kpis are the tiles, in their order on the screen (docs/monthly.md defines each figure).
var kpis = []kpi{
	{"Visits", func(r *reports.MonthReport) string { return fmt.Sprint(r.Incidents) }},
	{"Terminals", func(r *reports.MonthReport) string { return fmt.Sprint(r.Terminals) }},
	{"First-time fix rate", func(r *reports.MonthReport) string {
		if r.FTFR == nil {
			return "—"
		}
		return fmt.Sprintf("%.1f %%", *r.FTFR*100)
	}},
	{"Repeat rate", func(r *reports.MonthReport) string { return fmt.Sprintf("%.1f %%", r.RepeatRate*100) }},
	{"Median repair time", func(r *reports.MonthReport) string { return hoursText(r.RepairHours.Median) }},
	{"Median restore time", func(r *reports.MonthReport) string { return hoursText(r.RestoreHours.Median) }},
	{"Backlog", func(r *reports.MonthReport) string { return fmt.Sprint(r.Backlog) }},
}

func hoursText(h *float64) string {
	if h == nil {
		return "—"
	}
	return lang.L("{{.H}} h", map[string]any{"H": fmt.Sprintf("%.1f", *h)})
}

// KPITile shows one figure of the month and last month's beside it.
type KPITile struct {
	Value, Prev *widget.Label
}

// ReportsScreen is the branch manager's month: choose the month and branch, import bundles,
// the KPI tiles with last month's values, the code Pareto and the 12-month trend as charts, the
// repeat terminals (select one: its visits) and Export Excel. Work that may take long (an
// import, the month's figures, the workbook) runs off the UI goroutine with a progress bar and
// Cancel; one such job runs at a time.
type ReportsScreen struct {
	do      func(func())
	store   *reports.Store // the store the figures come from: local or remote
	local   *reports.Store // the laptop's store (imports go there)
	remote  *reports.Store // the shared store, opened read-only while it is the source
	shared  *SharedDB      // where the shared store is (Settings), nil: not offered
	explain reports.Explainer
	ui      func() locale.Lang
	win     fyne.Window

	Month, Branch          *widget.Select
	Source                 *widget.Select // this laptop's store or the shared database
	ImportBtn, ExportBtn   *widget.Button
	Progress               *widget.ProgressBar
	CancelBtn              *widget.Button
	JobText                *widget.Label // what the running job does, beside its bar
	Status                 *widget.Label // how the last job ended
	Summary                *widget.Label // the month shown, in one line
	Tiles                  map[string]*KPITile
	Pareto, Trend          *barChart
	ParetoTitle, TrendText *widget.Label
	Repeat                 *widget.List
	// TerminalVisits are the visits of the repeat terminal selected last (UI goroutine).
	TerminalVisits []reports.Summary
	// OnTerminalVisits, when set, is called with them instead of showing them in a dialog.
	OnTerminalVisits func(tid string, visits []reports.Summary)
	// OnImported, when set, is called once an import has changed the store (UI goroutine).
	OnImported func()

	branches    []string // the store's, "" first for every branch
	report      *reports.MonthReport
	prev        *reports.MonthReport
	cancel      context.CancelFunc // of the running job, nil when idle
	jobDone     chan struct{}      // closed once the running job's work has returned
	opening     bool               // the running job opens the shared store
	jobs        int                // counts jobs, so a stale one's end is ignored
	reloadAfter bool               // the month or branch changed while a job ran
	working     sync.WaitGroup     // the running job's goroutine
	root        fyne.CanvasObject
}

// NewReportsScreen builds the screen; Use gives it the store once it is open.
func NewReportsScreen(ui func() locale.Lang) *ReportsScreen {
	s := &ReportsScreen{do: fyne.Do, ui: ui, Tiles: map[string]*KPITile{}, branches: []string{""}}
	now := time.Now()
	var months []string
	first := time.Date(now.Year(), now.Month(), 1, 12, 0, 0, 0, time.Local)
	for i := range reportMonths {
		months = append(months, first.AddDate(0, -i, 0).Format("2006-01"))
	}
	s.Month = widget.NewSelect(months, func(string) { s.Load() })
	s.Month.PlaceHolder = lang.L("Month")
	s.Branch = widget.NewSelect(s.branchOptions(), func(string) { s.Load() })
	s.Branch.PlaceHolder = lang.L("All branches")
	s.Source = widget.NewSelect([]string{lang.L("This laptop"), lang.L("Shared database")}, nil)
	s.Source.SetSelectedIndex(0)
	s.Source.OnChanged = func(string) { s.chooseSource(s.Source.SelectedIndex()) }
	s.ImportBtn = widget.NewButtonWithIcon(lang.L("Import bundles…"), theme.DownloadIcon(), s.importDialog)
	s.ExportBtn = widget.NewButtonWithIcon(lang.L("Export Excel…"), theme.DocumentSaveIcon(), s.exportDialog)
	s.ExportBtn.Importance = widget.HighImportance
	s.ExportBtn.Disable()
	s.Progress = widget.NewProgressBar()
	s.CancelBtn = widget.NewButton(lang.L("Cancel"), s.Cancel)
	s.Status = widget.NewLabel(lang.L("Choose a month, or import the bundles your technicians sent."))
	s.Status.Wrapping = fyne.TextWrapWord
	s.JobText = widget.NewLabel("")
	s.Summary = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.Summary.Wrapping = fyne.TextWrapWord

	var tiles []fyne.CanvasObject
	for _, k := range kpis {
		name := widget.NewLabel(lang.L(k.name))
		t := &KPITile{Value: widget.NewLabel("—"), Prev: widget.NewLabel("")}
		t.Value.TextStyle.Bold = true
		t.Value.SizeName = theme.SizeNameSubHeadingText
		name.SizeName, t.Prev.SizeName = theme.SizeNameCaptionText, theme.SizeNameCaptionText
		name.Truncation, t.Prev.Truncation = fyne.TextTruncateEllipsis, fyne.TextTruncateEllipsis
		s.Tiles[k.name] = t
		tiles = append(tiles, newTileBox(container.New(layout.NewCustomPaddedVBoxLayout(0), name, t.Value, t.Prev)))
	}

	s.Pareto = newBarChart(20, 12)
	s.Trend = newBarChart(20, 12)
	s.ParetoTitle = widget.NewLabelWithStyle(lang.L("Codes (Pareto): visits per code, line: cumulative share"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.TrendText = widget.NewLabelWithStyle(lang.L("12-month trend: visits by category"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.ParetoTitle.Wrapping, s.TrendText.Wrapping = fyne.TextWrapWord, fyne.TextWrapWord

	s.Repeat = widget.NewList(func() int {
		if s.report == nil {
			return 0
		}
		return len(s.report.BadActors)
	}, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, func(i widget.ListItemID, o fyne.CanvasObject) {
		b := s.report.BadActors[i]
		o.(*widget.Label).SetText(lang.L("TID {{.TID}} · {{.Merchant}} · {{.Model}} · {{.N}} visits · last code {{.Code}}",
			map[string]any{"TID": b.TID, "Merchant": b.Merchant, "Model": b.Model, "N": b.Incidents, "Code": b.LastCode}))
	})
	s.Repeat.OnSelected = func(i widget.ListItemID) {
		if s.report != nil && i < len(s.report.BadActors) {
			s.ShowTerminal(s.report.BadActors[i].TID)
		}
		s.Repeat.UnselectAll() // selecting the same terminal again shows it again
	}

	// the controls and the tiles wrap onto another row when the window is narrow (large text
	// at scale 1.5), rather than scrolling the tab sideways
	top := newWrap(false, container.NewHBox(widget.NewLabel(lang.L("Month")), withFitOptions(s.Month)),
		container.NewHBox(widget.NewLabel(lang.L("Branch")), s.Branch), container.NewHBox(s.ImportBtn, s.ExportBtn))
	busy := container.NewBorder(nil, nil, s.JobText, s.CancelBtn, s.Progress)
	s.showBusy(false)
	charts := newWrap(true,
		container.NewBorder(s.ParetoTitle, nil, nil, nil, s.Pareto),
		container.NewBorder(s.TrendText, nil, nil, nil, s.Trend))
	repeat := container.NewBorder(widget.NewLabelWithStyle(lang.L("Repeat terminals (2 or more visits in 90 days): select one to see its visits"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, s.Repeat)
	lower := container.NewVSplit(charts, repeat)
	lower.Offset = 0.65
	body := container.NewBorder(newWrap(true, tiles...), nil, nil, nil, lower)
	// the source beside the month's summary, whose text wraps: the top row is as wide as a
	// 1280×720 screen at scale 1.5 allows
	source := container.NewHBox(widget.NewLabel(lang.L("Figures from")), s.Source)
	s.root = container.NewBorder(container.NewVBox(top, busy, s.Status, container.NewBorder(nil, nil, nil, source, s.Summary)), nil, nil, nil, body)
	return s
}

// Root is the screen's root object.
func (s *ReportsScreen) Root() fyne.CanvasObject { return s.root }

// SetWindow is the window the screen's dialogs show on.
func (s *ReportsScreen) SetWindow(w fyne.Window) { s.win = w }

// Use gives the screen the incident store (nil: it could not open, with storeErr) and the
// code book's explainer (nil: code titles stay empty), then lists the branches and shows the
// current month. UI goroutine, once the app has started.
func (s *ReportsScreen) Use(store *reports.Store, storeErr error, explain reports.Explainer) {
	s.local, s.explain = store, explain
	if s.remote == nil {
		s.store = store
	}
	if s.store == nil {
		if storeErr != nil {
			s.Status.SetText(lang.L("Incidents cannot be saved: {{.Err}}", map[string]any{"Err": storeErr.Error()}))
		}
		s.ImportBtn.Disable()
		return
	}
	s.refreshBranches()
	if s.Month.Selected == "" {
		s.Month.SetSelectedIndex(0) // loads
	} else {
		s.Load()
	}
}

func (s *ReportsScreen) branchOptions() []string {
	opts := []string{lang.L("All branches")}
	return append(opts, s.branches[1:]...)
}

// branch is the chosen branch, "" for every branch.
func (s *ReportsScreen) branch() string {
	if i := s.Branch.SelectedIndex(); i > 0 && i < len(s.branches) {
		return s.branches[i]
	}
	return ""
}

// refreshBranches lists the store's branches in the background and offers them.
func (s *ReportsScreen) refreshBranches() {
	st := s.store
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		list, err := st.Branches(ctx)
		if err != nil {
			return
		}
		s.do(func() {
			if s.store == st { // not a store left meanwhile
				s.setBranches(list)
			}
		})
	}()
}

// setBranches offers list, keeping the chosen branch. UI goroutine.
func (s *ReportsScreen) setBranches(list []string) {
	cur := s.branch()
	s.branches = append([]string{""}, list...)
	onChanged := s.Branch.OnChanged
	s.Branch.OnChanged = nil // the choice stays what it was: no reload
	s.Branch.SetOptions(s.branchOptions())
	if i := slices.Index(s.branches, cur); i > 0 {
		s.Branch.SetSelectedIndex(i)
	} else {
		s.Branch.SetSelectedIndex(0)
	}
	s.Branch.OnChanged = onChanged
}

// Load computes the chosen month's figures and last month's in the background and shows
// them. UI goroutine.
func (s *ReportsScreen) Load() {
	month := s.Month.Selected
	if s.store == nil || month == "" {
		return
	}
	if s.Busy() {
		s.reloadAfter = true
		return
	}
	branch := s.branch()
	st, explain := s.store, s.explain
	pw := s.sharedPassword()
	s.run(lang.L("Computing {{.Month}}…", map[string]any{"Month": month}), func(ctx context.Context, progress func(float64)) func() {
		rep, err := st.Monthly(ctx, month, branch)
		var prev *reports.MonthReport
		if err == nil {
			progress(0.5)
			if start, perr := time.ParseInLocation("2006-01", month, time.Local); perr == nil {
				prev, err = st.Monthly(ctx, start.AddDate(0, -1, 0).Format("2006-01"), branch)
			}
		}
		if err == nil {
			rep.ExplainCodes(explain)
			progress(1)
		}
		return func() {
			if s.store != st {
				return // the source changed meanwhile: the new one's month follows
			}
			if err != nil && st.Shared() {
				s.Status.SetText(failure(err, sharedErrorText(err, pw)))
				return
			}
			if err != nil {
				s.Status.SetText(failure(err, lang.L("Could not compute the month: {{.Err}}", map[string]any{"Err": err.Error()})))
				return
			}
			s.show(rep, prev)
		}
	})
}

// show puts a month's figures on the screen. UI goroutine.
func (s *ReportsScreen) show(rep, prev *reports.MonthReport) {
	s.report, s.prev = rep, prev
	for _, k := range kpis {
		t := s.Tiles[k.name]
		t.Value.SetText(k.value(rep))
		if prev != nil {
			t.Prev.SetText(lang.L("Last month: {{.V}}", map[string]any{"V": k.value(prev)}))
		} else {
			t.Prev.SetText("")
		}
	}
	where := s.branch()
	if where == "" {
		where = lang.L("All branches")
	}
	s.Summary.SetText(lang.L("{{.Month}}, {{.Branch}}: {{.N}} visits, {{.R}} repeat terminals",
		map[string]any{"Month": rep.Month, "Branch": where, "N": rep.Incidents, "R": len(rep.BadActors)}))
	codes := rep.Codes
	if len(codes) > paretoBars {
		codes = codes[:paretoBars]
	}
	s.Pareto.SetData(paretoData(codes))
	trend := rep.Trend
	if len(trend) > 0 {
		s.TrendText.SetText(lang.L("12-month trend: visits by category, {{.From}} – {{.To}}",
			map[string]any{"From": trend[0].Month, "To": trend[len(trend)-1].Month}))
	}
	s.Trend.SetData(trendData(trend, s.ui()))
	s.Repeat.UnselectAll()
	s.Repeat.Refresh()
}

// Report is the month shown, or nil (UI goroutine).
func (s *ReportsScreen) Report() *reports.MonthReport { return s.report }

// paretoData is the code Pareto: a bar per code (its visits), and the running share of the
// visits as a line, each point labelled with its percentage.
func paretoData(codes []reports.CodeCount) chartData {
	d := chartData{series: []chartSeries{{}}, cumPct: []float64{}}
	for _, c := range codes {
		d.names = append(d.names, c.Code)
		d.values = append(d.values, []int{c.Incidents})
		d.cumPct = append(d.cumPct, c.CumPct)
	}
	return d
}

// trendData is the 12-month trend: a bar per month stacked by category (the categories with
// no visit in the year left out), each month's total above it, the legend in ui's language.
// A bar is named by its month's digits: the title gives the years.
func trendData(trend []reports.TrendMonth, ui locale.Lang) chartData {
	d := chartData{totals: true, legend: true}
	for _, m := range trend {
		d.names = append(d.names, m.Month[max(0, len(m.Month)-2):])
		d.values = append(d.values, nil)
	}
	for _, c := range reports.Categories() {
		seen := false
		for _, m := range trend {
			seen = seen || m.ByCategory[c] > 0
		}
		if !seen {
			continue
		}
		d.series = append(d.series, chartSeries{name: c.Label(ui), color: categoryColor(c)})
		for i, m := range trend {
			d.values[i] = append(d.values[i], m.ByCategory[c])
		}
	}
	return d
}

// ShowTerminal lists the visits of terminal tid (in the chosen branch) in the background and
// shows them. UI goroutine.
func (s *ReportsScreen) ShowTerminal(tid string) {
	if s.store == nil {
		return
	}
	st, branch := s.store, s.branch()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		list, err := st.List(ctx, reports.Filter{TID: tid, Branch: branch, Limit: 200})
		s.do(func() {
			if s.store != st {
				return // the source changed meanwhile
			}
			if err != nil {
				s.Status.SetText(err.Error())
				return
			}
			s.TerminalVisits = list
			if s.OnTerminalVisits != nil {
				s.OnTerminalVisits(tid, list)
				return
			}
			s.visitsDialog(tid, list)
		})
	}()
}

// visitLine is one visit of a repeat terminal as the dialog lists it.
func (s *ReportsScreen) visitLine(v reports.Summary) string {
	ui := s.ui()
	return fmt.Sprintf("%s  %s  %s  %s  %s", v.Opened.Local().Format("2006-01-02 15:04"), v.Category.Label(ui),
		v.Resolution.Label(ui), strings.Join(v.Codes, ","), v.Technician)
}

func (s *ReportsScreen) visitsDialog(tid string, list []reports.Summary) {
	if s.win == nil {
		return
	}
	l := widget.NewList(func() int { return len(list) }, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(s.visitLine(list[i])) })
	t := theme.Size(theme.SizeNameText)
	d := dialog.NewCustom(lang.L("Visits of TID {{.TID}}", map[string]any{"TID": tid}), lang.L("Close"), l, s.win)
	d.Resize(fyne.NewSize(t*45, t*25))
	d.Show()
}
