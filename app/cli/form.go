package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"posdoctor/app/visit"
	"posdoctor/diagnostics/codebook"
	"posdoctor/forms"
	"posdoctor/locale"
	"posdoctor/reports"
)

func init() {
	register("form", command{cmdForm, "form adjustment|collection --incident ID --trace NNNNNN [--reason R] [--note TEXT] [--insist] [--contact PHONE] [-o FILE.pdf] [--force] [--json] [--db PATH]   fill the merchant's adjustment or collection request from a visit's journal (PDF)"})
	addSentences(formSentences)
}

const formUsage = `usage: posdoctor form adjustment|collection --incident ID --trace NNNNNN [--reason R]
                     [--note TEXT] [--insist] [--contact PHONE] [-o FILE.pdf] [--force] [--json] [--db PATH]

Fills the merchant's form from a transaction of a recorded visit's journal and writes it as a
PDF to print, stamp and carry to the service provider (docs/forms.md):

  adjustment   特约商户调账申请表: amount keyed wrong with the cardholder gone, a refund after
               the day, a duplicate charge
  collection   特约商户托收/请款业务申请表: a reversal not confirmed while the goods were
               handed over

ID is the incident id or its first characters ('posdoctor incidents' lists them); the trace
number (凭证号) is the slip's or the journal's. Reasons: amount-wrong, refund-after-day,
duplicate-charge, other (adjustment); reversal-goods-delivered, other (collection); or their
words, in Chinese of either script or in English ("重复扣款", "重複扣款", "duplicate charge");
without --reason the one that fits the transaction. "other" needs --note. A form that does not fit the
transaction (a collection without an unconfirmed reversal, an adjustment of a declined or
reversed sale) is refused unless --insist with --note saying why. The visit records the form
(the workbook gets a sheet of it). Without -o the file is KIND-TID-TRACE-DATE.pdf here. Under
--lang zh_TW the form is printed in Traditional Chinese, as the workbook is.

Exit status: 0 written and recorded, 2 bad arguments, no such visit or transaction, a form
that does not fit, the file exists, or it cannot be written or recorded.
`

// Sentences of the form command.
var (
	msgWroteForm      = msg{ZH: "已写入 %s — %s，凭证号 %s，%s（%s），上门记录 %s", ZHTW: "已寫入 %s — %s，憑證號 %s，%s（%s），到場記錄 %s", EN: "wrote %s — %s, trace %s, %s (%s), visit %s"}
	msgFormInsisted   = msg{ZH: "注意：此表与该笔交易不符（%s），已按你的说明填写", ZHTW: "注意：此表與該筆交易不符（%s），已按你的說明填寫", EN: "note: this form does not fit the transaction (%s); filled on your word"}
	msgFormCard       = msg{ZH: "注意：%s", ZHTW: "注意：%s", EN: "note: %s"}
	msgFormNotSaved   = msg{ZH: "已写入 %s，但未能记入上门记录：%v", ZHTW: "已寫入 %s，但未能記入到場記錄：%v", EN: "wrote %s but could not record it in the visit: %v"}
	msgFormKind       = msg{ZH: "请指明哪种表：adjustment（调账申请）或 collection（托收/请款）", ZHTW: "請指明哪種表：adjustment（調帳申請）或 collection（託收/請款）", EN: "say which form: adjustment or collection"}
	msgFormNeedsTrace = msg{ZH: "需要 --incident ID 和 --trace 凭证号", ZHTW: "需要 --incident ID 和 --trace 憑證號", EN: "--incident ID and --trace NNNNNN are needed"}
	msgFormPDF        = msg{ZH: "%s：申请表是 PDF 文件，请用 .pdf 结尾的文件名", ZHTW: "%s：申請表是 PDF 檔案，請用 .pdf 結尾的檔名", EN: "%s: the form is a PDF; give a name ending in .pdf"}
)

var formSentences = map[string]msg{
	"wroteForm": msgWroteForm, "formInsisted": msgFormInsisted, "formCard": msgFormCard, "formNotSaved": msgFormNotSaved,
	"formKind": msgFormKind, "formNeedsTrace": msgFormNeedsTrace, "formPDF": msgFormPDF,
}

// formJSON is what --json prints of a form written (docs/forms.md).
type formJSON struct {
	File          string    `json:"file"`
	Incident      string    `json:"incident"`
	Kind          string    `json:"kind"`
	Reason        string    `json:"reason"`
	Trace         string    `json:"trace"`
	RRN           string    `json:"rrn"`
	Time          time.Time `json:"time"`
	Amount        int64     `json:"amount"` // fen
	AmountText    string    `json:"amount_text"`
	AmountCapital string    `json:"amount_capital"`
	Card          string    `json:"card"`                   // masked; "" when the journal has none usable
	CardProblem   string    `json:"card_problem,omitempty"` // what the form says instead
	Insisted      bool      `json:"insisted"`
	Produced      time.Time `json:"produced"`
}

