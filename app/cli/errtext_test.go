package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"unicode"

	"posdoctor/locale"
)

// sentenceTables are the command line's tables of sentences, each sentence in all three
// languages, by table.
var sentenceTables = map[string]map[string]msg{
	"refusals": refusalSentences, "usage": usageSentences, "errors": errSentences,
	"cli": cliSentences, "probe": probeSentences, "sync": syncSentences, "drill": drillSentences, "form": formSentences,
}

// lacksLanguage reports whether m lacks one of the three languages.
func lacksLanguage(m msg) bool { return m.ZH == "" || m.ZHTW == "" || m.EN == "" }

// TestErrorSentencesComplete fails when a sentence of any of the command line's tables (the
// commands' own, refusals, failures, usage, domain errors) or a command's description lacks a
// language.
func TestErrorSentencesComplete(t *testing.T) {
	for table, sentences := range sentenceTables {
		if len(sentences) == 0 {
			t.Errorf("%s: no sentences listed", table)
		}
		for id, m := range sentences {
			if lacksLanguage(m) {
				t.Errorf("%s sentence %q lacks a language: %+v", table, id, m)
			}
		}
	}
	for _, k := range knownErrors {
		if k.text.ZH == "" || k.text.ZHTW == "" {
			t.Errorf("the sentence of %q lacks Chinese: %+v", k.err, k.text)
		}
	}
	for name, m := range commandUsages {
		if lacksLanguage(m) {
			t.Errorf("the usage of %q lacks a language", name)
		}
	}
}

// TestCommandListTranslated fails when a registered command's description (the text after
// its synopsis in the command list) has no Chinese.
func TestCommandListTranslated(t *testing.T) {
	for name, c := range commands {
		for _, line := range strings.Split(c.usage, "\n") {
			j := strings.LastIndex(line, usageSep)
			if j < 0 {
				t.Errorf("%s: %q has no description after %q", name, line, usageSep)
				continue
			}
			m, ok := commandHelp[line[j+len(usageSep):]]
			if !ok || m.ZH == "" || m.ZHTW == "" {
				t.Errorf("%s: no zh and zh_TW for %q (commandHelp)", name, line[j+len(usageSep):])
			}
		}
	}
	for _, l := range []locale.Lang{locale.ZH, locale.ZHTW} {
		var b strings.Builder
		usage(&b, l)
		for _, line := range strings.Split(b.String(), "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			if s := englishIn(line); s != "" {
				t.Errorf("%v command list: %q has English %q", l, line, s)
			}
		}
	}
}

// allowed are the ASCII words a Chinese line may hold: what is typed (commands, flags,
// placeholders, comma-separated ids), JSON shapes, protocol and product names.
var allowed = regexp.MustCompile(`posdoctor( (report incident|report monthly|drill [a-z]+|[a-z]+))?( ID| FILE| COMMAND| -h)*|POS Doctor|Ingenico Concert|--?[a-z][a-z-]*( [A-Z][A-Z.]*)?|"[^"]*"|\S*[/\\.|]\S*|\b[A-Z]{2,}[A-Z0-9_-]*\b|\([^)]*\|[^)]*\)|\[[^\]]*\]|\{[^}]*\}|\b[a-z0-9-]+(,[a-z0-9-]+)+\b|Ctrl[+-]C`)

var englishRun = regexp.MustCompile(`[A-Za-z]{2,}[ ,;:'-]+[A-Za-z]{2,}`)

