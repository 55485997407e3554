package diagnostics_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"posdoctor/diagnostics"
	"posdoctor/internal/simtest"
	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

// cancellingOperator is the technician who presses Cancel as soon as the keypad map shows.
type cancellingOperator struct {
	diagnostics.AutoOperator
	cancel context.CancelFunc
}

func (o cancellingOperator) KeypadStarted([]string) { o.cancel() }
func (cancellingOperator) Unattended() bool         { return false }

// statusNow asks ST once, without the checklist's asking again while the terminal is busy.
func statusNow(t *testing.T, c *serialio.Client) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	resp, err := c.Exchange(ctx, serialio.Message{Cmd: serialio.CmdStatus})
	if err != nil {
		t.Fatalf("ST: %v", err)
	}
	return resp.RC()
}

// linkFindings returns the codes of the link step's findings, and fails t unless it passed.
func linkClean(t *testing.T, rep *diagnostics.Report) {
	t.Helper()
	s, ok := rep.Step(diagnostics.StepLink)
	if !ok {
		t.Fatal("no link step")
	}
	var codes []string
	for _, f := range s.Findings {
		codes = append(codes, f.Code+": "+f.Message)
	}
	if s.Status != diagnostics.StatusPass || len(codes) > 0 {
		t.Errorf("link after a cancelled run: %s %q, findings %q, evidence %v", s.Status, s.Summary, codes, s.Evidence)
	}
}

// A trial: faults mac-error and duplicate-sale, run all, Cancel when the keypad map shows, run
// all again. The cancel left the terminal in its keypad test (no KX), so it answered E3 to
// everything until its own TIMEOUT ran out; the next check sat at its third echo round and
// called the line poor (LINK-POOR: "cable loose"), a false finding saved with the visit.
func TestCancelDuringKeypadEndsTheTest(t *testing.T) {
	c, _ := simtest.Start(t, termsim.Config{Speed: 5, Faults: simtest.Faults(t, "mac-error", "duplicate-sale")})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cl := newChecklist(c)
	cl.Op = cancellingOperator{cancel: cancel}
	cl.Steps = []diagnostics.StepID{diagnostics.StepLink, diagnostics.StepTerminal, diagnostics.StepKeys, diagnostics.StepKeypad, diagnostics.StepPrinter}
	rep := cl.Run(ctx)
	if s, _ := rep.Step(diagnostics.StepKeypad); s.Status != diagnostics.StatusError || s.SummaryKey != "cancelled" {
		t.Fatalf("keypad: %s %q, want error cancelled", s.Status, s.Summary)
	}
	if rc := statusNow(t, c); rc != "00" {
		t.Errorf("ST right after the cancelled keypad test answered RC %s: the terminal is still in its keypad test", rc)
	}
	again := newChecklist(c)
	again.Steps = []diagnostics.StepID{diagnostics.StepLink, diagnostics.StepTerminal}
	start := time.Now()
	rep = again.Run(context.Background())
	linkClean(t, rep)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the run after the cancel took %v", d)
	}
}

