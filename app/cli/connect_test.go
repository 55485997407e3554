package cli

import (
	"strings"
	"testing"
)

// A fault the simulated terminal refuses, typed after --fault, is said in the reader's
// language with its own reason (the faults that clash, the valid keys), not only in the English
// details under a sentence that fits every refusal.
func TestSimFaultRefusalsFollowLanguage(t *testing.T) {
	for _, c := range []struct {
		args          []string
		en, zh, zh_TW string
	}{
		{[]string{"check", "--sim", "--fault", "stuck-key=X"}, `"X" is not a key name; keys are 1 2 3`, `"X" 不是按键名；按键有 1 2 3`, `"X" 不是按鍵名稱；按鍵有 1 2 3`},
		{[]string{"check", "--sim", "--fault", "paper-out,paper-low"}, "faults paper-out and paper-low contradict", "故障 paper-out 和 paper-low 互相矛盾", "故障 paper-out 和 paper-low 互相矛盾"},
		{[]string{"sim", "--fault", "no-dialtone", "--fault", "no-sim"}, "no-dialtone needs a PSTN line and no-sim a mobile network", "no-dialtone 要用电话线（PSTN），no-sim 要用移动网络", "no-dialtone 要用電話線（PSTN），no-sim 要用行動網路"},
		{[]string{"sim", "--fault", "stuck-key=4111111111111111"}, `keys are 1 2 3`, `"411111******1111" 不是按键名`, `"411111******1111" 不是按鍵名稱`},
	} {
		for l, want := range map[string]string{"en": c.en, "zh": c.zh, "zh_TW": c.zh_TW} {
			_, errOut, code := runDrillCLI(t, append([]string{"--lang", l}, c.args...)...)
			if code != ExitFailed || !strings.Contains(errOut, want) {
				t.Errorf("%s %v: exit %d, %q does not say %q", l, c.args, code, errOut, want)
			}
			if l != "en" && (strings.Contains(errOut, "simulated terminal") || strings.Contains(errOut, "4111111111111111")) {
				t.Errorf("%s %v: %q", l, c.args, errOut)
			}
		}
	}
}
