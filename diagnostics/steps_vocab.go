package diagnostics

import (
	"fmt"
	"slices"
	"strings"

	"posdoctor/locale"
)

// StepID names a step of the checklist. The ids are stable: the GUI, the reports, scripts
// (check --steps, check --json) and stored runs use them.
type StepID string

// The steps, in run order.
const (
	StepLink     StepID = "link"
	StepTerminal StepID = "terminal"
	StepHost     StepID = "host"
	StepKeys     StepID = "keys"
	StepKeypad   StepID = "keypad"
	StepPrinter  StepID = "printer"
	StepSignOn   StepID = "signon"
	StepJournal  StepID = "journal"
)

// stepInfo is the one label table of the steps: a short name (workbooks, the code book, the
// CLI) and a title (the GUI's rows), each in every language.
var stepInfo = []stepRow{
	{StepLink, locale.Text{ZH: "连接测试", ZHTW: "連線測試", EN: "Link"}, locale.Text{ZH: "与终端的连接", ZHTW: "與終端機的連線", EN: "Link to the terminal"}},
	{StepTerminal, locale.Text{ZH: "终端状态", ZHTW: "終端狀態", EN: "Terminal status"}, locale.Text{ZH: "终端信息与状态", ZHTW: "終端機資訊與狀態", EN: "Terminal identity and state"}},
	{StepHost, locale.Text{ZH: "通讯测试", ZHTW: "通訊測試", EN: "Host link"}, locale.Text{ZH: "主机通讯", ZHTW: "主機通訊", EN: "Host connectivity"}},
	{StepKeys, locale.Text{ZH: "密钥检查", ZHTW: "金鑰檢查", EN: "Keys"}, locale.Text{ZH: "安全密钥", ZHTW: "安全金鑰", EN: "Security keys"}},
	{StepKeypad, locale.Text{ZH: "键盘测试", ZHTW: "鍵盤測試", EN: "Keypad"}, locale.Text{ZH: "键盘", ZHTW: "鍵盤", EN: "Keypad"}},
	{StepPrinter, locale.Text{ZH: "打印测试", ZHTW: "列印測試", EN: "Printer"}, locale.Text{ZH: "打印机", ZHTW: "印表機", EN: "Printer"}},
	{StepSignOn, locale.Text{ZH: "签到", ZHTW: "簽到", EN: "Sign-on"}, locale.Text{ZH: "重新签到", ZHTW: "重新簽到", EN: "Re-sign-on"}},
	{StepJournal, locale.Text{ZH: "流水与日志", ZHTW: "交易紀錄與日誌", EN: "Journal"}, locale.Text{ZH: "交易流水与日志", ZHTW: "交易紀錄與事件日誌", EN: "Journal and event log"}},
}

// stepRow is a step's id with its short name (the CLI's and workbooks' 金鑰檢查) and its title
// (the GUI's rows: 安全金鑰), in every language.
type stepRow struct {
	id          StepID
	name, title locale.Text
}

// row is the step's row of stepInfo; an unknown id names itself.
func (s StepID) row() stepRow {
	if i := slices.IndexFunc(stepInfo, func(x stepRow) bool { return x.id == s }); i >= 0 {
		return stepInfo[i]
	}
	self := locale.Text{ZH: string(s), EN: string(s)}
	return stepRow{s, self, self}
}

// StepIDs lists the steps in run order.
func StepIDs() []StepID {
	out := make([]StepID, len(stepInfo))
	for i, s := range stepInfo {
		out[i] = s.id
	}
	return out
}

// String is the step's stable id.
func (s StepID) String() string { return string(s) }

// ParseStepID reads a step id as String writes it (spaces around it and case ignored).
func ParseStepID(s string) (StepID, error) {
	id := StepID(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(StepIDs(), id) {
		return id, nil
	}
	ids := make([]string, len(stepInfo))
	for i, x := range stepInfo {
		ids[i] = string(x.id)
	}
	return "", fmt.Errorf("unknown step %q; steps are %s", s, strings.Join(ids, ", "))
}

// Name is the step's short name in every language ("连接测试" / "Link"): workbooks, the code
// book. An unknown id names itself.
func (s StepID) Name() locale.Text { return s.row().name }

// Title is the step's title in every language ("与终端的连接" / "Link to the terminal"): the
// GUI's checklist rows. An unknown id names itself.
func (s StepID) Title() locale.Text { return s.row().title }

// stepNamed is the step whose id or English name s is.
func stepNamed(s string) (StepID, bool) {
	for _, r := range stepInfo {
		if s == string(r.id) || s == r.name.EN {
			return r.id, true
		}
	}
	return "", false
}
