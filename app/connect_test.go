package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"posdoctor/app/visit"
	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

// memConnector runs the simulated terminal in memory with the given faults.
func memConnector(t *testing.T, faults ...string) Connector {
	return func(ctx context.Context, tg visit.Target) (*visit.Conn, error) {
		tg.InMemory = true
		tg.SimConfig.Speed = 50
		for _, f := range faults {
			ft, err := termsim.ParseFault(f)
			if err != nil {
				t.Fatal(err)
			}
			tg.SimConfig.Faults = append(tg.SimConfig.Faults, ft)
		}
		return visit.Open(ctx, tg)
	}
}

func newTestApp(t *testing.T) {
	a := test.NewTempApp(t)
	Setup(a)
}

// uiQueue stands in for fyne.Do: background work queues UI updates, and the test goroutine
// runs them while it waits, so every widget is touched from one goroutine.
type uiQueue chan func()

func (q uiQueue) do(f func()) { q <- f }

// waitFor runs queued UI work until cond holds, for a bounded time.
func (q uiQueue) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for !cond() {
		select {
		case f := <-q:
			f()
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func newScreen(t *testing.T, faults ...string) (*ConnectScreen, uiQueue) {
	q := make(uiQueue, 256)
	s := NewConnectScreen(memConnector(t, faults...))
	s.do = q.do
	test.NewTempWindow(t, s.Root())
	t.Cleanup(s.Stop)
	return s, q
}

func TestConnectShowsStatus(t *testing.T) {
	newTestApp(t)
	s, q := newScreen(t)
	if s.Port.SelectedIndex() != 0 {
		t.Fatalf("the simulated terminal is not the default choice")
	}
	test.Tap(s.ConnectBtn)
	q.waitFor(t, "status", func() bool { return s.Values["TID"].Text != "—" })
	if got := s.Values["MNAME"].Text; !containsHan(got) {
		t.Errorf("merchant name %q is not the simulator's Chinese name", got)
	}
	if len(s.Values["TID"].Text) != 8 || len(s.Values["MID"].Text) != 15 {
		t.Errorf("TID %q MID %q", s.Values["TID"].Text, s.Values["MID"].Text)
	}
	if !strings.Contains(s.State.Text, "Built-in simulated terminal") {
		t.Errorf("state %q does not say what it is connected to", s.State.Text)
	}
	test.Tap(s.ConnectBtn) // now Disconnect
	if s.ConnectBtn.Text != "Connect" {
		t.Errorf("button says %q after disconnect", s.ConnectBtn.Text)
	}
}

func TestConnectShowsFaultyTerminal(t *testing.T) {
	newTestApp(t)
	s, q := newScreen(t, "paper-out", "stuck-key=5")
	connectExpectingPaperOutAndKey5(t, s, q)
}

// connectExpectingPaperOutAndKey5 connects and waits for the status card to show the
// simulator's paper-out and stuck-key=5 faults.
func connectExpectingPaperOutAndKey5(t *testing.T, s *ConnectScreen, q uiQueue) {
	t.Helper()
	test.Tap(s.ConnectBtn)
	q.waitFor(t, "status", func() bool { return s.Values["PAPER"].Text != "—" })
	if s.Values["PAPER"].Text != serialio.StatusValue("PAPER", "OUT", uiLang()) || s.Values["STUCK"].Text != "5" {
		t.Fatalf("PAPER %q STUCK %q", s.Values["PAPER"].Text, s.Values["STUCK"].Text)
	}
}

func TestLinkLostIsShown(t *testing.T) {
	newTestApp(t)
	s, q := newScreen(t, "unplug-after=3")
	test.Tap(s.ConnectBtn)
	q.waitFor(t, "status", func() bool { return s.Values["TID"].Text != "—" })
	for i := 0; i < 3; i++ {
		test.Tap(s.RefreshBtn)
		time.Sleep(50 * time.Millisecond)
	}
	q.waitFor(t, "link lost", func() bool { return strings.Contains(s.State.Text, "Link lost") })
	if s.StatusBar.Text != s.State.Text {
		t.Errorf("the status line says %q, the Connect screen %q", s.StatusBar.Text, s.State.Text)
	}
	if s.ConnectBtn.Text != "Reconnect" {
		t.Errorf("button says %q, want Reconnect", s.ConnectBtn.Text)
	}
}

func containsHan(s string) bool {
	for _, r := range s {
		if r >= 0x4E00 && r <= 0x9FFF {
			return true
		}
	}
	return false
}

func TestConnectWithTypedFaults(t *testing.T) {
	newTestApp(t)
	s, q := newScreen(t)
	s.Faults.SetText("paper-out, stuck-key=5")
	connectExpectingPaperOutAndKey5(t, s, q)
}

func TestConnectRejectsUnknownFault(t *testing.T) {
	newTestApp(t)
	s, _ := newScreen(t)
	s.Faults.SetText("paper-outt")
	test.Tap(s.ConnectBtn)
	if s.Current() != nil || !strings.Contains(s.State.Text, "paper-outt") {
		t.Fatalf("state %q", s.State.Text)
	}
	if s.Faults.Text != "paper-outt" {
		t.Fatal("what the user typed was lost")
	}
}

// A fault the simulated terminal refuses is said in the UI language with its own reason: a
// fault typed wrong (when connecting and when applied) and faults that clash (which the
// terminal refuses as it starts); a card number typed as a value is masked.
func TestFaultRefusalsInUILanguage(t *testing.T) {
	for _, tc := range []struct{ env, typed, clash string }{
		{"zh_CN.UTF-8", `"X" 不是按键名；按键有 1 2 3`, "故障 paper-out 和 paper-low 互相矛盾"},
		{"zh_TW.UTF-8", `"X" 不是按鍵名稱；按鍵有 1 2 3`, "故障 paper-out 和 paper-low 互相矛盾"},
		{"en_US.UTF-8", `"X" is not a key name; keys are 1 2 3`, "faults paper-out and paper-low contradict each other"},
	} {
		setupUnderLANG(t, tc.env)
		s, q := newScreen(t)
		s.Faults.SetText("stuck-key=X")
		test.Tap(s.ConnectBtn)
		if !strings.Contains(s.State.Text, tc.typed) {
			t.Errorf("LANG=%s: connecting says %q, want %q", tc.env, s.State.Text, tc.typed)
		}
		s.ApplyFaults()
		if !strings.Contains(s.State.Text, tc.typed) {
			t.Errorf("LANG=%s: applying says %q, want %q", tc.env, s.State.Text, tc.typed)
		}
		s.Faults.SetText("stuck-key=4111111111111111")
		s.ApplyFaults()
		if strings.Contains(s.State.Text, "4111111111111111") || !strings.Contains(s.State.Text, "411111******1111") {
			t.Errorf("LANG=%s: a card number typed as a key: %q", tc.env, s.State.Text)
		}
		s.Faults.SetText("paper-out, paper-low")
		test.Tap(s.ConnectBtn)
		q.waitFor(t, "the clash refused", func() bool { return strings.Contains(s.State.Text, tc.clash) })
		if tc.env != "en_US.UTF-8" && strings.Contains(s.State.Text, "simulated terminal") {
			t.Errorf("LANG=%s: %q", tc.env, s.State.Text)
		}
	}
}

func TestErrorTextSaysWhatToDo(t *testing.T) {
	newTestApp(t)
	for err, want := range map[error]string{
		fmt.Errorf("cannot open /dev/ttyUSB0: %w", serialio.ErrPortBusy):         "Another program",
		fmt.Errorf("cannot open /dev/ttyUSB0: %w", serialio.ErrPermissionDenied): "dialout",
		fmt.Errorf("read: EIO: %w", serialio.ErrLinkLost):                        "Plug it in",
	} {
		if got := errorText(err); !strings.Contains(got, want) || !strings.Contains(got, err.Error()) {
			t.Errorf("errorText(%v) = %q", err, got)
		}
	}
}

// TestFaultPickerInUILanguage: the picker shows each fault's title and description in the UI
// language, with its stable name.
func TestFaultPickerInUILanguage(t *testing.T) {
	for _, tc := range []struct{ env, want string }{
		{"zh_CN.UTF-8", "缺纸 — 打印机没有纸，打印失败 (paper-out)"},
		{"zh_TW.UTF-8", "缺紙 — 印表機沒有紙，列印失敗 (paper-out)"},
		{"en_US.UTF-8", "Out of paper — The printer has no paper; printing fails (paper-out)"},
	} {
		setupUnderLANG(t, tc.env)
		group, _ := faultPicker("paper-out")
		if len(group.Selected) != 1 || group.Selected[0] != tc.want {
			t.Errorf("LANG=%s: ticked %q, want %q", tc.env, group.Selected, tc.want)
		}
		if len(group.Options) != len(termsim.FaultSpecs()) {
			t.Errorf("LANG=%s: %d options for %d faults", tc.env, len(group.Options), len(termsim.FaultSpecs()))
		}
	}
}
