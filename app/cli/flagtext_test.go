package cli

import (
	"bytes"
	"context"
	"flag"
	"slices"
	"sort"
	"strings"
	"testing"

	"posdoctor/locale"
)

// subcommands are the commands whose subcommands have flag sets of their own.
var subcommands = map[string][]string{
	"report": {"incident", "monthly"},
	"drill":  sortedKeys(drillCommands),
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// helpRun is one -h of a command or subcommand: what it printed and the flag sets it showed.
type helpRun struct {
	args     []string
	out      string // stdout and stderr
	flagSets map[string]*flag.FlagSet
}

// everyHelp runs -h of every registered command and of each of its subcommands in l.
func everyHelp(t *testing.T, l locale.Lang) []helpRun {
	t.Helper()
	var runs []helpRun
	names := sortedKeys(commands)
	for _, name := range names {
		argss := [][]string{{name}}
		for _, sub := range subcommands[name] {
			argss = append(argss, []string{name, sub})
		}
		for _, args := range argss {
			r := helpRun{args: args, flagSets: map[string]*flag.FlagSet{}}
			ctx := context.WithValue(context.Background(), flagSetsKey{}, func(name string, fs *flag.FlagSet) { r.flagSets[name] = fs })
			var out bytes.Buffer
			if code := Run(ctx, append(append([]string{"--lang", l.String()}, args...), "-h"), &out, &out); code != ExitOK {
				t.Errorf("%v %s -h: exit %d\n%s", l, strings.Join(args, " "), code, out.String())
			}
			r.out = out.String()
			runs = append(runs, r)
		}
	}
	return runs
}

// TestFlagsTranslated walks the flag set of every command and subcommand, as -h shows it, and
// fails when a flag's description has no Simplified or Traditional Chinese in flagHelp, or
// when the Chinese lost the English's placeholder or shows a Go type name in its place.
func TestFlagsTranslated(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range everyHelp(t, locale.ZH) {
		want := strings.Join(r.args, " ")
		if len(r.flagSets) == 0 && want != "drill" { // drill alone prints its own usage
			t.Errorf("%s -h showed no flag set", want)
		}
		for name, fs := range r.flagSets {
			seen[name] = true
			fs.VisitAll(func(f *flag.Flag) {
				m, ok := flagHelpOf(f.Usage)
				if !ok {
					t.Errorf("%s -%s: no Chinese in flagHelp for %q", name, f.Name, f.Usage)
					return
				}
				english, _ := flag.UnquoteUsage(f)
				for _, text := range []string{m.ZH, m.ZHTW} {
					if !hasHan(text) {
						t.Errorf("%s -%s: %q is no Chinese", name, f.Name, text)
					}
					g := *f
					g.Usage = text
					placeholder, _ := flag.UnquoteUsage(&g)
					if strings.Contains(f.Usage, "`") && placeholder != english {
						t.Errorf("%s -%s: placeholder %q in %q, the English has %q", name, f.Name, placeholder, text, english)
					}
					if slices.Contains([]string{"string", "value", "int", "uint", "float", "duration"}, placeholder) {
						t.Errorf("%s -%s: %q shows the type %q: give it a `PLACEHOLDER`", name, f.Name, text, placeholder)
					}
				}
			})
		}
	}
	for _, name := range []string{"check", "status", "drill run", "drill verify", "report monthly", "sim"} {
		if !seen[name] {
			t.Errorf("the flag set of %q was not walked (seen: %v)", name, seen)
		}
	}
}

// TestFlagsTranslatedCatchesEnglish: a flag with no line in flagHelp is found, and printed in
// English (the test above would pass on anything if flagHelpOf found every text).
func TestFlagsTranslatedCatchesEnglish(t *testing.T) {
	if _, ok := flagHelpOf("a new flag nobody translated"); ok {
		t.Fatal("flagHelpOf found a translation of an unknown text")
	}
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.String("new", "", "a new flag nobody translated")
	var b strings.Builder
	printFlags(&b, locale.ZH, fs)
	if !strings.Contains(b.String(), "nobody translated") {
		t.Errorf("printFlags:\n%s", b.String())
	}
}

// TestHelpHasNoEnglish: every command's and subcommand's -h, in zh and zh_TW, has no English
// sentence (flags, placeholders, codes, file names and product names are allowed), every flag
// description is Chinese, in the reader's script, and wraps within 80 columns.
func TestHelpHasNoEnglish(t *testing.T) {
	for _, l := range []locale.Lang{locale.ZH, locale.ZHTW} {
		for _, r := range everyHelp(t, l) {
			name := l.String() + " " + strings.Join(r.args, " ") + " -h"
			if !strings.HasPrefix(r.out, "用法：posdoctor "+r.args[0]) {
				t.Errorf("%s does not start with 用法：posdoctor %s\n%s", name, r.args[0], r.out)
			}
			lines := strings.Split(strings.TrimRight(r.out, "\n"), "\n")
			for i, line := range lines {
				if s := englishIn(line); s != "" {
					t.Errorf("%s: English %q in %q", name, s, line)
				}
				desc, isDesc := strings.CutPrefix(line, "    \t")
				if !isDesc {
					continue
				}
				if !strings.HasPrefix(lines[i-1], "    \t") && !hasHan(desc) {
					t.Errorf("%s: %q is not Chinese", name, desc)
				}
				if w := locale.Width(desc); w > helpWidth && strings.ContainsAny(desc, " ，、") {
					t.Errorf("%s: %q is %d columns wide (at most %d)", name, desc, w, helpWidth)
				}
				if other := map[locale.Lang]string{locale.ZH: "預設", locale.ZHTW: "默认"}[l]; strings.Contains(desc, other) {
					t.Errorf("%s: %q is in the other script", name, desc)
				}
			}
		}
	}
}

// TestHelpFollowsLocale: without --lang, -h follows LANG, flag descriptions too.
func TestHelpFollowsLocale(t *testing.T) {
	for env, want := range map[string]string{"zh_CN.UTF-8": "波特率 N：", "zh_TW.UTF-8": "鮑率 N：", "C": "line speed:"} {
		t.Setenv("LANG", env)
		_, _, errOut := runCLI(t, "status", "-h")
		if !strings.Contains(errOut, want) {
			t.Errorf("LANG=%s status -h: no %q in\n%s", env, want, errOut)
		}
	}
}

// TestFlagDefaults: the default follows the description in the reader's language, inside the
// description's last parenthesis when it ends with one; zero defaults are not shown.
func TestFlagDefaults(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.Int("baud", 115200, "line speed: 9600, 19200, 38400, 57600 or 115200")
	fs.String("format", "8N1", "character format: 8N1 or 7E1")
	fs.Float64("speed", 1, "run the terminal's modelled delays X times faster (link timings never change)")
	fs.Int64("seed", 0, "the simulated terminal's seed (default: the drill's own in practice, a fresh one when assessed)")
	var b strings.Builder
	printFlags(&b, locale.ZHTW, fs)
	for _, want := range []string{
		"  -baud N\n    \t鮑率 N：9600、19200、38400、57600 或 115200（預設 115200）\n",
		"  -format FORMAT\n    \t字元格式 FORMAT：8N1 或 7E1（預設 8N1）\n",
		"（線路時序不變；預設 1）\n",
		"  -seed N\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no %q in\n%s", want, b.String())
		}
	}
	if strings.Contains(b.String(), "預設 0") {
		t.Errorf("a zero default shown:\n%s", b.String())
	}
}
