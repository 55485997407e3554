package diagnostics_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"posdoctor/diagnostics"
	"posdoctor/internal/simtest"
	"posdoctor/locale"
	"posdoctor/pan"
	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

// simTerminal starts the simulated terminal in memory with faults and returns a client to it.
func simTerminal(t testing.TB, faults ...string) (*serialio.Client, *termsim.Terminal) {
	t.Helper()
	return simTerminalSpeed(t, 200, faults...)
}

func simTerminalSpeed(t testing.TB, speed float64, faults ...string) (*serialio.Client, *termsim.Terminal) {
	t.Helper()
	return simtest.Start(t, termsim.Config{Speed: speed, AutoKeys: true, Faults: simtest.Faults(t, faults...)})
}

func newChecklist(c *serialio.Client) *diagnostics.Checklist {
	return &diagnostics.Checklist{
		Term: c, Op: diagnostics.AutoOperator{},
		KeypadIdle: 400 * time.Millisecond, KeypadFirstKey: 3 * time.Second,
	}
}

// checkTemplated: every summary and message comes from a registered template, and is that
// template rendered with its args, card numbers masked but the MID argument (so the GUI's
// translation says the same).
func checkTemplated(t *testing.T, rep *diagnostics.Report) {
	t.Helper()
	known := map[string]bool{}
	for _, k := range diagnostics.MessageTemplates() {
		known[k] = true
	}
	check := func(what, key string, args map[string]any, text string) {
		if !known[key] {
			t.Errorf("%s: template %q is not registered", what, key)
			return
		}
		if got, err := diagnostics.RenderMessage(key, args); err != nil || pan.MaskTextKeepingMID(got, diagnostics.MIDArg(args)) != text {
			t.Errorf("%s: %q with %v renders %q, %v; text is %q", what, key, args, got, err, text)
		}
	}
	for _, s := range rep.Steps {
		check(string(s.ID)+" summary", s.SummaryKey, s.SummaryArgs, s.Summary)
		for _, f := range s.Findings {
			check(string(s.ID)+" "+f.Code, f.MessageKey, f.MessageArgs, f.Message)
		}
	}
}

func hasFinding(s diagnostics.StepResult, code string, mentions string) bool {
	for _, f := range s.Findings {
		if f.Code == code && strings.Contains(f.Message, mentions) && len(f.Actions) > 0 {
			return true
		}
	}
	return false
}

