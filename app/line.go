package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"posdoctor/app/visit"
	"posdoctor/locale"
	"posdoctor/pan"
	"posdoctor/serialio"
)

// lineCapacity is how many entries the Line view keeps of a connection.
const lineCapacity = 4000

// lineRefresh is how often the Line view looks for new entries and a new connection.
const lineRefresh = 250 * time.Millisecond

// LineScreen is the Line view: every byte in and out of the current connection's line as the
// monitor reads it (serialio.Monitor, fed by the connection's trace tap: the port is not
// opened twice), with sends (ENQ, hex, a TML/1 request), pause, filters, search, and saving
// the capture into the visit's link trace or a text file. Its fields are UI goroutine only.
type LineScreen struct {
	do   func(func())
	conn func() *visit.Conn
	ui   func() locale.Lang
	win  fyne.Window
	// AddToVisit puts a capture into the current visit's link trace and says how many entries
	// it added (the Incident screen's AddTrace). Nil hides the button.
	AddToVisit func([]serialio.TraceEntry) int

	Source    *widget.Label // what is watched
	List      *widget.List
	Pause     *widget.Check
	ShowHex   *widget.Check
	Dir       *widget.Select // both ways, sent, received
	Show      *widget.Select // everything, control bytes, frames, messages, bytes outside frames
	Search    *widget.Entry
	SendENQ   *widget.Button
	HexBytes  *widget.Entry
	SendHex   *widget.Button
	Request   *widget.Select // a TML/1 request (serialio.MonitorRequests)
	SendReq   *widget.Button
	SaveVisit *widget.Button
	SaveFile  *widget.Button
	Clear     *widget.Button
	Status    *widget.Label
	root      fyne.CanvasObject

	mon     *serialio.Monitor
	watched *visit.Conn
	untap   func()
	seen    uint64                  // the monitor's newest Seq when the list was last built
	from    uint64                  // entries up to this Seq were cleared
	shown   []serialio.MonitorEntry // what the list shows: the kept entries the filters let through
	follow  bool                    // the list scrolls to the newest entry
	stop    chan struct{}
}

// lineKinds are the Show filter's choices after "Everything", in NewLineScreen's order.
var lineKinds = []serialio.TraceKind{serialio.TraceControl, serialio.TraceFrame, serialio.TraceMessage, serialio.TraceBytes}

// NewLineScreen builds the Line view on the connection conn returns (the Connect screen's
// Current), in the language ui returns.
func NewLineScreen(conn func() *visit.Conn, ui func() locale.Lang) *LineScreen {
	s := &LineScreen{do: fyne.Do, conn: conn, ui: ui, follow: true, stop: make(chan struct{})}
	s.Source = widget.NewLabel(lang.L("Not connected: connect on the Connect screen (the simulated terminal works too)."))
	s.Source.Wrapping = fyne.TextWrapWord
	s.Status = widget.NewLabel("")
	s.Status.Wrapping = fyne.TextWrapWord
	s.List = widget.NewList(func() int { return len(s.shown) },
		func() fyne.CanvasObject { l := widget.NewLabel(""); l.Truncation = fyne.TextTruncateEllipsis; return l },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(s.shown) {
				o.(*widget.Label).SetText(s.shown[i].Line(s.ui(), s.ShowHex.Checked))
			}
		})
	s.List.OnSelected = func(i widget.ListItemID) {
		// the whole entry, bytes included, where the row is cut short
		if i < len(s.shown) {
			s.Status.SetText(s.shown[i].Line(s.ui(), true))
		}
		s.follow = i == len(s.shown)-1
	}
	s.Pause = widget.NewCheck(lang.L("Pause"), func(on bool) {
		if !on {
			s.follow = true
			s.Refresh()
		}
	})
	s.ShowHex = widget.NewCheck(lang.L("Show bytes in hex"), func(bool) { s.List.Refresh() })
	both, sent, recv := lang.L("Both ways"), lang.L("Sent ->"), lang.L("Received <-")
	s.Dir = widget.NewSelect([]string{both, sent, recv}, func(string) { s.rebuild() })
	s.Dir.SetSelectedIndex(0)
	kinds := []string{lang.L("Everything"), lang.L("Control bytes"), lang.L("Frames"), lang.L("Messages"), lang.L("Bytes outside frames")}
	s.Show = widget.NewSelect(kinds, func(string) { s.rebuild() })
	s.Show.SetSelectedIndex(0)
	s.Search = widget.NewEntry()
	s.Search.SetPlaceHolder(lang.L("Search: text or hex (RC=00, 06, NAK)"))
	s.Search.OnChanged = func(string) { s.rebuild() }

	s.SendENQ = widget.NewButton(lang.L("Send ENQ"), s.sendENQ)
	s.HexBytes = widget.NewEntry()
	s.HexBytes.SetPlaceHolder(lang.L("Hex bytes: 05, or STX 00 06 …"))
	s.HexBytes.OnSubmitted = func(string) { s.sendHex() }
	s.SendHex = widget.NewButton(lang.L("Send hex"), s.sendHex)
	var reqs []string
	for _, c := range serialio.MonitorRequests() {
		reqs = append(reqs, string(c))
	}
	s.Request = widget.NewSelect(reqs, nil)
	s.Request.SetSelectedIndex(0)
	s.SendReq = widget.NewButton(lang.L("Send request"), s.sendRequest)
	s.SaveVisit = widget.NewButton(lang.L("Add to the visit's trace"), s.saveToVisit)
	s.SaveFile = widget.NewButton(lang.L("Save to file…"), s.saveFileDialog)
	s.Clear = widget.NewButton(lang.L("Clear"), func() {
		if s.mon != nil {
			s.from = s.mon.Last()
		}
		s.rebuild()
	})

	sends := container.NewBorder(nil, nil, container.NewHBox(s.SendENQ, s.Request, s.SendReq), s.SendHex, s.HexBytes)
	filters := container.NewBorder(nil, nil, container.NewHBox(s.Pause, s.ShowHex, s.Dir, s.Show), nil, s.Search)
	saves := container.NewHBox(s.SaveVisit, s.SaveFile, s.Clear)
	top := container.NewVBox(s.Source, sends, filters)
	bottom := container.NewVBox(saves, s.Status)
	s.root = container.NewBorder(top, bottom, nil, nil, s.List)
	s.setSending(false)
	return s
}

