package drill

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"posdoctor/assets"
	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
)

var placeholder = regexp.MustCompile(`{{[^}]*}}`)

func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

// TestMessageTemplatesTranslated: every template a drill's problem can be worded by has a
// translation in zh, zh_TW and en, with the same args, that renders; the Chinese ones are
// Chinese (not the English left in place).
func TestMessageTemplatesTranslated(t *testing.T) {
	all := MessageTemplates()
	if len(all) < 60 {
		t.Fatalf("only %d templates registered: the walk is broken", len(all))
	}
	for _, key := range all {
		want := placeholder.FindAllString(key, -1)
		slices.Sort(want)
		args := kv{}
		for _, p := range want {
			args[strings.Trim(p, "{}. ")] = "x"
		}
		if _, err := diagnostics.RenderMessage(key, args); err != nil {
			t.Errorf("%q does not render: %v", key, err)
		}
		for _, l := range locale.Langs() {
			tr, ok := codebook.Translation(l, key)
			if !ok {
				t.Errorf("assets/translations/%s.json has no translation of %q", l, key)
				continue
			}
			got := placeholder.FindAllString(tr, -1)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s: %q has args %v, its template %v", l, tr, got, want)
			}
			if _, err := diagnostics.RenderMessage(tr, args); err != nil {
				t.Errorf("%s: %q does not render: %v", l, tr, err)
			}
			if l != locale.EN && !hasHan(tr) {
				t.Errorf("%s: %q is not Chinese", l, tr)
			}
		}
	}
}

// brokenScenario is printer.paper-out.yaml with each edit made.
func brokenScenario(t *testing.T, edits ...string) []byte {
	t.Helper()
	data, err := fs.ReadFile(assets.Drills, "drills/printer.paper-out.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(edits); i += 2 {
		if !bytes.Contains(data, []byte(edits[i])) {
			t.Fatalf("printer.paper-out.yaml has no %q", edits[i])
		}
		data = bytes.Replace(data, []byte(edits[i]), []byte(edits[i+1]), 1)
	}
	return data
}

// problems is every problem of a file: Parse's, else Validate's, else Prove's.
func problems(t *testing.T, data []byte) Errors {
	t.Helper()
	sc, err := Parse("trainer/drill.yaml", data)
	if err != nil {
		var es Errors
		var e *Error
		switch {
		case errors.As(err, &es):
			return es
		case errors.As(err, &e):
			return Errors{e}
		}
		t.Fatalf("%T %v: not a drill problem", err, err)
	}
	if errs := Validate(sc, book(t)); len(errs) > 0 {
		return errs
	}
	if err := Prove(context.Background(), sc); err != nil {
		return Errors{err.(*Error)}
	}
	return nil
}

