package codebook

import (
	"fmt"
	"strings"
)

// Text is one piece of text in Simplified Chinese and English.
type Text struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// In returns the text in lang ("zh" or "en"), falling back to the other language when empty.
func (t Text) In(lang string) string {
	if lang == "en" {
		if t.EN != "" {
			return t.EN
		}
		return t.ZH
	}
	if t.ZH != "" {
		return t.ZH
	}
	return t.EN
}

// Kind says what an entry explains.
type Kind string

// Kinds of entries.
const (
	KindISO8583  Kind = "iso8583"  // an ISO 8583 field 39 response code from the host (CUPS A0–A7 included)
	KindLocal    Kind = "local"    // a terminal-local result code of PROTOCOL.md §7
	KindFinding  Kind = "finding"  // a code the checklist emits (diagnostics.FindingCodes)
	KindPrompt   Kind = "prompt"   // a message the terminal shows on its screen
	KindAcquirer Kind = "acquirer" // a site-specific code of one acquirer, from an overlay
)

var kinds = []Kind{KindISO8583, KindLocal, KindFinding, KindPrompt, KindAcquirer}

// String returns the kind's name as written in the data.
func (k Kind) String() string { return string(k) }

// Label returns a short human name of the kind in lang ("zh" or "en").
func (k Kind) Label(lang string) string {
	t := map[Kind]Text{
		KindISO8583:  {"应答码(ISO 8583 / 银联)", "response code (ISO 8583 / UnionPay)"},
		KindLocal:    {"终端本地码", "terminal-local code"},
		KindFinding:  {"检查结论", "checklist finding"},
		KindPrompt:   {"屏幕提示", "screen prompt"},
		KindAcquirer: {"收单机构自定义码", "acquirer-specific code"},
	}[k]
	if t.ZH == "" {
		return string(k)
	}
	return t.In(lang)
}

