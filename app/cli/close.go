package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"posdoctor/locale"
	"posdoctor/reports"
)

func init() {
	register("close", command{cmdClose, "close ID --resolution R [--action TEXT]... [--reason TEXT] [--note TEXT] [--reported TIME] [--at TIME] [--json] [--db PATH]   end a visit: how it was resolved, what was done"})
	addSentences(map[string]msg{
		"closeNeedsID": msgCloseNeedsID, "closeResolution": msgCloseResolution, "closeTime": msgCloseTime,
		"closeBeforeOpened": msgCloseBeforeOpened, "closeBeforeReported": msgCloseBeforeReported,
		"closeNoReason": msgCloseNoReason, "closed": msgClosed, "reopened": msgReopened,
		"closeKept": msgCloseKept, "closeNotSaved": msgCloseNotSaved,
	})
	commandHelp["end a visit: how it was resolved, what was done"] = msg{ZH: "给上门记录结案：处理结果、采取的措施", ZHTW: "為到場記錄結案：處理結果、採取的措施"}
	for en, zh := range map[string]msg{
		"how the visit ended: `R` (fixed-on-site, escalated, waiting-parts, swapped; open reopens it)": {ZH: "处理结果 `R`：fixed-on-site（现场已修复）、escalated（已升级至服务商）、waiting-parts（等待配件）、swapped（已换机）；open 重新打开", ZHTW: "處理結果 `R`：fixed-on-site（現場已修復）、escalated（已轉交服務商）、waiting-parts（等待零件）、swapped（已換機）；open 重新開啟"},
		"what was done, one `TEXT` per action (repeatable)":                                            {ZH: "采取的措施，每条一个 `TEXT`（可重复）", ZHTW: "採取的措施，每條一個 `TEXT`（可重複）"},
		"why it went to the service provider, `TEXT` (with escalated)":                                 {ZH: "转交服务商的原因 `TEXT`（配合 escalated）", ZHTW: "轉交服務商的原因 `TEXT`（搭配 escalated）"},
		"a `TEXT` added to the visit's notes":                                                          {ZH: "加到上门记录备注里的文字 `TEXT`", ZHTW: "加到到場記錄備註裡的文字 `TEXT`"},
		"when the merchant reported the fault, `TIME` (YYYY-MM-DD HH:MM, local)":                       {ZH: "商户报修的时间 `TIME`（YYYY-MM-DD HH:MM，本地时间）", ZHTW: "商店報修的時間 `TIME`（YYYY-MM-DD HH:MM，本地時間）"},
		"when the visit ended, `TIME` (YYYY-MM-DD HH:MM, local; default now)":                          {ZH: "结案时间 `TIME`（YYYY-MM-DD HH:MM，本地时间；默认现在）", ZHTW: "結案時間 `TIME`（YYYY-MM-DD HH:MM，本地時間；預設現在）"},
		"print the visit as saved, as JSON":                                                            {ZH: "以 JSON 输出保存后的上门记录", ZHTW: "以 JSON 輸出儲存後的到場記錄"},
	} {
		flagHelp[en] = zh
	}
	commandUsages["close"] = msg{EN: closeUsage,
		ZH: `用法：posdoctor close ID --resolution R [--action TEXT]... [--reason TEXT] [--note TEXT]
                       [--reported TIME] [--at TIME] [--json] [--db PATH]

像“上门记录”页面一样给一次上门结案：处理结果（--resolution：fixed-on-site 现场已修复、
escalated 已升级至服务商、waiting-parts 等待配件、swapped 已换机，open 重新打开；也可以直接写
结果的中文名称，如 现场已修复），结案时间（--at，默认现在；不能早于到场时间或报修时间），
采取的措施（--action，可重复，每条一行），转交服务商的原因（--reason），加到备注里的文字
（--note），以及商户报修的时间（--reported，月报的恢复时长从这里算起）。TIME 为本地时间，
写成 YYYY-MM-DD HH:MM。已结案的上门保留原结案时间，除非给出 --at。
马上保存；记录库无法写入时，内容暂存在记录库旁的恢复文件里，下次运行 close、check --save
或启动桌面程序时会保存进去。--json 输出保存后的上门记录（见 docs/incidents.md）。

退出码：0 已保存；2 参数有误、没有这条上门记录或无法保存。
`,
		ZHTW: `用法：posdoctor close ID --resolution R [--action TEXT]... [--reason TEXT] [--note TEXT]
                       [--reported TIME] [--at TIME] [--json] [--db PATH]

像「到場記錄」頁面一樣為一次到場結案：處理結果（--resolution：fixed-on-site 現場已修復、
escalated 已轉交服務商、waiting-parts 等待零件、swapped 已換機，open 重新開啟；也可以直接寫
結果的中文名稱，如 現場已修復），結案時間（--at，預設現在；不能早於到場時間或報修時間），
採取的措施（--action，可重複，每條一行），轉交服務商的原因（--reason），加到備註裡的文字
（--note），以及商店報修的時間（--reported，月報的恢復時長從這裡算起）。TIME 為本地時間，
寫成 YYYY-MM-DD HH:MM。已結案的到場保留原結案時間，除非給出 --at。
馬上儲存；記錄庫無法寫入時，內容暫存在記錄庫旁的復原檔案裡，下次執行 close、check --save
或啟動桌面程式時會儲存進去。--json 輸出儲存後的到場記錄（見 docs/incidents.md）。

結束碼：0 已儲存；2 參數有誤、沒有這筆到場記錄或無法儲存。
`}
}

