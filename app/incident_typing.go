package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"posdoctor/reports"
)

// What the technician types: it is in the visit at once (a run, an export, a form see it), and
// saved when the typing pauses (typingPause). A field's text is being typed from its first
// change until it is finished: the field left (its focus lost: another field, a button, another
// tab), or, for a field changed without the focus, the visit changed or the app closing. A save
// while a text is being typed writes it through reports.CleanTyping, so no version of a card
// number being typed — "6222 0212 3456 789" on the way to a 16-digit card, which no rule can
// tell from a finished number — reaches the store, its write-ahead log or a recovery file: a
// number being typed keeps its first 6 digits until it is finished, then it is saved and masked
// as every text is, and shown as it is kept (a card number masked). The field that has the
// focus when the visit changes is still being typed: a number in it keeps its first 6 digits,
// the rest of its text is saved whole. When the window closes every field is finished (Closing).

// typingPause is how long typing must pause before what was typed is saved.
const typingPause = 1500 * time.Millisecond

// typedField is what the Incident screen knows of a field the technician types into.
type typedField struct {
	entry *widget.Entry
	// field is the visit's text the field edits; nil for the actions (a line each)
	field func(*reports.Incident) *string
	// done is the field's text as last finished (filled from the visit, or left): a digit run
	// standing whole in it is not being typed
	done string
	// open: the text changed since it was last finished (it is being typed)
	open  bool
	focus func(f *typedField, on bool) // told when the field gains or loses the keyboard focus
}

// typedEntry is an entry whose focus the screen hears of.
type typedEntry struct {
	widget.Entry
	typedField
}

func newTypedEntry(multi bool, field func(*reports.Incident) *string, focus func(*typedField, bool)) *typedEntry {
	e := &typedEntry{}
	e.MultiLine = multi
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	e.typedField = typedField{entry: &e.Entry, field: field, focus: focus}
	return e
}

// FocusGained tells the screen the field is being typed into.
func (e *typedEntry) FocusGained() {
	e.Entry.FocusGained()
	e.focus(&e.typedField, true)
}

// FocusLost tells the screen the field was left: its text is finished.
func (e *typedEntry) FocusLost() {
	e.Entry.FocusLost()
	e.focus(&e.typedField, false)
}

// branchEntry is the Branch entry (it offers the store's branches) whose focus the screen
// hears of.
type branchEntry struct {
	widget.SelectEntry
	typedField
}

func newBranchEntry(focus func(*typedField, bool)) *branchEntry {
	e := &branchEntry{}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.typedField = typedField{entry: &e.Entry, field: func(inc *reports.Incident) *string { return &inc.Branch }, focus: focus}
	return e
}

// FocusGained tells the screen the field is being typed into.
func (e *branchEntry) FocusGained() {
	e.Entry.FocusGained()
	e.focus(&e.typedField, true)
}

// FocusLost tells the screen the field was left: its text is finished.
func (e *branchEntry) FocusLost() {
	e.Entry.FocusLost()
	e.focus(&e.typedField, false)
}

// typedFields are the fields the technician types into. UI goroutine.
func (s *IncidentScreen) typedFields() []*typedField {
	return []*typedField{&s.Technician.typedField, &s.Branch.typedField, &s.Site.typedField, &s.Symptom.typedField,
		&s.Actions.typedField, &s.Notes.typedField, &s.Escalation.typedField}
}

// typed is told that the technician changed f's text: the visit takes it at once, and it is
// saved when the typing pauses. UI goroutine.
func (s *IncidentScreen) typed(f *typedField) {
	if s.filling || s.inc == nil {
		return
	}
	s.copyForm()
	f.open, s.dirty = true, true
	if s.pause == nil {
		s.pause = time.AfterFunc(s.typingPause, func() { s.do(s.paused) })
	} else {
		s.pause.Reset(s.typingPause)
	}
}

// paused saves what was typed once the typing paused. UI goroutine.
func (s *IncidentScreen) paused() {
	if s.dirty {
		s.queueSave()
	}
}

// flushTyped saves what was typed and not yet saved, at once (a run is saved with the visit's
// texts as they are). UI goroutine.
func (s *IncidentScreen) flushTyped() {
	if s.pause != nil {
		s.pause.Stop()
	}
	if s.dirty {
		s.queueSave()
	}
}

// leaveTyped finishes what was changed in fields without the focus, and saves what was typed,
// before the visit changes or the app closes: the field with the focus is still being typed.
// UI goroutine.
func (s *IncidentScreen) leaveTyped() {
	for _, f := range s.typedFields() {
		if f.open && f != s.typing {
			s.finishTyped(f)
		}
	}
	s.flushTyped()
}

// Closing finishes every field as the window closes, the one with the focus too (the typing is
// over: a phone number typed last is kept whole, a card number masked as every text is), and
// saves. UI goroutine: app.go calls it from the window's closing, before Fyne stops running
// functions on the UI goroutine (Stop, which waits for the save, runs on another goroutine).
func (s *IncidentScreen) Closing() {
	if s.typing != nil {
		s.finishTyped(s.typing)
	}
	s.leaveTyped()
}

// focusTyped is told that f gained or lost the keyboard focus. A field left is finished; so
// is the field with the focus when another gains it (a test types into fields without leaving
// them). UI goroutine.
func (s *IncidentScreen) focusTyped(f *typedField, on bool) {
	if on {
		if s.typing != nil && s.typing != f {
			s.finishTyped(s.typing)
		}
		s.typing = f
		return
	}
	s.finishTyped(f)
}

// finishTyped makes f's text finished: shown as the store keeps it (a card number or a PIN
// masked: the field does not keep showing what is not kept), and saved whole, unless nothing
// changed since the last save of its finished text. UI goroutine.
func (s *IncidentScreen) finishTyped(f *typedField) {
	if s.typing == f {
		s.typing = nil
	}
	if s.inc == nil {
		return
	}
	changed := false
	if clean := reports.CleanText(f.entry.Text); clean != f.entry.Text {
		s.filling = true
		f.entry.SetText(clean)
		s.filling = false
		s.copyForm()
		s.scrub, changed = true, true
	}
	f.done, f.open = f.entry.Text, false
	if changed || s.dirty || s.held {
		s.flushTyped()
		s.queueSave()
	}
}

// typingCopy returns c, a copy of the visit the form shows about to be saved, with the texts
// being typed cleaned as reports.CleanTyping cleans them, and whether that held anything back.
// UI goroutine.
func (s *IncidentScreen) typingCopy(c *reports.Incident) bool {
	held := false
	for _, f := range s.typedFields() {
		if !f.open {
			continue
		}
		if f.field != nil {
			p := f.field(c)
			typed := *p
			*p = reports.CleanTyping(typed, f.done)
			held = held || *p != typed
			continue
		}
		for i, a := range c.Actions {
			if w := reports.CleanTyping(a.What, f.done); w != a.What {
				c.Actions[i].What, held = w, true
			}
		}
	}
	return held
}
