//go:build linux || darwin

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// ptyLine opens a pseudo-terminal whose far end (the master) is handled by far, and returns
// the device path a command opens as its port.
func ptyLine(t *testing.T, far func(master *os.File)) string {
	t.Helper()
	master, slave, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { master.Close(); slave.Close() })
	go far(master)
	return slave.Name()
}

type checkJSON struct {
	Steps []struct {
		ID, Status string
		Summary    string
		Findings   []struct{ Code, Message string }
		Evidence   map[string]any
	}
	Verdict struct{ Kind string }
}

// TestIssue9Item14StatusOnLoopback: a loopback plug on the port is not a terminal answering
// RC "": status says what it is and exits 2.
func TestIssue9Item14StatusOnLoopback(t *testing.T) {
	path := ptyLine(t, func(m *os.File) { _, _ = io.Copy(m, m) })
	var out, errOut bytes.Buffer
	code := Run(context.Background(), []string{"status", "--port", path, "--json"}, &out, &errOut)
	if code != ExitFailed || !strings.Contains(errOut.String(), "loopback plug") || strings.Contains(out.String(), `"rc"`) {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
}

// TestIssue9Item15StatusSilentTerminalWithin10s: a terminal that ACKs ST and never answers is
// reported before a 10 s deadline, saying so.
func TestIssue9Item15StatusSilentTerminalWithin10s(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var out, errOut bytes.Buffer
	code := Run(ctx, []string{"status", "--sim", "--fault", "silent=ST"}, &out, &errOut)
	if code != ExitFailed || !strings.Contains(errOut.String(), "never answered") || strings.Contains(errOut.String(), "deadline") {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
}

// TestIssue9Item18SilentPortExits2: nothing on the line: check and status exit 2 (could not
// run), as docs/cli.md promises, with a message that says no answer came.
func TestIssue9Item18SilentPortExits2(t *testing.T) {
	path := ptyLine(t, func(m *os.File) { _, _ = io.Copy(io.Discard, m) })
	var out, errOut bytes.Buffer
	code := runCheck(context.Background(), []string{"--port", path, "--json", "--yes"}, strings.NewReader(""), &out, &errOut)
	var rep checkJSON
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("exit %d: %v: %s %s", code, err, out.String(), errOut.String())
	}
	if code != ExitFailed || rep.Verdict.Kind != "incomplete" || rep.Steps[0].Status != "error" ||
		len(rep.Steps[0].Findings) == 0 || rep.Steps[0].Findings[0].Code != "LINK-NOANSWER" {
		t.Fatalf("exit %d: %s", code, out.String())
	}
	out.Reset()
	errOut.Reset()
	if code := Run(context.Background(), []string{"status", "--port", path}, &out, &errOut); code != ExitFailed || !strings.Contains(errOut.String(), "no answer") {
		t.Fatalf("status: exit %d, stderr %q", code, errOut.String())
	}
}

// TestIssue9SeedReplaysLineFaults: check --sim --seed N replays a line fault's random
// sequence: with seed 17 the ACK to the opening ENQ is lost (lost-ack=0.1), every time, and
// the check goes on.
func TestIssue9SeedReplaysLineFaults(t *testing.T) {
	var conn connFlags
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	conn.register(fs)
	if err := fs.Parse([]string{"--sim", "--seed", "17"}); err != nil {
		t.Fatal(err)
	}
	if tg, err := conn.target(); err != nil || tg.SimConfig.Seed != 17 {
		t.Fatalf("target %+v, %v", tg.SimConfig, err)
	}
	for range 2 {
		var out, errOut bytes.Buffer
		code := runCheck(context.Background(), []string{"--sim", "--seed", "17", "--fault", "lost-ack=0.1", "--speed", "50",
			"--steps", "link,terminal", "--json", "--yes"}, strings.NewReader(""), &out, &errOut)
		var rep checkJSON
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
			t.Fatalf("exit %d: %v: %s", code, err, errOut.String())
		}
		link := rep.Steps[0]
		if code == ExitFailed || link.Status == "fail" || link.Status == "error" || link.Evidence["enq_unanswered"] != 1.0 {
			t.Fatalf("exit %d, link %s %q, evidence %v", code, link.Status, link.Summary, link.Evidence)
		}
	}
}
