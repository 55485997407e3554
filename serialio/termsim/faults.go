package termsim

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"posdoctor/serialio"
)

// ErrConfig is the cause of every ConfigError: a fault or configuration the simulator cannot use.
var ErrConfig = errors.New("invalid simulated-terminal configuration")

// ConfigError says why a fault or a Config cannot be used, in words a person can act on.
type ConfigError struct {
	Reason string
}

func (e *ConfigError) Error() string { return "simulated terminal: " + e.Reason }

// Unwrap lets callers test errors.Is(err, ErrConfig).
func (e *ConfigError) Unwrap() error { return ErrConfig }

func configErrorf(format string, args ...any) error {
	return &ConfigError{Reason: fmt.Sprintf(format, args...)}
}

// Fault is one injected fault: a stable name and, for the faults that take one, a value
// ("stuck-key=5", "link-noise=0.001"). Build it with ParseFault; docs/simulator.md says what
// each does in PROTOCOL.md's terms.
type Fault struct {
	Name  string
	Value string
}

// String is the fault as ParseFault reads it: NAME or NAME=VALUE.
func (f Fault) String() string {
	if f.Value == "" {
		return f.Name
	}
	return f.Name + "=" + f.Value
}

// FaultSpec describes one fault for help text and the GUI's picker.
type FaultSpec struct {
	Name    string // stable name, as ParseFault reads it
	Arg     string // what the value is ("KEY", "RATE", ...), or "" when the fault takes none
	Example string // a value to start from ("5", "0.01", ...), or "" when the fault takes none
	Line    bool   // a line fault: it acts on the byte stream, not on the terminal
	Help    string // one line: what the terminal then does
}

// Value kinds of faults that take one.
const (
	argKey     = "KEY"
	argRate    = "RATE"
	argFrames  = "N"
	argCmd     = "CMD"
	argComm    = "PSTN|GPRS|4G|WIFI|ETH"
	argMinutes = "MINUTES"
)

// faultSpecs is the stable list of faults. Names never change: scripts, drills and the
// trainer's records use them.
var faultSpecs = []FaultSpec{
	{"paper-out", "", "", false, "printer has no paper: ST PAPER=OUT, PT RC=P1, EV P1"},
	{"paper-low", "", "", false, "paper roll near its end: ST PAPER=LOW; prints still work until the roll runs out"},
	{"cover-open", "", "", false, "printer cover open: ST COVER=OPEN, PT RC=P2"},
	{"printer-overheat", "", "", false, "print head over temperature: PT RC=P3 with TEMP over 65"},
	{"low-voltage", "", "", false, "supply too low to print: ST BATT low (portable), PT RC=P4 with low VOLT"},
	{"printer-fault", "", "", false, "printer mechanism fault: PT RC=P5"},
	{"no-dialtone", "", "", false, "PSTN line dead: CT RC=H1 DIALTONE=N; SO RC=H1 (implies comm=PSTN)"},
	{"line-busy", "", "", false, "PSTN line busy: CT RC=H2 LINE=BUSY; SO RC=H2 (implies comm=PSTN)"},
	{"host-timeout", "", "", false, "acquirer host does not answer: CT RC=H3 HOST=TIMEOUT; SO RC=H3"},
	{"host-refused", "", "", false, "acquirer host refuses the connection: CT RC=H6 HOST=REFUSED; SO RC=H6"},
	{"no-sim", "", "", false, "no SIM card: CT RC=H4 SIM=ABSENT; SO RC=H4 (implies a mobile comm)"},
	{"no-signal", "", "", false, "not registered on the mobile network: CT RC=H5 REG=N; SO RC=H5 (implies a mobile comm)"},
	{"weak-signal", "", "", false, "weak mobile signal: CT RC=00 with SIGNAL under 10 and a slow RTT (implies a mobile comm)"},
	{"stuck-key", argKey, "5", false, "key held down since power-on: ST STUCK=KEY; in KT it goes DOWN and never UP"},
	{"dead-key", argKey, "5", false, "key never reports: no KE for it in KT"},
	{"tmk-missing", "", "", false, "no terminal master key: KS TMK=N and empty check values; SO RC=K1"},
	{"key-mismatch", "", "", false, "host holds another TMK: SO's keys fail their check values, SO RC=K2 KEYCHK=FAIL, old keys stay"},
	{"mac-error", "", "", false, "host's MAC key is out of step with the terminal's: SO RC=A0"},
	{"invalid-merchant", "", "", false, "merchant not active at the host: SO RC=03"},
	{"terminal-unknown", "", "", false, "host does not know the terminal's TID: SO RC=97"},
	{"not-signed-on", "", "", false, "terminal signed off: ST SIGNED=N until a successful SO"},
	{"pending-reversal", "", "", false, "latest journal sale timed out and its reversal is unconfirmed: flag U"},
	{"duplicate-sale", "", "", false, "two recent approved SALEs, same card and amount, 3 minutes apart, nothing between"},
	{"unsettled", "", "", false, "last settlement several days ago: ST LASTSETTLE old, PENDING large"},
	{"comm", argComm, "PSTN", false, "the terminal's host link (default 4G); also picks the model"},
	{"clock-drift", argMinutes, "30", false, "terminal clock off by MINUTES (may be negative): ST TIME, journal and events"},
	{"link-noise", argRate, "0.01", true, "each byte on the line corrupted with probability RATE, both directions"},
	{"link-drop", argRate, "0.01", true, "each frame the terminal sends lost with probability RATE"},
	{"lost-ack", argRate, "0.01", true, "each ACK the terminal sends lost with probability RATE"},
	{"link-gap", "", "", true, "every third frame the terminal sends stalls over 300 ms mid-frame"},
	{"unplug-after", argFrames, "20", true, "after N frames (both directions) the cable is pulled: the line closes"},
	{"silent", argCmd, "ST", true, "requests with this CMD are ACKed and never answered"},
}

