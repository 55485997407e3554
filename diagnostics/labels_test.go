package diagnostics

import (
	"strings"
	"testing"

	"posdoctor/locale"
)

// TestLabels: every value of the vocabulary has a label in every language, and a value
// outside it names itself rather than showing nothing.
func TestLabels(t *testing.T) {
	labels := map[string]locale.Text{}
	for _, s := range statusNames.Values() {
		labels["status "+s.String()] = s.Label()
	}
	for _, s := range severityNames.Values() {
		labels["severity "+s.String()] = s.Label()
	}
	for _, w := range whoNames.Values() {
		labels["who "+w.String()] = w.Label()
	}
	for _, v := range verdictNames.Values() {
		labels["verdict "+v.String()] = v.Label()
		labels["verdict sentence "+v.String()] = v.Sentence()
	}
	for _, f := range txnFlagNames.Values() {
		if f != TxnNormal {
			labels["flag "+f.String()] = f.Label()
		}
	}
	for name, l := range labels {
		if l.ZH == "" || l.ZHTW == "" || l.EN == "" {
			t.Errorf("%s: label %+v lacks a language", name, l)
		}
	}
	if l := TxnNormal.Label(); l != (locale.Text{}) {
		t.Errorf("a normal transaction has a note: %+v", l)
	}
	for name, l := range map[string]locale.Text{
		"status": Status(9).Label(), "severity": Severity(-1).Label(), "who": Who(9).Label(),
		"verdict": VerdictKind(9).Label(), "sentence": VerdictKind(9).Sentence(), "flag": TxnFlag(9).Label(),
	} {
		if !strings.Contains(l.In(locale.EN), "(") || l.In(locale.ZH) == "" {
			t.Errorf("%s out of range: %+v", name, l)
		}
	}
}
