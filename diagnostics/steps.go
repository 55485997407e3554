package diagnostics

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
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

// Link step thresholds (docs/checklist.md): a clean line shows none of these signs, so one
// of them is enough to warn. They are counted over the link step alone.
const (
	probeTries     = 3                      // ENQs before one echo request decides whether anyone is there
	pingRounds     = 16                     // short echoes after the long ones: lost, stalled and late frames show in their count
	noiseLimit     = 16                     // bytes of noise (outside frames, or the rest of a damaged frame)
	slowEchoMargin = 500 * time.Millisecond // an echo slower than its bytes' wire time plus this was resent or stalled
	garbledNoise   = 16                     // bytes of noise with no answer: a wrong baud or format rather than silence
)

// Link step texts.
var (
	msgNoENQ       = tpl("The terminal did not answer ENQ: {{.Err}}")
	sumNoAnswer    = tpl("no answer from the terminal")
	msgEchoNoReply = tpl("The terminal acknowledged echo round {{.Round}} but never answered it: {{.Err}}")
	sumNoRequests  = tpl("the terminal does not answer requests")
	msgResends     = tpl("The line needed {{.Resends}} resends and saw {{.NAKs}} NAKs in {{.Rounds}} echo rounds: a poor cable, a loose connector, interference, or a baud/format that does not match the terminal's.")
	msgLinkPoor    = tpl("The line is poor: {{.Resends}} resends, {{.NAKs}} NAKs, {{.Abandoned}} frames cut off mid-way, {{.Noise}} bytes of noise, {{.Late}} answers repeated, {{.LostENQ}} of {{.Probes}} ENQ probes unanswered, {{.Slow}} of {{.Rounds}} echoes late (slowest {{.MaxMS}} ms). A clean line shows none of these: a loose or poor cable, a failing USB-serial adapter, or interference.")
	msgLoopback    = tpl("The line echoes what we send: a loopback plug or a wrong cable, not a terminal.")
	sumLoopback    = tpl("the line echoes what we send: not a terminal")
	msgGarbled     = tpl("Bytes arrive on the port but none is a TML/1 frame ({{.Noise}} bytes of noise, {{.Bad}} damaged frames): it looks like a wrong baud rate or character format (8N1/7E1), or a device that is not a terminal. ({{.Err}})")
	sumGarbled     = tpl("bytes on the line but no frame: wrong baud rate or format?")
	msgEchoBad     = tpl("{{.Bad}} of {{.Rounds}} echo rounds came back different")
	sumLinkOK      = tpl("terminal answers; {{.Rounds}} echo rounds, median {{.MS}} ms")

	sumNotRunNoTerminal = tpl("not run: there is no terminal on the line")
)

// wireTimer is implemented by terminals that know their line's baud rate (serialio.Client).
type wireTimer interface {
	WireTime(n int) time.Duration
}

// linkDelta is what the link counted between two snapshots.
func linkDelta(before, after serialio.ClientStats) serialio.ClientStats {
	return serialio.ClientStats{
		LinkStats: serialio.LinkStats{
			Resends: after.Resends - before.Resends, NAKsReceived: after.NAKsReceived - before.NAKsReceived,
			ACKTimeouts: after.ACKTimeouts - before.ACKTimeouts, NAKsSent: after.NAKsSent - before.NAKsSent,
			Abandoned: after.Abandoned - before.Abandoned, NoiseBytes: after.NoiseBytes - before.NoiseBytes,
		},
		LateResponses: after.LateResponses - before.LateResponses, Echoes: after.Echoes - before.Echoes,
	}
}

// linkProbe is the link step's state: the counts before it began.
type linkProbe struct {
	r        *run
	res      *StepResult
	ls       linkStats // nil when the terminal does not count
	before   serialio.ClientStats
	lostENQ  int
	probes   int
	rtts     []int64 // the long rounds
	pingRTTs []int64
	slow     int
	maxRTT   int64
}

func (p *linkProbe) delta() serialio.ClientStats {
	if p.ls == nil {
		return serialio.ClientStats{}
	}
	return linkDelta(p.before, p.ls.Stats())
}

