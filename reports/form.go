package reports

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"posdoctor/diagnostics"
	"posdoctor/enum"
	"posdoctor/locale"
)

// The merchant's forms (docs/forms.md): when money went wrong at the counter, the paperwork the
// merchant signs and stamps and the technician carries to the service provider, filled from a
// transaction of the visit's journal. This file is the model, the filling and the rules of
// when a form is offered; the workbook's sheet is form_sheet.go, the PDF package forms.

// FormKind is which of the merchant's forms.
type FormKind int

// The forms (DOMAIN.md, "Rules that protect money").
const (
	FormAdjustment FormKind = iota // 特约商户调账申请表: amount keyed wrong with the cardholder gone, a refund after the day, a duplicate charge
	FormCollection                 // 特约商户托收/请款业务申请表: a reversal not confirmed while the goods were handed over
)

// formKindNames are stored (FormRecord.Kind) and typed on the command line: never rename one.
var formKindNames = enum.Names[FormKind]{"adjustment", "collection"}

var formKindLabels = [...]locale.Text{
	FormAdjustment: {ZH: "调账申请", ZHTW: "調帳申請", EN: "Adjustment"},
	FormCollection: {ZH: "托收/请款", ZHTW: "託收/請款", EN: "Collection"},
}

var formKindTitles = [...]locale.Text{
	FormAdjustment: {ZH: "特约商户调账申请表", ZHTW: "特約商店調帳申請表", EN: "Merchant adjustment request"},
	FormCollection: {ZH: "特约商户托收/请款业务申请表", ZHTW: "特約商店託收/請款業務申請表", EN: "Merchant collection request"},
}

// FormKinds lists the forms in display order.
func FormKinds() []FormKind { return formKindNames.Values() }

// String returns the form's stable name ("adjustment").
func (k FormKind) String() string { return formKindNames.String(k) }

// ParseFormKind reads a form's name as String writes it.
func ParseFormKind(s string) (FormKind, error) { return formKindNames.Parse(s) }

// Label is the form's short name, as a button says it: 调账申请 / Adjustment.
func (k FormKind) Label() locale.Text { return formKindNames.Label(formKindLabels[:], k) }

// Title is the form's printed title: 特约商户调账申请表 / Merchant adjustment request.
func (k FormKind) Title() locale.Text { return formKindNames.Label(formKindTitles[:], k) }

// FormReason is why the merchant files the form, from the bilingual list the technician picks.
type FormReason int

// The reasons.
const (
	ReasonAmountWrong       FormReason = iota // amount keyed wrong, the cardholder gone
	ReasonRefundAfterDay                      // a refund after the day (no void any more)
	ReasonReversalDelivered                   // reversal not confirmed, goods handed over
	ReasonDuplicateCharge                     // the cardholder was charged twice
	ReasonOther                               // other: the note says what
)

// formReasonNames are stored (FormRecord.Reason) and typed on the command line: never rename one.
var formReasonNames = enum.Names[FormReason]{"amount-wrong", "refund-after-day", "reversal-goods-delivered", "duplicate-charge", "other"}

var formReasonLabels = [...]locale.Text{
	ReasonAmountWrong:       {ZH: "金额输错，持卡人已离开", ZHTW: "金額輸錯，持卡人已離開", EN: "Amount keyed wrong, cardholder gone"},
	ReasonRefundAfterDay:    {ZH: "隔日退货", ZHTW: "隔日退貨", EN: "Refund after the day"},
	ReasonReversalDelivered: {ZH: "冲正未确认，货物已交付", ZHTW: "沖正未確認，貨物已交付", EN: "Reversal not confirmed, goods delivered"},
	ReasonDuplicateCharge:   {ZH: "重复扣款", ZHTW: "重複扣款", EN: "Duplicate charge"},
	ReasonOther:             {ZH: "其他（须写明）", ZHTW: "其他（須寫明）", EN: "Other (say what)"},
}

// String returns the reason's stable name ("amount-wrong").
func (r FormReason) String() string { return formReasonNames.String(r) }

// ParseFormReason reads a reason's name as String writes it.
func ParseFormReason(s string) (FormReason, error) { return formReasonNames.Parse(s) }

