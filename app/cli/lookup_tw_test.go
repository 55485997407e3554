package cli

import (
	"strings"
	"testing"

	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
)

// TestLookupTraditionalThroughout: --lang zh_TW shows every text of the code book in
// Traditional, in Taiwan's words, as the app's Look up screen does: the prompts the terminal
// shows, the related codes, the heading, the labels. Nothing the book's converter would still
// change is left, and no English: the match kind and the labels are said in Chinese.
func TestLookupTraditionalThroughout(t *testing.T) {
	for _, q := range []string{"05", "無效商戶", "03", "MAC錯", "77", "A0", "PAPER-OUT"} {
		code, out, errs := runCLI(t, "--lang", "zh_TW", "lookup", "--limit", "2", q)
		if code != ExitOK {
			t.Fatalf("lookup %s: exit %d, %s", q, code, errs)
		}
		if tw := codebook.ToTraditional(out); tw != out {
			t.Errorf("lookup %s: Simplified left in the output:\n%s", q, firstDiff(out, tw))
		}
		for _, bad := range []string{"match:", "Who acts", "Meaning", "匹配：" + codebook.MatchCode.String() + "\n", "ISO 8583: "} {
			if strings.Contains(out, bad) {
				t.Errorf("lookup %s: %q in the output:\n%s", q, bad, out)
			}
		}
		for m := codebook.MatchFuzzy; m <= codebook.MatchClosest; m++ {
			if strings.Contains(out, "匹配："+m.String()+"]") {
				t.Errorf("lookup %s: the match kind in English:\n%s", q, out)
			}
		}
	}
	code, out, _ := runCLI(t, "--lang", "zh_TW", "lookup", "--limit", "1", "無效商戶")
	if first := strings.SplitN(out, "\n", 2)[0]; code != ExitOK || first != "無效商戶" {
		t.Errorf("a prompt's heading %q, want its text once, in Traditional", first)
	}
	if !strings.Contains(out, "匹配："+codebook.MatchCode.Label().In(locale.ZHTW)) || !strings.Contains(out, "    - 03  無效商戶") {
		t.Errorf("the match kind or the related code not in Traditional:\n%s", out)
	}
	code, out, _ = runCLI(t, "--lang", "zh_TW", "lookup", "--limit", "1", "05")
	if code != ExitOK || !strings.Contains(out, "交易失敗,請聯絡發卡行") || !strings.Contains(out, "流水與日誌（journal）") {
		t.Errorf("05's prompts or checks not in Traditional:\n%s", out)
	}
	// the no-match suggestions too
	_, out, _ = runCLI(t, "--lang", "zh_TW", "lookup", "zzqxj")
	if tw := codebook.ToTraditional(out); tw != out || !strings.Contains(out, "最接近的條目") {
		t.Errorf("no match: Simplified left:\n%s", firstDiff(out, tw))
	}
}

// TestLookupOneLanguage: each language shows only itself (docs/cli.md: human output speaks one
// language), the English as much as the Chinese.
func TestLookupOneLanguage(t *testing.T) {
	_, out, _ := runCLI(t, "--lang", "en", "lookup", "--limit", "1", "05")
	for _, bad := range []string{"不予承兑", "发卡行风控", "匹配"} { // the prompts the terminal shows stay as it shows them
		if strings.Contains(out, bad) {
			t.Errorf("en: %q in the output:\n%s", bad, out)
		}
	}
	if !strings.Contains(out, "match: exact code") || !strings.Contains(out, "ISO 8583: Do not honor") {
		t.Errorf("en: match kind or the ISO name missing:\n%s", out)
	}
	_, out, _ = runCLI(t, "--lang", "zh", "lookup", "--limit", "1", "05")
	if strings.Contains(out, "The issuer") || strings.Contains(out, "Ask the cardholder") || !strings.Contains(out, "ISO 8583 通用名称：Do not honor") {
		t.Errorf("zh: English text in the output, or no ISO name:\n%s", out)
	}
}

// firstDiff is the first line of got that want (its conversion) differs on, with both.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return g[i] + "\n\twould read: " + w[i]
		}
	}
	return ""
}
