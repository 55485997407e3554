package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"posdoctor/diagnostics/codebook"
	"posdoctor/drill"
	"posdoctor/locale"
	"posdoctor/reports"
	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

// The command line's failures in the output language. The domain packages write their errors
// in English (the GUI keys its translations on them, logs and support read them); here each
// error a person meets is recognised by errors.Is/As and said in a sentence of the reader's
// language, and the English text follows on a line of its own as the details (file, line,
// path, what the system said). In English the error is printed as the package wrote it.

// failText prints "posdoctor CMD: " and a sentence of the tables in l. It returns ExitFailed,
// for a command that stops there: return failText(...).
func failText(w io.Writer, l locale.Lang, cmd string, m msg, args ...any) int {
	fmt.Fprintf(w, "posdoctor %s: %s\n", cmd, say(l, m, args...))
	return ExitFailed
}

// failErr prints "posdoctor CMD: " and err in l (errText). It returns ExitFailed, for a
// command that stops there: return failErr(...).
func failErr(w io.Writer, l locale.Lang, cmd string, err error) int {
	fmt.Fprintf(w, "posdoctor %s: %s\n", cmd, errText(l, err))
	return ExitFailed
}

// failWrite prints why the file at path (a workbook, a bundle, a form) was not written: that it exists,
// and --force or -o (msgExistsForce), or err in l. It returns ExitFailed.
func failWrite(w io.Writer, l locale.Lang, cmd, path string, err error) int {
	if errors.Is(err, reports.ErrExists) {
		return failText(w, l, cmd, msgExistsForce, path)
	}
	return failErr(w, l, cmd, writeAdvice(path, err))
}

// writeAdvice is err, a failure to write the file at path, said with the file, its folder and
// what to do about it: the folder does not exist, is no folder, or may not be written in
// ("文件或文件夹不存在" alone named neither). Other errors come back as they are.
func writeAdvice(path string, err error) error {
	if !strings.HasPrefix(err.Error(), "cannot write ") { // the writer's own words for these (xlsx.WriteFile)
		return err
	}
	dir := filepath.Dir(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return explained(err, msgWriteNoFolder, path, dir)
	case errors.Is(err, syscall.ENOTDIR):
		return explained(err, msgWriteNotFolder, path, dir)
	case errors.Is(err, fs.ErrPermission):
		return explained(err, msgWriteNoPermission, path, dir)
	}
	return err
}

// warnErr prints a warning about err in l.
func warnErr(w io.Writer, l locale.Lang, err error) { warn(w, l, errText(l, err)) }

// warn prints text after "注意：" (no space after a full-width colon) or "warning: ".
func warn(w io.Writer, l locale.Lang, text string) {
	sep := " "
	if l != locale.EN {
		sep = ""
	}
	fmt.Fprintln(w, msgWarning.In(l)+sep+text)
}

// errText is err for a reader of l: the English as it is for English; else a sentence in l,
// then the English details on the next lines, indented, when they say more than the sentence.
func errText(l locale.Lang, err error) string {
	if l == locale.EN {
		return err.Error()
	}
	s, details := errParts(l, err)
	if details == "" || details == s {
		return s
	}
	return s + "\n  " + say(l, msgDetails, strings.ReplaceAll(details, "\n", "\n  "))
}

// textError is an error of the command line's own: a sentence of the tables. Arguments that
// are errors are said in the reader's language too.
type textError struct {
	m    msg
	args []any
}

func (e *textError) Error() string { return say(locale.EN, e.m, e.args...) }

// Unwrap gives the errors among the arguments, so errors.Is still finds a sentinel.
func (e *textError) Unwrap() []error {
	var errs []error
	for _, a := range e.args {
		if err, ok := a.(error); ok {
			errs = append(errs, err)
		}
	}
	return errs
}

// errorOf returns the sentence m as an error.
func errorOf(m msg, args ...any) error { return &textError{m: m, args: args} }

// advisedError is an error with what to do about it on the command line. Its English is the
// error's, then sep, then the advice.
type advisedError struct {
	err    error
	sep    string
	advice msg
	args   []any
}

