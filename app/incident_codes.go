package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"posdoctor/diagnostics"
	"posdoctor/reports"
)

// The codes of a visit on the Incident screen: those the technician saw (picked from the code
// book, removable) and those the checklist found (read-only).

// codeRow is a code seen on the Incident screen: what it is, and the button that takes it out
// of the visit.
type codeRow struct {
	Text   *widget.Label
	Remove *widget.Button
}

// showCodes lists the codes seen, each removable, a code the book does not know marked as such,
// and beside them the codes the checklist found, read-only. UI goroutine.
func (s *IncidentScreen) showCodes() {
	ui := s.ui()
	s.seenRows = nil
	s.SeenCodes.RemoveAll()
	for _, c := range s.inc.Codes {
		title := codeTitle(s.book, ui, c)
		text := codeText(c.Code, title)
		if c.Prompt != "" && c.Prompt != title && codeKey(c.Prompt) != codeKey(c.Code) {
			text += "  " + lang.L("(the screen showed “{{.Prompt}}”)", map[string]any{"Prompt": c.Prompt})
		}
		label := widget.NewLabel(text)
		label.Wrapping = fyne.TextWrapWord
		if !inBook(s.book, c) {
			label.SetText(text + "  " + lang.L("(not in the code book)"))
			label.Importance = widget.WarningImportance
		}
		key := codeKey(c.Code)
		remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { s.removeCode(key) })
		remove.Importance = widget.LowImportance
		s.seenRows = append(s.seenRows, codeRow{Text: label, Remove: remove})
		s.SeenCodes.Add(container.NewBorder(nil, nil, nil, remove, label))
	}
	s.showFound()
}

// showFound lists the codes the checklist found in the visit's runs, with the book's title or
// else what the checklist said. They are the checklist's: they cannot be removed. UI goroutine.
func (s *IncidentScreen) showFound() {
	s.FoundCodes.RemoveAll()
	found := foundCodes(s.inc)
	for _, f := range found {
		title := codeTitle(s.book, s.ui(), reports.CodeSeen{Code: f.Code})
		if title == "" {
			title = findingText(f)
		}
		text := codeText(f.Code, title)
		label := widget.NewLabel(text)
		label.Wrapping = fyne.TextWrapWord
		s.FoundCodes.Add(label)
	}
	if len(found) == 0 {
		none := lang.L("None yet: run the checklist.")
		if len(s.inc.Runs) > 0 {
			none = lang.L("The checklist found no codes.")
		}
		label := widget.NewLabel(none)
		label.Importance = widget.LowImportance
		s.FoundCodes.Add(label)
	}
}

// foundCodes is the first finding of each code the visit's runs found, in the order found (the
// codes reports.Incident.FindingCodes lists).
func foundCodes(inc *reports.Incident) []diagnostics.Finding {
	var out []diagnostics.Finding
	for _, r := range inc.Runs {
		for _, st := range r.Steps {
			for _, f := range st.Findings {
				if f.Code != "" && !slices.ContainsFunc(out, func(o diagnostics.Finding) bool { return o.Code == f.Code }) {
					out = append(out, f)
				}
			}
		}
	}
	return out
}

// addCode adds a code seen to the visit, unless it is already there ("ａ０" is A0), and saves.
// UI goroutine.
func (s *IncidentScreen) addCode(c reports.CodeSeen) {
	for _, old := range s.inc.Codes {
		if codeKey(old.Code) == codeKey(c.Code) {
			s.Status.SetText(lang.L("{{.Code}} is already listed", map[string]any{"Code": old.Code}))
			return
		}
	}
	s.inc.Codes = append(s.inc.Codes, c)
	s.showCodes()
	s.queueSave()
}

// removeCode takes the code seen whose key is key out of the visit and saves. UI goroutine.
func (s *IncidentScreen) removeCode(key string) {
	n := len(s.inc.Codes)
	s.inc.Codes = slices.DeleteFunc(s.inc.Codes, func(c reports.CodeSeen) bool { return codeKey(c.Code) == key })
	if len(s.inc.Codes) == n {
		return
	}
	s.showCodes()
	s.queueSave()
}
