package app

import (
	"context"
	"fmt"
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

	"posdoctor/app/session"
	"posdoctor/pan"
	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

// Connector opens a connection to a terminal. DefaultConnector is session.Open; tests pass
// one that runs the simulator in memory.
type Connector func(ctx context.Context, t session.Target) (*session.Conn, error)

// DefaultConnector connects through session.Open (ports, and the simulator on a pty).
var DefaultConnector Connector = session.Open

// connectTimeout bounds opening a port and the first status request.
const connectTimeout = 15 * time.Second

// portPollInterval is how often the port list is refreshed, so a plugged or pulled cable shows.
const portPollInterval = 2 * time.Second

// statusRows are ST's fields (PROTOCOL.md §5) in display order, with their labels.
var statusRows = []struct{ field, label string }{
	{"MODEL", "Model"}, {"SN", "Serial number"}, {"FW", "Firmware"},
	{"TID", "Terminal ID (TID)"}, {"MID", "Merchant ID (MID)"}, {"MNAME", "Merchant"},
	{"BATCH", "Batch"}, {"TRACE", "Trace"}, {"COMM", "Comm"}, {"SIGNED", "Signed on"},
	{"TIME", "Terminal clock"}, {"PAPER", "Paper"}, {"COVER", "Printer cover"},
	{"BATT", "Battery"}, {"PENDING", "Pending settlement"}, {"OFFLINE", "Offline, not uploaded"},
	{"LASTSETTLE", "Last settlement"}, {"KEYS", "Keys"}, {"STUCK", "Stuck keys"},
}

// ConnectScreen lists ports, connects (to the built-in simulated terminal by default) and
// shows the terminal's status. Its widgets are fields so tests can tap and read them. All
// methods run on the UI goroutine unless noted.
type ConnectScreen struct {
	connect Connector
	// do runs a function on the UI goroutine: fyne.Do, or a test's queue that the test
	// goroutine drains, so widget tests stay single-goroutine.
	do func(func())

	Port       *widget.Select
	Faults     *widget.Entry  // the simulated terminal's faults: "paper-out, stuck-key=5"
	PickFaults *widget.Button // opens the fault picker
	Baud       *widget.Select
	Format     *widget.Select
	ConnectBtn *widget.Button
	RefreshBtn *widget.Button
	State      *widget.Label
	StatusBar  *widget.Label            // the same state, shown under every tab
	Values     map[string]*widget.Label // ST field → value label
	RTT        *widget.Label
	root       fyne.CanvasObject

	ports []serialio.PortInfo // as listed in Port's options after the simulator
	prefs fyne.Preferences    // default port and baud; nil in tests

	mu   sync.Mutex // guards conn and gen, shared with background goroutines
	conn *session.Conn
	gen  int // bumped on every connect/disconnect, so stale results are ignored
	stop chan struct{}
}

// NewConnectScreen builds the screen.
func NewConnectScreen(connect Connector) *ConnectScreen {
	s := &ConnectScreen{connect: connect, do: fyne.Do, Values: map[string]*widget.Label{}, stop: make(chan struct{})}
	s.Faults = widget.NewEntry()
	s.Faults.SetPlaceHolder(lang.L("Faults to simulate, e.g. paper-out, stuck-key=5"))
	s.PickFaults = widget.NewButton(lang.L("Pick faults…"), s.pickFaults)
	faultRow := container.NewBorder(nil, nil, nil, s.PickFaults, s.Faults)
	s.Port = widget.NewSelect([]string{simOption()}, func(string) {
		if s.Port.SelectedIndex() <= 0 {
			faultRow.Show()
		} else {
			faultRow.Hide()
		}
	})
	s.Port.SetSelectedIndex(0)
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
	s.State = widget.NewLabel(lang.L("Not connected"))
	s.StatusBar = widget.NewLabel(lang.L("Not connected"))
	s.StatusBar.Truncation = fyne.TextTruncateEllipsis
	s.State.Wrapping = fyne.TextWrapWord
	s.RTT = widget.NewLabel("")

	form := widget.NewForm()
	for _, r := range statusRows {
		v := widget.NewLabel("—")
		v.Wrapping = fyne.TextWrapWord
		s.Values[r.field] = v
		form.Append(lang.L(r.label), v)
	}
	line := widget.NewForm(
		widget.NewFormItem(lang.L("Port"), s.Port),
		widget.NewFormItem(lang.L("Faults"), faultRow),
		widget.NewFormItem(lang.L("Baud"), container.NewGridWithColumns(3, s.Baud, s.Format, s.ConnectBtn)),
	)
	top := container.NewVBox(
		widget.NewLabelWithStyle(lang.L("Connect to a terminal"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		line,
		s.State,
	)
	status := widget.NewCard(lang.L("Terminal status"), "", container.NewVScroll(form))
	bottom := container.NewHBox(s.RefreshBtn, s.RTT)
	s.root = container.NewBorder(top, bottom, nil, nil, status)
	return s
}

// Root is the screen's root object.
func (s *ConnectScreen) Root() fyne.CanvasObject { return s.root }

// Current returns the live connection, or nil. Any goroutine.
func (s *ConnectScreen) Current() *session.Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn
}

func simOption() string { return lang.L("Built-in simulated terminal") }

// UsePreferences takes the default port and baud from the Settings preferences.
func (s *ConnectScreen) UsePreferences(p fyne.Preferences) {
	s.prefs = p
	s.Baud.SetSelected(strconv.Itoa(p.IntWithFallback(prefDefaultBaud, serialio.DefaultBaud)))
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
		if want := s.prefs.String(prefDefaultPort); want != "" {
			for i, p := range s.ports {
				if p.Name == want {
					s.Port.SetSelectedIndex(i + 1)
				}
			}
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

// setPorts updates the port picker, keeping the current choice when it is still there.
func (s *ConnectScreen) setPorts(ports []serialio.PortInfo) {
	chosen := s.Port.Selected
	opts := []string{simOption()}
	for _, p := range ports {
		opts = append(opts, p.Label())
	}
	s.ports = ports
	s.Port.SetOptions(opts)
	if slices.Contains(opts, chosen) {
		s.Port.SetSelected(chosen)
	} else {
		s.Port.SetSelectedIndex(0)
	}
}

func (s *ConnectScreen) target() (session.Target, error) {
	baud, _ := strconv.Atoi(s.Baud.Selected)
	format, err := serialio.ParseFormat(s.Format.Selected)
	if err != nil {
		return session.Target{}, err
	}
	t := session.Target{Baud: baud, Format: format}
	i := s.Port.SelectedIndex()
	switch {
	case i <= 0:
		t.Sim = true
		// nobody can press the simulated terminal's keys: it presses them itself
		t.SimConfig.AutoKeys = true
		faults, err := parseFaults(s.Faults.Text)
		if err != nil {
			return t, err
		}
		t.SimConfig.Faults = faults
	case i-1 < len(s.ports):
		t.Port = s.ports[i-1].Name
	default:
		return t, fmt.Errorf("%s", lang.L("Pick a port"))
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
	t, err := s.target()
	if err != nil {
		s.setState(err.Error())
		return
	}
	s.mu.Lock()
	s.gen++
	gen := s.gen
	s.mu.Unlock()
	s.ConnectBtn.Disable()
	s.setState(lang.L("Connecting…"))
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
		defer cancel()
		conn, err := s.connect(ctx, t)
		if err != nil {
			s.do(func() {
				if s.current(gen) {
					s.setState(lang.L("Cannot connect: {{.Err}}", map[string]any{"Err": errorText(err)}))
					s.ConnectBtn.SetText(lang.L("Connect"))
					s.ConnectBtn.Enable()
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
			s.setState(lang.L("Connected: {{.Name}}", map[string]any{"Name": connName(conn)}))
			s.ConnectBtn.SetText(lang.L("Disconnect"))
			s.ConnectBtn.Enable()
			s.RefreshBtn.Enable()
		})
		go s.watchLink(gen, conn)
		s.fetchStatus(gen, conn)
	}()
}

// watchLink reports a lost link at once. It runs on its own goroutine.
func (s *ConnectScreen) watchLink(gen int, conn *session.Conn) {
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
		s.setState(lang.L("Link lost: {{.Err}}", map[string]any{"Err": errorText(err)}))
		s.ConnectBtn.SetText(lang.L("Reconnect"))
		s.ConnectBtn.Enable()
		s.RefreshBtn.Disable()
	})
}

// fetchStatus asks for ST and shows it. It runs off the UI goroutine.
func (s *ConnectScreen) fetchStatus(gen int, conn *session.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	start := time.Now()
	resp, err := conn.Client.Exchange(ctx, serialio.Message{Cmd: "ST"})
	rtt := time.Since(start)
	s.do(func() {
		if !s.current(gen) {
			return
		}
		if err != nil {
			s.setState(lang.L("Status request failed: {{.Err}}", map[string]any{"Err": errorText(err)}))
			return
		}
		for _, r := range statusRows {
			v, ok := resp.Get(r.field)
			switch {
			case !ok:
				v = "—"
			case v == "":
				v = lang.L("(none)")
			}
			s.Values[r.field].SetText(pan.MaskText(v))
		}
		s.RTT.SetText(lang.L("RC {{.RC}}, round trip {{.MS}} ms", map[string]any{"RC": resp.RC(), "MS": rtt.Milliseconds()}))
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

// Disconnect closes the connection.
func (s *ConnectScreen) Disconnect() {
	s.mu.Lock()
	conn := s.conn
	s.conn = nil
	s.gen++
	s.mu.Unlock()
	if conn != nil {
		conn.Close()
	}
	s.setState(lang.L("Not connected"))
	s.ConnectBtn.SetText(lang.L("Connect"))
	s.ConnectBtn.Enable()
	s.RefreshBtn.Disable()
}

// Stop disconnects and ends background work. Call it when the app stops.
func (s *ConnectScreen) Stop() {
	select {
	case <-s.stop:
	default:
		close(s.stop)
	}
	s.Disconnect()
}

// connName is how a connection is named on screen, in the UI language.
func connName(c *session.Conn) string {
	if !c.IsSim {
		return c.Name
	}
	if c.Path == "" {
		return lang.L("Built-in simulated terminal")
	}
	return lang.L("Built-in simulated terminal") + " (" + c.Path + ")"
}

// parseFaults reads a comma- or space-separated list of simulator faults.
func parseFaults(text string) ([]termsim.Fault, error) {
	var out []termsim.Fault
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' || r == '，' || r == '\n' }) {
		ft, err := termsim.ParseFault(f)
		if err != nil {
			return nil, err
		}
		out = append(out, ft)
	}
	return out, nil
}

// pickFaults offers the simulator's faults as check boxes and writes the choice into Faults.
func (s *ConnectScreen) pickFaults() {
	var names, labels []string
	byLabel := map[string]string{}
	for _, sp := range termsim.FaultSpecs() {
		name := sp.Name
		if sp.Arg != "" {
			name += "=" + faultExample(sp.Arg)
		}
		label := name + " — " + sp.Help
		names = append(names, name)
		labels = append(labels, label)
		byLabel[label] = name
	}
	current, _ := parseFaults(s.Faults.Text)
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
	win := fyne.CurrentApp().Driver().AllWindows()
	if len(win) == 0 {
		return
	}
	d := dialog.NewCustomConfirm(lang.L("Faults to simulate"), lang.L("OK"), lang.L("Cancel"),
		container.NewVScroll(group), func(ok bool) {
			if !ok {
				return
			}
			var picked []string
			for _, l := range group.Selected {
				picked = append(picked, byLabel[l])
			}
			s.Faults.SetText(strings.Join(picked, ", "))
		}, win[0])
	d.Resize(fyne.NewSize(win[0].Canvas().Size().Width*0.9, win[0].Canvas().Size().Height*0.8))
	d.Show()
}

// faultExample is a value to start from for a fault that takes one.
func faultExample(arg string) string {
	switch strings.ToUpper(arg) {
	case "KEY":
		return "5"
	case "RATE":
		return "0.01"
	case "N":
		return "20"
	case "CMD":
		return "ST"
	case "MINUTES":
		return "30"
	}
	if i := strings.IndexAny(arg, "|"); i > 0 {
		return arg[:i]
	}
	return arg
}

// setState shows the connection state on the Connect screen and in the window's status line.
func (s *ConnectScreen) setState(text string) {
	s.State.SetText(text)
	s.StatusBar.SetText(text)
}