func (e *advisedError) Error() string {
	return e.err.Error() + e.sep + say(locale.EN, e.advice, e.args...)
}
func (e *advisedError) Unwrap() error { return e.err }

// advise adds advice to err.
func advise(err error, sep string, advice msg, args ...any) error {
	return &advisedError{err: err, sep: sep, advice: advice, args: args}
}

// errParts is err's sentence in l (not English) and the English details it leaves out.
func errParts(l locale.Lang, err error) (sentence, details string) {
	var te *textError
	var ae *advisedError
	var be *reports.BundleError
	var le *localError
	var de *drill.Error
	var ce *termsim.ConfigError
	var ti *reports.TimesError
	switch {
	case errors.As(err, &ae) && ae == err:
		s, d := errParts(l, ae.err)
		return strings.TrimRight(s, "。") + "：" + say(l, ae.advice, ae.args...), d
	case errors.As(err, &le) && le == err:
		if le.keep && isDrillError(le.err) {
			return say(l, le.m, le.args...), drillErrText(l, le.err)
		}
		if le.keep {
			return say(l, le.m, le.args...), le.err.Error()
		}
		return say(l, le.m, le.args...), ""
	case errors.As(err, &te) && te == err:
		args := make([]any, len(te.args))
		var ds []string
		for i, a := range te.args {
			if e, ok := a.(error); ok {
				s, d := errParts(l, e)
				args[i] = strings.TrimRight(s, "。")
				if d != "" {
					ds = append(ds, d)
				}
				continue
			}
			args[i] = a
		}
		return say(l, te.m, args...), strings.Join(ds, "; ")
	case errors.As(err, &de) && de == err && de.File == "": // a step the attempt refused
		return de.Message(l), ""
	case isDrillError(err):
		return msgDrillInvalid2.In(l), drillErrText(l, err)
	case errors.As(err, &ce):
		return simConfigParts(l, err, ce)
	case errors.As(err, &ti) && ti == err:
		return say(l, msgBundleTimes, ti.ID, timeField(l, ti.Field), ti.At.Format(time.RFC3339),
			timeField(l, ti.Before), ti.BeforeAt.Format(time.RFC3339)), ""
	case errors.As(err, &be):
		where := be.File
		if be.Entry != "" {
			where += " " + be.Entry
		}
		if be.Line > 0 {
			where += say(l, msgLineN, be.Line)
		}
		if be.Entry == "" && errors.Is(be.Err, fs.ErrNotExist) { // the file itself: no bundle to blame
			return say(l, msgBundleMissing, be.File), err.Error()
		}
		if be.Entry == "" && errors.Is(be.Err, fs.ErrPermission) {
			return say(l, msgBundleNoPermission, be.File), err.Error()
		}
		if be.Entry == "" && strings.Contains(be.Err.Error(), "not a regular file") { // a folder, a device
			return say(l, msgBundleNotFile, be.File), err.Error()
		}
		s, _ := errParts(l, be.Err)
		return say(l, msgBundleRefused, where, strings.TrimRight(s, "。"), bundleAdvice(be).In(l)), err.Error()
	}
	for _, k := range knownErrors {
		if !errors.Is(err, k.err) {
			continue
		}
		s := k.text.In(l)
		if k.subject != nil {
			subject := ""
			if found := k.subject(err.Error(), k.err.Error()); found != "" {
				subject = " " + found + " "
			}
			s = strings.TrimSpace(strings.ReplaceAll(say(l, k.text, subject), "  ", " "))
		}
		s = strings.ReplaceAll(strings.ReplaceAll(s, " ：", "："), " ，", "，")
		if k.plain {
			return s, ""
		}
		return s, err.Error()
	}
	return msgFailed.In(l), err.Error()
}

