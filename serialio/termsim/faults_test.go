package termsim

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"text/template"

	"posdoctor/locale"
)

func TestParseFault(t *testing.T) {
	good := []struct{ in, want string }{
		{"paper-out", "paper-out"},
		{" Paper-Out ", "paper-out"},
		{"stuck-key=5", "stuck-key=5"},
		{"dead-key=enter", "dead-key=ENTER"},
		{"link-noise=0.001", "link-noise=0.001"},
		{"link-drop=1", "link-drop=1"},
		{"lost-ack=0", "lost-ack=0"},
		{"unplug-after=20", "unplug-after=20"},
		{"silent=so", "silent=SO"},
		{"comm=pstn", "comm=PSTN"},
		{"comm=4G", "comm=4G"},
		{"clock-drift=-12", "clock-drift=-12"},
		{"link-gap", "link-gap"},
	}
	for _, c := range good {
		f, err := ParseFault(c.in)
		if err != nil || f.String() != c.want {
			t.Errorf("ParseFault(%q) = %v, %v; want %s", c.in, f, err, c.want)
		}
	}
	bad := []struct{ in, mention string }{
		{"papr-out", "paper-out"}, // unknown: lists the valid names
		{"", "valid faults"},
		{"paper-out=1", "paper-out"},
		{"stuck-key", "stuck-key=KEY"},
		{"stuck-key=X", "ENTER"},
		{"link-noise=2", "link-noise"},
		{"link-noise=abc", "RATE"},
		{"link-noise=NaN", "RATE"},
		{"unplug-after=0", "unplug-after"},
		{"silent=XX", "EC ST"},
		{"comm=LTE", "PSTN"},
		{"clock-drift=1.5", "MINUTES"},
	}
	for _, c := range bad {
		_, err := ParseFault(c.in)
		var ce *ConfigError
		if !errors.As(err, &ce) || !errors.Is(err, ErrConfig) {
			t.Errorf("ParseFault(%q) = %v, want a ConfigError", c.in, err)
			continue
		}
		if !strings.Contains(err.Error(), c.mention) {
			t.Errorf("ParseFault(%q) error %q does not tell the reader about %q", c.in, err, c.mention)
		}
	}
}

// TestFaultNames: every name is listed once, parses, and New accepts it alone.
func TestFaultNames(t *testing.T) {
	seen := map[string]bool{}
	example := map[string]string{argKey: "5", argRate: "0.001", argFrames: "20", argCmd: "ST", argComm: "GPRS", argMinutes: "10"}
	for _, s := range FaultSpecs() {
		if seen[s.Name] {
			t.Errorf("%s listed twice", s.Name)
		}
		seen[s.Name] = true
		in := s.Name
		if s.Arg != "" {
			in += "=" + example[s.Arg]
		}
		f, err := ParseFault(in)
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if _, err := New(Config{Faults: []Fault{f}, Journal: 20}); err != nil {
			t.Errorf("New with %s: %v", in, err)
		}
	}
	if len(FaultNames()) != len(seen) || len(seen) < 32 {
		t.Errorf("FaultNames has %d names, specs %d", len(FaultNames()), len(seen))
	}
}