// notTerminal ends the step when the line shows there is no terminal on it (our own frames
// come back, or bytes that are no frames): the step is error, the rest are skipped, and the
// check exits 2 (it could not run). ok is false for any other error.
func (p *linkProbe) notTerminal(err error) (error, bool) {
	res := p.res
	switch {
	case errors.Is(err, serialio.ErrLineEcho):
		res.Findings = append(res.Findings, finding(CodeLinkLoopback, SeverityCritical, WhoTechnician, msgLoopback, nil))
		p.end(sumLoopback)
	case errors.Is(err, serialio.ErrGarbled):
		p.garbled(err)
	default:
		return nil, false
	}
	return errSkipRest{summary: sumNotRunNoTerminal}, true
}

func (p *linkProbe) garbled(err error) {
	d := p.delta()
	p.res.Findings = append(p.res.Findings, finding(CodeLinkGarbled, SeverityCritical, WhoTechnician, msgGarbled,
		kv{"Noise": d.NoiseBytes, "Bad": d.NAKsSent + d.Abandoned, "Err": err.Error()}))
	p.end(sumGarbled)
}

// end concludes a step that could not run: its findings say why, its status is error.
func (p *linkProbe) end(summary string) {
	p.evidence()
	conclude(p.res, summary, nil)
	p.res.Status = StatusError
}

// noAnswer ends the step when nothing answered: silence, or only bytes that are no frames.
func (p *linkProbe) noAnswer(err error) error {
	if ferr, ok := p.notTerminal(err); ok {
		return ferr
	}
	if p.delta().NoiseBytes >= garbledNoise {
		p.garbled(err)
		return errSkipRest{summary: sumNotRunNoTerminal}
	}
	p.res.Findings = append(p.res.Findings, finding(CodeLinkNoAnswer, SeverityCritical, WhoTechnician,
		msgNoENQ, kv{"Err": fmt.Sprintf("%d ENQ probes and an echo request went unanswered: %v", p.probes, err)}))
	p.end(sumNoAnswer)
	return errSkipRest{summary: sumNotRunNoAnswer}
}

// poor reports whether the line passed a threshold of a poor line (docs/checklist.md) so far.
// Resends and NAKs alone are LINK-RESENDS, as before.
func (p *linkProbe) poor() bool {
	d := p.delta()
	return d.Abandoned > 0 || d.NoiseBytes >= noiseLimit || d.LateResponses > 0 || p.lostENQ > 0 || p.slow > 0
}

func (p *linkProbe) evidence() {
	ev := p.res.Evidence
	ev["enq_probes"], ev["enq_unanswered"] = p.probes, p.lostENQ
	if p.ls != nil {
		d := p.delta()
		ev["resends"], ev["naks"], ev["ack_timeouts"] = d.Resends, d.NAKsReceived+d.NAKsSent, d.ACKTimeouts
		ev["abandoned_frames"], ev["noise_bytes"], ev["repeated_answers"] = d.Abandoned, d.NoiseBytes, d.LateResponses
	}
}

// echo sends one EC round and times it against what its bytes need on the wire.
func (p *linkProbe) echo(payload []byte) (resp serialio.Message, rtt int64, err error) {
	data := strings.ToUpper(hex.EncodeToString(payload))
	t0 := time.Now()
	resp, err = p.r.exchange(serialio.CmdEcho, serialio.Field{Name: "DATA", Value: data})
	if err != nil {
		return resp, 0, err
	}
	took := time.Since(t0)
	limit := slowEchoMargin
	if w, ok := p.r.c.Term.(wireTimer); ok {
		// the request and its answer as framed: CMD SEQ FS DATA=... and RC=00 FS before it
		req := serialio.FrameOverhead + len("EC0000\x1cDATA=") + len(data)
		limit += w.WireTime(req) + w.WireTime(req+len("RC=00\x1c"))
	}
	if took > limit {
		p.slow++
	}
	rtt = took.Milliseconds()
	p.maxRTT = max(p.maxRTT, rtt)
	return resp, rtt, nil
}