// TestAcceptanceTable runs every row of issue 3's table against the simulated terminal.
func TestAcceptanceTable(t *testing.T) {
	type want struct {
		step     diagnostics.StepID
		statuses []diagnostics.Status
		code     string // "" = no particular finding
		mentions string // the finding's message must mention this (a key name)
	}
	fail, warn, pass := diagnostics.StatusFail, diagnostics.StatusWarn, diagnostics.StatusPass
	rows := []struct {
		faults []string
		want   []want
	}{
		{nil, nil}, // all pass: checked below
		{[]string{"paper-out"}, []want{{"printer", st(fail), "P1", ""}}},
		{[]string{"cover-open"}, []want{{"printer", st(fail), "P2", ""}}},
		{[]string{"low-voltage"}, []want{{"printer", st(fail, warn), "P4", ""}}},
		{[]string{"no-dialtone", "comm=PSTN"}, []want{{"host", st(fail), "H1", ""}}},
		{[]string{"line-busy", "comm=PSTN"}, []want{{"host", st(fail), "H2", ""}}},
		{[]string{"host-timeout"}, []want{{"host", st(fail), "H3", ""}}},
		{[]string{"no-sim", "comm=GPRS"}, []want{{"host", st(fail), "H4", ""}}},
		{[]string{"weak-signal", "comm=4G"}, []want{{"host", st(warn), diagnostics.CodeWeakSignal, ""}}},
		{[]string{"tmk-missing"}, []want{{"keys", st(fail), "K1", ""}}},
		{[]string{"key-mismatch"}, []want{{"signon", st(fail), "K2", ""}}},
		{[]string{"mac-error"}, []want{{"signon", st(fail), "A0", ""}}},
		{[]string{"invalid-merchant"}, []want{{"signon", st(fail), "03", ""}}},
		{[]string{"terminal-unknown"}, []want{{"signon", st(fail), "97", ""}}},
		{[]string{"stuck-key=5"}, []want{{"terminal", st(fail), diagnostics.CodeStuckKey, "5"}, {"keypad", st(fail), diagnostics.CodeStuckKey, "5"}}},
		{[]string{"dead-key=7"}, []want{{"keypad", st(fail), diagnostics.CodeDeadKey, "7"}}},
		{[]string{"pending-reversal"}, []want{{"journal", st(warn, fail), diagnostics.CodeUnconfirmedRev, ""}}},
		{[]string{"duplicate-sale"}, []want{{"journal", st(warn, fail), diagnostics.CodeDuplicateCharge, ""}}},
		{[]string{"unsettled"}, []want{{"terminal", st(warn), diagnostics.CodeUnsettled, ""}}},
		{[]string{"link-noise=0.001"}, []want{{"link", st(pass, warn), "", ""}}},
	}
	for _, row := range rows {
		name := strings.Join(row.faults, ",")
		if name == "" {
			name = "none"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, term := simTerminal(t, row.faults...)
			rep := newChecklist(c).Run(context.Background())
			if len(rep.Steps) != len(diagnostics.StepIDs()) {
				t.Fatalf("%d steps ran", len(rep.Steps))
			}
			checkTemplated(t, rep)
			if row.faults == nil {
				for _, s := range rep.Steps {
					if s.Status != pass {
						t.Errorf("no fault: step %s is %s: %s %+v", s.ID, s.Status, s.Summary, s.Findings)
					}
				}
				if rep.Verdict.Kind != diagnostics.VerdictAllPass {
					t.Errorf("verdict %v", rep.Verdict)
				}
				return
			}
			for _, w := range row.want {
				s, ok := rep.Step(w.step)
				if !ok {
					t.Fatalf("step %s missing", w.step)
				}
				if !slices.Contains(w.statuses, s.Status) {
					t.Errorf("step %s is %s (%s), want %v; findings %+v", w.step, s.Status, s.Summary, w.statuses, s.Findings)
				}
				if w.code != "" && !hasFinding(s, w.code, w.mentions) {
					t.Errorf("step %s has no finding %s mentioning %q: %+v", w.step, w.code, w.mentions, s.Findings)
				}
			}
			if name == "link-noise=0.001" {
				for _, s := range rep.Steps {
					if s.Status == diagnostics.StatusError || s.Status == diagnostics.StatusSkipped {
						t.Errorf("with line noise step %s did not complete: %s", s.ID, s.Summary)
					}
				}
				// and completely: every journal and event-log page arrived
				j, _ := rep.Step(diagnostics.StepJournal)
				if j.Evidence["journal_error"] != nil || j.Evidence["event_log_error"] != nil || j.Evidence["transactions"] != term.JournalLen() {
					t.Errorf("journal read partly under noise: %v", j.Evidence)
				}
			}
		})
	}
}

func st(s ...diagnostics.Status) []diagnostics.Status { return s }