// bundleAdvice is what to do about a refused bundle, by what is wrong with it (the English
// says it in BundleError.Do).
func bundleAdvice(be *reports.BundleError) msg {
	switch {
	case errors.Is(be.Err, reports.ErrBundleVersion):
		return msgBundleUpdate
	case errors.Is(be.Err, reports.ErrBundleTimes):
		return msgBundleFixTimes
	case errors.Is(be.Err, reports.ErrBundlePath):
		return msgBundleDoNotImport
	case errors.Is(be.Err, reports.ErrBundleTooLarge) && strings.Contains(be.Err.Error(), ":1"):
		return msgBundleBomb
	case errors.Is(be.Err, reports.ErrBundleTooLarge):
		return msgBundleSmaller
	}
	return msgBundleAskAgain
}

// timeField is a visit's time, named as a bundle names it ("closed"), in l.
func timeField(l locale.Lang, field string) string {
	if m, ok := visitTimes[field]; ok && l != locale.EN {
		return m.In(l) + " " + field
	}
	return field
}

// visitTimes names a visit's times in the reader's language.
var visitTimes = map[string]msg{
	"opened":   {ZH: "到场时间", ZHTW: "到場時間", EN: "opened"},
	"reported": {ZH: "报修时间", ZHTW: "報修時間", EN: "reported"},
	"closed":   {ZH: "结案时间", ZHTW: "結案時間", EN: "closed"},
}

// knownError is a domain error said in the reader's language. The sentence's %s is the
// subject (the port, the file) when subject finds it in the English, else nothing.
type knownError struct {
	err     error
	text    msg
	subject func(english, sentinel string) string
	plain   bool // the sentence says all the English does: no details
}

// portOf is the port a serialio open error names: "cannot open NAME: SENTINEL...".
func portOf(english, sentinel string) string {
	rest, ok := strings.CutPrefix(english, "cannot open ")
	if !ok {
		return ""
	}
	if i := strings.Index(rest, ": "+sentinel); i > 0 {
		return rest[:i]
	}
	return ""
}

// fileOf is the file a reports error names: "SENTINEL: PATH does not exist" and the like.
func fileOf(english, sentinel string) string {
	rest, ok := strings.CutPrefix(english, sentinel+": ")
	if !ok {
		return ""
	}
	for _, tail := range []string{" does not exist", " is not a regular file", " is empty", " is not an SQLite database",
		" cannot be read", " has schema", " has no incidents yet", " has tables", " is damaged", " has "} {
		if i := strings.Index(rest, tail); i > 0 {
			return rest[:i]
		}
	}
	return ""
}

// refOf is the incident id a reports lookup error names: "SENTINEL: REF" (one word).
func refOf(english, sentinel string) string {
	rest, ok := strings.CutPrefix(english, sentinel+": ")
	if !ok || strings.ContainsAny(rest, " \t\n") {
		return ""
	}
	return rest
}

