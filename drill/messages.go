package drill

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
	"posdoctor/serialio/termsim"
)

// The messages of a drill's problems (Error) are text/template strings with named args, as the
// checklist's are (diagnostics.MessageTemplates): the English template is the key of its
// translations in assets/translations, Msg keeps the English rendering for logs and for what
// reads Error(), and Error.Message says it in a reader's language. Every template is
// registered with tpl, so MessageTemplates can list them for translation.

// kv is a template's args: strings and numbers only, so that a front end can pass them on.
type kv = map[string]any

// templates are the registered templates, in order. tpl adds to it from package-level variable
// initialisers only: once the package is initialised it is complete, and only read.
var templates []string

// tpl registers a message template and returns it.
func tpl(key string) string {
	templates = append(templates, key)
	return key
}

// MessageTemplates lists every template a drill's problem can be worded by: the keys the
// translations must cover. A fault the simulated terminal refuses is worded by termsim's own.
func MessageTemplates() []string {
	return append(slices.Clone(templates), termsim.ConfigTemplates()...)
}

// render is a template rendered with args in English; should it fail (a test renders each),
// the key and args still say what was found.
func render(key string, args kv) string {
	s, err := diagnostics.RenderMessage(key, args)
	if err != nil {
		return fmt.Sprintf("%s %v", key, args)
	}
	return s
}

// problem is an error worded by a template: where it was found is filled in by the caller
// (the checker, Parse).
func problem(key string, args kv) *Error {
	return &Error{Msg: render(key, args), Key: key, Args: args}
}

// problemOf is err as a problem: err itself when it is one; a refusal of the simulated
// terminal's (a fault it does not know, faults that do not go together) with its template and
// args; else its English alone. The problem wraps err.
func problemOf(err error) *Error {
	var e *Error
	if errors.As(err, &e) && e == err {
		return e
	}
	var ce *termsim.ConfigError
	if errors.As(err, &ce) && ce == err {
		return &Error{Msg: ce.Error(), Key: ce.Key, Args: ce.Args, err: err}
	}
	return &Error{Msg: err.Error(), err: err}
}

// because is problem with cause as the arg Err, which Message says in the reader's language
// too; the error wraps cause.
func because(key string, args kv, cause error) *Error {
	if args == nil {
		args = kv{}
	}
	args["Err"] = cause.Error()
	e := problem(key, args)
	e.err = cause
	return e
}

// Message is e's message (without file, line and field) in l: its template's translation
// rendered with its args; Msg in English or when there is no translation.
func (e *Error) Message(l locale.Lang) string {
	if l == locale.EN || e.Key == "" {
		return e.Msg
	}
	t, ok := codebook.Translation(l, e.Key)
	if !ok {
		return e.Msg
	}
	args := e.Args
	if _, ok := args["Err"]; ok && e.err != nil {
		args = maps.Clone(e.Args)
		args["Err"] = causeIn(l, e.err)
	}
	s, err := diagnostics.RenderMessage(t, args)
	if err != nil {
		return e.Msg
	}
	return s
}

// causeIn is a wrapped error in l: a problem of the package's own, or a sentinel whose text is
// a template; any other error (the YAML or JSON library's, the system's) as it says itself.
func causeIn(l locale.Lang, err error) string {
	var e *Error
	if errors.As(err, &e) && e == err {
		return e.Message(l)
	}
	if s := err.Error(); slices.Contains(templates, s) {
		if t, ok := codebook.Translation(l, s); ok {
			return t
		}
	}
	return err.Error()
}

// In is e for a reader of l: file, line and field as Error writes them, the message in l.
func (e *Error) In(l locale.Lang) string { return e.where() + e.Message(l) }

// ErrorIn is err for a reader of l: each of the package's problems (an *Error, Errors, and
// either among errors.Join's, or wrapped) on a line of its own with its message in l; any
// other error by other.
func ErrorIn(l locale.Lang, err error, other func(error) string) string {
	switch e := err.(type) {
	case *Error:
		return e.In(l)
	case interface{ Unwrap() []error }: // Errors, errors.Join's
		var lines []string
		for _, x := range e.Unwrap() {
			lines = append(lines, ErrorIn(l, x, other))
		}
		return strings.Join(lines, "\n")
	}
	var e *Error
	if u := errors.Unwrap(err); u != nil && errors.As(u, &e) {
		return ErrorIn(l, u, other) // the problems say what the wrapping did
	}
	return other(err)
}
