package reports

import (
	"errors"
	"strings"
	"testing"
	"time"

	"posdoctor/diagnostics"
	"posdoctor/locale"
)

func TestNormalizeTrace(t *testing.T) {
	for in, want := range map[string]string{
		"001234": "001234", "1234": "001234", "１２３４": "001234", " 00 12 34 ": "001234",
		"\u3000０１２３４５\t": "012345", "0\u00a01": "000001",
	} {
		if got, err := NormalizeTrace(in); err != nil || got != want {
			t.Errorf("NormalizeTrace(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "   ", "1234567", "12a4", "-12", "１２.３"} {
		var fe *FormError
		if _, err := NormalizeTrace(in); !errors.Is(err, ErrBadTrace) || !errors.As(err, &fe) || fe.Text.ZH == "" {
			t.Errorf("NormalizeTrace(%q): %v, want ErrBadTrace with words", in, err)
		}
	}
}

func formTxn(typ, rc, flags string, flagged ...string) diagnostics.Transaction {
	return diagnostics.Transaction{Time: time.Date(2026, 3, 2, 14, 5, 9, 0, time.FixedZone("CST", 8*3600)),
		Type: typ, Amount: 123450, PAN: "622202******0128", Trace: "001234", RRN: "140509001234", Auth: "A1B2C3",
		RC: rc, Flags: flags, Flagged: flagged}
}

// TestFormOffered: a collection only for an unconfirmed reversal; an adjustment only for an
// approved sale that was not reversed.
func TestFormOffered(t *testing.T) {
	for _, c := range []struct {
		name string
		t    diagnostics.Transaction
		want []FormKind
	}{
		{"unconfirmed reversal", formTxn("SALE", "00", "U"), []FormKind{FormCollection}},
		{"reversal pending finding", formTxn("SALE", "", "", diagnostics.CodeUnconfirmedRev), []FormKind{FormCollection}},
		{"duplicate", formTxn("SALE", "00", "P", diagnostics.CodeDuplicateCharge), []FormKind{FormAdjustment}},
		{"plain sale", formTxn("SALE", "00", "P"), []FormKind{FormAdjustment}},
		{"declined", formTxn("SALE", "51", ""), nil},
		{"reversed", formTxn("SALE", "00", "R"), nil},
		{"refund", formTxn("REFUND", "00", "P"), nil},
		{"balance", formTxn("BALANCE", "00", ""), nil},
	} {
		got := OfferedForms(c.t)
		if len(got) != len(c.want) || len(got) > 0 && got[0] != c.want[0] {
			t.Errorf("%s: offered %v, want %v", c.name, got, c.want)
		}
		for _, k := range FormKinds() {
			if ok, why := k.Offered(c.t); !ok && (why.ZH == "" || why.EN == "") {
				t.Errorf("%s: %s refused without saying why", c.name, k)
			}
		}
	}
}

func formIncident(txns ...diagnostics.Transaction) *Incident {
	inc := NewIncident(time.Date(2026, 3, 2, 15, 0, 0, 0, time.Local))
	inc.Merchant, inc.MID, inc.TID, inc.Model, inc.Serial = "好又多超市", "898110041110123", "10293847", "PAX S90", "S90-552211"
	inc.Technician, inc.Branch = "张工", "朝阳支行"
	inc.Journal = txns
	return inc
}

// TestNewFormRefuses: every refusal is a *FormError with words in each language and a sentinel.
func TestNewFormRefuses(t *testing.T) {
	now := time.Date(2026, 3, 2, 16, 0, 0, 0, time.Local)
	neg := formTxn("SALE", "00", "P")
	neg.Trace, neg.Amount = "000777", -5
	inc := formIncident(formTxn("SALE", "00", "P"), neg)
	for _, c := range []struct {
		name string
		req  FormRequest
		want error
	}{
		{"bad trace", FormRequest{Kind: FormAdjustment, Trace: "12x"}, ErrBadTrace},
		{"unknown trace", FormRequest{Kind: FormAdjustment, Trace: "999999"}, ErrNoTransaction},
		{"collection for a plain sale", FormRequest{Kind: FormCollection, Trace: "1234"}, ErrNotOffered},
		{"insisting without a note", FormRequest{Kind: FormCollection, Trace: "1234", Insist: true, Note: "  "}, ErrNoteNeeded},
		{"other without a note", FormRequest{Kind: FormAdjustment, Trace: "1234", Reason: "other"}, ErrNoteNeeded},
		{"reason of the other form", FormRequest{Kind: FormAdjustment, Trace: "1234", Reason: "reversal-goods-delivered"}, ErrBadReason},
		{"unknown reason", FormRequest{Kind: FormAdjustment, Trace: "1234", Reason: "because"}, ErrBadReason},
		{"negative amount", FormRequest{Kind: FormAdjustment, Trace: "777"}, ErrAmount},
	} {
		c.req.Now = now
		f, err := NewForm(inc, c.req, nil)
		var fe *FormError
		if f != nil || !errors.Is(err, c.want) || !errors.As(err, &fe) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
			continue
		}
		for _, l := range locale.Langs() {
			if s := fe.Text.In(l); s == "" || strings.Contains(s, "%!") {
				t.Errorf("%s: message in %s is %q", c.name, l, s)
			}
		}
	}
	f, err := NewForm(inc, FormRequest{Kind: FormCollection, Trace: "１２３４", Insist: true, Note: "商户坚持：持卡人已被扣款", Now: now}, nil)
	if err != nil || !f.Insisted || f.Unfit.ZH == "" {
		t.Fatalf("insisting with a note: %+v, %v", f, err)
	}
	if rec := f.Record(); !rec.Insisted || rec.Kind != "collection" || rec.Trace != "001234" || rec.Txn == nil || rec.Txn.Amount != 123450 {
		t.Errorf("record %+v", rec)
	}
}

// TestFormCardField: a missing or malformed card field is said on the form, never guessed;
// a full number that slipped into the journal is masked.
func TestFormCardField(t *testing.T) {
	for _, c := range []struct {
		pan, card string
		problem   bool
	}{
		{"622202******0128", "622202******0128", false},
		{"6222021234567890128", "622202*********0128", false},
		{"", "", true},
		{"   ", "", true},
		{"62220**0128", "", true},
		{"CARD?", "", true},
	} {
		tx := formTxn("SALE", "00", "P")
		tx.PAN = c.pan
		f, err := NewForm(formIncident(tx), FormRequest{Kind: FormAdjustment, Trace: "1234", Now: time.Now()}, nil)
		if err != nil {
			t.Fatalf("%q: %v", c.pan, err)
		}
		if f.Card != c.card || (f.CardProblem.ZH != "") != c.problem {
			t.Errorf("%q: card %q problem %q", c.pan, f.Card, f.CardProblem.ZH)
		}
		var text strings.Builder
		for _, s := range f.Sections() {
			for _, fd := range s.Fields {
				text.WriteString(fd.Value + "\n")
			}
		}
		if c.problem && !strings.Contains(text.String(), "请按签购单填写") {
			t.Errorf("%q: the form does not say the card field is unusable:\n%s", c.pan, text.String())
		}
		if strings.Contains(text.String(), "6222021234567890128") {
			t.Errorf("%q: full card number on the form", c.pan)
		}
	}
}

// TestFormSheet: a produced form is a sheet of the visit's workbook with the form's boxes,
// filled from the record even after the journal changed.
func TestFormSheet(t *testing.T) {
	now := time.Date(2026, 3, 2, 16, 0, 0, 0, time.Local)
	inc := formIncident(formTxn("SALE", "00", "U"))
	f, err := NewForm(inc, FormRequest{Kind: FormCollection, Trace: "1234", Contact: "138 0000 0000", Now: now}, nil)
	if err != nil {
		t.Fatal(err)
	}
	inc.Forms = append(inc.Forms, f.Record(), f.Record())
	inc.Journal = nil // a later run fetched another journal
	x := readExcel(t, inc, ExcelOptions{Now: now})
	for _, sheet := range []string{"托收请款 Collection 001234", "托收请款 Collection 001234 (2)"} {
		rows, err := x.GetRows(sheet)
		if err != nil {
			t.Fatalf("sheet %q: %v (sheets %q)", sheet, err, x.GetSheetList())
		}
		var all strings.Builder
		for _, r := range rows {
			all.WriteString(strings.Join(r, "|") + "\n")
		}
		for _, want := range []string{"特约商户托收/请款业务申请表", "好又多超市", "898110041110123", "10293847", "PAX S90",
			"¥1,234.50", "人民币壹仟贰佰叁拾肆元伍角整", "622202******0128", "001234", "140509001234", "A1B2C3",
			"冲正未确认，货物已交付", "张工", "138 0000 0000", "商户盖章", "2026-03-02 14:05:09"} {
			if !strings.Contains(all.String(), want) {
				t.Errorf("sheet %q lacks %q:\n%s", sheet, want, all.String())
			}
		}
	}
}

// TestFormFileName: a form's file is named by kind, terminal (only what is safe in a file
// name), trace and day.
func TestFormFileName(t *testing.T) {
	for tid, want := range map[string]string{
		"12345678":  "adjustment-12345678-001234-20261103.pdf",
		"A-1/../终端": "adjustment-A-1-001234-20261103.pdf",
		"":          "adjustment-unknown-001234-20261103.pdf",
	} {
		f := &Form{Kind: FormAdjustment, TID: tid, Txn: diagnostics.Transaction{Trace: "1234"},
			Produced: time.Date(2026, 11, 3, 9, 0, 0, 0, cst)}
		if got := f.FileName("pdf"); got != want {
			t.Errorf("TID %q: FileName = %q, want %q", tid, got, want)
		}
	}
}
