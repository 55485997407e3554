package diagnostics

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"posdoctor/pan"
	"posdoctor/serialio"
)

// Bounds on reading the journal and event log, against a terminal that never stops.
const (
	journalStepLimit = 10 * time.Minute // the whole journal step
	maxRecords       = 200000           // records kept from one log
)

// pages fetches every page of JL or EL and returns the repeated field. It stops with a
// *pageError on a page it cannot use: no answer, a line too poor to carry it, an RC, a wrong
// page number, an empty page that claims more, a page identical to the one before, or past
// MaxPages pages or maxRecords records.
func (r *run) pages(cmd serialio.Command, field string, base []serialio.Field) ([]string, int, error) {
	max := r.c.MaxPages
	if max <= 0 {
		max = 2000
	}
	stop := func(key string, args kv, err error) error {
		args["Log"] = logNames[cmd]
		return &pageError{key: key, args: args, err: err}
	}
	var out, prev []string
	for page := 1; ; page++ {
		if page > max {
			return out, page - 1, stop(msgPartialPages, kv{"Pages": max}, fmt.Errorf("%s: the terminal still says MORE=Y after %d pages: stopped", cmd, max))
		}
		r.c.progress(working(StepJournal, page-1, 0, map[serialio.Command]string{serialio.CmdJournal: progJournalPage, serialio.CmdEventLog: progEventLogPage}[cmd], kv{"Page": page}))
		fields := append(append([]serialio.Field(nil), base...), serialio.Field{Name: "PAGE", Value: strconv.Itoa(page)})
		resp, err := r.exchange(cmd, fields...)
		if err != nil {
			key, args := pageFailure(err, page)
			return out, page - 1, stop(key, args, fmt.Errorf("read %s page %d: %w", cmd, page, err))
		}
		if rc := resp.RC(); rc != "00" {
			return out, page - 1, stop(msgPartialRC, kv{"Page": page, "RC": rc}, fmt.Errorf("read %s page %d: RC %s", cmd, page, rc))
		}
		if p := resp.Value("PAGE"); p != "" && p != strconv.Itoa(page) {
			return out, page - 1, stop(msgPartialOtherPage, kv{"Page": page, "Got": p}, fmt.Errorf("read %s page %d: the terminal answered page %s", cmd, page, p))
		}
		recs := resp.All(field)
		more := resp.Value("MORE") == "Y"
		switch {
		case more && len(recs) == 0:
			return out, page, stop(msgPartialEmpty, kv{"Page": page}, fmt.Errorf("read %s page %d: an empty page that says there is more: stopped", cmd, page))
		case page > 1 && len(recs) > 0 && slices.Equal(recs, prev):
			return out, page, stop(msgPartialRepeat, kv{"Page": page, "Prev": page - 1}, fmt.Errorf("read %s page %d: the same records as page %d: stopped", cmd, page, page-1))
		case len(out)+len(recs) > maxRecords:
			return out, page, stop(msgPartialRecords, kv{"Max": maxRecords}, fmt.Errorf("read %s: more than %d records: stopped", cmd, maxRecords))
		}
		out, prev = append(out, recs...), recs
		if !more {
			return out, page, nil
		}
	}
}

// pageError is why a log could be read only in part: JOURNAL-PARTIAL's message (a template
// and its args) and the English details.
type pageError struct {
	key  string
	args kv
	err  error
}

func (e *pageError) Error() string { return e.err.Error() }
func (e *pageError) Unwrap() error { return e.err }

// pageFailure is the JOURNAL-PARTIAL message for a request for page that got no usable answer.
func pageFailure(err error, page int) (string, kv) {
	var re *serialio.RequestError
	switch {
	case errors.As(err, &re) && errors.Is(err, serialio.ErrLinePoor):
		return msgPartialLine, kv{"Page": page, "Asked": re.Asked}
	case errors.As(err, &re) && errors.Is(err, serialio.ErrTimeout):
		return msgPartialNoAnswer, kv{"Page": page, "S": int64(re.Timeout.Seconds())}
	case errors.Is(err, context.DeadlineExceeded):
		return msgPartialTime, kv{"Page": page, "Min": int64(journalStepLimit.Minutes())}
	}
	return msgPartialOther, kv{"Page": page}
}

// parseRec reads one REC: time US type US amount US pan US trace US rrn US auth US rc US flags.
// The terminal is untrusted: the card unit is masked again here by position (a card number
// whatever its check digit or digit form), every other unit as text (maskTransaction).
func parseRec(v string) (Transaction, error) {
	u := serialio.SplitUnits(v)
	if len(u) != 9 {
		return Transaction{}, fmt.Errorf("%d units, want 9", len(u))
	}
	t, ok := parseTime(u[0])
	if !ok {
		return Transaction{}, fmt.Errorf("bad time %q", u[0])
	}
	amt, err := strconv.ParseInt(u[2], 10, 64)
	if err != nil || amt < 0 {
		return Transaction{}, fmt.Errorf("bad amount %q", u[2])
	}
	txn := Transaction{Time: t, Type: u[1], Amount: amt, PAN: u[3], Trace: u[4], RRN: u[5],
		Auth: u[6], RC: u[7], Flags: u[8], Flagged: []string{}}
	maskTransaction(&txn)
	return txn, nil
}