func cmdForm(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	lang := langOf(ctx)
	fs := newFlagSet(ctx, "form", formUsage, stderr)
	incident := fs.String("incident", "", "the visit: its `ID` or first characters")
	trace := fs.String("trace", "", "the transaction's trace number (凭证号), `NNNNNN`")
	reason := fs.String("reason", "", "why: `REASON` (amount-wrong, refund-after-day, duplicate-charge, reversal-goods-delivered, other)")
	note := fs.String("note", "", "your words on the form: what \"other\" is, or why you insist")
	insist := fs.Bool("insist", false, "fill the form although it does not fit the transaction (--note says why)")
	contact := fs.String("contact", "", "your `PHONE` number, printed for the provider")
	out := fs.String("o", "", "write the PDF to `FILE.pdf`")
	force := fs.Bool("force", false, "replace the file if it exists")
	asJSON := fs.Bool("json", false, "print what was written as JSON")
	db := fs.String("db", "", dbFlagHelp)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return parseExit(err)
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "posdoctor form: "+format+"\n", a...)
		return ExitFailed
	}
	failE := func(err error) int {
		return failErr(stderr, lang, "form", err)
	}
	if len(pos) != 1 {
		fmt.Fprint(stderr, usageIn(lang, "form", formUsage))
		return failText(stderr, lang, "form", msgFormKind)
	}
	kind, err := reports.ParseFormKind(strings.ToLower(pos[0]))
	if err != nil {
		return failText(stderr, lang, "form", msgFormKind)
	}
	if *incident == "" || strings.TrimSpace(*trace) == "" {
		return failText(stderr, lang, "form", msgFormNeedsTrace)
	}
	s, err := openExistingStore(*db)
	if err != nil {
		return failE(err)
	}
	defer s.Close()
	id, err := resolveVisit(ctx, s, *incident)
	if err != nil {
		return failE(err)
	}
	inc, err := s.Get(ctx, id)
	if err != nil {
		return failE(err)
	}
	var ex reports.Explainer
	if book, err := codebook.Default(); err == nil {
		ex = visit.CodeBookExplainer(book)
	}
	f, err := reports.NewForm(inc, reports.FormRequest{Kind: kind, Trace: *trace, Reason: *reason, Note: *note,
		Insist: *insist, Contact: *contact, Now: time.Now()}, ex)
	if err != nil {
		var fe *reports.FormError
		if errors.As(err, &fe) {
			if errors.Is(fe.Err, reports.ErrNotOffered) || errors.Is(fe.Err, reports.ErrNoteNeeded) {
				return fail("%s (--insist --note \"…\")", fe.Text.In(lang))
			}
			return fail("%s", fe.Text.In(lang))
		}
		return failE(err)
	}
	path := *out
	switch fi, err := os.Stat(path); {
	case path == "":
		path = f.FileName("pdf")
	case err == nil && fi.IsDir(), namesFolder(path): // a folder not there yet is said when writing
		path = filepath.Join(path, f.FileName("pdf"))
	case filepath.Ext(path) == "":
		path += ".pdf"
	case !strings.EqualFold(filepath.Ext(path), ".pdf"):
		return failText(stderr, lang, "form", msgFormPDF, path)
	}
	if err := forms.ExportPDF(path, f, *force, forms.Options{Traditional: visit.WorkbookChinese(lang)}); err != nil {
		return failWrite(stderr, lang, "form", path, err)
	}
	// appended in its own transaction: the app saving the same visit meanwhile keeps it
	if err := s.AddForm(ctx, inc.ID, f.Record()); err != nil {
		return failE(errorOf(msgFormNotSaved, path, err))
	}
	if *asJSON {
		err := writeJSON(stdout, formJSON{File: path, Incident: inc.ID, Kind: f.Kind.String(), Reason: f.Reason.String(),
			Trace: f.Txn.Trace, RRN: f.Txn.RRN, Time: f.Txn.Time, Amount: f.Txn.Amount, AmountText: reports.Yuan(f.Txn.Amount),
			AmountCapital: f.Capital, Card: f.Card, CardProblem: f.CardProblem.EN, Insisted: f.Insisted, Produced: f.Produced})
		if err != nil {
			return failE(err)
		}
		return ExitOK
	}
	fmt.Fprintln(stdout, say(lang, msgWroteForm, path, f.Kind.Title().In(lang), f.Txn.Trace, reports.Yuan(f.Txn.Amount),
		f.Reason.Label().In(lang), inc.ID[:min(8, len(inc.ID))]))
	if f.Insisted {
		fmt.Fprintln(stdout, say(lang, msgFormInsisted, f.Unfit.In(lang)))
	}
	if f.CardProblem != (locale.Text{}) {
		fmt.Fprintln(stdout, say(lang, msgFormCard, f.CardProblem.In(lang)))
	}
	return ExitOK
}
