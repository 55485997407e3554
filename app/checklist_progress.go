package app

import (
	"sort"
	"time"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"posdoctor/diagnostics"
	"posdoctor/pan"
)

// A run's progress, from the checklist goroutine to the steps' rows, at most once a frame.

// frameInterval bounds how often progress reaches the widgets (about 60 per second).
const frameInterval = time.Second / 60

// onProgress runs on the checklist goroutine: it records the newest progress per step and
// schedules at most one UI update per frame.
func (s *ChecklistScreen) onProgress(p diagnostics.Progress) {
	s.mu.Lock()
	s.pending[string(p.Step)] = p
	if p.Phase == diagnostics.PhaseDone {
		s.pending["done:"+string(p.Step)] = p // a finished step is never overwritten by a later update
	}
	if s.queued {
		s.mu.Unlock()
		return
	}
	s.queued = true
	wait := frameInterval - time.Since(s.lastUI)
	s.mu.Unlock()
	apply := func() { s.do(s.applyProgress) }
	if wait > 0 {
		time.AfterFunc(wait, apply)
	} else {
		apply()
	}
}

// applyProgress shows what onProgress gathered. UI goroutine.
func (s *ChecklistScreen) applyProgress() {
	s.mu.Lock()
	pending := s.pending
	s.pending = map[string]diagnostics.Progress{}
	s.queued = false
	s.lastUI = time.Now()
	s.mu.Unlock()
	keys := make([]string, 0, len(pending))
	for k := range pending {
		keys = append(keys, k)
	}
	sort.Strings(keys) // "done:" entries before plain ids of the same step would not matter
	for _, k := range keys {
		p := pending[k]
		r := s.Rows[p.Step]
		if r == nil {
			continue
		}
		switch p.Phase {
		case diagnostics.PhaseStarted:
			r.Icon.SetResource(theme.MediaPlayIcon())
			r.Summary.SetText(lang.L("running…"))
			r.Bar.SetValue(0.05)
			r.Bar.Show()
			s.grid.Refresh() // the bars' column takes width again
			s.Action.SetText(p.Step.Title().In(uiLang()) + " — " + progressText(p))
		case diagnostics.PhaseWorking:
			if p.Total > 0 {
				r.Bar.SetValue(float64(p.Done) / float64(p.Total))
			} else {
				r.Bar.SetValue(min(0.95, r.Bar.Value+0.05))
			}
			if p.Text != "" {
				s.Action.SetText(p.Step.Title().In(uiLang()) + " — " + progressText(p))
			}
		case diagnostics.PhaseDone:
			s.showStep(*p.Result)
		}
	}
	done := 0
	for _, r := range s.Rows {
		if r.Bar.Value >= 1 {
			done++
		}
	}
	s.Overall.SetValue(float64(done) / float64(len(s.Rows)))
}

// progressText is what a running step is doing, in the app's language.
func progressText(p diagnostics.Progress) string {
	if p.TextKey == "" {
		return p.Text
	}
	return pan.MaskText(lang.L(p.TextKey, translatedArgs(p.TextArgs)))
}
