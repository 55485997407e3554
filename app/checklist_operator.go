package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"posdoctor/diagnostics"
)

// The checklist's operator on the GUI: its questions as dialogs, and the keypad test's key map
// shown in place of the findings.

// The share of the split's height the steps get: enough for most of the eight rows at the
// default size; while the keypad is tested the key map gets the larger part.
const (
	stepsShare       = 0.5
	stepsShareKeypad = 0.3
)

// showKeypad puts the key map in place of the findings, or the findings back. UI goroutine.
func (s *ChecklistScreen) showKeypad(keys []string) {
	s.Keypad.Start(keys)
	s.details.Hide()
	s.split.SetOffset(stepsShareKeypad)
}

// hideKeypad hides the key map and shows the findings again. UI goroutine.
func (s *ChecklistScreen) hideKeypad() {
	if !s.Keypad.Root.Visible() {
		return
	}
	s.Keypad.Hide()
	s.details.Show()
	s.split.SetOffset(stepsShare)
}

func (s *ChecklistScreen) stopKeypad() {
	s.mu.Lock()
	ch := s.stopKey
	s.stopKey = nil
	s.mu.Unlock()
	if ch != nil {
		close(ch)
	}
}

// dialogConfirm asks in a dialog on the screen's window.
func (s *ChecklistScreen) dialogConfirm(q diagnostics.Question, text string, reply func(bool)) {
	w := fyne.CurrentApp().Driver().AllWindows()
	if len(w) == 0 {
		reply(false)
		return
	}
	title := lang.L("Printer")
	if q == diagnostics.AskSignOn {
		title = lang.L("Re-sign-on")
	}
	dialog.ShowConfirm(title, lang.L(text), reply, w[0])
}

// guiOperator is the checklist's Operator on the GUI: questions become dialogs, the keypad
// panel shows the key map. Its methods run on the checklist goroutine.
type guiOperator struct{ s *ChecklistScreen }

func (o *guiOperator) Confirm(ctx context.Context, q diagnostics.Question, text string) (bool, error) {
	answer := make(chan bool, 1)
	o.s.do(func() {
		o.s.confirm(q, text, func(ok bool) {
			select {
			case answer <- ok:
			default:
			}
		})
	})
	select {
	case ok := <-answer:
		return ok, nil
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

func (o *guiOperator) KeypadStarted(keys []string) {
	o.s.do(func() { o.s.showKeypad(keys) })
}

func (o *guiOperator) KeyEvent(key string, down bool) {
	o.s.do(func() { o.s.Keypad.Key(key, down) })
}

func (o *guiOperator) KeypadStop() <-chan struct{} {
	o.s.mu.Lock()
	defer o.s.mu.Unlock()
	return o.s.stopKey
}

func (o *guiOperator) Unattended() bool { return false }
