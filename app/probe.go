package app

import (
	"context"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"posdoctor/serialio"
)

// Prober runs the line probe on a port (serialio.Probe); tests pass a stand-in.
type Prober func(ctx context.Context, port string, cfg serialio.ProbeConfig) (serialio.ProbeResult, error)

// probeState is the Connect screen's line probe: which speed and format the device on the
// selected real port answers at, and what it speaks (serialio.Probe). Its widgets are fields
// so tests can tap and read them. UI goroutine unless noted.
type probeState struct {
	run Prober

	Progress *widget.ProgressBar
	Status   *widget.Label   // progress, then the verdict: the one line to act on
	Note     *widget.Label   // what the port's USB identity means
	Table    *fyne.Container // a row per setting: speed and format, what came back
	Cancel   *widget.Button  // Cancel while it runs, Close after
	dlg      dialog.Dialog

	mu     sync.Mutex // guards cancel, shared with Stop on the lifecycle's goroutine
	cancel context.CancelFunc
}

// newProbeButton builds the Probe button (disabled until a real port is picked).
func (s *ConnectScreen) newProbeButton() *widget.Button {
	s.probe.run = serialio.Probe
	b := widget.NewButton(lang.L("Probe"), s.Probe)
	b.Disable()
	return b
}

// probing reports whether a probe is running. Any goroutine.
func (p *probeState) probing() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cancel != nil
}

// stop cancels a running probe. Any goroutine.
func (p *probeState) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cancel != nil {
		p.cancel()
	}
}

// updateProbeBtn enables Probe for a real port when nothing is connected, no drill runs and no
// probe is running: the probe needs the port to itself, and the simulated terminal has no line.
func (s *ConnectScreen) updateProbeBtn() {
	if s.ProbeBtn == nil {
		return
	}
	c, ok := s.choice()
	if ok && !c.sim && s.training == nil && s.Current() == nil && !s.probe.probing() {
		s.ProbeBtn.Enable()
	} else {
		s.ProbeBtn.Disable()
	}
}

// Probe sweeps the selected port in the background, showing progress with a Cancel in a
// dialog, then the verdict and a row per speed and format. Connect waits while it runs.
func (s *ConnectScreen) Probe() {
	if s.probe.probing() || s.Current() != nil || s.ConnectBtn.Disabled() { // busy, connected or connecting
		return
	}
	t, err := s.target()
	if err != nil || t.Sim {
		if err != nil {
			s.setState(err.Error())
		}
		return
	}
	p := &s.probe
	ctx, cancel := context.WithCancel(context.Background())
	p.mu.Lock()
	p.cancel = cancel
	p.mu.Unlock()
	s.ProbeBtn.Disable()
	s.ConnectBtn.Disable()

	total := len(serialio.ProbeSettings())
	p.Progress = widget.NewProgressBar()
	p.Progress.Max = float64(total)
	p.Status = widget.NewLabel(lang.L("Opening the port…"))
	p.Status.Wrapping = fyne.TextWrapWord
	p.Note = widget.NewLabel("")
	p.Note.Wrapping = fyne.TextWrapWord
	p.Note.Hide()
	p.Table = container.New(layout.NewFormLayout())
	p.Cancel = widget.NewButton(lang.L("Cancel"), p.stop)
	body := container.NewBorder(container.NewVBox(p.Status, p.Progress, p.Note), p.Cancel, nil, nil, container.NewVScroll(p.Table))
	if win := fyne.CurrentApp().Driver().AllWindows(); len(win) > 0 {
		p.dlg = dialog.NewCustomWithoutButtons(lang.L("Probe the line: {{.Port}}", map[string]any{"Port": t.Port}), body, win[0])
		p.dlg.Resize(fyne.NewSize(win[0].Canvas().Size().Width*0.9, win[0].Canvas().Size().Height*0.8))
		p.dlg.Show()
	}

	run := p.run
	go func() {
		res, err := run(ctx, t.Port, serialio.ProbeConfig{Progress: func(done, total int, next serialio.ProbeSetting) {
			s.do(func() {
				p.Progress.SetValue(float64(done))
				p.Status.SetText(lang.L("Trying {{.Setting}} ({{.N}} of {{.Total}})…", map[string]any{"Setting": next.String(), "N": done + 1, "Total": total}))
			})
		}})
		p.mu.Lock()
		p.cancel = nil
		p.mu.Unlock()
		cancel()
		s.do(func() { s.probeDone(res, err) })
	}()
}

// probeDone shows the result and gives the screen back.
func (s *ConnectScreen) probeDone(res serialio.ProbeResult, err error) {
	p := &s.probe
	if s.Current() == nil {
		s.ConnectBtn.Enable()
	}
	s.updateProbeBtn()
	p.Progress.Hide()
	p.Cancel.SetText(lang.L("Close"))
	p.Cancel.OnTapped = func() {
		if p.dlg != nil {
			p.dlg.Hide()
		}
	}
	if err != nil {
		p.Status.SetText(lang.L("Cannot probe: {{.Err}}", map[string]any{"Err": errorText(err)}))
		return
	}
	l := uiLang()
	p.Status.SetText(res.Summary().In(l))
	s.setState(res.Summary().In(l))
	if res.USB != nil {
		text := res.USB.Label()
		if res.USB.Driver != "" {
			text += "  (" + res.USB.Driver + ")"
		}
		if note := serialio.USBNote(*res.USB).In(l); note != "" {
			text += "\n" + note
		}
		p.Note.SetText(text)
		p.Note.Show()
	}
	for i, t := range res.Tries {
		setting := widget.NewLabel(t.ProbeSetting.String())
		setting.TextStyle.Bold = i == res.Best
		what := widget.NewLabel(t.Describe().In(l))
		what.Wrapping = fyne.TextWrapWord
		p.Table.Add(setting)
		p.Table.Add(what)
	}
	p.Table.Refresh()
}
