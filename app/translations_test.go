package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"posdoctor/app/visit"
	"posdoctor/assets"
	"posdoctor/diagnostics"
	"posdoctor/serialio"
)

// TestTranslationsComplete: every string the app passes to lang.L has an entry in en.json,
// zh.json and zh_TW.json, and no file has keys the others lack.
func TestTranslationsComplete(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	re := regexp.MustCompile(`lang\.L\("((?:[^"\\]|\\.)*)"`)
	used := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
	}
	for _, k := range dynamicKeys() {
		used[k] = true
	}
	if len(used) < 10 {
		t.Fatalf("found only %d lang.L strings: the scan is broken", len(used))
	}
	tables := translationTables(t)
	for key := range used {
		for name, m := range tables {
			if m[key] == "" {
				t.Errorf("%s has no translation for %q", name, key)
			}
		}
	}
	placeholder := regexp.MustCompile(`{{[^}]*}}`)
	for name, m := range tables {
		for key, text := range m {
			if _, ok := tables["en.json"][key]; !ok {
				t.Errorf("%s has %q, which en.json lacks", name, key)
			}
			want, got := placeholder.FindAllString(key, -1), placeholder.FindAllString(text, -1)
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(want, got) {
				t.Errorf("%s: %q has placeholders %v, its key %v", name, text, got, want)
			}
		}
	}
}

// translationTables reads the shipped translation files: file name → key → text.
func translationTables(t *testing.T) map[string]map[string]string {
	t.Helper()
	tables := map[string]map[string]string{}
	for _, name := range []string{"en.json", "zh.json", "zh_TW.json"} {
		b, err := assets.Translations.ReadFile("translations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		tables[name] = m
	}
	return tables
}

// dynamicKeys are the strings the app translates that come from values, not literals.
// Statuses, parties and verdicts are not among them: they come with their labels
// (diagnostics' Label and Sentence).
func dynamicKeys() []string {
	var keys []string
	for _, err := range []error{serialio.ErrNoSuchPort, serialio.ErrPermissionDenied, serialio.ErrPortBusy,
		serialio.ErrLinkFailed, serialio.ErrTimeout, serialio.ErrPeerClosed, serialio.ErrLinkLost, serialio.ErrLineEcho, serialio.ErrGarbled} {
		keys = append(keys, visit.Advice(err))
	}
	for _, o := range languageOptions {
		keys = append(keys, o.label)
	}
	for _, k := range knownErrors {
		keys = append(keys, k.Say)
	}
	for _, o := range themeOptions {
		keys = append(keys, o.label)
	}
	for _, k := range kpis {
		keys = append(keys, k.name)
	}
	keys = append(keys, diagnostics.MessageTemplates()...)
	keys = append(keys, placeNames...)
	return append(keys, diagnostics.QuestionText(diagnostics.AskSlipLegible), diagnostics.QuestionText(diagnostics.AskSignOn))
}

// TestStepTextTranslated: a finished step's summary and findings show in the UI's language,
// rendered from their templates and args, card numbers masked.
func TestStepTextTranslated(t *testing.T) {
	res := diagnostics.StepResult{
		Summary: "terminal answers; 4 echo rounds, median 5 ms", SummaryKey: "terminal answers; {{.Rounds}} echo rounds, median {{.MS}} ms",
		SummaryArgs: map[string]any{"Rounds": 4, "MS": int64(5)},
	}
	f := diagnostics.Finding{
		Message: "Keys held down at power-on: 6222 02** **** 0128.", MessageKey: "Keys held down at power-on: {{.Keys}}.",
		MessageArgs: map[string]any{"Keys": "6222021234567890128"},
	}
	for _, tc := range []struct{ env, summary, finding string }{
		{"zh_CN.UTF-8", "终端有应答；回显 4 轮，中位数 5 毫秒", "开机时被按住的按键："},
		{"zh_TW.UTF-8", "終端機有回應；回顯 4 輪，中位數 5 毫秒", "開機時被按住的按鍵："},
		{"en_US.UTF-8", res.Summary, "Keys held down at power-on: "},
	} {
		setupUnderLANG(t, tc.env)
		if got := summaryText(res); got != tc.summary {
			t.Errorf("LANG=%s: summary %q, want %q", tc.env, got, tc.summary)
		}
		got := findingText(f)
		if !strings.HasPrefix(got, tc.finding) || strings.Contains(got, "6222021234567890128") {
			t.Errorf("LANG=%s: finding %q, want it to start %q with the card number masked", tc.env, got, tc.finding)
		}
	}
	if got := summaryText(diagnostics.StepResult{Summary: "from an old report"}); got != "from an old report" {
		t.Errorf("without a key: %q", got)
	}
}

// TestProgressTranslated: live progress and the keypad test's end reason inside a summary
// show in the UI's language, not English.
func TestProgressTranslated(t *testing.T) {
	p := diagnostics.Progress{Step: diagnostics.StepKeypad, Phase: diagnostics.PhaseWorking,
		Text: "key 6 down", TextKey: "key {{.Key}} down", TextArgs: map[string]any{"Key": "6"}}
	res := diagnostics.StepResult{Summary: "23 of 23 keys seen (all keys seen)", SummaryKey: "{{.Seen}} of {{.Total}} keys seen ({{.End}})",
		SummaryArgs: map[string]any{"Seen": 23, "Total": 23, "End": "all keys seen"}}
	for _, tc := range []struct{ env, progress, summary string }{
		{"zh_CN.UTF-8", "按键 6 按下", "已检测到 23/23 个按键（所有按键均已检测到）"},
		{"zh_TW.UTF-8", "按鍵 6 按下", "（所有按鍵均已偵測到）"},
		{"en_US.UTF-8", "key 6 down", res.Summary},
	} {
		setupUnderLANG(t, tc.env)
		if got := progressText(p); got != tc.progress {
			t.Errorf("LANG=%s: progress %q, want %q", tc.env, got, tc.progress)
		}
		if got := summaryText(res); !strings.HasSuffix(got, tc.summary) {
			t.Errorf("LANG=%s: summary %q, want it to end %q", tc.env, got, tc.summary)
		}
	}
	if res.SummaryArgs["End"] != "all keys seen" {
		t.Error("translating changed the report's args")
	}
}