// TestProblemsCarryTheirTemplate: each problem keeps its English (Error() as before) and
// carries the template it was worded by with its args, which say it in Chinese — ids, codes,
// fields and fault names as the file writes them.
func TestProblemsCarryTheirTemplate(t *testing.T) {
	cases := []struct {
		name   string
		data   []byte
		en, zh string // the English and Simplified message of the first problem (parts of)
		zhTW   string
	}{
		{"id", brokenScenario(t, "id: printer.paper-out", "id: Printer_Paper"),
			`"Printer_Paper": an id is 1-64`, `"Printer_Paper"：id 只能用 a-z`, `個字元`},
		{"no zh", brokenScenario(t, "{zh: 打印机缺纸, en: Printer out of paper}", "{en: Printer out of paper}"),
			"title.zh: the Chinese text is missing (zh)", "缺少中文内容（zh）", "缺少中文內容（zh）"},
		{"unknown fault", brokenScenario(t, "[paper-out]", "[paper-outt]"),
			`faults[0]: simulated terminal: unknown fault "paper-outt": valid faults are paper-out, paper-low,`, `模拟终端没有 "paper-outt" 这个故障；可用的故障：paper-out, paper-low,`, "模擬終端機沒有"},
		{"fault value", brokenScenario(t, "[paper-out]", "[paper-out, stuck-key=X]"),
			`"X" is not a key name`, `故障 "stuck-key=X"："X" 不是按键名；按键有 1 2 3 4 5 6 7 8 9 0 ENTER`, "不是按鍵名稱；按鍵有 1 2 3"},
		// a clash names the faults that clash, and only those, and why
		{"faults clash", brokenScenario(t, "[paper-out]", "[paper-out, paper-low]"),
			"contradict each other", "faults: 模拟终端的故障 paper-out 和 paper-low 互相矛盾：只保留其中一个", "故障 paper-out 和 paper-low 互相矛盾"},
		{"key faults clash", brokenScenario(t, "[paper-out]", "[paper-out, cover-open, no-sim, no-dialtone, tmk-missing, key-mismatch]"),
			"faults tmk-missing and key-mismatch contradict", "faults: 模拟终端的故障 tmk-missing 和 key-mismatch 互相矛盾", "故障 tmk-missing 和 key-mismatch 互相矛盾"},
		{"stuck and dead", brokenScenario(t, "[paper-out]", "[paper-out, stuck-key=5, dead-key=5]"),
			"key 5 cannot be both stuck-key and dead-key", "按键 5 不能既是 stuck-key 又是 dead-key", "按鍵 5 不能既是 stuck-key 又是 dead-key"},
		{"comm and mobile", brokenScenario(t, "[paper-out]", "[paper-out, comm=pstn, no-sim]"),
			"no-sim is a mobile-network fault but comm=PSTN", "no-sim 是移动网络故障，但给的是 comm=PSTN：改用 comm=GPRS 或 comm=4G，或去掉 no-sim", "no-sim 是行動網路故障"},
		{"given twice", brokenScenario(t, "[paper-out]", "[paper-out, clock-drift=5, clock-drift=6]"),
			"fault clock-drift is given twice", "故障 clock-drift 给了两次（clock-drift=5 和 clock-drift=6）", "給了兩次"},
		{"unknown code", brokenScenario(t, "diagnosis: [P1]", "diagnosis: [P9]"),
			`answer.diagnosis[0]: "P9" is not in the code book (posdoctor lookup P9)`, `代码库里没有 "P9"`, `代碼庫裡沒有 "P9"`},
		{"unknown action", brokenScenario(t, "replace-paper, reprint", "replace-papr, reprint"),
			`unknown action "replace-papr" (did you mean replace-paper?)`, `没有 "replace-papr" 这个操作（是不是 replace-paper？）`, "這個操作"},
		{"time order", brokenScenario(t, "{at: 90,", "{at: 30,"),
			"solution[4].at: 30: steps come in time order", "30：步骤要按时间先后排列", "步驟要按時間先後排列"},
		{"also harmful", brokenScenario(t, "{action: power-cycle, penalty: 10}", "{action: replace-paper, penalty: 10}"),
			"replace-paper is also required", "replace-paper 同时也列在 required 里", "同時也列在 required 裡"},
		{"unknown field", brokenScenario(t, "level: 1", "level: 1\ncolour: red"),
			"trainer/drill.yaml: line 7: field colour not found in Scenario", "第 7 行：Scenario 里没有 colour 这个字段", "這個欄位"},
		{"wrong type", brokenScenario(t, "level: 1", "level: one"),
			"line 6: cannot unmarshal !!str `one` into int", "第 6 行：类型不对，!!str `one` 不能用作 int", "型別不對"},
		{"field twice", brokenScenario(t, "level: 1", "level: 1\nlevel: 2"),
			`trainer/drill.yaml:7: field "level" twice`, `字段 "level" 出现了两次`, `欄位 "level" 出現了兩次`},
		{"solution short", brokenScenario(t, "  - {at: 100, do: check, steps: [printer]}\n", ""),
			"solution: scores 95, not 100 (diagnosis 40, actions 35", "标准答案得 95 分，不是 100 分（诊断 40，处理 35", "標準答案得 95 分"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			errs := problems(t, c.data)
			if len(errs) == 0 {
				t.Fatal("accepted")
			}
			e := errs[0]
			if !strings.Contains(e.Error(), c.en) {
				t.Errorf("English %q does not say %q", e.Error(), c.en)
			}
			if !slices.Contains(MessageTemplates(), e.Key) {
				t.Fatalf("%q: its key %q is not a registered template", e.Error(), e.Key)
			}
			if e.Message(locale.EN) != e.Msg || e.In(locale.EN) != e.Error() {
				t.Errorf("in English %q, not Msg %q", e.Message(locale.EN), e.Msg)
			}
			zh, tw := e.In(locale.ZH), e.In(locale.ZHTW)
			if got := render(e.Key, e.Args); got != e.Msg {
				t.Errorf("%q rendered is %q, not Msg %q", e.Key, got, e.Msg)
			}
			if !strings.HasPrefix(zh, "trainer/drill.yaml") || !strings.Contains(zh, c.zh) {
				t.Errorf("zh %q does not say %q", zh, c.zh)
			}
			if !strings.Contains(tw, c.zhTW) {
				t.Errorf("zh_TW %q does not say %q", tw, c.zhTW)
			}
		})
	}
}