// ParseKind parses a kind name.
func ParseKind(s string) (Kind, error) {
	for _, k := range kinds {
		if s == string(k) {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown kind %q (want %s)", s, joinNames(kinds))
}

// Who is a party that has to act.
type Who string

// Parties that act on a code.
const (
	WhoMerchant   Who = "merchant"   // the shop: cashier or owner
	WhoCardholder Who = "cardholder" // the customer paying
	WhoIssuer     Who = "issuer"     // the bank that issued the card
	WhoAcquirer   Who = "acquirer"   // the acquirer / payment service provider (收单机构/服务商)
	WhoTechnician Who = "technician" // the service engineer at the counter
)

var whos = []Who{WhoMerchant, WhoCardholder, WhoIssuer, WhoAcquirer, WhoTechnician}

// String returns the party's name as written in the data.
func (w Who) String() string { return string(w) }

// Label returns the party's name in lang ("zh" or "en").
func (w Who) Label(lang string) string {
	t := map[Who]Text{
		WhoMerchant:   {"商户/收银员", "merchant / cashier"},
		WhoCardholder: {"持卡人", "cardholder"},
		WhoIssuer:     {"发卡行", "issuer"},
		WhoAcquirer:   {"收单机构/服务商", "acquirer / service provider"},
		WhoTechnician: {"维护人员", "technician"},
	}[w]
	if t.ZH == "" {
		return string(w)
	}
	return t.In(lang)
}

// ParseWho parses a party name.
func ParseWho(s string) (Who, error) {
	for _, w := range whos {
		if s == string(w) {
			return w, nil
		}
	}
	return "", fmt.Errorf("unknown party %q (want %s)", s, joinNames(whos))
}

// Step is a checklist step id whose result confirms or rules out a cause.
type Step string

// Checklist steps.
const (
	StepLink     Step = "link"     // laptop ↔ terminal serial link (ENQ, echo)
	StepTerminal Step = "terminal" // terminal status (ST): ids, clock, paper, battery, batch, stuck keys
	StepHost     Step = "host"     // comm test (CT): dial tone, line, signal, SIM, host round trip
	StepKeys     Step = "keys"     // key status (KS): master key, working-key check values
	StepKeypad   Step = "keypad"   // keypad test (KT)
	StepPrinter  Step = "printer"  // test slip (PT)
	StepSignOn   Step = "signon"   // sign-on (SO)
	StepJournal  Step = "journal"  // journal and event log (JL, EL)
)

var steps = []Step{StepLink, StepTerminal, StepHost, StepKeys, StepKeypad, StepPrinter, StepSignOn, StepJournal}

// Steps lists every checklist step id, in checklist order.
func Steps() []Step { return append([]Step(nil), steps...) }

// String returns the step id.
func (s Step) String() string { return string(s) }

// Label returns the step's name in lang ("zh" or "en").
func (s Step) Label(lang string) string {
	t := map[Step]Text{
		StepLink:     {"连接测试(电脑↔终端)", "link test (laptop ↔ terminal)"},
		StepTerminal: {"终端状态", "terminal status"},
		StepHost:     {"通讯测试(终端↔主机)", "comm test (terminal ↔ host)"},
		StepKeys:     {"密钥检查", "key check"},
		StepKeypad:   {"键盘测试", "keypad test"},
		StepPrinter:  {"打印测试", "print test"},
		StepSignOn:   {"签到", "sign-on"},
		StepJournal:  {"流水与日志", "journal and event log"},
	}[s]
	if t.ZH == "" {
		return string(s)
	}
	return t.In(lang)
}

// ParseStep parses a checklist step id.
func ParseStep(s string) (Step, error) {
	for _, st := range steps {
		if s == string(st) {
			return st, nil
		}
	}
	return "", fmt.Errorf("unknown checklist step %q (want %s)", s, joinNames(steps))
}

// Retry says whether redoing the transaction (or the operation) is safe.
type Retry string

// Retry advice.
const (
	RetryYes        Retry = "yes"         // safe to redo now
	RetryLater      Retry = "later"       // safe to redo after waiting a few minutes
	RetryAfterFix   Retry = "after_fix"   // redo only after fixing the cause (sign on, load paper, re-enter PIN...)
	RetryCheckFirst Retry = "check_first" // money may have moved: check the journal and slip before any redo
	RetryNo         Retry = "no"          // do not retry: the answer will not change
	RetryNA         Retry = "n/a"         // not a failed transaction (success, or not about a transaction)
)

var retries = []Retry{RetryYes, RetryLater, RetryAfterFix, RetryCheckFirst, RetryNo, RetryNA}

// String returns the retry value as written in the data.
func (r Retry) String() string { return string(r) }

// Label returns the retry advice in lang ("zh" or "en").
func (r Retry) Label(lang string) string {
	t := map[Retry]Text{
		RetryYes:        {"可以直接重试", "safe to retry"},
		RetryLater:      {"稍等几分钟后可重试", "safe to retry after a few minutes"},
		RetryAfterFix:   {"排除原因后再试", "retry only after fixing the cause"},
		RetryCheckFirst: {"先查流水和签购单,切勿盲目重刷", "check the journal and slip first; never re-swipe blindly"},
		RetryNo:         {"不要重试,结果不会改变", "do not retry: the answer will not change"},
		RetryNA:         {"不适用", "not applicable"},
	}[r]
	if t.ZH == "" {
		return string(r)
	}
	return t.In(lang)
}

// ParseRetry parses a retry value.
func ParseRetry(s string) (Retry, error) {
	for _, r := range retries {
		if s == string(r) {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown retry value %q (want %s)", s, joinNames(retries))
}

// Category is the China UnionPay (CUPS) handling class of a response code.
type Category string

// CUPS categories.
const (
	CategoryNone     Category = ""  // CUPS defines no category for this code
	CategorySuccess  Category = "A" // transaction succeeded
	CategoryRetry    Category = "B" // failed, may be retried
	CategoryNoRetry  Category = "C" // failed, no retry
	CategoryOperator Category = "D" // failed, the terminal operator handles it
	CategorySysFault Category = "E" // failed, system fault, no retry
)

const categoryListNames = "A, B, C, D, E"

// Label returns the category's meaning in lang ("zh" or "en"), or "" for CategoryNone.
func (c Category) Label(lang string) string {
	t := map[Category]Text{
		CategorySuccess:  {"A 交易成功", "A success"},
		CategoryRetry:    {"B 交易失败,可重试", "B failed, retry allowed"},
		CategoryNoRetry:  {"C 交易失败,不需要重试", "C failed, no retry"},
		CategoryOperator: {"D 交易失败,终端操作员处理", "D failed, operator handles"},
		CategorySysFault: {"E 交易失败,系统故障,不需要重试", "E failed, system fault, no retry"},
	}[c]
	return t.In(lang)
}

// ParseCategory parses a CUPS category letter; "" is CategoryNone.
func ParseCategory(s string) (Category, error) {
	switch Category(s) {
	case CategoryNone, CategorySuccess, CategoryRetry, CategoryNoRetry, CategoryOperator, CategorySysFault:
		return Category(s), nil
	}
	return "", fmt.Errorf("unknown CUPS category %q (want one of %s, or empty)", s, categoryListNames)
}

// Variant is one source's reading of a code where sources disagree or word it differently.
type Variant struct {
	Source    string   `json:"source"` // id of a Source of the book
	TitleZH   string   `json:"title_zh,omitempty"`
	TitleEN   string   `json:"title_en,omitempty"`
	MeaningZH string   `json:"meaning_zh,omitempty"`
	MeaningEN string   `json:"meaning_en,omitempty"`
	Category  Category `json:"cups_category,omitempty"`
	Retry     Retry    `json:"retry,omitempty"`
}

// Title returns the variant's title in lang.
func (v Variant) Title(lang string) string { return Text{v.TitleZH, v.TitleEN}.In(lang) }

// Meaning returns the variant's meaning in lang.
func (v Variant) Meaning(lang string) string { return Text{v.MeaningZH, v.MeaningEN}.In(lang) }

// Source is a public document, article or project file the book learnt from.
type Source struct {
	ID    string `json:"-"`
	Title string `json:"title"`
	URL   string `json:"url,omitempty"`
}

// Entry explains one code or prompt. Treat it as read-only: slices are shared with the book.
type Entry struct {
	// Code is the code as the terminal or checklist shows it ("03", "A0", "H1", "PAPER-LOW"), or
	// the prompt's own Chinese text for a prompt without a code ("无拨号音").
	Code      string   `json:"code"`
	Kind      Kind     `json:"kind"`
	TitleZH   string   `json:"title_zh"`
	TitleEN   string   `json:"title_en"`
	MeaningZH string   `json:"meaning_zh"`
	MeaningEN string   `json:"meaning_en"`
	GenericEN string   `json:"generic_en,omitempty"`    // ISO 8583:1987 generic name (iso8583 kind)
	Category  Category `json:"cups_category,omitempty"` // CUPS category, where CUPS defines the code
	// Display lists texts terminals print for this entry (Chinese and English screen texts).
	Display []string `json:"display,omitempty"`
	// Aliases lists other ways people name it (wording of other tables, symptoms, synonyms).
	Aliases   []string `json:"aliases,omitempty"`
	Causes    []Text   `json:"causes"`
	Who       []Who    `json:"who"`
	Actions   []Text   `json:"actions"`
	Retry     Retry    `json:"retry"`
	RetryNote Text     `json:"retry_note"`
	Checks    []Step   `json:"checks"`
	// Conflict is true when sources disagree about the meaning or category; Variants then holds
	// each reading with its source and ConflictNote says what differs.
	Conflict     bool      `json:"conflict"`
	ConflictNote Text      `json:"conflict_note"`
	Variants     []Variant `json:"variants"`
	Related      []string  `json:"related"` // codes (or prompt texts) this entry corresponds to
	Sources      []string  `json:"sources"` // ids of the book's Sources
}

// Title returns the entry's title in lang ("zh" or "en").
func (e Entry) Title(lang string) string { return Text{e.TitleZH, e.TitleEN}.In(lang) }

// Meaning returns the entry's meaning in lang ("zh" or "en").
func (e Entry) Meaning(lang string) string { return Text{e.MeaningZH, e.MeaningEN}.In(lang) }

func joinNames[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}