// knownErrors are tried in order: the first whose sentinel err wraps says it.
var knownErrors = []knownError{
	{context.Canceled, msgErrCanceled, nil, true},
	{serialio.ErrNoSuchPort, msg{ZH: "无法打开端口%s：没有这个端口。请检查数据线，再从端口列表（posdoctor ports）中重新选择。", ZHTW: "無法開啟連接埠%s：沒有這個連接埠。請檢查傳輸線，再從連接埠清單（posdoctor ports）中重新選擇。", EN: "cannot open %s: no such port"}, portOf, true},
	{serialio.ErrPortBusy, msg{ZH: "无法打开端口%s：端口被占用。另一个程序（串口调试工具、厂商工具或另一个 POS Doctor）正在使用它，请关闭后再试。", ZHTW: "無法開啟連接埠%s：連接埠被占用。另一個程式（序列埠除錯工具、廠商工具或另一個 POS Doctor）正在使用它，請關閉後再試。", EN: "cannot open %s: port busy"}, portOf, true},
	{serialio.ErrPermissionDenied, msg{ZH: "没有权限打开端口%s。请用有权使用串口的用户运行（Linux：把用户加入 dialout 组后重新登录）。", ZHTW: "沒有權限開啟連接埠%s。請用有權使用序列埠的使用者執行（Linux：把使用者加入 dialout 群組後重新登入）。", EN: "cannot open %s: permission denied"}, portOf, false},
	{serialio.ErrNotSerial, msg{ZH: "无法打开%s：这不是串口。请从端口列表（posdoctor ports）中选择一个串口。", ZHTW: "無法開啟%s：這不是序列埠。請從連接埠清單（posdoctor ports）中選擇一個序列埠。", EN: "cannot open %s: not a serial port"}, portOf, false},
	{serialio.ErrLineEcho, msg{ZH: "线路把发出的内容原样送回：接的是回环头或接错了线，不是终端。请拔掉回环头，接终端自己的收银（ECR）/维护线。", ZHTW: "線路把送出的內容原樣送回：接的是迴路測試頭或接錯了線，不是終端機。請拔掉迴路測試頭，接終端機自己的收銀（ECR）/維護線。", EN: "the line echoes what we send"}, nil, true},
	{serialio.ErrGarbled, msg{ZH: "线路上有数据，但不是 TML/1 报文：像是波特率或字符格式（8N1/7E1）不对。请按终端的通讯设置选择 --baud 和 --format，并确认端口是终端的。", ZHTW: "線路上有資料，但不是 TML/1 電文：像是鮑率或字元格式（8N1/7E1）不對。請按終端機的通訊設定選擇 --baud 和 --format，並確認連接埠是終端機的。", EN: "garbled line"}, nil, false},
	{serialio.ErrLinePoor, msg{ZH: "线路太差：请求或应答每次都被线路损坏（已用同一序号重发多次），而终端仍响应 ENQ。请重新插紧或更换数据线、远离电源线，或换一个 USB 转串口适配器，然后再试。", ZHTW: "線路太差：請求或回應每次都被線路損壞（已用同一序號重送多次），而終端機仍回應 ENQ。請重新插緊或更換傳輸線、遠離電源線，或換一個 USB 轉序列埠轉接器，然後再試。", EN: "the line is too poor"}, nil, false},
	{serialio.ErrTimeout, msg{ZH: "终端确认收到请求，但一直没有应答（已用同一序号重发）。终端可能正忙：稍等再试；一直不应答就重启终端。", ZHTW: "終端機確認收到請求，但一直沒有回應（已用同一序號重送）。終端機可能正忙：稍等再試；一直不回應就重新啟動終端機。", EN: "timed out"}, nil, false},
	{serialio.ErrLinkFailed, msg{ZH: "没有应答：线路上没有设备确认请求或 ENQ。请检查数据线、终端是否开机并处于收银（ECR）/维护模式，以及波特率和格式。", ZHTW: "沒有回應：線路上沒有裝置確認請求或 ENQ。請檢查傳輸線、終端機是否開機並處於收銀（ECR）/維護模式，以及鮑率和格式。", EN: "link failed"}, nil, false},
	{serialio.ErrPeerClosed, msg{ZH: "终端结束了连接（重启或关机）：等它恢复后再连接。", ZHTW: "終端機結束了連線（重新啟動或關機）：等它恢復後再連線。", EN: "terminal closed the link"}, nil, false},
	{serialio.ErrLinkLost, msg{ZH: "线路断开了：数据线被拔出或 USB 设备复位。插好后重新连接。", ZHTW: "線路中斷了：傳輸線被拔出或 USB 裝置重設。插好後重新連線。", EN: "link lost"}, nil, false},
	{serialio.ErrNotReady, msg{ZH: "终端对 ENQ 回了 NAK：还没准备好，稍等再试。", ZHTW: "終端機對 ENQ 回了 NAK：還沒準備好，稍等再試。", EN: "not ready"}, nil, false},
	{reports.ErrBadURL, msgSyncBadURL, nil, false},
	{reports.ErrLogin, msgSyncLogin, nil, false},
	{reports.ErrUnreachable, msgSyncUnreach, nil, false},
	{reports.ErrPermission, msgSyncGrant, nil, false},
	{reports.ErrNoStore, msg{ZH: "上门记录库%s还不存在", ZHTW: "到場記錄庫%s還不存在", EN: "no incident store at %s"}, fileOf, false},
	{reports.ErrNotStore, msg{ZH: "%s不是 POS Doctor 的上门记录库", ZHTW: "%s不是 POS Doctor 的到場記錄庫", EN: "%s is not an incident store"}, fileOf, false},
	{reports.ErrNewerSchema, msg{ZH: "记录库%s由更新版本的 posdoctor 写入", ZHTW: "記錄庫%s由更新版本的 posdoctor 寫入", EN: "store %s written by a newer posdoctor"}, fileOf, false},
	{reports.ErrDamaged, msg{ZH: "上门记录库%s已损坏", ZHTW: "到場記錄庫%s已損壞", EN: "incident store %s is damaged"}, fileOf, false},
	{reports.ErrBusy, msg{ZH: "另一个程序（桌面程序或备份）正在写入上门记录库，等了很久仍未释放：请稍后再试", ZHTW: "另一個程式（桌面程式或備份）正在寫入到場記錄庫，等了很久仍未釋放：請稍後再試", EN: "the store is busy"}, nil, false},
	{reports.ErrAmbiguous, msg{ZH: "编号开头%s对应不止一个上门记录", ZHTW: "編號開頭%s對應不只一個到場記錄", EN: "%s matches more than one incident"}, refOf, false},
	{reports.ErrNotFound, msg{ZH: "没有这个上门记录%s", ZHTW: "沒有這個到場記錄%s", EN: "no incident %s"}, refOf, false},
	{reports.ErrReadOnly, msg{ZH: "上门记录库以只读方式打开，不能写入", ZHTW: "到場記錄庫以唯讀方式開啟，不能寫入", EN: "the store is read-only"}, nil, false},
	{reports.ErrInvalid, msg{ZH: "上门记录无效", ZHTW: "到場記錄無效", EN: "invalid incident"}, nil, false},
	{reports.ErrNoDataDir, msg{ZH: "找不到存放上门记录库的数据文件夹：请用 --db 指定文件", ZHTW: "找不到存放到場記錄庫的資料夾：請用 --db 指定檔案", EN: "no data folder"}, nil, false},
	{reports.ErrNoDevice, msg{ZH: "上门记录库还没有设备编号：先以可写方式打开一次（任何导入或保存都会）", ZHTW: "到場記錄庫還沒有裝置編號：先以可寫方式開啟一次（任何匯入或儲存都會）", EN: "no device id"}, nil, false},
	{reports.ErrSyncTarget, msg{ZH: "同步只能从本机的记录库文件到共享的 PostgreSQL 记录库", ZHTW: "同步只能從本機的記錄庫檔案到共享的 PostgreSQL 記錄庫", EN: "sync target"}, nil, false},
	{reports.ErrNotBundle, msg{ZH: "不是 POS Doctor 的数据包", ZHTW: "不是 POS Doctor 的資料包", EN: "not a bundle"}, nil, false},
	{reports.ErrBundleVersion, msg{ZH: "数据包由更新版本的 posdoctor 写入：请先升级 posdoctor", ZHTW: "資料包由更新版本的 posdoctor 寫入：請先升級 posdoctor", EN: "bundle version"}, nil, false},
	{reports.ErrBundleMismatch, msg{ZH: "数据包与它的清单不符（可能已损坏或被改动）", ZHTW: "資料包與它的清單不符（可能已損壞或被改動）", EN: "bundle mismatch"}, nil, false},
	{reports.ErrBundleLine, msg{ZH: "数据包中有无效的行", ZHTW: "資料包中有無效的行", EN: "bundle line"}, nil, false},
	{reports.ErrBundleTooLarge, msg{ZH: "数据包中的条目过大", ZHTW: "資料包中的條目過大", EN: "bundle entry too large"}, nil, false},
	{reports.ErrBundlePath, msg{ZH: "数据包中有不安全的路径", ZHTW: "資料包中有不安全的路徑", EN: "bundle path"}, nil, false},
	{codebook.ErrNotRegularFile, msg{ZH: "代码覆盖文件不是普通文件", ZHTW: "代碼覆蓋檔案不是一般檔案", EN: "overlay not a regular file"}, nil, false},
	{codebook.ErrTooLarge, msg{ZH: "代码覆盖文件太大", ZHTW: "代碼覆蓋檔案太大", EN: "overlay too large"}, nil, false},
	{codebook.ErrSchema, msg{ZH: "代码覆盖文件的内容不符合格式（文件、行和字段见下）", ZHTW: "代碼覆蓋檔案的內容不符合格式（檔案、行和欄位見下）", EN: "code book schema"}, nil, false},
	{reports.ErrTrainingInvalid, msg{ZH: "演练记录无效", ZHTW: "演練記錄無效", EN: "invalid training record"}, nil, false},
	{fs.ErrNotExist, msg{ZH: "文件或文件夹不存在", ZHTW: "檔案或資料夾不存在", EN: "does not exist"}, nil, false},
	{fs.ErrPermission, msg{ZH: "没有权限（文件或文件夹）", ZHTW: "沒有權限（檔案或資料夾）", EN: "permission denied"}, nil, false},
}