// FaultSpecs returns every fault with its argument and a one-line description.
func FaultSpecs() []FaultSpec { return append([]FaultSpec(nil), faultSpecs...) }

// FaultNames returns every stable fault name, in a fixed order, for help text and pickers.
func FaultNames() []string {
	names := make([]string, len(faultSpecs))
	for i, s := range faultSpecs {
		names[i] = s.Name
	}
	return names
}

func faultUsage() string {
	parts := make([]string, len(faultSpecs))
	for i, s := range faultSpecs {
		parts[i] = s.Name
		if s.Arg != "" {
			parts[i] += "=" + s.Arg
		}
	}
	return strings.Join(parts, ", ")
}

func findSpec(name string) (FaultSpec, bool) {
	for _, s := range faultSpecs {
		if s.Name == name {
			return s, true
		}
	}
	return FaultSpec{}, false
}

// allKeys is every key name of PROTOCOL.md §5, in keypad order.
var allKeys = []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0",
	"ENTER", "CANCEL", "CLEAR", "FUNC", "MENU", "UP", "DOWN", "ALPHA", "DOT", "F1", "F2", "F3", "F4"}

// requests are the commands a host may send (§5): every command but the terminal's own
// unsolicited KE and EV (KX goes both ways).
var requests = []serialio.Command{serialio.CmdEcho, serialio.CmdStatus, serialio.CmdCommTest,
	serialio.CmdKeyStatus, serialio.CmdKeypadTest, serialio.CmdKeypadEnd, serialio.CmdPrintTest,
	serialio.CmdSignOn, serialio.CmdJournal, serialio.CmdEventLog}

func isRequest(c serialio.Command) bool { return slices.Contains(requests, c) }

