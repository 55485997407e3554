package serialio

import (
	"strconv"
	"time"

	"posdoctor/locale"
)

// StatusField is one field of the ST response (PROTOCOL.md §5) with its label for people.
type StatusField struct {
	Name  string      // as on the wire: MODEL, SN, ...
	Label locale.Text // what a person reads
}

// StatusFields are ST's response fields in PROTOCOL.md §5 order, with their labels: the one
// table the Connect screen and `posdoctor status` show.
var StatusFields = []StatusField{
	{"MODEL", locale.Text{ZH: "型号", ZHTW: "型號", EN: "Model"}},
	{"SN", locale.Text{ZH: "序列号", ZHTW: "序號", EN: "Serial number"}},
	{"FW", locale.Text{ZH: "固件版本", ZHTW: "韌體版本", EN: "Firmware"}},
	{"TID", locale.Text{ZH: "终端号 (TID)", ZHTW: "終端機代號 (TID)", EN: "Terminal ID (TID)"}},
	{"MID", locale.Text{ZH: "商户号 (MID)", ZHTW: "商店代號 (MID)", EN: "Merchant ID (MID)"}},
	{"MNAME", locale.Text{ZH: "商户名称", ZHTW: "商店名稱", EN: "Merchant"}},
	{"BATCH", locale.Text{ZH: "批次号", ZHTW: "批次號", EN: "Batch"}},
	{"TRACE", locale.Text{ZH: "流水号", ZHTW: "流水號", EN: "Trace"}},
	{"COMM", locale.Text{ZH: "通讯方式", ZHTW: "通訊方式", EN: "Comm"}},
	{"SIGNED", locale.Text{ZH: "已签到", ZHTW: "已簽到", EN: "Signed on"}},
	{"TIME", locale.Text{ZH: "终端时钟", ZHTW: "終端機時鐘", EN: "Terminal clock"}},
	{"PAPER", locale.Text{ZH: "打印纸", ZHTW: "列印紙", EN: "Paper"}},
	{"COVER", locale.Text{ZH: "打印机仓盖", ZHTW: "印表機蓋", EN: "Printer cover"}},
	{"BATT", locale.Text{ZH: "电量", ZHTW: "電量", EN: "Battery"}},
	{"PENDING", locale.Text{ZH: "待结算笔数", ZHTW: "待結帳筆數", EN: "Pending settlement"}},
	{"OFFLINE", locale.Text{ZH: "离线未上送", ZHTW: "離線未上傳", EN: "Offline, not uploaded"}},
	{"LASTSETTLE", locale.Text{ZH: "上次结算", ZHTW: "上次結帳", EN: "Last settlement"}},
	{"KEYS", locale.Text{ZH: "按键", ZHTW: "按鍵", EN: "Keys"}},
	{"STUCK", locale.Text{ZH: "卡键", ZHTW: "卡鍵", EN: "Stuck keys"}},
}

// statusValues are the words of ST's enumerated fields (PROTOCOL.md §5), for people.
var statusValues = map[string]map[string]locale.Text{
	"SIGNED": {"Y": {ZH: "是", ZHTW: "是", EN: "Yes"}, "N": {ZH: "否", ZHTW: "否", EN: "No"}},
	"PAPER": {
		"OK":  {ZH: "正常", ZHTW: "正常", EN: "OK"},
		"LOW": {ZH: "将用完", ZHTW: "將用完", EN: "Low"},
		"OUT": {ZH: "缺纸", ZHTW: "缺紙", EN: "Out"},
	},
	"COVER": {"CLOSED": {ZH: "关闭", ZHTW: "關閉", EN: "Closed"}, "OPEN": {ZH: "打开", ZHTW: "開啟", EN: "Open"}},
	"BATT":  {"NA": {ZH: "无电池", ZHTW: "無電池", EN: "No battery"}},
}

// StatusValue is value of ST's field as a person reads it in l: the enumerated words in l
// (PAPER OUT → 缺纸), time stamps as 2006-01-02 15:04:05, the battery in percent; any other
// value (codes, names, numbers, "") as it came.
func StatusValue(field, value string, l locale.Lang) string {
	if t, ok := statusValues[field][value]; ok {
		return t.In(l)
	}
	switch field {
	case "TIME", "LASTSETTLE":
		if ts, err := time.Parse("20060102150405", value); err == nil {
			return ts.Format("2006-01-02 15:04:05")
		}
	case "BATT":
		if n, err := strconv.Atoi(value); err == nil && n >= 0 && n <= 100 {
			return value + " %"
		}
	}
	return value
}
