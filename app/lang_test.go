package app

import (
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
)

// TestSystemLocalePicksLanguage: a Simplified, Traditional or English system gets its strings.
func TestSystemLocalePicksLanguage(t *testing.T) {
	for _, tc := range []struct{ env, want string }{
		{"zh_CN.UTF-8", "连接"},
		{"zh_SG.UTF-8", "连接"},
		{"zh_TW.UTF-8", "連線"},
		{"zh_HK.UTF-8", "連線"},
		{"en_US.UTF-8", "Connect"},
	} {
		t.Setenv("LANG", tc.env)
		t.Setenv("LANGUAGE", "")
		t.Setenv("LC_ALL", "")
		t.Setenv("LC_MESSAGES", "")
		Setup(test.NewTempApp(t))
		if got := lang.L("Connect"); got != tc.want {
			t.Errorf("LANG=%s: %q, want %q", tc.env, got, tc.want)
		}
	}
}
