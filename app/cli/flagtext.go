package cli

import (
	"flag"
	"fmt"
	"io"
	"reflect"
	"strings"

	"posdoctor/locale"
)

// The flags' descriptions in the -h list, in Chinese. The flag package prints the English the
// flag was defined with; in Chinese printFlags prints the flag's line of flagHelp instead, with
// its placeholder, its default and its lines wrapped to the terminal's 80 columns.

// flagHelp is every flag's description in Chinese, by the English it is defined with: a
// description shared by several commands (--db, --force, the terminal's flags) is translated
// once, and a changed English has no translation until it is given one again. As in the
// English, the first `word` in backquotes is the flag's placeholder (-db PATH); an English
// ending in a list built at start ("only this category: communication, printer, ...") is found
// by its part before the list followed by %s, which takes the list, joined by 、.
// TestFlagsTranslated fails when a flag of any command has no line here.
var flagHelp = map[string]msg{
	// the terminal's flags (check, status, monitor)
	"serial port of the terminal (COM3, /dev/ttyUSB0, a pty)":                                                                {ZH: "终端所接的串口 `PATH`（COM3、/dev/ttyUSB0 或伪终端 pty）", ZHTW: "終端機所接的序列埠 `PATH`（COM3、/dev/ttyUSB0 或偽終端 pty）"},
	"line speed: 9600, 19200, 38400, 57600 or 115200":                                                                        {ZH: "波特率 `N`：9600、19200、38400、57600 或 115200", ZHTW: "鮑率 `N`：9600、19200、38400、57600 或 115200"},
	"character format: 8N1 or 7E1":                                                                                           {ZH: "字符格式 `FORMAT`：8N1 或 7E1", ZHTW: "字元格式 `FORMAT`：8N1 或 7E1"},
	"use the built-in simulated terminal (over a pty)":                                                                       {ZH: "使用内置模拟终端（通过伪终端 pty 连接）", ZHTW: "使用內建模擬終端機（透過偽終端 pty 連線）"},
	"with --sim: inject a fault NAME[=VALUE] (repeatable; see 'posdoctor sim -h')":                                           {ZH: "配合 --sim：注入故障 `NAME[=VALUE]`（可重复；故障名见 posdoctor sim -h）", ZHTW: "搭配 --sim：注入故障 `NAME[=VALUE]`（可重複；故障名稱見 posdoctor sim -h）"},
	"with --sim: run the terminal's modelled delays X times faster":                                                          {ZH: "配合 --sim：终端的模拟耗时按 `X` 倍速运行", ZHTW: "搭配 --sim：終端機的模擬耗時以 `X` 倍速執行"},
	"with --sim: seed for the terminal's identity, journal and line faults, so a run can be replayed (0: the fixed default)": {ZH: "配合 --sim：终端身份、交易流水和线路故障的随机种子 `N`，用来重现一次运行（0：固定的默认值）", ZHTW: "搭配 --sim：終端機身分、交易紀錄和線路故障的亂數種子 `N`，用來重現一次執行（0：固定的預設值）"},

	// check
	"comma-separated step ids to run (default all): %s":                                                         {ZH: "要运行的步骤，写成 `id,id`（默认全部）：%s", ZHTW: "要執行的步驟，寫成 `id,id`（預設全部）：%s"},
	"print the report as JSON (docs/checklist.md)":                                                              {ZH: "以 JSON 输出检查报告（见 docs/checklist.md）", ZHTW: "以 JSON 輸出檢查報告（見 docs/checklist.md）"},
	"unattended: take the test slip as legible, sign on without asking, rely on the terminal's own key presses": {ZH: "无人值守：测试单按清晰处理，签到不再询问，键盘测试只看终端自己报告的按键", ZHTW: "無人值守：測試單視為清晰，簽到不再詢問，鍵盤測試只看終端機自己回報的按鍵"},
	"with --sim: the simulated keypad presses every key (default on with --sim --yes)":                          {ZH: "配合 --sim：模拟键盘自动按下每个键（--sim --yes 时默认开启）", ZHTW: "搭配 --sim：模擬鍵盤自動按下每個鍵（--sim --yes 時預設開啟）"},
	"record the run as an incident in the incident store":                                                       {ZH: "把本次检查记为一次上门，存入上门记录库", ZHTW: "把本次檢查記為一次到場，存入到場記錄庫"},
	"with --save: who ran the check":                                                                            {ZH: "配合 --save：做检查的技术员 `NAME`", ZHTW: "搭配 --save：做檢查的技術員 `NAME`"},
	"with --save: the problem as the merchant reported it":                                                      {ZH: "配合 --save：商户所说的故障现象 `TEXT`", ZHTW: "搭配 --save：商店描述的故障現象 `TEXT`"},
	"with --save: the branch the terminal belongs to":                                                           {ZH: "配合 --save：终端所属的网点 `NAME`", ZHTW: "搭配 --save：終端機所屬的分行 `NAME`"},
	"with --save: " + dbFlagHelp:                                                                                {ZH: "配合 --save：上门记录库：文件 `PATH`（默认为数据文件夹中的 incidents.db），或共享库的网址 postgres://USER@HOST/DATABASE", ZHTW: "搭配 --save：到場記錄庫：檔案 `PATH`（預設為資料夾中的 incidents.db），或共享庫的網址 postgres://USER@HOST/DATABASE"},
	"with --save: add the run to this visit `ID` (or the start of it) instead of recording a new one; the verdict is then the visit's": {ZH: "配合 --save：把本次检查加入上门记录 `ID`（或其开头几位），不新建记录；结论按整次上门计算", ZHTW: "搭配 --save：把本次檢查加入到場記錄 `ID`（或其開頭幾位），不新建記錄；結論按整次到場計算"},

	// status, ports, probe
	"print JSON: the ST fields (lower-case names) plus rc and rtt_ms": {ZH: "以 JSON 输出：ST 的各个字段（名称小写），外加 rc 和 rtt_ms", ZHTW: "以 JSON 輸出：ST 的各個欄位（名稱小寫），外加 rc 和 rtt_ms"},
	"print JSON": {ZH: "以 JSON 输出", ZHTW: "以 JSON 輸出"},
	"the serial port: /dev/ttyUSB0, /dev/ttyACM0, COM3, a pty": {ZH: "串口 `PATH`：/dev/ttyUSB0、/dev/ttyACM0、COM3 或伪终端 pty", ZHTW: "序列埠 `PATH`：/dev/ttyUSB0、/dev/ttyACM0、COM3 或偽終端 pty"},
	"print JSON (docs/probe.md describes every field)":         {ZH: "以 JSON 输出（各字段见 docs/probe.md）", ZHTW: "以 JSON 輸出（各欄位見 docs/probe.md）"},

	// monitor
	"show the bytes of every entry in hex too":                                                     {ZH: "每条记录的字节也以十六进制显示", ZHTW: "每筆記錄的位元組也以十六進位顯示"},
	"send once the line is open: ENQ, ST, EC, CT, KS, JL, EL, or hex:BYTES (repeatable, in order)": {ZH: "线路打开后发送 `X`：ENQ、ST、EC、CT、KS、JL、EL 或 hex:BYTES（可重复，按顺序发送）", ZHTW: "線路開啟後送出 `X`：ENQ、ST、EC、CT、KS、JL、EL 或 hex:BYTES（可重複，依序送出）"},
	"stop after this long (0: until Ctrl-C)":                                                       {ZH: "运行 `D` 后停止，如 30s、5m（0：直到按 Ctrl-C）", ZHTW: "執行 `D` 後停止，如 30s、5m（0：直到按 Ctrl-C）"},

	// sim
	"inject a fault NAME[=VALUE]; repeat or separate with commas. Names: %s":               {ZH: "注入故障 `NAME[=VALUE]`；可重复，或用逗号分隔多个。故障名：%s", ZHTW: "注入故障 `NAME[=VALUE]`；可重複，或用逗號分隔多個。故障名稱：%s"},
	"send bytes no faster than --baud allows, so transfers take as long as on a real line": {ZH: "发送速度不超过 --baud 的速率，传输耗时与真实线路相同", ZHTW: "傳送速度不超過 --baud 的速率，傳輸耗時與實際線路相同"},
	"line speed for --pace": {ZH: "--pace 使用的波特率 `N`", ZHTW: "--pace 使用的鮑率 `N`"},
	"press every key once when a keypad test starts (unattended checks)":                                      {ZH: "键盘测试开始时自动把每个键按一次（用于无人值守检查）", ZHTW: "鍵盤測試開始時自動把每個鍵按一次（用於無人值守檢查）"},
	"run the terminal's modelled delays X times faster (link timings never change)":                           {ZH: "终端的模拟耗时按 `X` 倍速运行（线路时序不变）", ZHTW: "終端機的模擬耗時以 `X` 倍速執行（線路時序不變）"},
	"transactions in the journal (default a few hundred)":                                                     {ZH: "交易流水的笔数 `N`（默认几百笔）", ZHTW: "交易紀錄的筆數 `N`（預設數百筆）"},
	"seed for the generated journal and identity and the line faults' random sequence (0: the fixed default)": {ZH: "生成交易流水、终端身份和线路故障随机序列所用的种子 `N`（0：固定的默认值）", ZHTW: "產生交易紀錄、終端機身分和線路故障亂數序列所用的種子 `N`（0：固定的預設值）"},

	// lookup
	"print a JSON list of the matches, best first": {ZH: "以 JSON 列表输出匹配的条目，最匹配的在前", ZHTW: "以 JSON 清單輸出相符的條目，最相符的在前"},
	"language of the output: zh (Simplified Chinese), zh_TW (Traditional, converted from the book) or en (English); default: the command line's": {ZH: "输出的语言 `LANG`：zh（简体中文）、zh_TW（繁体，由手册转换）或 en（英文）；默认与命令行的输出语言相同", ZHTW: "輸出的語言 `LANG`：zh（簡體中文）、zh_TW（繁體，由手冊轉換）或 en（英文）；預設與命令列的輸出語言相同"},
	"site overlay `FILE` (JSON) with the acquirer's own codes, added to the built-in book":                                                       {ZH: "本地覆盖文件 `FILE`（JSON），含收单机构自己的代码，补充到内置手册中", ZHTW: "本地覆蓋檔案 `FILE`（JSON），含收單機構自己的代碼，補充到內建手冊中"},
	"show at most `N` matches": {ZH: "最多显示 `N` 个条目", ZHTW: "最多顯示 `N` 個條目"},

	// the incident store: incidents, report, export, import, form, drill
	dbFlagHelp:               {ZH: "上门记录库：文件 `PATH`（默认为数据文件夹中的 incidents.db），或共享库的网址 postgres://USER@HOST/DATABASE", ZHTW: "到場記錄庫：檔案 `PATH`（預設為資料夾中的 incidents.db），或共享庫的網址 postgres://USER@HOST/DATABASE"},
	"print the list as JSON": {ZH: "以 JSON 输出列表", ZHTW: "以 JSON 輸出清單"},
	"only visits opened in `YYYY-MM` (local time)": {ZH: "只取 `YYYY-MM`（本地时间）开始的上门", ZHTW: "只取 `YYYY-MM`（本地時間）開始的到場"},
	"only this terminal id":                        {ZH: "只取这个终端号 `TID`", ZHTW: "只取這個終端號 `TID`"},
	"only this branch":                             {ZH: "只取这个网点 `NAME`", ZHTW: "只取這個分行 `NAME`"},
	"only visits where this code was seen or found (03, A0, PAPER-LOW, ...)": {ZH: "只取见到或查出代码 `CODE` 的上门（03、A0、PAPER-LOW 等）", ZHTW: "只取見到或查出代碼 `CODE` 的到場（03、A0、PAPER-LOW 等）"},
	"only this category: %s":                    {ZH: "只取这个类别 `NAME`：%s", ZHTW: "只取這個類別 `NAME`：%s"},
	"only visits not yet resolved":              {ZH: "只取尚未结案的上门", ZHTW: "只取尚未結案的到場"},
	"write the workbook to `FILE.xlsx`":         {ZH: "把工作簿写入 `FILE.xlsx`", ZHTW: "把活頁簿寫入 `FILE.xlsx`"},
	"replace the file if it exists":             {ZH: "文件已存在时覆盖它", ZHTW: "檔案已存在時覆蓋它"},
	"leave out the link trace sheet":            {ZH: "不写线路跟踪工作表", ZHTW: "不寫線路追蹤工作表"},
	"the calendar month `YYYY-MM` (local time)": {ZH: "自然月 `YYYY-MM`（本地时间）", ZHTW: "自然月 `YYYY-MM`（本地時間）"},
	"only this branch (default: every branch)":  {ZH: "只取这个网点 `NAME`（默认：全部网点）", ZHTW: "只取這個分行 `NAME`（預設：全部分行）"},
	"print the figures as JSON":                 {ZH: "以 JSON 输出全部数字", ZHTW: "以 JSON 輸出全部數字"},
	"write the month's workbook to `FILE.xlsx` (a folder: monthly-BRANCH-YYYY-MM.xlsx in it)": {ZH: "把当月工作簿写入 `FILE.xlsx`（给的是文件夹时，写入其中的 monthly-BRANCH-YYYY-MM.xlsx）", ZHTW: "把當月活頁簿寫入 `FILE.xlsx`（給的是資料夾時，寫入其中的 monthly-BRANCH-YYYY-MM.xlsx）"},
	"replace the workbook if it exists":                                     {ZH: "工作簿已存在时覆盖它", ZHTW: "活頁簿已存在時覆蓋它"},
	"only what changed since the last --since-last export from this laptop": {ZH: "只取本机上次 --since-last 导出之后的变化", ZHTW: "只取本機上次 --since-last 匯出之後的變化"},
	"the bundle `FILE` to write (.pdbundle)":                                {ZH: "要写入的数据包文件 `FILE`（.pdbundle）", ZHTW: "要寫入的資料包檔案 `FILE`（.pdbundle）"},
	"print the counts as JSON":                                              {ZH: "以 JSON 输出各项数目", ZHTW: "以 JSON 輸出各項數目"},

	// form
	"the visit: its `ID` or first characters":                                                           {ZH: "上门记录：编号 `ID` 或其开头几位", ZHTW: "到場記錄：編號 `ID` 或其開頭幾位"},
	"the transaction's trace number (凭证号), `NNNNNN`":                                                    {ZH: "交易的凭证号 `NNNNNN`", ZHTW: "交易的憑證號 `NNNNNN`"},
	"why: `REASON` (amount-wrong, refund-after-day, duplicate-charge, reversal-goods-delivered, other)": {ZH: "原因 `REASON`：amount-wrong、refund-after-day、duplicate-charge、reversal-goods-delivered 或 other", ZHTW: "原因 `REASON`：amount-wrong、refund-after-day、duplicate-charge、reversal-goods-delivered 或 other"},
	"your words on the form: what \"other\" is, or why you insist":                                      {ZH: "写在申请表上的说明 `TEXT`：other 指什么，或为什么坚持填写", ZHTW: "寫在申請表上的說明 `TEXT`：other 指什麼，或為什麼堅持填寫"},
	"fill the form although it does not fit the transaction (--note says why)":                          {ZH: "申请表与交易不符也照填（用 --note 说明理由）", ZHTW: "申請表與交易不符也照填（用 --note 說明理由）"},
	"your `PHONE` number, printed for the provider":                                                     {ZH: "你的联系电话 `PHONE`，印在表上供服务商联系", ZHTW: "你的聯絡電話 `PHONE`，印在表上供服務商聯絡"},
	"write the PDF to `FILE.pdf`":                                                                       {ZH: "把 PDF 写入 `FILE.pdf`", ZHTW: "把 PDF 寫入 `FILE.pdf`"},
	"print what was written as JSON":                                                                    {ZH: "以 JSON 输出写入的内容", ZHTW: "以 JSON 輸出寫入的內容"},

	// sync
	"the shared store's `URL` (postgres://USER@HOST:5432/DATABASE?sslmode=verify-full)": {ZH: "共享库的网址 `URL`（postgres://USER@HOST:5432/DATABASE?sslmode=verify-full）", ZHTW: "共享庫的網址 `URL`（postgres://USER@HOST:5432/DATABASE?sslmode=verify-full）"},
	"also pull this branch's visits (repeatable)":                                       {ZH: "同时拉取网点 `NAME` 的上门记录（可重复）", ZHTW: "同時拉取分行 `NAME` 的到場記錄（可重複）"},
	"print what the sync did as JSON":                                                   {ZH: "以 JSON 输出同步的结果", ZHTW: "以 JSON 輸出同步的結果"},
	"this laptop's incident store `PATH` (default: incidents.db in the data folder)":    {ZH: "本机的上门记录库 `PATH`（默认为数据文件夹中的 incidents.db）", ZHTW: "本機的到場記錄庫 `PATH`（預設為資料夾中的 incidents.db）"},

	// drill
	"print the drills as JSON":                           {ZH: "以 JSON 输出演练列表", ZHTW: "以 JSON 輸出演練清單"},
	"also load the scenario files of `DIR` (repeatable)": {ZH: "另外加载文件夹 `DIR` 中的场景文件（可重复）", ZHTW: "另外載入資料夾 `DIR` 中的情境檔案（可重複）"},
	"who takes the drill (required)":                     {ZH: "参加演练的学员 `NAME`（必填）", ZHTW: "參加演練的學員 `NAME`（必填）"},
	"who runs it":                                        {ZH: "主持演练的培训师 `NAME`", ZHTW: "主持演練的培訓師 `NAME`"},
	"practice (feedback as you go) or assessed (feedback at the end, a fresh terminal each attempt)":  {ZH: "方式 `MODE`：practice 练习，每一步都有反馈；assessed 考核，结束时才反馈，每次都换一台新的终端", ZHTW: "方式 `MODE`：practice 練習，每一步都有回饋；assessed 考核，結束時才回饋，每次都換一台新的終端機"},
	"the simulated terminal's seed (default: the drill's own in practice, a fresh one when assessed)": {ZH: "模拟终端的种子 `N`（默认：练习时用演练自带的，考核时每次新生成）", ZHTW: "模擬終端機的種子 `N`（預設：練習時用演練自帶的，考核時每次重新產生）"},
	"the steps to play: a JSON `FILE` (docs/drills.md); - reads standard input":                       {ZH: "要执行的步骤：JSON 文件 `FILE`（见 docs/drills.md）；写 - 则从标准输入读取", ZHTW: "要執行的步驟：JSON 檔案 `FILE`（見 docs/drills.md）；寫 - 則從標準輸入讀取"},
	"print the result as JSON":                 {ZH: "以 JSON 输出结果", ZHTW: "以 JSON 輸出結果"},
	"only this trainee":                        {ZH: "只取这位学员 `NAME`", ZHTW: "只取這位學員 `NAME`"},
	"only this drill `ID`":                     {ZH: "只取这个演练 `ID`", ZHTW: "只取這個演練 `ID`"},
	"only attempts started in `YYYY-MM` (UTC)": {ZH: "只取 `YYYY-MM`（UTC）开始的演练", ZHTW: "只取 `YYYY-MM`（UTC）開始的演練"},
	"print the records as JSON":                {ZH: "以 JSON 输出记录", ZHTW: "以 JSON 輸出記錄"},
	"write the trainer's workbook to `FILE.xlsx` (a folder: posdoctor-training[-YYYY-MM].xlsx in it)": {ZH: "把培训师的工作簿写入 `FILE.xlsx`（给的是文件夹时，写入其中的 posdoctor-training[-YYYY-MM].xlsx）", ZHTW: "把培訓師的活頁簿寫入 `FILE.xlsx`（給的是資料夾時，寫入其中的 posdoctor-training[-YYYY-MM].xlsx）"},
	"write the attempts as xAPI statements to `FILE.json` (a JSON array)":                             {ZH: "把演练记录写成 xAPI 语句，存入 `FILE.json`（一个 JSON 数组）", ZHTW: "把演練記錄寫成 xAPI 陳述，存入 `FILE.json`（一個 JSON 陣列）"},
}

