package drill

import (
	"testing"

	"posdoctor/diagnostics"
)

// scoringScenario is a drill whose answer exercises every rule.
func scoringScenario() *Scenario {
	return &Scenario{
		ID: "t", ParSeconds: 100, PassScore: 80,
		Answer: Answer{
			Diagnosis: []string{"P1", "P2"},
			Required:  []ActionID{"check-journal", "replace-paper", "reprint-last"},
			Harmful:   []Harm{{Action: "power-cycle", Penalty: 10}},
			Critical:  []Critical{{Action: "redo-sale"}, {Action: "swap-terminal", Before: "settle-batch"}},
		},
	}
}

func diag(at float64, code string, right bool) Event {
	return Event{At: at, Do: "diagnose", Value: code, Right: right}
}
func act(at float64, id string, cleared ...string) Event {
	return Event{At: at, Do: "action", Value: id, Cleared: cleared}
}
func check(at float64, step diagnostics.StepID, st diagnostics.Status) Event {
	return Event{At: at, Do: "check", Results: []StepResult{{Step: step, Status: st}}}
}
func hint(cost int) Event { return Event{Do: "hint", Points: -cost} }

var golden = []Event{diag(1, "P1", true), act(2, "check-journal"), act(3, "replace-paper", "paper-out"), act(4, "reprint-last"), check(5, diagnostics.StepPrinter, diagnostics.StatusPass)}

func with(extra ...Event) []Event { return append(append([]Event(nil), golden...), extra...) }

func TestScoringRules(t *testing.T) {
	sc := scoringScenario()
	cases := []struct {
		name    string
		log     []Event
		seconds float64
		want    Breakdown
		total   int
		passed  bool
	}{
		{"golden path", golden, 100, bd(40, 40, 20, 0, 0), 100, true},
		{"diagnosis on the second try", append([]Event{diag(0, "H1", false)}, golden...), 100, bd(25, 40, 20, 0, 0), 85, true},
		{"diagnosis on the third try", append([]Event{diag(0, "H1", false), diag(0, "A0", false)}, golden...), 100, bd(10, 40, 20, 0, 0), 70, false},
		{"diagnosis on the fourth try", append([]Event{diag(0, "H1", false), diag(0, "A0", false), diag(0, "03", false)}, golden...), 100, bd(0, 40, 20, 0, 0), 60, false},
		{"any accepted code", []Event{diag(1, "P2", true), act(2, "check-journal"), act(3, "replace-paper", "paper-out"), act(4, "reprint-last"), check(5, diagnostics.StepPrinter, diagnostics.StatusPass)}, 100, bd(40, 40, 20, 0, 0), 100, true},
		{"never diagnosed", golden[1:], 100, bd(0, 40, 20, 0, 0), 60, false},
		{"one required missing", []Event{diag(1, "P1", true), act(3, "replace-paper", "paper-out"), act(4, "reprint-last"), check(5, diagnostics.StepPrinter, diagnostics.StatusPass)}, 100, bd(40, 30, 0, 0, 0), 70, false},
		{"out of order", []Event{diag(1, "P1", true), act(2, "reprint-last"), act(3, "check-journal"), act(4, "replace-paper", "paper-out"), check(5, diagnostics.StepPrinter, diagnostics.StatusPass)}, 100, bd(40, 30, 0, 0, 0), 70, false},
		{"all missing, floor 0", []Event{diag(1, "P1", true)}, 100, bd(40, 10, 0, 0, 0), 50, false},
		{"nothing done earns nothing for speed", nil, 10, bd(0, 10, 0, 0, 0), 10, false},
		{"fix never confirmed", golden[:4], 100, bd(40, 35, 20, 0, 0), 95, true},
		{"confirmed only by a passing check", with()[:4:4], 100, bd(40, 35, 20, 0, 0), 95, true},
		{"a failing check does not confirm", append(golden[:4:4], check(5, diagnostics.StepPrinter, diagnostics.StatusFail)), 100, bd(40, 35, 20, 0, 0), 95, true},
		{"a check of other steps does not confirm", append(golden[:4:4], check(5, diagnostics.StepHost, diagnostics.StatusPass)), 100, bd(40, 35, 20, 0, 0), 95, true},
		{"efficiency at par", golden, 100, bd(40, 40, 20, 0, 0), 100, true},
		{"efficiency at 2 × par", golden, 200, bd(40, 40, 10, 0, 0), 90, true},
		{"efficiency at 3 × par", golden, 300, bd(40, 40, 0, 0, 0), 80, true},
		{"efficiency past 3 × par", golden, 900, bd(40, 40, 0, 0, 0), 80, true},
		{"efficiency just over par", golden, 101, bd(40, 40, 20, 0, 0), 100, true},
		{"harmful twice", with(act(6, "power-cycle"), act(7, "power-cycle")), 100, bd(40, 40, 20, -20, 0), 80, true},
		{"hints", with(hint(5), hint(10)), 100, bd(40, 40, 20, 0, -15), 85, true},
		{"hints capped at 35", with(hint(20), hint(20), hint(20)), 100, bd(40, 40, 20, 0, -35), 65, false},
		{"score never below 0", []Event{act(1, "power-cycle"), act(1, "power-cycle"), act(1, "power-cycle"), act(1, "power-cycle"), hint(35)}, 10, bd(0, 10, 0, -40, -35), 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := ScoreLog(sc, c.log, c.seconds)
			if s.Breakdown != c.want || s.Total != c.total || s.Passed != c.passed {
				t.Errorf("breakdown %+v total %d passed %v; want %+v %d %v", s.Breakdown, s.Total, s.Passed, c.want, c.total, c.passed)
			}
		})
	}
}

