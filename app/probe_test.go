package app

import (
	"context"
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"posdoctor/internal/simtest"
	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

// fakeProbe reports progress for two settings and returns a sweep in which only 9600 8N1
// answered, with Concert-style frames; with block, it waits for the Cancel first.
func fakeProbe(block bool) Prober {
	return func(ctx context.Context, port string, cfg serialio.ProbeConfig) (serialio.ProbeResult, error) {
		settings := serialio.ProbeSettings()
		res := serialio.ProbeResult{Port: port, Best: -1,
			USB: &serialio.PortInfo{Name: port, IsUSB: true, VID: "1a86", PID: "7523", Vendor: "WCH CH340 USB-serial", Driver: "ch341", Kind: serialio.KindAdapter}}
		for i, s := range settings[:2] {
			cfg.Progress(i, len(settings), s)
		}
		if block {
			<-ctx.Done()
		}
		for i, s := range settings {
			t := serialio.ProbeTry{ProbeSetting: s, Answer: serialio.AnswerSilence}
			switch {
			case block && i >= 2:
				t.Answer = serialio.AnswerSkipped
			case s == (serialio.ProbeSetting{Baud: 9600, Format: serialio.Format8N1}):
				t.Answer = serialio.AnswerFrames
				t.Frames = []serialio.FrameShape{{Kind: serialio.FrameETX, LRCOK: true, Size: 20}}
				res.Best, res.Verdict = i, serialio.VerdictFramed
			}
			res.Tries = append(res.Tries, t)
		}
		if res.Best < 0 {
			res.Verdict = serialio.VerdictSilence
		}
		res.Cancelled = ctx.Err() != nil
		return res, nil
	}
}

// probeScreen is a Connect screen with one USB port listed and picked.
func probeScreen(t *testing.T, run Prober) (*ConnectScreen, uiQueue) {
	newTestApp(t)
	s, q := newScreen(t)
	s.probe.run = run
	s.setPorts([]serialio.PortInfo{serialio.Describe(serialio.PortInfo{Name: "/dev/ttyUSB0", IsUSB: true, VID: "1a86", PID: "7523"})})
	if s.ProbeBtn.Disabled() == false {
		t.Fatal("Probe is enabled for the simulated terminal")
	}
	if !s.selectPort(portChoice{name: "/dev/ttyUSB0"}) {
		t.Fatal("the port is not offered")
	}
	if s.ProbeBtn.Disabled() {
		t.Fatal("Probe is disabled for a real port")
	}
	return s, q
}

func rows(p *probeState) []string {
	var out []string
	for i := 0; i+1 < len(p.Table.Objects); i += 2 {
		out = append(out, p.Table.Objects[i].(*widget.Label).Text+" | "+p.Table.Objects[i+1].(*widget.Label).Text)
	}
	return out
}

func TestProbeButtonShowsVerdictAndTable(t *testing.T) {
	s, q := probeScreen(t, fakeProbe(false))
	test.Tap(s.ProbeBtn)
	if !s.ProbeBtn.Disabled() || !s.ConnectBtn.Disabled() {
		t.Error("Probe and Connect stay enabled while the probe runs")
	}
	p := &s.probe
	q.waitFor(t, "progress", func() bool { return strings.Contains(p.Status.Text, "115200 7E1") })
	q.waitFor(t, "the verdict", func() bool { return p.Cancel.Text == "Close" || p.Cancel.Text == "关闭" || p.Cancel.Text == "關閉" })
	l := uiLang()
	res, _ := fakeProbe(false)(context.Background(), "/dev/ttyUSB0", serialio.ProbeConfig{Progress: func(int, int, serialio.ProbeSetting) {}})
	if want := res.Summary().In(l); p.Status.Text != want || s.State.Text != want {
		t.Errorf("status %q, state %q; want %q", p.Status.Text, s.State.Text, want)
	}
	got := rows(p)
	if len(got) != 10 || !strings.HasPrefix(got[8], "9600 8N1 | ") || !strings.Contains(got[8], "STX-ETX-LRC") {
		t.Errorf("table %q", got)
	}
	if !p.Note.Visible() || !strings.Contains(p.Note.Text, "1a86:7523") || !strings.Contains(p.Note.Text, "ch341") || !strings.Contains(p.Note.Text, "CH341SER") {
		t.Errorf("USB note %q", p.Note.Text)
	}
	if s.ProbeBtn.Disabled() || s.ConnectBtn.Disabled() {
		t.Error("Probe and Connect are not given back after the probe")
	}
	test.Tap(p.Cancel) // Close
}

func TestProbeCancel(t *testing.T) {
	s, q := probeScreen(t, fakeProbe(true))
	test.Tap(s.ProbeBtn)
	p := &s.probe
	q.waitFor(t, "progress", func() bool { return strings.Contains(p.Status.Text, "115200 7E1") })
	test.Tap(p.Cancel)
	q.waitFor(t, "the cancelled verdict", func() bool { return !s.probe.probing() && len(p.Table.Objects) > 0 })
	if !strings.Contains(p.Status.Text, "2/10") && !strings.Contains(p.Status.Text, "2 of 10") {
		t.Errorf("status %q does not say the probe was cancelled after 2 of 10", p.Status.Text)
	}
}

func TestProbeDisabledWhenConnected(t *testing.T) {
	s, q := probeScreen(t, fakeProbe(false))
	s.Port.SetSelectedIndex(0) // the simulated terminal
	if !s.ProbeBtn.Disabled() {
		t.Fatal("Probe enabled for the simulated terminal")
	}
	test.Tap(s.ConnectBtn)
	q.waitFor(t, "connected", func() bool { return s.Current() != nil })
	s.selectPort(portChoice{name: "/dev/ttyUSB0"})
	if !s.ProbeBtn.Disabled() {
		t.Error("Probe enabled while a terminal is connected")
	}
	s.Disconnect()
	if s.ProbeBtn.Disabled() {
		t.Error("Probe still disabled after disconnecting")
	}
}

// The real probe on the simulated terminal served on a pty, typed as "Other port…".
func TestProbeRealPTY(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("needs a pseudo-terminal")
	}
	newTestApp(t)
	s, q := newScreen(t)
	path := simtest.PTY(t, termsim.Config{Speed: 50})
	s.selectPort(portChoice{other: true})
	s.PortPath.SetText(path)
	test.Tap(s.ProbeBtn)
	p := &s.probe
	q.waitFor(t, "the verdict", func() bool { return !p.probing() && len(p.Table.Objects) > 0 })
	if !strings.Contains(p.Status.Text, "TML/1") || !strings.Contains(p.Status.Text, "115200 8N1") {
		t.Errorf("verdict %q", p.Status.Text)
	}
	if got := rows(p); len(got) != 10 {
		t.Errorf("table %q", got)
	}
}
