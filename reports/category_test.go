package reports

import "testing"

// ReadCategory takes a category as a person types it: name or label, any script, any width,
// spaces and dashes as they come.
func TestReadCategory(t *testing.T) {
	for s, want := range map[string]Category{
		"printer": CategoryPrinter, "打印机": CategoryPrinter, "印表機": CategoryPrinter, " Printer ": CategoryPrinter,
		"ｐｒｉｎｔｅｒ": CategoryPrinter, "host merchant setup": CategoryHostMerchantSetup, "Host-Merchant_Setup": CategoryHostMerchantSetup,
	} {
		if got, ok := ReadCategory(s); !ok || got != want {
			t.Errorf("ReadCategory(%q) = %v, %v; want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "  ", "打印", "nope"} {
		if got, ok := ReadCategory(s); ok {
			t.Errorf("ReadCategory(%q) = %v, want refused", s, got)
		}
	}
}
