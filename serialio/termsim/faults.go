package termsim

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"posdoctor/locale"
	"posdoctor/serialio"
)

// Fault is one injected fault: a stable name and, for the faults that take one, a value
// ("stuck-key=5", "link-noise=0.001"). Build it with ParseFault; docs/simulator.md says what
// each does in PROTOCOL.md's terms.
type Fault struct {
	Name  string
	Value string
}

// String is the fault as ParseFault reads it: NAME or NAME=VALUE.
func (f Fault) String() string {
	if f.Value == "" {
		return f.Name
	}
	return f.Name + "=" + f.Value
}

// FaultSpec describes one fault for help text and the GUI's picker.
type FaultSpec struct {
	Name    string      // stable name, as ParseFault reads it
	Arg     string      // what the value is ("KEY", "RATE", ...), or "" when the fault takes none
	Example string      // a value to start from ("5", "0.01", ...), or "" when the fault takes none
	Line    bool        // a line fault: it acts on the byte stream, not on the terminal
	Help    string      // one line: what the terminal then does, in protocol terms (for the CLI's help)
	Title   locale.Text // a short name a technician reads in the picker
	Desc    locale.Text // one line: what the technician will see on the terminal
}

// tx is a label in Simplified, Traditional and English, as the fault table writes them.
func tx(zh, zhTW, en string) locale.Text { return locale.Text{ZH: zh, ZHTW: zhTW, EN: en} }

// Value kinds of faults that take one.
const (
	argKey     = "KEY"
	argRate    = "RATE"
	argFrames  = "N"
	argCmd     = "CMD"
	argComm    = "PSTN|GPRS|4G|WIFI|ETH"
	argMinutes = "MINUTES"
)

