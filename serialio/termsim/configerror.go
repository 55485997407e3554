package termsim

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"text/template"
)

// ErrConfig is the cause of every ConfigError: a fault or configuration the simulator cannot use.
var ErrConfig = errors.New("invalid simulated-terminal configuration")

// ConfigError says why a fault or a Config cannot be used, in words a person can act on.
// Error() is English; Key is the text/template it was rendered from (the whole message,
// "simulated terminal: " included) and Args its arguments, strings and numbers only, so a
// front end can say it in its reader's language from a translation keyed by Key, as the
// checklist's messages are said (assets/translations; ConfigTemplates lists the keys).
type ConfigError struct {
	Reason string         // the English after "simulated terminal: "
	Key    string         // the template of Error()
	Args   map[string]any // its arguments by name
}

func (e *ConfigError) Error() string { return configPrefix + e.Reason }

// Unwrap lets callers test errors.Is(err, ErrConfig).
func (e *ConfigError) Unwrap() error { return ErrConfig }

const configPrefix = "simulated terminal: "

// configTemplates are the templates of every ConfigError. reason adds to it from package-level
// variable initialisers only: once the package is initialised it is complete, and only read.
var configTemplates []string

// reason registers the template of a ConfigError's reason and returns its key, the template of
// the whole message.
func reason(t string) string {
	key := configPrefix + t
	configTemplates = append(configTemplates, key)
	return key
}

// ConfigTemplates lists every template a ConfigError can be worded by: the keys its
// translations must cover.
func ConfigTemplates() []string { return slices.Clone(configTemplates) }

// configError is the ConfigError worded by the template key with args. Should the template
// not render (a test renders each), the key and args still say what was found.
func configError(key string, args map[string]any) error {
	var b strings.Builder
	t, err := template.New("").Option("missingkey=error").Parse(key)
	if err == nil {
		err = t.Execute(&b, args)
	}
	msg := b.String()
	if err != nil {
		msg = fmt.Sprintf("%s %v", key, args)
	}
	return &ConfigError{Reason: strings.TrimPrefix(msg, configPrefix), Key: key, Args: args}
}

// The reasons a fault or a Config is refused, one template each.
var (
	// a fault as ParseFault reads it
	msgUnknownFault = reason("unknown fault {{.Fault}}: valid faults are {{.Valid}}")
	msgTakesNoValue = reason("fault {{.Fault}} takes no value: write just {{.Name}}")
	msgNeedsValue   = reason("fault {{.Fault}} needs a value: write {{.Name}}={{.Arg}}")
	msgNotAKey      = reason("fault {{.Fault}}: {{.Value}} is not a key name; keys are {{.Keys}}")
	msgNotARequest  = reason("fault {{.Fault}}: {{.Value}} is not a TML/1 request; requests are {{.Requests}}")
	msgNotAComm     = reason("fault {{.Fault}}: comm must be one of {{.Comms}}")
	msgNotARate     = reason("fault {{.Fault}}: RATE must be a probability from 0 to 1, e.g. {{.Name}}=0.001")
	msgNotFrames    = reason("fault {{.Fault}}: N must be a whole number of frames, 1 or more")
	msgNotMinutes   = reason("fault {{.Fault}}: MINUTES must be a whole number within a year either way, e.g. clock-drift=-12")

	// faults that do not go together (buildFaults)
	msgGivenTwice  = reason("fault {{.Name}} is given twice ({{.Name}}={{.Old}} and {{.Name}}={{.New}}): keep one")
	msgContradict  = reason("faults {{.Faults}} and {{.Last}} contradict each other: keep one of them")
	msgStuckDead   = reason("key {{.Key}} cannot be both stuck-key and dead-key: keep one")
	msgPSTNComm    = reason("{{.Fault}} is a PSTN fault but comm={{.Comm}} was given: use comm=PSTN or drop {{.Fault}}")
	msgMobileComm  = reason("{{.Fault}} is a mobile-network fault but comm={{.Comm}} was given: use comm=GPRS or comm=4G, or drop {{.Fault}}")
	msgTwoLinks    = reason("{{.PSTN}} needs a PSTN line and {{.Mobile}} a mobile network: a terminal has one host link; keep the faults of one mode")
	msgModelNoKey  = reason("a {{.Model}} (the model for comm={{.Comm}}) has no key {{.Key}}; its keys are {{.Keys}}")
	msgSpeed       = reason("speed {{.Speed}}: must be a positive factor (1 is real timing, 100 is a hundred times faster)")
	msgJournalSize = reason("journal size {{.N}}: must be from 1 to {{.Max}} transactions (0 means {{.Default}})")
	msgBaud        = reason("baud {{.Baud}}: must be a positive rate such as 9600 or 115200")

	// faults a running terminal cannot take (SetFaults)
	msgHistoryAdded   = reason("{{.Fault}} cannot be added while the terminal runs: the journal and event log were written with it when the terminal was made; start a new terminal for that")
	msgHistoryCleared = reason("{{.Fault}} cannot be cleared while the terminal runs: the journal and event log were written with it when the terminal was made; start a new terminal for that")
	msgCommFixed      = reason("comm={{.Comm}}: this terminal's host link is {{.Link}}, and comm cannot change while it runs (it is the terminal's identity: it picks the model); start a new terminal with comm={{.Comm}}")
	msgNeedsLink      = reason("{{.Fault}} needs a {{.Comm}} terminal, and this one's host link is {{.Link}}: comm cannot change while the terminal runs; drop {{.Fault}}, or start a new terminal with it")
)