// Label is the reason in words.
func (r FormReason) Label() locale.Text { return formReasonNames.Label(formReasonLabels[:], r) }

// ReadFormReason reads a reason as a technician types it: its name (any case), or its words
// in either script of Chinese or in English (重复扣款, 重複扣款, Duplicate charge; 其他 without
// the bracket), full-width forms and spaces of any kind ignored. The command line takes a
// reason so, the technician in Taiwan typing what the list shows him.
func ReadFormReason(s string) (FormReason, bool) {
	return readByWords(formReasonNames.Values(), s, func(r FormReason) (string, locale.Text) { return r.String(), r.Label() })
}

// ReadCategory reads a category as a person types it, by the rules of ReadFormReason: its
// name (printer, host merchant setup) or its label in any language (印表機, 打印机, Printer).
func ReadCategory(s string) (Category, bool) {
	return readByWords(Categories(), s, func(c Category) (string, locale.Text) { return c.String(), c.Labels() })
}

// readByWords is the value of values whose name or label (Simplified, Traditional, English;
// a label's words before its bracket too) s is, compared as wordKey compares them.
func readByWords[T any](values []T, s string, words func(T) (string, locale.Text)) (T, bool) {
	var zero T
	typed := wordKey(s)
	if typed == "" {
		return zero, false
	}
	for _, v := range values {
		name, l := words(v)
		for _, w := range []string{name, l.ZH, l.In(locale.ZHTW), l.EN} {
			k := wordKey(w)
			short, _, _ := strings.Cut(k, "(")
			if typed == k || typed == short {
				return v, true
			}
		}
	}
	return zero, false
}

// wordKey is s as readByWords compares it: full-width folded, lower case, without spaces,
// invisible characters, '-', '_' or '/' (amount wrong, amount-wrong and amount_wrong are one).
func wordKey(s string) string {
	return strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) || r == '-' || r == '_' || r == '/' {
			return -1
		}
		return r
	}, locale.FoldWidth(s)))
}

// reasonChoices lists the reasons of k for a message in l: in Chinese each name with its
// words (duplicate-charge（重複扣款）), which the command line takes too; in English the
// names, which are the words.
func (k FormKind) reasonChoices(l locale.Lang) string {
	var out []string
	for _, r := range k.Reasons() {
		if l == locale.EN {
			out = append(out, r.String())
			continue
		}
		words, _, _ := strings.Cut(r.Label().In(l), "（")
		out = append(out, r.String()+"（"+words+"）")
	}
	if l == locale.EN {
		return strings.Join(out, ", ")
	}
	return strings.Join(out, "、")
}

// Reasons lists the reasons that fit the form, in the order a list offers them; "other" last.
func (k FormKind) Reasons() []FormReason {
	if k == FormCollection {
		return []FormReason{ReasonReversalDelivered, ReasonOther}
	}
	return []FormReason{ReasonAmountWrong, ReasonRefundAfterDay, ReasonDuplicateCharge, ReasonOther}
}

// DefaultReason is the reason a form for t starts with: a duplicate charge for a possible
// duplicate, the unconfirmed reversal for a collection, else the amount keyed wrong.
func (k FormKind) DefaultReason(t diagnostics.Transaction) FormReason {
	switch {
	case k == FormCollection:
		return ReasonReversalDelivered
	case t.Flag() == diagnostics.TxnPossibleDuplicate:
		return ReasonDuplicateCharge
	}
	return ReasonAmountWrong
}

// FormError is a form that could not be filled: Err (one of the sentinels above, or
// ErrAmount), and what to tell the technician.
type FormError struct {
	Err  error
	Text locale.Text
}

func (e *FormError) Error() string { return e.Text.EN }
func (e *FormError) Unwrap() error { return e.Err }

func formErr(err error, zh, zhtw, en string, args ...any) *FormError {
	return &FormError{Err: err, Text: locale.Text{ZH: fmt.Sprintf(zh, args...), ZHTW: fmt.Sprintf(zhtw, args...), EN: fmt.Sprintf(en, args...)}}
}

