package diagnostics

import (
	"fmt"
	"strings"

	"posdoctor/serialio"
)

// signOnRC says who acts on a sign-on result code and what it means here.
var signOnRC = map[string]struct {
	msg string
	who Who
}{
	"A0": {"MAC error on sign-on (MAC错): the MAC key is out of step, or two terminals share this TID.", WhoProvider},
	"03": {"Invalid merchant (无效商户): the merchant is not set up or has been stopped at the host.", WhoProvider},
	"97": {"Terminal not registered (终端号无效): the TID differs from the host's record or is not opened at the network centre.", WhoProvider},
	"77": {"The host asks the terminal to sign on again / batch number out of step (77).", WhoTechnician},
	"99": {"PIN key synchronisation error or host fault (99).", WhoProvider},
	"96": {"System malfunction at the host (系统故障).", WhoProvider},
	"K1": {"The terminal master key is missing: no sign-on is possible until it is injected.", WhoProvider},
	"K2": {"The working keys' check values did not match after sign-on: the old keys stay in force.", WhoProvider},
	"H1": {"No dial tone: the sign-on could not dial out.", WhoTechnician},
	"H2": {"Line busy: the sign-on could not dial out.", WhoTechnician},
	"H3": {"The host did not answer the sign-on in time.", WhoTechnician},
	"H4": {"No SIM card: the sign-on could not connect.", WhoTechnician},
	"H5": {"No mobile network: the sign-on could not connect.", WhoTechnician},
	"H6": {"The host refused the connection.", WhoProvider},
}

func (r *run) signon(res *StepResult) error {
	ok, err := r.c.Op.Confirm(r.ctx, AskSignOn, QuestionText(AskSignOn))
	if err != nil {
		return err
	}
	if !ok {
		res.Status, res.Summary = StatusSkipped, "sign-on declined by the technician"
		return nil
	}
	before, err := r.exchange("KS")
	if err != nil {
		return err
	}
	r.c.progress(Progress{Step: StepSignOn, Phase: PhaseWorking, Text: "waiting for the acquirer host"})
	resp, err := r.exchange("SO", serialio.Field{Name: "OPER", Value: "01"})
	if err != nil {
		return err
	}
	for _, f := range resp.Fields {
		res.Evidence[strings.ToLower(f.Name)] = f.Value
	}
	for _, k := range []string{"PIK", "MAK", "TDK"} {
		res.Evidence["old_"+strings.ToLower(k)] = before.Value(k)
	}
	rc := resp.RC()
	if rc != "00" {
		who, msg := WhoTechnician, "The sign-on answered RC "+rc+"."
		if m, ok := signOnRC[rc]; ok {
			who, msg = m.who, m.msg
		}
		if rc == "K2" || resp.Value("KEYCHK") == "FAIL" {
			msg += fmt.Sprintf(" New check values received: PIK %s MAK %s TDK %s; in force: PIK %s MAK %s TDK %s.",
				orDash(resp.Value("PIK")), orDash(resp.Value("MAK")), orDash(resp.Value("TDK")), orDash(before.Value("PIK")), orDash(before.Value("MAK")), orDash(before.Value("TDK")))
		}
		res.Findings = append(res.Findings, finding(rc, SeverityCritical, who, msg))
		conclude(res, "sign-on failed: RC "+rc)
		return nil
	}
	if resp.Value("KEYCHK") != "OK" {
		res.Findings = append(res.Findings, finding("K2", SeverityCritical, WhoProvider,
			fmt.Sprintf("The host answered 00 but the key check says %q.", resp.Value("KEYCHK"))))
	}
	if ht, ok := parseTime(resp.Value("HOSTTIME")); ok {
		if st, err := r.status(true); err == nil {
			if tt, ok := parseTime(st.Value("TIME")); ok {
				d := tt.Sub(ht)
				res.Evidence["host_clock_diff_s"] = int64(d.Seconds())
				if d > maxClockDrift || d < -maxClockDrift {
					res.Findings = append(res.Findings, finding(CodeHostClock, SeverityWarning, WhoTechnician,
						fmt.Sprintf("The terminal's clock is %s off the host's time after sign-on.", roundDur(d))))
				}
			}
		} else if linkGone(err) {
			return err
		}
	}
	conclude(res, fmt.Sprintf("signed on, batch %s; new check values PIK %s MAK %s TDK %s (were %s %s %s)",
		resp.Value("BATCH"), resp.Value("PIK"), resp.Value("MAK"), resp.Value("TDK"),
		orDash(before.Value("PIK")), orDash(before.Value("MAK")), orDash(before.Value("TDK"))))
	return nil
}
