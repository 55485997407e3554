package app

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"posdoctor/locale"
	"posdoctor/reports"
)

// setupUnderLANG sets the app up as on a system whose only locale setting is LANG=env.
func setupUnderLANG(t *testing.T, env string) {
	t.Helper()
	t.Setenv("LANG", env)
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	Setup(test.NewTempApp(t))
}

// TestSystemLocalePicksLanguage: a Simplified, Traditional or English system gets its strings.
func TestSystemLocalePicksLanguage(t *testing.T) {
	for _, tc := range []struct{ env, want string }{
		{"zh_CN.UTF-8", "连接"},
		{"zh_SG.UTF-8", "连接"},
		{"zh_TW.UTF-8", "連線"},
		{"zh_HK.UTF-8", "連線"},
		{"en_US.UTF-8", "Connect"},
	} {
		setupUnderLANG(t, tc.env)
		if got := lang.L("Connect"); got != tc.want {
			t.Errorf("LANG=%s: %q, want %q", tc.env, got, tc.want)
		}
	}
}

// TestLanguagePreferenceBeatsLANGUAGE: Chinese Ubuntu desktops set LANGUAGE=zh_CN:zh, which
// Fyne reads before LC_ALL; the language chosen in Settings still wins.
func TestLanguagePreferenceBeatsLANGUAGE(t *testing.T) {
	for _, tc := range []struct{ pref, want string }{
		{"zh_TW", "連線"},
		{"en", "Connect"},
		{"zh", "连接"},
	} {
		t.Setenv("LANGUAGE", "zh_CN:zh")
		t.Setenv("LANG", "zh_CN.UTF-8")
		t.Setenv("LC_ALL", "")
		t.Setenv("LC_MESSAGES", "")
		a := test.NewTempApp(t)
		a.Preferences().SetString(prefLanguage, tc.pref)
		Setup(a)
		if got := lang.L("Connect"); got != tc.want {
			t.Errorf("preference %s under LANGUAGE=zh_CN:zh: %q, want %q", tc.pref, got, tc.want)
		}
		if got, want := uiLang().String(), tc.pref; got != want {
			t.Errorf("preference %s: uiLang %s", tc.pref, got)
		}
	}
}

// TestFyneStringsTranslated: Fyne's own dialog buttons and file dialog strings are Chinese in
// the script of the UI, not English (Fyne ships them only in Simplified).
func TestFyneStringsTranslated(t *testing.T) {
	for _, tc := range []struct {
		env  string
		want map[string]string
	}{
		{"zh_TW.UTF-8", map[string]string{"Yes": "是", "No": "否", "OK": "確定", "Cancel": "取消", "Save": "儲存", "Open": "開啟", "File": "檔案"}},
		{"zh_HK.UTF-8", map[string]string{"No": "否", "Folder": "資料夾"}},
		{"zh_CN.UTF-8", map[string]string{"Yes": "是", "Cancel": "取消", "Save": "保存", "Folder": "文件夹"}},
	} {
		setupUnderLANG(t, tc.env)
		for key, want := range tc.want {
			if got := lang.L(key); got != want {
				t.Errorf("LANG=%s: lang.L(%q) = %q, want %q", tc.env, key, got, want)
			}
		}
		if got := lang.X("file.parent", "Parent"); got == "Parent" {
			t.Errorf("LANG=%s: file.parent untranslated", tc.env)
		}
	}
}

// TestKnownErrorsInTheLanguage: a busy store or an existing file is explained in Chinese, the
// error's own text (the path) kept after it.
func TestKnownErrorsInTheLanguage(t *testing.T) {
	setupUnderLANG(t, "zh_CN.UTF-8")
	err := fmt.Errorf("incident store /x/incidents.db write: %w", reports.ErrBusy)
	if got := errorText(err); !strings.HasPrefix(got, "另一个程序正在写入记录库") || !strings.Contains(got, "/x/incidents.db") {
		t.Errorf("errorText(ErrBusy) = %q", got)
	}
	if got := errorText(fmt.Errorf("open /x/y.yaml: %w", os.ErrNotExist)); !strings.HasPrefix(got, "找不到") {
		t.Errorf("errorText(ErrNotExist) = %q", got)
	}
}

// TestPinTarget: the chosen language is filed under the system's locale only when the system
// speaks another one (Windows, where the environment cannot carry the choice).
func TestPinTarget(t *testing.T) {
	en, zh, tw := locale.EN, locale.ZH, locale.ZHTW
	for _, c := range []struct {
		system fyne.Locale
		chosen *locale.Lang
		want   fyne.Locale
		ok     bool
	}{
		{"zh-CN", nil, "", false},
		{"zh-CN", &zh, "", false},
		{"zh-CN", &en, "zh-CN", true},
		{"zh-CN", &tw, "zh-CN", true},
		{"zh-TW", &zh, "zh-TW", true},
		{"en-US", &tw, "en-US", true},
		{"en-US", &en, "", false},
	} {
		got, ok := pinTarget(c.system, c.chosen)
		if got != c.want || ok != c.ok {
			t.Errorf("pinTarget(%s, %v) = %q %v, want %q %v", c.system, c.chosen, got, ok, c.want, c.ok)
		}
	}
}

// A yes/no dialog's No is 否 in Chinese (Fyne's own Simplified has 不, "not", beside 是).
func TestDialogNoInChinese(t *testing.T) {
	for env, want := range map[string]string{"zh_CN.UTF-8": "否", "zh_TW.UTF-8": "否", "en_US.UTF-8": "No"} {
		setupUnderLANG(t, env)
		if got := lang.L("No"); got != want {
			t.Errorf("LANG=%s: No is %q, want %q", env, got, want)
		}
	}
}