var allComms = []string{"PSTN", "GPRS", "4G", "WIFI", "ETH"}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// ParseFault reads one fault as the CLI and GUI take it: NAME or NAME=VALUE. Names are
// case-insensitive; values are checked and normalised (keys and commands upper case).
// Errors are *ConfigError naming the fault and listing what is valid.
func ParseFault(s string) (Fault, error) {
	in := strings.TrimSpace(s)
	name, value, hasValue := strings.Cut(in, "=")
	name = strings.ToLower(strings.TrimSpace(name))
	value = strings.TrimSpace(value)
	spec, ok := findSpec(name)
	if !ok {
		return Fault{}, configErrorf("unknown fault %q: valid faults are %s", in, faultUsage())
	}
	if spec.Arg == "" {
		if hasValue {
			return Fault{}, configErrorf("fault %q takes no value: write just %s", in, name)
		}
		return Fault{Name: name}, nil
	}
	if value == "" {
		return Fault{}, configErrorf("fault %q needs a value: write %s=%s", in, name, spec.Arg)
	}
	switch spec.Arg {
	case argKey:
		v := strings.ToUpper(value)
		if !contains(allKeys, v) {
			return Fault{}, configErrorf("fault %q: %q is not a key name; keys are %s", in, value, strings.Join(allKeys, " "))
		}
		value = v
	case argCmd:
		v := serialio.Command(strings.ToUpper(value))
		if !isRequest(v) {
			names := make([]string, len(requests))
			for i, c := range requests {
				names[i] = c.String()
			}
			return Fault{}, configErrorf("fault %q: %q is not a TML/1 request; requests are %s", in, value, strings.Join(names, " "))
		}
		value = v.String()
	case argComm:
		v := strings.ToUpper(value)
		if !contains(allComms, v) {
			return Fault{}, configErrorf("fault %q: comm must be one of %s", in, strings.Join(allComms, ", "))
		}
		value = v
	case argRate:
		r, err := strconv.ParseFloat(value, 64)
		if err != nil || math.IsNaN(r) || r < 0 || r > 1 {
			return Fault{}, configErrorf("fault %q: RATE must be a probability from 0 to 1, e.g. %s=0.001", in, name)
		}
	case argFrames:
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 {
			return Fault{}, configErrorf("fault %q: N must be a whole number of frames, 1 or more", in)
		}
	case argMinutes:
		m, err := strconv.Atoi(value)
		if err != nil || m < -525600 || m > 525600 {
			return Fault{}, configErrorf("fault %q: MINUTES must be a whole number within a year either way, e.g. clock-drift=-12", in)
		}
	}
	return Fault{Name: name, Value: value}, nil
}

// faultSeparator splits a fault list: commas (also the full-width ， of Chinese input
// methods), spaces and new lines.
func faultSeparator(r rune) bool { return r == ',' || r == '，' || unicode.IsSpace(r) }

// spacedEquals is "=" with spaces around it, which a list would otherwise split apart.
var spacedEquals = regexp.MustCompile(`\s*=\s*`)

