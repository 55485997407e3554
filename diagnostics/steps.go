package diagnostics

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
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
	return t, err == nil
}

// ---- link ----

// echoPatterns are the echo rounds' payloads: together they carry every byte value, in
// orders that stress the line differently (ascending, descending, alternating bits, shuffled).
func echoPatterns(rounds int) [][]byte {
	var out [][]byte
	asc := make([]byte, 256)
	for i := range asc {
		asc[i] = byte(i)
	}
	for r := 0; r < rounds; r++ {
		p := make([]byte, 256)
		switch r % 4 {
		case 0:
			copy(p, asc)
		case 1:
			for i := range p {
				p[i] = byte(255 - i)
			}
		case 2:
			for i := range p {
				p[i] = byte(i) ^ 0x55
				if i%2 == 1 {
					p[i] = byte(i) ^ 0xAA
				}
			}
		default:
			copy(p, asc)
			rng := rand.New(rand.NewPCG(uint64(r), 7))
			rng.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] })
		}
		// 256 bytes is 512 hex characters: under EC's 900
		out = append(out, p)
	}
	return out
}

func (r *run) link(res *StepResult) error {
	var before serialio.ClientStats
	ls, hasStats := r.c.Term.(linkStats)
	if hasStats {
		before = ls.Stats()
	}
	start := time.Now()
	if err := r.c.Term.Probe(r.ctx); err != nil {
		if linkGone(err) {
			return errAbort{err}
		}
		if r.ctx.Err() != nil {
			return err
		}
		res.Evidence["enq"] = err.Error()
		res.Findings = append(res.Findings, finding(CodeLinkNoAnswer, SeverityCritical, WhoTechnician,
			"The terminal did not answer ENQ: "+err.Error()))
		conclude(res, "no answer from the terminal")
		return errSkipRest{"the terminal does not answer on the link"}
	}
	res.Evidence["enq_ms"] = time.Since(start).Milliseconds()

	rounds := r.c.EchoRounds
	if rounds <= 0 {
		rounds = 4
	}
	var rtts []int64
	mismatches := 0
	for i, p := range echoPatterns(rounds) {
		r.c.progress(Progress{Step: StepLink, Phase: PhaseWorking, Done: i, Total: rounds, Text: fmt.Sprintf("echo round %d of %d", i+1, rounds)})
		t0 := time.Now()
		resp, err := r.exchange("EC", serialio.Field{Name: "DATA", Value: strings.ToUpper(hex.EncodeToString(p))})
		if errors.Is(err, serialio.ErrTimeout) {
			res.Findings = append(res.Findings, finding(CodeLinkNoAnswer, SeverityCritical, WhoTechnician,
				fmt.Sprintf("The terminal acknowledged echo round %d but never answered it: %v", i+1, err)))
			conclude(res, "the terminal does not answer requests")
			return errSkipRest{"the terminal does not answer requests"}
		}
		if err != nil {
			return err
		}
		rtts = append(rtts, time.Since(t0).Milliseconds())
		got, derr := hex.DecodeString(resp.Value("DATA"))
		if resp.RC() != "00" || derr != nil || string(got) != string(p) {
			mismatches++
		}
	}
	r.c.progress(Progress{Step: StepLink, Phase: PhaseWorking, Done: rounds, Total: rounds, Text: "echo done"})
	res.Evidence["echo_rounds"] = rounds
	res.Evidence["echo_rtt_ms"] = rtts
	res.Evidence["echo_mismatches"] = mismatches
	if hasStats {
		after := ls.Stats()
		resends := after.Resends - before.Resends
		naks := (after.NAKsReceived - before.NAKsReceived) + (after.NAKsSent - before.NAKsSent)
		timeouts := after.ACKTimeouts - before.ACKTimeouts
		res.Evidence["resends"], res.Evidence["naks"], res.Evidence["ack_timeouts"] = resends, naks, timeouts
		res.Evidence["abandoned_frames"] = after.Abandoned - before.Abandoned
		res.Evidence["noise_bytes"] = after.NoiseBytes - before.NoiseBytes
		if resends > 0 || naks > 0 {
			res.Findings = append(res.Findings, finding(CodeLinkResends, SeverityWarning, WhoTechnician,
				fmt.Sprintf("The line needed %d resends and saw %d NAKs in %d echo rounds: a poor cable, a loose connector, interference, or a baud/format that does not match the terminal's.", resends, naks, rounds)))
		}
	}
	if mismatches > 0 {
		res.Findings = append(res.Findings, finding(CodeLinkEchoMismatch, SeverityCritical, WhoTechnician,
			fmt.Sprintf("%d of %d echo rounds came back different", mismatches, rounds)))
	}
	conclude(res, fmt.Sprintf("terminal answers; %d echo rounds, median %d ms", rounds, median(rtts)))
	return nil
}

