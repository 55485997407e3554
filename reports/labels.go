package reports

import (
	"posdoctor/diagnostics"
	"posdoctor/reports/xlsx"
)

// The incident workbook's words and colours for the checklist's vocabulary. The labels of
// statuses, severities, parties, verdicts and transaction flags are diagnostics' one table
// each (Label); what is only the workbook's (transaction types, colours) is here.

var txnTypeLabels = map[string]string{
	"SALE": "消费", "VOID": "撤销", "REFUND": "退货", "PREAUTH": "预授权", "REVERSAL": "冲正", "BALANCE": "查余额",
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

// stepLabel is a step's short name, "连接测试 / Link": diagnostics holds the one table.
func stepLabel(id diagnostics.StepID) string { return id.Name().Pair() }
