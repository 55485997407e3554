package app

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"posdoctor/app/visit"
	"posdoctor/diagnostics"
	"posdoctor/drill"
)

// stepRow is one step's line: status icon, name, summary, progress bar, re-run button.
type stepRow struct {
	Icon    *widget.Icon
	Summary *widget.Label
	Bar     *widget.ProgressBar
	Rerun   *widget.Button
}

// ChecklistScreen runs the checklist against the current connection, with live status per
// step, an overall bar, the current action in words, Cancel, and each finished step's findings.
type ChecklistScreen struct {
	do   func(func())
	conn func() *visit.Conn
	// explain gives the code book's title and actions for a code, in the UI language; the
	// finding's own message stays as the particulars (it is written in English)
	explain func(code string) (title string, actions []string)
	// confirm shows a yes/no question and calls reply once; tests replace it.
	confirm func(q diagnostics.Question, text string, reply func(bool))

	RunBtn    *widget.Button
	CancelBtn *widget.Button
	Overall   *widget.ProgressBar
	Action    *widget.Label
	Rows      map[diagnostics.StepID]*stepRow
	Details   *widget.Accordion
	Keypad    *KeypadPanel
	details   *container.Scroll // scrolls Details
	grid      *fyne.Container   // the steps' rows
	split     *container.Split  // steps above, details or keypad below
	// Whose says which terminal the results shown belong to, and when they were taken.
	Whose *widget.Label
	// OpenForms, when set, opens the merchant's form for the transaction a journal finding
	// (an unconfirmed reversal, a duplicate charge) points at; it reports whether it could.
	OpenForms func(code string) bool
	root      fyne.CanvasObject
	// connected is the connection state as the Connect screen last told it. UI goroutine.
	connected bool

	mu      sync.Mutex // guards the fields below, shared with the checklist goroutine
	cancel  context.CancelFunc
	visit   *diagnostics.Report             // the visit so far: the latest result of every step on one terminal
	pending map[string]diagnostics.Progress // coalesced progress not yet shown
	queued  bool
	lastUI  time.Time
	stopKey chan struct{}
	// OnReport is called on the UI goroutine with each finished run's own report (not the
	// visit: each run is recorded once).
	OnReport func(*diagnostics.Report)
	// OnRunProgress is called on the UI goroutine after each step with the run so far, so the
	// visit can be saved as it goes.
	OnRunProgress func(*diagnostics.Report)
	// InDrill, when set, says whether the results shown are a drill's (app.go's linkVisit)
	InDrill func() bool
}

// NewChecklistScreen builds the screen. conn returns the live connection or nil.
func NewChecklistScreen(conn func() *visit.Conn, explain func(string) (string, []string)) *ChecklistScreen {
	s := &ChecklistScreen{do: fyne.Do, conn: conn, explain: explain, Rows: map[diagnostics.StepID]*stepRow{}, pending: map[string]diagnostics.Progress{}}
	s.confirm = s.dialogConfirm
	s.RunBtn = widget.NewButtonWithIcon(lang.L("Run all checks"), theme.MediaPlayIcon(), func() { s.Run(nil) })
	s.RunBtn.Importance = widget.HighImportance
	s.CancelBtn = widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), s.Cancel)
	s.CancelBtn.Disable()
	s.Overall = widget.NewProgressBar()
	s.Action = widget.NewLabel(lang.L("Connect to a terminal, then run the checks."))
	s.Action.Wrapping = fyne.TextWrapWord
	s.Keypad = newKeypadPanel(func() { s.stopKeypad() })
	s.Whose = widget.NewLabel("")
	s.Whose.Wrapping = fyne.TextWrapWord
	s.Whose.Hide()

	grid := container.New(newStepLayout())
	s.grid = grid
	for _, id := range diagnostics.StepIDs() {
		id := id
		r := &stepRow{
			Icon:    widget.NewIcon(theme.RadioButtonIcon()),
			Summary: widget.NewLabel(""),
			Bar:     widget.NewProgressBar(),
			Rerun:   widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), func() { s.Run([]diagnostics.StepID{id}) }),
		}
		r.Summary.Truncation = fyne.TextTruncateEllipsis
		r.Bar.TextFormatter = func() string { return "" }
		r.Bar.Hide() // shown only while the step runs
		s.Rows[id] = r
		grid.Add(r.Icon)
		grid.Add(widget.NewLabelWithStyle(id.Title().In(uiLang()), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		grid.Add(r.Summary)
		grid.Add(r.Bar)
		grid.Add(r.Rerun)
	}
	s.Details = widget.NewAccordion()
	// the overall bar beside the buttons: one row, so the steps and findings keep the height
	top := container.NewVBox(container.NewBorder(nil, nil, container.NewHBox(s.RunBtn, s.CancelBtn), nil, s.Overall), s.Action, s.Whose)
	// steps above, findings (or the keypad map while the keypad is tested) below, each
	// scrolling on its own, so neither squeezes the other into a strip and the window never
	// has to grow; the details are refreshed when their width changes (see refreshOnWidth)
	s.details = container.NewVScroll(container.New(&refreshOnWidth{refresh: s.Details.Refresh, relayout: func() { s.details.Refresh() }}, s.Details))
	s.split = container.NewVSplit(withMinRows(container.NewVScroll(grid), 3), withMinRows(container.NewStack(s.details, s.Keypad.Root), 3))
	s.split.Offset = stepsShare
	s.root = container.NewBorder(top, nil, nil, nil, s.split)
	return s
}

