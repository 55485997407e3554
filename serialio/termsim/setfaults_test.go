package termsim

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"posdoctor/serialio"
)

func fault(t testing.TB, s string) Fault {
	t.Helper()
	f, err := ParseFault(s)
	if err != nil {
		t.Fatalf("ParseFault(%q): %v", s, err)
	}
	return f
}

func wantField(t *testing.T, m serialio.Message, want map[string]string) {
	t.Helper()
	for name, v := range want {
		if got, ok := m.Get(name); !ok || got != v {
			t.Errorf("%s=%q (present %v), want %q in %v", name, got, ok, v, m)
		}
	}
}

// TestSetFaultsWhileServing: each row sets a fault on a terminal that is serving, checks the
// terminal now has it, clears it and checks the terminal is healthy again, on the same line.
func TestSetFaultsWhileServing(t *testing.T) {
	so := []string{"SO", "OPER", "01"}
	rows := []struct {
		fault     string
		cmd       []string
		faulty    map[string]string
		healthy   map[string]string
		baseFault []string // faults the terminal is made with, kept throughout
	}{
		{"paper-out", []string{"PT"}, map[string]string{"RC": "P1", "PAPER": "OUT"}, map[string]string{"RC": "00", "PAPER": "OK"}, nil},
		{"paper-low", []string{"ST"}, map[string]string{"PAPER": "LOW"}, map[string]string{"PAPER": "OK"}, nil},
		{"cover-open", []string{"PT"}, map[string]string{"RC": "P2", "COVER": "OPEN"}, map[string]string{"RC": "00", "COVER": "CLOSED"}, nil},
		{"printer-overheat", []string{"PT"}, map[string]string{"RC": "P3"}, map[string]string{"RC": "00"}, nil},
		{"printer-fault", []string{"PT"}, map[string]string{"RC": "P5"}, map[string]string{"RC": "00"}, nil},
		{"low-voltage", []string{"PT"}, map[string]string{"RC": "P4"}, map[string]string{"RC": "00"}, nil},
		{"no-dialtone", []string{"CT"}, map[string]string{"RC": "H1", "DIALTONE": "N"}, map[string]string{"RC": "00", "DIALTONE": "Y"}, []string{"comm=PSTN"}},
		{"line-busy", so, map[string]string{"RC": "H2"}, map[string]string{"RC": "00"}, []string{"comm=PSTN"}},
		{"host-timeout", []string{"CT"}, map[string]string{"RC": "H3"}, map[string]string{"RC": "00", "HOST": "OK"}, nil},
		{"host-refused", so, map[string]string{"RC": "H6"}, map[string]string{"RC": "00"}, nil},
		{"no-sim", []string{"CT"}, map[string]string{"RC": "H4", "SIM": "ABSENT"}, map[string]string{"RC": "00", "SIM": "READY"}, nil},
		{"no-signal", so, map[string]string{"RC": "H5"}, map[string]string{"RC": "00"}, nil},
		{"key-mismatch", so, map[string]string{"RC": "K2", "KEYCHK": "FAIL"}, map[string]string{"RC": "00", "KEYCHK": "OK"}, nil},
		{"mac-error", so, map[string]string{"RC": "A0"}, map[string]string{"RC": "00", "KEYCHK": "OK"}, nil},
		{"invalid-merchant", so, map[string]string{"RC": "03"}, map[string]string{"RC": "00"}, nil},
		{"terminal-unknown", so, map[string]string{"RC": "97"}, map[string]string{"RC": "00"}, nil},
		{"stuck-key=5", []string{"ST"}, map[string]string{"STUCK": "5"}, map[string]string{"STUCK": ""}, nil},
	}
	for _, r := range rows {
		t.Run(r.fault, func(t *testing.T) {
			h := newHost(t, Config{Faults: mustFaults(t, r.baseFault...)})
			cmd := serialio.Command(r.cmd[0])
			wantField(t, h.do(cmd, r.cmd[1:]...), r.healthy)
			if err := h.term.AddFault(fault(t, r.fault)); err != nil {
				t.Fatalf("AddFault(%s): %v", r.fault, err)
			}
			wantField(t, h.do(cmd, r.cmd[1:]...), r.faulty)
			if err := h.term.ClearFault(Fault{Name: fault(t, r.fault).Name}); err != nil {
				t.Fatalf("ClearFault(%s): %v", r.fault, err)
			}
			wantField(t, h.do(cmd, r.cmd[1:]...), r.healthy)
			if got := h.term.Faults(); len(got) != len(r.baseFault) {
				t.Errorf("Faults() = %v after clearing, want %v", got, r.baseFault)
			}
		})
	}
}

