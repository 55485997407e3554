package serialio

import (
	"bytes"
	"strings"
	"testing"

	"posdoctor/internal/enumtest"
	"posdoctor/locale"
)

func TestProbeEnumNames(t *testing.T) {
	enumtest.Check(t, ParseProbeAnswer, answerNames.Values(), map[ProbeAnswer]string{
		AnswerSilence: "silence", AnswerACK: "ack", AnswerNAK: "nak", AnswerEOT: "eot", AnswerFrames: "frames",
		AnswerEcho: "echo", AnswerGarbage: "garbage", AnswerSkipped: "skipped", AnswerError: "error",
	}, "ACK", "")
	enumtest.Check(t, ParseProbeVerdict, verdictNames.Values(), map[ProbeVerdict]string{
		VerdictTML1: "tml1", VerdictFramed: "framed", VerdictACKOnly: "ack-only", VerdictNotReady: "not-ready",
		VerdictClosing: "closing", VerdictEcho: "echo", VerdictGarbage: "garbage", VerdictSilence: "silence",
		VerdictNotTried: "not-tried",
	}, "TML1", "")
}

func TestProbeSettingsOrder(t *testing.T) {
	got := ProbeSettings()
	if len(got) != 2*len(Bauds) {
		t.Fatalf("%d settings", len(got))
	}
	if got[0] != (ProbeSetting{115200, Format8N1}) || got[1] != (ProbeSetting{115200, Format7E1}) || got[len(got)-1] != (ProbeSetting{9600, Format7E1}) {
		t.Errorf("order %v: the TML/1 default first, 9600 7E1 last", got)
	}
}

// TestClassify runs the judgement of one setting on what a line could send back, the 7E1
// cases included (a pty cannot carry them: it forces 8 data bits).
func TestClassify(t *testing.T) {
	enq := []byte{ENQ}
	reqData, _ := EncodeMessage(Message{Cmd: CmdEcho, Seq: 12, Fields: []Field{{Name: "DATA", Value: probeEchoData}}})
	req, _ := EncodeFrame(reqData)
	respData, _ := EncodeMessage(Message{Cmd: CmdEcho, Seq: 12, Fields: []Field{{Name: "RC", Value: "00"}, {Name: "DATA", Value: probeEchoData}}})
	resp, _ := EncodeFrame(respData)
	notTML, _ := EncodeFrame([]byte("hello, vendor protocol"))
	concert := AppendETXFrame(nil, []byte("0000000100978"))
	cat := func(bs ...[]byte) []byte {
		var out []byte
		for _, b := range bs {
			out = append(out, b...)
		}
		return out
	}
	cases := []struct {
		name          string
		rx1, req, rx2 []byte
		answer        ProbeAnswer
		tml1, echo    bool
		parity        bool
		reply         ProbeAnswer
		shape         string
	}{
		{name: "silence", answer: AnswerSilence},
		{name: "TML/1", rx1: []byte{ACK}, req: req, rx2: cat([]byte{ACK}, resp), answer: AnswerFrames, tml1: true, reply: AnswerFrames, shape: "stx-len-etx-lrc"},
		{name: "Chinese ECR framing, not TML/1", rx1: []byte{ACK}, req: req, rx2: cat([]byte{ACK}, notTML), answer: AnswerFrames, reply: AnswerFrames, shape: "stx-len-etx-lrc"},
		{name: "Concert", rx1: []byte{ACK}, req: req, rx2: cat([]byte{ACK}, concert, []byte{EOT}), answer: AnswerFrames, reply: AnswerFrames, shape: "stx-etx-lrc"},
		{name: "Concert 7E1 read at 8N1", rx1: []byte{ACK}, req: req, rx2: parity7E1(cat([]byte{ACK}, concert, []byte{EOT})), answer: AnswerFrames, parity: true, reply: AnswerFrames, shape: "stx-etx-lrc"},
		{name: "Concert frame answering ENQ", rx1: concert, answer: AnswerFrames, shape: "stx-etx-lrc"},
		{name: "ACK, then NAK to TML/1", rx1: []byte{ACK}, req: req, rx2: []byte{NAK}, answer: AnswerACK, reply: AnswerNAK},
		{name: "ACK only", rx1: []byte{ACK}, req: req, answer: AnswerACK, reply: AnswerSilence},
		{name: "NAK", rx1: []byte{NAK}, answer: AnswerNAK},
		{name: "NAK 7E1 read at 8N1", rx1: []byte{0x95}, answer: AnswerNAK, parity: true},
		{name: "EOT", rx1: []byte{EOT}, answer: AnswerEOT},
		{name: "EOT 7E1 read at 8N1", rx1: []byte{0x84}, answer: AnswerEOT, parity: true},
		{name: "echo", rx1: enq, req: req, rx2: req, answer: AnswerEcho, echo: true, reply: AnswerSilence},
		{name: "echo and a terminal behind it", rx1: cat(enq, []byte{ACK}), req: req, rx2: cat(req, []byte{ACK}, resp), answer: AnswerFrames, echo: true, tml1: true, reply: AnswerFrames, shape: "stx-len-etx-lrc"},
		{name: "ENQ back, request not: no echo", rx1: enq, req: req, answer: AnswerGarbage, reply: AnswerSilence},
		{name: "wrong-speed noise", rx1: []byte{0x00, 0xF8, 0x80, 0xFE, 0x78, 0xE0, 0x00, 0x1C}, answer: AnswerGarbage},
		{name: "a frame drowned in noise", rx1: cat([]byte(strings.Repeat("\xF8\x80\x00\xFE", 20)), concert), answer: AnswerGarbage, shape: "stx-etx-lrc"},
		{name: "a frame, LRC wrong", rx1: cat(concert[:len(concert)-1], []byte{0x55}), answer: AnswerGarbage},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var tr ProbeTry
			classify(&tr, enq, c.rx1, c.req, c.rx2)
			if tr.Answer != c.answer || tr.TML1 != c.tml1 || tr.Echo != c.echo || tr.Parity != c.parity || tr.Reply != c.reply {
				t.Errorf("got %v tml1 %v echo %v parity %v reply %v; want %v %v %v %v %v", tr.Answer, tr.TML1, tr.Echo, tr.Parity, tr.Reply, c.answer, c.tml1, c.echo, c.parity, c.reply)
			}
			shape := ""
			if k, ok := tr.Shape(); ok {
				shape = k.String()
			}
			if shape != c.shape {
				t.Errorf("shape %q, want %q", shape, c.shape)
			}
			if tr.Bytes != len(c.rx1)+len(c.rx2) {
				t.Errorf("bytes %d", tr.Bytes)
			}
			for _, l := range locale.Langs() {
				if d := tr.Describe().In(l); d == "" || strings.Contains(d, "%!") {
					t.Errorf("%v: describe %q", l, d)
				}
			}
		})
	}
}

