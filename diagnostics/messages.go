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

// Summaries set by Run for steps that could not run. They say in the reader's language what
// happened and what to do; the error itself, in English, is the step's evidence "error" (the
// command line prints it as the details).
var (
	sumUnknownStep = tpl("unknown step {{.Step}}")
	sumCancelled   = tpl("cancelled")
	sumLinkLostNow = tpl("the link to the terminal was lost")
	sumCouldNot    = tpl("could not run (see the details)")
	sumNoResponse  = tpl("the terminal acknowledged {{.Cmd}} but did not answer it within {{.S}} s: restart the terminal and run this step again")
	sumLineTooPoor = tpl("the line is too poor to carry this step's requests: {{.Cmd}} or its answer was damaged every time, asked {{.Asked}} times")

	// skipped steps, by why the run stopped early: each starts "not run: " (notRunPrefix), which
	// Interrupted reads them by; a step skipped for its own reasons never says it
	sumNotRunNoAnswer   = tpl("not run: the terminal does not answer on the link")
	sumNotRunNoRequests = tpl("not run: the terminal does not answer requests")
	sumNotRunCancelled  = tpl("not run: the check was cancelled")
	// Step is the step's name in English (StepID.Name), which LocalArgs puts in the reader's words
	sumNotRunLinkLostIn = tpl("not run: the link to the terminal was lost in the {{.Step}} step")

	// LINK-LOST, by what ended the link
	msgLinkPeerClosed = tpl("The terminal ended the link during this step (it sent EOT): it restarted, was switched off or changed its cable mode.")
	msgLinkLineGone   = tpl("The line went away during this step: the cable was pulled or came loose, or the USB-serial adapter was reset or removed.")
	msgLinkNoAck      = tpl("The terminal stopped acknowledging during this step: a request went unacknowledged through every resend and ENQ went unanswered. The cable came loose, or the terminal was switched off or left its ECR / maintenance mode.")
	msgLinkClosed     = tpl("The link to the terminal was closed during this step.")
	// LINK-POOR in a step after the link step
	msgLineTooPoor = tpl("The line damaged {{.Cmd}} or its answer every time it was sent ({{.Asked}} times, each with up to 4 sends), though the terminal answers ENQ: the line is too poor for this step. A loose or poor cable, a failing USB-serial adapter, or interference.")

	// the templates of reports written before the error went to the evidence: kept so that
	// those reports still show in the reader's language
	_ = tpl("link lost: {{.Err}}")
	_ = tpl("could not run: {{.Err}}")
	_ = tpl("not run: the link to the terminal was lost in step {{.Step}}")
	_ = tpl("The link to the terminal was lost during this step: {{.Err}}")

	// a terminal command refused with an RC outside any table
	msgCmdRC = tpl("{{.Cmd}} answered RC {{.RC}}")
)
