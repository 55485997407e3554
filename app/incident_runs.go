package app

import (
	"slices"
	"time"

	"fyne.io/fyne/v2/lang"

	"posdoctor/app/visit"
	"posdoctor/diagnostics"
	"posdoctor/reports"
	"posdoctor/serialio"
)

// What the checklist and the line bring to the visit: its runs (in progress and finished) and
// the link trace.

// AddReport attaches a finished checklist run to the visit (the first one fills in the
// terminal's identity). A visit is one terminal: a run from another terminal starts a new
// visit (the technician and branch carried over) and the old one stays saved. A closed visit
// takes no more runs: a run after it was closed starts a new one (returnVisit). UI goroutine.
func (s *IncidentScreen) AddReport(rep *diagnostics.Report) {
	if rep == nil {
		return
	}
	note := s.visitFor(rep)
	prev, provisional := s.inc, s.running >= 0
	s.dropRunning()
	var other bool
	s.inc, other = visit.Attach(s.inc, *rep, time.Now(), !s.catChosen)
	if other {
		// the new visit's category is a guess
		s.catChosen = false
		s.madeHere()
		if provisional { // its steps so far were saved in the visit it does not belong to
			s.queue(prev)
		}
		note = lang.L("Another terminal (TID {{.TID}}): a new visit was started. The visit of TID {{.Old}} is kept under Past incidents.",
			map[string]any{"TID": s.inc.TID, "Old": prev.TID})
	}
	if s.trace != nil {
		if other {
			s.inc.Trace = visit.IncidentTrace(s.trace())
		} else { // the same visit: what it kept (a capture from the Line view) stays
			s.mergeTrace(visit.IncidentTrace(s.trace()))
		}
	}
	s.fill()
	s.queueSave()
	s.say(note)
	if s.resumed && !other && s.OnContinued != nil { // the first run to finish in a continued visit
		s.OnContinued(s.inc.Runs)
	}
	s.resumed = false
}

// say shows what a run did to the visit (note; nothing when ""), kept beside the saves' "Saved
// at" until the technician edits or moves to another visit. UI goroutine.
func (s *IncidentScreen) say(note string) {
	if note != "" {
		s.notice = note
		s.Status.SetText(note)
	}
}

// visitFor makes the current visit the one rep is to join, before it is attached: an open
// visit of its terminal continued after a restart (resume), or a return visit when the current
// one is closed (returnVisit). It returns what to tell the technician, or "" when the current
// visit stays. UI goroutine.
func (s *IncidentScreen) visitFor(rep *diagnostics.Report) string {
	s.leaveTyped() // what was typed goes with the visit it was typed in
	if note := s.resume(rep); note != "" {
		return note
	}
	return s.returnVisit(rep)
}

// closedVisit reports whether a visit is over: a resolution set (the screen sets Closed with
// it), or closed elsewhere. A closed visit takes no more runs.
func closedVisit(inc *reports.Incident) bool {
	return inc.Resolution != reports.ResolutionOpen || !inc.Closed.IsZero()
}

// returnVisit starts a new visit when a run arrives after the visit was closed (a run already
// under way in it finishes there): a closed visit keeps the resolution it was closed with, and
// coming back to the terminal is a visit of its own, as the month counts it. The technician
// and branch are carried over, and the site when it is the same terminal (a return visit). It
// returns what to tell the technician, or "" when the visit is still open. UI goroutine.
func (s *IncidentScreen) returnVisit(rep *diagnostics.Report) string {
	old := s.inc
	if s.running >= 0 || !closedVisit(old) {
		return ""
	}
	fresh := reports.NewIncident(time.Now())
	fresh.Technician, fresh.Branch = old.Technician, old.Branch
	s.inc, s.catChosen, s.notice = fresh, false, ""
	s.madeHere()
	s.startedVisit()
	if !diagnostics.SameTerminal(map[string]string{"tid": old.TID, "sn": old.Serial}, rep.Terminal) {
		return lang.L("Another terminal (TID {{.TID}}): a new visit was started. The visit of TID {{.Old}} is kept under Past incidents.",
			map[string]any{"TID": rep.Terminal["tid"], "Old": old.TID})
	}
	fresh.Site = old.Site
	return lang.L("TID {{.TID}}: the visit of {{.Opened}} was closed ({{.Resolution}}), so this run started a new visit (a return visit). The closed visit is kept under Past incidents.",
		map[string]any{"TID": rep.Terminal["tid"], "Opened": old.Opened.Local().Format("2006-01-02 15:04"), "Resolution": s.label(old.Resolution.Label)})
}

// AddTrace adds a capture of the line (the Line view's) to the visit's link trace, in time
// order, leaving out entries the trace already holds, and saves the visit: the capture travels
// with the incident. It returns how many entries it added. A later checklist run replaces the
// trace with the link's newest entries, as it always has. UI goroutine.
func (s *IncidentScreen) AddTrace(entries []serialio.TraceEntry) int {
	n := s.mergeTrace(visit.IncidentTrace(entries))
	s.queueSave()
	return n
}

// maxVisitTrace bounds a visit's link trace: the newest lines are kept.
const maxVisitTrace = 4000

// mergeTrace adds lines to the visit's trace, each once, in time order, keeping the newest
// maxVisitTrace; it returns how many were new. UI goroutine.
func (s *IncidentScreen) mergeTrace(lines []reports.TraceLine) int {
	key := func(l reports.TraceLine) string {
		return l.Time.String() + l.Dir + l.Kind + l.Text + string(l.Raw)
	}
	have := map[string]bool{}
	for _, l := range s.inc.Trace {
		have[key(l)] = true
	}
	n := 0
	for _, l := range lines {
		if !have[key(l)] {
			have[key(l)] = true
			s.inc.Trace = append(s.inc.Trace, l)
			n++
		}
	}
	slices.SortStableFunc(s.inc.Trace, func(a, b reports.TraceLine) int { return a.Time.Compare(b.Time) })
	if extra := len(s.inc.Trace) - maxVisitTrace; extra > 0 {
		s.inc.Trace = slices.Delete(s.inc.Trace, 0, extra)
	}
	return n
}

// RunProgress records a run still in progress (its steps so far) in the visit and saves it, so
// a crash or a flat battery loses no finished step; AddReport replaces it with the finished
// run. A run whose terminal is not the visit's waits for AddReport, which starts its visit.
// UI goroutine.
func (s *IncidentScreen) RunProgress(rep *diagnostics.Report) {
	if rep != nil {
		if note := s.visitFor(rep); note != "" {
			s.fill()
			s.say(note)
		}
	}
	had := s.running >= 0
	s.dropRunning()
	if rep != nil && s.inc.AddRun(*rep) == nil {
		s.running = len(s.inc.Runs) - 1
		s.showFound()
		s.queueSave()
		return
	}
	if had { // the run turned out to be another terminal's: take it back out of this visit
		s.showFound()
		s.queueSave()
	}
}

// dropRunning takes the run in progress out of the visit: its finished (or next) state
// takes its place.
func (s *IncidentScreen) dropRunning() {
	if s.running >= 0 && s.running == len(s.inc.Runs)-1 {
		s.inc.Runs = s.inc.Runs[:s.running]
	}
	s.running = -1
}
