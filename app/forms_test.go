package app

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"posdoctor/diagnostics"
	"posdoctor/locale"
	"posdoctor/reports"
)

// formsVisit is a visit whose journal holds a plain sale and, second, an unconfirmed reversal.
func formsVisit() *reports.Incident {
	inc := reports.NewIncident(time.Now())
	inc.Merchant, inc.MID, inc.TID, inc.Model, inc.Serial = "好又多超市", "898110041110123", "10293847", "PAX S90", "S90-1"
	at := time.Date(2026, 3, 2, 14, 5, 0, 0, time.Local)
	inc.Journal = []diagnostics.Transaction{
		{Time: at, Type: "SALE", Amount: 2500, PAN: "622202******0128", Trace: "000101", RRN: "140500000101", Auth: "A1", RC: "00", Flags: "P"},
		{Time: at.Add(time.Minute), Type: "SALE", Amount: 123450, PAN: "622202******0128", Trace: "000102", RRN: "140600000102", RC: "98", Flags: "U",
			Flagged: []string{diagnostics.CodeUnconfirmedRev}},
	}
	return inc
}

// TestIncidentTransactionsAndForms: the Incident screen lists the journal flagged first with
// the flag in words; the reversal's row offers the collection request, previewed and saved
// as a PDF that the visit records; an adjustment for it must be insisted on with a note.
func TestIncidentTransactionsAndForms(t *testing.T) {
	newTestApp(t)
	store := newTestStore(t)
	s, q := newIncidentScreen(t, store, locale.EN)
	s.Start()
	t.Cleanup(s.Stop)
	s.inc = formsVisit()
	s.fill()
	if len(s.txnRows) != 2 {
		t.Fatalf("%d transaction rows", len(s.txnRows))
	}
	if first := s.txnRows[0].Text.Text; !strings.Contains(first, "000102") || !strings.Contains(first, "Reversal not confirmed") || !strings.Contains(first, "¥1,234.50") {
		t.Errorf("first row %q: the unconfirmed reversal, in words, in yuan", first)
	}

	p := newFormPanel(s, s.inc.Journal[1])
	test.NewTempWindow(t, p.root)
	if p.kind() != reports.FormCollection || p.SaveBtn.Disabled() || p.Insist.Visible() {
		t.Fatalf("collection for the reversal: kind %v, save disabled %v, insist shown %v (%s)", p.kind(), p.SaveBtn.Disabled(), p.Insist.Visible(), p.Problem.Text)
	}
	if p.form == nil || p.form.Capital != "人民币壹仟贰佰叁拾肆元伍角整" || len(p.Preview.Objects) < 5 {
		t.Fatalf("preview of %+v", p.form)
	}
	path := filepath.Join(t.TempDir(), "c.pdf")
	test.Type(p.Contact, "13800000000")
	p.SaveTo(path)
	q.waitFor(t, "the PDF", func() bool { return p.Saved.Visible() })
	if b, err := os.ReadFile(path); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("no PDF: %v", err)
	}
	if len(s.inc.Forms) != 1 || s.inc.Forms[0].Kind != "collection" || s.inc.Forms[0].Contact != "13800000000" {
		t.Fatalf("forms recorded %+v", s.inc.Forms)
	}
	q.waitFor(t, "the visit saved with its form", func() bool {
		got, err := store.Get(context.Background(), s.inc.ID)
		return err == nil && len(got.Forms) == 1
	})

	// an adjustment for the reversal does not fit: it needs insisting, and a note
	p.Kind.SetSelected(reports.FormAdjustment.Label().EN)
	if !p.Fit.Visible() || !p.Insist.Visible() || !p.SaveBtn.Disabled() {
		t.Fatalf("adjustment for a reversal: fit %q shown %v, insist %v, save disabled %v", p.Fit.Text, p.Fit.Visible(), p.Insist.Visible(), p.SaveBtn.Disabled())
	}
	p.Insist.SetChecked(true)
	if !p.SaveBtn.Disabled() || !strings.Contains(p.Problem.Text, "note") {
		t.Errorf("insisting without a note: save disabled %v, %q", p.SaveBtn.Disabled(), p.Problem.Text)
	}
	test.Type(p.Note, "merchant says the goods were returned")
	if p.SaveBtn.Disabled() || p.form == nil || !p.form.Insisted {
		t.Errorf("insisting with a note: save disabled %v, %q", p.SaveBtn.Disabled(), p.Problem.Text)
	}
}

