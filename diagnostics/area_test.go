package diagnostics

import "testing"

func TestAreaNames(t *testing.T) {
	for _, a := range areaNames.Values() {
		if got, err := ParseArea(a.String()); err != nil || got != a {
			t.Errorf("%v: round trip gave %v, %v", a, got, err)
		}
	}
	if _, err := ParseArea("Printer"); err == nil {
		t.Error("ParseArea accepted a wrong case")
	}
}

func TestAreaOf(t *testing.T) {
	tests := []struct {
		code string
		want Area
	}{
		{"H1", AreaCommunication},
		{CodeWeakSignal, AreaCommunication},
		{"P3", AreaPrinter},
		{CodePaperLow, AreaPrinter},
		{CodeStuckKey, AreaKeypad},
		{"A0", AreaKeysSignOn},
		{CodeNotSignedOn, AreaKeysSignOn},
		{"14", AreaCardReading},
		{"03", AreaHostMerchantSetup},
		{CodeDuplicateCharge, AreaTransactionDispute},
		{CodeUnsettled, AreaUnknown},
		{"", AreaUnknown},
		{"ZZ", AreaUnknown},
	}
	for _, tt := range tests {
		if got := AreaOf(tt.code); got != tt.want {
			t.Errorf("AreaOf(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
}