// faultSpecs is the stable list of faults. Names never change: scripts, drills and the
// trainer's records use them.
var faultSpecs = []FaultSpec{
	{"paper-out", "", "", false, "printer has no paper: ST PAPER=OUT, PT RC=P1, EV P1",
		tx("缺纸", "缺紙", "Out of paper"),
		tx("打印机没有纸，打印失败", "印表機沒有紙，列印失敗", "The printer has no paper; printing fails")},
	{"paper-low", "", "", false, "paper roll near its end: ST PAPER=LOW; prints still work until the roll runs out",
		tx("纸将用完", "紙將用完", "Paper low"),
		tx("纸卷快用完，暂时还能打印", "紙捲快用完，暫時仍可列印", "The paper roll is near its end; printing still works for now")},
	{"cover-open", "", "", false, "printer cover open: ST COVER=OPEN, PT RC=P2",
		tx("打印机仓盖打开", "印表機蓋開啟", "Printer cover open"),
		tx("打印机仓盖未合上，打印失败", "印表機蓋未蓋好，列印失敗", "The printer cover is open; printing fails")},
	{"printer-overheat", "", "", false, "print head over temperature: PT RC=P3 with TEMP over 65",
		tx("打印头过热", "列印頭過熱", "Print head overheated"),
		tx("打印头温度过高，打印失败", "列印頭溫度過高，列印失敗", "The print head is too hot; printing fails")},
	{"low-voltage", "", "", false, "supply too low to print: ST BATT low (portable), PT RC=P4 with low VOLT",
		tx("电压过低", "電壓過低", "Low voltage"),
		tx("供电不足，无法打印", "供電不足，無法列印", "The supply is too low to print")},
	{"printer-fault", "", "", false, "printer mechanism fault: PT RC=P5",
		tx("打印机故障", "印表機故障", "Printer fault"),
		tx("打印机机械故障，打印失败", "印表機機構故障，列印失敗", "The printer mechanism has failed")},
	{"no-dialtone", "", "", false, "PSTN line dead: CT RC=H1 DIALTONE=N; SO RC=H1 (implies comm=PSTN)",
		tx("电话线无拨号音", "電話線無撥號音", "No dial tone"),
		tx("电话线不通，连不上收单主机（改为电话线通讯）", "電話線不通，連不上收單主機（改為電話線通訊）", "The phone line is dead; the host cannot be reached (sets comm to PSTN)")},
	{"line-busy", "", "", false, "PSTN line busy: CT RC=H2 LINE=BUSY; SO RC=H2 (implies comm=PSTN)",
		tx("电话线占线", "電話線佔線", "Line busy"),
		tx("电话线占线，连不上收单主机（改为电话线通讯）", "電話線佔線，連不上收單主機（改為電話線通訊）", "The phone line is busy; the host cannot be reached (sets comm to PSTN)")},
	{"host-timeout", "", "", false, "acquirer host does not answer: CT RC=H3 HOST=TIMEOUT; SO RC=H3",
		tx("主机无应答", "主機無回應", "Host does not answer"),
		tx("收单主机不应答，连接与签到超时", "收單主機不回應，連線與簽到逾時", "The acquirer host does not answer; connecting and sign-on time out")},
	{"host-refused", "", "", false, "acquirer host refuses the connection: CT RC=H6 HOST=REFUSED; SO RC=H6",
		tx("主机拒绝连接", "主機拒絕連線", "Host refuses"),
		tx("收单主机拒绝连接", "收單主機拒絕連線", "The acquirer host refuses the connection")},
	{"no-sim", "", "", false, "no SIM card: CT RC=H4 SIM=ABSENT; SO RC=H4 (implies a mobile comm)",
		tx("无 SIM 卡", "無 SIM 卡", "No SIM card"),
		tx("没有插 SIM 卡，无线网络不可用", "沒有插 SIM 卡，行動網路無法使用", "No SIM card; the mobile network cannot be used")},
	{"no-signal", "", "", false, "not registered on the mobile network: CT RC=H5 REG=N; SO RC=H5 (implies a mobile comm)",
		tx("无网络信号", "無網路訊號", "No signal"),
		tx("未注册到移动网络，连不上主机", "未註冊到行動網路，連不上主機", "Not registered on the mobile network; the host cannot be reached")},
	{"weak-signal", "", "", false, "weak mobile signal: CT RC=00 with SIGNAL under 10 and a slow RTT (implies a mobile comm)",
		tx("信号弱", "訊號弱", "Weak signal"),
		tx("移动信号弱，连接慢", "行動訊號弱，連線慢", "Weak mobile signal; the link to the host is slow")},
	{"stuck-key", argKey, "5", false, "key held down since power-on: ST STUCK=KEY; in KT it goes DOWN and never UP",
		tx("卡键", "卡鍵", "Stuck key"),
		tx("该按键开机时就被按住，松不开", "該按鍵開機時就被按住，放不開", "The key has been held down since power-on")},
	{"dead-key", argKey, "5", false, "key never reports: no KE for it in KT",
		tx("按键失灵", "按鍵失靈", "Dead key"),
		tx("按下该按键没有反应", "按下該按鍵沒有反應", "The key never reports a press")},
	{"tmk-missing", "", "", false, "no terminal master key: KS TMK=N and empty check values; SO RC=K1",
		tx("缺少主密钥", "缺少主金鑰", "No master key"),
		tx("终端没有主密钥（TMK），签到失败", "終端機沒有主金鑰（TMK），簽到失敗", "The terminal has no master key (TMK); sign-on fails")},
	{"key-mismatch", "", "", false, "host holds another TMK: SO's keys fail their check values, SO RC=K2 KEYCHK=FAIL, old keys stay",
		tx("主密钥不一致", "主金鑰不一致", "Master key mismatch"),
		tx("主机的主密钥与终端不同，新工作密钥校验失败", "主機的主金鑰與終端機不同，新工作金鑰驗證失敗", "The host holds another master key; the new working keys fail their check")},
	{"mac-error", "", "", false, "host's MAC key is out of step with the terminal's: SO RC=A0",
		tx("MAC 校验错", "MAC 驗證錯誤", "MAC error"),
		tx("主机的 MAC 密钥与终端不同步，签到失败", "主機的 MAC 金鑰與終端機不同步，簽到失敗", "The host's MAC key is out of step with the terminal's; sign-on fails")},
	{"invalid-merchant", "", "", false, "merchant not active at the host: SO RC=03",
		tx("无效商户", "無效商店", "Invalid merchant"),
		tx("商户在主机端未开通，签到被拒", "商店在主機端未開通，簽到被拒", "The merchant is not active at the host; sign-on is refused")},
	{"terminal-unknown", "", "", false, "host does not know the terminal's TID: SO RC=97",
		tx("终端未登记", "終端機未登記", "Unknown terminal"),
		tx("主机不认识该终端号，签到被拒", "主機不認識該終端機代號，簽到被拒", "The host does not know the terminal's TID; sign-on is refused")},
	{"not-signed-on", "", "", false, "terminal signed off: ST SIGNED=N until a successful SO",
		tx("未签到", "未簽到", "Not signed on"),
		tx("终端已签退，需要重新签到", "終端機已簽退，需要重新簽到", "The terminal is signed off until it signs on again")},
	{"pending-reversal", "", "", false, "latest journal sale timed out and its reversal is unconfirmed: flag U",
		tx("冲正未完成", "沖正未完成", "Pending reversal"),
		tx("最近一笔消费超时，冲正未确认", "最近一筆消費逾時，沖正未確認", "The latest sale timed out and its reversal is unconfirmed")},
	{"duplicate-sale", "", "", false, "two recent approved SALEs, same card and amount, 3 minutes apart, nothing between",
		tx("疑似重复扣款", "疑似重複扣款", "Duplicate sale"),
		tx("同卡同金额的两笔消费相隔 3 分钟", "同卡同金額的兩筆消費相隔 3 分鐘", "Two approved sales, same card and amount, 3 minutes apart")},
	{"unsettled", "", "", false, "last settlement several days ago: ST LASTSETTLE old, PENDING large",
		tx("长时间未结算", "長時間未結帳", "Not settled"),
		tx("上次结算在几天前，待结算笔数多", "上次結帳在幾天前，待結帳筆數多", "The last settlement was days ago; many sales are pending")},
	{"comm", argComm, "PSTN", false, "the terminal's host link (default 4G); also picks the model",
		tx("通讯方式", "通訊方式", "Comm type"),
		tx("终端连接主机的方式（默认 4G），同时决定型号", "終端機連接主機的方式（預設 4G），同時決定型號", "The terminal's link to its host (default 4G); also picks the model")},
	{"clock-drift", argMinutes, "30", false, "terminal clock off by MINUTES (may be negative): ST TIME, journal and events",
		tx("时钟偏差", "時鐘偏差", "Clock drift"),
		tx("终端时钟偏差若干分钟（可为负数）", "終端機時鐘偏差若干分鐘（可為負數）", "The terminal clock is off by some minutes (may be negative)")},
	{"link-noise", argRate, "0.01", true, "each byte on the line corrupted with probability RATE, both directions",
		tx("线路干扰", "線路干擾", "Line noise"),
		tx("串口线上的字节按给定概率出错", "序列埠線上的位元組按給定機率出錯", "Each byte on the line is corrupted with the given probability")},
	{"link-drop", argRate, "0.01", true, "each frame the terminal sends lost with probability RATE",
		tx("丢帧", "掉幀", "Lost frames"),
		tx("终端发出的帧按给定概率丢失", "終端機送出的幀按給定機率遺失", "Each frame the terminal sends is lost with the given probability")},
	{"lost-ack", argRate, "0.01", true, "each ACK the terminal sends lost with probability RATE",
		tx("丢失确认", "遺失確認", "Lost ACKs"),
		tx("终端发出的 ACK 按给定概率丢失", "終端機送出的 ACK 按給定機率遺失", "Each ACK the terminal sends is lost with the given probability")},
	{"link-gap", "", "", true, "every third frame the terminal sends stalls over 300 ms mid-frame",
		tx("帧中停顿", "幀中停頓", "Stalled frames"),
		tx("终端每发三帧就有一帧中途停顿超过 300 ms", "終端機每送三幀就有一幀中途停頓超過 300 ms", "Every third frame the terminal sends stalls over 300 ms")},
	{"unplug-after", argFrames, "20", true, "after N frames (both directions) the cable is pulled: the line closes",
		tx("拔线", "拔線", "Cable pulled"),
		tx("收发若干帧后串口线被拔掉", "收發若干幀後序列埠線被拔掉", "After some frames the cable is pulled and the line closes")},
	{"silent", argCmd, "ST", true, "requests with this CMD are ACKed and never answered",
		tx("指令无应答", "指令無回應", "Command unanswered"),
		tx("该指令只确认收到，从不应答", "該指令只確認收到，從不回應", "Requests with this command are acknowledged and never answered")},
}

