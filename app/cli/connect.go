package cli

import (
	"context"
	"flag"

	"posdoctor/app/visit"
	"posdoctor/locale"
	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

// connFlags are the flags every command that talks to a terminal shares.
type connFlags struct {
	port   string
	baud   int
	format string
	sim    bool
	faults multiFlag
	speed  float64
	seed   int64
}

func (c *connFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.port, "port", "", "serial port of the terminal (COM3, /dev/ttyUSB0, a pty)")
	fs.IntVar(&c.baud, "baud", serialio.DefaultBaud, "line speed: 9600, 19200, 38400, 57600 or 115200")
	fs.StringVar(&c.format, "format", "8N1", "character format: 8N1 or 7E1")
	fs.BoolVar(&c.sim, "sim", false, "use the built-in simulated terminal (over a pty)")
	fs.Var(&c.faults, "fault", "with --sim: inject a fault NAME[=VALUE] (repeatable; see 'posdoctor sim -h')")
	fs.Float64Var(&c.speed, "speed", 1, "with --sim: run the terminal's modelled delays X times faster")
	fs.Int64Var(&c.seed, "seed", 0, "with --sim: seed for the terminal's identity, journal and line faults, so a run can be replayed (0: the fixed default)")
}

// target turns the flags into a session target.
func (c *connFlags) target() (visit.Target, error) {
	if c.sim == (c.port != "") {
		return visit.Target{}, errorOf(msgSayWhichTerminal)
	}
	if err := serialio.CheckBaud(c.baud); err != nil {
		return visit.Target{}, localized(err, msgBadBaud, c.baud)
	}
	format, err := serialio.ParseFormat(c.format)
	if err != nil {
		return visit.Target{}, localized(err, msgBadFormat, c.format)
	}
	t := visit.Target{Port: c.port, Baud: c.baud, Format: format, Sim: c.sim}
	if c.sim {
		if t.SimConfig, err = simConfig(c.faults, c.speed); err != nil {
			return t, err
		}
		t.SimConfig.Seed = c.seed
	}
	return t, nil
}

// open connects to the chosen terminal.
func (c *connFlags) open(ctx context.Context) (*visit.Conn, error) {
	t, err := c.target()
	if err != nil {
		return nil, err
	}
	return openTarget(ctx, t)
}

// The simulated terminal as a person reads its name (visit.Conn.Name is English).
var (
	msgSimOn       = msg{ZH: "模拟终端 %s", ZHTW: "模擬終端機 %s", EN: "simulated terminal on %s"}
	msgSimInMemory = msg{ZH: "模拟终端（内存中）", ZHTW: "模擬終端機（記憶體中）", EN: "simulated terminal (in memory)"}
)

// connName names the connected terminal in l: its port, or the simulated terminal and its pty.
func connName(l locale.Lang, c *visit.Conn) string {
	switch {
	case l == locale.EN || !c.IsSim:
		return c.Name
	case c.Path != "":
		return say(l, msgSimOn, c.Path)
	}
	return msgSimInMemory.In(l)
}

// openTarget connects to t; tests replace it to run the simulator in memory.
var openTarget = visit.Open

// simConfig parses --fault values into a simulator configuration.
func simConfig(faults []string, speed float64) (termsim.Config, error) {
	cfg := termsim.Config{Speed: speed}
	for _, f := range faults {
		ft, err := termsim.ParseFaults(f)
		if err != nil {
			return cfg, err
		}
		cfg.Faults = append(cfg.Faults, ft...)
	}
	if speed <= 0 {
		return cfg, errorOf(msgBadSpeed, speed)
	}
	return cfg, nil
}

// simConfigParts is err, which is or wraps ce, a fault or setting the simulated terminal
// refuses, for a reader of l (errParts): ce in its own words in l (the translation of its
// template, ids and values as typed, card numbers masked), then err's English when err says
// more (what was being done).
func simConfigParts(l locale.Lang, err error, ce *termsim.ConfigError) (sentence, details string) {
	sentence = rendered(l, ce.Key, ce.Args, ce.Error())
	if err == error(ce) {
		return sentence, ""
	}
	return sentence, err.Error()
}