// The verdict names the most telling setting, says when the speed does not matter, and reads
// in each language with nothing left unformatted.
func TestProbeVerdict(t *testing.T) {
	try := func(baud int, f Format, a ProbeAnswer, tml1 bool) ProbeTry {
		tr := ProbeTry{ProbeSetting: ProbeSetting{baud, f}, Answer: a, TML1: tml1}
		if a == AnswerFrames {
			kind := FrameETX
			if tml1 {
				kind = FrameLength
			}
			tr.Frames = []FrameShape{{Kind: kind, LRCOK: true, Size: 10}}
		}
		return tr
	}
	sweep := func(answer func(s ProbeSetting) ProbeTry) []ProbeTry {
		var out []ProbeTry
		for _, s := range ProbeSettings() {
			out = append(out, answer(s))
		}
		return out
	}
	cases := []struct {
		name    string
		tries   []ProbeTry
		cancel  bool
		verdict ProbeVerdict
		best    ProbeSetting
		any     bool
		en      string
	}{
		{"Concert at 9600 7E1, noise elsewhere", sweep(func(s ProbeSetting) ProbeTry {
			if s == (ProbeSetting{9600, Format7E1}) {
				return try(s.Baud, s.Format, AnswerFrames, false)
			}
			return try(s.Baud, s.Format, AnswerGarbage, false)
		}), false, VerdictFramed, ProbeSetting{9600, Format7E1}, false,
			"answers at 9600 7E1, Concert-style framing (STX-ETX-LRC), LRC ok — this is not a TML/1 terminal: use the vendor's ECR settings"},
		{"TML/1 everywhere", sweep(func(s ProbeSetting) ProbeTry { return try(s.Baud, s.Format, AnswerFrames, true) }),
			false, VerdictTML1, ProbeSetting{115200, Format8N1}, true, "a TML/1 terminal answers at any speed"},
		{"silence", sweep(func(s ProbeSetting) ProbeTry { return try(s.Baud, s.Format, AnswerSilence, false) }),
			false, VerdictSilence, ProbeSetting{}, false, "no answer at any speed: check the cable, the terminal's ECR/USB mode and power"},
		{"echo", sweep(func(s ProbeSetting) ProbeTry { return try(s.Baud, s.Format, AnswerEcho, false) }),
			false, VerdictEcho, ProbeSetting{115200, Format8N1}, false, "the line echoes what we send"},
		{"NAK beats noise", sweep(func(s ProbeSetting) ProbeTry {
			if s.Baud == 19200 {
				return try(s.Baud, s.Format, AnswerNAK, false)
			}
			return try(s.Baud, s.Format, AnswerGarbage, false)
		}), false, VerdictNotReady, ProbeSetting{19200, Format8N1}, false, "answers NAK at 19200 8N1"},
		{"cancelled at once", sweep(func(s ProbeSetting) ProbeTry { return try(s.Baud, s.Format, AnswerSkipped, false) }),
			true, VerdictNotTried, ProbeSetting{}, false, "probe cancelled after 0 of 10 settings: no speed was tried"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := ProbeResult{Tries: c.tries, Cancelled: c.cancel}
			r.judge()
			best, _ := r.Setting()
			if r.Verdict != c.verdict || best != c.best || r.AnySpeed != c.any {
				t.Errorf("verdict %v at %v any %v; want %v at %v any %v", r.Verdict, best, r.AnySpeed, c.verdict, c.best, c.any)
			}
			if got := r.Summary().EN; !strings.HasPrefix(got, c.en) {
				t.Errorf("summary %q, want it to start %q", got, c.en)
			}
			for _, l := range locale.Langs() {
				s := r.Summary().In(l)
				if s == "" || strings.Contains(s, "%!") || l.Chinese() && !strings.ContainsAny(s, "应應答答试試线線") {
					t.Errorf("%v: %q", l, s)
				}
			}
		})
	}
}

