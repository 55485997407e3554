//go:build linux || darwin

package cli

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"posdoctor/internal/simtest"
	"posdoctor/locale"
	"posdoctor/serialio/termsim"
)

// probe on the simulated terminal: the human output names the setting and says TML/1 in the
// output language; --json has every documented field; exit 0.
func TestProbeCommandTML1(t *testing.T) {
	t.Parallel()
	path := simtest.PTY(t, termsim.Config{Speed: 50})

	var out, errb bytes.Buffer
	if code := Run(withLang(context.Background(), locale.ZH), []string{"probe", "--port", path}, &out, &errb); code != ExitOK {
		t.Fatalf("exit %d: %s %s", code, out.String(), errb.String())
	}
	text := out.String()
	t.Log("\n" + text)
	for _, want := range []string{"探测 " + path, "* 115200 8N1", "TML/1 终端在任何速率下都有应答", "结论："} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if errb.Len() != 0 {
		t.Errorf("stderr (not a terminal: no progress line): %q", errb.String())
	}

	out.Reset()
	if code := Run(context.Background(), []string{"probe", "--port", path, "--json"}, &out, &errb); code != ExitOK {
		t.Fatalf("--json exit %d: %s", code, errb.String())
	}
	got := jsonObject(t, out.String())
	hasKeys(t, "JSON", got, "port", "usb", "verdict", "baud", "format", "any_speed", "shape", "tml1", "summary", "cancelled", "elapsed_ms", "tries")
	if got["verdict"] != "tml1" || got["baud"] != 115200.0 || got["format"] != "8N1" || got["shape"] != "stx-len-etx-lrc" || got["tml1"] != true || got["any_speed"] != true {
		t.Errorf("JSON %v", got)
	}
	tries, _ := got["tries"].([]any)
	if len(tries) != 10 {
		t.Fatalf("%d tries", len(tries))
	}
	first := tries[0].(map[string]any)
	hasKeys(t, "a try", first, "baud", "format", "answer", "echo", "asked", "reply", "tml1", "parity", "frames", "bytes", "rx_hex", "elapsed_ms", "error", "text")
	if first["answer"] != "frames" || first["reply"] != "frames" {
		t.Errorf("first try %v", first)
	}
	if s := got["summary"].(map[string]any); s["zh"] == "" || s["zh_TW"] == "" || s["en"] == "" {
		t.Errorf("summary %v", s)
	}
}

// A loopback plug: the verdict says so and the exit code is 1.
func TestProbeCommandEcho(t *testing.T) {
	t.Parallel()
	path := ptyLine(t, func(m *os.File) {
		buf := make([]byte, 512)
		for {
			n, err := m.Read(buf)
			if err != nil {
				return
			}
			m.Write(buf[:n])
		}
	})
	var out, errb bytes.Buffer
	if code := Run(withLang(context.Background(), locale.EN), []string{"probe", "--port", path}, &out, &errb); code != ExitProblem {
		t.Fatalf("exit %d: %s %s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "Verdict: the line echoes what we send: a loopback plug or a wrong cable") {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestProbeCommandFails(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"probe"}, "--port PATH"},
		{[]string{"probe", "--port", "/dev/ttyNOSUCH7"}, "no such port"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		if code := Run(context.Background(), c.args, &out, &errb); code != ExitFailed || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q", c.args, code, errb.String())
		}
	}
}

// Cancelled (Ctrl+C) before it starts: nothing is tried, the exit code is 2, and the output
// says the probe was cancelled.
func TestProbeCommandCancelled(t *testing.T) {
	path := ptyLine(t, func(m *os.File) {
		buf := make([]byte, 64)
		for {
			if _, err := m.Read(buf); err != nil {
				return
			}
		}
	})
	ctx, cancel := context.WithCancel(withLang(context.Background(), locale.EN))
	cancel()
	var out, errb bytes.Buffer
	if code := Run(ctx, []string{"probe", "--port", path}, &out, &errb); code != ExitFailed {
		t.Fatalf("exit %d: %s", code, out.String())
	}
	if !strings.Contains(out.String(), "probe cancelled after 0 of 10 settings") {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestHexBytes(t *testing.T) {
	if got := hexBytes([]byte{0x06, 0x02, 0x00, 0x12, 0x41, 0x03, 0x7F}, 7); got != "ACK STX 00 12 41 ETX 7F" {
		t.Errorf("%q", got)
	}
	if got := hexBytes(bytes.Repeat([]byte{0xFF}, 64), 900); !strings.HasSuffix(got, "FF…(+40) (900)") {
		t.Errorf("%q", got)
	}
}
