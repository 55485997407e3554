package diagnostics

import (
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"posdoctor/serialio"
)

// The link step (docs/checklist.md): is a terminal on the line, and is the line clean.

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
	msgNoENQ       = tpl("The terminal answered none of {{.Probes}} ENQ probes, nor an echo request sent after them.")
	sumNoAnswer    = tpl("no answer from the terminal")
	msgEchoNoReply = tpl("The terminal acknowledged echo round {{.Round}} but never answered it, though asked again.")
	sumNoRequests  = tpl("the terminal does not answer requests")
	msgResends     = tpl("The line needed {{.Resends}} resends and saw {{.NAKs}} NAKs in {{.Rounds}} echo rounds: a poor cable, a loose connector, interference, or a baud/format that does not match the terminal's.")
	msgLinkPoor    = tpl("The line is poor: {{.Resends}} resends, {{.NAKs}} NAKs, {{.Abandoned}} frames cut off mid-way, {{.Noise}} bytes of noise, {{.Late}} answers repeated, {{.LostENQ}} of {{.Probes}} ENQ probes unanswered, {{.Slow}} of {{.Rounds}} echoes late (slowest {{.MaxMS}} ms). A clean line shows none of these: a loose or poor cable, a failing USB-serial adapter, or interference.")
	msgLoopback    = tpl("The line echoes what we send: a loopback plug or a wrong cable, not a terminal.")
	sumLoopback    = tpl("the line echoes what we send: not a terminal")
	msgGarbled     = tpl("Bytes arrive on the port but none is a TML/1 frame ({{.Noise}} bytes of noise, {{.Bad}} damaged frames): it looks like a wrong baud rate or character format (8N1/7E1), or a device that is not a terminal.")
	msgLinkTooPoor = tpl("The line is too poor to carry the checklist: echo round {{.Round}} ({{.Bytes}} bytes) or its answer was damaged on the line every time, asked {{.Asked}} times with up to 4 sends each, though the terminal answers ENQ. So far {{.Resends}} resends, {{.NAKs}} NAKs, {{.Timeouts}} ACK timeouts, {{.Abandoned}} frames cut off mid-way, {{.Noise}} bytes of noise. A clean line shows none of these: a loose or poor cable, a failing USB-serial adapter, or interference. Fix the line, then run the check again.")
	sumLinkTooPoor = tpl("the line is too poor to carry the checklist: echo round {{.Round}} did not get through")
	sumGarbled     = tpl("bytes on the line but no frame: wrong baud rate or format?")
	msgEchoBad     = tpl("{{.Bad}} of {{.Rounds}} echo rounds came back different")
	sumLinkOK      = tpl("terminal answers; {{.Rounds}} echo rounds, median {{.MS}} ms")

	msgTerminalBusy = tpl("The terminal answered E3 (busy: another operation is running) to every echo request for {{.S}} s: it is in the middle of something else — a keypad test, a test print, a sign-on, a comm test or a transaction, started on the terminal, from another screen or by a check that was cancelled. The line is not at fault. Let it finish or end it on the terminal, then run the check again.")
	sumTerminalBusy = tpl("the terminal is busy with another operation (E3): let it finish or end it, then run the check again")

	sumNotRunNoTerminal = tpl("not run: there is no terminal on the line")
	sumNotRunBusy       = tpl("not run: the terminal is busy with another operation")
	sumNotRunLinePoor   = tpl("not run: the line is too poor to carry the checklist's requests")

	// the templates of reports written before the error went to the evidence, kept so that
	// those reports still show in the reader's language
	_ = tpl("The terminal did not answer ENQ: {{.Err}}")
	_ = tpl("The terminal acknowledged echo round {{.Round}} but never answered it: {{.Err}}")
	_ = tpl("Bytes arrive on the port but none is a TML/1 frame ({{.Noise}} bytes of noise, {{.Bad}} damaged frames): it looks like a wrong baud rate or character format (8N1/7E1), or a device that is not a terminal. ({{.Err}})")
)

// errBusy: the terminal answered E3 (busy, PROTOCOL.md §7) for as long as the checklist asks
// again (Checklist.BusyWait): it is busy with another operation, which says nothing of the line.
var errBusy = errors.New("the terminal answered E3 (busy with another operation) every time it was asked")

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
	busy     int // the terminal's E3 answers before the step
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
		p.end(sumLoopback, nil)
	case errors.Is(err, serialio.ErrGarbled):
		p.garbled(err)
	default:
		return nil, false
	}
	return errSkipRest{summary: sumNotRunNoTerminal}, true
}

func (p *linkProbe) garbled(err error) {
	d := p.delta()
	p.res.Evidence["error"] = err.Error()
	p.res.Findings = append(p.res.Findings, finding(CodeLinkGarbled, SeverityCritical, WhoTechnician, msgGarbled,
		kv{"Noise": d.NoiseBytes, "Bad": d.NAKsSent + d.Abandoned}))
	p.end(sumGarbled, nil)
}

