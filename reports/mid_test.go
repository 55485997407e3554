package reports

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"posdoctor/diagnostics"
	"posdoctor/internal/cardtest"
	"posdoctor/pan"
	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

// Numbers of the MID tests: a MID that passes Luhn (one in ten does) and card numbers a MID
// field may hold, which stay masked.
const (
	midLuhn   = "898290054117413" // a MID that passes Luhn
	midAmex   = "378282246310005" // American Express: 15 digits, Luhn-valid
	midUP16   = "6222021234567800"
	midLuhn16 = "8982900541174138" // 16 digits, Luhn-valid
)

// simMIDVisit runs the checklist's link, terminal and journal steps against the simulated
// terminal of seed, with a trace, and records the run and the trace as a visit; it returns the
// visit and the terminal's MID, which must pass Luhn (seeds 7 and 11: a user's trial saw them
// masked everywhere).
func simMIDVisit(t *testing.T, seed int64) (*Incident, string) {
	t.Helper()
	term, err := termsim.New(termsim.Config{Speed: 200, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	tr := serialio.NewTrace(1000)
	c, stop := term.ServeInMemory(serialio.ClientConfig{Link: serialio.LinkConfig{Trace: tr}})
	t.Cleanup(stop)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cl := &diagnostics.Checklist{Term: c, Op: diagnostics.AutoOperator{},
		Steps: []diagnostics.StepID{diagnostics.StepLink, diagnostics.StepTerminal, diagnostics.StepJournal}}
	rep := cl.Run(ctx)
	inc := IncidentFromReport(*rep, "张工", "商户说卡 "+midLuhn+" 刷不了", time.Now())
	inc.Notes = "商户号 " + midLuhn + "，MID " + midLuhn // free text: no MID is kept there
	for _, e := range tr.Entries() {
		inc.Trace = append(inc.Trace, TraceLine{Time: e.Time, Dir: e.Dir.String(), Kind: e.Kind.String(), Raw: e.Raw, Text: e.Text})
	}
	mid := rep.Terminal["mid"]
	if len(mid) != 15 || !pan.Luhn([]byte(mid)) {
		t.Fatalf("seed %d: MID %q, want 15 digits that pass Luhn, whole (masked as a card number?)", seed, mid)
	}
	if len(inc.Journal) == 0 {
		t.Fatalf("seed %d: no journal: %+v", seed, rep.Steps)
	}
	return inc, mid
}

// checkVisitMID checks that a visit shows mid whole wherever the MID field goes: the visit's
// MID, the run's terminal fields, the terminal step's summary, its MID argument and evidence,
// the link trace's ST frames and messages; and that the MID-like number planted in free text
// is masked.
func checkVisitMID(t *testing.T, what string, inc *Incident, mid string) {
	t.Helper()
	if inc.MID != mid {
		t.Errorf("%s: MID %q, want %s", what, inc.MID, mid)
	}
	r := inc.Runs[0]
	if r.Terminal["mid"] != mid {
		t.Errorf("%s: the run's mid %q", what, r.Terminal["mid"])
	}
	i := slices.IndexFunc(r.Steps, func(s diagnostics.StepResult) bool { return s.ID == diagnostics.StepTerminal })
	s := r.Steps[i]
	if !strings.Contains(s.Summary, "MID "+mid+",") || s.SummaryArgs["MID"] != mid || s.Evidence["mid"] != mid {
		t.Errorf("%s: terminal step %q, args %v, evidence mid %v", what, s.Summary, s.SummaryArgs, s.Evidence["mid"])
	}
	frames, msgs := 0, 0
	for _, l := range inc.Trace {
		switch {
		case strings.Contains(string(l.Raw), "\x1cMID="+mid+"\x1c"):
			frames++
		case strings.Contains(string(l.Raw), "MID="):
			t.Errorf("%s: a frame's MID masked: %q", what, l.Raw)
		}
		switch {
		case strings.Contains(l.Text, " MID="+mid+" "):
			msgs++
		case strings.Contains(l.Text, "MID="):
			t.Errorf("%s: a message's MID masked: %q", what, l.Text)
		}
	}
	if frames == 0 || msgs == 0 {
		t.Errorf("%s: the trace shows the MID whole in %d frames and %d messages", what, frames, msgs)
	}
	for _, free := range []string{inc.Notes, inc.Symptom} {
		if strings.Contains(free, midLuhn) {
			t.Errorf("%s: a MID-like number in free text is kept: %q", what, free)
		}
	}
}

// TestLuhnMIDKeptEverywhere: the MID of the simulated terminals of seeds 7 and 11 passes Luhn;
// it is kept whole in the stored visit, incidents --json, a bundle's round trip, the visit's
// workbook, the monthly workbook's list of visits and the merchant's form.
func TestLuhnMIDKeptEverywhere(t *testing.T) {
	for _, seed := range []int64{7, 11} {
		ctx := context.Background()
		inc, mid := simMIDVisit(t, seed)
		a := openTestStore(t)
		if err := a.Save(ctx, inc); err != nil {
			t.Fatal(err)
		}
		got, err := a.Get(ctx, inc.ID)
		if err != nil {
			t.Fatal(err)
		}
		checkVisitMID(t, "the store", got, mid)
		if l := listJSON(t, a); !strings.Contains(l, `"mid": "`+mid+`"`) {
			t.Errorf("incidents --json:\n%s", l)
		}

		raw, _ := exportTo(t, a, BundleSelect{})
		b := openTestStore(t)
		if _, err := importBytes(b, raw); err != nil {
			t.Fatal(err)
		}
		got, err = b.Get(ctx, inc.ID)
		if err != nil {
			t.Fatal(err)
		}
		checkVisitMID(t, "a bundle's round trip", got, mid)

		_, f := writeTestWorkbook(t, got)
		if cell := findCell(t, f, SheetSummary, mid); cell == "" {
			t.Errorf("the workbook's summary has no MID %s", mid)
		}
		rows, _ := f.GetRows(SheetChecklist)
		var summary bool
		for _, r := range rows {
			summary = summary || slices.ContainsFunc(r, func(c string) bool { return strings.Contains(c, "MID "+mid) })
		}
		if !summary {
			t.Errorf("the workbook's checklist does not show the MID %s whole: %q", mid, rows)
		}
		hexMID := strings.ToUpper(hex.EncodeToString([]byte(mid)))
		var traced bool
		for _, r := range mustRows(t, f, SheetTrace) { // each cell
			traced = traced || strings.Contains(r, "MID="+mid) || strings.Contains(strings.ReplaceAll(strings.ToUpper(r), " ", ""), hexMID)
		}
		if !traced {
			t.Errorf("the workbook's link trace does not show the MID %s whole", mid)
		}

		month := got.Opened.In(cst).Format("2006-01")
		r, d, err := b.MonthlyDetail(ctx, month, "")
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "month.xlsx")
		if err := ExportMonthlyExcel(path, r, MonthlyOptions{Detail: d, Explainer: testExplainer, Location: cst}); err != nil {
			t.Fatal(err)
		}
		m, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if findCell(t, m, SheetMonthIncidents, mid) == "" {
			t.Errorf("the monthly list of visits has no MID %s", mid)
		}
		m.Close()

		txn := got.Journal[len(got.Journal)-1]
		form, err := NewForm(got, FormRequest{Kind: FormAdjustment, Trace: txn.Trace, Now: time.Now(), Insist: true, Reason: "other", Note: "测试"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if form.MID != mid {
			t.Errorf("the form's MID %q, want %s", form.MID, mid)
		}
	}
}

// TestSanitizeMIDFieldNarrow: only a MID in a MID field is kept: a card number in the MID field
// (American Express, 16 digits, UnionPay, spaces or full-width digits), and a MID-like number
// in any other field or free text, are masked.
func TestSanitizeMIDFieldNarrow(t *testing.T) {
	frame := func(mid string) []byte {
		return []byte("\x02\x00\x40ST0042\x1cRC=00\x1cTID=12345678\x1cMID=" + mid + "\x1cMNAME=" + midLuhn + "\x03\x00")
	}
	for _, bad := range []string{midAmex, midUP16, midLuhn16, testPAN, " " + midLuhn, midLuhn + " ", "898310 048160004",
		cardtest.FullWidth(midLuhn), "6222021234567890128"} {
		inc := testIncident(time.Date(2026, 3, 5, 10, 30, 0, 0, cst), 3)
		inc.MID = bad
		r := &inc.Runs[0]
		r.Terminal["mid"] = bad
		r.Steps[1].SummaryArgs = map[string]any{"MID": bad}
		r.Steps[1].Summary = "TID 12345678, MID " + bad
		r.Steps[1].Evidence = map[string]any{"mid": bad, "MID": bad}
		inc.Trace = []TraceLine{
			{Dir: "in", Kind: "frame", Raw: frame(bad)},
			{Dir: "in", Kind: "message", Text: "ST 0042 RC=00 TID=12345678 MID=" + bad + " MNAME=" + midLuhn},
		}
		out, err := json.Marshal(inc.Sanitize())
		if err != nil {
			t.Fatal(err)
		}
		// what MaskText masks is masked (a MID split in two groups of more than 6 digits is
		// no card number to it: it stays, as before)
		flat := cardtest.Flat(string(out))
		for _, card := range []string{bad, midLuhn} {
			if d := cardtest.Flat(strings.TrimSpace(card)); pan.MaskText(card) != card && (strings.Contains(flat, d[:len(d)-3]) || strings.Contains(flat, d[3:])) {
				t.Errorf("MID field %q: %s is kept:\n%s", bad, d, out)
			}
		}
	}

	// a MID in a field of another name, a note, an event, a trace note, a hand-written frame
	// without its FS: masked
	inc := testIncident(time.Date(2026, 3, 5, 10, 30, 0, 0, cst), 3)
	inc.MID = midLuhn
	inc.Notes, inc.Symptom, inc.Merchant, inc.Serial = "MID "+midLuhn, midLuhn, "商户 "+midLuhn, midLuhn
	inc.Events = []diagnostics.Event{{Code: "H1", Text: "MID=" + midLuhn}}
	inc.Runs[0].Terminal["merchant_mid"] = midLuhn
	inc.Runs[0].Steps[1].Evidence = map[string]any{"nested": map[string]any{"list": []any{midLuhn}}, "merchant_mid": midLuhn}
	inc.Trace = []TraceLine{
		{Dir: "in", Kind: "note", Text: "ST 0042 RC=00 MID=" + midLuhn},
		{Dir: "in", Kind: "bytes", Raw: []byte("MID=" + midLuhn + "\x1c")},
		{Dir: "in", Kind: "message", Text: "EV 0001 CODE=H1 TEXT=MID=" + midLuhn + " is wrong"},
	}
	c := inc.Sanitize()
	if c.MID != midLuhn {
		t.Errorf("MID %q", c.MID)
	}
	c.MID = ""
	out, _ := json.Marshal(c)
	if strings.Contains(cardtest.Flat(string(out)), midLuhn[6:11]) {
		t.Errorf("a MID-like number outside a MID field is kept:\n%s", out)
	}
}

// TestBundleMIDFieldNarrow: a bundle is untrusted: a card number in its mid field is masked on
// import; a MID stays whole.
func TestBundleMIDFieldNarrow(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	line := func(id, mid string) string {
		return `{"id":"` + id + `","opened":"2026-03-03T09:15:00+08:00","updated":"2026-03-03T11:00:00+08:00","category":"other",` +
			`"resolution":"open","mid":"` + mid + `","notes":"MID ` + midLuhn + `",` +
			`"trace":[{"time":"2026-03-03T09:00:00+08:00","dir":"in","kind":"message","text":"ST 0001 RC=00 MID=` + mid + ` MNAME=x"}]}`
	}
	ids := map[string]string{
		"6b7c2a2e-9f1e-4a53-8d59-1c1f8e0a1b21": midLuhn,
		"6b7c2a2e-9f1e-4a53-8d59-1c1f8e0a1b22": midAmex,
		"6b7c2a2e-9f1e-4a53-8d59-1c1f8e0a1b23": midLuhn16,
		"6b7c2a2e-9f1e-4a53-8d59-1c1f8e0a1b24": midUP16,
	}
	var lines []string
	for id, mid := range ids {
		lines = append(lines, line(id, mid))
	}
	if _, err := importBytes(s, handBundle(t, lines, nil, nil)); err != nil {
		t.Fatal(err)
	}
	for id, mid := range ids {
		inc, err := s.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		keep := mid == midLuhn
		if kept := inc.MID == mid && strings.Contains(inc.Trace[0].Text, "MID="+mid+" "); kept != keep {
			t.Errorf("mid %s imported as %q, trace %q: kept %v, want %v", mid, inc.MID, inc.Trace[0].Text, kept, keep)
		}
		if strings.Contains(inc.Notes, midLuhn) {
			t.Errorf("notes keep %s: %q", midLuhn, inc.Notes)
		}
	}
}
