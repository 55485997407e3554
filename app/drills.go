package app

import (
	"context"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"posdoctor/app/visit"
	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/drill"
	"posdoctor/locale"
	"posdoctor/pan"
	"posdoctor/reports"
	"posdoctor/serialio/termsim"
)

// trainingColour marks everything of a drill: the banner over the window, the trainee's panel.
var trainingColour = color.NRGBA{R: 0xE6, G: 0x7E, B: 0x22, A: 0xFF}

// DrillsScreen is the trainer's and the trainee's room: pick a drill, a trainee and a mode;
// the trainee then works with the app's own screens against a simulated terminal that has the
// drill's faults, gives a diagnosis and acts from this screen, and reads the debrief. The
// trainer sees everyone's records. Widgets are fields so tests can tap and read them.
type DrillsScreen struct {
	do   func(func())
	lang func() locale.Lang
	win  fyne.Window

	// the trainer's view
	Level, Audience  *widget.Select
	List             *widget.List
	Info             *widget.Label
	Trainee, Trainer *widget.Entry
	Mode             *widget.RadioGroup
	StartBtn         *widget.Button
	Roster           *widget.Table
	Month            *widget.Select // the records' month, or all
	RecordsNote      *widget.Label
	// the trainee's view
	Briefing   *widget.Label
	Clock      *widget.Label
	DiagQuery  *widget.Entry
	DiagPick   *widget.Select
	DiagBtn    *widget.Button
	ActionPick *widget.Select
	ActBtn     *widget.Button
	HintBtn    *widget.Button
	FinishBtn  *widget.Button
	Feedback   *fyne.Container
	feedScroll *container.Scroll
	// the debrief
	Debrief *fyne.Container

	trainerView, traineeView, debriefView fyne.CanvasObject
	root                                  *fyne.Container

	// Train connects the app to a simulated terminal with cfg and calls ready on the UI
	// goroutine once it is there (or with the error); EndTraining puts the app back on an ordinary terminal.
	// Banner shows or hides the training banner; ShowCode opens a code in Look up.
	Train       func(cfg termsim.Config, ready func(*visit.Conn, error))
	EndTraining func()
	// Busy reports whether a checklist is running: a drill does not cut it off.
	Busy     func() bool
	Banner   func(on bool)
	ShowCode func(code string)

	book       *codebook.Book
	store      *reports.Store
	drills     []*drill.Scenario
	shown      []*drill.Scenario
	selected   *drill.Scenario
	records    []reports.TrainingRecord // the month's, as the grid shows them
	allRecords []reports.TrainingRecord
	roster     rosterGrid
	diagOpts   []string // codes behind DiagPick's options

	mu      sync.Mutex
	attempt *drill.Attempt
	tick    chan struct{}
}

// NewDrillsScreen builds the screen with the built-in drills.
func NewDrillsScreen(uiLang func() locale.Lang) *DrillsScreen {
	s := &DrillsScreen{do: fyne.Do, lang: uiLang}
	var libErr error
	s.drills, libErr = drill.Builtin() // checked by drill's tests: an error here is a build defect
	s.buildTrainer()
	if libErr != nil {
		s.Info.SetText(lang.L("Some built-in drills could not be loaded:") + "\n" + s.problemText(libErr))
	}

	s.buildTrainee()
	s.Debrief = container.NewVBox()
	s.debriefView = container.NewVScroll(s.Debrief)
	s.root = container.NewStack(s.trainerView, s.traineeView, s.debriefView)
	s.showView(s.trainerView)
	s.filter()
	return s
}

// Root is the screen's root object.
func (s *DrillsScreen) Root() fyne.CanvasObject { return s.root }

// SetWindow is the window dialogs open in.
func (s *DrillsScreen) SetWindow(w fyne.Window) { s.win = w }

