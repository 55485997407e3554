package diagnostics

import (
	"fmt"
	"strings"

	"posdoctor/serialio"
)

// signOnText is what a failed sign-on's finding says, and who acts on it.
type signOnText struct {
	msg      string // the finding's template
	withKeys string // msg followed by the check values, when the answer's key check failed
	who      Who
}

// keyCheckDetail follows a failed sign-on's message when the key check failed: the check
// values received and those still in force.
const keyCheckDetail = " New check values received: PIK {{.NewPIK}} MAK {{.NewMAK}} TDK {{.NewTDK}}; in force: PIK {{.PIK}} MAK {{.MAK}} TDK {{.TDK}}."

// signOnMsg registers a failed sign-on's message, alone and with keyCheckDetail.
func signOnMsg(msg string, who Who) signOnText {
	return signOnText{msg: tpl(msg), withKeys: tpl(msg + keyCheckDetail), who: who}
}

// signOnRC says who acts on a sign-on result code and what it means here.
var signOnRC = map[string]signOnText{
	"A0": signOnMsg("MAC error on sign-on (MAC错): the MAC key is out of step, or two terminals share this TID.", WhoProvider),
	"03": signOnMsg("Invalid merchant (无效商户): the merchant is not set up or has been stopped at the host.", WhoProvider),
	"97": signOnMsg("Terminal not registered (终端号无效): the TID differs from the host's record or is not opened at the network centre.", WhoProvider),
	"77": signOnMsg("The host asks the terminal to sign on again / batch number out of step (77).", WhoTechnician),
	"99": signOnMsg("PIN key synchronisation error or host fault (99).", WhoProvider),
	"96": signOnMsg("System malfunction at the host (系统故障).", WhoProvider),
	"K1": signOnMsg("The terminal master key is missing: no sign-on is possible until it is injected.", WhoProvider),
	"K2": signOnMsg("The working keys' check values did not match after sign-on: the old keys stay in force.", WhoProvider),
	"H1": signOnMsg("No dial tone: the sign-on could not dial out.", WhoTechnician),
	"H2": signOnMsg("Line busy: the sign-on could not dial out.", WhoTechnician),
	"H3": signOnMsg("The host did not answer the sign-on in time.", WhoTechnician),
	"H4": signOnMsg("No SIM card: the sign-on could not connect.", WhoTechnician),
	"H5": signOnMsg("No mobile network: the sign-on could not connect.", WhoTechnician),
	"H6": signOnMsg("The host refused the connection.", WhoProvider),
}

// Sign-on step texts.
var (
	signOnOtherRC   = signOnMsg("The sign-on answered RC {{.RC}}.", WhoTechnician)
	sumSignOnNo     = tpl("sign-on declined by the technician")
	sumSignOnFailed = tpl("sign-on failed: RC {{.RC}}")
	msgKeyCheck     = tpl("The host answered 00 but the key check says {{.KeyCheck}}.")
	msgHostClock    = tpl("The terminal's clock is {{.Drift}} off the host's time after sign-on.")
	sumSignedOn     = tpl("signed on, batch {{.Batch}}; new check values PIK {{.NewPIK}} MAK {{.NewMAK}} TDK {{.NewTDK}} (were {{.PIK}} {{.MAK}} {{.TDK}})")
)

func (r *run) signon(res *StepResult) error {
	ok, err := r.c.Op.Confirm(r.ctx, AskSignOn, QuestionText(AskSignOn))
	if err != nil {
		return err
	}
	if !ok {
		res.Status = StatusSkipped
		setSummary(res, sumSignOnNo, nil)
		return nil
	}
	before, err := r.exchange(serialio.CmdKeyStatus)
	if err != nil {
		return err
	}
	r.c.progress(working(StepSignOn, 0, 0, progWaitHost, nil))
	resp, err := r.exchange(serialio.CmdSignOn, serialio.Field{Name: "OPER", Value: "01"})
	if err != nil {
		return err
	}
	keepFields(res, "", resp.Fields)
	for _, k := range []string{"PIK", "MAK", "TDK"} {
		res.Evidence["old_"+strings.ToLower(k)] = before.Value(k)
	}
	rc := resp.RC()
	if rc != "00" {
		m, ok := signOnRC[rc]
		if !ok {
			m = signOnOtherRC
		}
		key, args := m.msg, kv{"RC": rc}
		// the check values received beside those in force, where they differ: a terminal
		// that answers its old values says nothing more than "the check failed"
		if (rc == "K2" || resp.Value("KEYCHK") == "FAIL") && !sameChecks(resp, before) {
			key = m.withKeys
			args["NewPIK"], args["NewMAK"], args["NewTDK"] = orDash(resp.Value("PIK")), orDash(resp.Value("MAK")), orDash(resp.Value("TDK"))
			args["PIK"], args["MAK"], args["TDK"] = orDash(before.Value("PIK")), orDash(before.Value("MAK")), orDash(before.Value("TDK"))
		}
		res.Findings = append(res.Findings, finding(rc, SeverityCritical, m.who, key, args))
		conclude(res, sumSignOnFailed, kv{"RC": rc})
		return nil
	}
	if resp.Value("KEYCHK") != "OK" {
		res.Findings = append(res.Findings, finding("K2", SeverityCritical, WhoProvider,
			msgKeyCheck, kv{"KeyCheck": fmt.Sprintf("%q", resp.Value("KEYCHK"))}))
	}
	if ht, ok := parseTime(resp.Value("HOSTTIME")); ok {
		if st, err := r.status(true); err == nil {
			if tt, ok := parseTime(st.Value("TIME")); ok {
				d := tt.Sub(ht)
				res.Evidence["host_clock_diff_s"] = int64(d.Seconds())
				if d > maxClockDrift || d < -maxClockDrift {
					res.Findings = append(res.Findings, finding(CodeHostClock, SeverityWarning, WhoTechnician,
						msgHostClock, kv{"Drift": roundDur(d)}))
				}
			}
		} else if linkGone(err) {
			return err
		}
	}
	conclude(res, sumSignedOn, kv{"Batch": resp.Value("BATCH"),
		"NewPIK": resp.Value("PIK"), "NewMAK": resp.Value("MAK"), "NewTDK": resp.Value("TDK"),
		"PIK": orDash(before.Value("PIK")), "MAK": orDash(before.Value("MAK")), "TDK": orDash(before.Value("TDK"))})
	return nil
}

// sameChecks reports whether a and b carry the same check values for PIK, MAK and TDK.
func sameChecks(a, b serialio.Message) bool {
	for _, k := range []string{"PIK", "MAK", "TDK"} {
		if !strings.EqualFold(a.Value(k), b.Value(k)) {
			return false
		}
	}
	return true
}