// Root is the screen's root object.
func (s *LineScreen) Root() fyne.CanvasObject { return s.root }

// SetWindow is the window the file dialog shows on.
func (s *LineScreen) SetWindow(w fyne.Window) { s.win = w }

// Start looks for new entries and a new connection every lineRefresh, until Stop. Call once
// the app has started.
func (s *LineScreen) Start() {
	go func() {
		t := time.NewTicker(lineRefresh)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				s.do(s.Refresh)
			case <-s.stop:
				return
			}
		}
	}()
}

// Stop ends Start's refreshes and the tap on the line. It touches no widget.
func (s *LineScreen) Stop() {
	select {
	case <-s.stop:
	default:
		close(s.stop)
	}
	if s.untap != nil {
		s.untap()
	}
	if s.mon != nil {
		s.mon.Stop()
	}
}

// Refresh follows the current connection (a new one gets a new monitor; after a disconnect
// the last capture stays to read and save) and shows new entries unless paused. UI goroutine.
func (s *LineScreen) Refresh() {
	if c := s.conn(); c != s.watched && c != nil {
		s.watch(c)
	}
	s.setSending(s.watched != nil && s.watched == s.conn())
	if s.mon == nil || s.Pause.Checked || s.mon.Last() == s.seen {
		return
	}
	s.rebuild()
}

// watch starts a monitor on c's line. UI goroutine.
func (s *LineScreen) watch(c *visit.Conn) {
	if s.untap != nil {
		s.untap()
		s.mon.Stop()
	}
	s.watched, s.mon, s.seen, s.from, s.follow = c, serialio.NewMonitor(lineCapacity), 0, 0, true
	s.untap = s.mon.Watch(c.Trace)
	name := c.Name
	if c.IsSim {
		name = lang.L("the simulated terminal")
	}
	s.Source.SetText(lang.L("Watching the line to {{.Name}}: -> sent by this computer, <- received.", map[string]any{"Name": name}))
	s.rebuild()
}

// rebuild shows the kept entries the filters let through. UI goroutine.
func (s *LineScreen) rebuild() {
	if s.List == nil || s.Show == nil || s.Dir == nil {
		return // still being built
	}
	s.shown = s.shown[:0]
	if s.mon != nil {
		all := s.mon.Since(s.from)
		if len(all) > 0 {
			s.seen = all[len(all)-1].Seq
		}
		l := s.ui()
		for _, e := range all {
			if s.lets(e, l) {
				s.shown = append(s.shown, e)
			}
		}
	}
	s.List.Refresh()
	if s.follow && len(s.shown) > 0 {
		s.List.ScrollToBottom()
	}
}

// lets reports whether the filters and the search let e through.
func (s *LineScreen) lets(e serialio.MonitorEntry, l locale.Lang) bool {
	switch s.Dir.SelectedIndex() {
	case 1:
		if e.Dir != serialio.Out {
			return false
		}
	case 2:
		if e.Dir != serialio.In {
			return false
		}
	}
	if i := s.Show.SelectedIndex(); i > 0 && i <= len(lineKinds) && e.Kind != lineKinds[i-1] {
		return false
	}
	return e.Matches(l, s.Search.Text)
}

// Shown is what the list shows now, as its lines read (tests and the file).
func (s *LineScreen) Shown() []string {
	out := make([]string, len(s.shown))
	for i, e := range s.shown {
		out[i] = e.Line(s.ui(), s.ShowHex.Checked)
	}
	return out
}