// NormalizeTrace reads a trace number (凭证号) as typed: digits of any width (１２３ from a
// Chinese input method), spaces of any kind around or between them; up to 6 digits, padded
// with zeros to the journal's 6 ("123" is 000123).
func NormalizeTrace(s string) (string, error) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteRune('0' + r - '０')
		case unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff':
		default:
			return "", formErr(ErrBadTrace, "凭证号 %q 不是数字：请输入签购单或交易记录上的 6 位凭证号",
				"憑證號 %q 不是數字：請輸入簽購單或交易記錄上的 6 位憑證號",
				"trace %q is not a number: give the 6-digit trace number from the slip or the journal", CleanText(s))
		}
	}
	d := b.String()
	if d == "" || len(d) > 6 {
		return "", formErr(ErrBadTrace, "凭证号 %q 应为 1 到 6 位数字（签购单上的凭证号）",
			"憑證號 %q 應為 1 到 6 位數字（簽購單上的憑證號）",
			"trace %q: a trace number is 1 to 6 digits (the slip's 凭证号)", CleanText(s))
	}
	return strings.Repeat("0", 6-len(d)) + d, nil
}

// FindTransaction finds the journal record of a trace number as typed (NormalizeTrace). Trace
// numbers wrap at 999999, so a long journal may hold one twice: that is refused, saying when
// each was, rather than guessed.
func FindTransaction(journal []diagnostics.Transaction, trace string) (diagnostics.Transaction, error) {
	want, err := NormalizeTrace(trace)
	if err != nil {
		return diagnostics.Transaction{}, err
	}
	var found []diagnostics.Transaction
	for _, t := range journal {
		if got, err := NormalizeTrace(t.Trace); err == nil && got == want {
			found = append(found, t)
		}
	}
	switch len(found) {
	case 0:
		return diagnostics.Transaction{}, formErr(ErrNoTransaction,
			"交易记录中没有凭证号 %s 的交易（共 %d 笔）：请核对签购单，或重新读取终端交易记录",
			"交易記錄中沒有憑證號 %s 的交易（共 %d 筆）：請核對簽購單，或重新讀取終端交易記錄",
			"no transaction with trace %s in the visit's journal (%d records): check the slip, or fetch the journal again", want, len(journal))
	case 1:
		return found[0], nil
	}
	var when []string
	for _, t := range found {
		when = append(when, t.Time.Format("2006-01-02 15:04")+" "+CleanText(t.Type)+" "+Yuan(t.Amount))
	}
	list := strings.Join(when, "; ")
	return diagnostics.Transaction{}, formErr(ErrNoTransaction,
		"凭证号 %s 在交易记录中出现 %d 次（%s）：无法确定是哪一笔，请手工填表",
		"憑證號 %s 在交易記錄中出現 %d 次（%s）：無法確定是哪一筆，請手工填表",
		"trace %s is in the journal %d times (%s): which one cannot be told, fill this form by hand", want, len(found), list)
}

// Offered says whether the form fits transaction t, and when it does not, why: a collection
// request only for a reversal not confirmed (flag U or REVERSAL-PENDING); an adjustment only
// for an approved sale that was not reversed (a possible duplicate among them). A form that does
// not fit can still be filled when the technician insists and says why (FormRequest.Insist).
func (k FormKind) Offered(t diagnostics.Transaction) (bool, locale.Text) {
	unconfirmed := t.Flag() == diagnostics.TxnUnconfirmedReverse
	if k == FormCollection {
		if unconfirmed {
			return true, locale.Text{}
		}
		return false, locale.Text{ZH: "这笔交易没有未确认的冲正：托收/请款只用于冲正未确认而货物已交付的交易",
			ZHTW: "這筆交易沒有未確認的沖正：託收/請款只用於沖正未確認而貨物已交付的交易",
			EN:   "this transaction has no unconfirmed reversal: a collection request is for a reversal not confirmed while the goods were handed over"}
	}
	switch {
	case unconfirmed:
		return false, locale.Text{ZH: "冲正未确认：应填托收/请款申请表，不是调账", ZHTW: "沖正未確認：應填託收/請款申請表，不是調帳",
			EN: "the reversal is not confirmed: that is a collection request, not an adjustment"}
	case t.Type != "SALE":
		typ := CleanText(t.Type)
		return false, locale.Text{ZH: "只有消费交易可以调账（这笔是 " + typ + "）", ZHTW: "只有消費交易可以調帳（這筆是 " + typ + "）",
			EN: "only a sale can be adjusted (this one is " + typ + ")"}
	case t.RC != "00":
		rc := CleanText(t.RC)
		return false, locale.Text{ZH: "交易未成功（应答码 " + rc + "），持卡人没有被扣款", ZHTW: "交易未成功（回應碼 " + rc + "），持卡人沒有被扣款",
			EN: "the sale was not approved (RC " + rc + "): the cardholder was not charged"}
	case strings.ContainsRune(t.Flags, diagnostics.RecReversed):
		return false, locale.Text{ZH: "交易已冲正，款项已退回持卡人", ZHTW: "交易已沖正，款項已退回持卡人",
			EN: "the sale was reversed: the money went back to the cardholder"}
	}
	return true, locale.Text{}
}

