package app

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/pan"
)

// A finished step on the Checklist screen: its row's icon and summary, and its findings and
// evidence in the details, in the UI language.

// Status icons, coloured by the theme. Built on first use: the theme needs a running app, which
// the package's tests start only when they need one.
var (
	passIcon = sync.OnceValue(func() fyne.Resource { return theme.NewSuccessThemedResource(theme.ConfirmIcon()) })
	warnIcon = sync.OnceValue(func() fyne.Resource { return theme.NewWarningThemedResource(theme.WarningIcon()) })
	failIcon = sync.OnceValue(func() fyne.Resource { return theme.NewErrorThemedResource(theme.ErrorIcon()) })
)

func statusIcon(st diagnostics.Status) fyne.Resource {
	switch st {
	case diagnostics.StatusPass:
		return passIcon()
	case diagnostics.StatusWarn:
		return warnIcon()
	case diagnostics.StatusFail:
		return failIcon()
	case diagnostics.StatusSkipped:
		return theme.MediaSkipNextIcon()
	}
	return theme.QuestionIcon()
}

// showStep shows a finished step in its row and in the details. UI goroutine.
func (s *ChecklistScreen) showStep(res diagnostics.StepResult) {
	r := s.Rows[res.ID]
	r.Icon.SetResource(statusIcon(res.Status))
	r.Summary.SetText(res.Status.Label().In(uiLang()) + " — " + summaryText(res) + stepTime(res))
	r.Bar.SetValue(1)
	r.Bar.Hide()
	s.grid.Refresh()
	if res.ID == diagnostics.StepKeypad {
		s.hideKeypad()
	}
	title := fmt.Sprintf("%s — %s%s", res.ID.Title().In(uiLang()), res.Status.Label().In(uiLang()), stepTime(res))
	item := widget.NewAccordionItem(title, s.stepDetail(res))
	s.removeDetail(res.ID)
	s.Details.Append(item)
	if len(res.Findings) > 0 && res.Status != diagnostics.StatusPass {
		s.Details.Open(len(s.Details.Items) - 1)
	}
	s.details.Refresh()
}

// removeDetail drops step id's entry from the details. UI goroutine.
func (s *ChecklistScreen) removeDetail(id diagnostics.StepID) {
	for _, it := range s.Details.Items {
		if strings.HasPrefix(it.Title, id.Title().In(uiLang())+" — ") {
			s.Details.Remove(it)
			return
		}
	}
}

// stepTime says when a step ran, so a result not re-run shows its age: " · 14:03:12".
func stepTime(res diagnostics.StepResult) string {
	if res.Started.IsZero() {
		return ""
	}
	return " · " + res.Started.Local().Format("15:04:05")
}

