package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// What a user trial of drill run, list, records and verify found: a right diagnosis in
// another form scored wrong, script problems all led in as "not a valid script", 培训 and 练习
// for a drill, Simplified inside Traditional, and a missing store blamed on check --save.

// A diagnosis in lower case, full width or as the code's title is scored as the code, on the
// first try; one that names no code is refused before play, nothing recorded.
func TestDrillRunDiagnosisAsTheCode(t *testing.T) {
	db := filepath.Join(t.TempDir(), "store.db")
	for _, given := range []string{"p1", "ｐ１", "打印机缺纸", "打印機缺紙", "缺纸", "Printer out of paper"} {
		script := writeScript(t, []map[string]any{{"at": 10, "do": "check"}, {"at": 20, "do": "diagnose", "value": given}})
		out, errOut, _ := runDrillCLI(t, "drill", "run", "printer.paper-out", "--trainee", "x", "--script", script, "--db", db, "--json")
		if res := jsonObject(t, out); res["breakdown"].(map[string]any)["diagnosis"] != 40.0 {
			t.Errorf("%q: breakdown %v\n%s", given, res["breakdown"], errOut)
		}
	}
	script := writeScript(t, []map[string]any{{"at": 10, "do": "check"}, {"at": 20, "do": "diagnose", "value": "p1"}})
	if out, _, _ := runDrillCLI(t, "--lang", "zh", "drill", "run", "printer.paper-out", "--trainee", "x", "--script", script, "--db", db); !strings.Contains(out, "诊断：p1  — 对：P1 正是这次故障的原因。") {
		t.Errorf("zh: the diagnosis line\n%s", out)
	}
	none := writeScript(t, []map[string]any{{"at": 10, "do": "diagnose", "value": "纸"}})
	out, errOut, code := runDrillCLI(t, "--lang", "zh", "drill", "run", "printer.paper-out", "--trainee", "y", "--script", none, "--db", db)
	if code != ExitFailed || out != "" || !strings.Contains(errOut, `第 1 步 value："纸"`) {
		t.Errorf("a text that names no code: exit %d\n%s%s", code, out, errOut)
	}
	if out, _, _ := runDrillCLI(t, "drill", "records", "--trainee", "y", "--db", db, "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("a refused script was recorded: %s", out)
	}
}

// The lead-in of a script's problem says what is wrong — not JSON, not a list of steps, or
// the steps' problems — in the reader's language, the details too, each step counted from 1.
func TestDrillRunScriptProblemLeadIns(t *testing.T) {
	dir := t.TempDir()
	scripts := map[string]string{
		"syntax.json": "[{\"at\": 10, \"do\": \"check\"}，{\"at\": 20, \"do\": \"hint\"}]",
		"shape.json":  `{"at": 10, "do": "check"}`,
		"order.json":  `[{"at": 20, "do": "check"}, {"at": 10, "do": "fix"}]`,
	}
	for name, s := range scripts {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "store.db")
	for l, want := range map[string]map[string][]string{
		"zh": {
			"syntax.json": {"syntax.json 不是 JSON：", "\n  第 1 行第 27 个字符 '，' 是全角符号"},
			"shape.json":  {"shape.json 不是演练脚本：", "\n  不认识的字段 at"},
			"order.json":  {"order.json 里的步骤有问题：\n  第 2 步 at：10：步骤要按时间先后排列", "\n  第 2 步 do：\"fix\"：步骤只能是"},
		},
		"zh_TW": {
			"syntax.json": {"syntax.json 不是 JSON：", "\n  第 1 行第 27 個字元 '，' 是全形符號"},
			"shape.json":  {"shape.json 不是演練腳本：", "\n  不認識的欄位 at"},
			"order.json":  {"order.json 裡的步驟有問題：\n  第 2 步 at：10：步驟要按時間先後排列", "\n  第 2 步 do：\"fix\"："},
		},
		"en": {
			"syntax.json": {"syntax.json is not JSON: ", "\n  line 1, column 27: '，' is full-width"},
			"shape.json":  {"shape.json is not a drill script: ", "\n  unknown field at"},
			"order.json":  {"problems in the steps of " + filepath.Join(dir, "order.json") + ":\n  step 2, at: 10: steps come in time order", "\n  step 2, do: \"fix\": a step does"},
		},
	} {
		for name, wants := range want {
			_, errOut, code := runDrillCLI(t, "--lang", l, "drill", "run", "printer.paper-out", "--trainee", "x", "--script", filepath.Join(dir, name), "--db", db)
			for _, w := range wants {
				if code != ExitFailed || !strings.Contains(errOut, w) {
					t.Errorf("%s %s: exit %d, no %q in\n%s", l, name, code, w, errOut)
				}
			}
			if l != "en" && (strings.Contains(errOut, "invalid character") || strings.Contains(errOut, "standard input")) {
				t.Errorf("%s %s: English in\n%s", l, name, errOut)
			}
			if name == "order.json" && strings.Contains(errOut, map[string]string{"zh": "不是演练脚本", "zh_TW": "不是演練腳本", "en": "not a drill script"}[l]) {
				t.Errorf("%s: steps out of order called no script:\n%s", l, errOut)
			}
		}
	}
}

