package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
	"posdoctor/pan"
)

// The language of the human output: --lang before the command (posdoctor --lang en check ...),
// else the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, in gettext's order), else the system's
// UI language (Windows, where those variables are seldom set: lang_windows.go), else English.
// JSON output does not change with it.

type langKey struct{}

// withLang returns ctx carrying the output language.
func withLang(ctx context.Context, l locale.Lang) context.Context {
	return context.WithValue(ctx, langKey{}, l)
}

// langOf is the output language ctx carries, or the environment's.
func langOf(ctx context.Context) locale.Lang {
	if l, ok := ctx.Value(langKey{}).(locale.Lang); ok {
		return l
	}
	return envLang(os.Getenv, systemUILanguages())
}

// envLang chooses the language from the locale variables: the first that names a language we
// have (LANGUAGE may list several, "zh_CN:zh"); "C" and "POSIX" name none. Then the first of
// the system's UI languages that is ours (Windows' names: zh-CN, zh-TW, zh-HK, en-US). English
// otherwise.
func envLang(getenv func(string) string, system []string) locale.Lang {
	for _, v := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if l, ok := firstLang(strings.Split(getenv(v), ":")); ok {
			return l
		}
	}
	if l, ok := firstLang(system); ok {
		return l
	}
	return locale.EN
}

// firstLang is the first of names that is one of our languages: zh-CN and zh-SG Simplified,
// zh-TW, zh-HK and zh-MO Traditional, any en English.
func firstLang(names []string) (locale.Lang, bool) {
	for _, s := range names {
		if l, err := locale.Parse(s); err == nil {
			return l, true
		}
	}
	return locale.EN, false
}

// splitLang takes a global --lang X (or --lang=X) from before the command name.
func splitLang(args []string) (lang string, rest []string, err error) {
	for len(args) > 0 {
		a := args[0]
		switch {
		case a == "--lang" || a == "-lang":
			if len(args) < 2 {
				return "", nil, errorOf(msgLangNeedsValue)
			}
			lang, args = args[1], args[2:]
		case strings.HasPrefix(a, "--lang=") || strings.HasPrefix(a, "-lang="):
			lang, args = a[strings.Index(a, "=")+1:], args[1:]
		default:
			return lang, args, nil
		}
	}
	return lang, args, nil
}

// msg is one sentence of the command line's own, in every language.
type msg = locale.Text

