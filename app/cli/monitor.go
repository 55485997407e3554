package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"posdoctor/app/visit"
	"posdoctor/locale"
	"posdoctor/serialio"
)

func init() {
	register("monitor", command{cmdMonitor, "monitor (--port PATH [--baud N] [--format 8N1|7E1] | --sim [--fault F]...) [--hex] [--send ENQ|ST|EC|CT|KS|JL|EL|HEX]... [--for D]   every byte in and out of the line, until Ctrl-C"})
	addSentences(map[string]msg{"monitorHead": msgMonitorHead, "monitorSent": msgMonitorSent,
		"monitorAnswer": msgMonitorAnswer, "monitorFailed": msgMonitorFailed, "monitorEnded": msgMonitorEnded,
		"monitorDropped": msgMonitorDropped})
}

var (
	msgMonitorHead    = msg{ZH: "监视 %s（-> 本机发出，<- 收到；Ctrl-C 结束）", ZHTW: "監看 %s（-> 本機送出，<- 收到；Ctrl-C 結束）", EN: "monitoring %s (-> sent, <- received; Ctrl-C ends)"}
	msgMonitorSent    = msg{ZH: "已发送 %s", ZHTW: "已送出 %s", EN: "sent %s"}
	msgMonitorAnswer  = msg{ZH: "%s 的应答：应答码 %s", ZHTW: "%s 的回應：回應碼 %s", EN: "answer to %s: RC %s"}
	msgMonitorFailed  = msg{ZH: "%s 没有结果：%v", ZHTW: "%s 沒有結果：%v", EN: "%s got nowhere: %v"}
	msgMonitorEnded   = msg{ZH: "线路已结束：%v", ZHTW: "線路已結束：%v", EN: "the line ended: %v"}
	msgMonitorDropped = msg{ZH: "（显示跟不上：%d 条记录未显示）", ZHTW: "（顯示跟不上：%d 筆記錄未顯示）", EN: "(output fell behind: %d entries not shown)"}
)

// monitorCapacity is how many entries the command's monitor keeps between two prints.
const monitorCapacity = 4096

const monitorUsage = `posdoctor monitor (--port PATH [--baud N] [--format 8N1|7E1] | --sim [--fault F]...) [--hex] [--send X]... [--for D]

Shows every byte in and out of the line, timestamped (-> sent by this computer, <- received):
control bytes by name (ENQ, ACK, NAK, EOT), TML/1 frames with their LRC checked and the messages
they carry decoded into fields, other terminals' STX DATA ETX LRC frames (Concert-style) with
their LRC checked, 7E1 characters read at 8N1 named as such, bytes outside frames in hex. Card numbers are masked. The
command answers the terminal as the app does (ACK a good frame, NAK a bad one, ACK an ENQ).
--send X sends, once the line is open: ENQ, a TML/1 request (ST, EC, CT, KS, JL, EL), or hex
bytes (hex:02 00 06 … or 05; names such as STX and ENQ count too). Runs until Ctrl-C or --for.
`

// monitorSend is one thing --send asks for.
type monitorSend struct {
	what string // as typed
	enq  bool
	req  *serialio.Message
	raw  []byte
}

// parseMonitorSend reads a --send value: ENQ, a request the monitor offers, or hex bytes
// (hex:… always; bare hex when it is no command).
func parseMonitorSend(s string, now time.Time) (monitorSend, error) {
	out := monitorSend{what: s}
	t := strings.TrimSpace(s)
	if h, ok := strings.CutPrefix(t, "hex:"); ok {
		b, err := serialio.ParseHex(h)
		out.raw = b
		return out, err
	}
	if strings.EqualFold(t, "ENQ") {
		out.enq = true
		return out, nil
	}
	if c := serialio.Command(strings.ToUpper(t)); c.Valid() {
		req, err := serialio.SampleRequest(c, now)
		out.req = &req
		return out, err
	}
	b, err := serialio.ParseHex(t)
	out.raw = b
	return out, err
}

func cmdMonitor(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(ctx, "monitor", monitorUsage, stderr)
	var conn connFlags
	conn.register(fs)
	hex := fs.Bool("hex", false, "show the bytes of every entry in hex too")
	var sends multiFlag
	fs.Var(&sends, "send", "send once the line is open: ENQ, ST, EC, CT, KS, JL, EL, or hex:BYTES (repeatable, in order)")
	dur := fs.Duration("for", 0, "stop after this long (0: until Ctrl-C)")
	if err := fs.Parse(args); err != nil {
		return parseExit(err)
	}
	var todo []monitorSend
	for _, s := range sends {
		ms, err := parseMonitorSend(s, time.Now())
		if err != nil {
			return failErr(stderr, langOf(ctx), "monitor", explained(fmt.Errorf("--send %s: %v", s, err), msgMonitorSend, s))
		}
		todo = append(todo, ms)
	}
	if *dur > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *dur)
		defer cancel()
	}
	c, err := conn.open(ctx)
	if err != nil {
		return failErr(stderr, langOf(ctx), "monitor", err)
	}
	defer c.Close()
	m := serialio.NewMonitor(monitorCapacity)
	defer m.Stop()
	defer m.Watch(c.Trace)()

	l := langOf(ctx)
	fmt.Fprintln(stdout, say(l, msgMonitorHead, connName(l, c)))
	notes := make(chan string, len(todo)+1)
	go func() {
		for _, s := range todo {
			notes <- monitorDo(ctx, c, s, l)
		}
	}()
	return monitorPrint(ctx, m, c.Client, notes, l, *hex, stdout, stderr)
}

// monitorDo sends one --send and says what came of it.
func monitorDo(ctx context.Context, c *visit.Conn, s monitorSend, l locale.Lang) string {
	var err error
	switch {
	case s.enq:
		err = c.Client.Probe(ctx)
	case s.req != nil:
		var resp serialio.Message
		if resp, err = c.Client.Exchange(ctx, *s.req); err == nil {
			return say(l, msgMonitorAnswer, s.req.Cmd, resp.RC())
		}
	default:
		err = c.Trace.SendRaw(ctx, s.raw)
	}
	if err != nil {
		return say(l, msgMonitorFailed, s.what, strings.ReplaceAll(errText(l, err), "\n", "\n   "))
	}
	return say(l, msgMonitorSent, s.what)
}

// monitorPrint prints the monitor's entries as they come, and the notes of what was sent,
// until ctx ends (ExitOK) or the line does (ExitFailed).
func monitorPrint(ctx context.Context, m *serialio.Monitor, client *serialio.Client, notes <-chan string, l locale.Lang, hex bool, stdout, stderr io.Writer) int {
	var last uint64
	flush := func() {
		es := m.Since(last)
		if len(es) > 0 && es[0].Seq > last+1 {
			fmt.Fprintln(stdout, say(l, msgMonitorDropped, es[0].Seq-last-1))
		}
		for _, e := range es {
			fmt.Fprintln(stdout, e.Line(l, hex))
			last = e.Seq
		}
	}
	for {
		select {
		case <-m.Changed():
			flush()
		case n := <-notes:
			flush()
			fmt.Fprintln(stdout, "   "+n)
		case <-client.Done():
			time.Sleep(50 * time.Millisecond) // the last bytes' entries
			m.Flush(time.Now().Add(time.Second))
			flush()
			err := client.Err()
			if errors.Is(err, serialio.ErrClosed) && ctx.Err() != nil {
				return ExitOK
			}
			return failErr(stderr, l, "monitor", errorOf(msgMonitorEnded, err))
		case <-ctx.Done():
			m.Flush(time.Now().Add(time.Second))
			flush()
			return ExitOK
		}
	}
}