// A trial: fault host-timeout, Cancel during the host step, run again: the next run's link step
// warned LINK-POOR. The terminal went on with its comm test (PROTOCOL.md has no way to stop one):
// it answered E3 to the echoes meanwhile, which took them over their time, and its late answer to
// the cancelled CT was counted as an answer repeated on the line. A test print and a sign-on
// cannot be stopped either: a cancel waits for them, saying so, and leaves the terminal idle.
func TestCancelWaitsForWhatCannotBeStopped(t *testing.T) {
	for _, tc := range []struct {
		step   diagnostics.StepID
		speed  float64
		faults []string
		after  string // the progress after which Cancel is pressed ("" the step's start)
	}{
		{diagnostics.StepHost, 10, []string{"host-timeout"}, ""},
		{diagnostics.StepPrinter, 1, nil, ""},
		{diagnostics.StepSignOn, 10, []string{"host-timeout"}, "waiting for the acquirer host"},
	} {
		t.Run(string(tc.step), func(t *testing.T) {
			c, _ := simtest.Start(t, termsim.Config{Speed: tc.speed, Faults: simtest.Faults(t, tc.faults...)})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			cl := newChecklist(c)
			cl.Steps = []diagnostics.StepID{tc.step, diagnostics.StepKeys}
			var texts []string
			cl.OnProgress = func(p diagnostics.Progress) {
				if p.Step != tc.step {
					return
				}
				if tc.after == "" && p.Phase == diagnostics.PhaseStarted || tc.after != "" && p.TextKey == tc.after {
					time.AfterFunc(300*time.Millisecond, cancel)
				}
				if p.Phase == diagnostics.PhaseWorking {
					texts = append(texts, p.Text)
				}
			}
			rep := cl.Run(ctx)
			if s, _ := rep.Step(tc.step); s.Status != diagnostics.StatusError || s.SummaryKey != "cancelled" {
				t.Fatalf("%s: %s %q, want error cancelled", tc.step, s.Status, s.Summary)
			}
			if rc := statusNow(t, c); rc != "00" {
				t.Errorf("ST right after the cancelled run answered RC %s: the terminal still works on the cancelled %s", rc, tc.step)
			}
			if !slices.ContainsFunc(texts, func(k string) bool { return strings.HasPrefix(k, "cancelling: the terminal cannot be stopped") }) {
				t.Errorf("the cancel waited without saying why: progress %q", texts)
			}
			before := c.Stats()
			again := newChecklist(c)
			again.Steps = []diagnostics.StepID{diagnostics.StepLink}
			linkClean(t, again.Run(context.Background()))
			if after := c.Stats(); after.LateResponses != before.LateResponses {
				t.Errorf("answers counted late on the line: %d", after.LateResponses-before.LateResponses)
			}
		})
	}
}

// A terminal that answers E3 (busy) is not a poor line: busy for a while (a keypad test started
// elsewhere, ending on its own TIMEOUT), the link step waits it out and passes, the busy time not
// counted as the echo's; busy for longer than the checklist asks, the step says the terminal is
// busy (E3), not LINK-POOR or LINK-ECHO, and the rest are not run.
func TestLinkStepBusyTerminal(t *testing.T) {
	t.Run("a while", func(t *testing.T) {
		c, _ := simtest.Start(t, termsim.Config{Speed: 5})
		startKeypad(t, c, 10) // 2 s at Speed 5
		cl := newChecklist(c)
		cl.Steps = []diagnostics.StepID{diagnostics.StepLink}
		rep := cl.Run(context.Background())
		linkClean(t, rep)
		if s, _ := rep.Step(diagnostics.StepLink); s.Evidence["busy_answers"] == nil {
			t.Errorf("the busy answers are not in the evidence: %v", s.Evidence)
		}
	})
	t.Run("all along", func(t *testing.T) {
		c, _ := simtest.Start(t, termsim.Config{Speed: 1})
		startKeypad(t, c, 60)
		cl := newChecklist(c)
		cl.BusyWait = time.Second
		cl.Steps = []diagnostics.StepID{diagnostics.StepLink, diagnostics.StepTerminal}
		rep := cl.Run(context.Background())
		s, _ := rep.Step(diagnostics.StepLink)
		var codes []string
		for _, f := range s.Findings {
			codes = append(codes, f.Code)
		}
		if s.Status != diagnostics.StatusError || !slices.Equal(codes, []string{"E3"}) || !strings.Contains(s.Summary, "busy") {
			t.Errorf("link while the terminal stays busy: %s %q %q", s.Status, s.Summary, codes)
		}
		if s, _ := rep.Step(diagnostics.StepTerminal); s.Status != diagnostics.StatusSkipped || !strings.Contains(s.Summary, "busy") {
			t.Errorf("terminal step: %s %q", s.Status, s.Summary)
		}
		if rep.Verdict.Kind != diagnostics.VerdictIncomplete {
			t.Errorf("verdict %v", rep.Verdict.Kind)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, _ = c.Exchange(ctx, serialio.Message{Cmd: serialio.CmdKeypadEnd})
	})
}

// startKeypad starts a keypad test of secs seconds on the terminal, as another screen would.
func startKeypad(t *testing.T, c *serialio.Client, secs int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	resp, err := c.Exchange(ctx, serialio.Message{Cmd: serialio.CmdKeypadTest, Fields: []serialio.Field{{Name: "TIMEOUT", Value: strconv.Itoa(secs)}}})
	if err != nil || resp.RC() != "00" {
		t.Fatalf("KT: %v %v", resp, err)
	}
}
