package reports

import (
	"posdoctor/diagnostics"
	"posdoctor/reports/xlsx"
)

// The incident workbook's bilingual labels of the checklist's vocabulary.

var statusLabels = map[diagnostics.Status][2]string{
	diagnostics.StatusPass:    {"通过", "pass"},
	diagnostics.StatusWarn:    {"警告", "warn"},
	diagnostics.StatusFail:    {"故障", "fail"},
	diagnostics.StatusSkipped: {"跳过", "skipped"},
	diagnostics.StatusError:   {"未能执行", "error"},
}

var severityLabels = map[diagnostics.Severity][2]string{
	diagnostics.SeverityInfo:     {"提示", "info"},
	diagnostics.SeverityWarning:  {"警告", "warning"},
	diagnostics.SeverityCritical: {"严重", "critical"},
}

var whoLabels = map[diagnostics.Who][2]string{
	diagnostics.WhoTechnician: {"维护人员", "technician"},
	diagnostics.WhoMerchant:   {"商户", "merchant"},
	diagnostics.WhoCardholder: {"持卡人", "cardholder"},
	diagnostics.WhoIssuer:     {"发卡行", "issuer"},
	diagnostics.WhoProvider:   {"服务商/收单机构", "service provider / acquirer"},
}

var verdictLabels = map[diagnostics.VerdictKind][2]string{
	diagnostics.VerdictAllPass:       {"全部通过", "All passed"},
	diagnostics.VerdictFixOnSite:     {"可现场修复", "Fixable on site"},
	diagnostics.VerdictNeedsProvider: {"需服务商处理", "Needs the service provider"},
	diagnostics.VerdictIncomplete:    {"检查未完成", "Check incomplete"},
}

var txnTypeLabels = map[string]string{
	"SALE": "消费", "VOID": "撤销", "REFUND": "退货", "PREAUTH": "预授权", "REVERSAL": "冲正", "BALANCE": "查余额",
}

// txnNotes is the Transactions sheet's attention column, by flag.
var txnNotes = map[diagnostics.TxnFlag]string{
	diagnostics.TxnUnconfirmedReverse: "冲正未确认：切勿重刷 / Reversal not confirmed: never re-swipe",
	diagnostics.TxnPossibleDuplicate:  "疑似重复扣款 / Possible duplicate charge",
	diagnostics.TxnFailed:             "交易失败 / Failed",
}

// txnHighlights colour a flagged transaction's row, most urgent the most alarming.
var txnHighlights = map[diagnostics.TxnFlag]xlsx.Highlight{
	diagnostics.TxnUnconfirmedReverse: xlsx.Alarm,
	diagnostics.TxnPossibleDuplicate:  xlsx.Warning,
	diagnostics.TxnFailed:             xlsx.Notice,
}

// statusTones colour a step's status cell.
var statusTones = map[diagnostics.Status]xlsx.Tone{
	diagnostics.StatusPass:    xlsx.Good,
	diagnostics.StatusWarn:    xlsx.Caution,
	diagnostics.StatusFail:    xlsx.Bad,
	diagnostics.StatusSkipped: xlsx.Muted,
	diagnostics.StatusError:   xlsx.Odd,
}

func pair[K comparable](m map[K][2]string, k K, fallback string) string {
	if l, ok := m[k]; ok {
		return bilingual(l[0], l[1])
	}
	return fallback
}

// stepLabel is a step's short name, "连接测试 / Link": diagnostics holds the one table.
func stepLabel(id diagnostics.StepID) string { return id.Name().Pair() }