// ParseFaults reads a list of faults as people type it in the GUI's field or on the command
// line: faults as ParseFault reads them, separated by commas (or the full-width ，), spaces or
// new lines ("paper-out, stuck-key=5"). Empty items are skipped, so "" is no faults. The error
// is the first fault ParseFault refuses. Whether the faults fit together is New's and
// SetFaults' business.
func ParseFaults(text string) ([]Fault, error) {
	var out []Fault
	for _, item := range strings.FieldsFunc(spacedEquals.ReplaceAllString(text, "="), faultSeparator) {
		f, err := ParseFault(item)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// lineFaults are the faults that act on the byte stream (see line.go).
type lineFaults struct {
	noise, drop, lostAck float64
	gap                  bool
	unplugAfter          int
}

func (l lineFaults) active() bool {
	return l.noise > 0 || l.drop > 0 || l.lostAck > 0 || l.gap || l.unplugAfter > 0
}

// faultSet is the validated set of faults a Terminal runs with.
type faultSet struct {
	on      map[string]bool // boolean faults by name
	comm    string          // resolved comm mode
	stuck   []string
	dead    map[string]bool
	drift   time.Duration
	silent  map[serialio.Command]bool
	line    lineFaults
	applied []Fault // as given, normalised
}

func (f *faultSet) has(name string) bool { return f.on[name] }

// exclusiveGroups lists faults that contradict each other: at most one of each group.
var exclusiveGroups = [][]string{
	{"paper-out", "paper-low"},
	{"no-dialtone", "line-busy"},
	{"host-timeout", "host-refused"},
	{"no-sim", "no-signal", "weak-signal"},
	{"tmk-missing", "key-mismatch", "mac-error", "invalid-merchant", "terminal-unknown"},
}

// buildFaults validates faults together and resolves the comm mode: PSTN faults imply PSTN,
// mobile faults imply 4G, otherwise 4G (docs/simulator.md).
func buildFaults(faults []Fault) (faultSet, error) {
	f := faultSet{on: map[string]bool{}, dead: map[string]bool{}, silent: map[serialio.Command]bool{}}
	valued := map[string]string{}
	for _, given := range faults {
		p, err := ParseFault(given.String())
		if err != nil {
			return f, err
		}
		f.applied = append(f.applied, p)
		spec, _ := findSpec(p.Name)
		switch p.Name {
		case "stuck-key":
			if !contains(f.stuck, p.Value) {
				f.stuck = append(f.stuck, p.Value)
			}
			continue
		case "dead-key":
			f.dead[p.Value] = true
			continue
		case "silent":
			f.silent[serialio.Command(p.Value)] = true
			continue
		}
		if spec.Arg == "" {
			f.on[p.Name] = true
			continue
		}
		if old, dup := valued[p.Name]; dup && old != p.Value {
			return f, configErrorf("fault %s is given twice (%s=%s and %s=%s): keep one", p.Name, p.Name, old, p.Name, p.Value)
		}
		valued[p.Name] = p.Value
		switch p.Name {
		case "comm":
			f.comm = p.Value
		case "clock-drift":
			m, _ := strconv.Atoi(p.Value)
			f.drift = time.Duration(m) * time.Minute
		case "link-noise":
			f.line.noise, _ = strconv.ParseFloat(p.Value, 64)
		case "link-drop":
			f.line.drop, _ = strconv.ParseFloat(p.Value, 64)
		case "lost-ack":
			f.line.lostAck, _ = strconv.ParseFloat(p.Value, 64)
		case "unplug-after":
			f.line.unplugAfter, _ = strconv.Atoi(p.Value)
		}
	}
	f.line.gap = f.on["link-gap"]
	for _, group := range exclusiveGroups {
		var set []string
		for _, n := range group {
			if f.on[n] {
				set = append(set, n)
			}
		}
		if len(set) > 1 {
			return f, configErrorf("faults %s contradict each other: keep one of them", strings.Join(set, " and "))
		}
	}
	for _, k := range f.stuck {
		if f.dead[k] {
			return f, configErrorf("key %s cannot be both stuck-key and dead-key: keep one", k)
		}
	}
	pstn := firstOn(f.on, "no-dialtone", "line-busy")
	mobile := firstOn(f.on, "no-sim", "no-signal", "weak-signal")
	switch {
	case f.comm != "":
		if pstn != "" && f.comm != "PSTN" {
			return f, configErrorf("%s is a PSTN fault but comm=%s was given: use comm=PSTN or drop %s", pstn, f.comm, pstn)
		}
		if mobile != "" && f.comm != "GPRS" && f.comm != "4G" {
			return f, configErrorf("%s is a mobile-network fault but comm=%s was given: use comm=GPRS or comm=4G, or drop %s", mobile, f.comm, mobile)
		}
	case pstn != "" && mobile != "":
		return f, configErrorf("%s needs a PSTN line and %s a mobile network: a terminal has one host link; keep the faults of one mode", pstn, mobile)
	case pstn != "":
		f.comm = "PSTN"
	default:
		f.comm = "4G"
	}
	return f, nil
}

func firstOn(on map[string]bool, names ...string) string {
	for _, n := range names {
		if on[n] {
			return n
		}
	}
	return ""
}