func TestCriticalFailsWhateverThePoints(t *testing.T) {
	sc := scoringScenario()
	e := act(6, "redo-sale")
	e.Critical = true
	s := ScoreLog(sc, with(e), 100)
	if s.Total != 100 || s.Passed || len(s.Critical) != 1 || s.Critical[0] != "redo-sale" {
		t.Errorf("critical action: %+v", s)
	}
	// swap-terminal is critical only before settle-batch
	if _, crit := isCritical(sc, "swap-terminal", []ActionID{"check-journal"}); !crit {
		t.Error("swap before settlement is not critical")
	}
	if _, crit := isCritical(sc, "swap-terminal", []ActionID{"settle-batch"}); crit {
		t.Error("swap after settlement is critical")
	}
}

func TestEfficiencyBoundaries(t *testing.T) {
	for _, c := range []struct {
		s    float64
		par  int
		want int
	}{{0, 180, 20}, {180, 180, 20}, {181, 180, 20}, {360, 180, 10}, {539, 180, 0}, {540, 180, 0}, {1e9, 180, 0}, {10, 0, 0}} {
		if got := EfficiencyPoints(c.s, c.par); got != c.want {
			t.Errorf("EfficiencyPoints(%g, %d) = %d, want %d", c.s, c.par, got, c.want)
		}
	}
}

func bd(diagnosis, actions, efficiency, harmful, hints int) Breakdown {
	return Breakdown{Diagnosis: diagnosis, Actions: actions, Efficiency: efficiency, Harmful: harmful, Hints: hints}
}

// A warning of what the fix was for does not confirm it; a warning of something else does
// not stand in its way.
func TestConfirmationAndWarnings(t *testing.T) {
	sc := &Scenario{ParSeconds: 100, PassScore: 80, Answer: Answer{Diagnosis: []string{"WEAK-SIGNAL"}, Required: []ActionID{"move-for-signal"}}}
	warnWith := func(at float64, codes ...string) Event {
		return Event{At: at, Do: "check", Results: []StepResult{{Step: diagnostics.StepHost, Status: diagnostics.StatusWarn, Codes: codes}}}
	}
	fix := act(2, "move-for-signal", "weak-signal")
	for _, c := range []struct {
		name string
		log  []Event
		want int
	}{
		{"still warning of the same", []Event{warnWith(1, "WEAK-SIGNAL"), fix, warnWith(3, "WEAK-SIGNAL")}, 35},
		{"a pass confirms", []Event{warnWith(1, "WEAK-SIGNAL"), fix, check(3, diagnostics.StepHost, diagnostics.StatusPass)}, 40},
		{"a warning of something else confirms", []Event{warnWith(1, "WEAK-SIGNAL"), fix, warnWith(3, "SLOW-HOST")}, 40},
		{"no check before: any warning does not", []Event{fix, warnWith(3, "SLOW-HOST")}, 35},
	} {
		if got := ScoreLog(sc, c.log, 10).Breakdown.Actions; got != c.want {
			t.Errorf("%s: actions %d, want %d", c.name, got, c.want)
		}
	}
}
