package diagnostics

import (
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"posdoctor/serialio"
)

// Thresholds of the checks.
const (
	maxClockDrift   = 5 * time.Minute  // terminal vs laptop, host vs terminal
	settleMaxAge    = 24 * time.Hour   // last settlement older than this: settle first
	signOnMaxAge    = 24 * time.Hour   // last sign-on older than this: sign on again
	weakSignalCSQ   = 10               // CSQ under this warns
	slowHostRTT     = 3000             // ms; a host round trip over this warns
	lowBattery      = 20               // percent
	keyHeldTooLong  = 2 * time.Second  // a key down longer than this warns
	duplicateWindow = 10 * time.Minute // same card and amount within this: possible duplicate charge
)

const timeLayout = "20060102150405"

func parseTime(s string) (time.Time, bool) {
	t, err := time.ParseInLocation(timeLayout, s, time.Local)
	// a terminal's clock may have been reset (to 2000-01-01, after a flat backup battery), but
	// year 1 or 9999 is not a time: in UTC the first is even Go's zero time, "unknown"
	return t, err == nil && t.Year() >= 1990 && t.Year() <= 2099
}

// ---- terminal ----

// Terminal step texts.
var (
	sumStatusRefused  = tpl("status request refused: RC {{.RC}}")
	msgClockDrift     = tpl("The terminal's clock is {{.Drift}} off the laptop's (terminal {{.Time}}): wrong clocks break settlement and reversals.")
	msgClockInvalid   = tpl("The terminal's clock {{.Time}} is not a valid time.")
	msgNotSignedOn    = tpl("The terminal is not signed on (未签到): it cannot take cards until it signs on.")
	msgStuckAtPowerOn = tpl("Keys held down at power-on: {{.Keys}}. A stuck key freezes the terminal at start-up (often a spilled drink).")
	msgBatteryLow     = tpl("Battery at {{.Percent}}%: light or blank printing and shutdowns follow.")
	msgUnsettled      = tpl("Last settlement {{.Age}} ago ({{.Time}}), {{.Pending}} transactions pending: settle (日终结算) before the terminal is swapped or sent away.")
	msgNeverSettled   = tpl("No settlement on record and {{.Pending}} transactions pending: settle before the terminal is swapped.")
	msgOffline        = tpl("{{.Count}} offline transactions are not uploaded yet: the money is not collected until they are.")
	msgPaperOut       = tpl("The printer is out of paper.")
	msgPaperLowST     = tpl("The paper roll is near its end.")
	msgCoverOpen      = tpl("The printer cover is open.")
	sumTerminal       = tpl("{{.Model}} {{.SN}}, TID {{.TID}}, MID {{.MID}}, {{.Name}}")
)

