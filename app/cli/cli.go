// Package cli runs posdoctor's subcommands (ports, status, sim, check, lookup, ...). It writes
// to the writers it is given and returns an exit code; it never calls os.Exit and never
// imports Fyne, so it tests without a display.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"posdoctor/locale"
)

// command runs one subcommand with its own arguments and returns the exit code.
type command struct {
	run   func(ctx context.Context, args []string, stdout, stderr io.Writer) int
	usage string
}

// Exit codes shared by the subcommands.
const (
	ExitOK      = 0 // done, nothing wrong
	ExitProblem = 1 // done, and the terminal (or the query) has a problem to look at
	ExitFailed  = 2 // could not run: bad arguments, no port, no answer
)

// commands holds every subcommand; each file registers its own from init.
var commands = map[string]command{}

func register(name string, c command) { commands[name] = c }

func init() {
	register("ports", command{cmdPorts, "ports [--json]   list serial ports, likely terminals first"})
	register("status", command{cmdStatus, "status (--port PATH [--baud N] [--format 8N1|7E1] | --sim [--fault F]...) [--json]   the terminal's status (ST)"})
	register("lookup", command{cmdLookup, "lookup [--json] [--lang zh|zh_TW|en] [--limit N] [--overlay FILE] QUERY...   explain a code or a terminal prompt, offline"})
	register("sim", command{cmdSim, "sim [--fault NAME[=VALUE]]... [--pace] [--baud N] [--auto-keys] [--speed X] [--journal N]   serve the simulated terminal on a pty"})
}

// Run runs the subcommand named by args[0]. Everything a command prints goes through a
// cleaning writer (see cleanWriter): text from an overlay, a terminal or a stored incident
// cannot move the cursor, clear the screen, set the window title or reorder what is shown.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	out, errOut := newCleanWriter(stdout), newCleanWriter(stderr)
	defer out.Flush()
	defer errOut.Flush()
	return run(ctx, args, out, errOut)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	lang, args, err := splitLang(args)
	if err == nil && lang != "" {
		var l locale.Lang
		if l, err = locale.Parse(lang); err == nil {
			ctx = withLang(ctx, l)
		} else {
			err = errorOf(msgUnknownLang, lang)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "posdoctor:", errText(langOf(ctx), err))
		return ExitFailed
	}
	l := langOf(ctx)
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout, l)
		return ExitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "posdoctor: %s\n\n", say(l, msgUnknownCommand, args[0]))
		usage(stderr, l)
		return ExitFailed
	}
	return c.run(ctx, args[1:], stdout, stderr)
}

// usage lists the commands in l: each command's synopsis (ASCII, as typed) and what it does.
func usage(w io.Writer, l locale.Lang) {
	fmt.Fprintln(w, msgUsageTitle.In(l))
	fmt.Fprintln(w, "\n"+msgUsageNoCommand.In(l))
	fmt.Fprintln(w, "\n"+msgUsageCommands.In(l))
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintln(w, "  posdoctor "+commandLineIn(l, commands[n].usage))
	}
	fmt.Fprintln(w, "\n"+msgUsageMore.In(l))
}

// newFlagSet returns a subcommand's flag set, which reports errors on stderr in the output
// language (flagOutput). With a usage text, -h prints it (usageIn) and then the flags.
func newFlagSet(ctx context.Context, name, usage string, stderr io.Writer) *flag.FlagSet {
	l := langOf(ctx)
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	out := &flagOutput{w: stderr, l: l, cmd: name}
	fs.SetOutput(out)
	if usage == "" && l == locale.EN {
		return fs // the flag package's own "Usage of NAME:"
	}
	fs.Usage = func() {
		out.inUsage = true
		defer func() { out.inUsage = false }()
		if seen, ok := ctx.Value(flagSetsKey{}).(func(string, *flag.FlagSet)); ok {
			seen(name, fs)
		}
		if usage == "" {
			fmt.Fprintln(stderr, say(l, msgUsageOf, synopsisOf(name)))
			if what := whatItDoes(l, name); what != "" {
				fmt.Fprintln(stderr, "\n"+what)
			}
		} else {
			fmt.Fprint(stderr, usageIn(l, name, usage))
		}
		if !hasFlags(fs) {
			return
		}
		fmt.Fprintln(stderr, "\n"+msgFlags.In(l))
		if l == locale.EN {
			fs.PrintDefaults()
		} else {
			printFlags(stderr, l, fs)
		}
	}
	return fs
}

// flagSetsKey carries, in a test's ctx, a function told of every flag set whose usage is
// printed, with its command's name: TestFlagsTranslated walks them.
type flagSetsKey struct{}

// hasFlags reports whether fs defines any flag.
func hasFlags(fs *flag.FlagSet) bool {
	found := false
	fs.VisitAll(func(*flag.Flag) { found = true })
	return found
}

// parseExit is the exit code of a command whose arguments did not parse: ExitOK when -h
// asked for the usage (it has been printed), ExitFailed otherwise.
func parseExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	return ExitFailed
}

// multiFlag collects a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

// dbFlagHelp is the help of every --db flag: a file, or the shared store.
const dbFlagHelp = "the incident store: a file `PATH` (default: incidents.db in the data folder), or the shared store's postgres://USER@HOST/DATABASE URL"
