package reports

import (
	"slices"
	"testing"
	"time"

	"posdoctor/diagnostics"
	"posdoctor/internal/enumtest"
	"posdoctor/locale"
)

func TestCategoryNames(t *testing.T) {
	tests := map[Category]string{
		CategoryOther:              "other",
		CategoryCommunication:      "communication",
		CategoryPrinter:            "printer",
		CategoryKeypad:             "keypad",
		CategoryKeysSignOn:         "keys-signon",
		CategoryCardReading:        "card-reading",
		CategoryHostMerchantSetup:  "host-merchant-setup",
		CategoryTransactionDispute: "transaction-dispute",
	}
	enumtest.Check(t, ParseCategory, Categories(), tests, "", "Printer", "keys", "keys_signon", "other ")
	for _, c := range Categories() {
		if c.Label(locale.ZH) == c.Label(locale.EN) {
			t.Errorf("%v: labels not translated: %q", c, c.Label(locale.ZH))
		}
	}
	if _, err := Category(42).MarshalText(); err == nil {
		t.Error("MarshalText of an invalid category succeeded")
	}
}

func TestResolutionNames(t *testing.T) {
	tests := map[Resolution]string{
		ResolutionOpen:         "open",
		ResolutionFixedOnSite:  "fixed-on-site",
		ResolutionEscalated:    "escalated",
		ResolutionWaitingParts: "waiting-parts",
		ResolutionSwapped:      "swapped",
	}
	enumtest.Check(t, ParseResolution, Resolutions(), tests, "", "fixed", "Escalated", "swap")
}

func TestGuessCategory(t *testing.T) {
	run := func(fs ...diagnostics.Finding) diagnostics.Report {
		return diagnostics.Report{Steps: []diagnostics.StepResult{{ID: "x", Findings: fs}}}
	}
	crit := func(code string) diagnostics.Finding {
		return diagnostics.Finding{Code: code, Severity: diagnostics.SeverityCritical}
	}
	warn := func(code string) diagnostics.Finding {
		return diagnostics.Finding{Code: code, Severity: diagnostics.SeverityWarning}
	}
	tests := []struct {
		name    string
		symptom string
		runs    []diagnostics.Report
		want    Category
	}{
		{"nothing", "", nil, CategoryOther},
		{"unknown code", "", []diagnostics.Report{run(crit("ZZ"))}, CategoryOther},
		{"info only", "", []diagnostics.Report{run(diagnostics.Finding{Code: "P1"})}, CategoryOther},
		{"paper out", "", []diagnostics.Report{run(crit("P1"))}, CategoryPrinter},
		{"no dial tone", "", []diagnostics.Report{run(crit("H1"))}, CategoryCommunication},
		{"mac error", "", []diagnostics.Report{run(crit("A0"))}, CategoryKeysSignOn},
		{"invalid merchant", "", []diagnostics.Report{run(crit("03"))}, CategoryHostMerchantSetup},
		{"stuck key", "", []diagnostics.Report{run(crit(diagnostics.CodeStuckKey))}, CategoryKeypad},
		{"duplicate", "", []diagnostics.Report{run(warn(diagnostics.CodeDuplicateCharge))}, CategoryTransactionDispute},
		{"symptom zh printer", "打印很淡", nil, CategoryPrinter},
		{"symptom zh debit", "顾客说被扣款两次", nil, CategoryTransactionDispute},
		{"symptom en swipe", "No reaction after a SWIPE", nil, CategoryCardReading},
		{"critical beats warning", "", []diagnostics.Report{run(warn(diagnostics.CodeWeakSignal), crit("P1"))}, CategoryPrinter},
		{"findings beat symptom", "打印", []diagnostics.Report{run(crit("H1"), crit("H3"))}, CategoryCommunication},
		{"tie goes to earlier", "", []diagnostics.Report{run(crit("P1"), crit("H1"))}, CategoryCommunication},
		{"across runs", "", []diagnostics.Report{run(crit("K1")), run(crit("K2"))}, CategoryKeysSignOn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := GuessCategory(tt.symptom, tt.runs...); got != tt.want {
				t.Errorf("GuessCategory = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestIncidentFromReport(t *testing.T) {
	now := time.Date(2026, 3, 5, 10, 30, 0, 0, cst)
	rep := testReport(now.Add(-10*time.Minute), 30)
	inc := IncidentFromReport(rep, "李工", "无拨号音", now)
	if len(inc.ID) != 36 {
		t.Errorf("id %q is not a UUID", inc.ID)
	}
	if !inc.Opened.Equal(rep.Started) {
		t.Errorf("opened %v, want the run's start %v", inc.Opened, rep.Started)
	}
	want := map[string]string{"model": "VX520", "serial": "SN1234ABCD5678EF90", "firmware": "3.1.4",
		"tid": "12345678", "mid": "898310048160001", "merchant": "好运来便利店", "comm": "PSTN"}
	got := map[string]string{"model": inc.Model, "serial": inc.Serial, "firmware": inc.Firmware,
		"tid": inc.TID, "mid": inc.MID, "merchant": inc.Merchant, "comm": inc.Comm}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if inc.Category != CategoryCommunication {
		t.Errorf("category %v, want communication (H1 critical and 无拨号音)", inc.Category)
	}
	if len(inc.Runs) != 1 || len(inc.Journal) != 30 || len(inc.Events) != 3 {
		t.Errorf("runs %d journal %d events %d", len(inc.Runs), len(inc.Journal), len(inc.Events))
	}
	if inc.Resolution != ResolutionOpen || !inc.Closed.IsZero() {
		t.Errorf("a new incident is open: %v %v", inc.Resolution, inc.Closed)
	}
	codes := inc.FindingCodes()
	for _, c := range []string{"H1", "P1", "A0", diagnostics.CodeUnconfirmedRev, diagnostics.CodeUnsettled} {
		if !slices.Contains(codes, c) {
			t.Errorf("finding codes %v lack %s", codes, c)
		}
	}
	// a second run does not overwrite identity already known
	rep2 := testReport(now, 0)
	rep2.Terminal["model"] = "other"
	rep2.Transactions = nil
	inc.AddRun(rep2)
	if inc.Model != "VX520" || len(inc.Runs) != 2 || len(inc.Journal) != 30 {
		t.Errorf("after a second run: model %q runs %d journal %d", inc.Model, len(inc.Runs), len(inc.Journal))
	}
}

func TestFlaggedFirst(t *testing.T) {
	base := time.Date(2026, 3, 5, 9, 0, 0, 0, cst)
	txns := []diagnostics.Transaction{
		{Trace: "1", RC: "00"},
		{Trace: "2", RC: "51"},
		{Trace: "3", RC: "00", Flagged: []string{diagnostics.CodeDuplicateCharge}},
		{Trace: "4", RC: "00"},
		{Trace: "5", RC: "00", Flags: "PU"},
		{Trace: "6", RC: "", Flagged: []string{diagnostics.CodeFailedTxns}},
	}
	for i := range txns {
		txns[i].Time = base.Add(time.Duration(i) * time.Minute)
	}
	got := FlaggedFirst(txns)
	var order []string
	for _, x := range got {
		order = append(order, x.Trace)
	}
	want := []string{"5", "3", "2", "6", "1", "4"}
	if !slices.Equal(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
	if txns[0].Trace != "1" {
		t.Error("FlaggedFirst changed its input")
	}
}