// A drill is 演练 (演練) on the command line, practice alone 练习 (練習).
func TestDrillWordsOnTheCommandLine(t *testing.T) {
	for l, want := range map[string][2]string{"zh": {"个演练", "演练：打印机缺纸（printer.paper-out）— 学员 x，练习模式"}, "zh_TW": {"個演練", "演練：印表機缺紙（printer.paper-out）— 學員 x，練習模式"}} {
		out, _, _ := runDrillCLI(t, "--lang", l, "drill", "list")
		if lines := strings.Split(strings.TrimSpace(out), "\n"); !strings.HasSuffix(lines[len(lines)-1], want[0]) || strings.Contains(out, "培训") || strings.Contains(out, "培訓") {
			t.Errorf("%s list ends %q, want … %s", l, lines[len(lines)-1], want[0])
		}
		script := writeScript(t, paperOutSolution)
		out, _, _ = runDrillCLI(t, "--lang", l, "drill", "run", "printer.paper-out", "--trainee", "x", "--script", script, "--db", filepath.Join(t.TempDir(), "s.db"))
		if !strings.HasPrefix(out, want[1]) {
			t.Errorf("%s run: %q", l, strings.SplitN(out, "\n", 2)[0])
		}
	}
}

// A prompt among the drill's codes is read in Traditional with Taiwan's words in zh_TW, as
// Look up shows it: 印表機故障, not 打印机故障.
func TestDrillDebriefCodesInTaiwan(t *testing.T) {
	script := writeScript(t, []map[string]any{{"at": 10, "do": "diagnose", "value": "印表機故障"}})
	out, _, _ := runDrillCLI(t, "--lang", "zh_TW", "drill", "run", "money.swap-after-settlement", "--trainee", "x", "--script", script, "--db", filepath.Join(t.TempDir(), "s.db"))
	if !strings.Contains(out, "查閱代碼：P5、印表機故障（posdoctor lookup P5）") || strings.Contains(out, "打印机") || !strings.Contains(out, "診斷正確：P5（第 1 次）") {
		t.Errorf("zh_TW debrief:\n%s", out)
	}
}

// drill records and verify on a store that does not exist say that no training records exist
// yet and how they are made (a drill played), not that no visit was recorded (check --save).
func TestDrillRecordsWithoutAStore(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none.db")
	for l, want := range map[string]string{"zh": "还没有培训记录", "zh_TW": "還沒有培訓記錄", "en": "no training records yet"} {
		for _, sub := range []string{"records", "verify"} {
			_, errOut, code := runDrillCLI(t, "--lang", l, "drill", sub, "--db", missing)
			if code != ExitFailed || !strings.Contains(errOut, want) || !strings.Contains(errOut, "posdoctor drill run") || strings.Contains(errOut, "check --save") || strings.Contains(errOut, "incident") && l != "en" {
				t.Errorf("%s drill %s: exit %d\n%s", l, sub, code, errOut)
			}
		}
	}
}