// stepDetail lists a step's findings (code, meaning, who acts, actions) and evidence.
func (s *ChecklistScreen) stepDetail(res diagnostics.StepResult) fyne.CanvasObject {
	sum := widget.NewLabel(summaryText(res))
	sum.Wrapping = fyne.TextWrapWord // a long summary (sign-on's check values) must not widen the window
	box := container.NewVBox(sum)
	for _, f := range res.Findings {
		head, actions := f.Code, f.Actions
		if s.explain != nil {
			t, acts := s.explain(f.Code)
			if t != "" {
				head += " " + t
			}
			if len(acts) > 0 {
				actions = acts
			}
		}
		hl := widget.NewLabelWithStyle(head, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		hl.Wrapping = fyne.TextWrapWord
		box.Add(hl)
		msg := widget.NewLabel(findingText(f))
		msg.Wrapping = fyne.TextWrapWord
		box.Add(msg)
		box.Add(widget.NewLabel(lang.L("Who acts: {{.Who}}", map[string]any{"Who": f.Who.Label().In(uiLang())})))
		if s.OpenForms != nil && (f.Code == diagnostics.CodeUnconfirmedRev || f.Code == diagnostics.CodeDuplicateCharge) {
			code := f.Code
			box.Add(container.NewHBox(widget.NewButtonWithIcon(lang.L("Forms…"), theme.DocumentCreateIcon(), func() { s.OpenForms(code) })))
		}
		for _, a := range actions {
			l := widget.NewLabel("» " + a)
			l.Wrapping = fyne.TextWrapWord
			box.Add(l)
		}
	}
	if len(res.Evidence) > 0 {
		keys := make([]string, 0, len(res.Evidence))
		for k := range res.Evidence {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		ui := uiLang()
		values := translatedArgs(res.Evidence) // texts like "all keys seen" in the UI's words
		var b strings.Builder
		for _, k := range keys {
			fmt.Fprintf(&b, "%s: %s\n", diagnostics.StepEvidenceLabel(res.ID, k, ui), diagnostics.EvidenceText(k, values[k], ui))
		}
		ev := widget.NewLabelWithStyle(strings.TrimSpace(b.String()), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
		ev.Wrapping = fyne.TextWrapWord
		box.Add(s.evidenceToggle(ev))
		box.Add(ev)
	}
	return box
}

// evidenceToggle is the button that shows or hides a step's evidence (hidden at first). Not a
// nested accordion: widget.Accordion caches its minimum size, and the details' accordion never
// heard that an accordion inside it had opened, so the evidence opened into a height of zero
// at the end of the list, where no scrolling or resizing reached it. Toggling refreshes the
// details, which measures them again.
func (s *ChecklistScreen) evidenceToggle(ev *widget.Label) *widget.Button {
	ev.Hide()
	var b *widget.Button
	b = widget.NewButtonWithIcon(lang.L("Evidence"), theme.MenuDropDownIcon(), func() {
		if ev.Visible() {
			ev.Hide()
			b.SetIcon(theme.MenuDropDownIcon())
		} else {
			ev.Show()
			b.SetIcon(theme.MenuDropUpIcon())
		}
		s.Details.Refresh()
		s.details.Refresh()
	})
	b.Alignment = widget.ButtonAlignLeading
	b.Importance = widget.LowImportance
	return b
}

// summaryText is a step's summary in the app's language: its template translated and
// rendered with its args, card numbers masked as in the English Summary (the MID argument kept
// whole).
func summaryText(res diagnostics.StepResult) string {
	if res.SummaryKey == "" {
		return res.Summary
	}
	return pan.MaskTextKeepingMID(lang.L(res.SummaryKey, translatedArgs(res.SummaryArgs)), diagnostics.MIDArg(res.SummaryArgs))
}

// findingText is a finding's message in the app's language, as summaryText.
func findingText(f diagnostics.Finding) string {
	if f.MessageKey == "" {
		return f.Message
	}
	return pan.MaskTextKeepingMID(lang.L(f.MessageKey, translatedArgs(f.MessageArgs)), diagnostics.MIDArg(f.MessageArgs))
}

// translatedArgs is args in the UI's language: durations in its words, values that are
// themselves templates (why the keypad test ended) translated (codebook.LocalArgs).
func translatedArgs(args map[string]any) map[string]any {
	return codebook.LocalArgs(uiLang(), args)
}

// verdictReasonsShown is how many of the verdict's reasons the line under the buttons names;
// the details below list them all.
const verdictReasonsShown = 3

// verdictLine is the verdict with what decided it, in the UI's language: a code with the code
// book's title (P1 打印机缺纸), or its message when the book has none; a step that could not
// run with its summary. A verdict of problems whose failing row is below the fold of the
// steps (the printer, the journal) said only "可在现场处理" before.
func (s *ChecklistScreen) verdictLine(rep *diagnostics.Report) string {
	l := uiLang()
	sep, colon := "; ", ": "
	if l.Chinese() {
		sep, colon = "；", "："
	}
	said := map[string]string{}
	for _, st := range rep.Steps {
		said[string(st.ID)+": "+st.Summary] = st.ID.Title().In(l) + colon + summaryText(st)
		for _, f := range st.Findings {
			text := f.Code + colon + findingText(f)
			if s.explain != nil {
				if title, _ := s.explain(f.Code); title != "" {
					text = f.Code + " " + title
				}
			}
			said[f.Code+": "+f.Message] = text
		}
	}
	// a risk to a cardholder's money (REVERSAL-PENDING) is named first, whatever else was found
	all := slices.Clone(rep.Verdict.Reasons)
	slices.SortStableFunc(all, func(a, b string) int {
		return cmpBool(moneyAtRisk(b), moneyAtRisk(a))
	})
	var reasons []string
	for _, r := range all {
		if len(reasons) == verdictReasonsShown {
			reasons = append(reasons, lang.L("and {{.Count}} more", map[string]any{"Count": len(all) - verdictReasonsShown}))
			break
		}
		if t, ok := said[r]; ok {
			r = t
		}
		reasons = append(reasons, pan.MaskText(r))
	}
	verdict := rep.Verdict.Kind.Sentence().In(l)
	if len(reasons) == 0 {
		return lang.L("Verdict: {{.Verdict}}", map[string]any{"Verdict": verdict})
	}
	return lang.L("Verdict: {{.Verdict}} — {{.Reasons}}", map[string]any{"Verdict": verdict, "Reasons": strings.Join(reasons, sep)})
}

// moneyAtRisk reports whether a verdict reason ("CODE: message") is a finding that puts a
// cardholder's money at risk (an unconfirmed reversal, a duplicate charge).
func moneyAtRisk(reason string) bool {
	code, _, _ := strings.Cut(reason, ": ")
	return diagnostics.AreaOf(code) == diagnostics.AreaTransactionDispute
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