// tooPoor ends the step when echo round (1-based) of n payload bytes, or its answer, could not
// be carried however often it was asked for, while the terminal answers ENQ (ErrLinePoor): the
// line is too poor for the checklist's requests (a journal page is four times that size). The
// step is error with LINK-POOR and what the line did so far, and the rest are skipped.
func (p *linkProbe) tooPoor(err error, round, n int) error {
	asked := 0
	var re *serialio.RequestError
	if errors.As(err, &re) {
		asked = re.Asked
	}
	p.res.Evidence["error"] = err.Error()
	p.echoEvidence(0)
	d := p.delta()
	p.res.Findings = append(p.res.Findings, finding(CodeLinkPoor, SeverityCritical, WhoTechnician, msgLinkTooPoor, kv{
		"Round": round, "Bytes": n, "Asked": asked, "Resends": d.Resends, "NAKs": d.NAKsReceived + d.NAKsSent,
		"Timeouts": d.ACKTimeouts, "Abandoned": d.Abandoned, "Noise": d.NoiseBytes}))
	p.end(sumLinkTooPoor, kv{"Round": round})
	return errSkipRest{summary: sumNotRunLinePoor}
}

// echoEvidence records the echo rounds answered so far and how many came back different.
func (p *linkProbe) echoEvidence(mismatches int) {
	ev := p.res.Evidence
	ev["echo_rounds"] = len(p.rtts)
	ev["echo_rtt_ms"] = p.rtts
	ev["ping_rounds"] = len(p.pingRTTs)
	ev["ping_rtt_ms"] = p.pingRTTs
	ev["echo_mismatches"] = mismatches
	ev["echoes_late"] = p.slow
}

// end concludes a step that could not run: its findings say why, its status is error.
func (p *linkProbe) end(summary string, args kv) {
	p.evidence()
	conclude(p.res, summary, args)
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
	if errors.Is(err, serialio.ErrLinePoor) {
		// it NAKs what we send and ACKs no ENQ: a terminal behind a line too poor to use
		return p.tooPoor(err, 1, 4)
	}
	p.res.Evidence["error"] = err.Error()
	p.res.Findings = append(p.res.Findings, finding(CodeLinkNoAnswer, SeverityCritical, WhoTechnician,
		msgNoENQ, kv{"Probes": p.probes}))
	p.end(sumNoAnswer, nil)
	return errSkipRest{summary: sumNotRunNoAnswer}
}

// poor reports whether the line passed a threshold of a poor line (docs/checklist.md) so far.
// Resends and NAKs alone are LINK-RESENDS, as before.
func (p *linkProbe) poor() bool {
	d := p.delta()
	return d.Abandoned > 0 || d.NoiseBytes >= noiseLimit || d.LateResponses > 0 || p.lostENQ > 0 || p.slow > 0
}

// busyTerminal ends the step when the terminal answered E3 however long it was asked (errBusy):
// not a fault of the line nor of the terminal; the step could not run, and the rest are not run
// (each would wait as long for the same answer).
func (p *linkProbe) busyTerminal() error {
	p.res.Evidence["error"] = errBusy.Error()
	p.echoEvidence(0)
	p.res.Findings = append(p.res.Findings, finding("E3", SeverityWarning, WhoTechnician, msgTerminalBusy,
		kv{"S": int64(p.r.c.busyWait().Seconds())}))
	p.end(sumTerminalBusy, nil)
	return errSkipRest{summary: sumNotRunBusy}
}

func (p *linkProbe) evidence() {
	ev := p.res.Evidence
	ev["enq_probes"], ev["enq_unanswered"] = p.probes, p.lostENQ
	if n := p.r.busy - p.busy; n > 0 {
		ev["busy_answers"] = n
	}
	if p.ls != nil {
		d := p.delta()
		ev["resends"], ev["naks"], ev["ack_timeouts"] = d.Resends, d.NAKsReceived+d.NAKsSent, d.ACKTimeouts
		ev["abandoned_frames"], ev["noise_bytes"], ev["repeated_answers"] = d.Abandoned, d.NoiseBytes, d.LateResponses
	}
}

// echo sends one EC round and times it against what its bytes need on the wire. The time the
// terminal answered E3 (busy) before it is not counted: a busy terminal is not a slow line. A
// terminal busy all the time is errBusy.
func (p *linkProbe) echo(payload []byte) (resp serialio.Message, rtt int64, err error) {
	data := strings.ToUpper(hex.EncodeToString(payload))
	resp, err = p.r.exchange(serialio.CmdEcho, serialio.Field{Name: "DATA", Value: data})
	if err != nil {
		return resp, 0, err
	}
	if resp.RC() == "E3" {
		return resp, 0, errBusy
	}
	took := p.r.lastAsk
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
	p := &linkProbe{r: r, res: res, busy: r.busy}
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
			if errors.Is(err, errBusy) {
				return p.busyTerminal()
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
			if errors.Is(err, errBusy) {
				return p.busyTerminal()
			}
			if errors.Is(err, serialio.ErrLinePoor) {
				return p.tooPoor(err, i+1, len(pl))
			}
			if errors.Is(err, serialio.ErrTimeout) {
				res.Evidence["error"] = err.Error()
				p.echoEvidence(mismatches)
				res.Findings = append(res.Findings, finding(CodeLinkNoAnswer, SeverityCritical, WhoTechnician,
					msgEchoNoReply, kv{"Round": i + 1}))
				p.end(sumNoRequests, nil)
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
	p.echoEvidence(mismatches)
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