// FaultSpecs returns every fault with its argument and a one-line description.
func FaultSpecs() []FaultSpec { return append([]FaultSpec(nil), faultSpecs...) }

// FaultNames returns every stable fault name, in a fixed order, for help text and pickers.
func FaultNames() []string {
	names := make([]string, len(faultSpecs))
	for i, s := range faultSpecs {
		names[i] = s.Name
	}
	return names
}

func faultUsage() string {
	parts := make([]string, len(faultSpecs))
	for i, s := range faultSpecs {
		parts[i] = s.Name
		if s.Arg != "" {
			parts[i] += "=" + s.Arg
		}
	}
	return strings.Join(parts, ", ")
}

func findSpec(name string) (FaultSpec, bool) {
	for _, s := range faultSpecs {
		if s.Name == name {
			return s, true
		}
	}
	return FaultSpec{}, false
}

// allKeys is every key name of PROTOCOL.md §5, in keypad order.
var allKeys = []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0",
	"ENTER", "CANCEL", "CLEAR", "FUNC", "MENU", "UP", "DOWN", "ALPHA", "DOT", "F1", "F2", "F3", "F4"}

// requests are the commands a host may send (§5): every command but the terminal's own
// unsolicited KE and EV (KX goes both ways).
var requests = []serialio.Command{serialio.CmdEcho, serialio.CmdStatus, serialio.CmdCommTest,
	serialio.CmdKeyStatus, serialio.CmdKeypadTest, serialio.CmdKeypadEnd, serialio.CmdPrintTest,
	serialio.CmdSignOn, serialio.CmdJournal, serialio.CmdEventLog}

