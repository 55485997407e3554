package diagnostics

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"text/template"
)

// Step summaries and finding messages are text/template strings with named fields, e.g.
// "terminal answers; {{.Rounds}} echo rounds, median {{.MS}} ms". The template is the key a
// GUI translates by (StepResult.SummaryKey, Finding.MessageKey) with the args as its data;
// Summary and Message hold the English rendering for the CLI, the JSON and the reports.
// Every template is registered with tpl, so MessageTemplates can list them for translation.

// kv is a template's args: strings and numbers only, so that they survive JSON.
type kv = map[string]any

var (
	templatesMu sync.Mutex
	templates   []string                          // registered by tpl, in order
	parsed      = map[string]*template.Template{} // registered templates by key, parsed on first use
)

// tpl registers a summary or message template and returns it. Call it from package-level
// variable initialisers only, so that MessageTemplates is complete before any run.
func tpl(key string) string {
	templatesMu.Lock()
	defer templatesMu.Unlock()
	if !slices.Contains(templates, key) {
		templates = append(templates, key)
	}
	return key
}

// MessageTemplates lists every template a step summary or finding message can have: the keys
// the GUI's translations must cover.
func MessageTemplates() []string {
	templatesMu.Lock()
	defer templatesMu.Unlock()
	return append([]string(nil), templates...)
}

// RenderMessage renders a summary or message template with its args in English, as Summary
// and Message hold it. It fails on a template that does not parse or names a missing arg.
func RenderMessage(key string, args map[string]any) (string, error) {
	templatesMu.Lock()
	t, ok := parsed[key]
	if !ok {
		var err error
		t, err = template.New("").Option("missingkey=error").Parse(key)
		if err != nil {
			templatesMu.Unlock()
			return "", fmt.Errorf("template %q: %w", key, err)
		}
		if slices.Contains(templates, key) { // cache only the registered few
			parsed[key] = t
		}
	}
	templatesMu.Unlock()
	var b strings.Builder
	if err := t.Execute(&b, args); err != nil {
		return "", fmt.Errorf("template %q: %w", key, err)
	}
	return b.String(), nil
}

// render is RenderMessage for the checklist's own templates, which a test renders: should one
// fail anyway, the key and args still say what was found.
func render(key string, args kv) string {
	s, err := RenderMessage(key, args)
	if err != nil {
		return fmt.Sprintf("%s %v", key, args)
	}
	return s
}

// setSummary sets a step's summary from a template.
func setSummary(res *StepResult, key string, args kv) {
	res.SummaryKey, res.SummaryArgs, res.Summary = key, args, render(key, args)
}

// Summaries set by Run for steps that could not run.
var (
	sumUnknownStep = tpl("unknown step {{.Step}}")
	sumCancelled   = tpl("cancelled")
	sumLinkLost    = tpl("link lost: {{.Err}}")
	sumCouldNotRun = tpl("could not run: {{.Err}}")

	// skipped steps, by why the run stopped early
	sumNotRunNoAnswer   = tpl("not run: the terminal does not answer on the link")
	sumNotRunNoRequests = tpl("not run: the terminal does not answer requests")
	sumNotRunCancelled  = tpl("not run: the check was cancelled")
	sumNotRunLinkLost   = tpl("not run: the link to the terminal was lost in step {{.Step}}")

	msgLinkLost = tpl("The link to the terminal was lost during this step: {{.Err}}")

	// a terminal command refused with an RC outside any table
	msgCmdRC = tpl("{{.Cmd}} answered RC {{.RC}}")
)
