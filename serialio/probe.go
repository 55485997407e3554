package serialio

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"go.bug.st/serial"

	"posdoctor/enum"
)

// The line probe: which speed and format does the device on a port answer at, and what does
// it speak? Probe opens the port once, and for each setting (ProbeSettings) sends ENQ — the
// cheapest "are you there" of every POS link (PROTOCOL.md §3) — and listens a bounded time.
// When ENQ comes back as ACK, or comes back as itself, it sends one harmless TML/1 request
// (EC, echo), which a TML/1 terminal answers, another ECR terminal ACKs, NAKs or answers in its
// own way, and a loopback plug returns unchanged. Like a host it ACKs every frame with a good
// LRC it receives, and a peer's ENQ after our request, so no terminal is left resending.
// What came back is classified (ProbeAnswer) and the sweep ends in a verdict a person can act
// on (ProbeResult.Summary).

// ProbeSetting is one speed and format the probe tries.
type ProbeSetting struct {
	Baud   int
	Format Format
}

func (s ProbeSetting) String() string { return fmt.Sprintf("%d %s", s.Baud, s.Format) }

// ProbeSettings are the settings a sweep tries, in order: every speed the app offers, fastest
// (the TML/1 default) first, each in 8N1 then 7E1.
func ProbeSettings() []ProbeSetting {
	out := make([]ProbeSetting, 0, 2*len(Bauds))
	for i := len(Bauds) - 1; i >= 0; i-- {
		out = append(out, ProbeSetting{Bauds[i], Format8N1}, ProbeSetting{Bauds[i], Format7E1})
	}
	return out
}

// ProbeAnswer is what came back at one setting.
type ProbeAnswer int

const (
	AnswerSilence ProbeAnswer = iota // nothing at all
	AnswerACK                        // ACK to ENQ: something is there at this setting
	AnswerNAK                        // NAK: there, but not ready
	AnswerEOT                        // EOT: the device is closing the link
	AnswerFrames                     // frames of a known shape with a good LRC
	AnswerEcho                       // our own bytes, unchanged: a loopback plug or a wrong cable
	AnswerGarbage                    // bytes that make no sense: a wrong speed reads as framing noise
	AnswerSkipped                    // not tried: the sweep ran out of time or was cancelled
	AnswerError                      // the port refused the setting
)

var answerNames = enum.Names[ProbeAnswer]{"silence", "ack", "nak", "eot", "frames", "echo", "garbage", "skipped", "error"}

func (a ProbeAnswer) String() string { return answerNames.String(a) }

// ParseProbeAnswer reads a name as String writes it.
func ParseProbeAnswer(s string) (ProbeAnswer, error) { return answerNames.Parse(s) }

// MarshalText writes the stable name (JSON).
func (a ProbeAnswer) MarshalText() ([]byte, error) { return answerNames.MarshalText(a) }

// UnmarshalText reads the stable name.
func (a *ProbeAnswer) UnmarshalText(b []byte) error { return answerNames.UnmarshalText(a, b) }

// ProbeTry is what happened at one setting.
type ProbeTry struct {
	ProbeSetting
	Answer ProbeAnswer
	// Echo: our own bytes came back unchanged before anything else.
	Echo bool
	// Asked: the TML/1 request was sent (after an ACK or an echo of ENQ); Reply is what came
	// back to it alone (AnswerSilence when nothing did).
	Asked bool
	Reply ProbeAnswer
	// TML1: a frame came back that is a valid TML/1 message (PROTOCOL.md §2, §4).
	TML1   bool
	Frames []FrameShape // the frames found (Data a masked copy), in order
	// Parity: the bytes carried an even parity bit 7 (7E1 characters read at 8N1).
	Parity  bool
	Bytes   int    // bytes received in all (echo included)
	Rx      []byte // the first RxKept of them, card numbers masked
	Elapsed time.Duration
	Err     error // AnswerError: why
}

// RxKept is how many received bytes a ProbeTry keeps for display.
const RxKept = 64

// GoodFrames counts the frames with a good LRC.
func (t ProbeTry) GoodFrames() int {
	n := 0
	for _, f := range t.Frames {
		if f.LRCOK {
			n++
		}
	}
	return n
}

