//go:build linux || darwin

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"posdoctor/serialio"
)

// startSim runs `posdoctor sim ARGS` in-process and returns the device path it printed first.
func startSim(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() { done <- Run(ctx, append([]string{"sim"}, args...), &out, &errOut) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("posdoctor sim did not stop on interrupt")
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if line, _, found := strings.Cut(out.String(), "\n"); found {
			if !strings.HasPrefix(line, "/dev/") || strings.ContainsAny(line, " \t") {
				t.Fatalf("first line %q is not a device path alone", line)
			}
			return line
		}
		if time.Now().After(deadline) {
			t.Fatalf("posdoctor sim printed no path; stderr: %s", errOut.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestSimOverRealSerialPort runs the go.bug.st/serial path (OpenPort) against `posdoctor sim`.
func TestSimOverRealSerialPort(t *testing.T) {
	path := startSim(t, "--speed", "50", "--fault", "paper-out")
	port, err := serialio.OpenPort(path, serialio.PortConfig{Baud: 115200})
	if err != nil {
		t.Fatal(err)
	}
	c := serialio.NewClient(port, serialio.ClientConfig{})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := c.Probe(ctx); err != nil {
		t.Fatalf("ENQ: %v", err)
	}
	resp, err := c.Exchange(ctx, serialio.Message{Cmd: "ST"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.RC() != "00" || resp.Value("PAPER") != "OUT" || len(resp.Value("TID")) != 8 {
		t.Fatalf("ST = %v", resp)
	}
	// every byte value survives the pty both ways
	data := make([]byte, 256)
	for i := range data {
		data[i] = byte(i)
	}
	hexData := strings.ToUpper(hexString(data))
	resp, err = c.Exchange(ctx, serialio.Message{Cmd: "EC", Fields: []serialio.Field{{Name: "DATA", Value: hexData}}})
	if err != nil || resp.Value("DATA") != hexData {
		t.Fatalf("EC = %v, %v", resp, err)
	}
	if s := c.Stats(); s.Resends != 0 || s.NAKsReceived != 0 {
		t.Errorf("a clean pty needed resends: %+v", s)
	}
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

// TestStatusCommand runs `posdoctor status --port PATH --json` against `posdoctor sim`.
func TestStatusCommand(t *testing.T) {
	path := startSim(t, "--speed", "50")
	var out, errOut bytes.Buffer
	code := Run(context.Background(), []string{"status", "--port", path, "--json"}, &out, &errOut)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	hasKeys(t, "status JSON", jsonObject(t, out.String()), "rc", "rtt_ms", "model", "sn", "tid", "mid", "mname", "batch", "trace", "signed", "time", "keys")
}

func TestStatusNoSuchPort(t *testing.T) {
	var out, errOut bytes.Buffer
	code := Run(context.Background(), []string{"status", "--port", "/dev/ttyNOPE"}, &out, &errOut)
	if code != ExitFailed || !strings.Contains(errOut.String(), "no such port") {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
}

// TestStatusSilentTerminal: a terminal that ACKs but never answers ends in a bounded time with
// advice: three sends of ST (the client asks twice more under the same SEQ), 5 s each.
func TestStatusSilentTerminal(t *testing.T) {
	path := startSim(t, "--fault", "silent=ST")
	var out, errOut bytes.Buffer
	start := time.Now()
	code := Run(context.Background(), []string{"status", "--port", path}, &out, &errOut)
	if code != ExitFailed || !strings.Contains(errOut.String(), "did not answer in time") {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Fatalf("took %v", d)
	}
}

// TestCheckSimJSON runs a few acceptance rows through `posdoctor check --sim --json --yes` over a pty.
func TestCheckSimJSON(t *testing.T) {
	for _, tc := range []struct {
		fault, step, status, code string
		exit                      int
	}{
		{"paper-out", "printer", "fail", "P1", ExitProblem},
		{"invalid-merchant", "signon", "fail", "03", ExitProblem},
		{"no-dialtone", "host", "fail", "H1", ExitProblem},
	} {
		t.Run(tc.fault, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := runCheck(context.Background(), []string{"--sim", "--speed", "50", "--fault", tc.fault, "--json", "--yes", "--steps", "link,terminal," + tc.step},
				strings.NewReader(""), &out, &errOut)
			if code != tc.exit {
				t.Fatalf("exit %d, want %d; stderr %s", code, tc.exit, errOut.String())
			}
			var rep struct {
				Steps []struct {
					ID, Status string
					Findings   []struct{ Code string }
				}
			}
			if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
				t.Fatal(err)
			}
			last := rep.Steps[len(rep.Steps)-1]
			if last.ID != tc.step || last.Status != tc.status || len(last.Findings) == 0 || last.Findings[0].Code != tc.code {
				t.Fatalf("step %+v", last)
			}
		})
	}
}

// TestCheckAsksOnTheTerminal: without --yes the printer question is asked and a "n" answer fails the step.
func TestCheckAsksOnTheTerminal(t *testing.T) {
	var out, errOut bytes.Buffer
	code := runCheck(context.Background(), []string{"--sim", "--speed", "50", "--steps", "printer"}, strings.NewReader("n\n"), &out, &errOut)
	if code != ExitProblem {
		t.Fatalf("exit %d: %s %s", code, out.String(), errOut.String())
	}
	if !strings.Contains(errOut.String(), "easy to read") || !strings.Contains(out.String(), "PRINT-ILLEGIBLE") {
		t.Fatalf("stdout %q stderr %q", out.String(), errOut.String())
	}
	// the finding carries the code book's Chinese title
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.Contains(line, "PRINT-ILLEGIBLE [") {
			t.Fatalf("no Chinese title beside the code: %q", line)
		}
	}
}

// TestCheckSaveRecordsIncident: check --save records the run; incidents lists it; report
// writes its workbook.
func TestCheckSaveRecordsIncident(t *testing.T) {
	db := t.TempDir() + "/incidents.db"
	var out, errOut bytes.Buffer
	code := runCheck(context.Background(), []string{"--sim", "--speed", "50", "--fault", "paper-out", "--yes", "--json",
		"--steps", "link,terminal,printer,journal", "--save", "--technician", "王师傅", "--symptom", "不出小票 card 6222021234567890128", "--db", db},
		strings.NewReader(""), &out, &errOut)
	if code != ExitProblem || !strings.Contains(errOut.String(), "saved as incident") {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	out.Reset()
	errOut.Reset()
	if code := Run(context.Background(), []string{"incidents", "--json", "--db", db}, &out, &errOut); code != ExitOK {
		t.Fatalf("incidents exit %d: %s", code, errOut.String())
	}
	var list []map[string]any
	if err := json.Unmarshal(out.Bytes(), &list); err != nil || len(list) != 1 {
		t.Fatalf("incidents: %v %s", err, out.String())
	}
	if strings.Contains(out.String(), "6222021234567890128") {
		t.Fatal("the symptom's card number was stored unmasked")
	}
	id, _ := list[0]["id"].(string)
	xlsx := t.TempDir() + "/report.xlsx"
	if code := Run(context.Background(), []string{"report", "incident", id, "-o", xlsx, "--db", db}, &out, &errOut); code != ExitOK {
		t.Fatalf("report exit %d: %s", code, errOut.String())
	}
}
