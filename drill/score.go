package drill

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
	"posdoctor/reports"
)

// Event is one thing the trainee did; the training records keep the log as it is.
type Event = reports.TrainingEvent

// Breakdown is how a score was made (reports.TrainingBreakdown).
type Breakdown = reports.TrainingBreakdown

// The scoring rules (docs/drills.md, "Scoring"). Changing one changes every drill's score:
// the numbers are written in the debrief and the trainer's workbook from here.
const (
	PointsDiagnosis   = 40
	PointsActions     = 40
	PointsEfficiency  = 20
	ActionMissing     = 10 // each required action missing or out of order
	FixUnconfirmed    = 5  // each required fix never confirmed by a later check
	EfficiencyZeroPar = 3  // efficiency falls to 0 at this many times par
)

// DiagnosisPoints is what the right diagnosis earns on the nth try (1-based): 40, 25, 10,
// then 0.
func DiagnosisPoints(try int) int {
	switch try {
	case 1:
		return PointsDiagnosis
	case 2:
		return 25
	case 3:
		return 10
	}
	return 0
}

// EfficiencyPoints is 20 at or under par, falling linearly to 0 at 3 × par, rounded to whole
// points.
func EfficiencyPoints(seconds float64, par int) int {
	p := float64(par)
	switch {
	case par <= 0:
		return 0
	case seconds <= p:
		return PointsEfficiency
	case seconds >= EfficiencyZeroPar*p:
		return 0
	}
	return int(math.Round(PointsEfficiency * (EfficiencyZeroPar*p - seconds) / ((EfficiencyZeroPar - 1) * p)))
}

// Score is the verdict on a log: the breakdown, the score, the critical actions done, and
// the required fixes never confirmed.
type Score struct {
	Breakdown   Breakdown
	Total       int
	Critical    []ActionID // in the order done
	Unconfirmed []ActionID // required fixes no later check confirmed
	Missing     int        // required actions missing or out of order
	Passed      bool
}

// ScoreLog scores log (in time order) against sc's answer; seconds is how long the attempt
// took.
func ScoreLog(sc *Scenario, log []Event, seconds float64) Score {
	var s Score
	// diagnosis: the try on which the right code came first
	tries := 0
	for _, e := range log {
		if e.Do != string(DoDiagnose) {
			continue
		}
		tries++
		if _, ok := accepted(sc, e.Value); ok {
			s.Breakdown.Diagnosis = DiagnosisPoints(tries)
			break
		}
	}
	// actions: the required ones in order (the longest run of them done in order), each fix
	// confirmed by a later check
	var done []ActionID
	for _, e := range log {
		if e.Do == string(DoAction) {
			done = append(done, ActionID(e.Value))
		}
	}
	s.Missing = len(sc.Answer.Required) - inOrder(sc.Answer.Required, done)
	s.Unconfirmed = unconfirmed(sc, log)
	s.Breakdown.Actions = max(0, PointsActions-ActionMissing*s.Missing-FixUnconfirmed*len(s.Unconfirmed))
	if s.Missing == 0 { // speed counts for a finished job: doing nothing quickly earns nothing
		s.Breakdown.Efficiency = EfficiencyPoints(seconds, sc.ParSeconds)
	}
	// deductions, and the critical actions
	hints := 0
	for _, e := range log {
		switch e.Do {
		case string(DoAction):
			for _, h := range sc.Answer.Harmful {
				if string(h.Action) == e.Value {
					s.Breakdown.Harmful -= h.Penalty
				}
			}
			if e.Critical {
				s.Critical = append(s.Critical, ActionID(e.Value))
			}
		case string(DoHint):
			hints -= e.Points
		}
	}
	s.Breakdown.Hints = -min(hints, MaxHintTotal)
	s.Total = s.Breakdown.Total()
	s.Passed = s.Total >= sc.PassScore && len(s.Critical) == 0
	return s
}

// isCritical reports whether doing a now fails the drill: a is critical in sc and, for a
// conditional one, its `before` action has not been done yet (done: the actions so far).
func isCritical(sc *Scenario, a ActionID, done []ActionID) (Critical, bool) {
	for _, c := range sc.Answer.Critical {
		if c.Action == a && (c.Before == "" || !slices.Contains(done, c.Before)) {
			return c, true
		}
	}
	return Critical{}, false
}

