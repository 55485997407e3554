package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"posdoctor/locale"
	"posdoctor/serialio"
)

func init() {
	register("probe", command{cmdProbe, "probe --port PATH [--json]   which speed and format the device on a port answers at, and what it speaks (any terminal)"})
}

const probeUsage = `posdoctor probe --port PATH [--json]

Tries every speed the app offers (115200, 57600, 38400, 19200, 9600) in 8N1 and 7E1: sends ENQ,
listens, and says what came back at each, then one line to act on. Works with any terminal,
TML/1 or not. Under 15 s; Ctrl+C stops it. docs/probe.md explains every answer and the JSON.
Exit: 0 a TML/1 terminal answers; 1 something else answered, or nothing did; 2 could not probe.
`

// The probe's own sentences.
var (
	msgProbeHead     = msg{ZH: "探测 %s", ZHTW: "探測 %s", EN: "Probing %s"}
	msgProbeDriver   = msg{ZH: "驱动 %s", ZHTW: "驅動程式 %s", EN: "driver %s"}
	msgProbeProgress = msg{ZH: "正在探测：", ZHTW: "正在探測：", EN: "probing:"}
	msgProbeVerdict  = msg{ZH: "结论：%s", ZHTW: "結論：%s", EN: "Verdict: %s"}
	msgProbeTook     = msg{ZH: "用时 %.1f 秒", ZHTW: "用時 %.1f 秒", EN: "took %.1f s"}
	msgProbeBytes    = msg{ZH: "收到：%s", ZHTW: "收到：%s", EN: "received: %s"}
)

// probeSentences lists the sentences above, for the test that each has every language.
var probeSentences = map[string]msg{
	"head": msgProbeHead, "driver": msgProbeDriver, "progress": msgProbeProgress,
	"verdict": msgProbeVerdict, "took": msgProbeTook, "bytes": msgProbeBytes,
}

func cmdProbe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	l := langOf(ctx)
	fs := newFlagSet(ctx, "probe", probeUsage, stderr)
	port := fs.String("port", "", "the serial port: /dev/ttyUSB0, /dev/ttyACM0, COM3, a pty")
	asJSON := fs.Bool("json", false, "print JSON (docs/probe.md describes every field)")
	if err := fs.Parse(args); err != nil {
		return parseExit(err)
	}
	if *port == "" || fs.NArg() > 0 {
		return failText(stderr, l, "probe", msgProbeNeedPort)
	}
	cfg := serialio.ProbeConfig{}
	progress := isTerminal(stderr) && !*asJSON
	if progress {
		// one line that grows, setting by setting (the output is cleaned of CR, so no rewriting)
		fmt.Fprint(stderr, say(l, msgProbeProgress))
		cfg.Progress = func(done, total int, next serialio.ProbeSetting) {
			fmt.Fprintf(stderr, " %s", next)
		}
	}
	res, err := serialio.Probe(ctx, *port, cfg)
	if progress {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return failErr(stderr, l, "probe", err)
	}
	if *asJSON {
		if err := writeJSON(stdout, probeJSONOf(res)); err != nil {
			return failErr(stderr, l, "probe", err)
		}
	} else {
		printProbe(stdout, l, res)
	}
	switch {
	case res.Cancelled:
		return ExitFailed
	case res.Verdict == serialio.VerdictTML1:
		return ExitOK
	}
	return ExitProblem
}