// TestUnplugMidCheck: the step running when the line goes is error with a link-lost message,
// the rest are skipped, what was gathered is kept, and nothing hangs.
func TestUnplugMidCheck(t *testing.T) {
	c, _ := simTerminal(t, "unplug-after=20")
	done := make(chan *diagnostics.Report, 1)
	go func() { done <- newChecklist(c).Run(context.Background()) }()
	var rep *diagnostics.Report
	select {
	case rep = <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("the checklist hung after the cable was pulled")
	}
	errored := -1
	for i, s := range rep.Steps {
		if s.Status == diagnostics.StatusError {
			errored = i
			if !strings.Contains(s.Summary, "link to the terminal was lost") || !hasFinding(s, diagnostics.CodeLinkLost, "") {
				t.Errorf("step %s: %q %+v", s.ID, s.Summary, s.Findings)
			}
			if e, _ := s.Evidence["error"].(string); !strings.Contains(e, "link lost") {
				t.Errorf("step %s: the error's details are not kept: %v", s.ID, s.Evidence)
			}
			break
		}
	}
	if errored < 0 {
		t.Fatalf("no step errored: %+v", rep.Steps)
	}
	for _, s := range rep.Steps[errored+1:] {
		if s.Status != diagnostics.StatusSkipped {
			t.Errorf("step %s after the loss is %s", s.ID, s.Status)
		}
	}
	if rep.Steps[0].Status != diagnostics.StatusPass && errored > 0 {
		t.Errorf("the link step's result was not kept: %+v", rep.Steps[0])
	}
	if rep.Verdict.Kind != diagnostics.VerdictIncomplete {
		t.Errorf("verdict %v", rep.Verdict.Kind)
	}
}

func TestCancelStopsPromptly(t *testing.T) {
	c, _ := simTerminal(t)
	ctx, cancel := context.WithCancel(context.Background())
	cl := newChecklist(c)
	cl.OnProgress = func(p diagnostics.Progress) {
		if p.Step == diagnostics.StepHost && p.Phase == diagnostics.PhaseStarted {
			cancel()
		}
	}
	start := time.Now()
	rep := cl.Run(ctx)
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("cancel took %v", d)
	}
	s, _ := rep.Step(diagnostics.StepHost)
	if s.Status != diagnostics.StatusError || s.Summary != "cancelled" {
		t.Fatalf("host step after cancel: %s %q", s.Status, s.Summary)
	}
	if j, _ := rep.Step(diagnostics.StepJournal); j.Status != diagnostics.StatusSkipped {
		t.Fatalf("journal after cancel: %s", j.Status)
	}
}

func TestSlipNotLegible(t *testing.T) {
	c, _ := simTerminal(t)
	cl := newChecklist(c)
	cl.Op = diagnostics.AutoOperator{Answers: map[diagnostics.Question]bool{diagnostics.AskSlipLegible: false}}
	cl.Steps = []diagnostics.StepID{diagnostics.StepPrinter}
	rep := cl.Run(context.Background())
	s, _ := rep.Step(diagnostics.StepPrinter)
	if s.Status != diagnostics.StatusFail || !hasFinding(s, diagnostics.CodePrintIllegible, "") {
		t.Fatalf("printer: %s %+v", s.Status, s.Findings)
	}
}

func TestSignOnDeclinedIsSkipped(t *testing.T) {
	c, _ := simTerminal(t)
	cl := newChecklist(c)
	cl.Op = diagnostics.AutoOperator{Answers: map[diagnostics.Question]bool{diagnostics.AskSignOn: false}}
	cl.Steps = []diagnostics.StepID{diagnostics.StepTerminal, diagnostics.StepSignOn}
	rep := cl.Run(context.Background())
	s, _ := rep.Step(diagnostics.StepSignOn)
	if s.Status != diagnostics.StatusSkipped {
		t.Fatalf("signon: %s", s.Status)
	}
}

// TestSignOnShowsOldAndNewCheckValues: a real sign-on changes the working keys' check values.
func TestSignOnShowsOldAndNewCheckValues(t *testing.T) {
	c, _ := simTerminal(t)
	cl := newChecklist(c)
	cl.Steps = []diagnostics.StepID{diagnostics.StepSignOn}
	rep := cl.Run(context.Background())
	s, _ := rep.Step(diagnostics.StepSignOn)
	if s.Status != diagnostics.StatusPass {
		t.Fatalf("signon: %s %s %+v", s.Status, s.Summary, s.Findings)
	}
	if s.Evidence["mak"] == s.Evidence["old_mak"] || s.Evidence["mak"] == "" || s.Evidence["keychk"] != "OK" {
		t.Fatalf("evidence %v", s.Evidence)
	}
}

