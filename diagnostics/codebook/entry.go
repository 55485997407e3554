package codebook

import (
	"fmt"
	"strings"

	"posdoctor/diagnostics"
	"posdoctor/locale"
)

// Text is one piece of the book's text as its files hold it: {"zh": Simplified Chinese, "en":
// English}. The book has no Traditional Chinese of its own: the app converts the Simplified.
type Text struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// In returns the text in l (Simplified for both Chinese scripts), falling back to the other
// language when empty.
func (t Text) In(l locale.Lang) string { return t.Locale().In(l) }

// Locale is the text as the project's label type, without a Traditional text.
func (t Text) Locale() locale.Text { return locale.Text{ZH: t.ZH, EN: t.EN} }

// spelling is one closed vocabulary of the book's files: each word as the data spells it, the
// value it stands for and, where the book words it itself, its label. Every such field (kind,
// who, retry, cups_category, checks) is read and named through one, so they all parse, list
// their words in errors and label the same way; so is how a search matched (Match), which
// lookup --json writes.
type spelling[T comparable] struct {
	what  string // what the words name, for errors: "kind", "party"
	words []word[T]
}

type word[T comparable] struct {
	spelled string
	v       T
	label   locale.Text
}

// parse reads a word exactly as the data spells it: case and spaces count, so a typo is an
// error rather than a guess.
func (s spelling[T]) parse(w string) (T, error) {
	for _, x := range s.words {
		if x.spelled == w {
			return x.v, nil
		}
	}
	var zero T
	return zero, fmt.Errorf("unknown %s %q (want %s)", s.what, w, s.list())
}

// spell returns v's word in the data.
func (s spelling[T]) spell(v T) (string, bool) {
	for _, x := range s.words {
		if x.v == v {
			return x.spelled, true
		}
	}
	return "", false
}

// label returns v's label, or its word in every language when the book has none.
func (s spelling[T]) label(v T) locale.Text {
	for _, x := range s.words {
		if x.v == v {
			if x.label == (locale.Text{}) {
				return locale.Text{ZH: x.spelled, EN: x.spelled}
			}
			return x.label
		}
	}
	return locale.Text{ZH: fmt.Sprint(v), EN: fmt.Sprint(v)}
}

// values lists the values in the data's order.
func (s spelling[T]) values() []T {
	out := make([]T, len(s.words))
	for i, x := range s.words {
		out[i] = x.v
	}
	return out
}

