package cli

import (
	"fmt"
	"io"
	"strings"

	"posdoctor/locale"
)

// The command list, the usage texts and the flag package's complaints in the output language.
// Command names, flags, file names and codes stay ASCII in every language: they are typed.

var (
	msgUsageTitle     = msg{ZH: "POS Doctor — 通过 USB/串口检查刷卡终端。", ZHTW: "POS Doctor — 透過 USB/序列埠檢查刷卡終端機。", EN: "POS Doctor — checks card-payment terminals over USB/serial."}
	msgUsageNoCommand = msg{ZH: "不带命令运行 posdoctor 会打开桌面程序（连接内置模拟终端）。", ZHTW: "不帶命令執行 posdoctor 會開啟桌面程式（連線內建模擬終端機）。", EN: "With no command, posdoctor opens the desktop app (on the built-in simulated terminal)."}
	msgUsageCommands  = msg{ZH: "命令：", ZHTW: "命令：", EN: "Commands:"}
	msgUsageMore      = msg{ZH: "用 posdoctor COMMAND -h 查看某个命令的参数；用 posdoctor --lang zh|zh_TW|en COMMAND 选择输出语言。", ZHTW: "用 posdoctor COMMAND -h 查看某個命令的參數；用 posdoctor --lang zh|zh_TW|en COMMAND 選擇輸出語言。", EN: "Run 'posdoctor COMMAND -h' for a command's flags; 'posdoctor --lang zh|zh_TW|en COMMAND' chooses the output's language."}
	msgUsageOf        = msg{ZH: "用法：posdoctor %s", ZHTW: "用法：posdoctor %s", EN: "usage: posdoctor %s"}
	msgFlags          = msg{ZH: "参数：", ZHTW: "參數：", EN: "Flags:"}
	msgUnknownCommand = msg{ZH: "没有 %q 这个命令", ZHTW: "沒有 %q 這個命令", EN: "unknown command %q"}
	msgUnknownLang    = msg{ZH: "不认识的语言 %q：可用 zh、zh_TW 或 en", ZHTW: "不認識的語言 %q：可用 zh、zh_TW 或 en", EN: "unknown language %q (want zh, zh_TW or en)"}
	msgLangNeedsValue = msg{ZH: "--lang 需要一个值：zh、zh_TW 或 en", ZHTW: "--lang 需要一個值：zh、zh_TW 或 en", EN: "--lang needs a value: zh, zh_TW or en"}
	msgFlagUndefined  = msg{ZH: "没有 %s 这个参数（posdoctor %s -h 列出全部参数）", ZHTW: "沒有 %s 這個參數（posdoctor %s -h 列出全部參數）", EN: "flag provided but not defined: %s"}
	msgFlagNeedsValue = msg{ZH: "参数 %s 需要一个值", ZHTW: "參數 %s 需要一個值", EN: "flag needs an argument: %s"}
	msgFlagBadValue   = msg{ZH: "参数 %s 的值 %s 无效", ZHTW: "參數 %s 的值 %s 無效", EN: "invalid value %[2]s for flag %[1]s"}
	msgFlagBadSyntax  = msg{ZH: "参数写法不对：%s", ZHTW: "參數寫法不對：%s", EN: "bad flag syntax: %s"}
	msgFlagOther      = msg{ZH: "命令行参数有误：", ZHTW: "命令列參數有誤：", EN: "bad arguments:"}
)

// commandHelp is what each command does, as the command list says it, by its English.
// TestCommandListTranslated fails when a registered command has none.
var commandHelp = map[string]msg{
	"run the checklist": {ZH: "运行检查清单", ZHTW: "執行檢查清單"},
	"the trainer's drills on the simulated terminal (posdoctor drill -h)":               {ZH: "培训演练，在模拟终端上进行（posdoctor drill -h）", ZHTW: "培訓演練，在模擬終端機上進行（posdoctor drill -h）"},
	"write visits to a bundle for the branch manager":                                   {ZH: "把上门记录写入数据包，交给网点主管", ZHTW: "把到場記錄寫入資料包，交給分行主管"},
	"fill the merchant's adjustment or collection request from a visit's journal (PDF)": {ZH: "根据上门记录的交易流水，填写商户的调账或托收申请表（PDF）", ZHTW: "根據到場記錄的交易紀錄，填寫商店的調帳或託收申請表（PDF）"},
	"merge bundles from other laptops into the incident store":                          {ZH: "把其他电脑的数据包合并到本机的上门记录库", ZHTW: "把其他電腦的資料包合併到本機的到場記錄庫"},
	"list recorded visits":                                                                      {ZH: "列出已记录的上门记录", ZHTW: "列出已記錄的到場記錄"},
	"explain a code or a terminal prompt, offline":                                              {ZH: "离线解释故障码或终端提示", ZHTW: "離線解釋故障碼或終端機提示"},
	"every byte in and out of the line, until Ctrl-C":                                           {ZH: "显示线路上收发的每个字节，按 Ctrl-C 结束", ZHTW: "顯示線路上收發的每個位元組，按 Ctrl-C 結束"},
	"list serial ports, likely terminals first":                                                 {ZH: "列出串口，可能是终端的排在前面", ZHTW: "列出序列埠，可能是終端機的排在前面"},
	"which speed and format the device on a port answers at, and what it speaks (any terminal)": {ZH: "探测端口上的设备在哪种速率和格式下应答、使用什么协议（任何终端）", ZHTW: "探測連接埠上的裝置在哪種速率和格式下回應、使用什麼協定（任何終端機）"},
	"write the Excel incident report for the service provider":                                  {ZH: "为服务商生成一次上门的 Excel 故障报告", ZHTW: "為服務商產生一次到場的 Excel 故障報告"},
	"the branch manager's figures of a month, and its workbook":                                 {ZH: "网点主管的月度数据及其工作簿", ZHTW: "分行主管的月度資料及其活頁簿"},
	"serve the simulated terminal on a pty":                                                     {ZH: "在伪终端（pty）上提供模拟终端", ZHTW: "在偽終端（pty）上提供模擬終端機"},
	"the terminal's status (ST)":                                                                {ZH: "读取终端状态（ST）", ZHTW: "讀取終端機狀態（ST）"},
	"push this laptop's visits to the shared store and pull the branch's":                       {ZH: "把本机的上门记录推送到共享库，并拉取网点的记录", ZHTW: "把本機的到場記錄推送到共享庫，並拉取分行的記錄"},
}