func (r *run) terminal(res *StepResult) error {
	st, err := r.status(true)
	if err != nil {
		return err
	}
	keepFields(res, "", st.Fields)
	if rc := st.RC(); rc != "00" {
		refused(res, serialio.CmdStatus, rc, sumStatusRefused)
		return nil
	}
	now := r.stAt
	if t, ok := parseTime(st.Value("TIME")); ok {
		drift := t.Sub(now)
		res.Evidence["clock_drift_s"] = int64(drift.Seconds())
		if drift > maxClockDrift || drift < -maxClockDrift {
			res.Findings = append(res.Findings, finding(CodeClockDrift, SeverityWarning, WhoTechnician,
				msgClockDrift, kv{"Drift": roundDur(drift), "Time": t.Format("2006-01-02 15:04:05")}))
		}
	} else {
		res.Findings = append(res.Findings, finding(CodeClockDrift, SeverityWarning, WhoTechnician, msgClockInvalid, kv{"Time": strconv.Quote(st.Value("TIME"))}))
	}
	if st.Value("SIGNED") != "Y" {
		res.Findings = append(res.Findings, finding(CodeNotSignedOn, SeverityWarning, WhoTechnician, msgNotSignedOn, nil))
	}
	if stuck := splitList(st.Value("STUCK")); len(stuck) > 0 {
		res.Findings = append(res.Findings, finding(CodeStuckKey, SeverityCritical, WhoTechnician,
			msgStuckAtPowerOn, kv{"Keys": strings.Join(stuck, ", ")}))
	}
	if b, err := strconv.Atoi(st.Value("BATT")); err == nil && b < lowBattery {
		res.Findings = append(res.Findings, finding(CodeBatteryLow, SeverityWarning, WhoMerchant, msgBatteryLow, kv{"Percent": b}))
	}
	pending, _ := strconv.Atoi(st.Value("PENDING"))
	if last, ok := parseTime(st.Value("LASTSETTLE")); ok {
		age := now.Sub(last)
		res.Evidence["settle_age_h"] = int64(age.Hours())
		if age > settleMaxAge {
			res.Findings = append(res.Findings, finding(CodeUnsettled, SeverityWarning, WhoMerchant,
				msgUnsettled, kv{"Age": roundDur(age), "Time": last.Format("2006-01-02 15:04"), "Pending": pending}))
		}
	} else if pending > 0 {
		res.Findings = append(res.Findings, finding(CodeUnsettled, SeverityWarning, WhoMerchant,
			msgNeverSettled, kv{"Pending": pending}))
	}
	if n, _ := strconv.Atoi(st.Value("OFFLINE")); n > 0 {
		res.Findings = append(res.Findings, finding(CodeOfflinePending, SeverityWarning, WhoMerchant,
			msgOffline, kv{"Count": n}))
	}
	if !r.steps[StepPrinter] {
		switch {
		case st.Value("PAPER") == "OUT":
			res.Findings = append(res.Findings, finding("P1", SeverityCritical, WhoMerchant, msgPaperOut, nil))
		case st.Value("PAPER") == "LOW":
			res.Findings = append(res.Findings, finding(CodePaperLow, SeverityWarning, WhoMerchant, msgPaperLowST, nil))
		}
		if st.Value("COVER") == "OPEN" {
			res.Findings = append(res.Findings, finding("P2", SeverityCritical, WhoMerchant, msgCoverOpen, nil))
		}
	}
	conclude(res, sumTerminal, kv{"Model": st.Value("MODEL"), "SN": st.Value("SN"), "TID": st.Value("TID"), "MID": st.Value("MID"), "Name": st.Value("MNAME")})
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, k := range strings.Split(s, ",") {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// ---- host ----

// hostRC explains CT's local codes (PROTOCOL.md §7).
var hostRC = map[string]string{
	"H1": tpl("No dial tone on the phone line (PSTN). (mode {{.Mode}})"),
	"H2": tpl("The phone line is busy (PSTN). (mode {{.Mode}})"),
	"H3": tpl("The acquirer host did not answer in time. (mode {{.Mode}})"),
	"H4": tpl("No SIM card in the terminal. (mode {{.Mode}})"),
	"H5": tpl("The terminal is not registered on the mobile network (no signal). (mode {{.Mode}})"),
	"H6": tpl("The acquirer host refused the connection. (mode {{.Mode}})"),
}

// msgHostSilentBeyond is H3 when the terminal's own link was fine: the host, or the network
// beyond the shop, is not answering, and nothing at the counter fixes that.
var msgHostSilentBeyond = tpl("The acquirer host did not answer in time, though the terminal reached its network (mode {{.Mode}}): the host or the link beyond the shop is down; retry later and report it to the service provider if it keeps failing.")

// Host step texts.
var (
	msgCommTestRC    = tpl("The comm test answered RC {{.RC}} (mode {{.Mode}}).")
	msgSignalUnknown = tpl("The modem does not know the signal strength (CSQ 99).")
	msgWeakSignal    = tpl("Weak mobile signal: CSQ {{.CSQ}} (under {{.Min}}). Transactions will time out now and then.")
	msgHostSlow      = tpl("The host round trip took {{.MS}} ms.")
	sumHostOK        = tpl("host reachable over {{.Mode}} in {{.MS}} ms")
	sumHostDown      = tpl("host not reachable over {{.Mode}}: RC {{.RC}}")
)

func (r *run) host(res *StepResult) error {
	r.c.progress(working(StepHost, 0, 0, progDialling, nil))
	resp, err := r.exchange(serialio.CmdCommTest)
	if err != nil {
		return err
	}
	keepFields(res, "", resp.Fields)
	mode := resp.Value("MODE")
	rc := resp.RC()
	switch {
	case rc == "00":
	case rc == "H3" && ownLinkUp(resp):
		res.Findings = append(res.Findings, finding(rc, SeverityCritical, WhoProvider, msgHostSilentBeyond, kv{"Mode": mode}))
	case hostRC[rc] != "":
		who := WhoTechnician
		if rc == "H6" {
			who = WhoProvider
		}
		res.Findings = append(res.Findings, finding(rc, SeverityCritical, who, hostRC[rc], kv{"Mode": mode}))
	default:
		res.Findings = append(res.Findings, finding(rc, SeverityCritical, WhoTechnician, msgCommTestRC, kv{"RC": rc, "Mode": mode}))
	}
	if mode == "GPRS" || mode == "4G" {
		switch sig := resp.Value("SIGNAL"); {
		case sig == "99":
			res.Findings = append(res.Findings, finding(CodeSignalUnknown, SeverityWarning, WhoTechnician, msgSignalUnknown, nil))
		default:
			if n, err := strconv.Atoi(sig); err == nil && n < weakSignalCSQ && rc == "00" {
				res.Findings = append(res.Findings, finding(CodeWeakSignal, SeverityWarning, WhoTechnician,
					msgWeakSignal, kv{"CSQ": n, "Min": weakSignalCSQ}))
			}
		}
	}
	if rtt, err := strconv.Atoi(resp.Value("RTT")); err == nil && rc == "00" && rtt > slowHostRTT {
		res.Findings = append(res.Findings, finding(CodeHostSlow, SeverityWarning, WhoProvider, msgHostSlow, kv{"MS": rtt}))
	}
	if rc == "00" {
		conclude(res, sumHostOK, kv{"Mode": mode, "MS": resp.Value("RTT")})
	} else {
		conclude(res, sumHostDown, kv{"Mode": mode, "RC": rc})
	}
	return nil
}

// ownLinkUp reports whether CT found the terminal's own side of its host link in order: a dial
// tone and a free line (PSTN), a ready SIM, registration and a signal that is known and not weak
// (GPRS/4G). Wi-Fi and Ethernet report nothing of their own side (NA): the shop's router or
// broadband may be what is down, so the link is not known to be up. A field the terminal did
// not send proves nothing either.
func ownLinkUp(resp serialio.Message) bool {
	switch resp.Value("MODE") {
	case "PSTN":
		return resp.Value("DIALTONE") == "Y" && resp.Value("LINE") == "FREE"
	case "GPRS", "4G":
		n, err := strconv.Atoi(resp.Value("SIGNAL"))
		return resp.Value("SIM") == "READY" && resp.Value("REG") == "Y" && err == nil && n >= weakSignalCSQ && n != 99
	}
	return false
}

// ---- keys ----

// Keys step texts.
var (
	sumKeysRefused = tpl("key status refused: RC {{.RC}}")
	msgNoTMK       = tpl("The terminal master key (TMK) is missing: it must be injected again by the service provider before the terminal can sign on.")
	msgKeyAbsent   = tpl("No valid check value for {{.Keys}}: the working keys are missing; a sign-on downloads them.")
	msgSignOnOld   = tpl("Last sign-on {{.Age}} ago.")
	sumKeys        = tpl("TMK {{.TMK}} (index {{.Index}}); PIK {{.PIK}} MAK {{.MAK}} TDK {{.TDK}}")
)

func (r *run) keys(res *StepResult) error {
	resp, err := r.exchange(serialio.CmdKeyStatus)
	if err != nil {
		return err
	}
	keepFields(res, "", resp.Fields) // check values only: no key material exists here
	if rc := resp.RC(); rc != "00" {
		refused(res, serialio.CmdKeyStatus, rc, sumKeysRefused)
		return nil
	}
	if resp.Value("TMK") != "Y" {
		res.Findings = append(res.Findings, finding("K1", SeverityCritical, WhoProvider, msgNoTMK, nil))
	} else {
		var absent []string
		for _, k := range []string{"PIK", "MAK", "TDK"} {
			if !validCheckValue(resp.Value(k)) {
				absent = append(absent, k)
			}
		}
		if len(absent) > 0 {
			res.Findings = append(res.Findings, finding(CodeKeyAbsent, SeverityWarning, WhoTechnician,
				msgKeyAbsent, kv{"Keys": strings.Join(absent, ", ")}))
		}
	}
	if t, ok := parseTime(resp.Value("LASTSIGNON")); ok {
		if age := r.c.now().Sub(t); age > signOnMaxAge {
			res.Findings = append(res.Findings, finding(CodeSignOnOld, SeverityInfo, WhoTechnician, msgSignOnOld, kv{"Age": roundDur(age)}))
		}
	}
	conclude(res, sumKeys, kv{"TMK": resp.Value("TMK"), "Index": resp.Value("TMKIDX"), "PIK": orDash(resp.Value("PIK")), "MAK": orDash(resp.Value("MAK")), "TDK": orDash(resp.Value("TDK"))})
	return nil
}

func validCheckValue(s string) bool {
	if len(s) != 8 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
