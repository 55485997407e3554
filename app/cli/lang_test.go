package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"posdoctor/internal/pgtest"
	"strings"
	"testing"
	"time"

	"posdoctor/diagnostics"
	"posdoctor/locale"
	"posdoctor/reports"
)

// TestMain runs the package's tests in the English locale, whatever the developer's machine
// says: tests that want another language pass --lang.
func TestMain(m *testing.M) {
	for _, v := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES"} {
		os.Unsetenv(v)
	}
	os.Setenv("LANG", "C")
	code := m.Run()
	pgtest.Stop() // the PostgreSQL server of the shared store's tests, when they started one
	os.Exit(code)
}

// TestCLISentencesComplete fails when a sentence of the command line's own lacks one of the
// three languages.
func TestCLISentencesComplete(t *testing.T) {
	if len(cliSentences) == 0 {
		t.Fatal("no sentences listed")
	}
	for i, m := range incidentColumns {
		if lacksLanguage(m) {
			t.Errorf("incidents column %d lacks a language: %+v", i, m)
		}
	}
	for id, m := range cliSentences {
		if lacksLanguage(m) {
			t.Errorf("sentence %q lacks a language: %+v", id, m)
		}
	}
}

func TestEnvLang(t *testing.T) {
	for _, c := range []struct {
		env    map[string]string
		system []string // the system's UI languages, as Windows names them
		want   locale.Lang
	}{
		{map[string]string{}, nil, locale.EN},
		{map[string]string{"LANG": "C"}, nil, locale.EN},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, nil, locale.ZH},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_ALL": "zh_TW.UTF-8"}, nil, locale.ZHTW},
		{map[string]string{"LANG": "zh_TW.UTF-8", "LANGUAGE": "fr:en"}, nil, locale.EN},
		{map[string]string{"LANG": "en_US.UTF-8", "LANGUAGE": "zh_CN:zh"}, nil, locale.ZH},
		// Windows: no locale variables, the user's UI languages decide
		{map[string]string{}, []string{"zh-CN"}, locale.ZH},
		{map[string]string{}, []string{"zh-SG"}, locale.ZH},
		{map[string]string{}, []string{"zh-TW"}, locale.ZHTW},
		{map[string]string{}, []string{"zh-HK", "en-US"}, locale.ZHTW},
		{map[string]string{}, []string{"zh-MO"}, locale.ZHTW},
		{map[string]string{}, []string{"fr-FR", "zh-CN", "en-US"}, locale.ZH},
		{map[string]string{}, []string{"en-GB", "zh-CN"}, locale.EN},
		{map[string]string{}, []string{"ja-JP"}, locale.EN},
		// a variable set (Git Bash sets LANG) comes before the system's language
		{map[string]string{"LANG": "en_US.UTF-8"}, []string{"zh-CN"}, locale.EN},
		{map[string]string{"LANG": "C"}, []string{"zh-TW"}, locale.ZHTW},
	} {
		if got := envLang(func(k string) string { return c.env[k] }, c.system); got != c.want {
			t.Errorf("envLang(%v, %q) = %v, want %v", c.env, c.system, got, c.want)
		}
	}
}

// TestHumanOutputLanguage runs check and status on the simulator in each language: the step
// names, statuses, finding messages, verdict and the command's own sentences follow --lang.
func TestHumanOutputLanguage(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the simulator")
	}
	cases := []struct {
		lang      string
		check     []string // must appear in check's output
		status    []string
		forbidden []string
	}{
		{"zh", []string{"POS Doctor 检查", "打印机", "故障", "结论：", "  - P1：打印机缺纸"}, []string{"应答码 00", "型号", "正常"}, []string{"Verdict", "fail ", "out of paper", "simulated terminal"}},
		{"zh_TW", []string{"POS Doctor 檢查", "印表機", "結論："}, []string{"回應碼 00"}, []string{"Verdict", "检查", "simulated terminal"}},
		{"en", []string{"POS Doctor check", "Printer", "fail", "Verdict:"}, []string{"RC 00", "Model", "Closed"}, []string{"结论", "故障"}},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			var out, errb bytes.Buffer
			code := Run(ctx, []string{"--lang", c.lang, "check", "--sim", "--yes", "--speed", "50", "--fault", "paper-out", "--steps", "link,terminal,printer"}, &out, &errb)
			if code != ExitProblem {
				t.Fatalf("check exit %d, want %d\n%s\n%s", code, ExitProblem, out.String(), errb.String())
			}
			says(t, "check --lang "+c.lang, out.String(), c.check, c.forbidden)
			out.Reset()
			if code := Run(ctx, []string{"--lang", c.lang, "status", "--sim"}, &out, &errb); code != ExitOK {
				t.Fatalf("status exit %d\n%s", code, errb.String())
			}
			says(t, "status --lang "+c.lang, out.String(), c.status, c.forbidden)
		})
	}
}

