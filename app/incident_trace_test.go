package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"posdoctor/locale"
	"posdoctor/serialio"
)

// A capture added to the visit from the Line view survives the next checklist run of the same
// terminal: the run's trace is merged in, not put in its place.
func TestVisitTraceKeepsACapture(t *testing.T) {
	newTestApp(t)
	check, q := newChecklistScreen(t, nil)
	test.Tap(check.RunBtn)
	q.waitFor(t, "the run", func() bool { return !check.Running() && check.Report() != nil && !check.RunBtn.Disabled() })
	live := []serialio.TraceEntry{{Time: time.Now(), Dir: serialio.Out, Kind: serialio.TraceControl, Raw: []byte{serialio.ENQ}, Text: "ENQ"}}
	inc := NewIncidentScreen(nil, nil, nil, func() locale.Lang { return locale.EN }, func() []serialio.TraceEntry { return live })
	inc.do = q.do
	test.NewTempWindow(t, inc.Root())
	inc.AddReport(check.Report())
	capture := []serialio.TraceEntry{{Time: time.Now().Add(-time.Hour), Dir: serialio.In, Kind: serialio.TraceControl, Raw: []byte{serialio.ACK}, Text: "captured ACK"}}
	if n := inc.AddTrace(capture); n != 1 {
		t.Fatalf("AddTrace added %d lines", n)
	}
	live = append(live, serialio.TraceEntry{Time: time.Now().Add(time.Second), Dir: serialio.Out, Kind: serialio.TraceControl, Raw: []byte{serialio.EOT}, Text: "EOT"})
	inc.AddReport(check.Report())
	found := false
	for _, l := range inc.Incident().Trace {
		found = found || l.Text == "captured ACK"
	}
	if !found || len(inc.Incident().Trace) != 3 {
		t.Errorf("after the next run the visit's trace is %+v", inc.Incident().Trace)
	}
}
