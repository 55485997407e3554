package diagnostics

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"posdoctor/locale"
	"posdoctor/serialio"
)

// Evidence keys are stable (check --json shows them); a person reads them through this one
// label table, and their values through EvidenceText.

func lt(zh, zhTW, en string) locale.Text { return locale.Text{ZH: zh, ZHTW: zhTW, EN: en} }

// evidenceLabels names the evidence keys that are not ST's fields (those take
// serialio.StatusFields' labels).
var evidenceLabels = map[string]locale.Text{
	"abandoned_frames":   lt("被放弃的帧", "被放棄的幀", "Abandoned frames"),
	"ack_timeouts":       lt("确认超时", "確認逾時", "ACK timeouts"),
	"busy_answers":       lt("忙碌应答 (E3)", "忙碌回應 (E3)", "Busy answers (E3)"),
	"clock_drift_s":      lt("时钟偏差（秒）", "時鐘偏差（秒）", "Clock drift (s)"),
	"dialtone":           lt("拨号音", "撥號音", "Dial tone"),
	"echo_mismatches":    lt("回送不一致", "回送不一致", "Echo mismatches"),
	"echo_rounds":        lt("回送轮数", "回送輪數", "Echo rounds"),
	"echo_rtt_ms":        lt("回送往返时间（毫秒）", "回送往返時間（毫秒）", "Echo round trips (ms)"),
	"echoes_late":        lt("迟到的回送", "遲到的回送", "Late echoes"),
	"end":                lt("结束原因", "結束原因", "Ended"),
	"enq":                lt("ENQ 应答", "ENQ 回應", "ENQ answer"),
	"enq_ms":             lt("ENQ 应答时间（毫秒）", "ENQ 回應時間（毫秒）", "ENQ answer (ms)"),
	"enq_probes":         lt("ENQ 探测次数", "ENQ 探測次數", "ENQ probes"),
	"enq_unanswered":     lt("未应答的 ENQ", "未回應的 ENQ", "Unanswered ENQs"),
	"error":              lt("出错详情", "出錯詳情", "Error details"),
	"event_log_error":    lt("读取事件日志出错", "讀取事件日誌出錯", "Event log error"),
	"event_pages":        lt("事件日志页数", "事件日誌頁數", "Event log pages"),
	"events":             lt("事件数", "事件數", "Events"), // a step's own label below says which
	"events_by_code":     lt("各代码的事件数", "各代碼的事件數", "Events by code"),
	"failed_by_rc":       lt("各应答码的失败笔数", "各回應碼的失敗筆數", "Failed transactions by RC"),
	"held_or_line_delay": lt("按键按住或线路延迟", "按鍵按住或線路延遲", "Key held or line delay"),
	"host":               lt("主机", "主機", "Host"),
	"host_clock_diff_s":  lt("与主机的时钟差（秒）", "與主機的時鐘差（秒）", "Clock vs host (s)"),
	"hosttime":           lt("主机时间", "主機時間", "Host time"),
	"journal_error":      lt("读取流水出错", "讀取交易紀錄出錯", "Journal error"),
	"journal_pages":      lt("流水页数", "交易紀錄頁數", "Journal pages"),
	"keychk":             lt("密钥校验", "金鑰驗證", "Key check"),
	"lastsignon":         lt("上次签到", "上次簽到", "Last sign-on"),
	"line":               lt("线路", "線路", "Line"),
	"lossy_line":         lt("线路丢失数据", "線路遺失資料", "Lossy line"),
	"mak":                lt("MAK 校验值", "MAK 驗證值", "MAK check value"),
	"pik":                lt("PIK 校验值", "PIK 驗證值", "PIK check value"),
	"tdk":                lt("TDK 校验值", "TDK 驗證值", "TDK check value"),
	"old_mak":            lt("原 MAK 校验值", "原 MAK 驗證值", "Previous MAK check value"),
	"old_pik":            lt("原 PIK 校验值", "原 PIK 驗證值", "Previous PIK check value"),
	"old_tdk":            lt("原 TDK 校验值", "原 TDK 驗證值", "Previous TDK check value"),
	"malformed_records":  lt("格式错误的记录", "格式錯誤的記錄", "Malformed records"),
	"mode":               lt("通讯方式", "通訊方式", "Comm mode"),
	"naks":               lt("NAK 次数", "NAK 次數", "NAKs"),
	"noise_bytes":        lt("干扰字节", "干擾位元組", "Noise bytes"),
	"ping_rounds":        lt("探测轮数", "探測輪數", "Ping rounds"),
	"ping_rtt_ms":        lt("探测往返时间（毫秒）", "探測往返時間（毫秒）", "Ping round trips (ms)"),
	"pt_cover":           lt("打印时仓盖", "列印時機蓋", "Cover (print test)"),
	"pt_paper":           lt("打印时纸张", "列印時紙張", "Paper (print test)"),
	"pt_rc":              lt("打印应答码", "列印回應碼", "Print RC"),
	"pt_temp":            lt("打印头温度（℃）", "列印頭溫度（℃）", "Print head (°C)"),
	"pt_volt":            lt("打印电压（毫伏）", "列印電壓（毫伏）", "Print voltage (mV)"),
	"rc":                 lt("应答码", "回應碼", "RC"),
	"reg":                lt("已注册网络", "已註冊網路", "Registered"),
	"repeated_answers":   lt("重复应答", "重複回應", "Repeated answers"),
	"repeated_records":   lt("重复记录", "重複記錄", "Repeated records"),
	"resends":            lt("重发次数", "重送次數", "Resends"),
	"rtt":                lt("主机往返时间（毫秒）", "主機往返時間（毫秒）", "Host round trip (ms)"),
	"seen":               lt("已按到的键", "已按到的鍵", "Keys seen"),
	"settle_age_h":       lt("距上次结算（小时）", "距上次結帳（小時）", "Since settlement (h)"),
	"signal":             lt("信号强度 (CSQ)", "訊號強度 (CSQ)", "Signal (CSQ)"),
	"sim":                lt("SIM 卡", "SIM 卡", "SIM"),
	"slip_legible":       lt("测试单清晰", "測試單清晰", "Slip legible"),
	"tmk":                lt("主密钥", "主金鑰", "Master key"),
	"tmkidx":             lt("主密钥索引", "主金鑰索引", "Master key index"),
	"transactions":       lt("交易笔数", "交易筆數", "Transactions"),
	"up_not_seen":        lt("未见松开的键", "未見放開的鍵", "Keys never released"),
}