// Sentences the commands print, by language. TestCLISentencesComplete checks each has all three.
var (
	msgCheckTitle     = msg{ZH: "POS Doctor 检查 — %s", ZHTW: "POS Doctor 檢查 — %s", EN: "POS Doctor check — %s"}
	msgVerdict        = msg{ZH: "结论", ZHTW: "結論", EN: "Verdict"}
	msgRunVerdict     = msg{ZH: "本次检查的结论", ZHTW: "本次檢查的結論", EN: "This run's verdict"}
	msgVisitVerdict   = msg{ZH: "上门记录 %s，共 %d 次检查，按每个步骤的最新结果", ZHTW: "到場記錄 %s，共 %d 次檢查，按每個步驟的最新結果", EN: "Visit %s, %d runs, over the latest result of every step"}
	msgStatusHead     = msg{ZH: "%s — 应答码 %s，%d 毫秒", ZHTW: "%s — 回應碼 %s，%d 毫秒", EN: "%s — RC %s, %d ms"}
	msgMS             = msg{ZH: "%d 毫秒", ZHTW: "%d 毫秒", EN: "%d ms"}
	msgWroteBundle    = msg{ZH: "已写入 %s：%d 个上门记录，%d 个删除", ZHTW: "已寫入 %s：%d 個到場記錄，%d 個刪除", EN: "wrote %s: %d visits, %d deletions"}
	msgNothingNew     = msg{ZH: "没有新内容（%d 个未变：之前已导入）", ZHTW: "沒有新內容（%d 個未變：之前已匯入）", EN: "nothing new (%d unchanged: imported before)"}
	msgImportCounts   = msg{ZH: "新增 %d，更新 %d，未变 %d，删除 %d", ZHTW: "新增 %d，更新 %d，未變 %d，刪除 %d", EN: "%d added, %d updated, %d unchanged, %d deleted"}
	msgImportTotal    = msg{ZH: "合计：%s；拒绝 %d 个", ZHTW: "合計：%s；拒絕 %d 個", EN: "in all: %s; %d refused"}
	msgNoStoreYet     = msg{ZH: "还没有记录（posdoctor check --save 可记录一次上门）", ZHTW: "還沒有記錄（posdoctor check --save 可記錄一次到場）", EN: "no incidents recorded yet (posdoctor check --save records one)"}
	msgNoIncidents    = msg{ZH: "没有记录%s（%s）", ZHTW: "沒有記錄%s（%s）", EN: "No incidents recorded%s (%s)"}
	msgIncidentCount  = msg{ZH: "%d 条记录%s — 导出一条：posdoctor report incident ID -o FILE.xlsx", ZHTW: "%d 筆記錄%s — 匯出一筆：posdoctor report incident ID -o FILE.xlsx", EN: "%d incidents%s — export one: posdoctor report incident ID -o FILE.xlsx"}
	msgFilterFor      = msg{ZH: "（%s）", ZHTW: "（%s）", EN: " for %s"}
	msgFilterMonth    = msg{ZH: "月份", ZHTW: "月份", EN: "month"}
	msgFilterTID      = msg{ZH: "终端号", ZHTW: "終端號", EN: "tid"}
	msgFilterBranch   = msg{ZH: "网点", ZHTW: "分行", EN: "branch"}
	msgFilterCode     = msg{ZH: "代码", ZHTW: "代碼", EN: "code"}
	msgFilterCategory = msg{ZH: "类别", ZHTW: "類別", EN: "category"}
	msgFilterOpen     = msg{ZH: "仅未结案", ZHTW: "僅未結案", EN: "open only"}
	msgWroteIncident  = msg{ZH: "已写入 %s — 事件 %s，终端 %s，%d 笔交易（%d 笔需注意），%d 次检查", ZHTW: "已寫入 %s — 事件 %s，終端 %s，%d 筆交易（%d 筆需注意），%d 次檢查", EN: "wrote %s — incident %s, terminal %s, %d transactions (%d flagged), %d checklist runs"}
)

// check's questions and the keypad test (on stderr).
var (
	msgYesNo         = msg{ZH: "[y 是 / n 否]", ZHTW: "[y 是 / n 否]", EN: "[y/n]"}
	msgAnswerYN      = msg{ZH: "请回答 y（是）或 n（否）：", ZHTW: "請回答 y（是）或 n（否）：", EN: "Please answer y or n: "}
	msgNoAnswerStdin = msg{ZH: "没有回答（标准输入已关闭）：无人值守检查请加 --yes", ZHTW: "沒有回答（標準輸入已關閉）：無人值守檢查請加 --yes", EN: "no answer (standard input closed): run with --yes for an unattended check"}
	msgKeypadAuto    = msg{ZH: "键盘测试：等待终端按键（%d 个键）", ZHTW: "鍵盤測試：等待終端按鍵（%d 個鍵）", EN: "keypad test: waiting for the terminal's key presses (%d keys)"}
	msgKeypadPress   = msg{ZH: "键盘测试：请按终端上的每个键：%s\n在这里按回车键结束。", ZHTW: "鍵盤測試：請按終端上的每個鍵：%s\n在這裡按 Enter 鍵結束。", EN: "Keypad test: press every key on the terminal: %s\nPress Enter here to stop."}
)

