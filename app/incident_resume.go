package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"posdoctor/diagnostics"
	"posdoctor/reports"
)

// Continuing a visit after the app restarted (a logout, a crash, a flat battery): the first run
// on a terminal whose visit, opened on this laptop a little earlier, is still open joins that
// visit instead of starting a second one beside it (docs/incidents.md, "Continuing a visit").

// prefOpenedHere lists the visits this installation opened, "ID OPENED" (RFC 3339), newest
// last: a visit in the store may come from another laptop (a bundle, a sync), and only this
// laptop's own are continued.
const prefOpenedHere = "incident_opened_here"

// resumeWithin is how recently an open visit must have been opened to be continued: a working
// day's length. A visit left open from yesterday is not today's visit; one from the morning
// is, when the technician comes back to the terminal after lunch or a restart.
const resumeWithin = 12 * time.Hour

// maxOpenedHere bounds prefOpenedHere, besides resumeWithin.
const maxOpenedHere = 50

// UsePreferences gives the screen the app's preferences, where it remembers the visits it
// opened (nil: it remembers none and continues none). UI goroutine, before Start.
func (s *IncidentScreen) UsePreferences(p fyne.Preferences) { s.prefs = p }

// madeHere marks the current visit as opened by this screen: remembered once it is saved.
func (s *IncidentScreen) madeHere() {
	if s.made == nil {
		s.made = map[string]bool{}
	}
	s.made[s.inc.ID] = true
}

// openedHere reads prefOpenedHere: the ids of the visits opened here within resumeWithin, and
// the list's entries to keep (the same, newest last). Any goroutine.
func openedHere(p fyne.Preferences, now time.Time) (ids, keep []string) {
	for _, e := range p.StringList(prefOpenedHere) {
		id, at, ok := strings.Cut(e, " ")
		t, err := time.Parse(time.RFC3339, at)
		if !ok || err != nil || now.Sub(t) >= resumeWithin {
			continue
		}
		ids, keep = append(ids, id), append(keep, e)
	}
	return ids, keep
}

// rememberOpened notes in the preferences that inc was opened here, the first time a visit the
// screen opened is saved, and forgets visits opened longer than resumeWithin ago. Only the UI
// goroutine writes the list.
func (s *IncidentScreen) rememberOpened(inc *reports.Incident) {
	if s.prefs == nil || !s.made[inc.ID] {
		return
	}
	delete(s.made, inc.ID)
	_, keep := openedHere(s.prefs, time.Now())
	keep = append(keep, inc.ID+" "+inc.Opened.UTC().Format(time.RFC3339))
	if extra := len(keep) - maxOpenedHere; extra > 0 {
		keep = keep[extra:]
	}
	s.prefs.SetStringList(prefOpenedHere, keep)
}

// loadResumable reads the open visits of a terminal this laptop opened within resumeWithin.
// Any goroutine; the result is for the UI goroutine.
func (s *IncidentScreen) loadResumable(ctx context.Context) ([]*reports.Incident, error) {
	if s.prefs == nil || s.store == nil {
		return nil, nil
	}
	now := time.Now()
	ids, _ := openedHere(s.prefs, now)
	if len(ids) == 0 {
		return nil, nil
	}
	open, err := s.store.List(ctx, reports.Filter{From: now.Add(-resumeWithin), Open: true})
	if err != nil {
		return nil, err
	}
	var out []*reports.Incident
	for _, v := range open {
		if v.TID == "" || v.Closed != nil || !slices.Contains(ids, v.ID) {
			continue
		}
		inc, err := s.store.Get(ctx, v.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, inc)
	}
	return out, nil
}

// untouched reports whether the current visit is the one the screen opened at start, as it
// was: no run, nothing typed or chosen. Only such a visit gives way to an earlier one.
func (s *IncidentScreen) untouched() bool {
	inc := s.inc
	return inc.ID == s.startID && !s.catChosen && len(inc.Runs) == 0 && inc.TID == "" && inc.Serial == "" &&
		inc.Technician == "" && inc.Branch == "" && inc.Site == "" && inc.Symptom == "" && inc.Notes == "" &&
		inc.EscalationReason == "" && len(inc.Actions) == 0 && len(inc.Codes) == 0 && len(inc.Trace) == 0 &&
		len(inc.Forms) == 0 && inc.Resolution == reports.ResolutionOpen && inc.Reported.IsZero()
}

// resume makes the newest open visit of rep's terminal opened here within resumeWithin the
// current visit, when the current one is untouched (see untouched), so the run joins it. It
// returns what to tell the technician, or "". UI goroutine.
func (s *IncidentScreen) resume(rep *diagnostics.Report) string {
	tid := rep.Terminal["tid"]
	if tid == "" || len(s.resumable) == 0 || !s.untouched() {
		return ""
	}
	var found *reports.Incident
	for _, c := range s.resumable {
		if c.TID == tid && diagnostics.SameTerminal(map[string]string{"tid": c.TID, "sn": c.Serial}, rep.Terminal) &&
			time.Since(c.Opened) < resumeWithin && (found == nil || c.Opened.After(found.Opened)) {
			found = c
		}
	}
	if found == nil {
		return ""
	}
	s.resumable = slices.DeleteFunc(s.resumable, func(c *reports.Incident) bool { return c == found })
	s.inc, s.running, s.notice = found, -1, ""
	s.resumed = true
	s.catChosen = chosenCategory(found)
	args := map[string]any{"TID": tid, "Opened": found.Opened.Local().Format("2006-01-02 15:04")}
	if len(rep.Steps) == 0 { // the terminal connected, no run yet
		return lang.L("Continuing the open visit of TID {{.TID}} (opened {{.Opened}}): the next run joins it.", args)
	}
	return lang.L("Continuing the open visit of TID {{.TID}} (opened {{.Opened}}): this run joins it.", args)
}

// TerminalSeen is told the status (ST, upper-case names) of the terminal just connected: the
// open visit of that terminal opened here lately is continued at once (see resume), before any
// run. A run's first step (the link) does not know the terminal yet, and once it is in the
// visit the visit is no longer untouched: after a restart the first run made a second visit (a
// trial; the window test too). The status may come before the open visits are read at Start,
// which then tries again. UI goroutine.
func (s *IncidentScreen) TerminalSeen(st map[string]string) {
	s.seen = map[string]string{"tid": st["TID"], "sn": st["SN"]}
	s.resumeSeen()
}

// resumeSeen continues the open visit of the terminal last seen, if there is one. UI goroutine.
func (s *IncidentScreen) resumeSeen() {
	if s.seen == nil || s.inc == nil {
		return
	}
	if note := s.resume(&diagnostics.Report{Terminal: s.seen}); note != "" {
		s.fill()
		s.say(note)
		if s.OnContinued != nil {
			s.OnContinued(s.inc.Runs)
		}
	}
}