// Use gives the screen the code book (diagnosis search) and the store (training records).
func (s *DrillsScreen) Use(book *codebook.Book, store *reports.Store) {
	s.book, s.store = book, store
	if store != nil { // a trainer's own drills kept beside the store, as the command line reads them
		own := filepath.Join(filepath.Dir(store.Path()), "drills")
		if fi, err := os.Stat(own); err == nil && fi.IsDir() {
			if _, problems := s.addDrills(own); len(problems) > 0 {
				s.Info.SetText(lang.L("Left out:") + "\n" + strings.Join(problems, "\n"))
			}
		}
	}
	s.LoadRecords()
}

// Active reports whether a drill is running: its checks belong to it, not to a visit.
func (s *DrillsScreen) Active() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempt != nil
}

func (s *DrillsScreen) showView(v fyne.CanvasObject) {
	for _, o := range []fyne.CanvasObject{s.trainerView, s.traineeView, s.debriefView} {
		if o == v {
			o.Show()
		} else {
			o.Hide()
		}
	}
}

func (s *DrillsScreen) buildTrainer() {
	all := lang.L("All")
	s.Level = widget.NewSelect([]string{all, lang.L("Level 1 basic"), lang.L("Level 2 intermediate"), lang.L("Level 3 advanced")}, func(string) { s.filter() })
	s.Level.SetSelectedIndex(0)
	s.Audience = widget.NewSelect([]string{all, lang.L("Counter staff"), lang.L("Technicians")}, func(string) { s.filter() })
	s.Audience.SetSelectedIndex(0)
	s.List = widget.NewList(func() int { return len(s.shown) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			sc := s.shown[i]
			o.(*widget.Label).SetText(pan.MaskText(fmt.Sprintf("L%d  %s", sc.Level, sc.Title.In(s.lang()))))
		})
	s.List.OnSelected = func(i widget.ListItemID) { s.pick(s.shown[i]) }
	s.Info = widget.NewLabel(lang.L("Pick a drill."))
	s.Info.Wrapping = fyne.TextWrapWord
	s.Trainee = widget.NewEntry()
	s.Trainee.SetPlaceHolder(lang.L("Trainee's name"))
	s.Trainer = widget.NewEntry()
	s.Trainer.SetPlaceHolder(lang.L("Trainer's name"))
	s.Mode = widget.NewRadioGroup([]string{lang.L("Practice"), lang.L("Assessed")}, nil)
	s.Mode.Horizontal = true
	s.Mode.SetSelected(lang.L("Practice"))
	s.StartBtn = widget.NewButton(lang.L("Start the drill"), s.Start)
	s.StartBtn.Importance = widget.HighImportance
	s.StartBtn.Disable()
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Trainee"), s.Trainee),
		widget.NewFormItem(lang.L("Trainer"), s.Trainer),
		widget.NewFormItem(lang.L("Mode"), s.Mode),
	)
	filters := container.NewGridWithColumns(2, s.Level, s.Audience)
	left := container.NewBorder(filters, nil, nil, nil, s.List)
	right := container.NewBorder(nil, container.NewVBox(form, s.StartBtn), nil, nil, withMinRows(container.NewVScroll(s.Info), 3)) // the drill's description keeps 3 lines at 150 % text
	pick := container.NewHSplit(left, right)
	pick.Offset = 0.45

	s.Roster = widget.NewTable(s.roster.size, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, func(id widget.TableCellID, o fyne.CanvasObject) { s.roster.cell(id, o.(*widget.Label), s.lang()) })
	s.Roster.ShowHeaderRow, s.Roster.ShowHeaderColumn = true, true
	s.Roster.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	s.Roster.SetColumnWidth(-1, 140) // the trainees' names: a truncating label has no width of its own
	s.Roster.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) { s.roster.header(id, o.(*widget.Label), s.lang()) }
	s.Month = widget.NewSelect(nil, func(string) { s.showRecords() })
	s.Month.PlaceHolder = lang.L("All months")
	s.RecordsNote = widget.NewLabel("")
	s.RecordsNote.Wrapping = fyne.TextWrapWord
	buttons := container.NewHBox(
		s.Month,
		widget.NewButton(lang.L("Load drills…"), s.loadFolder),
		widget.NewButton(lang.L("Export workbook…"), s.exportWorkbook),
		widget.NewButton(lang.L("Export xAPI…"), s.exportXAPI),
		widget.NewButton(lang.L("Check the records"), s.verify),
	)
	records := widget.NewCard(lang.L("Training records"), "", container.NewBorder(nil, container.NewVBox(s.RecordsNote, buttons), nil, nil, s.Roster))
	split := container.NewVSplit(pick, records)
	split.Offset = 0.55
	s.trainerView = split
}

