package drill

import (
	"context"
	"errors"
	"strings"
	"testing"

	"posdoctor/locale"
)

// A right diagnosis in another form — the code in lower case or full width, 3 for 03, the
// code's title or screen text in either script or in English — scores as the code it names,
// on the first try: the form of a right answer never costs points. The script that gives it
// is taken, and the record keeps the code.
func TestDiagnosisInAnyFormOfTheCode(t *testing.T) {
	b := book(t)
	for id, forms := range map[string][]string{
		"printer.paper-out":           {"P1", "p1", "ｐ１", " P1 ", "打印机缺纸", "打印機缺紙", "缺纸", "Printer out of paper", "P1 打印机缺纸"},
		"merchant.invalid-03":         {"03", "3", "３", "无效商户", "無效商戶"},
		"money.swap-after-settlement": {"p5", "打印机故障", "印表機故障"},
		"host.timeout":                {"h3", "交易超时"}, // the drill lists the prompt 交易超时 itself
	} {
		sc := builtinDrill(t, id)
		for _, given := range forms {
			script := `[{"at": 10, "do": "diagnose", "value": "` + given + `"}]`
			steps, err := ParseScript("s.json", strings.NewReader(script), b)
			if err != nil {
				t.Errorf("%s: %q refused: %v", id, given, err)
				continue
			}
			res, err := Play(context.Background(), sc, Options{Trainee: "x", Book: b}, steps, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Score.Breakdown.Diagnosis != DiagnosisPoints(1) || !res.Log[0].Right {
				t.Errorf("%s: %q scored %d (right %v), want %d", id, given, res.Score.Breakdown.Diagnosis, res.Log[0].Right, DiagnosisPoints(1))
			}
			if _, ok := accepted(sc, res.Log[0].Value); !ok || strings.ContainsAny(res.Log[0].Value, " ｐ３") {
				t.Errorf("%s: %q recorded as %q, not the code", id, given, res.Log[0].Value)
			}
		}
	}
}

// The GUI gives the attempt what was picked or typed; the attempt reads it the same way, says
// the code it was scored as beside the text, and refuses (records nothing for) a text that
// names no code.
func TestAttemptDiagnoseReadsTheCode(t *testing.T) {
	sc := builtinDrill(t, "printer.paper-out")
	a, err := Start(sc, Options{Trainee: "x", Speed: 50})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Finish()
	if _, err := a.Diagnose("纸"); err == nil || !strings.Contains(err.Error(), `"纸" names no code`) {
		t.Errorf("a text that names no code: %v", err)
	}
	fb, err := a.Diagnose("打印机缺纸")
	if err != nil || fb.Kind != FeedbackGood || fb.Text.In(locale.ZH) != "对：P1（打印机缺纸）正是这次故障的原因。" {
		t.Errorf("the title: %v %q %v", fb.Kind, fb.Text.In(locale.ZH), err)
	}
	if res := a.Finish(); len(res.Log) != 1 || res.Score.Breakdown.Diagnosis != DiagnosisPoints(1) {
		t.Errorf("log %v, diagnosis %d", res.Log, res.Score.Breakdown.Diagnosis)
	}
}

// What names no code, or by its text alone several, is refused before anything is played,
// naming the step and what to give instead.
func TestDiagnosisThatNamesNoCodeRefused(t *testing.T) {
	b := book(t)
	for given, want := range map[string]string{
		"纸":                      `steps[0].value: "纸" names no code of the code book`,
		"TIMEOUT":                `steps[0].value: "TIMEOUT" names more than one code (68, 98, H3`,
		"Reserved (for ISO use)": `names more than one code (45, 46`,
	} {
		_, err := ParseScript("s.json", strings.NewReader(`[{"at": 10, "do": "diagnose", "value": "`+given+`"}]`), b)
		var es Errors
		if !errors.As(err, &es) || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", given, err, want)
		}
	}
	for given, want := range map[string][]string{"打印机缺纸": {"P1", "打印机缺纸"}, "交易超时": {"交易超时"}, "卡纸": {"P5"}, "a0": {"A0"}} {
		if got, err := CodesNamed(b, given); err != nil || strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("CodesNamed(%q) = %q, %v; want %q", given, got, err, want)
		}
	}
}

// A prompt's code is its Chinese text: the debrief of a Taiwan reader shows it in Traditional
// with Taiwan's words, as Look up does (印表機故障, not 打印机故障), and keeps the code for
// Look up.
func TestDebriefCodesInTaiwan(t *testing.T) {
	sc := builtinDrill(t, "money.swap-after-settlement")
	res, err := Play(context.Background(), sc, Options{Trainee: "x"}, []Step{{At: 10, Do: DoDiagnose, Value: "打印机故障"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := res.Debrief(locale.ZHTW)
	if strings.Join(d.CodesIn, " ") != "P5 印表機故障" || strings.Join(d.Codes, " ") != "P5 打印机故障" {
		t.Errorf("codes %q shown as %q", d.Codes, d.CodesIn)
	}
	for _, line := range append(d.Good, d.Missing...) {
		if strings.Contains(line, "打印机") {
			t.Errorf("Simplified in %q", line)
		}
	}
	if en := res.Debrief(locale.EN); strings.Join(en.CodesIn, " ") != "P5 打印机故障" {
		t.Errorf("en %q", en.CodesIn)
	}
}
