package app

import (
	"context"

	"fyne.io/fyne/v2/lang"

	"posdoctor/reports"
)

// The Reports screen's source (issue 14): the month from this laptop's store, or from the
// shared database, opened read-only in the background and read by the same reports code.

// SetShared offers the shared database set in Settings as a source of the figures.
func (s *ReportsScreen) SetShared(d *SharedDB) { s.shared = d }

// sharedPassword is the session's password for the shared database ("" when none). UI goroutine.
func (s *ReportsScreen) sharedPassword() string {
	if s.shared == nil {
		return ""
	}
	return s.shared.Password()
}

// setSource shows source i as chosen without acting on it. UI goroutine.
func (s *ReportsScreen) setSource(i int) {
	on := s.Source.OnChanged
	s.Source.OnChanged = nil
	s.Source.SetSelectedIndex(i)
	s.Source.OnChanged = on
}

// OnShared reports whether the figures come from the shared database. UI goroutine.
func (s *ReportsScreen) OnShared() bool { return s.remote != nil && s.store == s.remote }

// chooseSource acts on the source choice: 0 this laptop, 1 the shared database. UI goroutine.
func (s *ReportsScreen) chooseSource(i int) {
	if i == 1 {
		s.useShared()
		return
	}
	if s.opening {
		s.Cancel() // the open's end closes what it opened
		return
	}
	if s.remote == nil {
		return
	}
	s.closeRemote()
	s.store = s.local
	s.Status.SetText(lang.L("Figures from this laptop."))
	if s.store != nil {
		s.refreshBranches()
		s.Load()
	}
}

// useShared opens the shared store read-only in the background and, once open, shows the
// month from it. UI goroutine.
func (s *ReportsScreen) useShared() {
	if s.remote != nil || s.opening {
		return
	}
	if s.shared == nil || s.shared.URL() == "" {
		s.Status.SetText(lang.L("Set the shared database's URL in Settings first."))
		s.setSource(0)
		return
	}
	if s.Busy() {
		s.Status.SetText(lang.L("Wait for the current work to finish, or cancel it."))
		s.setSource(0)
		return
	}
	open, shown, pw := s.shared.openURL(), reports.RedactURL(s.shared.URL()), s.shared.Password()
	s.opening = true
	s.run(lang.L("Opening the shared database…"), func(ctx context.Context, _ func(float64)) func() {
		st, err := openShared(ctx, open, true)
		return func() {
			s.opening = false
			if err != nil {
				s.setSource(0)
				s.Status.SetText(sharedErrorText(err, pw))
				return
			}
			if s.Source.SelectedIndex() != 1 { // switched back meanwhile
				st.Close()
				return
			}
			s.remote, s.store = st, st
			s.Status.SetText(lang.L("Figures from the shared database {{.URL}}", map[string]any{"URL": shown}))
			s.refreshBranches()
			s.reloadAfter = true // run's end loads the month once this returns
		}
	})
}

// closeRemote closes the shared store, once the job reading it (cancelled here) has ended.
// UI goroutine.
func (s *ReportsScreen) closeRemote() {
	st := s.remote
	s.remote = nil
	if !s.Busy() {
		st.Close()
		return
	}
	s.Cancel()
	done := s.jobDone
	go func() {
		<-done
		st.Close()
	}()
}
