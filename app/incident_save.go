package app

import (
	"context"
	"slices"
	"time"

	"fyne.io/fyne/v2/lang"

	"posdoctor/reports"
)

// The Incident screen's saver: every edit queues a copy of the visit, and one goroutine saves
// the copies in turn.

// queueSave hands a copy of the current visit to the saver. UI goroutine.
func (s *IncidentScreen) queueSave() { s.queue(s.inc) }

// queue hands a copy of inc to the saver; a newer copy of the same visit replaces one not yet
// saved, other visits' copies wait their turn. UI goroutine.
func (s *IncidentScreen) queue(inc *reports.Incident) {
	if s.store == nil || s.stopped {
		return
	}
	s.rememberOpened(inc)
	c := *inc
	c.Codes, c.Actions, c.Runs = slices.Clone(c.Codes), slices.Clone(c.Actions), slices.Clone(c.Runs)
	scrub := false
	if inc.ID == s.filledID { // on screen: text still being typed is held back (incident_typing.go)
		s.held = s.typingCopy(&c)
		s.dirty = false
		scrub, s.scrub = s.scrub, false
	}
	s.pendMu.Lock()
	if _, waiting := s.pending[c.ID]; !waiting {
		s.order = append(s.order, c.ID)
	}
	s.pending[c.ID] = &c
	s.scrubs[c.ID] = s.scrubs[c.ID] || scrub
	s.pendMu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default: // the saver is already told
	}
}

// next takes the oldest pending save, or nil, and whether the log is to be checkpointed after
// it. Any goroutine.
func (s *IncidentScreen) next() (*reports.Incident, bool) {
	s.pendMu.Lock()
	defer s.pendMu.Unlock()
	if len(s.order) == 0 {
		return nil, false
	}
	id := s.order[0]
	s.order = s.order[1:]
	inc, scrub := s.pending[id], s.scrubs[id]
	delete(s.pending, id)
	delete(s.scrubs, id)
	return inc, scrub
}

// saver saves queued visits one at a time until Stop, then what is still pending. It runs on
// its own goroutine.
func (s *IncidentScreen) saver() {
	defer s.saving.Done()
	for {
		if inc, scrub := s.next(); inc != nil {
			s.save(inc, scrub)
			continue
		}
		select {
		case <-s.wake:
		case <-s.quit:
			for inc, scrub := s.next(); inc != nil; inc, scrub = s.next() {
				s.save(inc, scrub)
			}
			return
		}
	}
}

// save saves one visit and shows how it went. After a save whose typed text the cleaner masked
// (scrub), the store's log is checkpointed, so the versions saved before do not linger in the
// -wal file (best effort: a reader may keep it for now). Saver goroutine.
func (s *IncidentScreen) save(inc *reports.Incident, scrub bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	kept, err := s.store.SaveOrKeep(ctx, inc)
	cancel()
	if err == nil && scrub {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = s.store.Checkpoint(ctx)
		cancel()
	}
	at := time.Now().Format("15:04:05")
	s.do(func() {
		if err != nil {
			args := map[string]any{"Err": err.Error(), "File": kept}
			if kept != "" {
				s.Status.SetText(lang.L("Not saved: {{.Err}} — the visit is kept on screen and in {{.File}}; Save again when the store is free", args))
			} else {
				s.Status.SetText(lang.L("Not saved: {{.Err}} — what you typed is kept on screen", args))
			}
			s.SaveAgain.Show()
			return
		}
		s.SaveAgain.Hide()
		saved := lang.L("Saved at {{.Time}}", map[string]any{"Time": at})
		if s.notice != "" { // what a run did to the visit stays readable
			saved = s.notice + "  " + saved
		}
		s.Status.SetText(saved)
	})
	s.RefreshPast()
}