// isDrillError reports whether err holds a problem with a drill scenario file.
func isDrillError(err error) bool {
	var de *drill.Error
	var des drill.Errors
	return errors.As(err, &de) || errors.As(err, &des)
}

// errSentences lists the sentences below, for the test that each has every language.
var errSentences = map[string]msg{
	"warning": msgWarning, "details": msgDetails, "failed": msgFailed, "canceled": msgErrCanceled,
	"lineN": msgLineN, "drillInvalid": msgDrillInvalid2, "bundleRefused": msgBundleRefused,
	"bundleMissing": msgBundleMissing, "bundleNoPermission": msgBundleNoPermission, "bundleNotFile": msgBundleNotFile, "bundleAskAgain": msgBundleAskAgain,
	"bundleUpdate": msgBundleUpdate, "bundleDoNotImport": msgBundleDoNotImport, "bundleBomb": msgBundleBomb,
	"bundleSmaller": msgBundleSmaller, "writeNoFolder": msgWriteNoFolder, "writeNotFolder": msgWriteNotFolder,
	"writeNoPermission": msgWriteNoPermission, "bundleTimes": msgBundleTimes, "bundleFixTimes": msgBundleFixTimes,
	"timeOpened": visitTimes["opened"], "timeReported": visitTimes["reported"], "timeClosed": visitTimes["closed"],
}