func (s *DrillsScreen) buildTrainee() {
	s.Briefing = widget.NewLabel("")
	s.Briefing.Wrapping = fyne.TextWrapWord
	s.Clock = widget.NewLabel("")
	s.DiagQuery = widget.NewEntry()
	s.DiagQuery.SetPlaceHolder(lang.L("Search the code book: P1, 无效商户, mac…"))
	s.DiagPick = widget.NewSelect(nil, nil)
	s.DiagPick.PlaceHolder = lang.L("(Select one)") // Fyne's own placeholder is English only
	s.DiagQuery.OnChanged = s.searchCodes
	s.DiagBtn = widget.NewButton(lang.L("Give this diagnosis"), s.diagnose)
	var titles []string
	for _, a := range drill.Actions() {
		titles = append(titles, a.Title.In(s.lang()))
	}
	s.ActionPick = widget.NewSelect(titles, nil)
	s.ActionPick.PlaceHolder = lang.L("Pick an action")
	s.ActBtn = widget.NewButton(lang.L("Do it"), s.act)
	s.HintBtn = widget.NewButton("", s.hint)
	s.FinishBtn = widget.NewButton(lang.L("Finish the drill"), s.Finish)
	s.FinishBtn.Importance = widget.WarningImportance
	s.Feedback = container.NewVBox()

	banner := canvas.NewRectangle(trainingColour)
	head := container.NewStack(banner, container.NewPadded(container.NewBorder(nil, nil, nil, s.Clock,
		widget.NewLabelWithStyle(lang.L("培训 TRAINING — a simulated terminal with faults set on purpose"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))))
	panel := widget.NewForm(
		widget.NewFormItem(lang.L("Diagnosis"), container.NewBorder(nil, nil, nil, s.DiagBtn, container.NewGridWithColumns(2, s.DiagQuery, s.DiagPick))),
		widget.NewFormItem(lang.L("Action"), container.NewBorder(nil, nil, nil, s.ActBtn, s.ActionPick)),
	)
	tip := widget.NewLabel(lang.L("Use Connect, Checklist and Look up as on a real visit; give your diagnosis and act here."))
	tip.Wrapping = fyne.TextWrapWord
	top := container.NewVBox(head, s.Briefing, tip, panel, container.NewHBox(s.HintBtn, s.FinishBtn), widget.NewSeparator())
	s.feedScroll = container.NewVScroll(s.Feedback)
	s.traineeView = container.NewBorder(top, nil, nil, nil, s.feedScroll)
}

// filter shows the drills of the chosen level and audience.
func (s *DrillsScreen) filter() {
	if s.List == nil {
		return
	}
	level := s.Level.SelectedIndex() // 0 all, else the level
	aud := []drill.Audience{"", drill.AudienceCounter, drill.AudienceTechnician}[max(0, s.Audience.SelectedIndex())]
	s.shown = s.shown[:0]
	for _, sc := range s.drills {
		if (level <= 0 || sc.Level == level) && (aud == "" || slices.Contains(sc.Audience, aud)) {
			s.shown = append(s.shown, sc)
		}
	}
	s.List.UnselectAll()
	s.List.Refresh()
}

func (s *DrillsScreen) pick(sc *drill.Scenario) {
	s.selected = sc
	l := s.lang()
	aud := make([]string, len(sc.Audience))
	for i, a := range sc.Audience {
		aud[i] = audienceLabel(a)
	}
	s.Info.SetText(pan.MaskText(fmt.Sprintf("%s\n%s · %s · %s\n\n%s\n\n%s", sc.Title.In(l),
		lang.L("Level {{.N}}", map[string]any{"N": sc.Level}), strings.Join(aud, lang.L(", ")),
		lang.L("par {{.Par}}, pass mark {{.Pass}}", map[string]any{"Par": clockText(time.Duration(sc.ParSeconds) * time.Second), "Pass": sc.PassScore}),
		sc.Briefing.In(l), sc.ID)))
	s.StartBtn.Enable()
}

func audienceLabel(a drill.Audience) string {
	if a == drill.AudienceCounter {
		return lang.L("Counter staff")
	}
	return lang.L("Technicians")
}

// Start begins the selected drill for the trainee: the app connects to the drill's simulated
// terminal, then the clock starts.
func (s *DrillsScreen) Start() {
	sc := s.selected
	trainee := reports.CleanName(s.Trainee.Text) // as the records keep it: a card number masked
	if trainee != s.Trainee.Text {
		s.Trainee.SetText(trainee)
	}
	if sc == nil {
		return
	}
	if trainee == "" {
		s.say(lang.L("Type the trainee's name first: the records say who took the drill."))
		return
	}
	if s.Busy != nil && s.Busy() {
		s.say(lang.L("A check is running: start the drill when it has finished (or cancel it)."))
		return
	}
	mode := drill.ModePractice
	if s.Mode.Selected == lang.L("Assessed") {
		mode = drill.ModeAssessed
	}
	seed := drill.PracticeSeed(sc.ID)
	if mode == drill.ModeAssessed {
		seed = drill.NewSeed() // another merchant, other amounts: nothing to copy from a neighbour
	}
	s.StartBtn.Disable()
	start := func(conn *visit.Conn, err error) {
		if err == nil {
			opt := drill.Options{Trainee: trainee, Trainer: reports.CleanName(s.Trainer.Text), Mode: mode, Seed: seed}
			if conn != nil {
				opt.Terminal, opt.Client = conn.Sim, conn.Client
			}
			var a *drill.Attempt
			if a, err = drill.Start(sc, opt); err == nil {
				s.begin(a)
				return
			}
		}
		s.StartBtn.Enable()
		if s.EndTraining != nil {
			s.EndTraining()
		}
		s.say(lang.L("The drill could not start: {{.Err}}", map[string]any{"Err": errorText(err)}))
	}
	if s.Train == nil { // no app around it (tests): the attempt serves its own terminal
		start(nil, nil)
		return
	}
	s.Train(drill.TerminalConfig(sc, seed, 1), start)
}

func (s *DrillsScreen) begin(a *drill.Attempt) {
	s.mu.Lock()
	s.attempt = a
	s.tick = make(chan struct{})
	tick := s.tick
	s.mu.Unlock()
	l := s.lang()
	sc := a.Scenario()
	s.Briefing.SetText(pan.MaskText(sc.Title.In(l) + "\n" + sc.Briefing.In(l)))
	s.Feedback.RemoveAll()
	s.DiagQuery.SetText("")
	s.ActionPick.ClearSelected()
	s.updateHint()
	s.updateClock()
	if s.Banner != nil {
		s.Banner(true)
	}
	s.showView(s.traineeView)
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-tick:
				return
			case <-t.C:
				s.do(s.updateClock)
			}
		}
	}()
}

