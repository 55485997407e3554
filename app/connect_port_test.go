package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"posdoctor/app/visit"
	"posdoctor/internal/simtest"
	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

// TestConnectPortPath: a port typed by hand is a device's full path, or COMn on Windows (full-width
// letters of a Chinese input method read as ASCII); anything else says how to type it.
func TestConnectPortPath(t *testing.T) {
	newTestApp(t)
	for _, tc := range []struct{ goos, typed, want string }{
		{"linux", "/dev/ttyS5", "/dev/ttyS5"},
		{"linux", " /dev/pts/3 ", "/dev/pts/3"},
		{"linux", "／dev／ttyUSB0", "/dev/ttyUSB0"},
		{"linux", "/dev//ttyS5/", "/dev/ttyS5"},
		{"darwin", "/dev/cu.usbserial-1410", "/dev/cu.usbserial-1410"},
		{"linux", "", ""},
		{"linux", "ttyS5", ""},
		{"linux", "COM5", ""},
		{"linux", "/", ""},
		{"linux", "/dev/tty\nS5", ""},
		{"windows", "COM5", "COM5"},
		{"windows", "com12", "COM12"},
		{"windows", "ＣＯＭ５", "COM5"},
		{"windows", `\\.\COM10`, "COM10"},
		{"windows", "COM0", ""},
		{"windows", "COM", ""},
		{"windows", "/dev/ttyS5", ""},
		{"windows", "LPT1", ""},
	} {
		got, err := portPath(tc.goos, tc.typed)
		if got != tc.want || (err != nil) != (tc.want == "") {
			t.Errorf("portPath(%s, %q) = %q, %v; want %q", tc.goos, tc.typed, got, err, tc.want)
		}
		if err != nil && !strings.Contains(err.Error(), "e.g.") && !strings.Contains(err.Error(), "type") {
			t.Errorf("portPath(%s, %q): %q does not say how to type a port", tc.goos, tc.typed, err)
		}
	}
}

// startPTYTerminal serves the simulated terminal on a pty, as `posdoctor sim` does, and returns
// its path, which the system's port list does not show.
func startPTYTerminal(t *testing.T) string {
	t.Helper()
	path := simtest.PTY(t, termsim.Config{Speed: 50})
	listed, err := serialio.ListPorts()
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(listed, func(p serialio.PortInfo) bool { return p.Name == path }) {
		t.Fatalf("fixture: the system lists %s", path)
	}
	return path
}

// newPortScreen is the Connect screen on real ports (visit.Open) with the app's preferences.
func newPortScreen(t *testing.T) (*ConnectScreen, uiQueue) {
	t.Helper()
	q := make(uiQueue, 256)
	s := NewConnectScreen(visit.Open)
	s.do = q.do
	test.NewTempWindow(t, s.Root())
	t.Cleanup(s.Stop)
	s.UsePreferences(fyne.CurrentApp().Preferences())
	return s, q
}

// TestConnectToATypedPort: a port the system does not list (the simulator's pty) is typed
// under "Other port…" and connected to; it is then remembered, offered first after the
// simulated terminal, on this screen and on the next start.
func TestConnectToATypedPort(t *testing.T) {
	newTestApp(t)
	path := startPTYTerminal(t)
	s, q := newPortScreen(t)
	if s.PortPath.Visible() {
		t.Error("the port entry shows before Other port… is chosen")
	}
	s.Port.SetSelectedIndex(len(s.Port.Options) - 1)
	if s.Port.Selected != "Other port…" || !s.PortPath.Visible() || s.faultRow.Visible() {
		t.Fatalf("choosing %q: entry shown %v, faults shown %v", s.Port.Selected, s.PortPath.Visible(), s.faultRow.Visible())
	}
	test.Type(s.PortPath, "dev/nothing")
	test.Tap(s.ConnectBtn)
	if s.Current() != nil || !strings.Contains(s.State.Text, "full path") {
		t.Fatalf("a path without its / gives %q", s.State.Text)
	}
	s.PortPath.SetText("")
	test.Type(s.PortPath, path)
	s.PortPath.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	q.waitFor(t, "status over "+path, func() bool { return s.Values["TID"].Text != "—" })
	if c := s.Current(); c == nil || c.Path != path || !strings.Contains(s.State.Text, path) {
		t.Fatalf("state %q", s.State.Text)
	}
	if got := fyne.CurrentApp().Preferences().StringList(prefRecentPorts); !slices.Equal(got, []string{path}) {
		t.Errorf("recent ports %q", got)
	}
	if s.Port.SelectedIndex() != 1 || !strings.HasPrefix(s.Port.Selected, path) || s.PortPath.Visible() {
		t.Errorf("after connecting the picker shows %q (%d)", s.Port.Selected, s.Port.SelectedIndex())
	}
	test.Tap(s.ConnectBtn) // disconnect

	// the next start offers it first, and connects to it as chosen
	next, q2 := newPortScreen(t)
	if len(next.Port.Options) < 3 || !strings.HasPrefix(next.Port.Options[1], path) {
		t.Fatalf("options %q do not offer %s first", next.Port.Options, path)
	}
	next.Port.SetSelectedIndex(1)
	test.Tap(next.ConnectBtn)
	q2.waitFor(t, "status over the recent port", func() bool { return next.Values["TID"].Text != "—" })
	test.Tap(next.ConnectBtn)
}

// TestConnectRecentPortsKeepFive: the last five ports are remembered, newest first, each once; one
// the system lists is offered among them, not twice.
func TestConnectRecentPortsKeepFive(t *testing.T) {
	newTestApp(t)
	s, _ := newPortScreen(t)
	s.setPorts([]serialio.PortInfo{serialio.Describe(serialio.PortInfo{Name: "/dev/ttyUSB0", IsUSB: true, VID: "0403", PID: "6001"})})
	for _, p := range []string{"/dev/ttyS1", "/dev/ttyUSB0", "/dev/ttyS2", "/dev/ttyS3", "/dev/ttyS4", "/dev/ttyS5", "/dev/ttyS2"} {
		s.remember(p)
	}
	want := []string{"/dev/ttyS2", "/dev/ttyS5", "/dev/ttyS4", "/dev/ttyS3", "/dev/ttyUSB0"}
	if got := fyne.CurrentApp().Preferences().StringList(prefRecentPorts); !slices.Equal(got, want) {
		t.Errorf("recent ports %q, want %q", got, want)
	}
	opts := s.Port.Options
	if len(opts) != 7 || opts[0] != simOption() || opts[6] != "Other port…" || !strings.Contains(opts[5], "FTDI") {
		t.Errorf("options %q", opts)
	}
	if s.Port.Selected != opts[1] || !strings.HasPrefix(opts[1], "/dev/ttyS2") {
		t.Errorf("the port just used is not selected: %q", s.Port.Selected)
	}
}