// stepEvidenceLabels name the evidence keys two steps use for different things: "events" is
// the key presses the keypad test counted (KE), and the entries of the event log (EL) the
// journal step read.
var stepEvidenceLabels = map[StepID]map[string]locale.Text{
	StepKeypad:  {"events": lt("按键事件", "按鍵事件", "Key events")},
	StepJournal: {"events": lt("事件日志条目", "事件日誌條目", "Event-log entries")},
}

// evidenceWords are the words of the enumerated values of CT, KS, SO and PT evidence.
var evidenceWords = map[string]locale.Text{
	"Y": lt("是", "是", "Yes"), "N": lt("否", "否", "No"), "NA": lt("不适用", "不適用", "n/a"),
	"FREE": lt("空闲", "空閒", "Free"), "BUSY": lt("占线", "佔線", "Busy"),
	"READY": lt("就绪", "就緒", "Ready"), "ABSENT": lt("未插卡", "未插卡", "Absent"), "PIN": lt("需要 PIN", "需要 PIN", "PIN needed"),
	"OK": lt("正常", "正常", "OK"), "TIMEOUT": lt("超时", "逾時", "Timeout"), "REFUSED": lt("拒绝", "拒絕", "Refused"),
	"FAIL": lt("失败", "失敗", "Failed"),
}

// evidenceFieldOf maps an evidence key to the ST field whose words it takes.
var evidenceFieldOf = map[string]string{"pt_cover": "COVER", "pt_paper": "PAPER"}

// evidenceTimes are the keys whose values are YYYYMMDDhhmmss stamps.
var evidenceTimes = []string{"hosttime", "lastsignon"}

// EvidenceLabel is the name of evidence key k in l: its label, ST's field label for ST's
// fields, the key itself for one nobody named.
func EvidenceLabel(k string, l locale.Lang) string {
	if t, ok := evidenceLabels[k]; ok {
		return t.In(l)
	}
	for _, f := range serialio.StatusFields {
		if strings.EqualFold(f.Name, k) {
			return f.Label.In(l)
		}
	}
	return k
}

// StepEvidenceLabel is the name of evidence key k of step id in l: the step's own label where
// the key means something particular in that step (the journal's "events" are event-log
// entries, the keypad's key events), else EvidenceLabel.
func StepEvidenceLabel(id StepID, k string, l locale.Lang) string {
	if t, ok := stepEvidenceLabels[id][k]; ok {
		return t.In(l)
	}
	return EvidenceLabel(k, l)
}

// EvidenceText is evidence value v of key k as a person reads it in l: yes/no, the words of
// enumerated fields, time stamps as dates, lists and counts by code written out.
func EvidenceText(k string, v any, l locale.Lang) string {
	switch x := v.(type) {
	case bool:
		if x {
			return evidenceWords["Y"].In(l)
		}
		return evidenceWords["N"].In(l)
	case string:
		return evidenceString(k, x, l)
	case []any:
		return listText(x)
	case []int64:
		return listText(x)
	case map[string]int:
		return countsText(x)
	case map[string]any:
		m := make(map[string]int, len(x))
		for c, n := range x {
			if f, ok := n.(float64); ok {
				m[c] = int(f)
			} else if i, ok := n.(int); ok {
				m[c] = i
			}
		}
		return countsText(m)
	}
	return fmt.Sprint(v)
}

func evidenceString(k, s string, l locale.Lang) string {
	if slices.Contains(evidenceTimes, k) {
		if t, err := time.Parse("20060102150405", s); err == nil {
			return t.Format("2006-01-02 15:04:05")
		}
	}
	if f, ok := evidenceFieldOf[k]; ok {
		return serialio.StatusValue(f, s, l)
	}
	for _, f := range serialio.StatusFields {
		if strings.EqualFold(f.Name, k) {
			if f.Name == "KEYS" || f.Name == "STUCK" {
				return strings.ReplaceAll(s, ",", ", ")
			}
			return serialio.StatusValue(f.Name, s, l)
		}
	}
	if _, named := evidenceLabels[k]; named {
		if w, ok := evidenceWords[s]; ok {
			return w.In(l)
		}
	}
	return s
}

// listText writes a list's values as fmt.Sprint does each: "1, 2, 3".
func listText[T any](xs []T) string {
	parts := make([]string, len(xs))
	for i, e := range xs {
		parts[i] = fmt.Sprint(e)
	}
	return strings.Join(parts, ", ")
}

// countsText writes counts by code, most first: "00 ×42, A0 ×2".
func countsText(m map[string]int) string {
	codes := make([]string, 0, len(m))
	for c := range m {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool {
		if m[codes[i]] != m[codes[j]] {
			return m[codes[i]] > m[codes[j]]
		}
		return codes[i] < codes[j]
	})
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = fmt.Sprintf("%s ×%d", c, m[c])
	}
	return strings.Join(parts, ", ")
}