// usageSep separates a command's synopsis from what it does in a register line.
const usageSep = "   "

// commandLineIn is a register line (one or more "synopsis   what it does" lines) with what
// each does in l.
func commandLineIn(l locale.Lang, line string) string {
	if l == locale.EN {
		return line
	}
	parts := strings.Split(line, "\n")
	for i, p := range parts {
		j := strings.LastIndex(p, usageSep)
		if j < 0 {
			continue
		}
		if m, ok := commandHelp[p[j+len(usageSep):]]; ok {
			parts[i] = p[:j] + usageSep + m.In(l)
		}
	}
	return strings.Join(parts, "\n")
}

// synopsisOf is a command's synopsis from its register line ("status (--port PATH ...)").
func synopsisOf(name string) string {
	synopsis, _ := registerLine(name)
	return synopsis
}

// whatItDoes is what a command does, as the command list says it, in l.
func whatItDoes(l locale.Lang, name string) string {
	_, what := registerLine(name)
	if m, ok := commandHelp[what]; ok && l != locale.EN {
		return m.In(l)
	}
	return what
}

// registerLine is the first line of a command's register line, cut into its synopsis and what
// the command does (in English).
func registerLine(name string) (synopsis, what string) {
	c, ok := commands[name]
	if !ok {
		return name, ""
	}
	line, _, _ := strings.Cut(c.usage, "\n")
	if j := strings.LastIndex(line, usageSep); j >= 0 {
		return line[:j], line[j+len(usageSep):]
	}
	return line, ""
}

// usageIn is a command's usage text in l: the translation in commandUsages of english, by the
// command's name ("report monthly") or, for a subcommand sharing its command's text ("drill
// run"), by the command's; else the English.
func usageIn(l locale.Lang, name, english string) string {
	if l == locale.EN {
		return english
	}
	names := []string{name}
	if f := strings.Fields(name); len(f) > 0 { // "" names no command: only its own text
		names = append(names, f[0])
	}
	for _, n := range names {
		if m, ok := commandUsages[n]; ok && m.EN == english {
			return m.In(l)
		}
	}
	return english
}

// flagOutput is where a flag set writes. Outside the usage, what the flag package writes is
// its complaint about the arguments (one line per write): in Chinese it is said in the reader's
// language, with the command's name before it.
type flagOutput struct {
	w       io.Writer
	l       locale.Lang
	cmd     string
	inUsage bool
}

func (o *flagOutput) Write(p []byte) (int, error) {
	if o.inUsage || o.l == locale.EN {
		return o.w.Write(p)
	}
	line := strings.TrimRight(string(p), "\n")
	var text string
	switch {
	case strings.HasPrefix(line, "flag provided but not defined: "):
		text = say(o.l, msgFlagUndefined, strings.TrimPrefix(line, "flag provided but not defined: "), o.cmd)
	case strings.HasPrefix(line, "flag needs an argument: "):
		text = say(o.l, msgFlagNeedsValue, strings.TrimPrefix(line, "flag needs an argument: "))
	case strings.HasPrefix(line, "bad flag syntax: "):
		text = say(o.l, msgFlagBadSyntax, strings.TrimPrefix(line, "bad flag syntax: "))
	case strings.HasPrefix(line, "invalid value ") || strings.HasPrefix(line, "invalid boolean value "):
		// invalid value "x" for flag -n: parse error
		rest := line[strings.Index(line, "value ")+len("value "):]
		if i := strings.Index(rest, " for flag "); i > 0 {
			name, _, _ := strings.Cut(rest[i+len(" for flag "):], ":")
			text = say(o.l, msgFlagBadValue, name, rest[:i]) + "\n  " + say(o.l, msgDetails, line)
		}
	}
	if text == "" {
		text = msgFlagOther.In(o.l) + "\n" + line
	}
	if _, err := fmt.Fprintf(o.w, "posdoctor %s: %s\n", o.cmd, text); err != nil {
		return 0, err
	}
	return len(p), nil
}

// usageSentences lists the sentences above, for the test that each has every language.
var usageSentences = map[string]msg{
	"usageTitle": msgUsageTitle, "usageNoCommand": msgUsageNoCommand, "usageCommands": msgUsageCommands,
	"usageMore": msgUsageMore, "usageOf": msgUsageOf, "flags": msgFlags, "unknownCommand": msgUnknownCommand,
	"unknownLang": msgUnknownLang, "langNeedsValue": msgLangNeedsValue, "flagUndefined": msgFlagUndefined,
	"flagNeedsValue": msgFlagNeedsValue, "flagBadValue": msgFlagBadValue, "flagBadSyntax": msgFlagBadSyntax,
	"flagOther": msgFlagOther, "flagDefault": msgFlagDefault,
}

// commandUsages are the long usage texts (-h) in Chinese, by command; EN is the English text.
var commandUsages = map[string]msg{}
