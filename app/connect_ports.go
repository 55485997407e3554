package app

import (
	"errors"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"posdoctor/locale"
	"posdoctor/serialio"
)

// The Connect screen's port picker: the simulated terminal, the ports used lately, the ports
// the system lists, and a port typed by hand.

func simOption() string { return lang.L("Built-in simulated terminal") }

// prefRecentPorts is the preference key of the ports connected to lately, newest first.
const prefRecentPorts = "recent_ports"

// recentPortsKept is how many recent ports are remembered.
const recentPortsKept = 5

// portChoice is what one of the Port picker's options stands for.
type portChoice struct {
	sim   bool   // the built-in simulated terminal
	other bool   // "Other port…": the port typed in PortPath
	name  string // a port: its path, or COMn on Windows
}

// UsePreferences takes the default port and baud from the Settings preferences, and the ports
// connected to lately.
func (s *ConnectScreen) UsePreferences(p fyne.Preferences) {
	s.prefs = p
	s.Baud.SetSelected(strconv.Itoa(p.IntWithFallback(prefDefaultBaud, serialio.DefaultBaud)))
	s.recent = p.StringList(prefRecentPorts)
	s.showPorts()
}

// Start lists ports, keeps the list fresh and connects to the default terminal: the port
// chosen in Settings when it is plugged in, else the built-in simulated terminal. Call it once
// the app has started (Lifecycle.SetOnStarted).
func (s *ConnectScreen) Start() {
	go s.watchPorts(true)
}

// ConnectDefault selects the default port (or the simulated terminal) and connects to it.
func (s *ConnectScreen) ConnectDefault() {
	s.Port.SetSelectedIndex(0)
	if s.prefs != nil {
		if want := s.prefs.String(prefDefaultPort); want != "" && slices.ContainsFunc(s.ports, func(p serialio.PortInfo) bool { return p.Name == want }) {
			s.selectPort(portChoice{name: want})
		}
	}
	s.Connect()
}

// portPollInterval is how often the port list is refreshed, so a plugged or pulled cable shows.
const portPollInterval = 2 * time.Second

// watchPorts refreshes the port list until the screen is stopped; with connect, it connects to
// the default terminal once the first list is in. It runs on its own goroutine.
func (s *ConnectScreen) watchPorts(connect bool) {
	t := time.NewTicker(portPollInterval)
	defer t.Stop()
	var last []serialio.PortInfo
	for first := true; ; first = false {
		ports, err := serialio.ListPorts()
		if err == nil && (first || !slices.Equal(ports, last)) {
			last = ports
			s.do(func() { s.setPorts(ports) })
		}
		if first && connect {
			s.do(s.ConnectDefault)
		}
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
	}
}

// setPorts updates the port picker with the ports the system lists.
func (s *ConnectScreen) setPorts(ports []serialio.PortInfo) {
	s.ports = ports
	s.showPorts()
}

// showPorts fills the port picker: the simulated terminal, the ports used lately (listed or
// not: a pty or a remote desktop's COM port is never listed), the other listed ports, and
// "Other port…" to type one. The current choice is kept when it is still there.
func (s *ConnectScreen) showPorts() {
	chosen, ok := s.choice()
	listed := map[string]serialio.PortInfo{}
	for _, p := range s.ports {
		listed[p.Name] = p
	}
	choices, opts := []portChoice{{sim: true}}, []string{simOption()}
	for _, name := range s.recent {
		if p, ok := listed[name]; ok {
			opts = append(opts, p.Label()+"  — "+lang.L("used recently"))
		} else {
			opts = append(opts, name+"  — "+lang.L("used recently, not detected now"))
		}
		choices = append(choices, portChoice{name: name})
	}
	for _, p := range s.ports {
		if !slices.Contains(s.recent, p.Name) {
			choices, opts = append(choices, portChoice{name: p.Name}), append(opts, p.Label())
		}
	}
	choices, opts = append(choices, portChoice{other: true}), append(opts, lang.L("Other port…"))
	s.choices = choices
	s.Port.SetOptions(opts)
	if !ok || !s.selectPort(chosen) {
		s.Port.SetSelectedIndex(0)
	}
}

// selectPort selects the option of c, if there is one.
func (s *ConnectScreen) selectPort(c portChoice) bool {
	i := slices.Index(s.choices, c)
	if i >= 0 {
		s.Port.SetSelectedIndex(i)
	}
	return i >= 0
}

// choice is what the selected option stands for; false when none is selected.
func (s *ConnectScreen) choice() (portChoice, bool) {
	i := s.Port.SelectedIndex()
	if i < 0 || i >= len(s.choices) {
		return portChoice{}, false
	}
	return s.choices[i], true
}

// portChanged shows the faults for the simulated terminal and the path entry for "Other port…"
// (neither during a drill).
func (s *ConnectScreen) portChanged() {
	s.updateProbeBtn()
	c, _ := s.choice()
	if c.sim && s.training == nil {
		s.faultRow.Show()
	} else {
		s.faultRow.Hide()
	}
	if !c.other || s.training != nil {
		s.PortPath.Hide()
		return
	}
	s.PortPath.Show()
	// once the picker's menu has closed: focus given while it is open goes with it
	s.do(func() {
		if cv := fyne.CurrentApp().Driver().CanvasForObject(s.PortPath); cv != nil && s.PortPath.Visible() {
			cv.Focus(s.PortPath)
		}
	})
}

// remember puts port first among the recent ports (at most recentPortsKept), saves them, and
// selects it.
func (s *ConnectScreen) remember(port string) {
	s.recent = append([]string{port}, slices.DeleteFunc(slices.Clone(s.recent), func(p string) bool { return p == port })...)
	s.recent = s.recent[:min(len(s.recent), recentPortsKept)]
	if s.prefs != nil {
		s.prefs.SetStringList(prefRecentPorts, s.recent)
	}
	s.showPorts()
	s.selectPort(portChoice{name: port})
}

// portExample is a port as this system names it, for the hints.
func portExample() string {
	if runtime.GOOS == "windows" {
		return "COM5"
	}
	return "/dev/ttyS5"
}

// windowsPort matches a COM port as typed on Windows: COM5, com12, \\.\COM12.
var windowsPort = regexp.MustCompile(`^(?i)(?:\\\\\.\\)?COM([1-9][0-9]{0,2})$`)

// portPath checks a port typed by hand on goos and returns it as it is opened: on Windows COMn
// (COM5, com5 or \\.\COM5), elsewhere a device's full path (/dev/ttyS5, /dev/pts/3). Full-width
// letters and digits of a Chinese input method are read as ASCII.
func portPath(goos, typed string) (string, error) {
	p := strings.TrimSpace(locale.FoldWidth(typed))
	args := map[string]any{"Port": p, "Example": "/dev/ttyS5"}
	if goos == "windows" {
		args["Example"] = "COM5"
	}
	switch {
	case p == "":
		return "", errors.New(lang.L("Type the port, e.g. {{.Example}}", args))
	case goos == "windows":
		m := windowsPort.FindStringSubmatch(p)
		if m == nil {
			return "", errors.New(lang.L("“{{.Port}}” is not a COM port: type it as {{.Example}}", args))
		}
		return "COM" + m[1], nil
	case !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\x00\n\r\t") || path.Clean(p) == "/":
		return "", errors.New(lang.L("“{{.Port}}” is not a port's path: type the full path, e.g. {{.Example}}", args))
	}
	return path.Clean(p), nil
}