// TestSetFaultsState: faults that set state at New set it and undo it at run time as
// docs/simulator.md says, and clearing not-signed-on signs nothing on.
func TestSetFaultsState(t *testing.T) {
	h := newHost(t, Config{})
	if err := h.term.SetFaults(mustFaults(t, "not-signed-on", "tmk-missing")); err != nil {
		t.Fatal(err)
	}
	wantField(t, h.do("ST"), map[string]string{"SIGNED": "N"})
	wantField(t, h.do("KS"), map[string]string{"TMK": "N", "PIK": "", "MAK": ""})
	wantField(t, h.do("SO", "OPER", "01"), map[string]string{"RC": "K1"})
	if err := h.term.SetFaults(nil); err != nil {
		t.Fatal(err)
	}
	// the TMK is back, the working keys and the sign-on wait for an SO
	wantField(t, h.do("ST"), map[string]string{"SIGNED": "N"})
	wantField(t, h.do("KS"), map[string]string{"TMK": "Y", "PIK": "", "MAK": "", "TDK": ""})
	so := h.do("SO", "OPER", "01")
	wantField(t, so, map[string]string{"RC": "00", "KEYCHK": "OK"})
	wantField(t, h.do("ST"), map[string]string{"SIGNED": "Y"})
	ks := h.do("KS")
	if ks.Value("MAK") == "" || ks.Value("MAK") != so.Value("MAK") {
		t.Errorf("KS MAK %q after SO gave %q", ks.Value("MAK"), so.Value("MAK"))
	}
	// a MAC key out of step and put right: the host follows the terminal's current MAK
	for _, f := range [][]string{{"mac-error"}, nil} {
		if err := h.term.SetFaults(mustFaults(t, f...)); err != nil {
			t.Fatal(err)
		}
	}
	wantField(t, h.do("SO", "OPER", "01"), map[string]string{"RC": "00"})
	// clock-drift moves the clock at once, and back
	if err := h.term.AddFault(fault(t, "clock-drift=-30")); err != nil {
		t.Fatal(err)
	}
	if d := time.Until(stampOf(t, h.do("ST"), "TIME")); d > -29*time.Minute || d < -31*time.Minute {
		t.Errorf("TIME %v off after clock-drift=-30", d)
	}
	if err := h.term.ClearFault(Fault{Name: "clock-drift"}); err != nil {
		t.Fatal(err)
	}
	if d := time.Until(stampOf(t, h.do("ST"), "TIME")); d < -2*time.Second || d > 2*time.Second {
		t.Errorf("TIME %v off after clearing clock-drift", d)
	}
}

// TestSetFaultsLine: line faults apply to the next bytes of the running line.
func TestSetFaultsLine(t *testing.T) {
	h := newHost(t, Config{})
	if err := h.term.AddFault(fault(t, "silent=ST")); err != nil {
		t.Fatal(err)
	}
	if _, ok := h.await(h.send("ST"), 300*time.Millisecond); ok {
		t.Error("ST answered under silent=ST")
	}
	if err := h.term.ClearFault(fault(t, "silent=ST")); err != nil {
		t.Fatal(err)
	}
	wantField(t, h.do("ST"), map[string]string{"RC": "00"})
	if err := h.term.AddFault(fault(t, "link-drop=1")); err != nil {
		t.Fatal(err)
	}
	if _, ok := h.await(h.send("KS"), 300*time.Millisecond); ok {
		t.Error("a response got through link-drop=1")
	}
	if h.term.LineStats().Dropped == 0 {
		t.Error("link-drop=1 dropped nothing")
	}
	if err := h.term.SetFaults(nil); err != nil {
		t.Fatal(err)
	}
	// the KS response is still being resent; a new request gets through
	wantField(t, h.do("EC", "DATA", "00"), map[string]string{"RC": "00"})
	if err := h.term.AddFault(fault(t, "unplug-after=4")); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ { // the line goes after 4 more frames: ST, its response, ST...
		h.seq = serialio.NextSeq(h.seq)
		_ = h.sendMsg(message("ST", h.seq))
	}
	err, ok := h.serveResult(5 * time.Second)
	if !ok || !errors.Is(err, ErrUnplugged) {
		t.Errorf("Serve = %v (returned %v), want ErrUnplugged after unplug-after set at run time", err, ok)
	}
}

