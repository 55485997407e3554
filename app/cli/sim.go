package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"posdoctor/locale"
	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

// startPTY serves the simulated terminal on a pseudo-terminal; a test replaces it to play a
// system that has none.
var startPTY = termsim.StartPTY

// msgSimNoPTY is what sim says where the system has no pseudo-terminals (Windows): what it
// needs, and what to use instead.
var msgSimNoPTY = msg{
	ZH:   "模拟终端要通过伪终端（pty）提供给其他程序，Windows 没有伪终端。POS Doctor 自带的模拟终端在程序内运行，不需要它：用 posdoctor check --sim，或在程序的“连接”页选“内置模拟终端”。要让其他程序（如收银软件）连接模拟终端，需要一对虚拟串口（如 com0com），sim 目前还不能在虚拟串口上提供模拟终端。",
	ZHTW: "模擬終端要透過偽終端（pty）提供給其他程式，Windows 沒有偽終端。POS Doctor 內建的模擬終端在程式內執行，不需要它：用 posdoctor check --sim，或在程式的「連線」頁選「內建模擬終端機」。要讓其他程式（如收銀軟體）連線模擬終端，需要一對虛擬串列埠（如 com0com），sim 目前還不能在虛擬串列埠上提供模擬終端。",
	EN:   "sim serves the simulated terminal to other programs on a pseudo-terminal (pty), which Windows does not have. POS Doctor's own simulator runs inside it and needs none: use posdoctor check --sim, or pick the built-in simulated terminal on the app's Connect screen. For another program (a till) to talk to the simulator, a virtual COM port pair (such as com0com) is needed, and sim cannot serve one yet.",
}

func cmdSim(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	l := langOf(ctx)
	fs := newFlagSet(ctx, "sim", "", stderr)
	var faults multiFlag
	fs.Var(&faults, "fault", "inject a fault NAME[=VALUE]; repeat or separate with commas. Names: "+strings.Join(termsim.FaultNames(), " "))
	pace := fs.Bool("pace", false, "send bytes no faster than --baud allows, so transfers take as long as on a real line")
	baud := fs.Int("baud", serialio.DefaultBaud, "line speed for --pace")
	autoKeys := fs.Bool("auto-keys", false, "press every key once when a keypad test starts (unattended checks)")
	speed := fs.Float64("speed", 1, "run the terminal's modelled delays X times faster (link timings never change)")
	journal := fs.Int("journal", 0, "transactions in the journal (default a few hundred)")
	seed := fs.Int64("seed", 0, "seed for the generated journal and identity and the line faults' random sequence (0: the fixed default)")
	if err := fs.Parse(args); err != nil {
		return parseExit(err)
	}
	if fs.NArg() > 0 {
		return failText(stderr, l, "sim", msgSimUnexpected, fs.Arg(0))
	}
	if err := serialio.CheckBaud(*baud); err != nil {
		return failErr(stderr, l, "sim", localized(err, msgBadBaud, *baud))
	}
	cfg, err := simConfig(faults, *speed)
	if err != nil {
		return failErr(stderr, l, "sim", err)
	}
	cfg.Pace, cfg.Baud, cfg.AutoKeys, cfg.Journal, cfg.Seed = *pace, *baud, *autoKeys, *journal, *seed
	path, wait, err := startPTY(ctx, cfg)
	if errors.Is(err, errors.ErrUnsupported) {
		fmt.Fprintln(stderr, "posdoctor sim:", say(l, msgSimNoPTY))
		return ExitFailed
	}
	if err != nil {
		return failErr(stderr, l, "sim", err)
	}
	// the device path, alone, as the first line: scripts read it
	fmt.Fprintln(stdout, path)
	if f, ok := stdout.(interface{ Sync() error }); ok {
		_ = f.Sync()
	}
	fmt.Fprintln(stderr, say(l, msgSimServing, path, orNone(l, faults)))
	if err := wait(); err != nil && ctx.Err() == nil {
		return failErr(stderr, l, "sim", err)
	}
	return ExitOK
}

func orNone(l locale.Lang, f multiFlag) string {
	if len(f) == 0 {
		return msgNone.In(l)
	}
	return f.String()
}
