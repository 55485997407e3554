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
		for _, bad := range []string{"match:", "Who acts", "Meaning", "相符：" + codebook.MatchCode.String() + "\n", "ISO 8583: "} {
			if strings.Contains(out, bad) {
				t.Errorf("lookup %s: %q in the output:\n%s", q, bad, out)
			}
		}
		for m := codebook.MatchFuzzy; m <= codebook.MatchClosest; m++ {
			if strings.Contains(out, "相符："+m.String()+"]") {
				t.Errorf("lookup %s: the match kind in English:\n%s", q, out)
			}
		}
	}
	code, out, _ := runCLI(t, "--lang", "zh_TW", "lookup", "--limit", "1", "無效商戶")
	if first := strings.SplitN(out, "\n", 2)[0]; code != ExitOK || first != "無效商店" {
		t.Errorf("a prompt's heading %q, want its text once, in Traditional as Taiwan writes it", first)
	}
	// a prompt's code is its name; typed in the mainland's words, shown in Taiwan's
	if !strings.Contains(out, "相符：按同義詞，名稱完全相同]") || !strings.Contains(out, "    - 03  無效商店") {
		t.Errorf("the match kind or the related code not in Traditional:\n%s", out)
	}
	if _, out, _ = runCLI(t, "--lang", "zh_TW", "lookup", "--limit", "1", "無效商店"); !strings.Contains(out, "相符：名稱完全相同]") {
		t.Errorf("the prompt typed as shown:\n%s", out)
	}
	code, out, _ = runCLI(t, "--lang", "zh_TW", "lookup", "--limit", "1", "05")
	if code != ExitOK || !strings.Contains(out, "交易失敗,請聯絡發卡行") || !strings.Contains(out, "交易紀錄與日誌（journal）") {
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

// TestLookupTaiwanWords: lookup in Taiwan's words (列印, 金鑰, 序列埠…) gives what the
// mainland's give, its JSON byte for byte; 列印 lists the printer's own codes before low
// battery, which only an alias (打印色浅) ties to printing, and says so; a name that has 列印
// only as the mainland writes it (打印机故障, shown 印表機故障) is said to match by a synonym.
func TestLookupTaiwanWords(t *testing.T) {
	for tw, cn := range map[string]string{"列印": "打印", "印表機": "打印机", "金鑰": "密钥", "序列埠": "串口", "韌體": "固件", "訊號": "信号", "沖正": "冲正", "簽購單": "签购单", "鮑率": "波特率", "螢幕": "屏幕"} {
		_, a, _ := runCLI(t, "lookup", "--json", "--limit", "10", tw)
		code, b, _ := runCLI(t, "lookup", "--json", "--limit", "10", cn)
		if code != ExitOK || a != b {
			t.Errorf("lookup --json %s differs from %s (exit %d):\n%s", tw, cn, code, firstDiff(a, b))
		}
	}
	_, out, _ := runCLI(t, "--lang", "zh_TW", "lookup", "--limit", "12", "列印")
	at := func(heading string) int {
		i := strings.Index(out, "\n"+heading+"\n")
		if i < 0 && strings.HasPrefix(out, heading+"\n") {
			i = 0
		}
		if i < 0 {
			t.Fatalf("%q not listed:\n%s", heading, out)
		}
		return i
	}
	for _, p := range []string{"P1  印表機缺紙", "P2  印表機倉蓋打開", "P3  列印頭過熱", "P5  印表機故障"} {
		for _, q := range []string{"電量不足", "P4  電壓過低，無法列印"} {
			if at(p) > at(q) {
				t.Errorf("%s after %s:\n%s", p, q, out)
			}
		}
	}
	for _, want := range []string{
		"電量不足\n  [螢幕提示 · 相符：別名開頭相同（列印色淺）]",
		"P3  列印頭過熱\n  [終端本地碼 · 相符：名稱開頭相同]",
		"P1  印表機缺紙\n  [終端本地碼 · 相符：按同義詞，名稱開頭相同]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("not said as it matched: %q\n%s", want, out)
		}
	}
}

// TestLookupSaysHowEachResultMatched: each result's match is printed as the search found it, in
// the language: its label (Result.Label), and the text it matched where the heading does not
// show it; over queries of every match kind, in zh, zh_TW and en.
func TestLookupSaysHowEachResultMatched(t *testing.T) {
	book, err := codebook.Default()
	if err != nil {
		t.Fatal(err)
	}
	queries := []string{"03", "無效商戶", "03 无效商户", "03 列印", "rc 51", "link", "不打单", "paper out", "打印", "列印", "拨号音", "low", "exceeded tries pin", "分机前缀", "paper otu", "签购单"}
	kinds := map[codebook.Match]bool{}
	for _, l := range []locale.Lang{locale.ZH, locale.ZHTW, locale.EN} {
		pre := map[locale.Lang]string{locale.ZH: " · 匹配：", locale.ZHTW: " · 相符：", locale.EN: " · match: "}[l]
		for _, q := range queries {
			_, out, _ := runCLI(t, "--lang", l.String(), "lookup", "--limit", "5", q)
			var printed []string
			for _, line := range strings.Split(out, "\n") {
				if _, how, ok := strings.Cut(line, pre); ok && strings.HasPrefix(line, "  [") {
					printed = append(printed, strings.TrimSuffix(how, "]"))
				}
			}
			rs := book.Search(q, 5)
			if len(printed) != len(rs) {
				t.Errorf("%s lookup %s: %d match lines for %d results:\n%s", l, q, len(printed), len(rs), out)
				continue
			}
			for i, r := range rs {
				kinds[r.Match] = true
				want := r.Label().In(l)
				switch r.Field {
				case codebook.FieldScreen, codebook.FieldAlias, codebook.FieldSource:
					text := r.Text
					if l == locale.ZHTW {
						text = codebook.ToTraditional(text)
					}
					if l == locale.EN {
						want += " (" + text + ")"
					} else {
						want += "（" + text + "）"
					}
				}
				if printed[i] != want {
					t.Errorf("%s lookup %s: %s printed %q, matched %v on %q: want %q", l, q, r.Entry.Code, printed[i], r.Match, r.Text, want)
				}
			}
		}
	}
	for m := codebook.MatchFuzzy; m < codebook.MatchClosest; m++ {
		if !kinds[m] {
			t.Errorf("no query matched as %v", m)
		}
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