// Shape is the kind of the first frame with a good LRC; ok is false when there is none.
func (t ProbeTry) Shape() (FrameKind, bool) {
	for _, f := range t.Frames {
		if f.LRCOK {
			return f.Kind, true
		}
	}
	return 0, false
}

// ProbeConfig bounds a sweep. The zero value is the default.
type ProbeConfig struct {
	Settings []ProbeSetting // nil: ProbeSettings()
	// Budget bounds the whole sweep, opening and closing the port included: settings not
	// begun in time are AnswerSkipped. 0 means ProbeBudget.
	Budget time.Duration
	// Progress is called before each setting is tried, with how many are done, on the
	// probing goroutine: it must not block.
	Progress func(done, total int, next ProbeSetting)
}

// ProbeBudget is the default bound of a sweep: the whole probe stays under 15 s.
const ProbeBudget = 13 * time.Second

// Listening windows of one setting. A TML/1 terminal answers ENQ within 100 ms (§3); other ECR
// protocols are slower, so ENQ gets half a second. Once bytes arrive, the answer is over when
// the line has been quiet for probeQuiet (a frame's bytes follow each other closely; TML/1
// abandons a frame after a 300 ms gap).
const (
	probeDrainQuiet = 40 * time.Millisecond  // stale bytes before a setting: quiet this long ends the drain
	probeDrainMax   = 150 * time.Millisecond // the drain of a spewing line
	probeFirstENQ   = 500 * time.Millisecond // wait for the first byte after ENQ
	probeMaxENQ     = time.Second            // the whole answer to ENQ
	probeFirstReq   = 600 * time.Millisecond // wait for the first byte after the TML/1 request
	probeMaxReq     = 1200 * time.Millisecond
	probeQuiet      = 150 * time.Millisecond
	probeReadPoll   = 20 * time.Millisecond
	probeMinLeft    = 600 * time.Millisecond // a setting is begun only with this much budget left
	probeMaxBytes   = 2 * (MaxData + FrameOverhead)
)

// ProbeResult is a whole sweep.
type ProbeResult struct {
	Port      string
	USB       *PortInfo // the port's USB identity and driver, when the system lists it as USB
	Tries     []ProbeTry
	Verdict   ProbeVerdict
	Best      int  // index into Tries of the setting the verdict names; -1 when it names none
	AnySpeed  bool // the best answer came at every speed tried: the port ignores speed (USB CDC, a pty)
	Cancelled bool // ctx was cancelled before every setting was tried
	Elapsed   time.Duration
}

// Probe sweeps the port name over cfg's settings and reports what answered. It opens the port
// once (OpenPort), changes the setting in place, and closes it before returning; it returns
// within the budget plus the time to close, and soon after ctx is cancelled (Cancelled is then
// set and the settings not tried are AnswerSkipped). The error is OpenPort's (no such port,
// permission, busy) or a failure of the port itself; what the device answered is never an
// error. It blocks: call it off the UI goroutine.
func Probe(ctx context.Context, name string, cfg ProbeConfig) (ProbeResult, error) {
	start := time.Now()
	settings := cfg.Settings
	if settings == nil {
		settings = ProbeSettings()
	}
	budget := cfg.Budget
	if budget <= 0 {
		budget = ProbeBudget
	}
	res := ProbeResult{Port: name, Best: -1}
	if info, ok := FindPort(name); ok && info.IsUSB {
		res.USB = &info
	}
	if len(settings) == 0 {
		return res, errors.New("probe: no settings to try")
	}
	port, err := OpenPort(name, PortConfig{Baud: settings[0].Baud, Format: settings[0].Format})
	if err != nil {
		return res, err
	}
	defer port.Close()
	if err := port.p.SetReadTimeout(probeReadPoll); err != nil {
		return res, fmt.Errorf("probe %s: setting a read timeout failed: %w", name, err)
	}
	sweep, cancel := context.WithDeadline(ctx, start.Add(budget))
	defer cancel()
	pr := &prober{port: port, seq: 1 + rand.IntN(9999)}
	for i, s := range settings {
		if sweep.Err() != nil || time.Until(start.Add(budget)) < probeMinLeft {
			res.Tries = append(res.Tries, ProbeTry{ProbeSetting: s, Answer: AnswerSkipped})
			continue
		}
		if cfg.Progress != nil {
			cfg.Progress(i, len(settings), s)
		}
		t, err := pr.try(sweep, s)
		if errors.Is(err, ErrClosed) || errors.Is(err, ErrLinkLost) {
			return res, fmt.Errorf("probe %s at %s: %w", name, s, err)
		}
		res.Tries = append(res.Tries, t)
	}
	res.Cancelled = ctx.Err() != nil
	res.Elapsed = time.Since(start)
	res.judge()
	return res, nil
}

