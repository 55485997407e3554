package app

import (
	"context"
	"errors"
	"math"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// The Reports screen's one job at a time (an import, the month's figures, the workbook): run
// off the UI goroutine with a progress bar and Cancel.

// showBusy shows or hides the progress bar and Cancel, and locks the controls a job needs
// unchanged. UI goroutine.
func (s *ReportsScreen) showBusy(on bool) {
	for _, w := range []fyne.Disableable{s.ImportBtn, s.ExportBtn} {
		if on {
			w.Disable()
		}
	}
	if on {
		s.Progress.SetValue(0)
		s.JobText.Show()
		s.Progress.Show()
		s.CancelBtn.Show()
		return
	}
	s.JobText.Hide()
	s.Progress.Hide()
	s.CancelBtn.Hide()
	if s.local != nil {
		s.ImportBtn.Enable()
	}
	if s.report != nil {
		s.ExportBtn.Enable()
	}
}

// Busy reports whether a job runs (UI goroutine).
func (s *ReportsScreen) Busy() bool { return s.cancel != nil }

// Cancel stops the running job; an import stopped half way imports nothing. UI goroutine.
func (s *ReportsScreen) Cancel() {
	if s.cancel != nil {
		s.cancel()
	}
}

// Stop cancels the running job and waits for it to end, so the store can close, and closes
// the shared store if it is open. UI goroutine, once the app stops (do no longer runs what
// the job sends).
func (s *ReportsScreen) Stop() {
	s.Cancel()
	s.working.Wait()
	if s.remote != nil {
		s.remote.Close()
		s.remote = nil
	}
}

// run starts work on its own goroutine as the screen's one job, with the progress bar and
// Cancel shown. work reports progress (0–1, from any goroutine) and returns what to do on the
// UI goroutine when it ends. UI goroutine.
func (s *ReportsScreen) run(status string, work func(ctx context.Context, progress func(float64)) func()) {
	ctx, cancel := context.WithCancel(context.Background())
	s.jobs++
	job := s.jobs
	s.cancel = cancel
	done := make(chan struct{})
	s.jobDone = done
	s.JobText.SetText(status)
	s.showBusy(true)
	var shown atomic.Int64 // per mille last shown: the bar moves in steps, not per line
	progress := func(f float64) {
		pm := int64(math.Round(f * 1000))
		if old := shown.Load(); pm-old >= 10 || pm == 1000 && old != 1000 {
			shown.Store(pm)
			s.do(func() {
				if s.jobs == job {
					s.Progress.SetValue(f)
				}
			})
		}
	}
	s.working.Add(1)
	go func() {
		end := work(ctx, progress)
		close(done)
		cancel()
		s.working.Done()
		s.do(func() {
			if s.jobs != job {
				return
			}
			s.cancel = nil
			s.showBusy(false)
			end()
			if s.reloadAfter {
				s.reloadAfter = false
				s.Load()
			}
		})
	}()
}

// failure is msg, the job's error worded, or says the job was cancelled.
func failure(err error, msg string) string {
	if errors.Is(err, context.Canceled) {
		return lang.L("Cancelled.")
	}
	return msg
}