// inOrder is how many of want were done in want's order: the longest common subsequence of
// want and done.
func inOrder(want, done []ActionID) int {
	prev := make([]int, len(done)+1)
	cur := make([]int, len(done)+1)
	for i := range want {
		for j := range done {
			if want[i] == done[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(done)]
}

// unconfirmed lists the required actions that fixed something (cleared a fault) with no later
// check to confirm it (confirmedAfter).
func unconfirmed(sc *Scenario, log []Event) []ActionID {
	var out []ActionID
	for i, e := range log {
		if e.Do != string(DoAction) || len(e.Cleared) == 0 || !slices.Contains(sc.Answer.Required, ActionID(e.Value)) {
			continue
		}
		if !confirmedAfter(log[:i], log[i+1:], e.Cleared) && !slices.Contains(out, ActionID(e.Value)) {
			out = append(out, ActionID(e.Value))
		}
	}
	return out
}

// confirmedAfter reports whether a check in later confirms the fix of cleared: the steps where
// those faults show ran, none failed, and none still warned of what the last check before the
// fix found there (a warning of something else, say a low battery, does not count against it;
// with no check before, any warning does).
func confirmedAfter(before, later []Event, cleared []string) bool {
	var steps []diagnostics.StepID
	for _, f := range cleared {
		steps = append(steps, faultSteps[f]...)
	}
	var seen []string // codes the fault's steps showed before the fix
	known := false
	for i := len(before) - 1; i >= 0 && !known; i-- {
		for _, r := range before[i].Results {
			if slices.Contains(steps, r.Step) {
				seen, known = append(seen, r.Codes...), true
			}
		}
	}
	for _, e := range later {
		if e.Do != string(DoCheck) {
			continue
		}
		ran, bad := false, false
		for _, r := range e.Results {
			if !slices.Contains(steps, r.Step) {
				continue
			}
			ran = true
			switch r.Status {
			case diagnostics.StatusPass:
			case diagnostics.StatusWarn:
				if !known || slices.ContainsFunc(r.Codes, func(c string) bool { return slices.Contains(seen, c) }) {
					bad = true
				}
			default:
				bad = true
			}
		}
		if ran && !bad {
			return true
		}
	}
	return false
}

// Rules are the scoring rules in words, with their points, for the trainer's workbook and
// docs/drills.md: written from the constants above, so they never disagree with the scoring.
func Rules() []reports.TrainingRule {
	r := func(zh, en, points string) reports.TrainingRule {
		return reports.TrainingRule{Rule: locale.Text{ZH: zh, ZHTW: codebook.ToTraditional(zh), EN: en}, Points: points}
	}
	return []reports.TrainingRule{
		r("诊断：第一次就对", "Diagnosis right on the first try", strconv.Itoa(DiagnosisPoints(1))),
		r("诊断：第二次对", "Diagnosis right on the second try", strconv.Itoa(DiagnosisPoints(2))),
		r("诊断：第三次对", "Diagnosis right on the third try", strconv.Itoa(DiagnosisPoints(3))),
		r("诊断：更晚才对或始终不对", "Diagnosis later, or never right", "0"),
		r("处理：必做步骤全部按顺序完成", "Actions: every required action done, in order", strconv.Itoa(PointsActions)),
		r("处理：每缺一步或顺序错一步（最低 0）", "Actions: each required action missing or out of order (not below 0)", fmt.Sprintf("−%d", ActionMissing)),
		r("处理：修好后从未用检查确认", "Actions: a fix never confirmed by a later check", fmt.Sprintf("−%d", FixUnconfirmed)),
		r("效率：必做步骤全部按顺序完成，且用时不超过标准时间", "Efficiency: every required action done in order, at or under par", strconv.Itoa(PointsEfficiency)),
		r(fmt.Sprintf("效率：超过标准时间后线性递减，到 %d 倍时为 0", EfficiencyZeroPar), fmt.Sprintf("Efficiency: falling linearly to 0 at %d × par", EfficiencyZeroPar), "20 → 0"),
		r("有害操作：每做一次扣该操作的分", "Harmful actions: their penalty, each time", "−N"),
		r(fmt.Sprintf("提示：打开前显示扣分，合计最多扣 %d", MaxHintTotal), fmt.Sprintf("Hints: their cost, shown before they open, at most %d in all", MaxHintTotal), fmt.Sprintf("−N (≤ %d)", MaxHintTotal)),
		r("严重错误：可能让持卡人或商户损失钱的操作，不论得分直接不通过", "Critical actions: anything that could cost a cardholder or the merchant money fails the drill whatever the points", "✗"),
		r("通过：得分不低于及格分且没有严重错误；总分不低于 0", "Pass: score at or above the pass mark and no critical action; the score never goes below 0", "≥ pass_score"),
	}
}
