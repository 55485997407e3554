package app

import "sync/atomic"

// uiGate runs functions on the UI goroutine until the window closes, then drops them.
//
// When Fyne stops, it closes the window (on the UI goroutine), then empties its queue of
// functions without running them, and from then on fyne.Do runs a function at once on the
// goroutine that calls it. Work still finishing in the background (a checklist run ended by
// the closed link, a save, a ticker) would then touch widgets off the UI goroutine. So the
// gate closes when the window does, before Fyne's queue stops, and every function checks the
// gate again where it runs: one queued before the window closed but run after is dropped too.
type uiGate struct {
	run    func(func()) // fyne.Do
	closed atomic.Bool
}

// Do runs f through the gate's run unless the gate is closed, there or by the time f runs.
func (g *uiGate) Do(f func()) {
	if g.closed.Load() {
		return
	}
	g.run(func() {
		if !g.closed.Load() {
			f()
		}
	})
}

// Close drops every function not yet run. Call it on the UI goroutine as the window closes.
func (g *uiGate) Close() { g.closed.Store(true) }