// englishIn is the first run of English words in s outside what is allowed, or "".
func englishIn(s string) string {
	return englishRun.FindString(allowed.ReplaceAllString(s, " "))
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// TestEnglishInCatchesEnglish: the check below would pass on anything if englishIn found
// nothing; the English lines of today must be caught.
func TestEnglishInCatchesEnglish(t *testing.T) {
	for _, s := range []string{
		"posdoctor status: cannot open /dev/ttyNOPE: no such port — check the cable and pick the port again from the list",
		"posdoctor export: give the file to write with -o FILE.pdbundle",
		`posdoctor report monthly: --month "2026-13": give the month as YYYY-MM, e.g. 2026-03`,
		"flag provided but not defined: -bogus",
	} {
		if englishIn(s) == "" {
			t.Errorf("englishIn(%q) found no English", s)
		}
	}
	if s := englishIn("posdoctor report: 请用 posdoctor report incident ID -o FILE.xlsx 导出（--db PATH）"); s != "" {
		t.Errorf("allowed words taken for English: %q", s)
	}
}

// TestFailuresFollowLanguage runs the command line's refusals and failures in each language:
// in Chinese the first line is Chinese with no English sentence (details may follow on the
// next lines), in English it is what it always was.
func TestFailuresFollowLanguage(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "x.db")
	store := filepath.Join(dir, "store.db")
	badScript := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(badScript, []byte("{bad"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		en   string // the English first line (prefix)
		unix bool   // needs Unix device paths
	}{
		{[]string{"status", "--port", "/dev/ttyNOPE"}, "posdoctor status: cannot open /dev/ttyNOPE: no such port — check the cable and pick the port again from the list", true},
		{[]string{"check", "--port", "/dev/null", "--yes"}, "posdoctor check: cannot open /dev/null: not a serial port (", true},
		{[]string{"incidents", "--db", missing}, "posdoctor incidents: no incident store here yet: " + missing + " does not exist — no visit has been recorded there (check --save records one), or pass --db with another file", false},
		{[]string{"report", "incident", "abcd", "--db", missing}, "posdoctor report: no incident store here yet: ", false},
		{[]string{"report", "monthly", "--month", "2026-13"}, `posdoctor report monthly: --month "2026-13": give the month as YYYY-MM, e.g. 2026-03`, false},
		{[]string{"incidents", "--month", "March"}, `posdoctor incidents: --month "March": give the month as YYYY-MM, e.g. 2026-03`, false},
		{[]string{"incidents", "--category", "nope", "--db", missing}, "posdoctor incidents: ", false},
		{[]string{"incidents", "extra"}, `posdoctor incidents: unexpected "extra" (to export one, use 'posdoctor report incident ID')`, false},
		{[]string{"export"}, "posdoctor export: give the file to write with -o FILE.pdbundle", false},
		{[]string{"export", "-o", filepath.Join(dir, "a.pdbundle"), "--month", "2026-03", "--since-last"}, "posdoctor export: --month and --since-last do not combine; choose one", false},
		{[]string{"import"}, "posdoctor import: give one or more bundle files (FILE.pdbundle)", false},
		{[]string{"import", "--db", store, filepath.Join(dir, "none.pdbundle")}, "posdoctor import: ", false},
		{[]string{"lookup"}, "posdoctor lookup: give a code or the text the terminal shows", false},
		{[]string{"lookup", "--limit", "0", "03"}, "posdoctor lookup: --limit 0: want 1 or more", false},
		{[]string{"status"}, "posdoctor status: say which terminal: --port PATH, or --sim for the built-in simulated terminal", false},
		{[]string{"status", "--sim", "--fault", "nope"}, `posdoctor status: simulated terminal: unknown fault "nope"`, false},
		{[]string{"status", "--port", "/dev/ttyNOPE", "--baud", "5"}, "posdoctor status: baud 5 is not offered", false},
		{[]string{"check", "--sim", "--steps", "nope"}, `posdoctor check: unknown step "nope"`, false},
		{[]string{"check", "--sim", "--incident", "abcd"}, "posdoctor check: --incident needs --save (the run is added to that visit)", false},
		{[]string{"check", "--bogus"}, "flag provided but not defined: -bogus", false},
		{[]string{"incidents", "--month"}, "flag needs an argument: -month", false},
		{[]string{"bogus"}, `posdoctor: unknown command "bogus"`, false},
		{[]string{"probe"}, "posdoctor probe: give the port with --port PATH (posdoctor ports lists them)", false},
		{[]string{"sim", "extra"}, `posdoctor sim: unexpected argument "extra" (faults go with --fault)`, false},
		{[]string{"sync"}, "posdoctor sync: give the shared store with --to postgres://USER@HOST:5432/DATABASE", false},
		{[]string{"form", "adjustment"}, "posdoctor form: --incident ID and --trace", false},
		{[]string{"drill", "run", "printer.paper-out", "--trainee", "a", "--script", badScript, "--mode", "nope"}, `posdoctor drill run: --mode: unknown mode "nope"`, false},
		{[]string{"drill", "run", "printer.paper-out", "--trainee", "a", "--script", badScript}, "posdoctor drill run: " + badScript + " is not JSON", false},
		{[]string{"drill", "list", "--dir", missing}, "posdoctor drill list: stat " + missing, false},
		{[]string{"drill", "bogus"}, `posdoctor drill: unknown subcommand "bogus"`, false},
	}
	for _, c := range cases {
		if c.unix && runtime.GOOS == "windows" {
			continue
		}
		for _, lang := range []string{"zh", "zh_TW", "en"} {
			code, _, stderr := runCLI(t, append([]string{"--lang", lang}, c.args...)...)
			first, _, _ := strings.Cut(stderr, "\n")
			name := lang + " " + strings.Join(c.args, " ")
			if code == ExitOK {
				t.Errorf("%s: exit 0, want a failure", name)
			}
			if lang == "en" {
				if !strings.HasPrefix(first, c.en) {
					t.Errorf("%s: first line\n%s\nwant it to start with\n%s", name, first, c.en)
				}
				continue
			}
			if !hasHan(first) {
				t.Errorf("%s: first line has no Chinese: %q", name, first)
			}
			if s := englishIn(vocabulary.ReplaceAllString(first, "")); s != "" { // fault names and ids are not English
				t.Errorf("%s: first line has English %q: %q", name, s, first)
			}
			if l, _ := locale.Parse(lang); strings.Contains(first, msgFailed.In(l)) {
				t.Errorf("%s: no sentence says what failed: %q", name, first)
			}
		}
	}
	os.Remove(store)
}

// TestUsageFollowsLanguage: the command list and -h are in the output language; English stays.
func TestUsageFollowsLanguage(t *testing.T) {
	_, out, _ := runCLI(t, "--lang", "zh", "help")
	if !strings.Contains(out, "命令：") || !strings.Contains(out, "运行检查清单") {
		t.Errorf("zh command list:\n%s", out)
	}
	_, out, _ = runCLI(t, "--lang", "zh_TW", "help")
	if !strings.Contains(out, "執行檢查清單") {
		t.Errorf("zh_TW command list:\n%s", out)
	}
	_, out, _ = runCLI(t, "--lang", "en", "help")
	if !strings.HasPrefix(out, "POS Doctor — checks card-payment terminals over USB/serial.\n") || !strings.Contains(out, "   run the checklist\n") {
		t.Errorf("en command list changed:\n%s", out)
	}
	_, _, errOut := runCLI(t, "--lang", "zh", "status", "-h")
	if !strings.HasPrefix(errOut, "用法：posdoctor status ") || !strings.Contains(errOut, "参数：") {
		t.Errorf("zh status -h:\n%s", errOut)
	}
	// every command's -h in Chinese: TestHelpHasNoEnglish
	_, _, errOut = runCLI(t, "--lang", "en", "status", "-h")
	if !strings.HasPrefix(errOut, "Usage of status:") {
		t.Errorf("en status -h changed:\n%s", errOut)
	}
}