func isRequest(c serialio.Command) bool { return slices.Contains(requests, c) }

var allComms = []string{"PSTN", "GPRS", "4G", "WIFI", "ETH"}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// ParseFault reads one fault as the CLI and GUI take it: NAME or NAME=VALUE. Names are
// case-insensitive; values are checked and normalised (keys and commands upper case).
// Errors are *ConfigError naming the fault and listing what is valid.
func ParseFault(s string) (Fault, error) {
	in := strings.TrimSpace(locale.FoldWidth(s)) // a full-width input method's ｓｔｕｃｋ－ｋｅｙ＝５
	name, value, hasValue := strings.Cut(in, "=")
	name = strings.ToLower(strings.TrimSpace(name))
	value = strings.TrimSpace(value)
	spec, ok := findSpec(name)
	if !ok {
		return Fault{}, configError(msgUnknownFault, map[string]any{"Fault": strconv.Quote(in), "Valid": faultUsage()})
	}
	if spec.Arg == "" {
		if hasValue {
			return Fault{}, configError(msgTakesNoValue, map[string]any{"Fault": strconv.Quote(in), "Name": name})
		}
		return Fault{Name: name}, nil
	}
	if value == "" {
		return Fault{}, configError(msgNeedsValue, map[string]any{"Fault": strconv.Quote(in), "Name": name, "Arg": spec.Arg})
	}
	switch spec.Arg {
	case argKey:
		v := strings.ToUpper(value)
		if !contains(allKeys, v) {
			return Fault{}, configError(msgNotAKey, map[string]any{"Fault": strconv.Quote(in), "Value": strconv.Quote(value), "Keys": strings.Join(allKeys, " ")})
		}
		value = v
	case argCmd:
		v := serialio.Command(strings.ToUpper(value))
		if !isRequest(v) {
			names := make([]string, len(requests))
			for i, c := range requests {
				names[i] = c.String()
			}
			return Fault{}, configError(msgNotARequest, map[string]any{"Fault": strconv.Quote(in), "Value": strconv.Quote(value), "Requests": strings.Join(names, " ")})
		}
		value = v.String()
	case argComm:
		v := strings.ToUpper(value)
		if !contains(allComms, v) {
			return Fault{}, configError(msgNotAComm, map[string]any{"Fault": strconv.Quote(in), "Comms": strings.Join(allComms, ", ")})
		}
		value = v
	case argRate:
		r, err := strconv.ParseFloat(value, 64)
		if err != nil || math.IsNaN(r) || r < 0 || r > 1 {
			return Fault{}, configError(msgNotARate, map[string]any{"Fault": strconv.Quote(in), "Name": name})
		}
	case argFrames:
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 {
			return Fault{}, configError(msgNotFrames, map[string]any{"Fault": strconv.Quote(in)})
		}
	case argMinutes:
		m, err := strconv.Atoi(value)
		if err != nil || m < -525600 || m > 525600 {
			return Fault{}, configError(msgNotMinutes, map[string]any{"Fault": strconv.Quote(in)})
		}
	}
	return Fault{Name: name, Value: value}, nil
}

// faultSeparator splits a fault list: commas (also the full-width ， of Chinese input
// methods), spaces and new lines.
func faultSeparator(r rune) bool { return r == ',' || r == '，' || unicode.IsSpace(r) }

// spacedEquals is "=" with spaces around it, which a list would otherwise split apart.
var spacedEquals = regexp.MustCompile(`\s*=\s*`)