// prober tries one setting after another on an open port.
type prober struct {
	port *Port
	seq  int // SEQ of the next TML/1 request
}

// probeEchoData is what the probe's TML/1 EC request carries: "POSDOC" in hex.
const probeEchoData = "504F53444F43"

func (p *prober) try(ctx context.Context, s ProbeSetting) (ProbeTry, error) {
	start := time.Now()
	t := ProbeTry{ProbeSetting: s}
	defer func() { t.Elapsed = time.Since(start) }()
	mode := &serial.Mode{BaudRate: s.Baud, DataBits: 8, Parity: serial.NoParity, StopBits: serial.OneStopBit}
	if s.Format == Format7E1 {
		mode.DataBits, mode.Parity = 7, serial.EvenParity
	}
	if err := CheckBaud(s.Baud); err != nil {
		t.Answer, t.Err = AnswerError, err
		return t, nil
	}
	if err := p.port.p.SetMode(mode); err != nil {
		t.Answer, t.Err = AnswerError, err
		return t, nil
	}
	p.port.baud = s.Baud
	// bytes of the last setting still in flight are not this setting's answer
	_ = p.port.p.ResetInputBuffer()
	if _, err := p.listen(ctx, nil, false, probeDrainQuiet, probeDrainQuiet, probeDrainMax); err != nil {
		return t, err
	}
	enq := []byte{ENQ}
	rx1, err := p.send(ctx, enq, false, probeFirstENQ, probeMaxENQ)
	if err != nil {
		return t, err
	}
	var req, rx2 []byte
	if rest, _ := cutEcho(rx1, enq); len(rest) > 0 && rest[0] == ACK || len(rest) == 0 && len(rx1) > 0 {
		data, _ := EncodeMessage(Message{Cmd: CmdEcho, Seq: p.seq, Fields: []Field{{Name: "DATA", Value: probeEchoData}}})
		p.seq = NextSeq(p.seq)
		req, _ = EncodeFrame(data)
		if rx2, err = p.send(ctx, req, true, probeFirstReq, probeMaxReq); err != nil {
			return t, err
		}
	}
	classify(&t, enq, rx1, req, rx2)
	return t, nil
}

// send writes out and listens for the answer.
func (p *prober) send(ctx context.Context, out []byte, answerENQ bool, first, max time.Duration) ([]byte, error) {
	if _, err := p.port.Write(out); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrLinkLost, err)
	}
	// the wait starts once our bytes have left the wire
	return p.listen(ctx, out, answerENQ, first+p.port.WireTime(len(out)), probeQuiet, max+p.port.WireTime(len(out)))
}

// listen reads until nothing came for first, or the line has been quiet for quiet after
// bytes came, or max has passed, or ctx is done. As a host does, it ACKs each frame with a
// good LRC as it completes and, with answerENQ, a peer's ENQ, in what follows the echo of sent.
func (p *prober) listen(ctx context.Context, sent []byte, answerENQ bool, first, quiet, max time.Duration) ([]byte, error) {
	start := time.Now()
	var got []byte
	var last time.Time
	acked, enqs := 0, 0
	buf := make([]byte, 512)
	for ctx.Err() == nil {
		now := time.Now()
		if len(got) == 0 && now.Sub(start) >= first || len(got) > 0 && now.Sub(last) >= quiet ||
			now.Sub(start) >= max || len(got) >= probeMaxBytes {
			break
		}
		n, err := p.port.Read(buf)
		switch {
		case errors.Is(err, ErrTimeout):
			continue
		case err != nil:
			return got, fmt.Errorf("%w: %v", ErrLinkLost, err)
		}
		got, last = append(got, buf[:n]...), time.Now()
		rest, echoed := cutEcho(got, sent)
		if !echoed && bytes.HasPrefix(sent, got) {
			continue // perhaps the start of an echo
		}
		frames := RecognizeFrames(rest)
		good := 0
		for _, f := range frames {
			if f.LRCOK {
				good++
			}
		}
		for ; acked < good; acked++ {
			_, _ = p.port.Write([]byte{ACK})
		}
		if answerENQ && len(frames) == 0 && enqs == 0 && bytes.IndexByte(rest, ENQ) >= 0 {
			enqs++
			_, _ = p.port.Write([]byte{ACK}) // the peer wants to send: let it
		}
	}
	return got, nil
}

