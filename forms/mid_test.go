package forms

import (
	"context"
	"strings"
	"testing"
	"time"

	"posdoctor/diagnostics"
	"posdoctor/internal/simtest"
	"posdoctor/pan"
	"posdoctor/reports"
	"posdoctor/serialio/termsim"
)

// TestFormPrintsLuhnMID: the simulated terminals of seeds 7 and 11 have a MID that passes Luhn
// (a user's trial got it masked on the merchant's form); the PDF prints it whole in the 商户号
// box, while a MID-like number in the note, a card number in the merchant's name, stay masked.
func TestFormPrintsLuhnMID(t *testing.T) {
	const card = "6222021234567890128"
	for _, seed := range []int64{7, 11} {
		c, _ := simtest.Start(t, termsim.Config{Speed: 200, Seed: seed, Faults: simtest.Faults(t, "duplicate-sale")})
		cl := &diagnostics.Checklist{Term: c, Op: diagnostics.AutoOperator{},
			Steps: []diagnostics.StepID{diagnostics.StepLink, diagnostics.StepTerminal, diagnostics.StepJournal}}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		rep := cl.Run(ctx)
		cancel()
		inc := reports.IncidentFromReport(*rep, "张工", "顾客说被扣款", time.Now())
		mid := inc.MID
		if len(mid) != 15 || !pan.Luhn([]byte(mid)) {
			t.Fatalf("seed %d: MID %q, want 15 digits that pass Luhn, whole (masked as a card number?)", seed, mid)
		}
		if len(inc.Journal) == 0 {
			t.Fatalf("seed %d: no journal", seed)
		}
		inc.Merchant += " " + card
		txn := inc.Journal[0]
		f, err := reports.NewForm(inc, reports.FormRequest{Kind: reports.FormAdjustment, Trace: txn.Trace, Insist: true, Reason: "other",
			Note: "另一商户号 " + mid[:3] + "310048160004，" + mid, Now: time.Now()}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if f.MID != mid {
			t.Fatalf("seed %d: the form's MID %q, want %s", seed, f.MID, mid)
		}
		text := checkPDF(t, f, card)
		if !strings.Contains(text, mid) {
			t.Errorf("seed %d: the PDF does not print the MID %s whole:\n%s", seed, mid, text)
		}
		if strings.Count(strings.Join(strings.Fields(text), ""), mid) != 1 {
			t.Errorf("seed %d: the MID %s is printed whole outside its box (the note keeps no MID):\n%s", seed, mid, text)
		}
	}
}
