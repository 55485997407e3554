package reports

import (
	"posdoctor/diagnostics"
	"posdoctor/locale"
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

// stepLabel is a step's short name in l's Chinese, "连接测试 / Link": diagnostics holds the one
// table.
func stepLabel(id diagnostics.StepID, l locale.Lang) string { return pairIn(id.Name(), l) }

// zhOf is the Chinese a workbook writes its own words in before the book's text: zh_TW when
// it is converted to Traditional (traditional not nil), so labels and the checklist's
// messages take their hand-written Taiwan wording where they have one, Simplified otherwise.
func zhOf(traditional func(string) string) locale.Lang {
	if traditional != nil {
		return locale.ZHTW
	}
	return locale.ZH
}

// pairIn is a label as the workbooks write it ("中文 / English", Text.Pair) with its Chinese
// in l: its hand-written Traditional under zh_TW when it has one.
func pairIn(t locale.Text, l locale.Lang) string {
	if l == locale.ZHTW && t.ZHTW != "" {
		t.ZH = t.ZHTW
	}
	return t.Pair()
}
