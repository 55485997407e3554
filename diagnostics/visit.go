package diagnostics

import (
	"maps"
	"slices"
	"strings"
)

// A visit is every checklist run on one terminal. Its verdict is over the latest result of
// every step that ran in any of its runs: re-running one step replaces that step's result and
// leaves the others as they were (each keeps its Started time, which says when it ran). A
// step that did not judge the terminal in a later run (skipped: sign-on declined; error:
// cancelled, the link lost, no answer) does not replace a result that did; a step the run
// never got to (cancelled, or not reached because the run stopped early) replaces no result at
// all, and when it is all the visit has of that step, the visit's check is incomplete.

// TerminalKey identifies the terminal a run talked to: its TID and serial number from ST
// (lower-case field names, as Report.Terminal has them). It is "" when the run learnt neither.
func TerminalKey(st map[string]string) string {
	tid, sn := strings.TrimSpace(st["tid"]), strings.TrimSpace(st["sn"])
	if tid == "" && sn == "" {
		return ""
	}
	return tid + "/" + sn
}

// SameTerminal reports whether two ST field maps may come from one terminal: true when either
// does not say (a run that never read ST), otherwise their TIDs and serial numbers agree.
func SameTerminal(a, b map[string]string) bool {
	ka, kb := TerminalKey(a), TerminalKey(b)
	return ka == "" || kb == "" || ka == kb
}

// LatestSteps returns the latest result of every step over runs (oldest run first), in the
// checklist's step order; a step that ran in no run is absent.
func LatestSteps(runs ...*Report) []StepResult {
	latest := map[StepID]StepResult{}
	var order []StepID
	for _, r := range runs {
		if r == nil {
			continue
		}
		for _, s := range r.Steps {
			old, seen := latest[s.ID]
			switch {
			case !seen:
				order = append(order, s.ID)
			case Interrupted(s) && !Interrupted(old):
				// cancelled or never reached: it says nothing at all about the step, so
				// whatever the visit had of it stands (a declined sign-on, an error too)
				continue
			case judged(old.Status) && !judged(s.Status):
				// not run this time (declined, the link lost, no answer): it says nothing new
				// about the terminal, so the result that did judge it stands
				continue
			}
			latest[s.ID] = s
		}
	}
	ids := StepIDs()
	slices.SortStableFunc(order, func(a, b StepID) int {
		ia, ib := slices.Index(ids, a), slices.Index(ids, b)
		if ia < 0 {
			ia = len(ids)
		}
		if ib < 0 {
			ib = len(ids)
		}
		return ia - ib
	})
	out := make([]StepResult, 0, len(order))
	for _, id := range order {
		out = append(out, latest[id])
	}
	return out
}

// judged reports whether a step with this status ran and judged the terminal.
func judged(s Status) bool { return s == StatusPass || s == StatusWarn || s == StatusFail }

// Interrupted reports whether a step's result is only that its run was interrupted: the step
// was cancelled while it ran (error "cancelled"), or skipped because the run stopped before it
// ("not run: the check was cancelled", "not run: the link to the terminal was lost in …", no
// terminal on the line, a line too poor, a terminal busy). Such a result says nothing of the
// step: it never replaces an earlier result of the step in a visit (LatestSteps), and a visit
// (or a run) with one is incomplete (VerdictOf). A step skipped for its own reasons (sign-on
// declined, no key set, no key pressed) is a result.
func Interrupted(s StepResult) bool {
	key := s.SummaryKey
	if key == "" {
		key = s.Summary // a report written before summaries kept their templates
	}
	switch s.Status {
	case StatusError:
		return key == sumCancelled
	case StatusSkipped:
		// every summary of a step the run did not reach, and only those, says "not run:"
		return strings.HasPrefix(key, notRunPrefix)
	}
	return false
}

// notRunPrefix starts the summary of every step skipped because its run stopped before it.
const notRunPrefix = "not run: "

// VerdictOf sums up step results: the verdict of a run over its own steps, or of a visit over
// LatestSteps of its runs.
func VerdictOf(steps []StepResult) Verdict {
	return verdict(&Report{Steps: steps})
}

// MergeRun returns the visit so far (prev, itself a merged report or nil) with run added: the
// latest result of every step, the terminal's status from the newest run that read it, the
// journal and event log from the newest run that fetched them, and the verdict over all of
// it. prev and run are not changed. The caller checks SameTerminal first: a run from another
// terminal starts another visit.
func MergeRun(prev, run *Report) *Report {
	if run == nil {
		return prev
	}
	if prev == nil {
		c := *run
		c.Steps = slices.Clone(run.Steps)
		c.Terminal = maps.Clone(run.Terminal)
		c.Verdict = VerdictOf(LatestSteps(run))
		return &c
	}
	v := &Report{
		Terminal:     maps.Clone(prev.Terminal),
		Steps:        LatestSteps(prev, run),
		Started:      prev.Started,
		Finished:     run.Finished,
		Transactions: prev.Transactions,
		Events:       prev.Events,
	}
	if len(run.Terminal) > 0 {
		v.Terminal = maps.Clone(run.Terminal)
	}
	if v.Terminal == nil {
		v.Terminal = map[string]string{}
	}
	if run.Started.Before(v.Started) || v.Started.IsZero() {
		v.Started = run.Started
	}
	if _, fetched := run.Step(StepJournal); fetched && (len(run.Transactions) > 0 || len(run.Events) > 0) {
		v.Transactions, v.Events = run.Transactions, run.Events
	}
	v.Verdict = VerdictOf(v.Steps)
	return v
}