// offeredFor is Offered with what only the journal and the reason tell: a duplicate charge
// is refunded on the later sale of the pair, never on both, so the earlier one is refused.
func (k FormKind) offeredFor(journal []diagnostics.Transaction, t diagnostics.Transaction, reason FormReason) (bool, locale.Text) {
	if ok, why := k.Offered(t); !ok {
		return ok, why
	}
	if k != FormAdjustment || reason != ReasonDuplicateCharge {
		return true, locale.Text{}
	}
	for _, o := range journal {
		if o.Trace != t.Trace && o.Type == "SALE" && o.RC == "00" && o.Amount == t.Amount && o.PAN == t.PAN &&
			slices.Contains(o.Flagged, diagnostics.CodeDuplicateCharge) && o.Time.After(t.Time) {
			tr := CleanText(o.Trace)
			return false, locale.Text{
				ZH:   "这是疑似重复的两笔中较早的一笔：重复扣款只退一次，请对较晚的一笔（凭证号 " + tr + "）填调账",
				ZHTW: "這是疑似重複的兩筆中較早的一筆：重複扣款只退一次，請對較晚的一筆（憑證號 " + tr + "）填調帳",
				EN:   "this is the earlier sale of the possible duplicate: a double charge is refunded once, on the later sale (trace " + tr + ")"}
		}
	}
	return true, locale.Text{}
}

// OfferedForms lists the forms that fit t (Offered), for a row's buttons.
func OfferedForms(t diagnostics.Transaction) []FormKind {
	var out []FormKind
	for _, k := range FormKinds() {
		if ok, _ := k.Offered(t); ok {
			out = append(out, k)
		}
	}
	return out
}

// FormRequest is what the technician asks for: which form, for which trace, why.
type FormRequest struct {
	Kind    FormKind
	Trace   string // as typed (NormalizeTrace)
	Reason  string // a FormReason's name; "" takes the form's DefaultReason
	Note    string // the technician's words: needed for "other" and when insisting
	Insist  bool   // fill the form even where it does not fit (Offered); the note says why
	Contact string // how the provider reaches the technician (a phone number)
	Now     time.Time
}

// Form is a merchant's form filled from a visit and one transaction of its journal: what the
// PDF (package forms), the workbook's sheet and the app's preview all show. Every text in it
// is cleaned, the card number masked.
type Form struct {
	Kind     FormKind
	Reason   FormReason
	Note     string
	Insisted bool        // filled although it does not fit the transaction
	Unfit    locale.Text // why it does not fit, when Insisted
	Produced time.Time

	VisitID, Technician, Branch, Contact string
	Merchant, MID, TID, Model, Serial    string

	Txn         diagnostics.Transaction // as the journal has it, cleaned
	Card        string                  // the masked card number, "" when the journal has none usable
	CardProblem locale.Text             // what is wrong with the journal's card field; empty when nothing
	RCTitle     locale.Text             // the response code's meaning, from the code book
	Capital     string                  // the amount in capital numerals
}

