package drill

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/serialio"
)

func book(t testing.TB) *codebook.Book {
	t.Helper()
	b, err := codebook.Default()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// builtin is the built-in library, or the test fails.
func builtin(t testing.TB) []*Scenario {
	t.Helper()
	list, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// builtinDrill is one built-in drill by id.
func builtinDrill(t testing.TB, id string) *Scenario {
	t.Helper()
	sc, ok := Find(builtin(t), id)
	if !ok {
		t.Fatalf("no built-in drill %s", id)
	}
	return sc
}

// play plays steps against sc and returns the finished attempt's result.
func play(t *testing.T, sc *Scenario, steps []Step) *Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := Play(ctx, sc, Options{Trainee: "test"}, steps, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// Every built-in drill is valid and its solution passes with 100.
func TestBuiltinSolutionsScoreFull(t *testing.T) {
	b := book(t)
	for _, sc := range builtin(t) {
		t.Run(sc.ID, func(t *testing.T) {
			t.Parallel()
			if errs := Validate(sc, b); len(errs) > 0 {
				t.Fatal(errs)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			if err := Prove(ctx, sc); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// A critical action played into a drill's golden path fails the attempt, whatever the
// points: each critical action of each built-in drill, done right after the first check
// (before anything is settled).
func TestBuiltinCriticalActionFails(t *testing.T) {
	for _, sc := range builtin(t) {
		for _, c := range sc.Answer.Critical {
			t.Run(sc.ID+"/"+string(c.Action), func(t *testing.T) {
				t.Parallel()
				if len(sc.Solution) == 0 || sc.Solution[0].Do == DoAction && ActionID(sc.Solution[0].Value) == c.Before {
					t.Fatalf("the solution must not start with %s: the critical action goes in after its first step", c.Before)
				}
				bad := Step{At: sc.Solution[0].At, Do: DoAction, Value: string(c.Action)}
				res := play(t, sc, slices.Insert(slices.Clone(sc.Solution), 1, bad))
				if res.Score.Passed {
					t.Errorf("passed with %s done (score %d)", c.Action, res.Score.Total)
				}
				if !slices.Contains(res.Score.Critical, c.Action) {
					t.Errorf("Score.Critical = %v, want %s in it", res.Score.Critical, c.Action)
				}
			})
		}
	}
}

// The library the issue asks for: at least 15 drills, three at level 3 that combine faults,
// every fault and code of DOMAIN.md's list, and the money rules as critical actions.
func TestLibraryCoverage(t *testing.T) {
	list := builtin(t)
	if len(list) < 15 {
		t.Errorf("%d built-in drills, want at least 15", len(list))
	}
	combined := 0
	faults := map[string]bool{}
	codes := map[string]bool{}
	for _, sc := range list {
		if sc.Level == 3 && len(sc.Faults) >= 2 {
			combined++
		}
		for _, f := range sc.Faults {
			name, _, _ := strings.Cut(f, "=")
			faults[name] = true
		}
		for _, c := range sc.Answer.Diagnosis {
			codes[c] = true
		}
	}
	if combined < 3 {
		t.Errorf("%d level-3 drills combine faults, want at least 3", combined)
	}
	for _, f := range []string{"paper-out", "pending-reversal", "duplicate-sale", "unsettled", "invalid-merchant",
		"terminal-unknown", "mac-error", "key-mismatch", "tmk-missing", "no-dialtone", "line-busy", "host-timeout",
		"no-sim", "weak-signal", "stuck-key", "low-voltage"} {
		if !faults[f] {
			t.Errorf("no drill injects %s", f)
		}
	}
	for _, c := range []string{"P1", "REVERSAL-PENDING", "DUPLICATE-CHARGE", "03", "97", "A0", "K2", "K1",
		"H1", "H2", "H3", "H4", "WEAK-SIGNAL", "STUCK-KEY", "P4", "BATTERY-LOW"} {
		if !codes[c] {
			t.Errorf("no drill takes %s as its diagnosis", c)
		}
	}

	// the money rules: a drill with fault f requires req and fails on crit
	rules := []struct {
		fault    string
		required ActionID
		critical Critical
	}{
		{"paper-out", "reprint-last", Critical{Action: "redo-sale"}},                                       // no slip: reprint, never redo
		{"pending-reversal", "tell-customer-wait-for-reversal", Critical{Action: "tell-customer-reswipe"}}, // never re-swipe
		{"duplicate-sale", "check-journal", Critical{Action: "redo-sale"}},
		{"unsettled", "settle-batch", Critical{Action: "swap-terminal", Before: "settle-batch"}}, // swap only after settlement
		{"invalid-merchant", "escalate-to-provider", Critical{}},                                 // no fix on site
	}
	for _, r := range rules {
		found := slices.ContainsFunc(list, func(sc *Scenario) bool {
			return slices.Contains(sc.Faults, r.fault) && slices.Contains(sc.Answer.Required, r.required) &&
				(r.critical.Action == "" || slices.ContainsFunc(sc.Answer.Critical, func(c Critical) bool {
					return c.Action == r.critical.Action && c.Before == r.critical.Before
				}))
		})
		if !found {
			t.Errorf("no drill with %s requires %s and fails on %+v", r.fault, r.required, r.critical)
		}
	}
	// A0: sign on again, as the scenario's own effect
	a0 := slices.ContainsFunc(list, func(sc *Scenario) bool {
		e, ok := sc.Effects["sign-on"]
		return slices.Contains(sc.Faults, "mac-error") && ok && slices.Contains(e.Clears, "mac-error") &&
			e.Runs == serialio.CmdSignOn && slices.Contains(sc.Answer.Required, "sign-on")
	})
	if !a0 {
		t.Error("no mac-error drill overrides sign-on to clear mac-error and run SO")
	}
}

// statusOf is how step id ended in rep.
func statusOf(t *testing.T, rep *diagnostics.Report, id diagnostics.StepID) diagnostics.Status {
	t.Helper()
	for _, s := range rep.Steps {
		if s.ID == id {
			return s.Status
		}
	}
	t.Fatalf("step %s did not run", id)
	return 0
}

// The simulated terminal really changes when the trainee acts: the step that showed the
// fault fails before the fix and passes after it, and an action without the drill's
// override leaves the fault where it was.
func TestActionsChangeTheSimulatedTerminal(t *testing.T) {
	withoutOverride := *builtinDrill(t, "keys.mac-error-a0")
	withoutOverride.Effects = nil
	cases := []struct {
		name      string
		sc        *Scenario
		action    ActionID
		step      diagnostics.StepID
		wantAfter diagnostics.Status
	}{
		{"replace-paper clears paper-out", builtinDrill(t, "printer.paper-out"), "replace-paper", diagnostics.StepPrinter, diagnostics.StatusPass},
		{"sign-on with the A0 override", builtinDrill(t, "keys.mac-error-a0"), "sign-on", diagnostics.StepSignOn, diagnostics.StatusPass},
		{"sign-on by default leaves A0", &withoutOverride, "sign-on", diagnostics.StepSignOn, diagnostics.StatusFail},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			a, err := Start(c.sc, Options{Trainee: "test", Speed: 50})
			if err != nil {
				t.Fatal(err)
			}
			defer a.Finish()
			steps := []diagnostics.StepID{c.step}
			rep, _, err := a.Check(ctx, steps)
			if err != nil {
				t.Fatal(err)
			}
			if got := statusOf(t, rep, c.step); got != diagnostics.StatusFail {
				t.Fatalf("before %s: %s step %s, want fail", c.action, c.step, got)
			}
			if _, err := a.Act(ctx, c.action); err != nil {
				t.Fatal(err)
			}
			if rep, _, err = a.Check(ctx, steps); err != nil {
				t.Fatal(err)
			}
			if got := statusOf(t, rep, c.step); got != c.wantAfter {
				t.Errorf("after %s: %s step %s, want %s", c.action, c.step, got, c.wantAfter)
			}
		})
	}
}
