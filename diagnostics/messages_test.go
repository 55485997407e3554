package diagnostics

import (
	"regexp"
	"strings"
	"testing"
)

var placeholder = regexp.MustCompile(`{{\.([A-Z][A-Za-z]*)}}`)

// TestMessageTemplates: every template parses, uses only plain {{.Name}} fields (what
// translators can keep intact), and renders with every field it names, missingkey=error.
func TestMessageTemplates(t *testing.T) {
	all := MessageTemplates()
	if len(all) < 50 {
		t.Fatalf("only %d templates registered", len(all))
	}
	seen := map[string]bool{}
	for _, key := range all {
		if seen[key] {
			t.Errorf("registered twice: %q", key)
		}
		seen[key] = true
		fields := placeholder.FindAllStringSubmatch(key, -1)
		if strings.Count(key, "{{") != len(fields) || strings.Count(key, "}}") != len(fields) {
			t.Errorf("%q: use only {{.Name}} fields", key)
		}
		args := kv{}
		for _, f := range fields {
			args[f[1]] = "<" + f[1] + ">"
		}
		got, err := RenderMessage(key, args)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if strings.Contains(got, "{{") || strings.Contains(got, "<no value>") {
			t.Errorf("%q rendered as %q", key, got)
		}
		if len(fields) > 0 {
			if _, err := RenderMessage(key, nil); err == nil {
				t.Errorf("%q rendered without its args", key)
			}
		}
	}
}

func TestRenderMessage(t *testing.T) {
	for _, tc := range []struct {
		key  string
		args kv
		want string
	}{
		{sumLinkOK, kv{"Rounds": 4, "MS": int64(5)}, "terminal answers; 4 echo rounds, median 5 ms"},
		{msgBatteryLow, kv{"Percent": 12}, "Battery at 12%: light or blank printing and shutdowns follow."},
		{msgCmdRC, kv{"Cmd": "ST", "RC": "E1"}, "ST answered RC E1"},
		{signOnRC["K2"].withKeys, kv{"NewPIK": "1", "NewMAK": "2", "NewTDK": "3", "PIK": "4", "MAK": "5", "TDK": "—"},
			"The working keys' check values did not match after sign-on: the old keys stay in force. New check values received: PIK 1 MAK 2 TDK 3; in force: PIK 4 MAK 5 TDK —."},
		{sumCancelled, nil, "cancelled"},
		{sumHostOK, kv{"Mode": "4G"}, ""}, // MS missing: an error
	} {
		got, err := RenderMessage(tc.key, tc.args)
		if tc.want == "" {
			if err == nil {
				t.Errorf("%q with %v: no error, got %q", tc.key, tc.args, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q with %v: %q, %v; want %q", tc.key, tc.args, got, err, tc.want)
		}
	}
}

// TestMaskStepArgs: a card number from the terminal is masked in the args too.
func TestMaskStepArgs(t *testing.T) {
	const card = "6222021234567890128" // Luhn-valid
	res := StepResult{Findings: []Finding{}, Evidence: map[string]any{}}
	setSummary(&res, sumTerminal, kv{"Model": "X", "SN": "1", "TID": "2", "MID": "3", "Name": card})
	res.Findings = append(res.Findings, finding(CodeStuckKey, SeverityCritical, WhoTechnician, msgStuckKeys, kv{"Keys": card}))
	maskStep(&res)
	s, f := res, res.Findings[0]
	for _, v := range []any{s.Summary, s.SummaryArgs["Name"], f.Message, f.MessageArgs["Keys"]} {
		if strings.Contains(v.(string), card) {
			t.Errorf("card number not masked: %q", v)
		}
	}
	if s.SummaryArgs["Model"] != "X" {
		t.Errorf("args changed: %v", s.SummaryArgs)
	}
}