// NewForm fills a form for inc from its journal. It refuses, with a *FormError: a trace not
// found (or found twice), a form that does not fit the transaction unless req.Insist with a
// note, a reason that does not fit the form, "other" without a note, and an amount a form
// cannot carry. ex explains the response code (nil: the code alone).
func NewForm(inc *Incident, req FormRequest, ex Explainer) (*Form, error) {
	if inc == nil {
		return nil, fmt.Errorf("%w: no visit", ErrInvalid)
	}
	if !formKindNames.Valid(req.Kind) {
		return nil, formErr(ErrBadReason, "没有这种表：%s", "沒有這種表：%s", "no such form: %s", req.Kind)
	}
	t, err := FindTransaction(inc.Journal, req.Trace)
	if err != nil {
		return nil, err
	}
	rec := FormRecord{Kind: req.Kind.String(), Trace: t.Trace, Reason: req.Reason, Note: req.Note, Contact: req.Contact, Produced: req.Now}
	if r, ok := ReadFormReason(req.Reason); ok { // typed as its words: stored by name
		rec.Reason = r.String()
	}
	if rec.Reason == "" {
		rec.Reason = req.Kind.DefaultReason(t).String()
	}
	if reason, err := ParseFormReason(rec.Reason); err == nil {
		if ok, _ := req.Kind.offeredFor(inc.Journal, t, reason); !ok {
			rec.Insisted = req.Insist
		}
	}
	return fillForm(inc, rec, t, ex, true)
}

// FormFromRecord fills again a form the visit produced (Incident.Forms), for the workbook: the
// transaction as the record kept it when it was produced. It refuses what NewForm refuses,
// except that a form produced against the rules stays produced.
func FormFromRecord(inc *Incident, rec FormRecord, ex Explainer) (*Form, error) {
	if inc == nil {
		return nil, fmt.Errorf("%w: no visit", ErrInvalid)
	}
	var t diagnostics.Transaction
	if rec.Txn != nil {
		t = *rec.Txn
	} else {
		var err error
		if t, err = FindTransaction(inc.Journal, rec.Trace); err != nil {
			return nil, err
		}
	}
	return fillForm(inc, rec, t, ex, false)
}

func fillForm(inc *Incident, rec FormRecord, t diagnostics.Transaction, ex Explainer, strict bool) (*Form, error) {
	kind, err := ParseFormKind(rec.Kind)
	if err != nil {
		return nil, formErr(ErrBadReason, "没有这种表：%s", "沒有這種表：%s", "no such form: %s", CleanText(rec.Kind))
	}
	reason, err := ParseFormReason(rec.Reason)
	if err != nil || !slices.Contains(kind.Reasons(), reason) {
		typed, label := CleanText(rec.Reason), kind.Label()
		return nil, &FormError{Err: ErrBadReason, Text: locale.Text{
			ZH:   fmt.Sprintf("事由 %q 不适用于%s，可选：%s", typed, label.ZH, kind.reasonChoices(locale.ZH)),
			ZHTW: fmt.Sprintf("事由 %q 不適用於%s，可選：%s", typed, label.In(locale.ZHTW), kind.reasonChoices(locale.ZHTW)),
			EN:   fmt.Sprintf("reason %q does not fit the %s form; one of: %s", typed, label.EN, kind.reasonChoices(locale.EN))}}
	}
	note := strings.TrimSpace(dropControls(CleanText(rec.Note)))
	rec.Contact = dropControls(rec.Contact)
	t = cleanTxns([]diagnostics.Transaction{t})[0]
	f := &Form{
		Kind: kind, Reason: reason, Note: note, Produced: rec.Produced,
		VisitID: inc.ID, Technician: CleanText(inc.Technician), Branch: CleanText(inc.Branch), Contact: CleanText(rec.Contact),
		Merchant: CleanText(inc.Merchant), MID: cleanMID(inc.MID), TID: CleanText(inc.TID), Model: CleanText(inc.Model), Serial: CleanText(inc.Serial),
		Txn: t,
	}
	if ok, why := kind.offeredFor(inc.Journal, t, reason); !ok {
		if strict && !rec.Insisted {
			return nil, &FormError{Err: ErrNotOffered, Text: locale.Text{
				ZH:   why.ZH + "。如确需填写，请选择“仍要填写”并在说明中写明原因",
				ZHTW: why.In(locale.ZHTW) + "。如確需填寫，請選擇「仍要填寫」並在說明中寫明原因",
				EN:   why.EN + ". To fill it all the same, choose to fill it anyway and say why in the note"}}
		}
		f.Insisted, f.Unfit = true, why
	}
	if strict && note == "" {
		switch {
		case reason == ReasonOther:
			return nil, formErr(ErrNoteNeeded, "事由为“其他”时请在说明中写明原因", "事由為「其他」時請在說明中寫明原因",
				"the reason is \"other\": say what in the note")
		case f.Insisted:
			return nil, &FormError{Err: ErrNoteNeeded, Text: locale.Text{ZH: f.Unfit.ZH + "：仍要填写时请在说明中写明原因",
				ZHTW: f.Unfit.In(locale.ZHTW) + "：仍要填寫時請在說明中寫明原因", EN: f.Unfit.EN + ": to fill it anyway, say why in the note"}}
		}
	}
	if f.Capital, err = CapitalAmount(t.Amount); err != nil {
		return nil, formErr(ErrAmount, "交易金额 %s 无法填表（%v）：请按签购单手工填写",
			"交易金額 %s 無法填表（%v）：請按簽購單手工填寫",
			"the transaction's amount %s cannot go on a form (%v): fill it by hand from the slip", Yuan(t.Amount), err)
	}
	f.Card, f.CardProblem = formCard(t.PAN)
	if ex != nil && t.RC != "" {
		if x, ok := ex.Explain(t.RC); ok {
			f.RCTitle = locale.Text{ZH: x.TitleZH, EN: x.TitleEN}
		}
	}
	return f, nil
}

