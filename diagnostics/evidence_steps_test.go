package diagnostics_test

import (
	"context"
	"strings"
	"testing"

	"posdoctor/diagnostics"
	"posdoctor/locale"
)

// TestEventsEvidenceSaysWhichEvents: the keypad step and the journal step both record an
// evidence "events": key presses in the one, event-log entries in the other. A trial read the
// journal's count as 按键事件 (key events).
func TestEventsEvidenceSaysWhichEvents(t *testing.T) {
	c, _ := simTerminal(t)
	cl := newChecklist(c)
	cl.Steps = []diagnostics.StepID{diagnostics.StepKeypad, diagnostics.StepJournal}
	rep := cl.Run(context.Background())
	want := map[diagnostics.StepID]map[locale.Lang]string{
		diagnostics.StepKeypad:  {locale.ZH: "按键事件", locale.ZHTW: "按鍵事件", locale.EN: "Key events"},
		diagnostics.StepJournal: {locale.ZH: "事件日志条目", locale.ZHTW: "事件日誌條目", locale.EN: "Event-log entries"},
	}
	for id, labels := range want {
		s, ok := rep.Step(id)
		if !ok || s.Evidence["events"] == nil {
			t.Fatalf("step %s has no evidence events: %+v", id, s)
		}
		for l, label := range labels {
			if got := diagnostics.StepEvidenceLabel(id, "events", l); got != label {
				t.Errorf("%s events in %v: %q, want %q", id, l, got, label)
			}
		}
	}
	for _, l := range []locale.Lang{locale.ZH, locale.ZHTW, locale.EN} {
		if got := diagnostics.StepEvidenceLabel(diagnostics.StepJournal, "events", l); strings.Contains(got, "按") || strings.Contains(strings.ToLower(got), "key") {
			t.Errorf("the journal's event-log entries are labelled as key events in %v: %q", l, got)
		}
		// a key no step names for itself takes the common label
		if a, b := diagnostics.StepEvidenceLabel(diagnostics.StepJournal, "journal_pages", l), diagnostics.EvidenceLabel("journal_pages", l); a != b {
			t.Errorf("journal_pages in %v: %q, want %q", l, a, b)
		}
	}
}
