package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// User trial: a step that lost the link printed "? 连接测试 未能执行 连接中断：send EC …: link
// failed …" and the steps after it "未执行：在步骤 link 中…": a Go error inside the Chinese and a
// step named by its id. The summary and the message are now sentences of the language, the
// skipped steps name the step, and the error follows on a line of its own as the details.
func TestTrialCheckPrintsStepErrorsAsDetails(t *testing.T) {
	for _, c := range []struct{ lang, details, quote, old string }{
		{"zh", "    详情：", "“", "连接中断："},
		{"zh_TW", "    詳情：", "「", "連線中斷："},
		{"en", "    details: ", "the link to the terminal was lost in the ", "link lost: "},
	} {
		t.Run(c.lang, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := Run(context.Background(), []string{"--lang", c.lang, "check", "--sim", "--speed", "50", "--yes", "--fault", "unplug-after=80"}, &out, &errb)
			o := out.String()
			if code != ExitFailed || !strings.Contains(o, c.details) || !strings.Contains(o, "link lost") || !strings.Contains(o, c.quote) {
				t.Fatalf("exit %d:\n%s\n%s", code, o, errb.String())
			}
			for _, line := range strings.Split(o, "\n") {
				if strings.HasPrefix(line, c.details) {
					continue // the details are the English error
				}
				if strings.Contains(line, c.old) || strings.Contains(line, "link failed") || strings.Contains(line, "Port has been closed") ||
					(c.lang != "en" && (strings.Contains(line, "步骤 ") || strings.Contains(line, "步驟 "))) {
					t.Errorf("a Go error or a step id outside the details: %q", line)
				}
			}
		})
	}
}
