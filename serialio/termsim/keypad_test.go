package termsim

import (
	"strings"
	"testing"
	"time"

	"posdoctor/serialio"
)

// keyRun collects KE until the terminal's KX (or until d passes) and returns the events as
// "KEY ACT" and the KX, if one came.
func keyRun(t *testing.T, h *testHost, d time.Duration, stopWhen func(events []string) bool) (events []string, kx *serialio.Message) {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		m, ok := h.next(time.Until(deadline))
		if !ok {
			break
		}
		switch m.Cmd {
		case "KE":
			events = append(events, m.Value("KEY")+" "+m.Value("ACT"))
			if stopWhen != nil && stopWhen(events) {
				return events, nil
			}
		case "KX":
			if m.RC() != "" {
				t.Errorf("terminal's KX carries RC: %v", m)
			}
			return events, &m
		}
	}
	return events, nil
}

func TestKeypad(t *testing.T) {
	cases := []struct {
		name   string
		faults []string
	}{
		{"all keys", nil},
		{"dead 7", []string{"dead-key=7"}},
		{"stuck 5", []string{"stuck-key=5"}},
		{"countertop", []string{"comm=ETH", "dead-key=F3"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHost(t, Config{Speed: 100, AutoKeys: true, Faults: mustFaults(t, c.faults...)})
			st := h.do("ST")
			keys := strings.Split(st.Value("KEYS"), ",")
			if r := h.do("KT", "TIMEOUT", "300"); r.RC() != "00" {
				t.Fatalf("KT: %v", r)
			}
			if r := h.do("ST"); r.RC() != "E3" {
				t.Errorf("ST during KT: %v, want E3", r)
			}
			working := 0
			for _, k := range keys {
				if !h.term.fs().dead[k] && !contains(h.term.fs().stuck, k) {
					working++
				}
			}
			events, kx := keyRun(t, h, 10*time.Second, func(ev []string) bool {
				return strings.HasSuffix(ev[len(ev)-1], " UP") && strings.Count(strings.Join(ev, ","), " UP") == working
			})
			if kx != nil {
				t.Fatalf("terminal ended the test early: %v after %v", kx, events)
			}
			seen := map[string]bool{}
			for _, e := range events {
				seen[e] = true
			}
			for _, k := range keys {
				dead, stuck := h.term.fs().dead[k], contains(h.term.fs().stuck, k)
				down, up := seen[k+" DOWN"], seen[k+" UP"]
				switch {
				case dead && (down || up):
					t.Errorf("dead key %s sent KE", k)
				case stuck && (!down || up):
					t.Errorf("stuck key %s: DOWN %v UP %v, want DOWN only", k, down, up)
				case !dead && !stuck && (!down || !up):
					t.Errorf("key %s: DOWN %v UP %v", k, down, up)
				}
			}
			stop := h.do("KX")
			if stop.RC() != "00" {
				t.Fatalf("host KX: %v", stop)
			}
			more, kx := keyRun(t, h, 2*time.Second, nil)
			if kx == nil || kx.Value("REASON") != "STOP" {
				t.Fatalf("after the host's KX: %v then %v, want the terminal's KX REASON=STOP", more, kx)
			}
			if len(more) > 0 {
				t.Errorf("KE after KX: %v", more)
			}
			if r := h.do("ST"); r.RC() != "00" {
				t.Errorf("ST after the keypad test: %v", r)
			}
		})
	}
}

// TestKeypadTimeout: without presses the terminal ends the test itself after TIMEOUT (scaled).
func TestKeypadTimeout(t *testing.T) {
	h := newHost(t, Config{Speed: 100})
	before := h.term.ModelledDelay()
	if r := h.do("KT", "TIMEOUT", "10"); r.RC() != "00" {
		t.Fatalf("KT: %v", r)
	}
	events, kx := keyRun(t, h, 5*time.Second, nil)
	if kx == nil || kx.Value("REASON") != "TIMEOUT" || len(events) != 0 {
		t.Fatalf("got %v and %v, want no KE and KX REASON=TIMEOUT", events, kx)
	}
	// the idle wait is measured from just after the timer starts: allow for scheduling delay
	if d := h.term.ModelledDelay() - before; d < 9*time.Second/100 {
		t.Errorf("timeout counted %v of modelled delay", d)
	}
	if r := h.do("KX"); r.RC() != "00" {
		t.Errorf("KX with no test running: %v", r)
	}
	if more, kx := keyRun(t, h, 200*time.Millisecond, nil); kx != nil || len(more) > 0 {
		t.Errorf("KX with no test running made the terminal send %v %v", more, kx)
	}
}

// TestKeypadStopWhileStreaming: the host's KX is read and obeyed while KEs stream.
func TestKeypadStopWhileStreaming(t *testing.T) {
	h := newHost(t, Config{Speed: 20, AutoKeys: true})
	h.do("KT", "TIMEOUT", "300")
	if _, kx := keyRun(t, h, 5*time.Second, func(ev []string) bool { return len(ev) >= 3 }); kx != nil {
		t.Fatal("test ended early")
	}
	if r := h.do("KX"); r.RC() != "00" {
		t.Fatalf("KX: %v", r)
	}
	_, kx := keyRun(t, h, 2*time.Second, nil)
	if kx == nil || kx.Value("REASON") != "STOP" {
		t.Fatalf("no KX REASON=STOP: %v", kx)
	}
}
