package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

func cmdSim(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("sim", "", stderr)
	var faults multiFlag
	fs.Var(&faults, "fault", "inject a fault NAME[=VALUE]; repeat or separate with commas. Names: "+strings.Join(termsim.FaultNames(), " "))
	pace := fs.Bool("pace", false, "send bytes no faster than --baud allows, so transfers take as long as on a real line")
	baud := fs.Int("baud", serialio.DefaultBaud, "line speed for --pace")
	autoKeys := fs.Bool("auto-keys", false, "press every key once when a keypad test starts (unattended checks)")
	speed := fs.Float64("speed", 1, "run the terminal's modelled delays X times faster (link timings never change)")
	journal := fs.Int("journal", 0, "transactions in the journal (default a few hundred)")
	seed := fs.Int64("seed", 0, "seed for the generated journal and identity and the line faults' random sequence (0: the fixed default)")
	if err := fs.Parse(args); err != nil {
		return ExitFailed
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "posdoctor sim: unexpected argument %q (faults go with --fault)\n", fs.Arg(0))
		return ExitFailed
	}
	if err := serialio.CheckBaud(*baud); err != nil {
		fmt.Fprintln(stderr, "posdoctor sim:", err)
		return ExitFailed
	}
	cfg, err := simConfig(faults, *speed)
	if err != nil {
		fmt.Fprintln(stderr, "posdoctor sim:", err)
		return ExitFailed
	}
	cfg.Pace, cfg.Baud, cfg.AutoKeys, cfg.Journal, cfg.Seed = *pace, *baud, *autoKeys, *journal, *seed
	path, wait, err := termsim.StartPTY(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "posdoctor sim:", err)
		return ExitFailed
	}
	// the device path, alone, as the first line: scripts read it
	fmt.Fprintln(stdout, path)
	if f, ok := stdout.(interface{ Sync() error }); ok {
		_ = f.Sync()
	}
	fmt.Fprintf(stderr, "simulated terminal serving on %s (faults: %s); Ctrl+C stops it\n", path, orNone(faults))
	if err := wait(); err != nil && ctx.Err() == nil {
		fmt.Fprintln(stderr, "posdoctor sim:", err)
		return ExitFailed
	}
	return ExitOK
}

func orNone(f multiFlag) string {
	if len(f) == 0 {
		return "none"
	}
	return f.String()
}