// logNames name the two logs in a JOURNAL-PARTIAL message: templates, so a reader's
// language translates them as the message's Log.
var logNames = map[serialio.Command]string{
	serialio.CmdJournal:  tpl("the journal"),
	serialio.CmdEventLog: tpl("the event log"),
}

// Journal step texts.
var (
	msgPartialNoAnswer  = tpl("Part of {{.Log}} could not be read: the terminal acknowledged the request for page {{.Page}} but did not answer it within {{.S}} s, though asked again. What was read before it is kept; run the step again, and restart the terminal if it keeps happening.")
	msgPartialLine      = tpl("Part of {{.Log}} could not be read: the line damaged page {{.Page}} or the request for it every time it was sent (asked {{.Asked}} times): the line is too poor for pages of 1 KB. What was read before it is kept; fix the line and run the step again.")
	msgPartialRC        = tpl("Part of {{.Log}} could not be read: the terminal refused page {{.Page}} with RC {{.RC}}.")
	msgPartialOtherPage = tpl("Part of {{.Log}} could not be read: asked for page {{.Page}}, the terminal answered page {{.Got}}.")
	msgPartialEmpty     = tpl("Part of {{.Log}} could not be read: page {{.Page}} was empty but said there was more.")
	msgPartialRepeat    = tpl("Part of {{.Log}} could not be read: page {{.Page}} repeated the records of page {{.Prev}}.")
	msgPartialPages     = tpl("Part of {{.Log}} could not be read: the terminal still said there was more after {{.Pages}} pages.")
	msgPartialRecords   = tpl("Part of {{.Log}} could not be read: it holds more than {{.Max}} records; those before are kept.")
	msgPartialTime      = tpl("Part of {{.Log}} could not be read: the step ran out of its {{.Min}} minutes at page {{.Page}}.")
	msgPartialOther     = tpl("Part of {{.Log}} could not be read: reading page {{.Page}} failed (see the details).")
	_                   = tpl("Part of the journal or event log could not be read: {{.Err}}") // in reports written before
	sumJournal          = tpl("{{.Transactions}} transactions since {{.From}}, {{.Events}} events")
	msgUnconfirmedRev   = tpl("{{.Count}} reversal(s) not confirmed by the host (冲正未确认): {{.Txns}}. The cardholder may have been debited: never re-swipe.")
	msgDuplicates       = tpl("Possible duplicate charge(s): {{.Pairs}}. Check with the cardholder and the slips; refund one through the merchant adjustment form if both went through.")
	msgFailedTxns       = tpl("Failed transactions by response code: {{.Counts}}.")
	msgRepeatedEvents   = tpl("Events logged again and again: {{.Counts}}.")
)