// check --save and status, on stderr.
var (
	msgSavedRecovered  = msg{ZH: "已保存 %d 个上门记录（之前保存失败后暂存在 %s）", ZHTW: "已儲存 %d 個到場記錄（之前儲存失敗後暫存在 %s）", EN: "saved %d visit(s) kept in %s after an earlier save failed"}
	msgAddedToIncident = msg{ZH: "已加入上门记录 %s（posdoctor report incident %s -o FILE.xlsx）", ZHTW: "已加入到場記錄 %s（posdoctor report incident %s -o FILE.xlsx）", EN: "added to incident %s (posdoctor report incident %s -o FILE.xlsx)"}
	msgOtherTerminal   = msg{ZH: "这台终端（终端号 %s）不是上门记录 %s 的终端（终端号 %s）：本次检查记为新的上门记录", ZHTW: "這台終端（終端號 %s）不是到場記錄 %s 的終端（終端號 %s）：本次檢查記為新的到場記錄", EN: "this terminal (TID %s) is not the one of visit %s (TID %s): the run is recorded as a new visit"}
	msgSavedAsIncident = msg{ZH: "已保存为上门记录 %s（posdoctor report incident %s -o FILE.xlsx）", ZHTW: "已儲存為到場記錄 %s（posdoctor report incident %s -o FILE.xlsx）", EN: "saved as incident %s (posdoctor report incident %s -o FILE.xlsx)"}
	msgStatusRC        = msg{ZH: "终端回应了应答码 %s（可运行 posdoctor lookup %s 查看）", ZHTW: "終端回應了回應碼 %s（可執行 posdoctor lookup %s 查看）", EN: "the terminal answered RC %s (run 'posdoctor lookup %s')"}
)

// The month's summary (report monthly).
var (
	msgAllBranches     = msg{ZH: "全部网点", ZHTW: "全部分行", EN: "all branches"}
	msgUnknownBranch   = msg{ZH: "记录库里没有网点“%s”的上门记录（已有的网点：%s）：这个月的数字都是 0", ZHTW: "記錄庫裡沒有分行「%s」的到場記錄（已有的分行：%s）：這個月的數字都是 0", EN: "the store has no visit of branch %q (its branches: %s): the month's figures are all zero"}
	msgWroteMonthly    = msg{ZH: "已写入 %s — %s，%s：%d 次上门，%d 个代码，%d 台问题终端", ZHTW: "已寫入 %s — %s，%s：%d 次到場，%d 個代碼，%d 台問題終端", EN: "wrote %s — %s, %s: %d visits, %d codes, %d repeat terminals"}
	msgMonthTitle      = msg{ZH: "月度故障报告 — %s，%s", ZHTW: "月度故障報告 — %s，%s", EN: "Monthly fault report — %s, %s"}
	msgMonthCounts     = msg{ZH: "故障次数：%d   终端：%d   积压：%d", ZHTW: "故障次數：%d   終端：%d   積壓：%d", EN: "Incidents: %d   Terminals: %d   Backlog: %d"}
	msgMonthHours      = msg{ZH: "修复时长：%s   恢复时长：%s", ZHTW: "修復時長：%s   恢復時長：%s", EN: "Repair hours: %s   Restore hours: %s"}
	msgMonthHourLine   = msg{ZH: "中位 %.2f 小时，p90 %.2f 小时（%d 次）", ZHTW: "中位 %.2f 小時，p90 %.2f 小時（%d 次）", EN: "median %.2f h, p90 %.2f h (n %d)"}
	msgMonthRates      = msg{ZH: "一次修复率：%s   重复故障率：%s", ZHTW: "一次修復率：%s   重複故障率：%s", EN: "First-time fix: %s   Repeat rate: %s"}
	msgMonthCategories = msg{ZH: "分类：%s", ZHTW: "分類：%s", EN: "By category: %s"}
	msgMonthTopCodes   = msg{ZH: "主要故障码：%s", ZHTW: "主要故障碼：%s", EN: "Top codes: %s"}
	msgMonthRepeat     = msg{ZH: "问题终端：%d 台，最多的是 %s %s（90 天内 %d 次上门）", ZHTW: "問題終端：%d 台，最多的是 %s %s（90 天內 %d 次到場）", EN: "Repeat terminals: %d, worst %s %s (%d visits in 90 days)"}
	msgMonthJSON       = msg{ZH: "--json 输出全部数字（定义见 docs/monthly.md）", ZHTW: "--json 輸出全部數字（定義見 docs/monthly.md）", EN: "--json prints every figure (docs/monthly.md defines them)"}
)