// printProbe writes the sweep for a person: the port and its USB identity, a line per
// setting, the verdict.
func printProbe(w io.Writer, l locale.Lang, res serialio.ProbeResult) {
	head := say(l, msgProbeHead, res.Port)
	if u := res.USB; u != nil {
		head += "  " + strings.TrimSpace(strings.TrimPrefix(u.Label(), u.Name))
		if u.Driver != "" {
			head += "  " + say(l, msgProbeDriver, u.Driver)
		}
	}
	fmt.Fprintln(w, head)
	if res.USB != nil {
		if note := serialio.USBNote(*res.USB).In(l); note != "" {
			fmt.Fprintln(w, "  "+note)
		}
	}
	fmt.Fprintln(w)
	for i, t := range res.Tries {
		mark := " "
		if i == res.Best {
			mark = "*"
		}
		fmt.Fprintf(w, "%s %-12s %s\n", mark, t.ProbeSetting, t.Describe().In(l))
		if len(t.Rx) > 0 && t.Answer != serialio.AnswerEcho {
			fmt.Fprintf(w, "  %-12s %s\n", "", say(l, msgProbeBytes, hexBytes(t.Rx, t.Bytes)))
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, say(l, msgProbeVerdict, res.Summary().In(l)))
	fmt.Fprintln(w, say(l, msgProbeTook, res.Elapsed.Seconds()))
}

// hexBytes writes the first bytes received as hex, control bytes by name, and how many came
// in all when that is more than are kept.
func hexBytes(b []byte, total int) string {
	out := serialio.NamedHex(b, 24)
	if total > len(b) {
		out += fmt.Sprintf(" (%d)", total)
	}
	return out
}

// The JSON of probe --json: docs/probe.md describes every field. It does not change with the
// output language: sentences come in all three.
type (
	probeJSON struct {
		Port      string      `json:"port"`
		USB       *probeUSB   `json:"usb"`
		Verdict   string      `json:"verdict"`
		Baud      int         `json:"baud"`
		Format    string      `json:"format"`
		AnySpeed  bool        `json:"any_speed"`
		Shape     string      `json:"shape"`
		TML1      bool        `json:"tml1"`
		Summary   textJSON    `json:"summary"`
		Cancelled bool        `json:"cancelled"`
		ElapsedMS int64       `json:"elapsed_ms"`
		Tries     []probeTryJ `json:"tries"`
	}
	probeUSB struct {
		VID     string   `json:"vid"`
		PID     string   `json:"pid"`
		Vendor  string   `json:"vendor"`
		Product string   `json:"product"`
		Driver  string   `json:"driver"`
		Kind    string   `json:"kind"`
		Note    textJSON `json:"note"`
	}
	probeTryJ struct {
		Baud      int           `json:"baud"`
		Format    string        `json:"format"`
		Answer    string        `json:"answer"`
		Echo      bool          `json:"echo"`
		Asked     bool          `json:"asked"`
		Reply     string        `json:"reply"`
		TML1      bool          `json:"tml1"`
		Parity    bool          `json:"parity"`
		Frames    []probeFrameJ `json:"frames"`
		Bytes     int           `json:"bytes"`
		RxHex     string        `json:"rx_hex"`
		ElapsedMS int64         `json:"elapsed_ms"`
		Error     string        `json:"error"`
		Text      textJSON      `json:"text"`
	}
	probeFrameJ struct {
		Shape  string `json:"shape"`
		Size   int    `json:"size"`
		LRCOK  bool   `json:"lrc_ok"`
		Parity bool   `json:"parity"`
	}
	textJSON struct {
		ZH   string `json:"zh"`
		ZHTW string `json:"zh_TW"`
		EN   string `json:"en"`
	}
)

func textOf(t locale.Text) textJSON {
	return textJSON{ZH: t.In(locale.ZH), ZHTW: t.In(locale.ZHTW), EN: t.In(locale.EN)}
}

func probeJSONOf(res serialio.ProbeResult) probeJSON {
	out := probeJSON{Port: res.Port, Verdict: res.Verdict.String(), AnySpeed: res.AnySpeed,
		Summary: textOf(res.Summary()), Cancelled: res.Cancelled, ElapsedMS: res.Elapsed.Milliseconds(),
		Tries: []probeTryJ{}}
	if s, ok := res.Setting(); ok {
		out.Baud, out.Format = s.Baud, s.Format.String()
		best := res.Tries[res.Best]
		out.TML1 = best.TML1
		if k, ok := best.Shape(); ok {
			out.Shape = k.String()
		}
	}
	if u := res.USB; u != nil {
		out.USB = &probeUSB{VID: u.VID, PID: u.PID, Vendor: u.Vendor, Product: u.Product, Driver: u.Driver,
			Kind: u.KindStr, Note: textOf(serialio.USBNote(*u))}
	}
	for _, t := range res.Tries {
		j := probeTryJ{Baud: t.Baud, Format: t.Format.String(), Answer: t.Answer.String(), Echo: t.Echo,
			Asked: t.Asked, TML1: t.TML1, Parity: t.Parity, Frames: []probeFrameJ{}, Bytes: t.Bytes,
			RxHex: fmt.Sprintf("%X", t.Rx), ElapsedMS: t.Elapsed.Milliseconds(), Text: textOf(t.Describe())}
		if t.Asked {
			j.Reply = t.Reply.String()
		}
		if t.Err != nil {
			j.Error = t.Err.Error()
		}
		for _, f := range t.Frames {
			j.Frames = append(j.Frames, probeFrameJ{Shape: f.Kind.String(), Size: f.Size, LRCOK: f.LRCOK, Parity: f.Parity})
		}
		out.Tries = append(out.Tries, j)
	}
	return out
}
