package app

import (
	"context"
	"errors"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"posdoctor/app/visit"
	"posdoctor/locale"
	"posdoctor/pan"
	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

// Connector opens a connection to a terminal. DefaultConnector is visit.Open; tests pass
// one that runs the simulator in memory.
type Connector func(ctx context.Context, t visit.Target) (*visit.Conn, error)

// DefaultConnector connects through visit.Open (ports, and the simulator on a pty).
var DefaultConnector Connector = visit.Open

// connectTimeout bounds opening a port and the first status request.
const connectTimeout = 15 * time.Second

// portPollInterval is how often the port list is refreshed, so a plugged or pulled cable shows.
const portPollInterval = 2 * time.Second

// ConnectScreen lists ports, connects (to the built-in simulated terminal by default) and
// shows the terminal's status. Its widgets are fields so tests can tap and read them. All
// methods run on the UI goroutine unless noted.
type ConnectScreen struct {
	connect Connector
	// do runs a function on the UI goroutine: fyne.Do, or a test's queue that the test
	// goroutine drains, so widget tests stay single-goroutine.
	do func(func())

	Port       *widget.Select
	PortPath   *widget.Entry  // a port the system does not list, typed: shown with "Other port…"
	Faults     *widget.Entry  // the simulated terminal's faults: "paper-out, stuck-key=5"
	PickFaults *widget.Button // opens the fault picker
	Baud       *widget.Select
	Format     *widget.Select
	ConnectBtn *widget.Button
	RefreshBtn *widget.Button
	ProbeBtn   *widget.Button // the line probe (probe.go): a real port only, not while connected
	State      *widget.Label
	StatusBar  *widget.Label            // the same state, shown under every tab
	Values     map[string]*widget.Label // ST field → value label
	RTT        *widget.Label
	root       fyne.CanvasObject

	ports   []serialio.PortInfo // as the system lists them
	choices []portChoice        // what each of Port's options stands for
	recent  []string            // ports connected to lately, newest first
	prefs   fyne.Preferences    // default port and baud, recent ports; nil in tests

	// OnConnected is called on the UI goroutine whenever the connection state changes: true
	// once a terminal is connected, false when it is disconnected or the link is lost. It is
	// the one source of the connection state for the other screens.
	OnConnected func(connected bool)
	// OnStatus is called on the UI goroutine with each ST the screen reads (upper-case field
	// names), so the other screens know which terminal is connected.
	OnStatus func(st map[string]string)
	// Busy reports whether a checklist is running: faults are not changed under a run.
	Busy          func() bool
	appliedFaults string // the faults the running simulator was started with
	faultRow      fyne.CanvasObject
	// training is the simulated terminal of a running drill (Train), nil on a real visit;
	// onReady hears once that its connection is there.
	training *termsim.Config
	onReady  func(*visit.Conn, error)

	mu   sync.Mutex // guards conn and gen, shared with background goroutines
	conn *visit.Conn
	gen  int // bumped on every connect/disconnect, so stale results are ignored
	stop chan struct{}

	probe probeState // the line probe's run and dialog (probe.go)
}

// NewConnectScreen builds the screen.
func NewConnectScreen(connect Connector) *ConnectScreen {
	s := &ConnectScreen{connect: connect, do: fyne.Do, Values: map[string]*widget.Label{}, stop: make(chan struct{})}
	s.Faults = widget.NewEntry()
	s.Faults.SetPlaceHolder(lang.L("Faults to simulate, e.g. paper-out, stuck-key=5"))
	s.Faults.OnSubmitted = func(string) { s.ApplyFaults() }
	s.PickFaults = widget.NewButton(lang.L("Pick faults…"), s.pickFaults)
	faultRow := container.NewBorder(nil, nil, nil, s.PickFaults, s.Faults)
	s.faultRow = faultRow
	s.PortPath = widget.NewEntry()
	s.PortPath.SetPlaceHolder(lang.L("Type the port, e.g. {{.Example}}", map[string]any{"Example": portExample()}))
	s.PortPath.OnSubmitted = func(string) {
		if s.Current() == nil {
			s.Connect()
		}
	}
	s.PortPath.Hide()
	s.Port = widget.NewSelect(nil, func(string) { s.portChanged() })
	s.showPorts()
	bauds := make([]string, len(serialio.Bauds))
	for i, b := range serialio.Bauds {
		bauds[i] = strconv.Itoa(b)
	}
	s.Baud = widget.NewSelect(bauds, nil)
	s.Baud.SetSelected(strconv.Itoa(serialio.DefaultBaud))
	s.Format = widget.NewSelect([]string{serialio.Format8N1.String(), serialio.Format7E1.String()}, nil)
	s.Format.SetSelected(serialio.Format8N1.String())
	s.ConnectBtn = widget.NewButton(lang.L("Connect"), s.toggle)
	s.ConnectBtn.Importance = widget.HighImportance
	s.RefreshBtn = widget.NewButton(lang.L("Refresh status"), s.refreshStatus)
	s.RefreshBtn.Disable()
	s.ProbeBtn = s.newProbeButton()
	s.State = widget.NewLabel(lang.L("Not connected"))
	s.StatusBar = widget.NewLabel(lang.L("Not connected"))
	s.StatusBar.Truncation = fyne.TextTruncateEllipsis
	s.State.Wrapping = fyne.TextWrapWord
	s.RTT = widget.NewLabel("")

	form := widget.NewForm()
	for _, f := range serialio.StatusFields {
		v := widget.NewLabel("—")
		v.Wrapping = fyne.TextWrapWord
		s.Values[f.Name] = v
		form.Append(f.Label.In(uiLang()), v)
	}
	line := widget.NewForm(
		widget.NewFormItem(lang.L("Port"), container.NewVBox(s.Port, s.PortPath)),
		widget.NewFormItem(lang.L("Faults"), faultRow),
		widget.NewFormItem(lang.L("Baud"), container.NewGridWithColumns(3, s.Baud, s.Format, s.ConnectBtn)),
	)
	top := container.NewVBox(
		widget.NewLabelWithStyle(lang.L("Connect to a terminal"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		line,
		s.State,
	)
	// at least four rows of the status show, however tall the form above grows (text at 150 %)
	status := widget.NewCard(lang.L("Terminal status"), "", withMinRows(container.NewVScroll(form), 4))
	bottom := container.NewHBox(s.RefreshBtn, s.ProbeBtn, s.RTT)
	s.root = container.NewBorder(top, bottom, nil, nil, status)
	return s
}

// Root is the screen's root object.
func (s *ConnectScreen) Root() fyne.CanvasObject { return s.root }

// Current returns the live connection, or nil. Any goroutine.
func (s *ConnectScreen) Current() *visit.Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn
}

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

func (s *ConnectScreen) target() (visit.Target, error) {
	baud, _ := strconv.Atoi(s.Baud.Selected)
	format, err := serialio.ParseFormat(s.Format.Selected)
	if err != nil {
		return visit.Target{}, err
	}
	t := visit.Target{Baud: baud, Format: format}
	if s.training != nil { // a drill's terminal: its faults are the drill's, not the field's
		t.Sim, t.SimConfig = true, *s.training
		return t, nil
	}
	c, ok := s.choice()
	switch {
	case !ok:
		return t, errors.New(lang.L("Pick a port"))
	case c.sim:
		t.Sim = true
		// nobody can press the simulated terminal's keys: it presses them itself
		t.SimConfig.AutoKeys = true
		faults, err := termsim.ParseFaults(s.Faults.Text)
		if err != nil {
			return t, err
		}
		t.SimConfig.Faults = faults
	case c.other:
		p, err := portPath(runtime.GOOS, s.PortPath.Text)
		if err != nil {
			return t, err
		}
		t.Port = p
	default:
		t.Port = c.name
	}
	return t, nil
}

func (s *ConnectScreen) toggle() {
	s.mu.Lock()
	connected := s.conn != nil
	s.mu.Unlock()
	if connected {
		s.Disconnect()
		return
	}
	s.Connect()
}

// Connect opens the chosen terminal in the background and asks for its status.
func (s *ConnectScreen) Connect() {
	if s.probe.probing() { // the probe has the port
		return
	}
	t, err := s.target()
	if err != nil {
		s.setState(refusalText(err, error.Error))
		return
	}
	s.mu.Lock()
	s.gen++
	gen := s.gen
	s.mu.Unlock()
	s.ConnectBtn.Disable()
	s.clearStatus()
	s.setState(lang.L("Connecting…"))
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
		defer cancel()
		conn, err := s.connect(ctx, t)
		if err != nil {
			s.do(func() {
				if s.current(gen) {
					s.setState(lang.L("Cannot connect: {{.Err}}", map[string]any{"Err": refusalText(err, errorText)}))
					s.ConnectBtn.SetText(lang.L("Connect"))
					s.ConnectBtn.Enable()
					if ready := s.onReady; ready != nil && t.Sim {
						s.onReady = nil
						ready(nil, err)
					}
				}
			})
			return
		}
		s.mu.Lock()
		if gen != s.gen { // disconnected or reconnected meanwhile
			s.mu.Unlock()
			conn.Close()
			return
		}
		s.conn = conn
		s.mu.Unlock()
		s.do(func() {
			if !s.current(gen) {
				return
			}
			if t.Sim {
				s.appliedFaults = faultText(t.SimConfig.Faults)
			} else {
				s.remember(t.Port)
			}
			s.setState(lang.L("Connected: {{.Name}}", map[string]any{"Name": connName(conn)}))
			s.ConnectBtn.SetText(lang.L("Disconnect"))
			s.ConnectBtn.Enable()
			s.RefreshBtn.Enable()
			s.connected(true)
			if ready := s.onReady; ready != nil && t.Sim {
				s.onReady = nil
				ready(conn, nil)
			}
		})
		go s.watchLink(gen, conn)
		s.fetchStatus(gen, conn)
	}()
}

// watchLink reports a lost link at once. It runs on its own goroutine.
func (s *ConnectScreen) watchLink(gen int, conn *visit.Conn) {
	<-conn.Client.Done()
	err := conn.Client.Err()
	s.mu.Lock()
	lost := gen == s.gen
	if lost {
		s.conn = nil
	}
	s.mu.Unlock()
	if !lost {
		return
	}
	conn.Close()
	s.do(func() {
		s.clearStatus()
		s.setState(lang.L("Link lost: {{.Err}}", map[string]any{"Err": errorText(err)}))
		s.ConnectBtn.SetText(lang.L("Reconnect"))
		s.ConnectBtn.Enable()
		s.RefreshBtn.Disable()
		s.connected(false)
	})
}

// fetchStatus asks for ST and shows it. It runs off the UI goroutine.
func (s *ConnectScreen) fetchStatus(gen int, conn *visit.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	start := time.Now()
	resp, err := conn.Client.Exchange(ctx, serialio.Message{Cmd: serialio.CmdStatus})
	rtt := time.Since(start)
	s.do(func() {
		if !s.current(gen) {
			return
		}
		if err != nil {
			s.setState(lang.L("Status request failed: {{.Err}}", map[string]any{"Err": errorText(err)}))
			return
		}
		st := map[string]string{}
		for _, f := range serialio.StatusFields {
			v, ok := resp.Get(f.Name)
			if ok {
				st[f.Name] = v
			}
			switch {
			case !ok:
				v = "—"
			case v == "":
				v = lang.L("(none)")
			default:
				v = serialio.StatusValue(f.Name, v, uiLang())
			}
			s.Values[f.Name].SetText(pan.MaskText(v))
		}
		s.RTT.SetText(lang.L("RC {{.RC}}, round trip {{.MS}} ms, read at {{.Time}}", map[string]any{"RC": resp.RC(), "MS": rtt.Milliseconds(), "Time": time.Now().Format("15:04:05")}))
		if s.OnStatus != nil {
			s.OnStatus(st)
		}
	})
}

func (s *ConnectScreen) refreshStatus() {
	s.mu.Lock()
	conn, gen := s.conn, s.gen
	s.mu.Unlock()
	if conn != nil {
		go s.fetchStatus(gen, conn)
	}
}

func (s *ConnectScreen) current(gen int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return gen == s.gen
}

// Disconnect closes the connection. UI goroutine.
func (s *ConnectScreen) Disconnect() {
	s.closeConn()
	s.clearStatus()
	s.setState(lang.L("Not connected"))
	s.ConnectBtn.SetText(lang.L("Connect"))
	s.ConnectBtn.Enable()
	s.RefreshBtn.Disable()
	s.connected(false)
}

// closeConn closes the connection without touching a widget. Any goroutine.
func (s *ConnectScreen) closeConn() {
	s.mu.Lock()
	conn := s.conn
	s.conn = nil
	s.gen++
	s.mu.Unlock()
	if conn != nil {
		conn.Close()
	}
}

// Stop closes the connection and ends background work. Call it when the app stops: it runs
// on the lifecycle's goroutine, so it touches no widget (Fyne would log a thread error).
func (s *ConnectScreen) Stop() {
	select {
	case <-s.stop:
	default:
		close(s.stop)
	}
	s.probe.stop()
	s.closeConn()
}

// connected tells the other screens the connection state. UI goroutine.
func (s *ConnectScreen) connected(on bool) {
	s.updateProbeBtn()
	if s.OnConnected != nil {
		s.OnConnected(on)
	}
}

// clearStatus empties the status card: values of a terminal no longer connected are not
// shown as if current. UI goroutine.
func (s *ConnectScreen) clearStatus() {
	for _, v := range s.Values {
		v.SetText("—")
	}
	s.RTT.SetText("")
}

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

// refusalText is err in the UI language when it is a fault or setting the simulated terminal
// refuses: its template's translation (the faults that clash, the valid values; what was typed
// as typed, card numbers masked); any other error as other says it.
func refusalText(err error, other func(error) string) string {
	var ce *termsim.ConfigError
	if errors.As(err, &ce) {
		return pan.MaskText(lang.L(ce.Key, translatedArgs(ce.Args)))
	}
	return other(err)
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

// connName is how a connection is named on screen, in the UI language.
func connName(c *visit.Conn) string {
	if !c.IsSim {
		return c.Name
	}
	if c.Sim != nil && c.Sim.Training() {
		return lang.L("培训 TRAINING — simulated terminal")
	}
	if c.Path == "" {
		return lang.L("Built-in simulated terminal")
	}
	return lang.L("Built-in simulated terminal") + " (" + c.Path + ")"
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

// setState shows the connection state on the Connect screen and in the window's status line.
func (s *ConnectScreen) setState(text string) {
	s.State.SetText(text)
	s.StatusBar.SetText(text)
}
