package visit

import (
	"errors"
	"time"

	"posdoctor/diagnostics"
	"posdoctor/reports"
)

// Attach records a finished checklist run in the visit inc and returns the visit it now
// belongs to. A visit is one terminal (TID + serial): a run of another terminal starts a new
// visit opened at now, with the technician and branch carried over, and other is true; inc is
// then left as it was. A nil inc starts a new visit. While nobody chose the visit's category
// (guess; always for a new visit), each run sets it again from the findings of all the visit's
// runs and the symptom: a first run that found nothing (a link check) does not leave it Other.
func Attach(inc *reports.Incident, rep diagnostics.Report, now time.Time, guess bool) (cur *reports.Incident, other bool) {
	cur = inc
	if cur == nil {
		cur = reports.NewIncident(now)
	}
	if err := cur.AddRun(rep); errors.Is(err, reports.ErrOtherTerminal) {
		fresh := reports.NewIncident(now)
		fresh.Technician, fresh.Branch = inc.Technician, inc.Branch
		_ = fresh.AddRun(rep) // a new visit takes any terminal
		cur, other, guess = fresh, true, true
	}
	if guess {
		cur.Category = reports.GuessCategory(cur.Symptom, cur.Runs...)
	}
	return cur, other
}