func (s *DrillsScreen) current() *drill.Attempt {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempt
}

func (s *DrillsScreen) updateClock() {
	a := s.current()
	if a == nil {
		return
	}
	par := time.Duration(a.Scenario().ParSeconds) * time.Second
	s.Clock.SetText(lang.L("{{.Elapsed}} of par {{.Par}}", map[string]any{"Elapsed": clockText(a.Elapsed()), "Par": clockText(par)}))
}

// clockText is a duration as a clock reads it: 2:05, 1:02:05.
func clockText(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, sec := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, sec)
	}
	return fmt.Sprintf("%d:%02d", m, sec)
}

func (s *DrillsScreen) updateHint() {
	a := s.current()
	if a == nil {
		return
	}
	if a.Options().Mode == drill.ModeAssessed {
		s.HintBtn.SetText(lang.L("No hints when assessed"))
		s.HintBtn.Disable()
		return
	}
	if h, ok := a.NextHint(); ok {
		s.HintBtn.SetText(lang.L("Hint (costs {{.N}} points)", map[string]any{"N": h.Cost}))
		s.HintBtn.Enable()
		return
	}
	s.HintBtn.SetText(lang.L("No more hints"))
	s.HintBtn.Disable()
}

// feedback adds a line to the trainee's log, coloured by kind.
func (s *DrillsScreen) feedback(what string, fb drill.Feedback) {
	text := what
	if t := fb.Text.In(s.lang()); t != "" {
		text += " — " + t
	} else if fb.Recorded {
		text += " — " + lang.L("recorded")
	}
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	switch fb.Kind {
	case drill.FeedbackGood:
		l.Importance = widget.SuccessImportance
	case drill.FeedbackHarmful:
		l.Importance = widget.WarningImportance
	case drill.FeedbackCritical:
		l.Importance = widget.DangerImportance
	}
	s.Feedback.Add(l)
	s.feedScroll.ScrollToBottom() // the newest line (a hint just opened) in view
}