// TestSetFaultsRefused: what a running terminal cannot change is refused with a
// *ConfigError and nothing changes.
func TestSetFaultsRefused(t *testing.T) {
	term, err := New(Config{Faults: mustFaults(t, "paper-out", "unsettled"), Speed: 1000, Journal: 20})
	if err != nil {
		t.Fatal(err)
	}
	before := term.Faults()
	for _, c := range []struct {
		faults  []string
		mention string
	}{
		{[]string{"paper-out", "unsettled", "comm=PSTN"}, "comm"},
		{[]string{"paper-out", "unsettled", "no-dialtone"}, "no-dialtone"},
		{[]string{"paper-out", "unsettled", "duplicate-sale"}, "duplicate-sale"},
		{[]string{"unsettled", "stuck-key=F1"}, "F1"},
		{[]string{"unsettled", "paper-out", "paper-low"}, "contradict"},
		{[]string{"unsettled", "host-timeout", "host-refused"}, "contradict"},
	} {
		err := term.SetFaults(mustFaults(t, c.faults...))
		var ce *ConfigError
		if !errors.As(err, &ce) || !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), c.mention) {
			t.Errorf("SetFaults(%v) = %v, want a ConfigError naming %s", c.faults, err, c.mention)
		}
		if got := term.Faults(); !slices.Equal(got, before) {
			t.Errorf("after a refused SetFaults(%v) the faults are %v, want %v", c.faults, got, before)
		}
	}
	// the terminal's own comm may be given, and PSTN faults fit a PSTN terminal
	pstn, err := New(Config{Faults: mustFaults(t, "comm=PSTN"), Speed: 1000, Journal: 20})
	if err != nil {
		t.Fatal(err)
	}
	for _, ok := range [][]string{{"no-dialtone"}, {"comm=PSTN", "line-busy"}, nil} {
		if err := pstn.SetFaults(mustFaults(t, ok...)); err != nil {
			t.Errorf("PSTN terminal: SetFaults(%v) = %v", ok, err)
		}
	}
	if err := pstn.SetFaults(mustFaults(t, "no-sim")); err == nil {
		t.Error("a PSTN terminal took no-sim")
	}
}

// TestClearingUnsettledSettles: clearing unsettled while the terminal serves is a settlement —
// the batch closes now, nothing is pending — and it cannot come back.
func TestClearingUnsettledSettles(t *testing.T) {
	term, err := New(Config{Faults: mustFaults(t, "unsettled"), Speed: 1000, Journal: 20})
	if err != nil {
		t.Fatal(err)
	}
	term.mu.Lock()
	batch, pending := term.st.batch, term.st.pending
	term.mu.Unlock()
	if pending == 0 {
		t.Fatal("an unsettled terminal has nothing pending")
	}
	if err := term.SetFaults(nil); err != nil {
		t.Fatalf("clearing unsettled: %v", err)
	}
	term.mu.Lock()
	st := term.st
	term.mu.Unlock()
	if st.pending != 0 || st.batch == batch || time.Since(st.lastSettle) > time.Minute {
		t.Errorf("after the settlement: pending %d, batch %d (was %d), last settled %v", st.pending, st.batch, batch, st.lastSettle)
	}
	if err := term.SetFaults(mustFaults(t, "unsettled")); err == nil || !strings.Contains(err.Error(), "unsettled") {
		t.Errorf("unsettled added back to a running terminal: %v", err)
	}
}

// TestSetFaultsRace: a host exchanges every kind of request while another goroutine keeps
// changing the faults, terminal and line ones. Run with -race: the fault set and the state
// it changes are read by the reading goroutine, the operations and the line's two
// goroutines while SetFaults replaces them.
func TestSetFaultsRace(t *testing.T) {
	h := newHost(t, Config{})
	sets := [][]string{
		nil,
		{"paper-out", "cover-open"},
		{"host-timeout", "stuck-key=5", "clock-drift=12"},
		{"key-mismatch", "not-signed-on", "lost-ack=0.05"},
		{"mac-error", "low-voltage", "link-noise=0.0005"},
		{"tmk-missing", "dead-key=ENTER", "link-gap"},
		{"invalid-merchant", "weak-signal", "paper-low", "link-drop=0.05"},
		{"terminal-unknown", "printer-fault"},
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		rng := rand.New(rand.NewPCG(1, 2))
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			case <-time.After(3 * time.Millisecond):
			}
			if err := h.term.SetFaults(mustFaults(t, sets[rng.IntN(len(sets))]...)); err != nil {
				t.Errorf("SetFaults: %v", err)
				return
			}
			_ = h.term.Faults()
			_ = h.term.LineStats()
		}
	}()
	reqs := [][]string{{"ST"}, {"KS"}, {"PT"}, {"CT"}, {"SO", "OPER", "01"}, {"EC", "DATA", "0102"},
		{"EL", "PAGE", "1"}, {"JL", "FROM", "20000101", "PAGE", "1"}}
	answered := 0
	for i := 0; i < 3*len(reqs); i++ {
		r := reqs[i%len(reqs)]
		m, err := h.doRetry(2*time.Second, 6, serialio.Command(r[0]), r[1:]...)
		if err != nil {
			continue // a line fault may outlast the retries; the race detector is the judge here
		}
		answered++
		if !slices.Contains(ResponseCodes(), m.RC()) {
			t.Errorf("%s answered RC %q, not one of ResponseCodes()", r[0], m.RC())
		}
	}
	close(done)
	wg.Wait()
	if err := h.term.SetFaults(nil); err != nil {
		t.Fatal(err)
	}
	if answered == 0 {
		t.Error("no request was answered")
	}
	wantField(t, h.do("ST"), map[string]string{"RC": "00"})
}