// TestFormPDFInTraditional: with the UI in Traditional Chinese, Save PDF… writes the form in
// Traditional Chinese (as the workbook's sheet of it), the trace and masked card as they were.
func TestFormPDFInTraditional(t *testing.T) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils, scripts/deps.sh) is not installed")
	}
	newTestApp(t)
	store := newTestStore(t)
	s, q := newIncidentScreen(t, store, locale.ZHTW)
	s.Start()
	t.Cleanup(s.Stop)
	s.inc = formsVisit()
	s.fill()
	p := newFormPanel(s, s.inc.Journal[1])
	test.NewTempWindow(t, p.root)
	path := filepath.Join(t.TempDir(), "c.pdf")
	p.SaveTo(path)
	q.waitFor(t, "the PDF", func() bool { return p.Saved.Visible() || p.Problem.Visible() })
	out, err := exec.Command(bin, "-raw", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v (%s)", err, p.Problem.Text)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	for _, want := range []string{"特約商店託收/請款業務申請表", "憑證號", "好又多超市", "人民幣壹仟貳佰參拾肆元伍角整", "000102", "622202******0128"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(text, "特约商户") || strings.Contains(text, "凭证号") {
		t.Errorf("Simplified left in the PDF:\n%s", out)
	}
}

// TestTransactionsNoJournal: a visit without a journal says how to get one.
func TestTransactionsNoJournal(t *testing.T) {
	newTestApp(t)
	s, _ := newIncidentScreen(t, nil, locale.ZH)
	if len(s.txnRows) != 0 || len(s.Txns.Objects) != 1 {
		t.Fatalf("rows %d objects %d", len(s.txnRows), len(s.Txns.Objects))
	}
}

// TestOpenFormForFinding: a journal finding's Forms… opens the form for the transaction it
// points at (a duplicate charge's later sale), and nothing when the visit has none.
func TestOpenFormForFinding(t *testing.T) {
	newTestApp(t)
	test.NewTempWindow(t, nil) // the form dialog needs a window to open over
	store := newTestStore(t)
	s, _ := newIncidentScreen(t, store, locale.EN)
	if s.OpenFormFor(diagnostics.CodeDuplicateCharge) {
		t.Error("a form opened for a visit with no journal")
	}
	s.inc = formsVisit()
	at := s.inc.Journal[0].Time
	dup := []string{diagnostics.CodeDuplicateCharge}
	s.inc.Journal = append(s.inc.Journal,
		diagnostics.Transaction{Time: at.Add(2 * time.Minute), Type: "SALE", Amount: 6040, PAN: "622848******5779", Trace: "000201", RC: "00", Flags: "P", Flagged: dup},
		diagnostics.Transaction{Time: at.Add(5 * time.Minute), Type: "SALE", Amount: 6040, PAN: "622848******5779", Trace: "000202", RC: "00", Flags: "P", Flagged: dup})
	s.fill()
	if got, ok := s.formTxnFor(diagnostics.CodeDuplicateCharge); !ok || got.Trace != "000202" {
		t.Errorf("the form for the duplicate charge is for %q, want the later sale 000202", got.Trace)
	}
	if !s.OpenFormFor(diagnostics.CodeDuplicateCharge) {
		t.Fatal("no form opened for the duplicate charge")
	}
	if s.OpenFormFor("NO-SUCH-CODE") {
		t.Error("a form opened for a code no transaction carries")
	}
}

// TestChecklistFindingOffersForms: the checklist's journal findings that cost money carry a
// Forms… button that hands their code on; other findings do not.
func TestChecklistFindingOffersForms(t *testing.T) {
	newTestApp(t)
	c := &ChecklistScreen{}
	var asked []string
	c.OpenForms = func(code string) bool { asked = append(asked, code); return true }
	res := diagnostics.StepResult{ID: diagnostics.StepJournal, Status: diagnostics.StatusWarn, Findings: []diagnostics.Finding{
		{Code: diagnostics.CodeDuplicateCharge, Severity: diagnostics.SeverityWarning, Message: "possible duplicate"},
		{Code: diagnostics.CodeFailedTxns, Severity: diagnostics.SeverityInfo, Message: "failed"},
	}}
	box := c.stepDetail(res).(*fyne.Container)
	var buttons []*widget.Button
	for _, o := range box.Objects {
		if row, ok := o.(*fyne.Container); ok {
			for _, x := range row.Objects {
				if b, ok := x.(*widget.Button); ok {
					buttons = append(buttons, b)
				}
			}
		}
	}
	if len(buttons) != 1 {
		t.Fatalf("%d Forms buttons, want one (the duplicate charge's)", len(buttons))
	}
	test.Tap(buttons[0])
	if len(asked) != 1 || asked[0] != diagnostics.CodeDuplicateCharge {
		t.Errorf("the button asked for %v", asked)
	}
}