// Sentences of failures and refusals, shared by the commands.
var (
	msgWarning       = msg{ZH: "注意：", ZHTW: "注意：", EN: "warning:"}
	msgDetails       = msg{ZH: "详情：%s", ZHTW: "詳情：%s", EN: "details: %s"}
	msgFailed        = msg{ZH: "操作失败（英文原文见下）", ZHTW: "操作失敗（英文原文見下）", EN: "failed"}
	msgErrCanceled   = msg{ZH: "已中断", ZHTW: "已中斷", EN: "interrupted"}
	msgLineN         = msg{ZH: " 第 %d 行", ZHTW: " 第 %d 行", EN: " line %d"}
	msgDrillInvalid2 = msg{ZH: "演练场景无效（文件、行和字段见下）", ZHTW: "演練情境無效（檔案、行和欄位見下）", EN: "invalid drill scenario"}
	msgBundleRefused = msg{ZH: "数据包 %s：%s，没有从中导入任何内容。%s", ZHTW: "資料包 %s：%s，沒有從中匯入任何內容。%s", EN: "%s: %s; nothing was imported from it — %s"}

	// what to do about a refused bundle (bundleAdvice)
	msgBundleAskAgain    = msg{ZH: "请确认选的是 posdoctor export 导出的 .pdbundle 文件；如果是，请发送人重新导出（posdoctor export）并发来新文件", ZHTW: "請確認選的是 posdoctor export 匯出的 .pdbundle 檔案；如果是，請寄件人重新匯出（posdoctor export）並寄來新檔案", EN: "ask the sender to export it again (posdoctor export) and send the new file"}
	msgBundleUpdate      = msg{ZH: "升级本机的 posdoctor 后再导入这个文件", ZHTW: "升級本機的 posdoctor 後再匯入這個檔案", EN: "update posdoctor on this computer, then import the file again"}
	msgBundleDoNotImport = msg{ZH: "不要导入它，并告诉发送人：数据包里只有三个文件，没有文件夹", ZHTW: "不要匯入它，並告訴寄件人：資料包裡只有三個檔案，沒有資料夾", EN: "a bundle holds three files and no folders; do not import it, and tell whoever sent it"}
	msgBundleBomb        = msg{ZH: "正常的数据包不会压缩到这种程度：不要导入它，请发送人重新导出", ZHTW: "正常的資料包不會壓縮到這種程度：不要匯入它，請寄件人重新匯出", EN: "no real bundle compresses that much; do not import it, and ask the sender for a new export"}
	msgBundleFixTimes    = msg{ZH: "请发送人改正这次上门的时间（到场、报修、结案）后重新导出", ZHTW: "請寄件人改正這次到場的時間（到場、報修、結案）後重新匯出", EN: "ask the sender to correct that visit's times (opened, reported, closed) and export it again"}
	msgBundleTimes       = msg{ZH: "上门 %s 的%s（%s）早于%s（%s）", ZHTW: "到場 %s 的%s（%s）早於%s（%s）", EN: "visit %s is %s %s, before its %s %s"}
	msgBundleSmaller     = msg{ZH: "请发送人分成较小的数据包：每次一个月（posdoctor export --month YYYY-MM），或每周一次 --since-last", ZHTW: "請寄件人分成較小的資料包：每次一個月（posdoctor export --month YYYY-MM），或每週一次 --since-last", EN: "ask the sender for smaller bundles: one month at a time, or --since-last every week"}

	// the bundle file itself cannot be read: nothing about the bundle to blame
	msgBundleMissing      = msg{ZH: "数据包 %s 不存在，没有导入任何内容：请检查文件名和所在的文件夹", ZHTW: "資料包 %s 不存在，沒有匯入任何內容：請檢查檔名和所在的資料夾", EN: "%s does not exist; nothing was imported — check the file name"}
	msgBundleNotFile      = msg{ZH: "%s 不是文件（是文件夹或设备），没有导入任何内容：请给出 posdoctor export 导出的 .pdbundle 文件", ZHTW: "%s 不是檔案（是資料夾或裝置），沒有匯入任何內容：請給出 posdoctor export 匯出的 .pdbundle 檔案", EN: "%s is not a file (a folder, a device); nothing was imported — give the .pdbundle file posdoctor export wrote"}
	msgBundleNoPermission = msg{ZH: "没有权限读取数据包 %s，没有导入任何内容：请把它复制到自己的文件夹后再导入", ZHTW: "沒有權限讀取資料包 %s，沒有匯入任何內容：請把它複製到自己的資料夾後再匯入", EN: "%s cannot be read (permission denied); nothing was imported — copy it to a folder of yours first"}

	// a file could not be written (failWrite)
	msgWriteNoFolder     = msg{ZH: "无法写入 %s：文件夹 %s 不存在 — 请先创建它，或换一个位置", ZHTW: "無法寫入 %s：資料夾 %s 不存在 — 請先建立它，或換一個位置", EN: "cannot write %s: the folder %s does not exist — create it first, or choose another place"}
	msgWriteNotFolder    = msg{ZH: "无法写入 %s：%s 不是文件夹 — 请换一个位置", ZHTW: "無法寫入 %s：%s 不是資料夾 — 請換一個位置", EN: "cannot write %s: %s is not a folder"}
	msgWriteNoPermission = msg{ZH: "无法写入 %s：没有权限在文件夹 %s 中写入 — 请换一个位置", ZHTW: "無法寫入 %s：沒有權限在資料夾 %s 中寫入 — 請換一個位置", EN: "cannot write %s: no permission to write in the folder %s — choose another place"}
)