func TestUSBNote(t *testing.T) {
	cases := []struct {
		p    PortInfo
		want string // in the English note
	}{
		{Describe(PortInfo{IsUSB: true, VID: "2FB8", PID: "0001"}), "PAX USB ID: the terminal itself is on USB"},
		{Describe(PortInfo{IsUSB: true, VID: "0b00", PID: "0084"}), "Ingenico USB ID"},
		{Describe(PortInfo{IsUSB: true, VID: "1a86", PID: "7523", Driver: "ch341"}), "CH341SER driver"},
		{PortInfo{IsUSB: true, Driver: "ch341"}, "CH341SER driver"},
		{Describe(PortInfo{IsUSB: true, VID: "067b", PID: "2303"}), "counterfeit"},
		{Describe(PortInfo{IsUSB: true, VID: "0403", PID: "6001"}), "FTDI"},
		{Describe(PortInfo{IsUSB: true, VID: "10c4", PID: "ea60"}), "CP210x"},
		{Describe(PortInfo{IsUSB: true, VID: "abcd", PID: "0001", Driver: "cdc_acm"}), "USB CDC device"},
		{Describe(PortInfo{IsUSB: true, VID: "abcd", PID: "0001"}), ""},
		{PortInfo{Name: "/dev/ttyS0"}, ""},
	}
	for _, c := range cases {
		got := USBNote(c.p)
		if c.want == "" {
			if got != (locale.Text{}) {
				t.Errorf("%+v: note %q, want none", c.p, got.EN)
			}
			continue
		}
		if !strings.Contains(got.EN, c.want) || got.ZH == "" || got.ZHTW == "" || strings.Contains(got.ZH+got.ZHTW+got.EN, "%!") {
			t.Errorf("%+v: note %+v, want %q in English and Chinese in both scripts", c.p, got, c.want)
		}
	}
}

// What a probe keeps of the bytes it heard never holds a card number: not one sent as 7E1
// characters read at 8N1, nor one cut short by the length kept.
func TestProbeKeepsNoCardNumber(t *testing.T) {
	pan := []byte("6222021234567890")
	parity := func(b []byte) []byte { // even parity in bit 7, as a 7E1 line sends
		out := make([]byte, len(b))
		for i, c := range b {
			if bitsOdd(c) {
				c |= 0x80
			}
			out[i] = c
		}
		return out
	}
	for name, rx := range map[string][]byte{
		"8N1":         append([]byte("card "), pan...),
		"7E1 at 8N1":  parity(append([]byte("card "), pan...)),
		"cut at kept": append(bytes.Repeat([]byte{'x'}, RxKept-8), pan...),
	} {
		var try ProbeTry
		classify(&try, []byte{ENQ}, rx, nil, nil)
		plain, _ := StripEvenParity(try.Rx)
		for _, b := range [][]byte{try.Rx, plain} {
			if bytes.Contains(b, []byte("20212345")) || bytes.Contains(b, []byte("12345678")) {
				t.Errorf("%s: the kept bytes hold the card number: %q", name, b)
			}
		}
	}
}
