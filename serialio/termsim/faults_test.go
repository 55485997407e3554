package termsim

import (
	"errors"
	"strings"
	"testing"

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
