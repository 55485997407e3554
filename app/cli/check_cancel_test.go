package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// Ctrl+C during the host step: the terminal cannot be stopped in its comm test (PROTOCOL.md §5),
// so the check waits for its answer before it ends, and says so rather than hanging silently.
func TestCheckCancelSaysWhatItWaitsFor(t *testing.T) {
	for _, c := range []struct{ lang, says string }{
		{"zh", "正在取消：终端的通讯测试无法中途停止"},
		{"zh_TW", "正在取消：終端機的通訊測試無法中途停止"},
		{"en", "cancelling: the terminal cannot be stopped in the middle of the comm test"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			time.AfterFunc(700*time.Millisecond, cancel) // the comm test takes 1.5 s at speed 10
			var out, errb bytes.Buffer
			code := Run(ctx, []string{"--lang", c.lang, "check", "--sim", "--speed", "10", "--yes", "--fault", "host-timeout", "--steps", "host"}, &out, &errb)
			if code != ExitFailed || !strings.Contains(errb.String(), c.says) {
				t.Errorf("exit %d, stderr:\n%s\nstdout:\n%s", code, errb.String(), out.String())
			}
		})
	}
}
