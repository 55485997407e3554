package serialio

import (
	"testing"

	"posdoctor/locale"
)

func TestStatusValue(t *testing.T) {
	for _, tc := range []struct {
		field, value string
		l            locale.Lang
		want         string
	}{
		{"PAPER", "OUT", locale.ZH, "缺纸"},
		{"PAPER", "OUT", locale.ZHTW, "缺紙"},
		{"PAPER", "LOW", locale.EN, "Low"},
		{"COVER", "CLOSED", locale.ZH, "关闭"},
		{"COVER", "OPEN", locale.ZHTW, "開啟"},
		{"SIGNED", "Y", locale.ZH, "是"},
		{"SIGNED", "N", locale.EN, "No"},
		{"TIME", "20261128071746", locale.ZH, "2026-11-28 07:17:46"},
		{"LASTSETTLE", "20261125230000", locale.EN, "2026-11-25 23:00:00"},
		{"TIME", "2026112807", locale.ZH, "2026112807"}, // not a time stamp: as it came
		{"BATT", "85", locale.ZH, "85 %"},
		{"BATT", "NA", locale.ZH, "无电池"},
		{"BATT", "120", locale.EN, "120"},
		{"COMM", "4G", locale.ZH, "4G"},
		{"TID", "12345678", locale.ZH, "12345678"},
		{"STUCK", "", locale.ZH, ""},
		{"SIGNED", "X", locale.ZH, "X"},
	} {
		if got := StatusValue(tc.field, tc.value, tc.l); got != tc.want {
			t.Errorf("StatusValue(%s, %q, %s) = %q, want %q", tc.field, tc.value, tc.l, got, tc.want)
		}
	}
}

// TestStatusValuesNameFields: the word table names only ST's fields.
func TestStatusValuesNameFields(t *testing.T) {
	known := map[string]bool{}
	for _, f := range StatusFields {
		known[f.Name] = true
	}
	for field := range statusValues {
		if !known[field] {
			t.Errorf("statusValues has %s, not an ST field", field)
		}
	}
}
