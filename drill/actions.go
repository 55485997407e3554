package drill

import (
	"slices"
	"strconv"
	"strings"

	"posdoctor/diagnostics"
	"posdoctor/locale"
	"posdoctor/serialio"
)

// ActionID names something a trainee can do at the counter. The ids are stable: scenario
// files, scripts and training records use them.
type ActionID string

// Effect is what an action does to the simulated terminal: the faults it clears, then the
// TML/1 command it makes the terminal run (sign-on, a print), if any. A scenario may replace
// an action's effect (`effects:` in docs/drills.md).
type Effect struct {
	Clears []string         `yaml:"clears,omitempty" json:"clears,omitempty"` // fault names, as `posdoctor sim --fault` takes them
	Runs   serialio.Command `yaml:"runs,omitempty" json:"runs,omitempty"`     // SO or PT; "" runs nothing
}

// Action is one entry of the vocabulary.
type Action struct {
	ID     ActionID
	Title  locale.Text // what the trainee picks, in the UI language
	Effect Effect      // the default effect
	// Risk, when set, says how the action can cost a cardholder or the merchant money: shown
	// when a scenario marks it critical or harmful.
	Risk locale.Text
}

func tx(zh, zhTW, en string) locale.Text { return locale.Text{ZH: zh, ZHTW: zhTW, EN: en} }

func clears(f ...string) Effect { return Effect{Clears: f} }

// lineFaults are the faults of the cable and the line (termsim's Line faults).
var lineFaults = []string{"link-noise", "link-drop", "lost-ack", "link-gap", "unplug-after"}

// actions is the vocabulary, in the order a picker shows it (look, fix, money, escalate).
var actions = []Action{
	{"check-journal", tx("查看交易流水", "查看交易紀錄", "Check the journal"), Effect{}, locale.Text{}},
	{"check-cable", tx("检查并重插连接线", "檢查並重插連接線", "Check and reseat the cable"), clears(lineFaults...), locale.Text{}},
	{"replace-paper", tx("更换打印纸", "更換列印紙", "Put in a new paper roll"), clears("paper-out", "paper-low"), locale.Text{}},
	{"close-cover", tx("合上打印机仓盖", "蓋好印表機蓋", "Close the printer cover"), clears("cover-open"), locale.Text{}},
	{"let-printer-cool", tx("等待打印头冷却", "等待列印頭冷卻", "Let the print head cool"), clears("printer-overheat"), locale.Text{}},
	{"connect-mains", tx("接上电源充电", "接上電源充電", "Connect mains power"), clears("low-voltage"), locale.Text{}},
	{"plug-phone-line", tx("插好电话线", "插好電話線", "Plug the phone line in"), clears("no-dialtone"), locale.Text{}},
	{"set-outside-line-prefix", tx("设置外线号码前缀", "設定外線號碼前綴", "Set the outside-line prefix"), Effect{}, locale.Text{}},
	{"wait-and-retry", tx("稍等后重试", "稍候再試", "Wait and retry"), clears("line-busy", "host-timeout"), locale.Text{}},
	{"insert-sim", tx("插入 SIM 卡", "插入 SIM 卡", "Insert the SIM card"), clears("no-sim"), locale.Text{}},
	{"move-for-signal", tx("移到信号好的位置", "移到訊號好的位置", "Move the terminal for a better signal"), clears("no-signal", "weak-signal"), locale.Text{}},
	{"free-stuck-key", tx("松开卡住的按键", "放開卡住的按鍵", "Free the stuck key"), clears("stuck-key"), locale.Text{}},
	{"sign-on", tx("重新签到", "重新簽到", "Sign on again"), Effect{Runs: serialio.CmdSignOn}, locale.Text{}},
	// settle-batch clears no fault: unsettled is the simulated terminal's past (its journal
	// was written with it), which termsim refuses to clear while it serves.
	{"settle-batch", tx("做结算（日终处理）", "做結帳（日終處理）", "Settle the batch"), clears("unsettled"), locale.Text{}},
	{"reprint-last", tx("重打印上一笔签购单", "重印上一筆簽購單", "Reprint the last slip"), Effect{Runs: serialio.CmdPrintTest}, locale.Text{}},
	{"void-sale", tx("撤销这笔消费", "撤銷這筆消費", "Void the sale"), Effect{},
		tx("撤销一笔已经成功、顾客已签单的消费，商户就收不到这笔钱", "撤銷一筆已成功、顧客已簽單的消費，商店就收不到這筆錢", "Voiding a sale that went through and was signed loses the merchant the money")},
	{"redo-sale", tx("重新刷卡再做一笔", "重新刷卡再做一筆", "Swipe the card again for a new sale"), Effect{},
		tx("前一笔可能已经扣款：再刷一次，持卡人可能被扣两次钱", "前一筆可能已經扣款：再刷一次，持卡人可能被扣兩次錢", "The earlier sale may have gone through: a new swipe can debit the cardholder twice")},
	{"tell-customer-reswipe", tx("让顾客再刷一次卡", "請顧客再刷一次卡", "Ask the customer to swipe again"), Effect{},
		tx("冲正未确认时再刷卡，持卡人可能被扣两次钱", "沖正未確認時再刷卡，持卡人可能被扣兩次錢", "With a reversal unconfirmed, a new swipe can debit the cardholder twice")},
	{"tell-customer-wait-for-reversal", tx("告诉顾客等待冲正退款", "告訴顧客等待沖正退款", "Tell the customer to wait for the reversal"), Effect{}, locale.Text{}},
	{"power-cycle", tx("关机重启", "關機重新開機", "Power the terminal off and on"), Effect{}, locale.Text{}},
	{"swap-terminal", tx("更换终端", "更換終端機", "Swap the terminal"),
		clears("paper-out", "paper-low", "cover-open", "printer-overheat", "low-voltage", "printer-fault", "stuck-key", "dead-key"),
		tx("未结算就换机，未结算的交易可能丢失，商户收不到钱", "未結帳就換機，未結帳的交易可能遺失，商店收不到錢", "Swapped before settlement, the open batch can be lost and the merchant not paid")},
	{"inject-master-key", tx("重新灌装主密钥", "重新灌裝主金鑰", "Inject the master key"), clears("tmk-missing", "key-mismatch"), locale.Text{}},
	{"correct-terminal-parameters", tx("修改终端参数", "修改終端機參數", "Correct the terminal parameters"), Effect{}, locale.Text{}},
	{"escalate-to-provider", tx("上报服务商", "上報服務商", "Escalate to the service provider"), Effect{}, locale.Text{}},
	{"call-acquirer", tx("联系收单机构", "聯絡收單機構", "Call the acquirer"), Effect{}, locale.Text{}},
}

