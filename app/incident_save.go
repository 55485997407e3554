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
	s.pendMu.Lock()
	if _, waiting := s.pending[c.ID]; !waiting {
		s.order = append(s.order, c.ID)
	}
	s.pending[c.ID] = &c
	s.pendMu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default: // the saver is already told
	}
}

// next takes the oldest pending save, or nil. Any goroutine.
func (s *IncidentScreen) next() *reports.Incident {
	s.pendMu.Lock()
	defer s.pendMu.Unlock()
	if len(s.order) == 0 {
		return nil
	}
	id := s.order[0]
	s.order = s.order[1:]
	inc := s.pending[id]
	delete(s.pending, id)
	return inc
}

// saver saves queued visits one at a time until Stop, then what is still pending. It runs on
// its own goroutine.
func (s *IncidentScreen) saver() {
	defer s.saving.Done()
	for {
		if inc := s.next(); inc != nil {
			s.save(inc)
			continue
		}
		select {
		case <-s.wake:
		case <-s.quit:
			for inc := s.next(); inc != nil; inc = s.next() {
				s.save(inc)
			}
			return
		}
	}
}

// save saves one visit and shows how it went. Saver goroutine.
func (s *IncidentScreen) save(inc *reports.Incident) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	kept, err := s.store.SaveOrKeep(ctx, inc)
	cancel()
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
