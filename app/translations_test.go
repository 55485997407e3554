package app

import (
	"encoding/json"

	"os"
	"path/filepath"
	"posdoctor/diagnostics"
	"regexp"
	"testing"

	"posdoctor/assets"
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
	for _, r := range statusRows {
		used[r.label] = true
	}
	for _, l := range stepLabels {
		used[l] = true
	}
	for _, k := range dynamicKeys() {
		used[k] = true
	}
	if len(used) < 10 {
		t.Fatalf("found only %d lang.L strings: the scan is broken", len(used))
	}
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
	for key := range used {
		for name, m := range tables {
			if m[key] == "" {
				t.Errorf("%s has no translation for %q", name, key)
			}
		}
	}
	for name, m := range tables {
		for key := range m {
			if _, ok := tables["en.json"][key]; !ok {
				t.Errorf("%s has %q, which en.json lacks", name, key)
			}
		}
	}
}

// dynamicKeys are the strings the app translates that come from values, not literals.
func dynamicKeys() []string {
	var keys []string
	for st := diagnostics.StatusPass; st <= diagnostics.StatusError; st++ {
		keys = append(keys, st.String())
	}
	for w := diagnostics.WhoTechnician; w <= diagnostics.WhoProvider; w++ {
		keys = append(keys, w.String())
	}
	for v := diagnostics.VerdictAllPass; v <= diagnostics.VerdictIncomplete; v++ {
		keys = append(keys, v.String())
	}
	for _, o := range languageOptions {
		keys = append(keys, o.label)
	}
	for _, o := range themeOptions {
		keys = append(keys, o.label)
	}
	return append(keys, diagnostics.QuestionText(diagnostics.AskSlipLegible), diagnostics.QuestionText(diagnostics.AskSignOn))
}
