package cli

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/reports"
)

// pdfText is what pdftotext reads from the PDF at path.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils, scripts/deps.sh) is not installed")
	}
	out, err := exec.Command(bin, "-raw", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

// TestFormPDFFollowsLanguage: under --lang zh_TW the form's PDF is Traditional Chinese, every
// line of it (title, labels, the amount in words, the reason), what people typed (the
// merchant's name, the technician) as stored, the trace, amount and masked card number as they
// were; under --lang zh it stays Simplified.
func TestFormPDFFollowsLanguage(t *testing.T) {
	db, inc := simIncident(t, "pending-reversal")
	txn := inc.Journal[0]
	if txn.Flag() != diagnostics.TxnUnconfirmedReverse {
		t.Fatalf("first record %+v", txn)
	}
	dir := t.TempDir()
	write := func(l, name string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if code, _, errs := runCLI(t, "--lang", l, "form", "collection", "--incident", inc.ID, "--trace", txn.Trace, "-o", path, "--force", "--db", db); code != ExitOK {
			t.Fatalf("--lang %s form collection: exit %d, %s", l, code, errs)
		}
		return pdfText(t, path)
	}

	tw := write("zh_TW", "tw.pdf")
	for _, line := range strings.Split(tw, "\n") {
		if strings.Contains(line, inc.Merchant) || strings.Contains(line, inc.Technician) {
			continue // what people typed is printed as stored
		}
		if conv := codebook.ToTraditional(line); conv != line {
			t.Errorf("Simplified left in %q (Traditional %q)", line, conv)
		}
	}
	flat := strings.Join(strings.Fields(tw), "")
	for _, want := range []string{"特約商店託收/請款業務申請表", "憑證號", "商店與終端", "到場記錄", "人民幣", "沖正未確認，貨物已交付",
		txn.Trace, txn.RRN, reports.Yuan(txn.Amount), txn.PAN, inc.Merchant, inc.Technician} {
		if !strings.Contains(flat, strings.Join(strings.Fields(want), "")) {
			t.Errorf("--lang zh_TW: the PDF lacks %q:\n%s", want, tw)
		}
	}

	zh := strings.Join(strings.Fields(write("zh", "zh.pdf")), "")
	for _, want := range []string{"特约商户托收/请款业务申请表", "凭证号", "商户与终端", "人民币", txn.Trace} {
		if !strings.Contains(zh, want) {
			t.Errorf("--lang zh: the PDF lacks %q", want)
		}
	}
	if strings.Contains(zh, "特約商店") || strings.Contains(zh, "憑證號") {
		t.Errorf("--lang zh: the PDF has Traditional Chinese")
	}
}

// TestFormReasonInWords: a reason that does not fit the form is refused in Traditional Chinese
// under --lang zh_TW, the form's name and each choice's words in Taiwan's script; a reason typed
// in words (either script, full-width, odd spaces) is taken and recorded by its name.
func TestFormReasonInWords(t *testing.T) {
	db, inc := simIncident(t, "duplicate-sale")
	var later diagnostics.Transaction
	for _, x := range inc.Journal {
		if x.Flag() == diagnostics.TxnPossibleDuplicate && x.Time.After(later.Time) {
			later = x
		}
	}
	if later.Trace == "" {
		t.Fatal("no duplicate in the journal")
	}
	dir := t.TempDir()

	code, _, errs := runCLI(t, "--lang", "zh_TW", "form", "adjustment", "--incident", inc.ID, "--trace", later.Trace,
		"--reason", "reversal-goods-delivered", "-o", filepath.Join(dir, "x.pdf"), "--db", db)
	if code != ExitFailed {
		t.Fatalf("a collection's reason on an adjustment: exit %d", code)
	}
	for _, want := range []string{"不適用於調帳申請", "duplicate-charge（重複扣款）", "amount-wrong（金額輸錯，持卡人已離開）", "other（其他）"} {
		if !strings.Contains(errs, want) {
			t.Errorf("zh_TW refusal %q lacks %q", errs, want)
		}
	}
	if conv := codebook.ToTraditional(errs); conv != errs {
		t.Errorf("Simplified in the zh_TW refusal %q (Traditional %q)", errs, conv)
	}
	if _, _, errs := runCLI(t, "--lang", "zh", "form", "adjustment", "--incident", inc.ID, "--trace", later.Trace,
		"--reason", "because", "--db", db); !strings.Contains(errs, "不适用于调账申请") || !strings.Contains(errs, "duplicate-charge（重复扣款）") {
		t.Errorf("zh refusal %q", errs)
	}

	for i, reason := range []string{"重複扣款", " 重复\u3000扣款\u200b", "Duplicate Charge", "ｄｕｐｌｉｃａｔｅ－ｃｈａｒｇｅ"} {
		path := filepath.Join(dir, "a.pdf")
		code, _, errs := runCLI(t, "--lang", "zh_TW", "form", "adjustment", "--incident", inc.ID, "--trace", later.Trace,
			"--reason", reason, "-o", path, "--force", "--db", db)
		if code != ExitOK {
			t.Errorf("--reason %q: exit %d, %s", reason, code, errs)
			continue
		}
		got := formsOf(t, db, inc.ID)
		if len(got) != 1 || got[0].Reason != "duplicate-charge" {
			t.Errorf("--reason %q (%d): recorded %+v", reason, i, got)
		}
	}
}

// formsOf is the forms the visit id has recorded in the store at db.
func formsOf(t *testing.T, db, id string) []reports.FormRecord {
	t.Helper()
	s, err := reports.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	inc, err := s.Get(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return inc.Forms
}