func (r *run) link(res *StepResult) error {
	p := &linkProbe{r: r, res: res}
	if ls, ok := r.c.Term.(linkStats); ok {
		p.ls, p.before = ls, ls.Stats()
	}
	// ENQ a few times: one ACK lost on a noisy line is not a silent terminal (§3)
	start := time.Now()
	var perr error
	for p.probes < probeTries {
		p.probes++
		if perr = r.c.Term.Probe(r.ctx); perr == nil {
			break
		}
		if r.ctx.Err() != nil {
			return perr
		}
		if ferr, ok := p.notTerminal(perr); ok {
			return ferr
		}
		if linkGone(perr) {
			return errAbort{perr}
		}
		p.lostENQ++
	}
	if perr != nil {
		// no ACK to any ENQ: one request decides (a terminal may ignore ENQ and still answer)
		res.Evidence["enq"] = perr.Error()
		if _, _, err := p.echo([]byte{0x00, 0xFF, 0x55, 0xAA}); err != nil {
			if r.ctx.Err() != nil {
				return err
			}
			return p.noAnswer(err)
		}
	} else {
		res.Evidence["enq_ms"] = time.Since(start).Milliseconds()
	}

	rounds := r.c.EchoRounds
	if rounds <= 0 {
		rounds = 4
	}
	mismatches := 0
	payloads := echoPatterns(rounds)
	for i := range pingRounds {
		payloads = append(payloads, []byte{byte(i), 0x02, 0x03, 0x04, 0x05, 0x06, 0x15, 0x1C}) // control bytes as data
	}
	for i, pl := range payloads {
		if i >= rounds && p.poor() {
			break // the short echoes only look for trouble, and it was found
		}
		r.c.progress(working(StepLink, i, len(payloads), progEchoRound, kv{"N": i + 1, "Total": len(payloads)}))
		resp, rtt, err := p.echo(pl)
		if err != nil {
			if ferr, ok := p.notTerminal(err); ok {
				return ferr
			}
			if errors.Is(err, serialio.ErrTimeout) {
				res.Findings = append(res.Findings, finding(CodeLinkNoAnswer, SeverityCritical, WhoTechnician,
					msgEchoNoReply, kv{"Round": i + 1, "Err": err.Error()}))
				p.end(sumNoRequests)
				return errSkipRest{summary: sumNotRunNoRequests}
			}
			return err
		}
		if i < rounds {
			p.rtts = append(p.rtts, rtt)
		} else {
			p.pingRTTs = append(p.pingRTTs, rtt)
		}
		got, derr := hex.DecodeString(resp.Value("DATA"))
		if resp.RC() != "00" || derr != nil || string(got) != string(pl) {
			mismatches++
		}
	}
	r.c.progress(working(StepLink, len(payloads), len(payloads), progEchoDone, nil))
	res.Evidence["echo_rounds"] = rounds
	res.Evidence["echo_rtt_ms"] = p.rtts
	res.Evidence["ping_rounds"] = len(p.pingRTTs)
	res.Evidence["ping_rtt_ms"] = p.pingRTTs
	res.Evidence["echo_mismatches"] = mismatches
	res.Evidence["echoes_late"] = p.slow
	p.evidence()
	d := p.delta()
	naks := d.NAKsReceived + d.NAKsSent
	echoed := len(p.rtts) + len(p.pingRTTs)
	switch {
	case p.poor():
		res.Findings = append(res.Findings, finding(CodeLinkPoor, SeverityWarning, WhoTechnician, msgLinkPoor, kv{
			"Resends": d.Resends, "NAKs": naks, "Abandoned": d.Abandoned, "Noise": d.NoiseBytes, "Late": d.LateResponses,
			"LostENQ": p.lostENQ, "Probes": p.probes, "Slow": p.slow, "Rounds": echoed, "MaxMS": p.maxRTT}))
	case d.Resends > 0 || naks > 0:
		res.Findings = append(res.Findings, finding(CodeLinkResends, SeverityWarning, WhoTechnician,
			msgResends, kv{"Resends": d.Resends, "NAKs": naks, "Rounds": echoed}))
	}
	if mismatches > 0 {
		res.Findings = append(res.Findings, finding(CodeLinkEchoMismatch, SeverityCritical, WhoTechnician,
			msgEchoBad, kv{"Bad": mismatches, "Rounds": echoed}))
	}
	conclude(res, sumLinkOK, kv{"Rounds": rounds, "MS": median(p.rtts)})
	return nil
}

func median(v []int64) int64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
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