func (s *DrillsScreen) searchCodes(q string) {
	s.diagOpts = nil
	var opts []string
	if s.book != nil && strings.TrimSpace(q) != "" {
		for _, r := range s.book.Search(q, 8) {
			s.diagOpts = append(s.diagOpts, r.Entry.Code)
			opts = append(opts, r.Entry.Code+"  "+bookText(s.lang(), r.Entry.Title(s.lang())))
		}
	}
	s.DiagPick.SetOptions(opts)
	if len(opts) > 0 {
		s.DiagPick.SetSelectedIndex(0)
	} else {
		s.DiagPick.ClearSelected()
	}
}

// diagnose gives the code picked from the search (or typed exactly) as the diagnosis.
func (s *DrillsScreen) diagnose() {
	a := s.current()
	if a == nil {
		return
	}
	code := ""
	if i := s.DiagPick.SelectedIndex(); i >= 0 && i < len(s.diagOpts) {
		code = s.diagOpts[i]
	} else if q := strings.TrimSpace(s.DiagQuery.Text); s.book != nil {
		if e, ok := s.book.Lookup(q); ok {
			code = e.Code
		}
	}
	if code == "" {
		s.say(lang.L("Search the code book and pick the code you diagnose."))
		return
	}
	fb, err := a.Diagnose(code)
	if err != nil {
		return
	}
	s.feedback(lang.L("Diagnosis: {{.Code}}", map[string]any{"Code": code}), fb)
}

func (s *DrillsScreen) act() {
	a := s.current()
	i := s.ActionPick.SelectedIndex()
	if a == nil || i < 0 {
		return
	}
	act := drill.Actions()[i]
	s.ActBtn.Disable()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		fb, err := a.Act(ctx, act.ID)
		s.do(func() {
			s.ActBtn.Enable()
			if err == nil {
				s.feedback(act.Title.In(s.lang()), fb)
			}
		})
	}()
}

func (s *DrillsScreen) hint() {
	a := s.current()
	if a == nil {
		return
	}
	h, ok, err := a.Hint()
	if err != nil || !ok {
		return
	}
	s.feedback(lang.L("Hint (-{{.N}})", map[string]any{"N": h.Cost}), drill.Feedback{Text: h.Text.Locale()})
	s.updateHint()
}

// RecordCheck gives the running drill a checklist run made on the Checklist screen.
func (s *DrillsScreen) RecordCheck(rep *diagnostics.Report) {
	a := s.current()
	if a == nil || rep == nil {
		return
	}
	fb, err := a.RecordCheck(nil, rep)
	if err == nil {
		s.feedback(lang.L("Check"), fb)
	}
}

// take ends the running attempt's hold on the screen: it is no longer current and its clock
// stops. It returns the attempt, nil when none runs.
func (s *DrillsScreen) take() *drill.Attempt {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.attempt
	s.attempt = nil
	if s.tick != nil {
		close(s.tick)
		s.tick = nil
	}
	return a
}