// maskedCard is a card number as the journal keeps it: first 6 and last 4 digits, the rest
// masked, 13 to 19 in all.
var maskedCard = regexp.MustCompile(`^[0-9]{6}\*{3,9}[0-9]{4}$`)

// formCard is the card number a form may print, or, when the journal's card field is missing
// or not a masked card number, "" and what to write on the form instead.
func formCard(field string) (string, locale.Text) {
	c := cardField(field)
	switch {
	case strings.TrimSpace(c) == "":
		return "", locale.Text{ZH: "交易记录中没有卡号：请按签购单填写（仅前6位和后4位）", ZHTW: "交易記錄中沒有卡號：請按簽購單填寫（僅前6位和後4位）",
			EN: "the journal has no card number: copy it from the slip (first 6 and last 4 only)"}
	case !maskedCard.MatchString(c):
		return "", locale.Text{ZH: "交易记录中的卡号格式不对（" + c + "）：请按签购单填写（仅前6位和后4位）",
			ZHTW: "交易記錄中的卡號格式不對（" + c + "）：請按簽購單填寫（僅前6位和後4位）",
			EN:   "the journal's card field is malformed (" + c + "): copy the number from the slip (first 6 and last 4 only)"}
	}
	return c, locale.Text{}
}

// Record is what the visit keeps of the form (Incident.Forms).
func (f *Form) Record() FormRecord {
	t := f.Txn
	t.Flagged = slices.Clone(t.Flagged)
	return FormRecord{Kind: f.Kind.String(), Trace: f.Txn.Trace, Reason: f.Reason.String(), Note: f.Note,
		Contact: f.Contact, Insisted: f.Insisted, Produced: f.Produced, Txn: &t}
}

// FileName is the form's usual file name: adjustment-TID-TRACE-YYYYMMDD.pdf (ext without dot).
func (f *Form) FileName(ext string) string {
	trace, err := NormalizeTrace(f.Txn.Trace)
	if err != nil {
		trace = "trace"
	}
	return fmt.Sprintf("%s-%s-%s-%s.%s", f.Kind, fileNameTID(f.TID), trace, f.Produced.Format("20060102"), ext)
}

// dropControls removes terminal escape sequences and control characters (pasted into a note)
// but line breaks and tabs, which a form lays out.
func dropControls(s string) string {
	s = escapeSeq.ReplaceAllString(s, "")
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0 {
			return -1
		}
		return r
	}, s)
}
