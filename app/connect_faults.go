package app

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"posdoctor/app/visit"
	"posdoctor/serialio/termsim"
)

// The simulated terminal's faults on the Connect screen (typed or picked), and a drill's
// terminal, whose faults are the drill's.

// ApplyFaults gives the simulated terminal the faults in the Faults field: when it is
// connected with other faults, it is restarted with these at once (the same terminal: its
// identity comes from its seed). UI goroutine.
func (s *ConnectScreen) ApplyFaults() {
	faults, err := termsim.ParseFaults(s.Faults.Text)
	if err != nil {
		s.setState(refusalText(err, error.Error))
		return
	}
	conn := s.Current()
	if conn == nil || !conn.IsSim || s.training != nil || faultText(faults) == s.appliedFaults {
		return
	}
	// most faults change while the terminal serves, as a fault fixed at the counter would
	if conn.Sim != nil && conn.Sim.SetFaults(faults) == nil {
		s.appliedFaults = faultText(faults)
		s.setState(lang.L("Faults applied to the running simulated terminal."))
		s.refreshStatus()
		return
	}
	// the rest (another comm mode, the journal's own faults) make another terminal: restart it
	if s.Busy != nil && s.Busy() {
		s.setState(lang.L("A check is running: the new faults apply when you reconnect after it (or cancel it first)."))
		return
	}
	s.closeConn()
	s.Connect()
	s.setState(lang.L("Restarting the simulated terminal with the new faults…"))
}

// Train puts the app on a drill's simulated terminal: the port and the faults cannot be
// changed (the injected faults are not shown), the state says TRAINING, and ready is called
// once the terminal is connected (or with the error when it cannot be). UI goroutine.
func (s *ConnectScreen) Train(cfg termsim.Config, ready func(*visit.Conn, error)) {
	s.training, s.onReady = &cfg, ready
	s.Port.SetSelectedIndex(0)
	s.Port.Disable()
	s.faultRow.Hide()
	s.PortPath.Hide()
	s.closeConn()
	s.Connect()
}

// EndTraining puts the app back on the ordinary simulated terminal after a drill. UI
// goroutine.
func (s *ConnectScreen) EndTraining() {
	if s.training == nil {
		return
	}
	s.training, s.onReady = nil, nil
	s.Port.Enable()
	s.faultRow.Show()
	s.closeConn()
	s.Faults.SetText("")
	s.Connect()
}

// faultText is a canonical form of a fault list, to tell whether it changed.
func faultText(faults []termsim.Fault) string {
	parts := make([]string, len(faults))
	for i, f := range faults {
		parts[i] = f.String()
	}
	slices.Sort(parts)
	return strings.Join(parts, ",")
}

// pickFaults offers the simulator's faults as check boxes and writes the choice into Faults.
func (s *ConnectScreen) pickFaults() {
	group, picked := faultPicker(s.Faults.Text)
	win := fyne.CurrentApp().Driver().AllWindows()
	if len(win) == 0 {
		return
	}
	d := dialog.NewCustomConfirm(lang.L("Faults to simulate"), lang.L("OK"), lang.L("Cancel"),
		container.NewVScroll(group), func(ok bool) {
			if !ok {
				return
			}
			s.Faults.SetText(picked())
			s.ApplyFaults()
		}, win[0])
	d.Resize(fyne.NewSize(win[0].Canvas().Size().Width*0.9, win[0].Canvas().Size().Height*0.8))
	d.Show()
}

// faultPicker builds the picker's check boxes, each fault's title and description in the UI
// language with its stable name, for the faults typed in text, ticked, with the
// values typed kept (dead-key=7 stays dead-key=7, two dead keys stay two boxes), and returns
// the text of the choice once the boxes have been changed.
func faultPicker(text string) (*widget.CheckGroup, func() string) {
	current, _ := termsim.ParseFaults(text)
	given := map[string][]string{} // the values typed for each fault that takes one
	for _, f := range current {
		if f.Value != "" {
			given[f.Name] = append(given[f.Name], f.Value)
		}
	}
	var names, labels []string
	byLabel := map[string]string{}
	ui := uiLang()
	add := func(name string, sp termsim.FaultSpec) {
		// the stable name last, in brackets: scripts and drills use it, the technician reads the rest
		label := sp.Title.In(ui) + " — " + sp.Desc.In(ui) + " (" + name + ")"
		names, labels = append(names, name), append(labels, label)
		byLabel[label] = name
	}
	for _, sp := range termsim.FaultSpecs() {
		switch {
		case sp.Arg == "":
			add(sp.Name, sp)
		case len(given[sp.Name]) > 0:
			for _, v := range given[sp.Name] {
				add(sp.Name+"="+v, sp)
			}
		default:
			add(sp.Name+"="+sp.Example, sp)
		}
	}
	chosen := map[string]bool{}
	for _, f := range current {
		chosen[f.String()] = true
	}
	group := widget.NewCheckGroup(labels, nil)
	for i, n := range names {
		if chosen[n] {
			group.Selected = append(group.Selected, labels[i])
		}
	}
	return group, func() string {
		var picked []string
		for _, l := range group.Selected {
			picked = append(picked, byLabel[l])
		}
		return strings.Join(picked, ", ")
	}
}
