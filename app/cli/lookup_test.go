package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runLookup runs the lookup command itself, without the cleaning of Run.
func runLookup(t *testing.T, args ...string) (int, string, string) {
	return runWith(t, cmdLookup, args...)
}

// TestLookupChinese: the code's title in the language, no English (human output speaks one
// language), and every label in the language; --lang zh_TW shows the book's Simplified text
// converted to Traditional (OpenCC), labels too.
func TestLookupChinese(t *testing.T) {
	for _, tc := range []struct {
		lang, title string
		labels      []string
		notLabels   []string // Simplified labels that must not show (the terminal's own text stays as it is)
	}{
		{"zh", "03  无效商户", []string{"含义：", "可能原因：", "谁来处理：", "收单机构/服务商", "怎么做：", "能否重试：", "检查步骤：", "terminal", "相关：", "来源："}, nil},
		{"zh_TW", "03  無效商店", []string{"含義：", "可能原因：", "誰來處理：", "怎麼做：", "來源："}, []string{"含义：", "谁来处理：", "怎么做："}},
	} {
		code, out, errs := runLookup(t, "--lang", tc.lang, "03")
		if code != 0 {
			t.Fatalf("--lang %s: exit %d, stderr %q", tc.lang, code, errs)
		}
		first := strings.SplitN(out, "\n", 2)[0]
		if first != tc.title || strings.Contains(out, "Likely causes") || strings.Contains(out, "Ask the ") {
			t.Errorf("--lang %s: first line %q, want the code with its title in the language only:\n%s", tc.lang, first, out)
		}
		for _, want := range tc.labels {
			if !strings.Contains(out, want) {
				t.Errorf("--lang %s: output lacks %q:\n%s", tc.lang, want, out)
			}
		}
		for _, bad := range tc.notLabels {
			if strings.Contains(out, bad) {
				t.Errorf("--lang %s: %q in the output:\n%s", tc.lang, bad, out)
			}
		}
	}
}

func TestLookupEnglishFirstAndConflicts(t *testing.T) {
	code, out, _ := runLookup(t, "--lang", "en", "--limit", "1", "77")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !strings.HasPrefix(out, "77  Sign on again") {
		t.Errorf("English title not first:\n%s", out)
	}
	for _, want := range []string{"⚠ Sources disagree:", "What each source says:", "CUPS category", "Safe to retry:"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "────"); n != 0 {
		t.Errorf("--limit 1 printed %d separators", n)
	}
}

func TestLookupFlagsAfterQueryAndTraditional(t *testing.T) {
	code, out, _ := runLookup(t, "無效商戶", "--lang", "en", "--limit", "1")
	if code != 0 || !strings.HasPrefix(out, "无效商户  Invalid merchant\n") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
}

func TestLookupJSON(t *testing.T) {
	code, out, errs := runLookup(t, "--json", "mac", "error")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("not a JSON list: %v\n%s", err, out)
	}
	if len(list) == 0 || len(list) > 3 {
		t.Fatalf("%d results, want 1–3", len(list))
	}
	for _, key := range []string{"code", "kind", "title_zh", "title_en", "meaning_zh", "meaning_en", "causes", "who", "actions", "retry", "checks", "conflict", "variants", "related", "sources", "score"} {
		if _, ok := list[0][key]; !ok {
			t.Errorf("JSON object lacks %q", key)
		}
	}
	if list[0]["code"] != "MAC错" || list[0]["kind"] != "prompt" {
		t.Errorf("first result %v %v, want the MAC错 prompt", list[0]["code"], list[0]["kind"])
	}
	rel, _ := list[0]["related"].([]any)
	if len(rel) == 0 || rel[0] != "A0" {
		t.Errorf("related = %v, want A0", list[0]["related"])
	}
	var prev float64 = 1e9
	for _, r := range list {
		s := r["score"].(float64)
		if s > prev {
			t.Error("results not best first")
		}
		prev = s
	}
}

func TestLookupNoMatch(t *testing.T) {
	code, out, _ := runLookup(t, "--lang", "zh", "zzqxj")
	if code != 1 {
		t.Errorf("exit %d, want 1 for no match", code)
	}
	if !strings.Contains(out, "没有找到匹配") || !strings.Contains(out, "最接近的条目") {
		t.Errorf("no-match output:\n%s", out)
	}
	code, out, _ = runLookup(t, "--json", "zzqxj")
	var list []map[string]any
	if code != 1 || json.Unmarshal([]byte(out), &list) != nil || len(list) == 0 || list[0]["match"] != "closest" {
		t.Errorf("JSON no match: exit %d, output %s", code, out)
	}
}

// TestLookupNoMatchMasksTheQuery: a card number pasted as the query, plain or with zero-width
// spaces between its groups (which the quoted echo writes out as \u200b, out of the masker's
// sight), is not echoed whole.
func TestLookupNoMatchMasksTheQuery(t *testing.T) {
	for _, q := range []string{"4000056655665556", "4000\u200b0566\u200b5566\u200b5556", "4000 0566 5566 5556"} {
		code, out, _ := runLookup(t, "--lang", "en", q)
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' || r == '*' {
				return r
			}
			return -1
		}, strings.ReplaceAll(out, `\u200b`, ""))
		if code != 1 || strings.Contains(digits, "4000056655665556") || !strings.Contains(digits, "400005******5556") {
			t.Errorf("lookup %q: exit %d\n%s", q, code, out)
		}
	}
}

func TestLookupUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"  "}, {"--lang", "fr", "03"}, {"--bogus", "03"}, {"--limit", "0", "03"}} {
		if code, _, _ := runLookup(t, args...); code != 2 {
			t.Errorf("lookup %q: exit %d, want 2", args, code)
		}
	}
	if code, _, errs := runLookup(t, "-h"); code != 0 || !strings.Contains(errs, "usage: posdoctor lookup") {
		t.Errorf("-h: exit %d, stderr %q", code, errs)
	}
	// Everything after -- is query, even if it looks like a flag.
	if code, _, _ := runLookup(t, "--", "--zzqxj"); code != 1 {
		t.Errorf("lookup -- --zzqxj: exit %d, want 1 (searched, no match)", code)
	}
}

func TestLookupOverlay(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "site.json")
	os.WriteFile(good, []byte(`{"entries": [{"code": "Z7", "kind": "acquirer", "title_zh": "本行自定义码", "meaning_zh": "测试用", "who": ["acquirer"], "actions": [{"zh": "联系收单机构"}], "retry": "no"}]}`), 0o644)
	if code, out, errs := runLookup(t, "--lang", "zh", "--overlay", good, "z7"); code != 0 || !strings.HasPrefix(out, "Z7  本行自定义码") {
		t.Errorf("overlay code: exit %d, out %q, err %q", code, out, errs)
	}
	// an entry without English shows its Chinese title in English output, not an empty one
	if code, out, errs := runLookup(t, "--lang", "en", "--overlay", good, "z7"); code != 0 || !strings.HasPrefix(out, "Z7  本行自定义码\n") {
		t.Errorf("overlay code in English: exit %d, out %q, err %q", code, out, errs)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{\"entries\": [\n  {\"code\": \"Z7\", \"kind\": \"acquirer\", \"title_zh\": \"x\", \"meaning_zh\": \"x\",\n   \"who\": [\"boss\"], \"actions\": [{\"zh\": \"x\"}], \"retry\": \"no\"}\n]}"), 0o644)
	code, out, errs := runLookup(t, "--overlay", bad, "03")
	if code != 0 || !strings.HasPrefix(out, "03  ") {
		t.Errorf("bad overlay must not stop the built-in book: exit %d, out %q", code, out)
	}
	if !strings.Contains(errs, "bad.json:3") || !strings.Contains(errs, "who[0]") {
		t.Errorf("bad overlay message does not name the line and field: %q", errs)
	}
}

// TestLookupDefaultLanguage: without --lang, lookup follows the global --lang.
func TestLookupDefaultLanguage(t *testing.T) {
	for lang, want := range map[string]string{"zh": "03  无效商户", "zh_TW": "03  無效商店", "en": "03  Invalid merchant"} {
		code, out, errs := runCLI(t, "--lang", lang, "lookup", "03")
		if code != 0 || !strings.HasPrefix(out, want) {
			t.Errorf("--lang %s lookup 03: exit %d, %q (%s)", lang, code, strings.SplitN(out, "\n", 2)[0], errs)
		}
	}
}

// TestLookupRelevanceThreshold: lookup answers with the book's relevance threshold
// (codebook.MinScore), as the Look up screen does: gibberish that shares a few letters with
// an entry is no match (exit 1, closest entries), a typo of a real query is found.
func TestLookupRelevanceThreshold(t *testing.T) {
	for _, q := range []string{"asdf", "qwer", "qwzx", "龘靐齉"} {
		code, out, _ := runLookup(t, "--lang", "en", q)
		if code != 1 || !strings.Contains(out, "No match for") || !strings.Contains(out, "Closest entries:") {
			t.Errorf("lookup %q: exit %d, want 1 with the closest entries:\n%s", q, code, out)
		}
		code, out, _ = runLookup(t, "--json", q)
		var list []map[string]any
		if code != 1 || json.Unmarshal([]byte(out), &list) != nil || len(list) == 0 || list[0]["match"] != "closest" {
			t.Errorf("lookup --json %q: exit %d, output %s", q, code, out)
		}
	}
	for q, want := range map[string]string{"papr out": "打印机缺纸\n", "无效商护": "无效商户\n", "timout": "交易超时\n"} {
		if code, out, _ := runLookup(t, "--lang", "zh", "--limit", "1", q); code != 0 || !strings.HasPrefix(out, want) {
			t.Errorf("lookup %q: exit %d, want %q first:\n%s", q, code, want, out)
		}
	}
}

// TestLookupSourcesReadable: sources are shown by kind and name in the language, with their
// address where they have one, never as the book's notes (repository paths, "found by public
// code search"); --json keeps id, title and url and adds kind and names.
func TestLookupSourcesReadable(t *testing.T) {
	for lang, want := range map[string][]string{
		"zh":    {"来源：", "现场文章：POS机显示错误代码的含义与处理", "银联规范：", "<https://"},
		"zh_TW": {"來源：", "現場文章："},
		"en":    {"Sources:", "field article: What POS error codes mean", "UnionPay spec: ", "<https://"},
	} {
		code, out, _ := runLookup(t, "--lang", lang, "--limit", "1", "03")
		if code != 0 {
			t.Fatalf("--lang %s: exit %d", lang, code)
		}
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("--lang %s: output lacks %q:\n%s", lang, w, out)
			}
		}
		for _, bad := range []string{"shared/", "seeds/", "found by", ".md"} {
			if strings.Contains(out, bad) {
				t.Errorf("--lang %s: output shows %q:\n%s", lang, bad, out)
			}
		}
	}
	_, out, _ := runLookup(t, "--json", "--limit", "1", "03")
	var list []struct {
		Sources []map[string]string `json:"sources"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 1 {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	for _, s := range list[0].Sources {
		if s["id"] == "" || s["title"] == "" || s["kind"] == "" || s["name_zh"] == "" || s["name_en"] == "" {
			t.Errorf("--json source %v: want id, title, kind, name_zh and name_en", s)
		}
	}
}