const closeUsage = `usage: posdoctor close ID --resolution R [--action TEXT]... [--reason TEXT] [--note TEXT]
                       [--reported TIME] [--at TIME] [--json] [--db PATH]

Ends a recorded visit as the Incident screen does: how it was resolved (--resolution:
fixed-on-site, escalated, waiting-parts, swapped, or open to reopen it; its label in any
language is taken too, 现场已修复), when (--at, default now; not before the visit was opened or
the fault reported), what was done (--action, repeatable, each one line of the visit's
actions), why it went to the service provider (--reason), a note added to its notes, and when
the merchant reported the fault (--reported, which the month's time to restore counts from).
TIME is local: YYYY-MM-DD HH:MM. A visit already closed keeps its closing time unless --at.
The visit is saved at once; when the store will not take it, it is kept in a recovery file
beside the store, which the next close, check --save or the app puts back. --json prints the visit
as it was saved (docs/incidents.md).

Exit status: 0 saved, 2 bad arguments, no such visit, or the visit could not be saved.
`

var (
	msgCloseNeedsID        = msg{ZH: "请给出上门记录的 ID（或它的前几位）和 --resolution，例如：posdoctor close 6f95 --resolution fixed-on-site", ZHTW: "請給出到場記錄的 ID（或它的前幾位）和 --resolution，例如：posdoctor close 6f95 --resolution fixed-on-site", EN: "give the visit's ID (or its first characters) and --resolution, e.g. posdoctor close 6f95 --resolution fixed-on-site"}
	msgCloseResolution     = msg{ZH: "--resolution %q 不是处理结果，可选：%s", ZHTW: "--resolution %q 不是處理結果，可選：%s", EN: "--resolution %q is no resolution; choose one of: %s"}
	msgCloseTime           = msg{ZH: "%s %q：时间请写成 YYYY-MM-DD HH:MM（本地时间），例如 %s", ZHTW: "%s %q：時間請寫成 YYYY-MM-DD HH:MM（本地時間），例如 %s", EN: "%s %q: give the time as YYYY-MM-DD HH:MM (local time), e.g. %s"}
	msgCloseBeforeOpened   = msg{ZH: "结案时间 %s 早于到场时间 %s：请用 --at 给出正确的时间", ZHTW: "結案時間 %s 早於到場時間 %s：請用 --at 給出正確的時間", EN: "closing at %s is before the visit was opened at %s: give the right time with --at"}
	msgCloseBeforeReported = msg{ZH: "结案时间 %s 早于报修时间 %s：请检查 --reported 和 --at", ZHTW: "結案時間 %s 早於報修時間 %s：請檢查 --reported 和 --at", EN: "closing at %s is before the fault was reported at %s: check --reported and --at"}
	msgCloseNoReason       = msg{ZH: "已转交服务商，但没有写明原因：服务商需要知道为什么，请用 --reason 补上", ZHTW: "已轉交服務商，但沒有寫明原因：服務商需要知道為什麼，請用 --reason 補上", EN: "escalated with no reason given: the service provider needs to know why; add it with --reason"}
	msgClosed              = msg{ZH: "已结案 %s：%s，%s", ZHTW: "已結案 %s：%s，%s", EN: "closed %s: %s, %s"}
	msgCloseKept           = msg{ZH: "未能保存到 %s：%v。结案内容暂存在 %s，下次运行 close、check --save 或启动桌面程序时会保存进去", ZHTW: "未能儲存到 %s：%v。結案內容暫存在 %s，下次執行 close、check --save 或啟動桌面程式時會儲存進去", EN: "could not save to %s: %v — the closed visit is kept in %s and is saved there by the next 'close', 'check --save' or when the app starts"}
	msgCloseNotSaved       = msg{ZH: "未能保存结案：%v", ZHTW: "未能儲存結案：%v", EN: "the visit could not be saved: %v"}
	msgReopened            = msg{ZH: "已重新打开 %s", ZHTW: "已重新開啟 %s", EN: "reopened %s"}
)

