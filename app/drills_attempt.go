package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"posdoctor/app/visit"
	"posdoctor/diagnostics"
	"posdoctor/drill"
	"posdoctor/pan"
	"posdoctor/reports"
)

// A drill under way on the Drills screen: started on its simulated terminal, the clock, the
// trainee's diagnosis, actions and hints, and its end (scored and kept).

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
			opt := drill.Options{Trainee: trainee, Trainer: reports.CleanName(s.Trainer.Text), Mode: mode, Seed: seed, Book: s.book}
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

// diagnose gives the code picked from the search (or the text typed, when the search offers
// nothing) as the diagnosis. The attempt reads it as `drill run` does (drill.CodesNamed): a
// code in any case or width, or a title or screen text that names one, scored as that code;
// a text that names none is refused, said why, and not recorded.
func (s *DrillsScreen) diagnose() {
	a := s.current()
	if a == nil {
		return
	}
	given := ""
	if i := s.DiagPick.SelectedIndex(); i >= 0 && i < len(s.diagOpts) {
		given = s.diagOpts[i]
	} else {
		given = strings.TrimSpace(s.DiagQuery.Text)
	}
	if given == "" {
		s.say(lang.L("Search the code book and pick the code you diagnose."))
		return
	}
	fb, err := a.Diagnose(given)
	if errors.Is(err, drill.ErrFinished) {
		return
	}
	if err != nil {
		s.say(s.problemText(err))
		return
	}
	s.feedback(lang.L("Diagnosis: {{.Code}}", map[string]any{"Code": drill.CodeIn(s.lang(), given)}), fb)
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