// setSending enables the send buttons when the watched connection is live.
func (s *LineScreen) setSending(on bool) {
	for _, b := range []*widget.Button{s.SendENQ, s.SendHex, s.SendReq} {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	if s.AddToVisit == nil {
		s.SaveVisit.Hide()
	} else {
		s.SaveVisit.Show()
	}
}

// send runs f on the watched connection in the background and says how it went.
func (s *LineScreen) send(what string, timeout time.Duration, f func(ctx context.Context, c *visit.Conn) (string, error)) {
	c := s.watched
	if c == nil || c != s.conn() {
		s.Status.SetText(lang.L("Not connected: connect on the Connect screen (the simulated terminal works too)."))
		return
	}
	s.follow = true
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		note, err := f(ctx, c)
		s.do(func() {
			if err != nil {
				s.Status.SetText(lang.L("{{.What}} got nowhere: {{.Err}}", map[string]any{"What": what, "Err": errorText(err)}))
				return
			}
			s.Status.SetText(note)
			s.Refresh()
		})
	}()
}

func (s *LineScreen) sendENQ() {
	s.send("ENQ", 2*serialio.DefaultTAck, func(ctx context.Context, c *visit.Conn) (string, error) {
		return lang.L("The terminal answered ENQ with ACK: it is there and ready."), c.Client.Probe(ctx)
	})
}

func (s *LineScreen) sendHex() {
	b, err := serialio.ParseHex(s.HexBytes.Text)
	if err != nil {
		s.Status.SetText(hexErrorText(err))
		return
	}
	s.send(serialio.NamedHex(b, 16), 5*time.Second, func(ctx context.Context, c *visit.Conn) (string, error) {
		return lang.L("Sent {{.N}} bytes as typed.", map[string]any{"N": len(b)}), c.Trace.SendRaw(ctx, b)
	})
}

func (s *LineScreen) sendRequest() {
	cmd := serialio.Command(s.Request.Selected)
	req, err := serialio.SampleRequest(cmd, time.Now())
	if err != nil {
		s.Status.SetText(err.Error())
		return
	}
	// the command's response timeout, twice over for the client's asking again
	s.send(string(cmd), 3*serialio.ResponseTimeout(cmd), func(ctx context.Context, c *visit.Conn) (string, error) {
		resp, err := c.Client.Exchange(ctx, req)
		return lang.L("{{.Cmd}} answered: RC {{.RC}}", map[string]any{"Cmd": string(cmd), "RC": resp.RC()}), err
	})
}

// capture is what the list shows, all of it when nothing is filtered out.
func (s *LineScreen) capture() []serialio.MonitorEntry {
	return append([]serialio.MonitorEntry(nil), s.shown...)
}

// saveToVisit adds the capture to the visit's link trace, so it travels with the incident.
func (s *LineScreen) saveToVisit() {
	es := s.capture()
	if len(es) == 0 || s.AddToVisit == nil {
		s.Status.SetText(lang.L("Nothing to save yet."))
		return
	}
	trace := make([]serialio.TraceEntry, len(es))
	for i, e := range es {
		trace[i] = e.TraceEntry()
	}
	n := s.AddToVisit(trace)
	s.Status.SetText(lang.L("Added {{.N}} entries to the visit's link trace: they are saved with the incident.", map[string]any{"N": n}))
}

func (s *LineScreen) saveFileDialog() {
	win := s.win
	if win == nil {
		if w := fyne.CurrentApp().Driver().AllWindows(); len(w) > 0 {
			win = w[0]
		}
	}
	if win == nil {
		return
	}
	askSavePath(win, "line-"+time.Now().Format("20060102-150405")+".txt", s.SaveTo)
}

// SaveTo writes the capture to path as text, one entry a line, bytes in hex.
func (s *LineScreen) SaveTo(path string) {
	var b strings.Builder
	l := s.ui()
	if s.watched != nil {
		fmt.Fprintf(&b, "# %s\n", s.watched.Name)
	}
	for _, e := range s.capture() {
		b.WriteString(e.Line(l, true))
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		s.Status.SetText(errorText(err))
		return
	}
	s.Status.SetText(lang.L("Saved the capture to {{.File}}", map[string]any{"File": path}))
}

// hexErrorText says in the UI's language why typed bytes cannot be sent.
func hexErrorText(err error) string {
	var he *serialio.HexError
	switch {
	case errors.As(err, &he) && he.Token == "":
		return lang.L("Cannot send: nothing typed. Type hex pairs (05, 02 00 06 …) or names (ENQ).")
	case errors.As(err, &he):
		return lang.L("Cannot send: “{{.Token}}” is not hex bytes. Give two hex digits a byte (05, 0205) or a name (STX, ENQ).", map[string]any{"Token": pan.MaskText(he.Token)})
	}
	return lang.L("Cannot send: {{.Err}}", map[string]any{"Err": err.Error()})
}