// closeTimeLayout is how --at and --reported are written.
const closeTimeLayout = "2006-01-02 15:04"

func cmdClose(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	l := langOf(ctx)
	fs := newFlagSet(ctx, "close", closeUsage, stderr)
	resolution := fs.String("resolution", "", "how the visit ended: `R` (fixed-on-site, escalated, waiting-parts, swapped; open reopens it)")
	var actions multiFlag
	fs.Var(&actions, "action", "what was done, one `TEXT` per action (repeatable)")
	reason := fs.String("reason", "", "why it went to the service provider, `TEXT` (with escalated)")
	note := fs.String("note", "", "a `TEXT` added to the visit's notes")
	reported := fs.String("reported", "", "when the merchant reported the fault, `TIME` (YYYY-MM-DD HH:MM, local)")
	at := fs.String("at", "", "when the visit ended, `TIME` (YYYY-MM-DD HH:MM, local; default now)")
	asJSON := fs.Bool("json", false, "print the visit as saved, as JSON")
	db := fs.String("db", "", dbFlagHelp)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return parseExit(err)
	}
	if len(pos) != 1 || strings.TrimSpace(*resolution) == "" {
		fmt.Fprint(stderr, usageIn(l, "close", closeUsage))
		return failText(stderr, l, "close", msgCloseNeedsID)
	}
	res, ok := reports.ReadResolution(*resolution)
	if !ok {
		var names []string
		for _, r := range reports.Resolutions() {
			name := r.String()
			if l.Chinese() {
				name += "（" + r.Label(l) + "）"
			}
			names = append(names, name)
		}
		return failText(stderr, l, "close", msgCloseResolution, *resolution, strings.Join(names, listSep(l)))
	}
	now := time.Now()
	when, ok := readLocalTime(*at, now)
	if !ok {
		return failText(stderr, l, "close", msgCloseTime, "--at", *at, now.Format(closeTimeLayout))
	}
	rep, ok := readLocalTime(*reported, time.Time{})
	if !ok {
		return failText(stderr, l, "close", msgCloseTime, "--reported", *reported, now.Format(closeTimeLayout))
	}

	s, err := openExistingStore(*db)
	if err != nil {
		return failErr(stderr, l, "close", err)
	}
	defer s.Close()
	if n, err := s.SaveRecovered(ctx); n > 0 { // a visit an earlier save kept aside comes back first
		fmt.Fprintln(stderr, say(l, msgSavedRecovered, n, reports.RecoveryDir(s.Path())))
	} else if err != nil {
		warnErr(stderr, l, err)
	}
	id, err := resolveVisit(ctx, s, pos[0])
	if err != nil {
		return failErr(stderr, l, "close", err)
	}
	inc, err := s.Get(ctx, id)
	if err != nil {
		return failErr(stderr, l, "close", err)
	}

	if !rep.IsZero() {
		inc.Reported = rep
	}
	inc.Resolution = res
	switch {
	case res == reports.ResolutionOpen:
		inc.Closed = time.Time{}
	case *at != "" || inc.Closed.IsZero():
		inc.Closed = when
		if when.Before(inc.Opened) && !when.Before(inc.Opened.Truncate(time.Minute)) {
			inc.Closed = inc.Opened // --at names the minute it was opened, which has no seconds
		}
	}
	if !inc.Closed.IsZero() {
		if inc.Closed.Before(inc.Opened) {
			return failText(stderr, l, "close", msgCloseBeforeOpened, inc.Closed.Local().Format(closeTimeLayout), inc.Opened.Local().Format(closeTimeLayout))
		}
		if !inc.Reported.IsZero() && inc.Closed.Before(inc.Reported) {
			return failText(stderr, l, "close", msgCloseBeforeReported, inc.Closed.Local().Format(closeTimeLayout), inc.Reported.Local().Format(closeTimeLayout))
		}
	}
	for _, a := range actions {
		if a = strings.TrimSpace(a); a != "" {
			inc.Actions = append(inc.Actions, reports.Action{Time: when, What: a})
		}
	}
	if r := strings.TrimSpace(*reason); r != "" {
		inc.EscalationReason = r
	}
	if n := strings.TrimSpace(*note); n != "" {
		inc.Notes = strings.TrimSpace(inc.Notes + "\n" + n)
	}

	kept, err := s.SaveOrKeep(context.WithoutCancel(ctx), inc)
	switch {
	case err != nil && kept != "":
		return failErr(stderr, l, "close", errorOf(msgCloseKept, s.Path(), err, kept))
	case err != nil:
		return failErr(stderr, l, "close", errorOf(msgCloseNotSaved, err))
	}
	if res == reports.ResolutionEscalated && strings.TrimSpace(inc.EscalationReason) == "" {
		warn(stderr, l, say(l, msgCloseNoReason))
	}
	if *asJSON {
		saved, err := s.Get(ctx, id)
		if err != nil {
			return failErr(stderr, l, "close", err)
		}
		_ = writeJSON(stdout, saved)
		return ExitOK
	}
	if inc.Closed.IsZero() {
		fmt.Fprintln(stdout, say(l, msgReopened, id[:8]))
		return ExitOK
	}
	fmt.Fprintln(stdout, say(l, msgClosed, id[:8], res.Label(l), hoursIn(l, inc.Closed.Sub(inc.Opened))))
	return ExitOK
}

// readLocalTime reads s as YYYY-MM-DD HH:MM in local time (full-width digits and odd spaces
// folded); empty is def.
func readLocalTime(s string, def time.Time) (time.Time, bool) {
	s = strings.Join(strings.Fields(locale.FoldWidth(s)), " ")
	if s == "" {
		return def, true
	}
	t, err := time.ParseInLocation(closeTimeLayout, s, time.Local)
	return t, err == nil
}

// hoursIn is a visit's length for a person: "用时 2.5 小时", "用时 12 分钟" / "2.5 hours on it".
func hoursIn(l locale.Lang, d time.Duration) string {
	n, unit := fmt.Sprintf("%.1f", d.Hours()), msg{ZH: "小时", ZHTW: "小時", EN: "hours"}
	if d < time.Hour {
		n, unit = fmt.Sprint(int(d.Round(time.Minute).Minutes())), msg{ZH: "分钟", ZHTW: "分鐘", EN: "minutes"}
	}
	return say(l, msg{ZH: "用时 %s %s", ZHTW: "用時 %s %s", EN: "%s %s on it"}, n, unit.In(l))
}
