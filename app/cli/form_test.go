package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"posdoctor/diagnostics"
	"posdoctor/internal/cardtest"
	"posdoctor/reports"
)

// simIncident records a visit to the simulated terminal with faults (terminal and journal
// steps) in a new store and returns the store's path and the visit.
func simIncident(t *testing.T, faults ...string) (string, *reports.Incident) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "incidents.db")
	args := []string{"--sim", "--speed", "50", "--yes", "--steps", "link,terminal,journal", "--save", "--technician", "王师傅", "--db", db}
	for _, f := range faults {
		args = append(args, "--fault", f)
	}
	var out, errOut bytes.Buffer
	if code := runCheck(context.Background(), args, strings.NewReader(""), &out, &errOut); code == ExitFailed {
		t.Fatalf("check exit %d: %s", code, errOut.String())
	}
	s, err := reports.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, err := s.List(context.Background(), reports.Filter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("list: %v %d", err, len(list))
	}
	inc, err := s.Get(context.Background(), list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return db, inc
}

// TestFormCollection: form collection writes the PDF for the unconfirmed reversal (the trace
// typed in full-width digits), records it in the visit, and says so in the chosen language.
func TestFormCollection(t *testing.T) {
	db, inc := simIncident(t, "pending-reversal")
	txn := inc.Journal[0]
	if txn.Flag() != diagnostics.TxnUnconfirmedReverse {
		t.Fatalf("first record %+v", txn)
	}
	wide := cardtest.FullWidth(txn.Trace)
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	code := Run(context.Background(), []string{"--lang", "zh", "form", "collection", "--incident", inc.ID[:8], "--trace", " " + wide + " ",
		"--contact", "13800000000", "-o", filepath.Join(dir, "c"), "--db", db}, &out, &errOut)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "已写入") || !strings.Contains(out.String(), txn.Trace) || !strings.Contains(out.String(), reports.Yuan(txn.Amount)) {
		t.Errorf("output %q", out.String())
	}
	if b, err := os.ReadFile(filepath.Join(dir, "c.pdf")); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("no PDF: %v", err)
	}
	s, err := reports.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(context.Background(), inc.ID)
	s.Close()
	if err != nil || len(got.Forms) != 1 {
		t.Fatalf("forms recorded: %v %+v", err, got)
	}
	if r := got.Forms[0]; r.Kind != "collection" || r.Trace != txn.Trace || r.Reason != "reversal-goods-delivered" || r.Txn == nil || r.Txn.RRN != txn.RRN || r.Contact != "13800000000" {
		t.Errorf("record %+v", r)
	}

	// the same file again: kept, unless --force; --json says what was written
	out.Reset()
	errOut.Reset()
	if code := Run(context.Background(), []string{"form", "collection", "--incident", inc.ID, "--trace", txn.Trace, "-o", filepath.Join(dir, "c.pdf"), "--db", db}, &out, &errOut); code != ExitFailed || !strings.Contains(errOut.String(), "--force") {
		t.Errorf("existing file: exit %d %q", code, errOut.String())
	}
	out.Reset()
	if code := Run(context.Background(), []string{"form", "collection", "--incident", inc.ID, "--trace", txn.Trace, "-o", filepath.Join(dir, "c.pdf"), "--force", "--json", "--db", db}, &out, &errOut); code != ExitOK {
		t.Fatalf("--force: exit %d %s", code, errOut.String())
	}
	var j map[string]any
	if err := json.Unmarshal(out.Bytes(), &j); err != nil || j["trace"] != txn.Trace || j["amount"] != float64(txn.Amount) || j["kind"] != "collection" || j["amount_capital"] == "" {
		t.Errorf("json %v %s", err, out.String())
	}
}

// TestFormRefusals: an adjustment for the unconfirmed reversal is refused (in the chosen
// language), insisting needs a note, and a trace that is not a number says so.
func TestFormRefusals(t *testing.T) {
	db, inc := simIncident(t, "pending-reversal")
	trace := inc.Journal[0].Trace
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--lang", "en", "form", "adjustment", "--trace", trace}, "collection request"},
		{[]string{"--lang", "zh", "form", "adjustment", "--trace", trace}, "托收/请款"},
		{[]string{"--lang", "en", "form", "adjustment", "--trace", trace, "--insist"}, "say why in the note"},
		{[]string{"--lang", "en", "form", "collection", "--trace", "12a"}, "not a number"},
		{[]string{"--lang", "en", "form", "collection", "--trace", "999999999"}, "1 to 6 digits"},
		{[]string{"--lang", "en", "form", "refund", "--trace", trace}, "adjustment or collection"},
		{[]string{"--lang", "en", "form", "collection", "--trace", trace, "-o", "x.xlsx"}, "ending in .pdf"},
	} {
		var out, errOut bytes.Buffer
		args := append(c.args, "--incident", inc.ID, "--db", db)
		if code := Run(context.Background(), args, &out, &errOut); code != ExitFailed || !strings.Contains(errOut.String(), c.want) {
			t.Errorf("%q: exit %d, %q; want %q", c.args, code, errOut.String(), c.want)
		}
	}
	var out, errOut bytes.Buffer
	pdf := filepath.Join(t.TempDir(), "a.pdf")
	if code := Run(context.Background(), []string{"form", "adjustment", "--trace", trace, "--insist", "--note", "商户坚持：货已交付且持卡人要求退款",
		"--incident", inc.ID, "--db", db, "-o", pdf}, &out, &errOut); code != ExitOK || !strings.Contains(out.String(), "does not fit") {
		t.Errorf("insisting with a note: exit %d %q %q", code, out.String(), errOut.String())
	}
}

// form -o FOLDER/ puts the form in that folder under its own name, even when the folder is not
// there yet (then writing says the folder is missing), as the workbooks' -o does; it was read
// as a file name "FOLDER/.pdf".
func TestFormOutFolder(t *testing.T) {
	db, inc := simIncident(t, "pending-reversal")
	txn := inc.Journal[0]
	dir := t.TempDir()
	missing := filepath.Join(dir, "forms") + string(os.PathSeparator)
	code, _, errs := runCLI(t, "--lang", "en", "form", "collection", "--incident", inc.ID, "--trace", txn.Trace, "--db", db, "-o", missing)
	if code != ExitFailed || !strings.Contains(errs, "does not exist") || strings.Contains(errs, string(os.PathSeparator)+".pdf") {
		t.Fatalf("form -o missing/: exit %d %q", code, errs)
	}
	os.Mkdir(filepath.Join(dir, "forms"), 0o700)
	if code, out, errs := runCLI(t, "form", "collection", "--incident", inc.ID, "--trace", txn.Trace, "--db", db, "-o", missing); code != ExitOK {
		t.Fatalf("form -o forms/: exit %d %s %s", code, out, errs)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "forms", "*.pdf"))
	if len(names) != 1 || filepath.Base(names[0]) == ".pdf" {
		t.Errorf("forms/ holds %v, want one named form", names)
	}
}