// TestResponseCodes: every code the terminal puts in an RC, an EV, a journal record or an
// event log entry, under every fault it can be made with, is one of ResponseCodes().
func TestResponseCodes(t *testing.T) {
	known := ResponseCodes()
	if !slices.IsSorted(known) || len(slices.Compact(slices.Clone(known))) != len(known) {
		t.Fatalf("ResponseCodes() is not sorted and unique: %v", known)
	}
	check := func(where, code string) {
		t.Helper()
		if !slices.Contains(known, code) {
			t.Errorf("%s: code %q is not in ResponseCodes()", where, code)
		}
	}
	for _, sp := range FaultSpecs() {
		if sp.Line {
			continue
		}
		name := sp.Name
		if sp.Example != "" {
			name += "=" + sp.Example
		}
		t.Run(name, func(t *testing.T) {
			h := newHost(t, Config{Faults: mustFaults(t, name), Journal: 400})
			for _, r := range [][]string{{"ST"}, {"KS"}, {"EC", "DATA", "00"}, {"EC"}, {"ZZ"}, {"CT"}, {"PT"}, {"SO", "OPER", "01"}, {"KX"}} {
				check(name+" "+r[0], h.do(serialio.Command(r[0]), r[1:]...).RC())
			}
			for _, rec := range fetchJournal(t, h, "20000101") {
				check(name+" journal", rec.rc)
			}
			for p := 1; ; p++ {
				el := h.do("EL", "PAGE", strconv.Itoa(p))
				for _, v := range el.All("EVT") {
					check(name+" event log", serialio.SplitUnits(v)[1])
				}
				if el.Value("MORE") != "Y" {
					break
				}
			}
			for _, u := range h.drainUnsolicited() {
				if u.Cmd == serialio.CmdEvent {
					check(name+" EV", u.Value("CODE"))
				}
			}
		})
	}
	// the host's own refusals, which no fault provokes: a bad network code, a short field 60
	for _, c := range []struct{ field60, want string }{{"00000001001", "40"}, {"000", "30"}} {
		h := &acquirer{rng: rand.New(rand.NewPCG(1, 1)), now: time.Now, tid: "12345678", mid: "123456789012345", active: true, tmk: make([]byte, keyLen)}
		msg, _ := packISO(newISO("0800").set(11, "000001").set(41, "12345678").set(42, "123456789012345").set(60, c.field60))
		resp, err := unpackISO(h.exchange(msg))
		if err != nil {
			t.Fatal(err)
		}
		rc, _ := resp.get(39)
		if rc != c.want {
			t.Errorf("field 60 %q: host answered %s, want %s", c.field60, rc, c.want)
		}
		check(fmt.Sprintf("host, field 60 %q", c.field60), rc)
	}
}

func TestParseFaults(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"paper-out", "paper-out"},
		{"paper-out,stuck-key=5", "paper-out stuck-key=5"},
		{"paper-out，cover-open", "paper-out cover-open"},
		{" paper-out ,, cover-open\nlink-noise=0.001\tsilent=so ", "paper-out cover-open link-noise=0.001 silent=SO"},
		{"clock-drift = -12, stuck-key= 5", "clock-drift=-12 stuck-key=5"},
	} {
		got, err := ParseFaults(c.in)
		if err != nil {
			t.Errorf("ParseFaults(%q): %v", c.in, err)
			continue
		}
		var parts []string
		for _, f := range got {
			parts = append(parts, f.String())
		}
		if s := fmt.Sprint(parts); s != fmt.Sprint(strings.Fields(c.want)) {
			t.Errorf("ParseFaults(%q) = %v, want %v", c.in, parts, strings.Fields(c.want))
		}
	}
	for _, bad := range []string{"paper-out, papr-out", "stuck-key", "link-noise=2"} {
		if _, err := ParseFaults(bad); !errors.Is(err, ErrConfig) {
			t.Errorf("ParseFaults(%q) = %v, want ErrConfig", bad, err)
		}
	}
}
