package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"posdoctor/app/visit"
	"posdoctor/serialio"
)

// TestMonitorSim watches the simulated terminal while it answers an ENQ, an ST request and a
// raw byte: every byte both ways, named and decoded, in the language asked for.
func TestMonitorSim(t *testing.T) {
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"monitoring simulated terminal", "-> ENQ (are you there?)", "<- ACK (received)", "frame: 6 data bytes, LRC ok",
			"-> ST ", "<- ST ", "RC=00 MODEL=", "answer to ST: RC 00", "sent hex:05", "sent ENQ"}},
		{"zh", []string{"监视", "-> ENQ（询问：在吗？）", "<- ACK（确认收到）", "LRC 正确", "ST 的应答：应答码 00"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := Run(context.Background(), []string{"--lang", tc.lang, "monitor", "--sim", "--speed", "50", "--hex",
				"--send", "ENQ", "--send", "ST", "--send", "hex:05", "--for", "1500ms"}, &out, &errb)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
			if tc.lang == "en" && !strings.Contains(out.String(), "[STX 00 06 53 54") {
				t.Errorf("--hex shows no frame bytes:\n%s", out.String())
			}
		})
	}
}

// TestMonitorMasksWhatArrives: a card number a peer sends in a frame and as loose bytes is
// shown masked.
func TestMonitorMasksWhatArrives(t *testing.T) {
	host, peerEnd := serialio.Pipe()
	trace := serialio.NewTrace(64)
	client := serialio.NewClient(host, serialio.ClientConfig{Link: serialio.LinkConfig{Trace: trace}})
	peer := serialio.NewLink(peerEnd, serialio.LinkConfig{})
	defer peer.Close()
	saved := openTarget
	openTarget = func(context.Context, visit.Target) (*visit.Conn, error) {
		return &visit.Conn{Client: client, Trace: trace, Name: "pipe"}, nil
	}
	defer func() { openTarget = saved; client.Close() }()
	go func() {
		time.Sleep(200 * time.Millisecond)
		data, _ := serialio.EncodeMessage(serialio.Message{Cmd: serialio.CmdEvent, Seq: 1, Fields: []serialio.Field{{Name: "CODE", Value: "X1"}, {Name: "TEXT", Value: "card 4111111111111111"}}})
		_ = peer.Send(context.Background(), data)
	}()
	var out, errb bytes.Buffer
	code := Run(context.Background(), []string{"--lang", "en", "monitor", "--sim", "--hex", "--for", "1s"}, &out, &errb)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "EV 0001 CODE=X1 TEXT=card 411111******1111") {
		t.Errorf("the event is not shown masked:\n%s", out.String())
	}
	if strings.Contains(out.String(), "4111111111111111") || strings.Contains(out.String(), "31 31 31 31 31 31 31 31 31 31") {
		t.Errorf("the card number shows:\n%s", out.String())
	}
}

func TestMonitorSendParses(t *testing.T) {
	now := time.Now()
	for _, tc := range []struct {
		in  string
		ok  bool
		raw int
	}{{"ENQ", true, 0}, {"st", true, 0}, {"EC", true, 0}, {"hex:EC", true, 1}, {"02 00 06", true, 3}, {"SO", false, 0}, {"hex:xyz", false, 0}} {
		s, err := parseMonitorSend(tc.in, now)
		if (err == nil) != tc.ok || len(s.raw) != tc.raw {
			t.Errorf("%q: %+v, %v", tc.in, s, err)
		}
	}
	var out, errb bytes.Buffer
	if code := Run(context.Background(), []string{"monitor", "--sim", "--send", "SO"}, &out, &errb); code != ExitFailed {
		t.Errorf("--send SO: exit %d", code)
	}
}
