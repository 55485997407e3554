package forms

import (
	"bytes"
	"codeberg.org/go-pdf/fpdf"
	"context"
	"errors"
	"golang.org/x/image/font/gofont/goregular"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"posdoctor/diagnostics"
	"posdoctor/internal/simtest"
	"posdoctor/reports"
	"posdoctor/serialio/termsim"
)

// simVisit runs the checklist's terminal and journal steps against the simulated terminal
// with faults and records the run as a visit.
func simVisit(t *testing.T, faults ...string) *reports.Incident {
	t.Helper()
	c, _ := simtest.Start(t, termsim.Config{Speed: 200, AutoKeys: true, Faults: simtest.Faults(t, faults...)})
	cl := &diagnostics.Checklist{Term: c, Op: diagnostics.AutoOperator{},
		Steps: []diagnostics.StepID{diagnostics.StepLink, diagnostics.StepTerminal, diagnostics.StepJournal}}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rep := cl.Run(ctx)
	inc := reports.IncidentFromReport(*rep, "张工", "顾客说被扣款", time.Now())
	if len(inc.Journal) == 0 {
		t.Fatalf("no journal fetched: %+v", rep.Steps)
	}
	return inc
}

// pdfText is what pdftotext reads from the PDF, laid out.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils, scripts/deps.sh) is not installed")
	}
	path := filepath.Join(t.TempDir(), "form.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-raw", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// fullCard is a run of 13-19 digits: no card number may appear whole.
var fullCard = regexp.MustCompile(`[0-9]{13,19}`)

// checkPDF writes f uncompressed and compressed, and checks that pdftotext finds every value
// of the form in it, the card number masked, and no full card number in the bytes.
func checkPDF(t *testing.T, f *reports.Form, full string) string {
	t.Helper()
	var raw, packed bytes.Buffer
	if err := WritePDF(&raw, f, Options{Uncompressed: true}); err != nil {
		t.Fatal(err)
	}
	if err := WritePDF(&packed, f, Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(packed.Bytes(), []byte("%PDF-")) || packed.Len() >= raw.Len() {
		t.Errorf("compressed %d bytes, uncompressed %d", packed.Len(), raw.Len())
	}
	if full != "" && bytes.Contains(raw.Bytes(), []byte(full)) {
		t.Errorf("the full card number %s is in the uncompressed PDF", full)
	}
	text := pdfText(t, packed.Bytes())
	flat := strings.Join(strings.Fields(text), "")
	for _, s := range f.Sections() {
		for _, fd := range s.Fields {
			if v := strings.Join(strings.Fields(fd.Value), ""); !strings.Contains(flat, v) {
				t.Errorf("pdftotext lacks %s %q:\n%s", fd.EN, fd.Value, text)
			}
			if !strings.Contains(flat, strings.Join(strings.Fields(fd.ZH), "")) {
				t.Errorf("pdftotext lacks the label %s", fd.ZH)
			}
		}
	}
	for _, s := range reports.FormSignatures {
		if !strings.Contains(text, s.ZH) {
			t.Errorf("no %s box", s.ZH)
		}
	}
	if m := fullCard.FindString(flat); m != "" && m != f.MID && !strings.HasPrefix(m, f.MID) {
		t.Errorf("a long run of digits %s in the text", m)
	}
	if full != "" && strings.Contains(flat, full) {
		t.Errorf("full card number in the text")
	}
	return text
}

// TestCollectionFormFromPendingReversal: a visit to a terminal with a reversal pending gives a
// collection form for that transaction, with its trace, RRN and amount; an adjustment is not
// offered for it.
func TestCollectionFormFromPendingReversal(t *testing.T) {
	inc := simVisit(t, "pending-reversal")
	txn := inc.Journal[0] // flagged first
	if txn.Flag() != diagnostics.TxnUnconfirmedReverse {
		t.Fatalf("first record %+v is not the unconfirmed reversal", txn)
	}
	if ok, _ := reports.FormAdjustment.Offered(txn); ok {
		t.Error("an adjustment is offered for an unconfirmed reversal")
	}
	f, err := reports.NewForm(inc, reports.FormRequest{Kind: reports.FormCollection, Trace: txn.Trace, Now: time.Now()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.Txn.Trace != txn.Trace || f.Txn.RRN != txn.RRN || f.Txn.Amount != txn.Amount || f.Reason != reports.ReasonReversalDelivered {
		t.Errorf("form for %+v has %+v, reason %v", txn, f.Txn, f.Reason)
	}
	text := checkPDF(t, f, "")
	for _, want := range []string{"特约商户托收/请款业务申请表", txn.Trace, txn.RRN, reports.Yuan(txn.Amount), f.Capital, txn.PAN} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
}

// TestAdjustmentFormFromDuplicateSale: a visit to a terminal that charged twice gives an
// adjustment form for the second sale, the reason a duplicate charge, the amount requested
// its whole amount.
func TestAdjustmentFormFromDuplicateSale(t *testing.T) {
	inc := simVisit(t, "duplicate-sale")
	var dups []diagnostics.Transaction
	for _, x := range inc.Journal {
		if x.Flag() == diagnostics.TxnPossibleDuplicate {
			dups = append(dups, x)
		}
	}
	if len(dups) < 2 {
		t.Fatalf("%d records flagged as duplicates", len(dups))
	}
	second := dups[0]
	for _, d := range dups {
		if d.Time.After(second.Time) {
			second = d
		}
	}
	if got := reports.OfferedForms(second); len(got) != 1 || got[0] != reports.FormAdjustment {
		t.Fatalf("offered %v for the duplicate", got)
	}
	f, err := reports.NewForm(inc, reports.FormRequest{Kind: reports.FormAdjustment, Trace: second.Trace, Now: time.Now()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.Reason != reports.ReasonDuplicateCharge || f.Txn.Trace != second.Trace || f.Txn.Amount != second.Amount {
		t.Errorf("form %+v for %+v", f, second)
	}
	text := checkPDF(t, f, "")
	for _, want := range []string{"特约商户调账申请表", "重复扣款", second.Trace, second.RRN} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	// the earlier sale of the pair is refused: a double charge is refunded once
	for _, d := range dups {
		if d.Trace == second.Trace {
			continue
		}
		_, err := reports.NewForm(inc, reports.FormRequest{Kind: reports.FormAdjustment, Trace: d.Trace, Now: time.Now()}, nil)
		var fe *reports.FormError
		if !errors.As(err, &fe) || !strings.Contains(fe.Text.EN, second.Trace) {
			t.Errorf("an adjustment for the earlier sale %s of the pair: %v", d.Trace, err)
		}
		// insisting, with a reason, it is filled and says so
		f, err := reports.NewForm(inc, reports.FormRequest{Kind: reports.FormAdjustment, Trace: d.Trace, Insist: true, Note: "两笔都被扣款，收单机构确认", Now: time.Now()}, nil)
		if err != nil || !f.Insisted {
			t.Errorf("insisting on the earlier sale: %+v %v", f, err)
		}
	}
}

// TestNoFullCardNumber: a journal record that carries the whole card number, and the number
// typed into the note and the merchant's name, still print only first 6 and last 4.
func TestNoFullCardNumber(t *testing.T) {
	const full = "6222021234567890128"
	inc := simVisit(t, "pending-reversal")
	inc.Journal[0].PAN = full
	inc.Merchant = "好又多超市 " + full
	f, err := reports.NewForm(inc, reports.FormRequest{Kind: reports.FormCollection, Trace: inc.Journal[0].Trace,
		Note: "顾客卡号 " + full + " 已扣款", Now: time.Now()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	text := checkPDF(t, f, full)
	if !strings.Contains(text, "622202*********0128") {
		t.Errorf("the masked card number is not on the form:\n%s", text)
	}
}

// TestMalformedCardSaysSo: a journal record without a usable card number prints the form with
// the card box saying so, never a guess.
func TestMalformedCardSaysSo(t *testing.T) {
	inc := simVisit(t, "pending-reversal")
	inc.Journal[0].PAN = "62**"
	f, err := reports.NewForm(inc, reports.FormRequest{Kind: reports.FormCollection, Trace: inc.Journal[0].Trace, Now: time.Now()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if text := checkPDF(t, f, ""); !strings.Contains(strings.Join(strings.Fields(text), ""), "卡号格式不对") {
		t.Errorf("the form does not say the card field is malformed:\n%s", text)
	}
}

// TestExportPDFKeepsAFile: an existing file is kept unless overwrite.
func TestExportPDFKeepsAFile(t *testing.T) {
	inc := simVisit(t, "pending-reversal")
	f, err := reports.NewForm(inc, reports.FormRequest{Kind: reports.FormCollection, Trace: inc.Journal[0].Trace, Now: time.Now()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), f.FileName("pdf"))
	if err := ExportPDF(path, f, false, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := ExportPDF(path, f, false, Options{}); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second export: %v, want ErrExist", err)
	}
	if err := ExportPDF(path, f, true, Options{}); err != nil {
		t.Errorf("overwrite: %v", err)
	}
	if os.Getenv("FORMS_PDF_DIR") != "" { // for the docs' pictures
		_ = ExportPDF(filepath.Join(os.Getenv("FORMS_PDF_DIR"), "collection.pdf"), f, true, Options{})
	}
}

// TestInsistedFormOnOnePage: a form filled on the technician's word, with a short note, is
// still one page; a long Chinese note wraps without starting a line with punctuation, and an
// escape sequence pasted into it does not reach the PDF.
func TestInsistedFormOnOnePage(t *testing.T) {
	inc := simVisit(t, "pending-reversal")
	var sale diagnostics.Transaction
	for _, x := range inc.Journal {
		if x.Flag() != diagnostics.TxnUnconfirmedReverse {
			sale = x
			break
		}
	}
	pages := func(f *reports.Form) int {
		var b bytes.Buffer
		if err := WritePDF(&b, f, Options{Uncompressed: true}); err != nil {
			t.Fatal(err)
		}
		return bytes.Count(b.Bytes(), []byte("/Type /Page\n")) + bytes.Count(b.Bytes(), []byte("/Type /Page "))
	}
	f, err := reports.NewForm(inc, reports.FormRequest{Kind: reports.FormCollection, Trace: sale.Trace, Insist: true,
		Note: "商户说货已交付\x1b[2J，持卡人已离开", Contact: "138\x1b]0;x\x07 0013 8000", Now: time.Now()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := pages(f); n != 1 {
		t.Errorf("an insisted form with a short note takes %d pages", n)
	}
	text := checkPDF(t, f, "")
	if strings.ContainsRune(text, 0x1b) || strings.Contains(text, "[2J") || strings.Contains(text, "]0;") {
		t.Errorf("an escape sequence reached the PDF")
	}
	long := strings.Repeat("持卡人称交易时网络中断，终端显示交易失败，但银行卡已扣款。", 20)
	f, err = reports.NewForm(inc, reports.FormRequest{Kind: reports.FormCollection, Trace: sale.Trace, Insist: true, Note: long, Now: time.Now()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := &page{widths: map[rune]float64{}}
	p.pdf = fpdfForTest(t)
	for _, l := range p.wrap(long, 10, wideW-2*pad) {
		if strings.HasPrefix(l, "。") || strings.HasPrefix(l, "，") {
			t.Errorf("a line starts with punctuation: %q", l)
		}
	}
}

// fpdfForTest is a document with the form's two fonts, for measuring text.
func fpdfForTest(t *testing.T) *fpdf.Fpdf {
	t.Helper()
	cjk, err := unpackCJKFont()
	if err != nil {
		t.Fatal(err)
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(cjkFont, "", cjk)
	pdf.AddUTF8FontFromBytes(latinFont, "", goregular.TTF)
	return pdf
}