func (r *run) journal(res *StepResult) error {
	days := r.c.JournalDays
	if days <= 0 {
		days = 30
	}
	from := r.c.now().AddDate(0, 0, -days).Format("20060102")
	ctx, cancel := context.WithTimeout(r.ctx, journalStepLimit)
	defer cancel()
	outer := r.ctx
	r.ctx = ctx // the journal step as a whole has a bound, however slowly the pages come
	defer func() { r.ctx = outer }()
	recs, pages, err := r.pages(serialio.CmdJournal, "REC", []serialio.Field{{Name: "FROM", Value: from}})
	res.Evidence["journal_pages"] = pages
	if err != nil {
		if linkGone(err) || outer.Err() != nil {
			return err
		}
		res.Evidence["journal_error"] = err.Error()
	}
	bad, repeated := 0, 0
	seen := map[string]bool{}
	for _, v := range recs {
		t, err := parseRec(v)
		if err != nil {
			bad++
			continue
		}
		if seen[v] { // the same record twice (overlapping pages) is one transaction
			repeated++
			continue
		}
		seen[v] = true
		r.txns = append(r.txns, t)
	}
	res.Evidence["repeated_records"] = repeated
	evs, epages, eerr := r.pages(serialio.CmdEventLog, "EVT", nil)
	res.Evidence["event_pages"] = epages
	if eerr != nil {
		if linkGone(eerr) || outer.Err() != nil {
			return eerr
		}
		res.Evidence["event_log_error"] = eerr.Error()
	}
	for _, v := range evs {
		u := serialio.SplitUnits(v)
		t, ok := parseTime(u[0])
		if len(u) != 3 || !ok {
			bad++
			continue
		}
		r.events = append(r.events, Event{Time: t, Code: pan.MaskText(u[1]), Text: pan.MaskText(u[2])})
	}
	res.Evidence["transactions"] = len(r.txns)
	res.Evidence["events"] = len(r.events)
	res.Evidence["malformed_records"] = bad
	analyseJournal(r.txns, r.events, res)
	if err != nil || eerr != nil {
		key, args := msgPartialOther, kv{"Log": logNames[serialio.CmdJournal], "Page": pages + 1}
		var pe *pageError
		if errors.As(firstErr(err, eerr), &pe) {
			key, args = pe.key, pe.args
		}
		res.Findings = append(res.Findings, finding(CodeJournalPartial, SeverityWarning, WhoTechnician, key, args))
	}
	conclude(res, sumJournal, kv{"Transactions": len(r.txns), "From": from, "Events": len(r.events)})
	return nil
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// analyseJournal flags what matters for money: unconfirmed reversals, possible duplicate
// charges, failed transactions by RC, repeated events.
func analyseJournal(txns []Transaction, events []Event, res *StepResult) {
	var unconfirmed []string
	for i := range txns {
		if strings.ContainsRune(txns[i].Flags, RecUnconfirmed) {
			txns[i].Flagged = append(txns[i].Flagged, CodeUnconfirmedRev)
			unconfirmed = append(unconfirmed, describeTxn(txns[i]))
		}
	}
	if len(unconfirmed) > 0 {
		res.Findings = append(res.Findings, finding(CodeUnconfirmedRev, SeverityCritical, WhoMerchant,
			msgUnconfirmedRev, kv{"Count": len(unconfirmed), "Txns": strings.Join(unconfirmed, "; ")}))
	}

	// possible duplicate charges: a sale that may have debited the card (approved and not
	// reversed, or with its reversal unconfirmed) and a later approved sale of the same card and
	// amount within the window, with another trace, and no confirmed void or reversal of that
	// card and amount between them (DOMAIN.md: never re-swipe blindly)
	idx := make([]int, len(txns))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return txns[idx[a]].Time.Before(txns[idx[b]].Time) })
	var dups []string
	for a := 0; a < len(idx); a++ {
		x := txns[idx[a]]
		debited := x.RC == "00" && !strings.ContainsRune(x.Flags, RecReversed) || strings.ContainsRune(x.Flags, RecUnconfirmed)
		if x.Type != "SALE" || !debited {
			continue
		}
		for b := a + 1; b < len(idx); b++ {
			y := txns[idx[b]]
			if y.Time.Sub(x.Time) > duplicateWindow {
				break
			}
			if y.PAN != x.PAN || y.Amount != x.Amount || y.Trace == x.Trace {
				continue
			}
			if (y.Type == "VOID" || y.Type == "REVERSAL") && y.RC == "00" && !strings.ContainsRune(y.Flags, RecUnconfirmed) {
				break // undone between: not a duplicate
			}
			if y.Type == "SALE" && y.RC == "00" && !strings.ContainsRune(y.Flags, RecReversed) {
				txns[idx[a]].Flagged = appendOnce(txns[idx[a]].Flagged, CodeDuplicateCharge)
				txns[idx[b]].Flagged = appendOnce(txns[idx[b]].Flagged, CodeDuplicateCharge)
				// language-neutral: the template around it is translated; each sale with its trace
				dups = append(dups, fmt.Sprintf("%s #%s + %s #%s, %s, %s", x.Time.Format("01-02 15:04"), x.Trace, y.Time.Format("15:04"), y.Trace, x.PAN, yuan(x.Amount)))
				break
			}
		}
	}
	if len(dups) > 0 {
		res.Findings = append(res.Findings, finding(CodeDuplicateCharge, SeverityWarning, WhoMerchant,
			msgDuplicates, kv{"Pairs": strings.Join(dups, "; ")}))
	}

	failed := map[string]int{}
	for i := range txns {
		if txns[i].RC != "00" && txns[i].RC != "" {
			failed[txns[i].RC]++
			txns[i].Flagged = appendOnce(txns[i].Flagged, CodeFailedTxns)
		}
	}
	res.Evidence["failed_by_rc"] = failed
	if len(failed) > 0 {
		res.Findings = append(res.Findings, finding(CodeFailedTxns, SeverityInfo, WhoTechnician, msgFailedTxns, kv{"Counts": countsText(failed)}))
	}
	byCode := map[string]int{}
	for _, e := range events {
		byCode[e.Code]++
	}
	res.Evidence["events_by_code"] = byCode
	repeated := map[string]int{}
	for c, n := range byCode {
		if n >= 3 && c != "00" { // 00 events record successes (sign-on, settlement)
			repeated[c] = n
		}
	}
	if len(repeated) > 0 {
		res.Findings = append(res.Findings, finding(CodeRepeatedEvents, SeverityInfo, WhoTechnician, msgRepeatedEvents, kv{"Counts": countsText(repeated)}))
	}
}

func appendOnce(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// describeTxn is one record for a message: language-neutral but for its type, which LocalArg
// puts in the reader's words (txnInText).
func describeTxn(t Transaction) string {
	return fmt.Sprintf("%s %s %s %s #%s", t.Time.Format("2006-01-02 15:04"), t.Type, yuan(t.Amount), t.PAN, t.Trace)
}

func yuan(fen int64) string { return fmt.Sprintf("¥%d.%02d", fen/100, fen%100) }
