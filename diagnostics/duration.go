package diagnostics

import (
	"fmt"
	"regexp"
	"time"

	"posdoctor/locale"
)

// Durations enter messages already formatted, in English ("3 days", "2.5 hours", "40
// minutes"): that is what the reports store and what check --json shows. A front end that shows a
// message in another language passes each argument through LocalArg, which renders such a
// duration in that language ("3 天", "2.5 小時").

// durationUnits is the one table of the units a message's duration takes.
var durationUnits = map[string]locale.Text{
	"days":    {ZH: "天", ZHTW: "天", EN: "days"},
	"hours":   {ZH: "小时", ZHTW: "小時", EN: "hours"},
	"minutes": {ZH: "分钟", ZHTW: "分鐘", EN: "minutes"},
}

var durationText = regexp.MustCompile(`^(\d+(?:\.\d)?) (days|hours|minutes)$`)

// roundDur is d for a message: whole days from two days on, hours with one decimal from an
// hour, else whole minutes.
func roundDur(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", int(d.Hours()/24))
	case d >= time.Hour:
		return fmt.Sprintf("%.1f hours", d.Hours())
	}
	return fmt.Sprintf("%d minutes", int(d.Round(time.Minute).Minutes())) // 9m59s is 10, as the host's clock check says
}

// txnInText finds the type of each record describeTxn wrote (time, type, amount).
var txnInText = regexp.MustCompile(`(\d\d:\d\d) (SALE|VOID|REFUND|PREAUTH|REVERSAL|BALANCE) (¥)`)

// LocalArg is a message argument as l shows it: a duration roundDur wrote in l's words, the
// types of the journal records describeTxn wrote in l's words, any other value unchanged.
func LocalArg(v any, l locale.Lang) any {
	s, ok := v.(string)
	if !ok || l == locale.EN {
		return v
	}
	if m := durationText.FindStringSubmatch(s); m != nil {
		return m[1] + " " + durationUnits[m[2]].In(l)
	}
	if txnInText.MatchString(s) {
		return txnInText.ReplaceAllStringFunc(s, func(m string) string {
			p := txnInText.FindStringSubmatch(m)
			return p[1] + " " + txnTypeLabels[p[2]].In(l) + " " + p[3]
		})
	}
	return v
}

// LocalArgs is args with every argument passed through LocalArg, and a step named by its
// English name or id in the arg Step (the steps a lost link left unrun) by its name in l;
// args itself when nothing changes.
func LocalArgs(args map[string]any, l locale.Lang) map[string]any {
	var out map[string]any
	for k, v := range args {
		s, ok := v.(string)
		if !ok {
			continue // only a string can be a duration (and lists do not compare)
		}
		nv := LocalArg(v, l)
		if k == "Step" {
			if id, ok := stepNamed(s); ok {
				nv = id.Name().In(l)
			}
		}
		if nv != v {
			if out == nil {
				out = make(map[string]any, len(args))
				for k2, v2 := range args {
					out[k2] = v2
				}
			}
			out[k] = nv
		}
	}
	if out == nil {
		return args
	}
	return out
}
