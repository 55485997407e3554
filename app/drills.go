package app

import (
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
	// the heading and the exports on the records' first row: on a 1366×768 laptop at 150 % the
	// drills above leave the records a strip, which showed the card's large title and nothing
	// else (a trial had to find the split's handle to reach Export)
	heading := widget.NewLabelWithStyle(lang.L("Training records"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	records := container.NewBorder(container.NewHScroll(container.NewHBox(heading, buttons)), s.RecordsNote, nil, nil, s.Roster)
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

func (s *DrillsScreen) say(text string) {
	if s.win != nil {
		dialog.ShowInformation(lang.L("Drills"), text, s.win)
		return
	}
	s.RecordsNote.SetText(text)
}