// TestNewValidates: contradictory faults and bad settings are refused with a clear reason;
// PSTN and mobile faults pick the comm mode.
func TestNewValidates(t *testing.T) {
	cases := []struct {
		faults []string
		cfg    Config
		comm   string // "" means New must fail
	}{
		{nil, Config{}, "4G"},
		{[]string{"no-dialtone"}, Config{}, "PSTN"},
		{[]string{"line-busy", "comm=PSTN"}, Config{}, "PSTN"},
		{[]string{"no-sim"}, Config{}, "4G"},
		{[]string{"no-sim", "comm=GPRS"}, Config{}, "GPRS"},
		{[]string{"weak-signal", "comm=4G"}, Config{}, "4G"},
		{[]string{"comm=ETH", "no-dialtone"}, Config{}, ""},
		{[]string{"comm=WIFI", "no-signal"}, Config{}, ""},
		{[]string{"no-dialtone", "no-sim"}, Config{}, ""},
		{[]string{"paper-out", "paper-low"}, Config{}, ""},
		{[]string{"host-timeout", "host-refused"}, Config{}, ""},
		{[]string{"mac-error", "key-mismatch"}, Config{}, ""},
		{[]string{"stuck-key=5", "dead-key=5"}, Config{}, ""},
		{[]string{"stuck-key=F4"}, Config{}, ""},                // the portable model has no F keys
		{[]string{"stuck-key=F4", "comm=ETH"}, Config{}, "ETH"}, // the countertop one has
		{[]string{"link-noise=0.1", "link-noise=0.2"}, Config{}, ""},
		{nil, Config{Speed: -1}, ""},
		{nil, Config{Journal: -5}, ""},
		{nil, Config{Baud: -9600}, ""},
	}
	for _, c := range cases {
		cfg := c.cfg
		cfg.Faults = mustFaults(t, c.faults...)
		term, err := New(cfg)
		if c.comm == "" {
			if !errors.Is(err, ErrConfig) {
				t.Errorf("New(%v, %+v) = %v, want a ConfigError", c.faults, c.cfg, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("New(%v): %v", c.faults, err)
			continue
		}
		if term.Comm() != c.comm {
			t.Errorf("New(%v) comm %s, want %s", c.faults, term.Comm(), c.comm)
		}
	}
}

// TestFaultTexts: every fault has a title and a description in each language, Chinese ones
// in Chinese, and no two faults share a title.
func TestFaultTexts(t *testing.T) {
	titles := map[string]string{}
	for _, s := range FaultSpecs() {
		for name, x := range map[string]locale.Text{"title": s.Title, "description": s.Desc} {
			if x.ZH == "" || x.ZHTW == "" || x.EN == "" {
				t.Errorf("%s: %s %+v lacks a language", s.Name, name, x)
			}
			for _, zh := range []string{x.ZH, x.ZHTW} {
				if locale.Width(zh) == len([]rune(zh)) {
					t.Errorf("%s: %s %q is not Chinese", s.Name, name, zh)
				}
			}
		}
		for _, l := range locale.Langs() {
			k := l.String() + ":" + s.Title.In(l)
			if other, ok := titles[k]; ok {
				t.Errorf("%s and %s share the title %q", s.Name, other, s.Title.In(l))
			}
			titles[k] = s.Name
		}
	}
}

// TestConfigErrorsCarryTheirTemplate: every refusal of a fault or a Config is worded by a
// template of its own with args, so a front end can say it in another language: Error() is
// the English it always was (the clash of three faults aside, now "a, b and c"), Key is a
// registered template and renders with Args to exactly Error(), and every registered
// template is met here.
func TestConfigErrorsCarryTheirTemplate(t *testing.T) {
	const p = "simulated terminal: "
	running, err := New(Config{Faults: mustFaults(t, "paper-out", "pending-reversal"), Speed: 1000, Journal: 20})
	if err != nil {
		t.Fatal(err)
	}
	newWith := func(cfg Config, faults ...string) func() error {
		return func() error {
			for _, s := range faults {
				f, err := ParseFault(s)
				if err != nil {
					return err
				}
				cfg.Faults = append(cfg.Faults, f)
			}
			_, err := New(cfg)
			return err
		}
	}
	parse := func(s string) func() error { return func() error { _, err := ParseFaults(s); return err } }
	set := func(faults ...string) func() error {
		return func() error { return running.SetFaults(mustFaults(t, faults...)) }
	}
	cases := []struct {
		try  func() error
		want string
	}{
		{parse("papr-out"), `unknown fault "papr-out": valid faults are paper-out, paper-low, cover-open, printer-overheat, low-voltage, printer-fault, no-dialtone, line-busy, host-timeout, host-refused, no-sim, no-signal, weak-signal, stuck-key=KEY, dead-key=KEY, tmk-missing, key-mismatch, mac-error, invalid-merchant, terminal-unknown, not-signed-on, pending-reversal, duplicate-sale, unsettled, comm=PSTN|GPRS|4G|WIFI|ETH, clock-drift=MINUTES, link-noise=RATE, link-drop=RATE, lost-ack=RATE, link-gap, unplug-after=N, silent=CMD`},
		{parse("paper-out=1"), `fault "paper-out=1" takes no value: write just paper-out`},
		{parse("stuck-key"), `fault "stuck-key" needs a value: write stuck-key=KEY`},
		{parse("stuck-key=X"), `fault "stuck-key=X": "X" is not a key name; keys are 1 2 3 4 5 6 7 8 9 0 ENTER CANCEL CLEAR FUNC MENU UP DOWN ALPHA DOT F1 F2 F3 F4`},
		{parse("silent=XX"), `fault "silent=XX": "XX" is not a TML/1 request; requests are EC ST CT KS KT KX PT SO JL EL`},
		{parse("comm=LTE"), `fault "comm=LTE": comm must be one of PSTN, GPRS, 4G, WIFI, ETH`},
		{parse("link-noise=2"), `fault "link-noise=2": RATE must be a probability from 0 to 1, e.g. link-noise=0.001`},
		{parse("unplug-after=0"), `fault "unplug-after=0": N must be a whole number of frames, 1 or more`},
		{parse("clock-drift=1.5"), `fault "clock-drift=1.5": MINUTES must be a whole number within a year either way, e.g. clock-drift=-12`},
		{newWith(Config{}, "link-noise=0.1", "link-noise=0.2"), `fault link-noise is given twice (link-noise=0.1 and link-noise=0.2): keep one`},
		{newWith(Config{}, "paper-out", "paper-low"), `faults paper-out and paper-low contradict each other: keep one of them`},
		{newWith(Config{}, "no-sim", "no-signal", "weak-signal"), `faults no-sim, no-signal and weak-signal contradict each other: keep one of them`},
		{newWith(Config{}, "stuck-key=5", "dead-key=5"), `key 5 cannot be both stuck-key and dead-key: keep one`},
		{newWith(Config{}, "comm=ETH", "no-dialtone"), `no-dialtone is a PSTN fault but comm=ETH was given: use comm=PSTN or drop no-dialtone`},
		{newWith(Config{}, "comm=WIFI", "no-signal"), `no-signal is a mobile-network fault but comm=WIFI was given: use comm=GPRS or comm=4G, or drop no-signal`},
		{newWith(Config{}, "no-dialtone", "no-sim"), `no-dialtone needs a PSTN line and no-sim a mobile network: a terminal has one host link; keep the faults of one mode`},
		{newWith(Config{}, "stuck-key=F4"), `a PAX S920 (the model for comm=4G) has no key F4; its keys are [1 2 3 4 5 6 7 8 9 0 ENTER CANCEL CLEAR FUNC MENU UP DOWN ALPHA DOT]`},
		{newWith(Config{Speed: -1}), `speed -1: must be a positive factor (1 is real timing, 100 is a hundred times faster)`},
		{newWith(Config{Journal: -5}), `journal size -5: must be from 1 to 200000 transactions (0 means 300)`},
		{newWith(Config{Baud: -9600}), `baud -9600: must be a positive rate such as 9600 or 115200`},
		{set("paper-out", "pending-reversal", "duplicate-sale"), `duplicate-sale cannot be added while the terminal runs: the journal and event log were written with it when the terminal was made; start a new terminal for that`},
		{set("paper-out"), `pending-reversal cannot be cleared while the terminal runs: the journal and event log were written with it when the terminal was made; start a new terminal for that`},
		{set("pending-reversal", "comm=PSTN"), `comm=PSTN: this terminal's host link is 4G, and comm cannot change while it runs (it is the terminal's identity: it picks the model); start a new terminal with comm=PSTN`},
		{set("pending-reversal", "no-dialtone"), `no-dialtone needs a PSTN terminal, and this one's host link is 4G: comm cannot change while the terminal runs; drop no-dialtone, or start a new terminal with it`},
	}
	met := map[string]bool{}
	for _, c := range cases {
		err := c.try()
		var ce *ConfigError
		if !errors.As(err, &ce) || !errors.Is(err, ErrConfig) {
			t.Errorf("%v: not a ConfigError, want %q", err, c.want)
			continue
		}
		if err.Error() != p+c.want {
			t.Errorf("English\n%q, want\n%q", err.Error(), p+c.want)
		}
		if !slices.Contains(ConfigTemplates(), ce.Key) {
			t.Errorf("%q: its key %q is not registered", err, ce.Key)
		}
		if got := renderTest(t, ce.Key, ce.Args); got != err.Error() {
			t.Errorf("%q rendered with %v is %q, not Error() %q", ce.Key, ce.Args, got, err.Error())
		}
		for k, v := range ce.Args {
			switch v.(type) {
			case string, int:
			default:
				t.Errorf("%q: arg %s is a %T: args are strings and numbers", ce.Key, k, v)
			}
		}
		met[ce.Key] = true
	}
	for _, k := range ConfigTemplates() {
		if !met[k] {
			t.Errorf("no case meets %q", k)
		}
	}
}

func renderTest(t *testing.T, key string, args map[string]any) string {
	t.Helper()
	tp, err := template.New("").Option("missingkey=error").Parse(key)
	if err != nil {
		t.Fatalf("%q: %v", key, err)
	}
	var b strings.Builder
	if err := tp.Execute(&b, args); err != nil {
		t.Fatalf("%q: %v", key, err)
	}
	return b.String()
}

// TestParseFaultsFullWidth: faults typed with a full-width input method (a Chinese keyboard's
// full-width mode) read as the ASCII they mean.
func TestParseFaultsFullWidth(t *testing.T) {
	got, err := ParseFaults("ｐａｐｅｒ－ｏｕｔ，ｓｔｕｃｋ－ｋｅｙ＝５\u3000ｃｏｍｍ＝４Ｇ")
	if err != nil {
		t.Fatal(err)
	}
	want := []Fault{{Name: "paper-out"}, {Name: "stuck-key", Value: "5"}, {Name: "comm", Value: "4G"}}
	if len(got) != len(want) {
		t.Fatalf("%+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].Name != want[i].Name || got[i].Value != want[i].Value {
			t.Errorf("fault %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}