// says fails t unless out, what cmd printed, holds every one of want and none of forbidden.
func says(t *testing.T, cmd, out string, want, forbidden []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("%s: no %q in\n%s", cmd, w, out)
		}
	}
	for _, w := range forbidden {
		if strings.Contains(out, w) {
			t.Errorf("%s: %q in\n%s", cmd, w, out)
		}
	}
}

// TestImportCountsLanguage: import's per-file line in each language.
func TestImportCountsLanguage(t *testing.T) {
	for l, want := range map[locale.Lang]string{locale.ZH: "没有新内容（3 个未变", locale.ZHTW: "沒有新內容（3 個未變", locale.EN: "nothing new (3 unchanged"} {
		if got := countsText(l, reports.Imported{Unchanged: 3}); !strings.HasPrefix(got, want) {
			t.Errorf("countsText(%v) = %q, want %q…", l, got, want)
		}
	}
}

// TestReportIncidentLanguage: report incident's line in each language (the workbook itself is
// bilingual whatever the language).
func TestReportIncidentLanguage(t *testing.T) {
	db, incs := seedIncidents(t)
	for lang, want := range map[string]string{"zh": "已写入", "zh_TW": "已寫入", "en": "wrote"} {
		code, out, errs := runCLI(t, "--lang", lang, "report", "incident", incs[0].ID[:8], "--db", db, "-o", filepath.Join(t.TempDir(), "r.xlsx"))
		if code != ExitOK || !strings.HasPrefix(out, want+" ") {
			t.Errorf("--lang %s: exit %d, %q, %s", lang, code, out, errs)
		}
	}
}

// TestQuestionsLanguage: check's question is asked in the chosen language (the app's
// translation of the checklist's text), and the yes/no hint with it.
func TestQuestionsLanguage(t *testing.T) {
	for l, want := range map[locale.Lang]string{locale.ZH: "[y 是 / n 否]", locale.ZHTW: "[y 是 / n 否]", locale.EN: "Is it complete and easy to read"} {
		var out bytes.Buffer
		op := newTermOperator(strings.NewReader("y\n"), &out, false)
		op.lang = l
		ok, err := op.Confirm(context.Background(), diagnostics.AskSlipLegible, diagnostics.QuestionText(diagnostics.AskSlipLegible))
		if !ok || err != nil || !strings.Contains(out.String(), want) {
			t.Errorf("%v: %v %v %q", l, ok, err, out.String())
		}
		if l != locale.EN && strings.Contains(out.String(), "test slip") {
			t.Errorf("%v: the question is in English: %q", l, out.String())
		}
	}
}

// TestExportImportLanguage: export's and import's lines in each language.
func TestExportImportLanguage(t *testing.T) {
	src, _ := seedIncidents(t)
	for lang, want := range map[string][2]string{
		"zh":    {"已写入 ", "新增 "},
		"zh_TW": {"已寫入 ", "新增 "},
		"en":    {"wrote ", " added, "},
	} {
		dir := t.TempDir()
		bundle := filepath.Join(dir, "b.pdbundle")
		code, out, errs := runCLI(t, "--lang", lang, "export", "-o", bundle, "--db", src)
		if code != ExitOK || !strings.HasPrefix(out, want[0]) {
			t.Errorf("export --lang %s: exit %d, %q, %s", lang, code, out, errs)
		}
		code, out, errs = runCLI(t, "--lang", lang, "import", bundle, "--db", filepath.Join(dir, "dst.db"))
		if code != ExitOK || !strings.Contains(out, want[1]) {
			t.Errorf("import --lang %s: exit %d, %q, %s", lang, code, out, errs)
		}
	}
}