// ParseFaults reads a list of faults as people type it in the GUI's field or on the command
// line: faults as ParseFault reads them, separated by commas (or the full-width ，), spaces or
// new lines ("paper-out, stuck-key=5"). Empty items are skipped, so "" is no faults. The error
// is the first fault ParseFault refuses. Whether the faults fit together is New's and
// SetFaults' business.
func ParseFaults(text string) ([]Fault, error) {
	var out []Fault
	for _, item := range strings.FieldsFunc(spacedEquals.ReplaceAllString(locale.FoldWidth(text), "="), faultSeparator) {
		f, err := ParseFault(item)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// lineFaults are the faults that act on the byte stream (see line.go).
type lineFaults struct {
	noise, drop, lostAck float64
	gap                  bool
	unplugAfter          int
}

func (l lineFaults) active() bool {
	return l.noise > 0 || l.drop > 0 || l.lostAck > 0 || l.gap || l.unplugAfter > 0
}

// faultSet is the validated set of faults a Terminal runs with.
type faultSet struct {
	on      map[string]bool // boolean faults by name
	comm    string          // resolved comm mode
	stuck   []string
	dead    map[string]bool
	drift   time.Duration
	silent  map[serialio.Command]bool
	line    lineFaults
	applied []Fault // as given, normalised
}

func (f *faultSet) has(name string) bool { return f.on[name] }

// exclusiveGroups lists faults that contradict each other: at most one of each group.
var exclusiveGroups = [][]string{
	{"paper-out", "paper-low"},
	{"no-dialtone", "line-busy"},
	{"host-timeout", "host-refused"},
	{"no-sim", "no-signal", "weak-signal"},
	{"tmk-missing", "key-mismatch", "mac-error", "invalid-merchant", "terminal-unknown"},
}

// buildFaults validates faults together and resolves the comm mode: PSTN faults imply PSTN,
// mobile faults imply 4G, otherwise 4G (docs/simulator.md).
func buildFaults(faults []Fault) (faultSet, error) {
	f := faultSet{on: map[string]bool{}, dead: map[string]bool{}, silent: map[serialio.Command]bool{}}
	valued := map[string]string{}
	for _, given := range faults {
		p, err := ParseFault(given.String())
		if err != nil {
			return f, err
		}
		f.applied = append(f.applied, p)
		spec, _ := findSpec(p.Name)
		switch p.Name {
		case "stuck-key":
			if !contains(f.stuck, p.Value) {
				f.stuck = append(f.stuck, p.Value)
			}
			continue
		case "dead-key":
			f.dead[p.Value] = true
			continue
		case "silent":
			f.silent[serialio.Command(p.Value)] = true
			continue
		}
		if spec.Arg == "" {
			f.on[p.Name] = true
			continue
		}
		if old, dup := valued[p.Name]; dup && old != p.Value {
			return f, configError(msgGivenTwice, map[string]any{"Name": p.Name, "Old": old, "New": p.Value})
		}
		valued[p.Name] = p.Value
		switch p.Name {
		case "comm":
			f.comm = p.Value
		case "clock-drift":
			m, _ := strconv.Atoi(p.Value)
			f.drift = time.Duration(m) * time.Minute
		case "link-noise":
			f.line.noise, _ = strconv.ParseFloat(p.Value, 64)
		case "link-drop":
			f.line.drop, _ = strconv.ParseFloat(p.Value, 64)
		case "lost-ack":
			f.line.lostAck, _ = strconv.ParseFloat(p.Value, 64)
		case "unplug-after":
			f.line.unplugAfter, _ = strconv.Atoi(p.Value)
		}
	}
	f.line.gap = f.on["link-gap"]
	for _, group := range exclusiveGroups {
		var set []string
		for _, n := range group {
			if f.on[n] {
				set = append(set, n)
			}
		}
		if len(set) > 1 {
			last := len(set) - 1
			return f, configError(msgContradict, map[string]any{"Faults": strings.Join(set[:last], ", "), "Last": set[last]})
		}
	}
	for _, k := range f.stuck {
		if f.dead[k] {
			return f, configError(msgStuckDead, map[string]any{"Key": k})
		}
	}
	pstn := firstOn(f.on, "no-dialtone", "line-busy")
	mobile := firstOn(f.on, "no-sim", "no-signal", "weak-signal")
	switch {
	case f.comm != "":
		if pstn != "" && f.comm != "PSTN" {
			return f, configError(msgPSTNComm, map[string]any{"Fault": pstn, "Comm": f.comm})
		}
		if mobile != "" && f.comm != "GPRS" && f.comm != "4G" {
			return f, configError(msgMobileComm, map[string]any{"Fault": mobile, "Comm": f.comm})
		}
	case pstn != "" && mobile != "":
		return f, configError(msgTwoLinks, map[string]any{"PSTN": pstn, "Mobile": mobile})
	case pstn != "":
		f.comm = "PSTN"
	default:
		f.comm = "4G"
	}
	return f, nil
}

func firstOn(on map[string]bool, names ...string) string {
	for _, n := range names {
		if on[n] {
			return n
		}
	}
	return ""
}