// TestReportJSONShape keeps the names scripts rely on.
func TestReportJSONShape(t *testing.T) {
	c, _ := simTerminal(t, "paper-out")
	cl := newChecklist(c)
	cl.Steps = []diagnostics.StepID{diagnostics.StepTerminal, diagnostics.StepPrinter}
	rep := cl.Run(context.Background())
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	term, _ := m["terminal"].(map[string]any)
	if term["tid"] == nil || term["mname"] == nil {
		t.Errorf("terminal %v", term)
	}
	steps, _ := m["steps"].([]any)
	if len(steps) != 2 {
		t.Fatalf("steps %v", m["steps"])
	}
	p := steps[1].(map[string]any)
	for _, k := range []string{"id", "status", "summary", "findings", "evidence", "started", "duration_ms"} {
		if _, ok := p[k]; !ok {
			t.Errorf("step has no %q: %v", k, p)
		}
	}
	f := p["findings"].([]any)[0].(map[string]any)
	for _, k := range []string{"code", "severity", "who", "actions"} {
		if _, ok := f[k]; !ok {
			t.Errorf("finding has no %q: %v", k, f)
		}
	}
	if p["status"] != "fail" || f["code"] != "P1" {
		t.Errorf("printer step %v", p)
	}
	if v, _ := m["verdict"].(map[string]any); v["kind"] == nil {
		t.Errorf("verdict %v", m["verdict"])
	}
}

// TestProgressTextsAreTemplates: every progress text comes with its template and args (what a
// GUI translates by), the template registered, and Text its English rendering.
func TestProgressTextsAreTemplates(t *testing.T) {
	c, _ := simTerminal(t)
	cl := newChecklist(c)
	registered := map[string]bool{}
	for _, k := range diagnostics.MessageTemplates() {
		registered[k] = true
	}
	working := map[diagnostics.StepID]bool{}
	var bad []string
	cl.OnProgress = func(p diagnostics.Progress) {
		if p.Phase == diagnostics.PhaseDone {
			return
		}
		if p.Phase == diagnostics.PhaseWorking {
			working[p.Step] = true
		}
		text, err := diagnostics.RenderMessage(p.TextKey, p.TextArgs)
		if !registered[p.TextKey] || err != nil || text != p.Text {
			bad = append(bad, fmt.Sprintf("%s %q from %q %v: %q, %v", p.Step, p.Text, p.TextKey, p.TextArgs, text, err))
		}
	}
	cl.Run(context.Background())
	for _, b := range bad {
		t.Error(b)
	}
	for _, id := range []diagnostics.StepID{diagnostics.StepLink, diagnostics.StepKeypad, diagnostics.StepPrinter, diagnostics.StepJournal} {
		if !working[id] {
			t.Errorf("no progress while %s worked", id)
		}
	}
}

// TestEveryEvidenceKeyHasALabel: whatever a run records as evidence, on a healthy terminal and
// on faulty ones, a person can read its name in Chinese.
func TestEveryEvidenceKeyHasALabel(t *testing.T) {
	for _, faults := range [][]string{nil, {"paper-out", "stuck-key=5", "unsettled"}, {"no-dialtone", "key-mismatch", "pending-reversal"}} {
		c, _ := simTerminal(t, faults...)
		rep := newChecklist(c).Run(context.Background())
		for _, st := range rep.Steps {
			for k := range st.Evidence {
				if diagnostics.EvidenceLabel(k, locale.ZH) == k {
					t.Errorf("evidence %q of step %s (faults %v) has no label", k, st.ID, faults)
				}
			}
		}
	}
}