func median(v []int64) int64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]int64(nil), v...)
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s[len(s)/2]
}

// ---- terminal ----

func (r *run) terminal(res *StepResult) error {
	st, err := r.status(true)
	if err != nil {
		return err
	}
	for _, f := range st.Fields {
		res.Evidence[strings.ToLower(f.Name)] = f.Value
	}
	if rc := st.RC(); rc != "00" {
		res.Findings = append(res.Findings, finding(rc, SeverityCritical, WhoTechnician, "ST answered RC "+rc))
		conclude(res, "status request refused: RC "+rc)
		return nil
	}
	now := r.stAt
	if t, ok := parseTime(st.Value("TIME")); ok {
		drift := t.Sub(now)
		res.Evidence["clock_drift_s"] = int64(drift.Seconds())
		if drift > maxClockDrift || drift < -maxClockDrift {
			res.Findings = append(res.Findings, finding(CodeClockDrift, SeverityWarning, WhoTechnician,
				fmt.Sprintf("The terminal's clock is %s off the laptop's (terminal %s): wrong clocks break settlement and reversals.", roundDur(drift), t.Format("2006-01-02 15:04:05"))))
		}
	} else {
		res.Findings = append(res.Findings, finding(CodeClockDrift, SeverityWarning, WhoTechnician, fmt.Sprintf("The terminal's clock %q is not a valid time.", st.Value("TIME"))))
	}
	if st.Value("SIGNED") != "Y" {
		res.Findings = append(res.Findings, finding(CodeNotSignedOn, SeverityWarning, WhoTechnician, "The terminal is not signed on (未签到): it cannot take cards until it signs on."))
	}
	if stuck := splitList(st.Value("STUCK")); len(stuck) > 0 {
		res.Findings = append(res.Findings, finding(CodeStuckKey, SeverityCritical, WhoTechnician,
			fmt.Sprintf("Keys held down at power-on: %s. A stuck key freezes the terminal at start-up (often a spilled drink).", strings.Join(stuck, ", "))))
	}
	if b, err := strconv.Atoi(st.Value("BATT")); err == nil && b < lowBattery {
		res.Findings = append(res.Findings, finding(CodeBatteryLow, SeverityWarning, WhoMerchant, fmt.Sprintf("Battery at %d%%: light or blank printing and shutdowns follow.", b)))
	}
	pending, _ := strconv.Atoi(st.Value("PENDING"))
	if last, ok := parseTime(st.Value("LASTSETTLE")); ok {
		age := now.Sub(last)
		res.Evidence["settle_age_h"] = int64(age.Hours())
		if age > settleMaxAge {
			res.Findings = append(res.Findings, finding(CodeUnsettled, SeverityWarning, WhoMerchant,
				fmt.Sprintf("Last settlement %s ago (%s), %d transactions pending: settle (日终结算) before the terminal is swapped or sent away.", roundDur(age), last.Format("2006-01-02 15:04"), pending)))
		}
	} else if pending > 0 {
		res.Findings = append(res.Findings, finding(CodeUnsettled, SeverityWarning, WhoMerchant,
			fmt.Sprintf("No settlement on record and %d transactions pending: settle before the terminal is swapped.", pending)))
	}
	if n, _ := strconv.Atoi(st.Value("OFFLINE")); n > 0 {
		res.Findings = append(res.Findings, finding(CodeOfflinePending, SeverityWarning, WhoMerchant,
			fmt.Sprintf("%d offline transactions are not uploaded yet: the money is not collected until they are.", n)))
	}
	if !r.steps[StepPrinter] {
		switch {
		case st.Value("PAPER") == "OUT":
			res.Findings = append(res.Findings, finding("P1", SeverityCritical, WhoMerchant, "The printer is out of paper."))
		case st.Value("PAPER") == "LOW":
			res.Findings = append(res.Findings, finding(CodePaperLow, SeverityWarning, WhoMerchant, "The paper roll is near its end."))
		}
		if st.Value("COVER") == "OPEN" {
			res.Findings = append(res.Findings, finding("P2", SeverityCritical, WhoMerchant, "The printer cover is open."))
		}
	}
	conclude(res, fmt.Sprintf("%s %s, TID %s, MID %s, %s", st.Value("MODEL"), st.Value("SN"), st.Value("TID"), st.Value("MID"), st.Value("MNAME")))
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
	return fmt.Sprintf("%d minutes", int(d.Minutes()))
}