// incidentColumns heads the columns of the incidents table after the ID.
var incidentColumns = []msg{
	{ZH: "到场时间", ZHTW: "到場時間", EN: "Opened"}, {ZH: "终端号", ZHTW: "終端號", EN: "TID"},
	{ZH: "类别", ZHTW: "類別", EN: "Category"}, {ZH: "结果", ZHTW: "結果", EN: "Resolution"},
	{ZH: "代码", ZHTW: "代碼", EN: "Codes"}, {ZH: "商户", ZHTW: "商店", EN: "Merchant"},
}

// cliSentences lists every sentence above, for the test.
var cliSentences = map[string]msg{
	"checkTitle": msgCheckTitle, "verdict": msgVerdict, "runVerdict": msgRunVerdict,
	"visitVerdict": msgVisitVerdict, "statusHead": msgStatusHead, "ms": msgMS,
	"wroteBundle": msgWroteBundle, "nothingNew": msgNothingNew,
	"importCounts": msgImportCounts, "importTotal": msgImportTotal,
	"noStoreYet": msgNoStoreYet, "noIncidents": msgNoIncidents, "incidentCount": msgIncidentCount,
	"filterFor": msgFilterFor, "filterMonth": msgFilterMonth, "filterTID": msgFilterTID,
	"filterBranch": msgFilterBranch, "filterCode": msgFilterCode, "filterCategory": msgFilterCategory,
	"filterOpen": msgFilterOpen, "wroteIncident": msgWroteIncident,
	"allBranches": msgAllBranches, "wroteMonthly": msgWroteMonthly, "monthTitle": msgMonthTitle,
	"monthCounts": msgMonthCounts, "monthHours": msgMonthHours, "monthHourLine": msgMonthHourLine,
	"monthRates": msgMonthRates, "monthCategories": msgMonthCategories, "monthTopCodes": msgMonthTopCodes,
	"monthRepeat": msgMonthRepeat, "monthJSON": msgMonthJSON,
	"yesNo": msgYesNo, "answerYN": msgAnswerYN, "noAnswerStdin": msgNoAnswerStdin,
	"keypadAuto": msgKeypadAuto, "keypadPress": msgKeypadPress,
	"savedRecovered": msgSavedRecovered, "addedToIncident": msgAddedToIncident, "otherTerminal": msgOtherTerminal,
	"savedAsIncident": msgSavedAsIncident, "statusRC": msgStatusRC,
	"simNoPTY": msgSimNoPTY, "simOn": msgSimOn, "simInMemory": msgSimInMemory,
}

// addSentences lists a command's own sentences with cliSentences, for the test; a command's
// file calls it from init.
func addSentences(m map[string]msg) {
	for id, s := range m {
		cliSentences[id] = s
	}
}

// say formats a sentence of the table in l.
func say(l locale.Lang, m msg, args ...any) string {
	return fmt.Sprintf(m.In(l), args...)
}

// listSep separates the items of a list in l: "、" in Chinese.
func listSep(l locale.Lang) string {
	if l == locale.EN {
		return ", "
	}
	return "、"
}

// rendered is a summary or finding message in l from its template (the English kept when it has
// none), card numbers masked.
func rendered(l locale.Lang, key string, args map[string]any, english string) string {
	if l == locale.EN || key == "" {
		return english
	}
	return pan.MaskTextKeepingMID(codebook.RenderMessage(l, key, args, english), diagnostics.MIDArg(args))
}

// bookIn is text of the code book (written in Simplified Chinese and English) in l:
// Traditional is converted from Simplified as the app does.
func bookIn(l locale.Lang, s string) string {
	if l == locale.ZHTW {
		return codebook.ToTraditional(s)
	}
	return s
}