// msgFlagDefault is the flag's default, said after its description as the flag package does.
var msgFlagDefault = msg{ZH: "默认 %s", ZHTW: "預設 %s", EN: "default %s"}

// flagHelpOf is the Chinese of a flag's English description, and whether flagHelp has one.
func flagHelpOf(english string) (msg, bool) {
	if m, ok := flagHelp[english]; ok {
		return m, true
	}
	i := strings.LastIndex(english, ": ")
	if i < 0 {
		return msg{}, false
	}
	m, ok := flagHelp[english[:i+2]+"%s"]
	if !ok {
		return msg{}, false
	}
	list := strings.Join(strings.FieldsFunc(english[i+2:], func(r rune) bool { return r == ',' || r == ' ' }), "、")
	return msg{ZH: fmt.Sprintf(m.ZH, list), ZHTW: fmt.Sprintf(m.ZHTW, list), EN: english}, true
}

// helpWidth is how many columns a description's lines take: 80 less the indent.
const helpWidth = 80 - 8

// printFlags lists fs's flags as the flag package does (name, placeholder, description on the
// next line, the default after it), the descriptions in l. A flag flagHelp lacks keeps its
// English.
func printFlags(w io.Writer, l locale.Lang, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		help := f.Usage
		if m, ok := flagHelpOf(f.Usage); ok {
			help = m.In(l)
		}
		g := *f
		g.Usage = help
		name, help := flag.UnquoteUsage(&g)
		head := "  -" + f.Name
		if name != "" {
			head += " " + name
		}
		if !isZeroDefault(f) { // in the description's last parenthesis, if it ends with one
			d := say(l, msgFlagDefault, f.DefValue)
			if h, ok := strings.CutSuffix(help, "）"); ok {
				help = h + "；" + d + "）"
			} else {
				help += "（" + d + "）"
			}
		}
		fmt.Fprintln(w, head)
		for _, line := range locale.Wrap(help, helpWidth, locale.Width, false) {
			fmt.Fprintln(w, "    \t"+line)
		}
	})
}

// isZeroDefault reports whether f's default is its type's zero value, which the flag package
// does not print.
func isZeroDefault(f *flag.Flag) bool {
	t := reflect.TypeOf(f.Value)
	var z reflect.Value
	if t.Kind() == reflect.Pointer {
		z = reflect.New(t.Elem())
	} else {
		z = reflect.Zero(t)
	}
	v, ok := z.Interface().(flag.Value)
	return ok && v.String() == f.DefValue
}