// Root is the screen's root object.
func (s *ChecklistScreen) Root() fyne.CanvasObject { return s.root }

// Running reports whether a run is under way.
func (s *ChecklistScreen) Running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cancel != nil
}

// Run starts the checklist (all steps when ids is nil) in the background. UI goroutine.
func (s *ChecklistScreen) Run(ids []diagnostics.StepID) {
	conn := s.conn()
	if conn == nil {
		s.Action.SetText(lang.L("Not connected: connect to a terminal first."))
		return
	}
	s.mu.Lock()
	if s.cancel != nil {
		s.mu.Unlock()
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.stopKey = make(chan struct{})
	s.mu.Unlock()

	run := ids
	if run == nil {
		run = diagnostics.StepIDs()
	}
	for _, id := range run {
		r := s.Rows[id]
		r.Icon.SetResource(theme.RadioButtonIcon())
		r.Summary.SetText(lang.L("waiting"))
		r.Bar.SetValue(0)
		s.removeDetail(id) // the step's old result is not shown as if it were this run's
	}
	s.Overall.SetValue(0)
	s.RunBtn.Disable()
	s.CancelBtn.Enable()
	for _, r := range s.Rows {
		r.Rerun.Disable()
	}
	cl := &diagnostics.Checklist{Term: conn.Client, Op: &guiOperator{s: s}, Steps: ids, OnProgress: s.onProgress}
	if conn.Sim != nil && conn.Sim.Training() {
		cl.SlipText = drill.SlipStamp + " POS Doctor"
	}
	if s.OnRunProgress != nil {
		cl.OnStep = func(rep diagnostics.Report) { s.do(func() { s.OnRunProgress(&rep) }) }
	}
	go func() {
		rep := cl.Run(ctx)
		s.mu.Lock()
		s.cancel = nil
		s.mu.Unlock()
		cancel()
		s.do(func() { s.finish(rep, ids) })
	}()
}

// Cancel stops the run: the running step ends as error, the rest are skipped.
func (s *ChecklistScreen) Cancel() {
	s.mu.Lock()
	c := s.cancel
	s.mu.Unlock()
	if c != nil {
		c()
		s.Action.SetText(lang.L("Cancelling…"))
	}
}

// finish shows a finished run as part of the visit: its steps replace theirs, the steps it did
// not run keep their earlier results (with the time they ran), and the verdict is over all of
// them. A run from another terminal starts a new visit. UI goroutine.
func (s *ChecklistScreen) finish(rep *diagnostics.Report, ids []diagnostics.StepID) {
	s.applyProgress()
	s.mu.Lock()
	other := s.visit != nil && !diagnostics.SameTerminal(s.visit.Terminal, rep.Terminal)
	if other {
		s.visit = nil
	}
	s.visit = diagnostics.MergeRun(s.visit, rep)
	visit := s.visit
	s.mu.Unlock()
	if other {
		s.clearResults()
	}
	for _, res := range visit.Steps {
		s.showStep(res)
	}
	ran := map[diagnostics.StepID]bool{}
	for _, res := range visit.Steps {
		ran[res.ID] = true
	}
	for id, r := range s.Rows {
		if !ran[id] { // chosen but never reached (cancelled before it)
			r.Icon.SetResource(theme.RadioButtonIcon())
			r.Summary.SetText("")
			r.Bar.SetValue(0)
			r.Bar.Hide()
		}
	}
	s.Overall.SetValue(1)
	s.hideKeypad()
	s.RunBtn.Enable()
	s.CancelBtn.Disable()
	for _, r := range s.Rows {
		r.Rerun.Enable()
	}
	s.Action.SetText(s.verdictLine(visit))
	s.showWhose()
	if s.OnReport != nil {
		s.OnReport(rep)
	}
}

// Report returns the visit so far (the latest result of every step on the connected
// terminal, with the verdict over them), or nil.
func (s *ChecklistScreen) Report() *diagnostics.Report {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.visit
}

// clearResults empties every row and the details. UI goroutine.
func (s *ChecklistScreen) clearResults() {
	for _, r := range s.Rows {
		r.Icon.SetResource(theme.RadioButtonIcon())
		r.Summary.SetText("")
		r.Bar.SetValue(0)
		r.Bar.Hide()
	}
	for len(s.Details.Items) > 0 {
		s.Details.Remove(s.Details.Items[0])
	}
	s.Overall.SetValue(0)
}

// ShowVisit shows the visit the Incident screen continued (after a restart, its open visit
// of this terminal): every run of it merged, as if run here, so the rows and the verdict are over
// the whole visit and not the last run alone. A run under way keeps its rows. UI goroutine.
func (s *ChecklistScreen) ShowVisit(runs []diagnostics.Report) {
	var v *diagnostics.Report
	for i := range runs {
		v = diagnostics.MergeRun(v, &runs[i])
	}
	s.mu.Lock()
	running := s.cancel != nil
	if !running {
		s.visit = v
	}
	s.mu.Unlock()
	if running || v == nil {
		return
	}
	s.clearResults()
	for _, res := range v.Steps {
		s.showStep(res)
	}
	s.Overall.SetValue(1)
	s.Action.SetText(s.verdictLine(v))
	s.showWhose()
}

// NewVisit forgets the results shown: the Incident screen started a new visit, and the next
// run is its first, not merged with the last visit's. A run under way keeps its rows and is
// shown alone when it finishes. UI goroutine.
func (s *ChecklistScreen) NewVisit() {
	s.mu.Lock()
	s.visit = nil
	running := s.cancel != nil
	s.mu.Unlock()
	if running {
		return
	}
	s.clearResults()
	s.SetConnected(s.connected) // the action line as for a first run, and no "whose results"
}

// showWhose says whose results are shown, and whether that terminal is still connected.
func (s *ChecklistScreen) showWhose() {
	s.mu.Lock()
	v := s.visit
	s.mu.Unlock()
	if v == nil {
		s.Whose.SetText("")
		s.Whose.Hide() // an empty line would only take height from the steps
		return
	}
	s.Whose.Show()
	args := map[string]any{"TID": orDash(v.Terminal["tid"]), "SN": orDash(v.Terminal["sn"]), "Time": v.Finished.Local().Format("15:04:05")}
	if s.connected {
		s.Whose.SetText(lang.L("Results of terminal TID {{.TID}} (serial {{.SN}}), last run at {{.Time}}", args))
	} else {
		s.Whose.SetText(lang.L("Not connected: these are the results of terminal TID {{.TID}} (serial {{.SN}}) from {{.Time}}", args))
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// SetConnected is told the connection state by the Connect screen (its one source). UI goroutine.
func (s *ChecklistScreen) SetConnected(on bool) {
	s.connected = on
	if !s.Running() {
		if on {
			if s.Report() == nil {
				s.Action.SetText(lang.L("Connected: run the checks."))
			}
		} else {
			s.Action.SetText(lang.L("Not connected: connect to a terminal first."))
		}
	}
	s.showWhose()
}

// TerminalSeen is told the status (ST, upper-case names) of the connected terminal. When it is
// another terminal than the visit's, the visit's results are cleared from the screen (they stay
// in that terminal's incident). UI goroutine.
func (s *ChecklistScreen) TerminalSeen(st map[string]string) {
	id := map[string]string{"tid": st["TID"], "sn": st["SN"]}
	s.mu.Lock()
	v := s.visit
	other := v != nil && !diagnostics.SameTerminal(v.Terminal, id)
	if other && s.cancel == nil {
		s.visit = nil
	}
	s.mu.Unlock()
	if !other || s.Running() {
		return
	}
	s.clearResults()
	args := map[string]any{"TID": orDash(id["tid"]), "Old": orDash(v.Terminal["tid"])}
	if s.InDrill != nil && s.InDrill() {
		// a drill's runs are scored in its training record, never filed as a visit
		s.Action.SetText(lang.L("Another terminal is connected (TID {{.TID}}): the drill's results of TID {{.Old}} were cleared here; a drill's checks are kept in its training record, not as a visit.", args))
	} else {
		s.Action.SetText(lang.L("Another terminal is connected (TID {{.TID}}): the results of TID {{.Old}} were cleared here and stay in its incident.", args))
	}
	s.showWhose()
}
