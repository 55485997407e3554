package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"posdoctor/app/visit"
	"posdoctor/pan"
	"posdoctor/serialio"
)

// statusFields are ST's response fields in PROTOCOL.md §5 order, with labels for people.
var statusFields = []struct{ name, label string }{
	{"MODEL", "型号 Model"}, {"SN", "序列号 Serial"}, {"FW", "固件 Firmware"},
	{"TID", "终端号 TID"}, {"MID", "商户号 MID"}, {"MNAME", "商户名 Merchant"},
	{"BATCH", "批次号 Batch"}, {"TRACE", "流水号 Trace"}, {"COMM", "通讯 Comm"},
	{"SIGNED", "已签到 Signed on"}, {"TIME", "终端时钟 Clock"}, {"PAPER", "纸 Paper"},
	{"COVER", "纸仓盖 Cover"}, {"BATT", "电量 Battery"}, {"PENDING", "未结算 Pending"},
	{"OFFLINE", "未上送 Offline"}, {"LASTSETTLE", "上次结算 Last settlement"},
	{"KEYS", "键盘 Keys"}, {"STUCK", "卡键 Stuck keys"},
}

func cmdStatus(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("status", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var conn connFlags
	conn.register(fs)
	asJSON := fs.Bool("json", false, "print JSON: the ST fields (lower-case names) plus rc and rtt_ms")
	if err := fs.Parse(args); err != nil {
		return ExitFailed
	}
	c, err := conn.open(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "posdoctor status:", err)
		return ExitFailed
	}
	defer c.Close()
	client, name := c.Client, c.Name

	start := time.Now()
	resp, err := client.Exchange(ctx, serialio.Message{Cmd: "ST"})
	rtt := time.Since(start)
	if err != nil {
		fmt.Fprintf(stderr, "posdoctor status: %s: %s\n", name, noAnswer(err))
		return ExitFailed
	}
	if resp.RC() == "" {
		// every response starts with RC (§4): whatever answered does not speak TML/1
		fmt.Fprintf(stderr, "posdoctor status: %s: the answer to ST has no RC (%s): this is not a TML/1 terminal, or not the terminal's port\n", name, pan.MaskText(resp.String()))
		return ExitFailed
	}
	if *asJSON {
		out := map[string]any{"rc": resp.RC(), "rtt_ms": rtt.Milliseconds()}
		for _, f := range statusFields {
			if v, ok := resp.Get(f.name); ok {
				out[strings.ToLower(f.name)] = pan.MaskText(v)
			}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(out)
	} else {
		fmt.Fprintf(stdout, "%s — RC %s, %d ms\n", name, resp.RC(), rtt.Milliseconds())
		for _, f := range statusFields {
			if v, ok := resp.Get(f.name); ok {
				fmt.Fprintf(stdout, "  %-22s %s\n", f.label, pan.MaskText(v))
			}
		}
	}
	if resp.RC() != "00" {
		fmt.Fprintf(stderr, "posdoctor status: the terminal answered RC %s (run 'posdoctor lookup %s')\n", resp.RC(), resp.RC())
		return ExitProblem
	}
	return ExitOK
}

// noAnswer says why a request got no answer and what to do, for the command line: what the
// line showed (our own frames back, bytes that are no frames) comes before the generic advice.
func noAnswer(err error) string {
	switch {
	case errors.Is(err, serialio.ErrLineEcho):
		return "the line echoes what we send: a loopback plug or a wrong cable, not a terminal.\nRemove the loopback plug and connect the terminal's own ECR / maintenance cable."
	case errors.Is(err, serialio.ErrGarbled):
		return err.Error() + "\nMatch the baud rate and format (--baud, --format 8N1|7E1) to the terminal's communication settings, and check that the port is the terminal's."
	case errors.Is(err, serialio.ErrTimeout):
		return "the terminal acknowledged the request but never answered it, though asked again under the same SEQ (" + err.Error() + ").\n" + visit.AdviceOr(err) + " If it never answers, restart it."
	case errors.Is(err, serialio.ErrLinkFailed):
		return "no answer: nothing on the line acknowledged the request or an ENQ (" + err.Error() + ").\n" + visit.AdviceOr(err)
	}
	return err.Error() + "\n" + visit.AdviceOr(err)
}
