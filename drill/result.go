package drill

import (
	"slices"
	"time"

	"posdoctor/locale"
	"posdoctor/reports"
)

// Result is a finished attempt: who, which drill, how it went, and the log.
type Result struct {
	Attempt  string
	Scenario *Scenario
	Trainee  string
	Trainer  string
	Mode     Mode
	Seed     int64
	Started  time.Time
	Ended    time.Time
	Seconds  float64 // on the drill's clock
	Score    Score
	Log      []Event
}

// Finish ends the attempt, scores it and stops an own simulated terminal. Calling it again
// returns the same result.
func (a *Attempt) Finish() *Result {
	a.mu.Lock()
	if a.result != nil {
		a.mu.Unlock()
		return a.result
	}
	a.ended = a.opt.Clock()
	secs := round2(a.ended.Sub(a.started).Seconds())
	if n := len(a.log); n > 0 && a.log[n-1].At > secs {
		secs = a.log[n-1].At
	}
	log := slices.Clone(a.log)
	a.result = &Result{Attempt: a.id, Scenario: a.sc, Trainee: a.opt.Trainee, Trainer: a.opt.Trainer,
		Mode: a.opt.Mode, Seed: a.seed, Started: a.started, Ended: a.ended, Seconds: secs,
		Score: ScoreLog(a.sc, log, secs), Log: log}
	stop := a.stop
	a.stop = nil
	a.mu.Unlock()
	if stop != nil {
		stop()
	}
	return a.result
}

// Record is the training record of r, for the store.
func (r *Result) Record() reports.TrainingRecord {
	crit := make([]string, len(r.Score.Critical))
	for i, c := range r.Score.Critical {
		crit[i] = string(c)
	}
	var diags []string
	hints := 0
	for _, e := range r.Log {
		switch e.Do {
		case string(DoDiagnose):
			diags = append(diags, e.Value)
		case string(DoHint):
			hints++
		}
	}
	sc := r.Scenario
	return reports.TrainingRecord{
		Attempt: r.Attempt, Drill: sc.ID, Version: sc.Version, SHA256: sc.SHA256,
		Title: reports.TrainingTitle{ZH: sc.Title.ZH, EN: sc.Title.EN}, Level: sc.Level,
		Trainee: r.Trainee, Trainer: r.Trainer, Mode: string(r.Mode), Seed: r.Seed,
		Started: r.Started, Ended: r.Ended, DurationS: r.Seconds,
		Score: r.Score.Total, PassScore: sc.PassScore, Passed: r.Score.Passed, Critical: crit,
		Breakdown: r.Score.Breakdown, Diagnoses: diags, Hints: hints, Log: r.Log,
	}
}

// Debrief is what the trainee reads at the end, in one language.
type Debrief struct {
	Passed    bool
	Score     int
	PassScore int
	Breakdown Breakdown
	Good      []string // what was right
	Harmful   []string // what cost points, and why
	Critical  []string // what failed the drill, and why
	Missing   []string // required actions not done in order, unconfirmed fixes
	Path      []string // the correct path: the required actions, in order
	Codes     []string // the right diagnosis: code-book entries to read (Look up finds them)
	CodesIn   []string // Codes as the reader reads them (CodeIn: a prompt in Traditional for zh_TW)
	Text      string   // the drill's own debrief
}

var (
	msgDebriefDiagnosis = msg{"诊断正确：%s（第 %d 次）", "診斷正確：%s（第 %d 次）", "Right diagnosis: %s (try %d)"}
	msgDebriefNoDiag    = msg{"没有给出正确诊断（应为 %s）", "沒有給出正確診斷（應為 %s）", "No right diagnosis (it was %s)"}
	msgDebriefDone      = msg{"必做步骤按顺序完成：%d / %d", "必做步驟按順序完成：%d / %d", "Required actions done in order: %d of %d"}
	msgDebriefUnconf    = msg{"修好后没有用检查确认：%s（-%d）", "修好後沒有用檢查確認：%s（-%d）", "Fixed but never confirmed with a check: %s (-%d)"}
	msgDebriefHint      = msg{"使用提示 %d 次（-%d）", "使用提示 %d 次（-%d）", "%d hint(s) used (-%d)"}
)

// Debrief builds the debrief of r in l.
func (r *Result) Debrief(l locale.Lang) Debrief {
	sc := r.Scenario
	d := Debrief{Passed: r.Score.Passed, Score: r.Score.Total, PassScore: sc.PassScore, Breakdown: r.Score.Breakdown,
		Codes: slices.Clone(sc.Answer.Diagnosis), Text: sc.Debrief.In(l)}
	for _, c := range d.Codes {
		d.CodesIn = append(d.CodesIn, CodeIn(l, c))
	}
	tries, hints, done := 0, 0, map[ActionID]bool{}
	for _, e := range r.Log {
		switch e.Do {
		case string(DoDiagnose):
			tries++
			if e.Right && d.Breakdown.Diagnosis > 0 && len(d.Good) == 0 {
				d.Good = append(d.Good, msgDebriefDiagnosis.in(codeText(e.Value), tries).In(l))
			}
		case string(DoHint):
			hints++
		case string(DoAction):
			id := ActionID(e.Value)
			act, _ := LookupAction(id)
			if e.Points < 0 {
				fb := actionFeedback(act, Event{Points: e.Points}, Critical{}, sc)
				d.Harmful = append(d.Harmful, act.Title.In(l)+" — "+fb.Text.In(l))
			}
			if e.Critical {
				c, _ := isCritical(sc, id, nil)
				d.Critical = append(d.Critical, act.Title.In(l)+" — "+whyCritical(c).In(l))
			}
			done[id] = true
		}
	}
	if len(d.Good) == 0 {
		d.Missing = append(d.Missing, msgDebriefNoDiag.in(codeText(sc.Answer.Diagnosis[0])).In(l))
	}
	n := len(sc.Answer.Required)
	line := msgDebriefDone.with(n-r.Score.Missing, n).In(l)
	if r.Score.Missing == 0 {
		d.Good = append(d.Good, line)
	} else {
		d.Missing = append(d.Missing, line)
	}
	for _, u := range r.Score.Unconfirmed {
		act, _ := LookupAction(u)
		d.Missing = append(d.Missing, msgDebriefUnconf.with(act.Title.In(l), FixUnconfirmed).In(l))
	}
	if hints > 0 {
		d.Harmful = append(d.Harmful, msgDebriefHint.with(hints, -d.Breakdown.Hints).In(l))
	}
	for _, id := range sc.Answer.Required {
		act, _ := LookupAction(id)
		d.Path = append(d.Path, act.Title.In(l))
	}
	return d
}
