package reports

import (
	"strings"

	"posdoctor/diagnostics"
)

// FormField is one box of a merchant's form: its label in both languages and what is written
// in it. A Wide box takes the whole width; the others go two to a row. A Hand box is left
// for the merchant or the technician to fill by hand (Value then says how, or is empty).
// An AsIs box holds what people typed or the terminal reported (the merchant's name, the
// note, the branch, ...): a form in Traditional Chinese writes it as stored, so a merchant's
// registered name is printed as registered, and only the form's own words are converted.
type FormField struct {
	ZH, EN string
	Value  string
	Wide   bool
	Hand   bool
	AsIs   bool
}

// FormSection is a titled group of boxes.
type FormSection struct {
	ZH, EN string
	Fields []FormField
}

// FormSignature is one of the empty boxes at the foot of every form: the merchant's stamp,
// signature and date.
type FormSignature struct{ ZH, EN string }

// FormSignatures are the boxes the merchant fills at the foot of the form.
var FormSignatures = []FormSignature{{"商户盖章", "Merchant's stamp"}, {"商户签字", "Signature"}, {"日期", "Date"}}

// FormNote is the line printed under every form: what the card number shows and what
// identifies the transaction.
const FormNote = "卡号仅显示前6位和后4位；凭证号、参考号和授权码供收单机构识别该笔交易。" +
	"The card number shows the first 6 and last 4 digits only: the trace, RRN and authorisation code identify the transaction to the acquirer."

// byHand is what a box says when the journal does not hold its value.
const byHand = "（交易记录中无，请按签购单填写）not in the journal: copy from the slip"

// Subtitle is the line under the form's title: the visit and when the form was filled.
func (f *Form) Subtitle() string {
	return "上门记录 Visit: " + f.VisitID + "    填表时间 Filled: " + f.Produced.Format("2006-01-02 15:04")
}

// Sections are the form's boxes in order, as the PDF, the workbook's sheet and the app's
// preview lay them out (docs/forms.md lists them).
func (f *Form) Sections() []FormSection {
	t := f.Txn
	typ := t.Type
	if zh, ok := txnTypeLabels[t.Type]; ok {
		typ = zh + " " + t.Type
	}
	card := f.Card
	if card == "" {
		card = f.CardProblem.Pair()
	}
	rc := t.RC
	if title := f.RCTitle.Pair(); title != "" {
		rc += "  " + title
	}
	status := t.Flag().Label().Pair()
	var flags []string
	for _, c := range t.Flags {
		if c == diagnostics.RecUnconfirmed && t.Flag() == diagnostics.TxnUnconfirmedReverse {
			continue // the status above says it already
		}
		if l, ok := diagnostics.RecFlagLabel(c); ok {
			flags = append(flags, l.Pair())
		}
	}
	if len(flags) > 0 {
		if status != "" {
			status += "; "
		}
		status += strings.Join(flags, "; ")
	}
	orHand := func(s string) string {
		if strings.TrimSpace(s) == "" {
			return byHand
		}
		return s
	}
	when := ""
	if !t.Time.IsZero() {
		when = t.Time.Format("2006-01-02 15:04:05")
	}

	requested := FormField{ZH: "申请金额", EN: "Amount requested", Hand: true, Wide: true,
		Value: "（由商户填写）to be filled in by the merchant"}
	if f.Kind == FormCollection || f.Reason == ReasonDuplicateCharge {
		requested = FormField{ZH: "申请金额", EN: "Amount requested", Wide: true, Value: Yuan(t.Amount) + "  " + f.Capital}
	}
	reason := f.Reason.Label().Pair()
	request := []FormField{
		{ZH: "申请事由", EN: "Reason", Value: reason, Wide: true},
		{ZH: "说明", EN: "Note", Value: f.Note, Wide: true, AsIs: true},
		requested,
	}
	if f.Insisted {
		request = append(request, FormField{ZH: "按技术员说明填写", EN: "Filled on the technician's word", Wide: true,
			Value: f.Unfit.Pair()})
	}

	return []FormSection{
		{ZH: "商户与终端", EN: "Merchant and terminal", Fields: []FormField{
			{ZH: "商户名称", EN: "Merchant", Value: f.Merchant, Wide: true, AsIs: true},
			{ZH: "商户号", EN: "MID", Value: f.MID, AsIs: true},
			{ZH: "终端号", EN: "TID", Value: f.TID, AsIs: true},
			{ZH: "终端型号", EN: "Model", Value: f.Model, AsIs: true},
			{ZH: "序列号", EN: "Serial no.", Value: f.Serial, AsIs: true},
		}},
		{ZH: "交易", EN: "Transaction", Fields: []FormField{
			{ZH: "交易时间", EN: "Date and time", Value: when},
			{ZH: "交易类型", EN: "Type", Value: typ},
			{ZH: "金额（小写）", EN: "Amount (figures)", Value: Yuan(t.Amount)},
			{ZH: "卡号", EN: "Card no.", Value: card, Hand: f.Card == ""},
			{ZH: "金额（大写）", EN: "Amount (in words)", Value: f.Capital, Wide: true},
			{ZH: "凭证号", EN: "Trace", Value: orHand(t.Trace), Hand: t.Trace == ""},
			{ZH: "批次号", EN: "Batch", Value: byHand, Hand: true},
			{ZH: "参考号", EN: "RRN", Value: orHand(t.RRN), Hand: t.RRN == ""},
			{ZH: "授权码", EN: "Auth code", Value: orHand(t.Auth), Hand: t.Auth == ""},
			{ZH: "应答码", EN: "Response code", Value: rc, Wide: true},
			{ZH: "交易状态", EN: "Status", Value: status, Wide: true},
		}},
		{ZH: "申请", EN: "Request", Fields: request},
		{ZH: "办理人", EN: "Filed by", Fields: []FormField{
			{ZH: "维护人员", EN: "Technician", Value: f.Technician, AsIs: true},
			{ZH: "联系电话", EN: "Contact", Value: f.Contact, Hand: f.Contact == "", AsIs: true},
			{ZH: "网点", EN: "Branch", Value: f.Branch, AsIs: true},
			{ZH: "填表日期", EN: "Date", Value: f.Produced.Format("2006-01-02")},
		}},
	}
}