// ---- host ----

func (r *run) host(res *StepResult) error {
	r.c.progress(Progress{Step: StepHost, Phase: PhaseWorking, Text: "the terminal is dialling / connecting to its host (up to a minute)"})
	resp, err := r.exchange("CT")
	if err != nil {
		return err
	}
	for _, f := range resp.Fields {
		res.Evidence[strings.ToLower(f.Name)] = f.Value
	}
	mode := resp.Value("MODE")
	rc := resp.RC()
	msgs := map[string]string{
		"H1": "No dial tone on the phone line (PSTN).",
		"H2": "The phone line is busy (PSTN).",
		"H3": "The acquirer host did not answer in time.",
		"H4": "No SIM card in the terminal.",
		"H5": "The terminal is not registered on the mobile network (no signal).",
		"H6": "The acquirer host refused the connection.",
	}
	switch {
	case rc == "00":
	case msgs[rc] != "":
		who := WhoTechnician
		if rc == "H6" {
			who = WhoProvider
		}
		res.Findings = append(res.Findings, finding(rc, SeverityCritical, who, fmt.Sprintf("%s (mode %s)", msgs[rc], mode)))
	default:
		res.Findings = append(res.Findings, finding(rc, SeverityCritical, WhoTechnician, fmt.Sprintf("The comm test answered RC %s (mode %s).", rc, mode)))
	}
	if mode == "GPRS" || mode == "4G" {
		switch sig := resp.Value("SIGNAL"); {
		case sig == "99":
			res.Findings = append(res.Findings, finding(CodeSignalUnknown, SeverityWarning, WhoTechnician, "The modem does not know the signal strength (CSQ 99)."))
		default:
			if n, err := strconv.Atoi(sig); err == nil && n < weakSignalCSQ && rc == "00" {
				res.Findings = append(res.Findings, finding(CodeWeakSignal, SeverityWarning, WhoTechnician,
					fmt.Sprintf("Weak mobile signal: CSQ %d (under %d). Transactions will time out now and then.", n, weakSignalCSQ)))
			}
		}
	}
	if rtt, err := strconv.Atoi(resp.Value("RTT")); err == nil && rc == "00" && rtt > slowHostRTT {
		res.Findings = append(res.Findings, finding(CodeHostSlow, SeverityWarning, WhoProvider, fmt.Sprintf("The host round trip took %d ms.", rtt)))
	}
	if rc == "00" {
		conclude(res, fmt.Sprintf("host reachable over %s in %s ms", mode, resp.Value("RTT")))
	} else {
		conclude(res, fmt.Sprintf("host not reachable over %s: RC %s", mode, rc))
	}
	return nil
}

// ---- keys ----

func (r *run) keys(res *StepResult) error {
	resp, err := r.exchange("KS")
	if err != nil {
		return err
	}
	for _, f := range resp.Fields {
		res.Evidence[strings.ToLower(f.Name)] = f.Value // check values only: no key material exists here
	}
	if rc := resp.RC(); rc != "00" {
		res.Findings = append(res.Findings, finding(rc, SeverityCritical, WhoTechnician, "KS answered RC "+rc))
		conclude(res, "key status refused: RC "+rc)
		return nil
	}
	if resp.Value("TMK") != "Y" {
		res.Findings = append(res.Findings, finding("K1", SeverityCritical, WhoProvider,
			"The terminal master key (TMK) is missing: it must be injected again by the service provider before the terminal can sign on."))
	} else {
		var absent []string
		for _, k := range []string{"PIK", "MAK", "TDK"} {
			if !validCheckValue(resp.Value(k)) {
				absent = append(absent, k)
			}
		}
		if len(absent) > 0 {
			res.Findings = append(res.Findings, finding(CodeKeyAbsent, SeverityWarning, WhoTechnician,
				fmt.Sprintf("No valid check value for %s: the working keys are missing; a sign-on downloads them.", strings.Join(absent, ", "))))
		}
	}
	if t, ok := parseTime(resp.Value("LASTSIGNON")); ok {
		if age := r.c.now().Sub(t); age > signOnMaxAge {
			res.Findings = append(res.Findings, finding(CodeSignOnOld, SeverityInfo, WhoTechnician, fmt.Sprintf("Last sign-on %s ago.", roundDur(age))))
		}
	}
	conclude(res, fmt.Sprintf("TMK %s (index %s); PIK %s MAK %s TDK %s", resp.Value("TMK"), resp.Value("TMKIDX"), orDash(resp.Value("PIK")), orDash(resp.Value("MAK")), orDash(resp.Value("TDK"))))
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
