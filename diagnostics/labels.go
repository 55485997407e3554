package diagnostics

import "posdoctor/locale"

// The one label table of each type of the checklist's vocabulary (StepID has its own, in
// steps_vocab.go). The GUI, the CLI and the workbooks all read these: the Simplified Chinese
// and English words are the incident workbook's, which a golden test pins.

var statusLabels = [...]locale.Text{
	StatusPass:    {ZH: "通过", ZHTW: "通過", EN: "pass"},
	StatusWarn:    {ZH: "警告", ZHTW: "警告", EN: "warn"},
	StatusFail:    {ZH: "故障", ZHTW: "故障", EN: "fail"},
	StatusSkipped: {ZH: "跳过", ZHTW: "略過", EN: "skipped"},
	StatusError:   {ZH: "未能执行", ZHTW: "未能執行", EN: "error"},
}

var severityLabels = [...]locale.Text{
	SeverityInfo:     {ZH: "提示", ZHTW: "提示", EN: "info"},
	SeverityWarning:  {ZH: "警告", ZHTW: "警告", EN: "warning"},
	SeverityCritical: {ZH: "严重", ZHTW: "嚴重", EN: "critical"},
}

// txnTypeLabels are the journal's transaction types (§5 REC) in words; TxnTypeLabel reads them.
var txnTypeLabels = map[string]locale.Text{
	"SALE": {ZH: "消费", ZHTW: "消費", EN: "sale"}, "VOID": {ZH: "撤销", ZHTW: "撤銷", EN: "void"},
	"REFUND": {ZH: "退货", ZHTW: "退貨", EN: "refund"}, "PREAUTH": {ZH: "预授权", ZHTW: "預授權", EN: "pre-authorisation"},
	"REVERSAL": {ZH: "冲正", ZHTW: "沖正", EN: "reversal"}, "BALANCE": {ZH: "查余额", ZHTW: "查餘額", EN: "balance enquiry"},
}

// TxnTypeLabel is a journal record's type (SALE, VOID, ...) in words, ok false for a type the
// protocol does not name.
func TxnTypeLabel(typ string) (locale.Text, bool) {
	t, ok := txnTypeLabels[typ]
	return t, ok
}

var whoLabels = [...]locale.Text{
	WhoTechnician: {ZH: "维护人员", ZHTW: "維護人員", EN: "technician"},
	WhoMerchant:   {ZH: "商户", ZHTW: "商店", EN: "merchant"},
	WhoCardholder: {ZH: "持卡人", ZHTW: "持卡人", EN: "cardholder"},
	WhoIssuer:     {ZH: "发卡行", ZHTW: "發卡行", EN: "issuer"},
	WhoProvider:   {ZH: "服务商/收单机构", ZHTW: "服務商/收單機構", EN: "service provider / acquirer"},
}

// verdictText is a verdict as a heading's value (label: "可现场修复 / Fixable on site") and as a
// sentence after "Verdict:" (sentence: "problems found that can be fixed on site").
type verdictText struct{ label, sentence locale.Text }

var verdictLabels = [...]verdictText{
	VerdictAllPass: {
		locale.Text{ZH: "全部通过", ZHTW: "全部通過", EN: "All passed"},
		locale.Text{ZH: "全部检查通过", ZHTW: "全部檢查通過", EN: "all checks passed"},
	},
	VerdictFixOnSite: {
		locale.Text{ZH: "可现场修复", ZHTW: "可現場修復", EN: "Fixable on site"},
		locale.Text{ZH: "发现的问题可在现场处理", ZHTW: "發現的問題可在現場處理", EN: "problems found that can be fixed on site"},
	},
	VerdictNeedsProvider: {
		locale.Text{ZH: "需服务商处理", ZHTW: "需服務商處理", EN: "Needs the service provider"},
		locale.Text{ZH: "需要支付服务商处理", ZHTW: "需要支付服務商處理", EN: "needs the payment service provider"},
	},
	VerdictIncomplete: {
		locale.Text{ZH: "检查未完成", ZHTW: "檢查未完成", EN: "Check incomplete"},
		locale.Text{ZH: "检查未能完成", ZHTW: "檢查未能完成", EN: "the check could not finish"},
	},
}

// texts is the verdict's row of verdictLabels, or its name for both for a verdict without one.
func (v VerdictKind) texts() verdictText {
	if !verdictNames.Valid(v) {
		name := locale.Text{ZH: v.String(), EN: v.String()}
		return verdictText{name, name}
	}
	return verdictLabels[v]
}

// txnFlagLabels say what to mind about a flagged transaction; a normal one has none.
var txnFlagLabels = [...]locale.Text{
	TxnNormal:             {},
	TxnUnconfirmedReverse: {ZH: "冲正未确认：切勿重刷", ZHTW: "沖正未確認：切勿重刷", EN: "Reversal not confirmed: never re-swipe"},
	TxnPossibleDuplicate:  {ZH: "疑似重复扣款", ZHTW: "疑似重複扣款", EN: "Possible duplicate charge"},
	TxnFailed:             {ZH: "交易失败", ZHTW: "交易失敗", EN: "Failed"},
}

// Label is the status in every language ("故障" / "fail").
func (s Status) Label() locale.Text { return statusNames.Label(statusLabels[:], s) }

// Label is the severity in every language ("严重" / "critical").
func (s Severity) Label() locale.Text { return severityNames.Label(severityLabels[:], s) }

// Label is the party in every language ("服务商/收单机构" / "service provider / acquirer").
func (w Who) Label() locale.Text { return whoNames.Label(whoLabels[:], w) }

// Label is the verdict in a few words, as a workbook's cell holds it ("可现场修复" /
// "Fixable on site").
func (v VerdictKind) Label() locale.Text { return v.texts().label }

// Sentence is the verdict as the GUI and the CLI say it after "Verdict:" ("需要支付服务商处理"
// / "needs the payment service provider").
func (v VerdictKind) Sentence() locale.Text { return v.texts().sentence }

// Label says what to mind about a transaction with this flag ("冲正未确认：切勿重刷" /
// "Reversal not confirmed: never re-swipe"); empty for TxnNormal.
func (f TxnFlag) Label() locale.Text { return txnFlagNames.Label(txnFlagLabels[:], f) }
