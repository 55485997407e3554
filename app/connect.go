package app

import (
	"context"
	"errors"
	"runtime"
	"strconv"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"posdoctor/app/visit"
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
			s.Values[f.Name].SetText(pan.MaskField(f.Name, v)) // the MID whole: it is no card number
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

// setState shows the connection state on the Connect screen and in the window's status line.
func (s *ConnectScreen) setState(text string) {
	s.State.SetText(text)
	s.StatusBar.SetText(text)
}