// TestEnglishIsTheTemplateRendered: Msg is the template rendered in English, so the key and
// args a front end gets say what Error() says (a fault's template is termsim's own).
func TestEnglishIsTheTemplateRendered(t *testing.T) {
	data := brokenScenario(t, "id: printer.paper-out", "id: X", "level: 1", "level: 9", "[P1]", "[P9]",
		"par_seconds: 180", "par_seconds: 1", "[counter, technician]", "[counter, boss]", "[paper-out]", "[paper-outt]")
	errs := problems(t, data)
	if len(errs) < 6 {
		t.Fatalf("%d problems:\n%v", len(errs), errs)
	}
	for _, e := range errs {
		if got := render(e.Key, e.Args); got != e.Msg {
			t.Errorf("%q rendered is %q, not Msg %q", e.Key, got, e.Msg)
		}
	}
}

// TestYAMLErrorsLeadInTheLanguage: the YAML library's message keeps its detail after a lead-in
// in the reader's language that names the line.
func TestYAMLErrorsLeadInTheLanguage(t *testing.T) {
	errs := problems(t, brokenScenario(t, "level: 1", "level: [1"))
	e := errs[0]
	if !strings.HasPrefix(e.Msg, "not a YAML scenario: line ") {
		t.Fatalf("English %q", e.Msg)
	}
	detail := e.Msg[strings.Index(e.Msg, ": line ")+len(": line 5: "):]
	for l, lead := range map[locale.Lang]string{locale.ZH: "：YAML 格式错误：", locale.ZHTW: "：YAML 格式錯誤："} {
		got := e.Message(l)
		if !strings.HasPrefix(got, "第 ") || !strings.Contains(got, " 行"+lead+detail) {
			t.Errorf("%s: %q, want 第 N 行%s%s", l, got, lead, detail)
		}
	}
}

// TestScriptProblemsInTheLanguage: a script that is no script, and a step the attempt refuses,
// are said in Chinese with what went wrong inside (the step, its field), and still wrap what
// they wrap.
func TestScriptProblemsInTheLanguage(t *testing.T) {
	_, err := ParseScript("path.json", strings.NewReader(`[{"at": 1, "do": "check", "when": 3}]`), book(t))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%T %v", err, err)
	}
	if want := `path.json: not a drill script (a JSON array of {at, do, value, steps}): step 1: unknown field "when" (the fields are at, do, value, steps)`; e.Error() != want {
		t.Errorf("English %q, want %q", e.Error(), want)
	}
	if got := e.In(locale.ZH); got != `path.json: 不是演练脚本（脚本是 JSON 步骤数组 [{at, do, value, steps}]）：第 1 步：不认识的字段 "when"（字段只有 at、do、value、steps）` {
		t.Errorf("zh %q", got)
	}
	if cause := errors.Unwrap(err); !errors.Is(err, ErrNotScript) || errors.Is(cause, ErrNotScript) || ErrorIn(locale.ZH, cause, nil) != `第 1 步：不认识的字段 "when"（字段只有 at、do、value、steps）` {
		t.Errorf("not a script: ErrNotScript %v, the cause %v", errors.Is(err, ErrNotScript), cause)
	}
	_, err = ParseScript("path.json", strings.NewReader(`[{"at": 5, "do": "action", "value": "replace-papr"}]`), book(t))
	if !errors.As(err, &e) || !strings.Contains(e.In(locale.ZHTW), `steps[0].value: 沒有 "replace-papr" 這個操作（是不是 replace-paper？）`) {
		t.Errorf("zh_TW: %v", err)
	}

	sc, _ := Find(builtin(t), "printer.paper-out")
	// refused before anything is played: no step before the hint is heard of
	played := 0
	steps := []Step{{At: 10, Do: DoCheck}, {At: 30, Do: DoHint}}
	_, err = Play(context.Background(), sc, Options{Trainee: "x", Mode: ModeAssessed}, steps, func(Step, Feedback) { played++ })
	if !errors.Is(err, ErrNoHints) || !errors.As(err, &e) || played != 0 {
		t.Fatalf("a hint when assessed: %T %v, %d steps played first", err, err, played)
	}
	if e.Error() != "step at 30s (hint): no hints in an assessed drill" || e.Message(locale.ZH) != "第 30 秒的步骤（hint）：考核模式的演练不提供提示" {
		t.Errorf("%q / %q", e.Error(), e.Message(locale.ZH))
	}
}

// TestErrorInWalksJoinedErrors: a folder's problems (errors.Join of each file's) are said a
// line each; what is not the package's goes to the caller's own wording.
func TestErrorInWalksJoinedErrors(t *testing.T) {
	one := &Error{File: "a.yaml", Msg: "the drill is over", Key: "the drill is over"}
	two := Errors{{File: "b.yaml", Line: 3, Field: "id", Msg: "no steps", Key: "no steps"}}
	other := errors.New("disk on fire")
	got := ErrorIn(locale.ZH, errors.Join(one, two, other), func(err error) string { return "其他：" + err.Error() })
	if want := "a.yaml: 演练已结束\nb.yaml:3: id: 一个步骤也没有\n其他：disk on fire"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