// cutEcho removes sent from the front of got; echoed reports whether it was there whole.
func cutEcho(got, sent []byte) ([]byte, bool) {
	if len(sent) > 0 && bytes.HasPrefix(got, sent) {
		return got[len(sent):], true
	}
	return got, false
}

// classify judges one setting from what came back: rx1 to enq, and rx2 to the request req
// (nil when it was not sent). It is pure, so the framing and 7E1 cases are unit-tested.
func classify(t *ProbeTry, enq, rx1, req, rx2 []byte) {
	t.Bytes = len(rx1) + len(rx2)
	all := append(append([]byte(nil), rx1...), rx2...)
	maskLine(all) // before cutting (a card number cut short is no longer found) and 7E1 too
	t.Rx = append([]byte(nil), all[:min(len(all), RxKept)]...)
	rest1, echo1 := cutEcho(rx1, enq)
	rest2, echo2 := cutEcho(rx2, req)
	t.Asked = req != nil
	t.Echo = echo1 && (!t.Asked || echo2)
	if !t.Echo {
		rest1, rest2 = rx1, rx2
	}
	if t.Asked {
		t.Reply = answerOf(rest2, nil)
	}
	rest := append(append([]byte(nil), rest1...), rest2...)
	if t.Echo && len(rest) == 0 {
		t.Answer = AnswerEcho
		return
	}
	t.Answer = answerOf(rest, t)
}

// answerOf classifies bytes that are not our echo. With t, it also records the frames, TML/1
// and parity in t.
func answerOf(b []byte, t *ProbeTry) ProbeAnswer {
	if len(b) == 0 {
		return AnswerSilence
	}
	frames := RecognizeFrames(b)
	inFrames, good := 0, 0
	parity := false
	for _, f := range frames {
		inFrames += f.Size
		parity = parity || f.Parity
		if f.LRCOK {
			good++
		}
	}
	view := b
	if parity {
		view, _ = StripEvenParity(b)
	}
	if t != nil {
		t.Parity = parity
		for _, f := range frames {
			f.Data = append([]byte(nil), f.Data...)
			if f.LRCOK && f.Kind == FrameLength {
				if m, err := ParseMessage(f.Data); err == nil && m.RC() != "" {
					t.TML1 = true
				}
			}
			MaskTraceBytes(f.Data)
			t.Frames = append(t.Frames, f)
		}
	}
	// control bytes outside frames, and everything else outside frames (junk)
	var ctl []byte
	junk := len(b) - inFrames
	for i := 0; i < len(view); i++ {
		if inFrame(frames, i) {
			continue
		}
		switch view[i] {
		case ACK, NAK, EOT, ENQ:
			ctl = append(ctl, view[i])
			junk--
		}
	}
	if good > 0 && junk <= max(4, len(b)/4) {
		return AnswerFrames
	}
	if len(frames) == 0 && junk == 0 {
		switch ctl[0] {
		case ACK:
			return AnswerACK
		case NAK:
			return AnswerNAK
		case EOT:
			return AnswerEOT
		}
		return AnswerGarbage // a lone ENQ: the device wants to send, not an answer
	}
	if len(frames) == 0 && t != nil && !t.Parity {
		// a control byte sent at 7E1 and read at 8N1 carries its parity bit (NAK 0x95, EOT 0x84)
		if s, ok := StripEvenParity(b); ok {
			var probe ProbeTry
			if a := answerOf(s, &probe); a == AnswerACK || a == AnswerNAK || a == AnswerEOT {
				t.Parity = true
				return a
			}
		}
	}
	return AnswerGarbage
}

func inFrame(frames []FrameShape, i int) bool {
	for _, f := range frames {
		if i >= f.Offset && i < f.Offset+f.Size {
			return true
		}
	}
	return false
}
