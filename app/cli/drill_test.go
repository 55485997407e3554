package cli

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"posdoctor/diagnostics"
	"posdoctor/drill"
	"posdoctor/locale"
	"posdoctor/serialio/termsim"
)

// runDrillCLI is runCLI, its results in the order the drill tests read them: stdout, stderr
// and the exit code.
func runDrillCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	code, out, errOut := runCLI(t, args...)
	return out, errOut, code
}

// writeScript writes a script the way another program would: plain JSON.
func writeScript(t *testing.T, steps []map[string]any) string {
	t.Helper()
	b, err := json.Marshal(steps)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "script.json")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// paperOutYAML is the built-in scenario printer.paper-out as its file reads, for a test to
// write a variant of it the way a trainer would.
func paperOutYAML(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile("../../assets/drills/printer.paper-out.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(src)
}

// withCard is the paper-out scenario src with the id id and card, a card number, typed into
// its title in every language.
func withCard(src, id, card string) string {
	return strings.NewReplacer("id: printer.paper-out", "id: \""+id+"\"",
		"{zh: 打印机缺纸, en: Printer out of paper}", "{zh: 打印机缺纸 "+card+", en: Printer out of paper "+card+"}").Replace(src)
}

var paperOutSolution = []map[string]any{
	{"at": 10, "do": "check"},
	{"at": 40, "do": "diagnose", "value": "P1"},
	{"at": 50, "do": "action", "value": "check-journal"},
	{"at": 70, "do": "action", "value": "replace-paper"},
	{"at": 90, "do": "action", "value": "reprint-last"},
	{"at": 100, "do": "check", "steps": []string{"printer"}},
}

func TestDrillRunRecordsVerify(t *testing.T) {
	db := filepath.Join(t.TempDir(), "store.db")
	good := writeScript(t, paperOutSolution)
	out, errOut, code := runDrillCLI(t, "drill", "run", "printer.paper-out", "--trainee", "张三", "--trainer", "王老师", "--script", good, "--db", db, "--json")
	if code != ExitOK {
		t.Fatalf("the solution: exit %d\n%s%s", code, out, errOut)
	}
	res := jsonObject(t, out)
	hasKeys(t, "drill run --json", res, "attempt", "drill", "version", "trainee", "mode", "score", "passed", "critical", "breakdown", "duration_s")
	if res["score"] != 100.0 || res["passed"] != true || res["mode"] != "practice" {
		t.Errorf("the solution: %s", out)
	}

	// a critical action fails the drill whatever the points
	bad := writeScript(t, append(append([]map[string]any(nil), paperOutSolution[:5]...),
		map[string]any{"at": 95, "do": "action", "value": "redo-sale"}, paperOutSolution[5]))
	out, _, code = runDrillCLI(t, "--lang", "zh", "drill", "run", "printer.paper-out", "--trainee", "李四", "--mode", "assessed", "--script", bad, "--db", db)
	if code != ExitProblem || !strings.Contains(out, "严重错误") || !strings.Contains(out, "不通过") {
		t.Errorf("a critical action: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "已处理") {
		t.Errorf("assessed mode gave feedback as it went:\n%s", out)
	}

	out, _, code = runDrillCLI(t, "drill", "records", "--db", db, "--json")
	var recs []map[string]any
	if code != ExitOK || json.Unmarshal([]byte(out), &recs) != nil || len(recs) != 2 {
		t.Fatalf("records: exit %d\n%s", code, out)
	}
	if recs[0]["started"] == nil || recs[1]["critical"].([]any)[0] != "redo-sale" {
		t.Errorf("records --json: %s", out)
	}
	out, _, _ = runDrillCLI(t, "drill", "records", "--db", db, "--trainee", "李四", "--json")
	if json.Unmarshal([]byte(out), &recs) != nil || len(recs) != 1 {
		t.Errorf("records --trainee: %s", out)
	}

	if _, _, code = runDrillCLI(t, "drill", "verify", "--db", db); code != ExitOK {
		t.Fatalf("verify of untouched records: exit %d", code)
	}
	// edit a record by hand, as someone with the sqlite3 shell would
	sdb, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER training_no_update`, `UPDATE training SET record = replace(record, '"passed":false', '"passed":true') WHERE trainee = '李四'`} {
		if _, err := sdb.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	sdb.Close()
	out, _, code = runDrillCLI(t, "drill", "verify", "--db", db, "--json")
	if code != ExitProblem || !strings.Contains(out, `"intact": false`) {
		t.Errorf("verify after an edit: exit %d\n%s", code, out)
	}
}

func TestDrillRunRefuses(t *testing.T) {
	db := filepath.Join(t.TempDir(), "store.db")
	good := writeScript(t, paperOutSolution)
	notJSON := filepath.Join(t.TempDir(), "x.json")
	os.WriteFile(notJSON, []byte("at: 10\ndo: check\n"), 0o644)
	unknown := writeScript(t, []map[string]any{{"at": 1, "do": "action", "value": "replace-papr"}})
	for name, args := range map[string][]string{
		"no trainee":     {"drill", "run", "printer.paper-out", "--script", good, "--db", db},
		"no script":      {"drill", "run", "printer.paper-out", "--trainee", "x", "--db", db},
		"unknown drill":  {"drill", "run", "no.such", "--trainee", "x", "--script", good, "--db", db},
		"bad mode":       {"drill", "run", "printer.paper-out", "--trainee", "x", "--mode", "exam", "--script", good, "--db", db},
		"not JSON":       {"drill", "run", "printer.paper-out", "--trainee", "x", "--script", notJSON, "--db", db},
		"unknown action": {"drill", "run", "printer.paper-out", "--trainee", "x", "--script", unknown, "--db", db},
		"bad month":      {"drill", "records", "--month", "11/2026", "--db", db},
		"no subcommand":  {"drill", "frobnicate"},
	} {
		_, errOut, code := runDrillCLI(t, args...)
		if code != ExitFailed || errOut == "" {
			t.Errorf("%s: exit %d, stderr %q", name, code, errOut)
		}
		if strings.Contains(errOut, "panic") || strings.Contains(errOut, "goroutine") {
			t.Errorf("%s: %s", name, errOut)
		}
	}
	_, errOut, _ := runDrillCLI(t, "drill", "run", "printer.paper-out", "--trainee", "x", "--script", unknown, "--db", db)
	if !strings.Contains(errOut, "replace-paper") {
		t.Errorf("an unknown action does not suggest the near one: %s", errOut)
	}
}

func TestDrillValidateNamesFileLineAndField(t *testing.T) {
	dir := t.TempDir()
	src := paperOutYAML(t)
	broken := strings.Replace(src, "replace-paper, reprint-last]", "replace-papr, reprint-last]", 1)
	os.WriteFile(filepath.Join(dir, "broken.yaml"), []byte(broken), 0o644)
	os.WriteFile(filepath.Join(dir, "good.yaml"), []byte(src), 0o644)
	out, _, code := runDrillCLI(t, "drill", "validate", dir)
	if code != ExitProblem {
		t.Fatalf("exit %d\n%s", code, out)
	}
	line := strings.Count(broken[:strings.Index(broken, "replace-papr")], "\n") + 1
	if !strings.Contains(out, fmt.Sprintf("broken.yaml:%d: answer.required[1]", line)) || !strings.Contains(out, "did you mean replace-paper") {
		t.Errorf("the message does not name file, line and field:\n%s", out)
	}
	if !strings.Contains(out, "good.yaml (printer.paper-out") {
		t.Errorf("the good file is not reported valid:\n%s", out)
	}
}

// A card number typed as a name never comes back unmasked, and the records find it as stored.
func TestDrillRunMasksNames(t *testing.T) {
	db := filepath.Join(t.TempDir(), "store.db")
	good := writeScript(t, paperOutSolution)
	out, _, code := runDrillCLI(t, "drill", "run", "printer.paper-out", "--trainee", "6222021234567890\x1b[31m", "--script", good, "--db", db, "--json")
	if code != ExitOK || strings.Contains(out, "2021234567") || strings.Contains(out, `\u001b`) || !strings.Contains(out, "622202******7890") {
		t.Errorf("run --json: exit %d\n%s", code, out)
	}
	out, _, _ = runDrillCLI(t, "drill", "records", "--trainee", "6222021234567890", "--db", db, "--json")
	var recs []map[string]any
	if json.Unmarshal([]byte(out), &recs) != nil || len(recs) != 1 {
		t.Errorf("records --trainee with the number as typed: %s", out)
	}
}

func TestDrillValidateCountsWhatItWasGiven(t *testing.T) {
	out, _, code := runDrillCLI(t, "drill", "validate", filepath.Join(t.TempDir(), "missing.yaml"))
	if code != ExitProblem || !strings.Contains(out, "1 of 1") {
		t.Errorf("one missing file: exit %d\n%s", code, out)
	}
	out, _, code = runDrillCLI(t, "drill", "validate", t.TempDir())
	if code != ExitProblem || !strings.Contains(out, "no drill files") {
		t.Errorf("an empty folder: exit %d\n%s", code, out)
	}
}

// drill list lines its columns up by display width: a Chinese title takes two columns a
// character, so the faults column starts at the same display column on every line.
func TestDrillListAlignsChinese(t *testing.T) {
	out, _, code := runDrillCLI(t, "--lang", "zh", "drill", "list")
	if code != ExitOK {
		t.Fatal(code, out)
	}
	col := -1
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		i := strings.LastIndex(line, "  ")
		if !strings.Contains(line, "  L") || i < 0 {
			continue // the count line
		}
		start := locale.Width(line[:i+2])
		if col >= 0 && start != col {
			t.Errorf("the faults column starts at %d, not %d: %q", start, col, line)
		}
		col = start
	}
	if col < 0 {
		t.Fatalf("no drill lines:\n%s", out)
	}
}

// vocabulary matches the ids a Chinese message keeps as the file writes them (actions, faults,
// checklist steps): englishIn would take paper-out for two English words.
var vocabulary = func() *regexp.Regexp {
	var ids []string
	for _, a := range drill.Actions() {
		ids = append(ids, string(a.ID))
	}
	ids = append(ids, termsim.FaultNames()...)
	for _, s := range diagnostics.StepIDs() {
		ids = append(ids, string(s))
	}
	slices.SortFunc(ids, func(a, b string) int { return len(b) - len(a) })
	return regexp.MustCompile(`\b(` + strings.Join(ids, "|") + `)\b`)
}()

// A trainer's broken scenario file and script are said in zh and zh_TW: every line of drill
// validate, and every line drill run prints about a script, is Chinese with no English sentence
// (ids, codes, fields and YAML keys stay as written). English stays as it was.
func TestDrillProblemsFollowLanguage(t *testing.T) {
	dir := t.TempDir()
	src := paperOutYAML(t)
	files := map[string]string{
		"broken.yaml": strings.NewReplacer("id: printer.paper-out", "id: Printer_Paper", "{zh: 打印机缺纸, en: Printer out of paper}", "{en: Printer out of paper}",
			"replace-paper, reprint-last]", "replace-papr, reprint-last]", "diagnosis: [P1]", "diagnosis: [P9]", "[paper-out]", "[paper-outt]",
			"level: 1", "level: 7", "par_seconds: 180", "par_seconds: 5", "{at: 90,", "{at: 30,", "[counter, technician]", "[counter, boss]",
			"critical: [redo-sale]", "critical: [redo-sale]\neffects: {sign-on: {clears: [pending-reversal, nope], runs: XX}}").Replace(src),
		"typo.yaml":   strings.Replace(src, "level: 1", "level: 1\ncolour: red", 1),
		"type.yaml":   strings.Replace(src, "level: 1", "level: one", 1),
		"twice.yaml":  strings.Replace(src, "level: 1", "level: 1\nlevel: 2", 1),
		"clash.yaml":  strings.Replace(src, "[paper-out]", "[paper-out, paper-low]", 1),
		"short.yaml":  strings.Replace(src, "  - {at: 100, do: check, steps: [printer]}\n", "", 1),
		"broken.json": `[{"at": 5, "do": "action", "value": "replace-papr"}, {"at": 2, "do": "check", "steps": ["printr"]}]`,
		"fields.json": `[{"at": 1, "do": "check", "when": 3}]`,
		"hint.json":   `[{"at": 5, "do": "hint"}]`,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "store.db")
	run := func(l string, script string, more ...string) string {
		_, errOut, code := runDrillCLI(t, append([]string{"--lang", l, "drill", "run", "printer.paper-out", "--trainee", "x", "--db", db, "--script", filepath.Join(dir, script)}, more...)...)
		if code != ExitFailed {
			t.Errorf("%s drill run --script %s: exit %d", l, script, code)
		}
		return errOut
	}
	for _, l := range []string{"zh", "zh_TW"} {
		out, _, code := runDrillCLI(t, "--lang", l, "drill", "validate", dir)
		if code != ExitProblem || strings.Count(out, "\n") < 16 {
			t.Errorf("%s validate: exit %d\n%s", l, code, out)
		}
		outs := out
		for _, s := range []string{"broken.json", "fields.json"} {
			outs += run(l, s)
		}
		outs += run(l, "hint.json", "--mode", "assessed")
		for _, line := range strings.Split(strings.TrimSpace(outs), "\n") {
			if !hasHan(line) {
				t.Errorf("%s: no Chinese in %q", l, line)
			}
			if s := englishIn(vocabulary.ReplaceAllString(line, "")); s != "" {
				t.Errorf("%s: English %q in %q", l, s, line)
			}
		}
		steps := map[string][]string{"zh": {"broken.json 里的步骤有问题：\n", "\n  第 2 步 steps[0]："}, "zh_TW": {"broken.json 裡的步驟有問題：\n", "\n  第 2 步 steps[0]："}}[l]
		for _, want := range append([]string{"typo.yaml: 第 7 行：", `broken.yaml:14: answer.required[1]: `}, steps...) {
			if !strings.Contains(outs, want) {
				t.Errorf("%s: no %q in\n%s", l, want, outs)
			}
		}
	}
	out, _, _ := runDrillCLI(t, "--lang", "en", "drill", "validate", dir)
	for _, want := range []string{`broken.yaml:14: answer.required[1]: unknown action "replace-papr" (did you mean replace-paper?)`,
		"typo.yaml: line 7: field colour not found in Scenario", "short.yaml:26: solution: scores 95, not 100"} {
		if !strings.Contains(out, want) {
			t.Errorf("en: no %q in\n%s", want, out)
		}
	}
}

// The YAML library's own words stay as the details of a lead-in in the language that names
// the line.
func TestDrillYAMLErrorLeadIn(t *testing.T) {
	src := paperOutYAML(t)
	p := filepath.Join(t.TempDir(), "yaml.yaml")
	os.WriteFile(p, []byte(strings.Replace(src, "level: 1", "level: [1", 1)), 0o644)
	for l, want := range map[string]string{"zh": p + ": 第 5 行：YAML 格式错误：did not find expected", "zh_TW": p + ": 第 5 行：YAML 格式錯誤：did not find expected",
		"en": p + ": not a YAML scenario: line 5: did not find expected"} {
		out, _, _ := runDrillCLI(t, "--lang", l, "drill", "validate", p)
		if !strings.HasPrefix(out, want) {
			t.Errorf("%s: %q, want it to start %q", l, out, want)
		}
	}
}

// A fault the simulated terminal refuses is said in zh and zh_TW with its own reason, naming
// what the English names (the faults that clash and only those, the key, the valid keys),
// not a rule list that blames every fault of the file.
func TestDrillFaultProblemsSayTheirReason(t *testing.T) {
	src := paperOutYAML(t)
	for _, c := range []struct{ faults, en, zh, zhTW string }{
		{"paper-out, stuck-key=5, dead-key=5", "key 5 cannot be both stuck-key and dead-key: keep one",
			"按键 5 不能既是 stuck-key 又是 dead-key：只保留一个", "按鍵 5 不能既是 stuck-key 又是 dead-key：只保留一個"},
		{"paper-out, cover-open, no-sim, no-dialtone, tmk-missing, key-mismatch", "faults tmk-missing and key-mismatch contradict each other",
			"故障 tmk-missing 和 key-mismatch 互相矛盾", "故障 tmk-missing 和 key-mismatch 互相矛盾"},
		{"paper-out, comm=pstn, no-sim", "no-sim is a mobile-network fault but comm=PSTN was given",
			"no-sim 是移动网络故障，但给的是 comm=PSTN", "no-sim 是行動網路故障，但給的是 comm=PSTN"},
		{"paper-out, clock-drift=5, clock-drift=-5", "fault clock-drift is given twice (clock-drift=5 and clock-drift=-5)",
			"故障 clock-drift 给了两次（clock-drift=5 和 clock-drift=-5）", "故障 clock-drift 給了兩次（clock-drift=5 和 clock-drift=-5）"},
		{"paper-out, stuck-key=X", `"X" is not a key name; keys are 1 2 3 4 5 6 7 8 9 0 ENTER`,
			`"X" 不是按键名；按键有 1 2 3 4 5 6 7 8 9 0 ENTER`, `"X" 不是按鍵名稱；按鍵有 1 2 3 4 5 6 7 8 9 0 ENTER`},
	} {
		p := filepath.Join(t.TempDir(), "faults.yaml")
		if err := os.WriteFile(p, []byte(strings.Replace(src, "[paper-out]", "["+c.faults+"]", 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		for l, want := range map[string]string{"en": c.en, "zh": c.zh, "zh_TW": c.zhTW} {
			out, _, code := runDrillCLI(t, "--lang", l, "drill", "validate", p)
			problem, _, _ := strings.Cut(out, "\n")
			if code != ExitProblem || !strings.HasPrefix(problem, p+":11: faults") || !strings.Contains(problem, want) {
				t.Errorf("%s [%s]: exit %d, %q does not say %q", l, c.faults, code, problem, want)
			}
			for _, blamed := range []string{"paper-out", "cover-open", "posdoctor sim -h", "docs/drills.md"} {
				if strings.Contains(problem, blamed) {
					t.Errorf("%s [%s]: %q names %s", l, c.faults, problem, blamed)
				}
			}
			if s := englishIn(vocabulary.ReplaceAllString(problem, "")); l != "en" && s != "" {
				t.Errorf("%s [%s]: English %q in %q", l, c.faults, s, problem)
			}
		}
	}
}

// A card number in a drill's id, its title or a fault's value never comes back unmasked from
// drill validate or drill run, in any language.
func TestDrillOutputMasksCardNumbers(t *testing.T) {
	const card, masked = "4111111111111111", "411111******1111"
	src := paperOutYAML(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(good, []byte(withCard(src, card, card)), 0o644)
	os.WriteFile(bad, []byte(strings.Replace(src, "[paper-out]", "[paper-out, stuck-key="+card+"]", 1)), 0o644)
	script := writeScript(t, paperOutSolution)
	db := filepath.Join(t.TempDir(), "store.db")
	for _, l := range []string{"en", "zh", "zh_TW"} {
		out, errOut, code := runDrillCLI(t, "--lang", l, "drill", "validate", dir)
		if all := out + errOut; code != ExitProblem || strings.Contains(all, card) || strings.Count(all, masked) < 3 {
			t.Errorf("%s validate: exit %d, the card number not masked in each line that names it:\n%s", l, code, all)
		}
		for file, exit := range map[string]int{good: ExitOK, bad: ExitFailed} {
			out, errOut, code = runDrillCLI(t, "--lang", l, "drill", "run", file, "--trainee", "x", "--script", script, "--db", db)
			if all := out + errOut; code != exit || strings.Contains(all, card) || !strings.Contains(all, masked) {
				t.Errorf("%s run %s: exit %d, the card number not masked:\n%s", l, filepath.Base(file), code, all)
			}
		}
	}
}

// drill run --script names a script it cannot read first, then says why, in the reader's
// language (as validate names a file); a file that is no script is said to be none once.
func TestDrillRunScriptProblemsNamedOnce(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.json")
	fields := filepath.Join(dir, "fields.json")
	os.WriteFile(fields, []byte(`[{"at": 1, "do": "check", "when": 3}]`), 0o644)
	db := filepath.Join(t.TempDir(), "store.db")
	run := func(l, script string) string {
		_, errOut, code := runDrillCLI(t, "--lang", l, "drill", "run", "printer.paper-out", "--trainee", "x", "--db", db, "--script", script)
		if code != ExitFailed {
			t.Errorf("%s --script %s: exit %d", l, filepath.Base(script), code)
		}
		return errOut
	}
	for l, c := range map[string]struct{ missing, notScript string }{
		"zh":    {missing + ": 文件或文件夹不存在", "演练脚本"},
		"zh_TW": {missing + ": 檔案或資料夾不存在", "演練腳本"},
		"en":    {missing + ": no such file or directory", "not a drill script"},
	} {
		if got := run(l, missing); !strings.Contains(got, c.missing) || strings.Count(got, "\n") != 1 {
			t.Errorf("%s: a missing script: %q, want it named, then %q", l, got, c.missing)
		}
		if got := run(l, fields); strings.Count(got, c.notScript) != 1 || !strings.Contains(got, `"when"`) {
			t.Errorf("%s: a file that is no script: %q says %q other than once", l, got, c.notScript)
		}
	}
}

// A card number a trainer typed into a drill's id or title never comes back unmasked from
// drill list, as text in any language or as JSON.
func TestDrillListMasksCardNumbers(t *testing.T) {
	const card, masked = "4111111111111111", "411111******1111"
	src := paperOutYAML(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "card.yaml"), []byte(withCard(src, "card."+card, card)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"en"}, {"zh"}, {"zh_TW"}, {"en", "--json"}} {
		out, errOut, code := runDrillCLI(t, append([]string{"--lang", args[0], "drill", "list", "--dir", dir}, args[1:]...)...)
		if all := out + errOut; code != ExitOK || strings.Contains(all, card) || !strings.Contains(out, "card."+masked) || !strings.Contains(out, "paper "+masked) && !strings.Contains(out, "缺纸 "+masked) && !strings.Contains(out, "缺紙 "+masked) {
			t.Errorf("list %q: exit %d, the card number not masked in the id and the title:\n%s", args, code, all)
		}
	}
}