// list is the words, "a, b, c", for messages.
func (s spelling[T]) list() string {
	w := make([]string, len(s.words))
	for i, x := range s.words {
		w[i] = x.spelled
	}
	return strings.Join(w, ", ")
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

var kinds = spelling[Kind]{"kind", []word[Kind]{
	{"iso8583", KindISO8583, locale.Text{ZH: "应答码（ISO 8583 / 银联）", EN: "response code (ISO 8583 / UnionPay)"}},
	{"local", KindLocal, locale.Text{ZH: "终端本地码", EN: "terminal-local code"}},
	{"finding", KindFinding, locale.Text{ZH: "检查结论", EN: "checklist finding"}},
	{"prompt", KindPrompt, locale.Text{ZH: "屏幕提示", EN: "screen prompt"}},
	{"acquirer", KindAcquirer, locale.Text{ZH: "收单机构自定义码", EN: "acquirer-specific code"}},
}}

// String returns the kind's name as written in the data.
func (k Kind) String() string { return string(k) }

// Label is a short human name of the kind ("终端本地码" / "terminal-local code").
func (k Kind) Label() locale.Text { return kinds.label(k) }

// ParseKind parses a kind name.
func ParseKind(s string) (Kind, error) { return kinds.parse(s) }

// Party is who acts on a code: the checklist's own diagnostics.Who, with its labels (Label).
// The book's files spell the payment service provider "acquirer" where diagnostics says
// "provider": a Party reads and writes the files' words, in String and in JSON, so the data,
// overlays and lookup --json keep their words.
type Party struct{ diagnostics.Who }

var whos = spelling[diagnostics.Who]{"party", []word[diagnostics.Who]{
	{"merchant", diagnostics.WhoMerchant, locale.Text{}},     // the shop: cashier or owner
	{"cardholder", diagnostics.WhoCardholder, locale.Text{}}, // the customer paying
	{"issuer", diagnostics.WhoIssuer, locale.Text{}},         // the bank that issued the card
	{"acquirer", diagnostics.WhoProvider, locale.Text{}},     // the acquirer / payment service provider (收单机构/服务商)
	{"technician", diagnostics.WhoTechnician, locale.Text{}}, // the service engineer at the counter
}}

// ParseParty reads a party as the book's files name it: merchant, cardholder, issuer,
// acquirer (diagnostics.WhoProvider), technician.
func ParseParty(s string) (Party, error) {
	w, err := whos.parse(s)
	return Party{w}, err
}

// String is the party's name in the book's files: "acquirer" for diagnostics.WhoProvider.
func (p Party) String() string {
	if s, ok := whos.spell(p.Who); ok {
		return s
	}
	return p.Who.String()
}

// MarshalText writes the party as String does.
func (p Party) MarshalText() ([]byte, error) {
	if _, ok := whos.spell(p.Who); !ok {
		return nil, fmt.Errorf("%v has no name in the code book", p.Who)
	}
	return []byte(p.String()), nil
}

// UnmarshalText reads a party as ParseParty does.
func (p *Party) UnmarshalText(b []byte) error {
	x, err := ParseParty(string(b))
	if err != nil {
		return err
	}
	*p = x
	return nil
}

// steps are the checklist's step ids (diagnostics.StepIDs), read strictly: a file must spell
// an id as the checklist does.
var steps = func() spelling[diagnostics.StepID] {
	s := spelling[diagnostics.StepID]{what: "checklist step"}
	for _, id := range diagnostics.StepIDs() {
		s.words = append(s.words, word[diagnostics.StepID]{id.String(), id, locale.Text{}})
	}
	return s
}()

// ParseStep reads a checklist step id of an entry's "checks" exactly as the checklist spells it
// (diagnostics.ParseStepID also takes "Journal" or " journal"; a file may not).
func ParseStep(s string) (diagnostics.StepID, error) { return steps.parse(s) }

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

var retries = spelling[Retry]{"retry value", []word[Retry]{
	{"yes", RetryYes, locale.Text{ZH: "可以直接重试", EN: "safe to retry"}},
	{"later", RetryLater, locale.Text{ZH: "稍等几分钟后可重试", EN: "safe to retry after a few minutes"}},
	{"after_fix", RetryAfterFix, locale.Text{ZH: "排除原因后再试", EN: "retry only after fixing the cause"}},
	{"check_first", RetryCheckFirst, locale.Text{ZH: "先查流水和签购单，切勿盲目重刷", EN: "check the journal and slip first; never re-swipe blindly"}},
	{"no", RetryNo, locale.Text{ZH: "不要重试，结果不会改变", EN: "do not retry: the answer will not change"}},
	{"n/a", RetryNA, locale.Text{ZH: "不适用", EN: "not applicable"}},
}}

// String returns the retry value as written in the data.
func (r Retry) String() string { return string(r) }

// Label is the retry advice in words ("排除原因后再试" / "retry only after fixing the cause").
func (r Retry) Label() locale.Text { return retries.label(r) }

// ParseRetry parses a retry value.
func ParseRetry(s string) (Retry, error) { return retries.parse(s) }

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

var categories = spelling[Category]{"CUPS category", []word[Category]{
	{"A", CategorySuccess, locale.Text{ZH: "A 交易成功", EN: "A success"}},
	{"B", CategoryRetry, locale.Text{ZH: "B 交易失败，可重试", EN: "B failed, retry allowed"}},
	{"C", CategoryNoRetry, locale.Text{ZH: "C 交易失败，不需要重试", EN: "C failed, no retry"}},
	{"D", CategoryOperator, locale.Text{ZH: "D 交易失败，终端操作员处理", EN: "D failed, operator handles"}},
	{"E", CategorySysFault, locale.Text{ZH: "E 交易失败，系统故障，不需要重试", EN: "E failed, system fault, no retry"}},
}}

// String returns the category's letter as written in the data, "" for CategoryNone.
func (c Category) String() string { return string(c) }

// Label is the category's meaning ("C 交易失败，不需要重试" / "C failed, no retry"), empty for
// CategoryNone.
func (c Category) Label() locale.Text {
	if c == CategoryNone {
		return locale.Text{}
	}
	return categories.label(c)
}

// ParseCategory parses a CUPS category letter; "" is CategoryNone.
func ParseCategory(s string) (Category, error) {
	if s == "" {
		return CategoryNone, nil
	}
	return categories.parse(s)
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

// Title returns the variant's title in l.
func (v Variant) Title(l locale.Lang) string { return Text{v.TitleZH, v.TitleEN}.In(l) }

// Meaning returns the variant's meaning in l.
func (v Variant) Meaning(l locale.Lang) string { return Text{v.MeaningZH, v.MeaningEN}.In(l) }

// Source is a public document, article or project file the book learnt from. Title is the
// book's own record of where it came from (for the book's keepers and lookup --json); a reader
// is shown Label: the kind of source and its name in the reader's language.
type Source struct {
	ID     string     `json:"-"`
	Title  string     `json:"title"`
	URL    string     `json:"url,omitempty"`
	Kind   SourceKind `json:"kind,omitempty"`
	NameZH string     `json:"name_zh,omitempty"` // what a reader calls it, in Chinese
	NameEN string     `json:"name_en,omitempty"`
}

// Name returns what a reader calls the source in l (Simplified for both Chinese scripts): its
// name, else the other language's name, else its title.
func (s Source) Name(l locale.Lang) string {
	if n := (Text{s.NameZH, s.NameEN}).In(l); n != "" {
		return n
	}
	return s.Title
}

// Label returns the kind of source and its name in l, "银联规范：银联卡受理终端规范…" /
// "UnionPay spec: …"; a source of no kind is its name alone.
func (s Source) Label(l locale.Lang) string {
	if s.Kind == SourceKindNone {
		return s.Name(l)
	}
	sep := ": "
	if l != locale.EN {
		sep = "："
	}
	return s.Kind.Label().In(l) + sep + s.Name(l)
}

// SourceKind says what kind of document a source is, so a reader can judge and find it.
type SourceKind string

// Kinds of sources; SourceKindNone is "not given" (an overlay's own sources may omit it).
const (
	SourceKindNone     SourceKind = ""
	SourceKindStandard SourceKind = "standard"  // an international standard (ISO 8583)
	SourceKindUnionPay SourceKind = "unionpay"  // a UnionPay (CUPS) specification
	SourceKindTable    SourceKind = "table"     // a published response-code table, reprinted on the web
	SourceKindVendor   SourceKind = "vendor"    // an acquirer's, gateway's or terminal maker's documentation
	SourceKindArticle  SourceKind = "article"   // a field article by technicians or resellers
	SourceKindCode     SourceKind = "code"      // public source code of a POS client, terminal or gateway
	SourceKindProject  SourceKind = "posdoctor" // POS Doctor's own protocol, rules and checklist
	SourceKindSite     SourceKind = "site"      // the site's own file (an overlay)
)

var sourceKinds = spelling[SourceKind]{"source kind", []word[SourceKind]{
	{"standard", SourceKindStandard, locale.Text{ZH: "国际标准", EN: "standard"}},
	{"unionpay", SourceKindUnionPay, locale.Text{ZH: "银联规范", EN: "UnionPay spec"}},
	{"table", SourceKindTable, locale.Text{ZH: "应答码表", EN: "response-code table"}},
	{"vendor", SourceKindVendor, locale.Text{ZH: "厂商文档", EN: "vendor documentation"}},
	{"article", SourceKindArticle, locale.Text{ZH: "现场文章", EN: "field article"}},
	{"code", SourceKindCode, locale.Text{ZH: "公开源代码", EN: "public source code"}},
	{"posdoctor", SourceKindProject, locale.Text{ZH: "POS Doctor 资料", EN: "POS Doctor"}},
	{"site", SourceKindSite, locale.Text{ZH: "本站文件", EN: "site file"}},
}}

// String returns the kind as written in the data.
func (k SourceKind) String() string { return string(k) }

// Label is the kind's name in every language ("银联规范" / "UnionPay spec").
func (k SourceKind) Label() locale.Text { return sourceKinds.label(k) }

// ParseSourceKind parses a source kind as the data spells it ("" is SourceKindNone).
func ParseSourceKind(s string) (SourceKind, error) {
	if s == "" {
		return SourceKindNone, nil
	}
	return sourceKinds.parse(s)
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
	Aliases   []string             `json:"aliases,omitempty"`
	Causes    []Text               `json:"causes"`
	Who       []Party              `json:"who"`
	Actions   []Text               `json:"actions"`
	Retry     Retry                `json:"retry"`
	RetryNote Text                 `json:"retry_note"`
	Checks    []diagnostics.StepID `json:"checks"`
	// Conflict is true when sources disagree about the meaning or category; Variants then holds
	// each reading with its source and ConflictNote says what differs.
	Conflict     bool      `json:"conflict"`
	ConflictNote Text      `json:"conflict_note"`
	Variants     []Variant `json:"variants"`
	Related      []string  `json:"related"` // codes (or prompt texts) this entry corresponds to
	Sources      []string  `json:"sources"` // ids of the book's Sources
}

// Title returns the entry's title in l (Simplified for both Chinese scripts).
func (e Entry) Title(l locale.Lang) string { return Text{e.TitleZH, e.TitleEN}.In(l) }

// Meaning returns the entry's meaning in l (Simplified for both Chinese scripts).
func (e Entry) Meaning(l locale.Lang) string { return Text{e.MeaningZH, e.MeaningEN}.In(l) }