// Actions returns the vocabulary, in the order a picker shows it.
func Actions() []Action { return slices.Clone(actions) }

// LookupAction returns the action with id.
func LookupAction(id ActionID) (Action, bool) {
	for _, a := range actions {
		if a.ID == id {
			return a, true
		}
	}
	return Action{}, false
}

// ParseAction reads an action id (case and spaces around it ignored); an unknown id is an
// error that names the closest known one.
func ParseAction(s string) (ActionID, error) {
	id := ActionID(strings.ToLower(strings.TrimSpace(s)))
	if _, ok := LookupAction(id); ok {
		return id, nil
	}
	ids := make([]string, len(actions))
	for i, a := range actions {
		ids[i] = string(a.ID)
	}
	if near := closest(string(id), ids); near != "" {
		return "", problem(msgUnknownActionNear, kv{"Action": strconv.Quote(s), "Near": near})
	}
	return "", problem(msgUnknownAction, kv{"Action": strconv.Quote(s)})
}

var (
	msgUnknownActionNear = tpl("unknown action {{.Action}} (did you mean {{.Near}}?)")
	msgUnknownAction     = tpl("unknown action {{.Action}} (docs/drills.md lists the actions)")
)

// faultSteps says in which checklist steps a fault shows: a fix is confirmed by a later check
// in which these steps ran and none of them failed.
var faultSteps = map[string][]diagnostics.StepID{
	"paper-out": {diagnostics.StepPrinter}, "paper-low": {diagnostics.StepTerminal},
	"cover-open": {diagnostics.StepPrinter}, "printer-overheat": {diagnostics.StepPrinter},
	"low-voltage": {diagnostics.StepPrinter}, "printer-fault": {diagnostics.StepPrinter},
	"no-dialtone": {diagnostics.StepHost}, "line-busy": {diagnostics.StepHost},
	"host-timeout": {diagnostics.StepHost}, "host-refused": {diagnostics.StepHost},
	"no-sim": {diagnostics.StepHost}, "no-signal": {diagnostics.StepHost}, "weak-signal": {diagnostics.StepHost},
	"stuck-key": {diagnostics.StepTerminal, diagnostics.StepKeypad}, "dead-key": {diagnostics.StepKeypad},
	"tmk-missing": {diagnostics.StepKeys}, "key-mismatch": {diagnostics.StepSignOn},
	"mac-error": {diagnostics.StepSignOn}, "invalid-merchant": {diagnostics.StepSignOn},
	"terminal-unknown": {diagnostics.StepSignOn}, "not-signed-on": {diagnostics.StepTerminal},
	"pending-reversal": {diagnostics.StepJournal}, "duplicate-sale": {diagnostics.StepJournal},
	"unsettled": {diagnostics.StepTerminal}, "clock-drift": {diagnostics.StepTerminal},
	"link-noise": {diagnostics.StepLink}, "link-drop": {diagnostics.StepLink}, "lost-ack": {diagnostics.StepLink},
	"link-gap": {diagnostics.StepLink}, "unplug-after": {diagnostics.StepLink},
}

// closest is the candidate within two edits of s, or "".
func closest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
