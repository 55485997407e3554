package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"posdoctor/drill"
	"posdoctor/pan"
)

// The debrief of a finished drill: the score, what was right, wrong and missing, the correct
// path, and the codes to read in the code book.

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
	for i, c := range d.Codes {
		code := c
		codes.Add(widget.NewButton(d.CodesIn[i], func() { // a prompt in Traditional for zh_TW; Look up takes either
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
