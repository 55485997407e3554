package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

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
		fmt.Fprintf(stderr, "posdoctor status: %s: %v\n%s\n", name, err, advice(err))
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
