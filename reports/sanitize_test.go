package reports

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"posdoctor/diagnostics"
	"posdoctor/pan"
)

func TestCleanText(t *testing.T) {
	masked := testPAN[:6] + "******" + testPAN[12:]
	tests := []struct {
		name, in, want string
	}{
		{"plain pan", "card " + testPAN + " ok", "card " + masked + " ok"},
		{"spaced pan", "6222 0212 3456 7894", "6222 02** **** 7894"},
		{"chinese around", "卡号" + testPAN + "被扣款", "卡号" + masked + "被扣款"},
		{"not luhn", "4111111111111112", "4111111111111112"},
		{"unionpay without luhn", "6222021234567890", "622202******7890"}, // issue 9 item 9
		{"timestamp", "20260305101500", "20260305101500"},
		{"check value kept", "PIK=1A2B3C4D MAK=5E6F7A8B", "PIK=1A2B3C4D MAK=5E6F7A8B"},
		{"double-length key", "key 0123456789ABCDEFFEDCBA9876543210 end", "key ******************************** end"},
		{"pin block", "PB:0412AC89ABCDEF12", "PB:****************"},
		{"serial kept", "SN1234ABCD5678EF90", "SN1234ABCD5678EF90"},
		{"uuid kept", "0f8fad5b-d9cb-469f-a165-70867728950e", "0f8fad5b-d9cb-469f-a165-70867728950e"},
		{"hex letters only kept", "ABCDEFABCDEFABCDEF", "ABCDEFABCDEFABCDEF"},
		{"short hex kept", "0123456789ABCDE", "0123456789ABCDE"},
		{"formula text unchanged", "=SUM(A1)", "=SUM(A1)"},
		{"empty", "", ""},
	}
	if tests[1].in != testPAN[0:4]+" "+testPAN[4:8]+" "+testPAN[8:12]+" "+testPAN[12:] {
		t.Fatalf("fixture: spaced PAN row out of step with testPAN %s", testPAN)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanText(tt.in); got != tt.want {
				t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanMID(t *testing.T) {
	// a 15-digit MID that happens to pass Luhn stays whole; an AmEx-shaped number does not
	mid := ""
	for d := '0'; d <= '9'; d++ {
		if c := "89831004816000" + string(d); pan.Luhn([]byte(c)) {
			mid = c
		}
	}
	if got := cleanMID(mid); got != mid {
		t.Errorf("cleanMID(%s) = %s", mid, got)
	}
	amex := ""
	for d := '0'; d <= '9'; d++ {
		if c := "37828224631000" + string(d); pan.Luhn([]byte(c)) {
			amex = c
		}
	}
	if got := cleanMID(amex); got == amex {
		t.Errorf("cleanMID kept an AmEx-shaped card number %s", amex)
	}
	if got := cleanMID("pan " + testPAN); strings.Contains(got, testPAN) {
		t.Errorf("cleanMID kept a card number in %q", got)
	}
}

func TestCleanEvidence(t *testing.T) {
	type typed struct {
		Cards []string `json:"cards"`
	}
	ev := map[string]any{
		"pik":        "1A2B3C4D",                         // check value: kept
		"mak":        "5E6F7A8B",                         // kept
		"tmk":        "Y",                                // secret name, but only a yes or no (KS): kept
		"TMK":        "N0",                               // secret name, anything but a yes or no: removed
		"zmk":        "yes ",                             // a yes: kept
		"pin":        "1234",                             // removed
		"password":   "yes",                              // a yes is kept only under a key's name: removed
		"pinblock":   "0412AC89ABCDEF12",                 // removed
		"PIN":        1234,                               // removed
		"tdk_value":  "0123456789ABCDEFFEDCBA9876543210", // key-ish name, 32 hex: removed
		"session":    map[string]any{"mak": "0123 4567 89AB CDEF"},
		"last_pan":   testPAN,
		"pan_number": json.Number(testPAN),
		"typed":      typed{Cards: []string{testPAN}},
		"count":      3,
		"ok":         true,
		"none":       nil,
	}
	got := cleanEvidence(ev)
	b, _ := json.Marshal(got)
	if strings.Contains(string(b), testPAN) {
		t.Errorf("a card number survived: %s", b)
	}
	want := map[string]any{
		"pik": "1A2B3C4D", "mak": "5E6F7A8B", "tmk": "Y", "TMK": Removed, "zmk": "yes ", "pin": Removed, "password": Removed,
		"pinblock": Removed, "PIN": Removed,
		"tdk_value": Removed, "ok": true, "none": nil,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %#v, want %#v", k, got[k], v)
		}
	}
	if s := got["session"].(map[string]any)["mak"]; s != Removed {
		t.Errorf("nested key-ish field = %#v", s)
	}
	if got["count"] != json.Number("3") {
		t.Errorf("count = %#v", got["count"])
	}
	if got["pan_number"] != testPAN[:6]+"******"+testPAN[12:] {
		t.Errorf("pan_number = %#v", got["pan_number"])
	}
	if ev["pinblock"] != "0412AC89ABCDEF12" {
		t.Error("cleanEvidence changed its input")
	}
}

func TestSanitizeLeavesInputAlone(t *testing.T) {
	now := time.Date(2026, 3, 5, 10, 30, 0, 0, cst)
	inc := testIncident(now, 20)
	plantPAN(inc)
	before, _ := json.Marshal(inc)
	clean := inc.Sanitize()
	after, _ := json.Marshal(inc)
	if string(before) != string(after) {
		t.Fatal("Sanitize changed the incident it was given")
	}
	out, _ := json.Marshal(clean)
	if !strings.Contains(string(before), testPAN) {
		t.Fatal("fixture: no card number planted")
	}
	if strings.Contains(string(out), testPAN) || strings.Contains(digitsOnly(string(out)), testPAN) {
		t.Errorf("card number survived Sanitize")
	}
	if strings.Contains(string(out), "0412AC89ABCDEF12") || strings.Contains(string(out), "0123456789ABCDEFFEDCBA9876543210") {
		t.Errorf("key material survived Sanitize")
	}
	if clean.MID != "898310048160001" || clean.TID != "12345678" || clean.Serial != "SN1234ABCD5678EF90" {
		t.Errorf("identity damaged: %q %q %q", clean.MID, clean.TID, clean.Serial)
	}
	// an id whose digits happen to pass Luhn across its dashes stays whole
	inc.ID = "a60f6851-8412-5550-8f74-b0ff0f1307c3"
	if CleanText(inc.ID) == inc.ID {
		t.Fatal("fixture: this id no longer looks like a card number to the masker")
	}
	if got := inc.Sanitize().ID; got != inc.ID {
		t.Errorf("id %q became %q", inc.ID, got)
	}
	if got := clean.Runs[0].Steps[3].Evidence["pik"]; got != "1A2B3C4D" {
		t.Errorf("check value lost: %#v", got)
	}
}

// digitsOnly keeps the digits of s: a card number split by markup or separators shows up whole.
func digitsOnly(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// FuzzCleanText: cleaning keeps the length (safe on raw frames), is idempotent, and leaves no
// Luhn-valid run of 13-19 plain digits.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{testPAN, "6222 0212 3456 7894", "key 0123456789ABCDEFFEDCBA9876543210", "PIK=1A2B3C4D", "20260305101500", "中文" + testPAN, "1" + testPAN + "9", "\xff1", "卡号\xe4\xb8" + testPAN} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := CleanText(s)
		// valid text keeps its length (masking replaces digits in place); bytes that are no
		// UTF-8 become U+FFFD, so the result is always valid
		if !utf8.ValidString(c) {
			t.Fatalf("not valid UTF-8: %q → %q", s, c)
		}
		if utf8.ValidString(s) && len(c) != len(s) {
			t.Fatalf("length %d → %d", len(s), len(c))
		}
		if CleanText(c) != c {
			t.Fatalf("not idempotent: %q → %q → %q", s, c, CleanText(c))
		}
		// runs of ASCII digits that pan reads as a whole number: a digit of another form
		// next to one (٧, ７) makes it part of a longer run, which pan judges as that
		run := 0
		for i := 0; i <= len(c); i++ {
			if i < len(c) && c[i] >= '0' && c[i] <= '9' {
				run++
				continue
			}
			next, _ := utf8.DecodeRuneInString(c[i:])
			prev, _ := utf8.DecodeLastRuneInString(c[:i-run])
			if run >= 13 && run <= 19 && !(i < len(c) && pan.IsDigit(next)) && !pan.IsDigit(prev) {
				d := []byte(c[i-run : i])
				if pan.Luhn(d) && !(run == 14 && (d[0] == '1' || d[0] == '2')) {
					t.Fatalf("card-like run %s left in %q", d, c)
				}
			}
			run = 0
		}
	})
}

// TestCleanReportScrubsTemplateArgs: the args of summaries and messages are text from the
// terminal too: masked, and copied rather than shared with the caller's report.
func TestCleanReportScrubsTemplateArgs(t *testing.T) {
	args := map[string]any{"Name": "card 6222021234567890128", "N": 3}
	rep := diagnostics.Report{Steps: []diagnostics.StepResult{{ID: "terminal", SummaryKey: "{{.Name}}", SummaryArgs: args,
		Findings: []diagnostics.Finding{{Code: "X", MessageKey: "{{.Name}}", MessageArgs: args}}}}}
	out := cleanReport(rep)
	for _, m := range []map[string]any{out.Steps[0].SummaryArgs, out.Steps[0].Findings[0].MessageArgs} {
		if s, _ := m["Name"].(string); strings.Contains(s, "6222021234567890128") || m["N"] == nil {
			t.Fatalf("args not scrubbed: %v", m)
		}
	}
	out.Steps[0].SummaryArgs["Name"] = "changed"
	if args["Name"] == "changed" {
		t.Fatal("the cleaned report shares its args map with the caller's")
	}
}