// Finish ends the drill: scores it, keeps the record, shows the debrief.
func (s *DrillsScreen) Finish() {
	a := s.take()
	if a == nil {
		return
	}
	res := a.Finish()
	s.showDebrief(res)
	if s.Banner != nil {
		s.Banner(false)
	}
	if s.EndTraining != nil {
		s.EndTraining()
	}
	st := s.store
	if st == nil {
		s.say(lang.L("The training records cannot be opened: this attempt is not kept."))
		return
	}
	rec := res.Record()
	go func() {
		kept, err := st.AddTrainingOrKeep(context.Background(), rec)
		s.do(func() {
			switch {
			case err != nil && kept != "":
				s.say(lang.L("The attempt could not be stored; it is kept in {{.Path}} and stored later.", map[string]any{"Path": kept}))
			case err != nil:
				s.say(errorText(err))
			}
			s.LoadRecords()
		})
	}()
}

// Stop ends a drill still running when the app quits: the attempt is scored as it stands and
// kept, so a trainee's work is never lost. It touches no widget (the app has stopped).
func (s *DrillsScreen) Stop() {
	a := s.take()
	if a == nil || s.store == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, _ = s.store.AddTrainingOrKeep(ctx, a.Finish().Record())
}

func (s *DrillsScreen) showDebrief(res *drill.Result) {
	l := s.lang()
	d := res.Debrief(l)
	s.Debrief.RemoveAll()
	verdict, imp := lang.L("Passed"), widget.SuccessImportance
	if !d.Passed {
		verdict, imp = lang.L("Not passed"), widget.DangerImportance
	}
	head := widget.NewLabelWithStyle(lang.L("{{.Score}} of 100 (pass mark {{.Pass}}): {{.Verdict}}",
		map[string]any{"Score": d.Score, "Pass": d.PassScore, "Verdict": verdict}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Importance = imp
	b := d.Breakdown
	s.Debrief.Add(widget.NewLabelWithStyle(pan.MaskText(res.Scenario.Title.In(l)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	s.Debrief.Add(head)
	s.Debrief.Add(widget.NewLabel(lang.L("Diagnosis {{.D}}/40 · actions {{.A}}/40 · efficiency {{.E}}/20 · harmful {{.H}} · hints {{.I}}",
		map[string]any{"D": b.Diagnosis, "A": b.Actions, "E": b.Efficiency, "H": b.Harmful, "I": b.Hints})))
	section := func(title string, lines []string, imp widget.Importance) {
		if len(lines) == 0 {
			return
		}
		s.Debrief.Add(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, line := range lines {
			w := widget.NewLabel("• " + line)
			w.Wrapping = fyne.TextWrapWord
			w.Importance = imp
			s.Debrief.Add(w)
		}
	}
	section(lang.L("Critical: fails the drill"), d.Critical, widget.DangerImportance)
	section(lang.L("Cost points"), d.Harmful, widget.WarningImportance)
	section(lang.L("Right"), d.Good, widget.SuccessImportance)
	section(lang.L("Missing"), d.Missing, widget.MediumImportance)
	section(lang.L("The correct path"), []string{strings.Join(d.Path, " » ")}, widget.MediumImportance)
	why := widget.NewLabel(d.Text)
	why.Wrapping = fyne.TextWrapWord
	s.Debrief.Add(why)
	codes := container.NewHBox(widget.NewLabel(lang.L("In the code book:")))
	for _, c := range d.Codes {
		code := c
		codes.Add(widget.NewButton(code, func() {
			if s.ShowCode != nil {
				s.ShowCode(code)
			}
		}))
	}
	s.Debrief.Add(codes)
	s.Debrief.Add(widget.NewButton(lang.L("Back to the drills"), func() {
		s.StartBtn.Enable()
		s.showView(s.trainerView)
	}))
	s.showView(s.debriefView)
}

func (s *DrillsScreen) say(text string) {
	if s.win != nil {
		dialog.ShowInformation(lang.L("Drills"), text, s.win)
		return
	}
	s.RecordsNote.SetText(text)
}
