package termsim

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"posdoctor/serialio"
)

func num(t *testing.T, m serialio.Message, name string) int {
	t.Helper()
	v, ok := m.Get(name)
	n, err := strconv.Atoi(v)
	if !ok || err != nil {
		t.Fatalf("%s=%q is not a number in %v", name, v, m)
	}
	return n
}

func stampOf(t *testing.T, m serialio.Message, name string) time.Time {
	t.Helper()
	v := m.Value(name)
	ts, err := time.ParseInLocation(stampLayout, v, time.Local)
	if err != nil {
		t.Fatalf("%s=%q is not YYYYMMDDhhmmss: %v", name, v, err)
	}
	return ts
}

// TestStatusFields checks every ST field of §5 for form and for agreement with the journal.
func TestStatusFields(t *testing.T) {
	h := newHost(t, Config{})
	st := h.do("ST")
	if st.RC() != "00" {
		t.Fatalf("ST RC = %q", st.RC())
	}
	forms := map[string]string{
		"MODEL": `^\S.*$`, "SN": `^[0-9]{10,12}$`, "FW": `^\S.*$`, "TID": `^[0-9]{8}$`, "MID": `^[0-9]{15}$`,
		"BATCH": `^[0-9]{6}$`, "TRACE": `^[0-9]{6}$`, "COMM": `^4G$`, "SIGNED": `^Y$`, "PAPER": `^OK$`,
		"COVER": `^CLOSED$`, "BATT": `^[0-9]{1,3}$`, "PENDING": `^[0-9]+$`, "OFFLINE": `^0$`, "STUCK": `^$`,
		"KEYS": `^[0-9A-Z]+(,[0-9A-Z]+)*$`,
	}
	for name, form := range forms {
		v, ok := st.Get(name)
		if !ok || !regexp.MustCompile(form).MatchString(v) {
			t.Errorf("ST %s=%q (present %v), want %s", name, v, ok, form)
		}
	}
	if !strings.ContainsFunc(st.Value("MNAME"), func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		t.Errorf("MNAME %q is not a Chinese merchant name", st.Value("MNAME"))
	}
	keys := strings.Split(st.Value("KEYS"), ",")
	for _, k := range keys {
		if !contains(allKeys, k) {
			t.Errorf("KEYS has %q, not a key name of §5", k)
		}
	}
	for _, d := range []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "ENTER", "CANCEL"} {
		if !contains(keys, d) {
			t.Errorf("KEYS %v lacks %s", keys, d)
		}
	}
	if b := num(t, st, "BATT"); b < 0 || b > 100 {
		t.Errorf("BATT %d", b)
	}
	now := time.Now()
	if d := stampOf(t, st, "TIME").Sub(now); d < -2*time.Second || d > 2*time.Second {
		t.Errorf("TIME is %v off the real clock", d)
	}
	settled := stampOf(t, st, "LASTSETTLE")
	if age := now.Sub(settled); age < 0 || age > 24*time.Hour {
		t.Errorf("LASTSETTLE %v ago, want within the last day", age)
	}
	// PENDING is the approved transactions of the open batch: those after LASTSETTLE
	pending := 0
	for _, r := range fetchJournal(t, h, "20000101") {
		if r.at.After(settled) && r.rc == "00" && r.typ != "BALANCE" && r.typ != "REVERSAL" {
			pending++
		}
	}
	if got := num(t, st, "PENDING"); got != pending {
		t.Errorf("PENDING=%d, journal has %d approved after LASTSETTLE", got, pending)
	}
}

// TestDeterministic: the same seed is the same terminal; another seed another one.
func TestDeterministic(t *testing.T) {
	ident := func(seed int64) string {
		h := newHost(t, Config{Seed: seed})
		st := h.do("ST")
		jl := h.do("JL", "FROM", "20000101", "PAGE", "1")
		return strings.Join([]string{st.Value("SN"), st.Value("TID"), st.Value("MID"), st.Value("TRACE"), jl.All("REC")[0]}, "|")
	}
	a, b, c := ident(7), ident(7), ident(8)
	if a != b {
		t.Errorf("seed 7 twice differs:\n%s\n%s", a, b)
	}
	if a == c {
		t.Errorf("seeds 7 and 8 give the same terminal: %s", a)
	}
}

func TestEcho(t *testing.T) {
	h := newHost(t, Config{})
	long := strings.Repeat("0123456789abcdefABCDEF", 41)[:900]
	for _, data := range []string{"", "00", "FF00a5", long} {
		r := h.do("EC", "DATA", data)
		if r.RC() != "00" || r.Value("DATA") != data {
			t.Errorf("EC DATA=%q: got %v", data, r)
		}
	}
}

// TestRequestErrors covers E1 and every E2 rule of the commands (§4, §7).
func TestRequestErrors(t *testing.T) {
	h := newHost(t, Config{})
	cases := []struct {
		cmd serialio.Command
		kv  []string
		rc  string
	}{
		{"ZZ", nil, "E1"},
		{"KE", []string{"KEY", "5", "ACT", "DOWN"}, "E1"},
		{"EC", nil, "E2"},
		{"EC", []string{"DATA", "ABC"}, "E2"},
		{"EC", []string{"DATA", "GG"}, "E2"},
		{"EC", []string{"DATA", strings.Repeat("00", 451)}, "E2"},
		{"KT", nil, "E2"},
		{"KT", []string{"TIMEOUT", "9"}, "E2"},
		{"KT", []string{"TIMEOUT", "301"}, "E2"},
		{"KT", []string{"TIMEOUT", "+20"}, "E2"},
		{"KT", []string{"TIMEOUT", "abc"}, "E2"},
		{"PT", []string{"TEXT", strings.Repeat("x", 65)}, "E2"},
		{"SO", nil, "E2"},
		{"SO", []string{"OPER", "1"}, "E2"},
		{"SO", []string{"OPER", "0a"}, "E2"},
		{"SO", []string{"OPER", "001"}, "E2"},
		{"JL", []string{"PAGE", "1"}, "E2"},
		{"JL", []string{"FROM", "20241301", "PAGE", "1"}, "E2"},
		{"JL", []string{"FROM", "2024010", "PAGE", "1"}, "E2"},
		{"JL", []string{"FROM", "20240101"}, "E2"},
		{"JL", []string{"FROM", "20240101", "PAGE", "0"}, "E2"},
		{"EL", nil, "E2"},
		{"EL", []string{"PAGE", "x"}, "E2"},
		// fine: 64 Chinese characters are 64 chars, unknown fields are ignored
		{"PT", []string{"TEXT", strings.Repeat("签", 64)}, "00"},
		{"ST", []string{"FUTURE_FIELD", "1"}, "00"},
		{"KX", nil, "00"},
	}
	for _, c := range cases {
		r := h.do(c.cmd, c.kv...)
		if r.RC() != c.rc {
			t.Errorf("%s %v: RC %q, want %s", c.cmd, c.kv, r.RC(), c.rc)
		}
		if r.Fields[0].Name != "RC" {
			t.Errorf("%s: first field %s, want RC", c.cmd, r.Fields[0].Name)
		}
	}
}

// TestBusy: a request while another operation runs gets E3 and does not disturb it.
func TestBusy(t *testing.T) {
	h := newHost(t, Config{Speed: 10}) // a print takes 200 ms
	pt := h.send("PT")
	st := h.send("ST")
	r, ok := h.await(st, 5*time.Second)
	if !ok || r.msg.RC() != "E3" {
		t.Fatalf("ST during PT: %v, want E3", r.msg)
	}
	if r, ok := h.await(pt, 5*time.Second); !ok || r.msg.RC() != "00" {
		t.Fatalf("PT after the E3: %v", r.msg)
	}
	if r := h.do("ST"); r.RC() != "00" {
		t.Errorf("ST after PT: %v", r)
	}
}

// TestDuplicates: a request resent under the same SEQ is answered from the cache and never
// executed twice (§4), whether it comes after the response or while the request still runs.
func TestDuplicates(t *testing.T) {
	for _, cmd := range [][]string{{"SO", "OPER", "01"}, {"PT"}, {"CT"}, {"ST"}} {
		t.Run(cmd[0], func(t *testing.T) {
			h := newHost(t, Config{Speed: 20})
			before := h.do("ST")
			req := h.send(serialio.Command(cmd[0]), cmd[1:]...)
			if err := h.sendMsg(req); err != nil { // resent while running
				t.Fatal(err)
			}
			first, ok := h.await(req, 10*time.Second)
			if !ok {
				t.Fatalf("no response to %v", req)
			}
			if extra, ok := h.await(req, 300*time.Millisecond); ok {
				t.Fatalf("a duplicate received while running got a second response: %v", extra.msg)
			}
			if err := h.sendMsg(req); err != nil { // resent after the response
				t.Fatal(err)
			}
			again, ok := h.await(req, 5*time.Second)
			if !ok {
				t.Fatalf("no cached response to the duplicate %v", req)
			}
			if first.msg.String() != again.msg.String() {
				t.Errorf("duplicate answered differently:\n%v\n%v", first.msg, again.msg)
			}
			after := h.do("ST")
			wantTrace := num(t, before, "TRACE")
			if cmd[0] == "SO" || cmd[0] == "CT" {
				wantTrace++ // one host message, however often the request came
			}
			if got := num(t, after, "TRACE"); got != wantTrace {
				t.Errorf("TRACE %d -> %d, want %d", num(t, before, "TRACE"), got, wantTrace)
			}
			if after.Value("BATCH") != before.Value("BATCH") {
				t.Errorf("BATCH changed: %s -> %s", before.Value("BATCH"), after.Value("BATCH"))
			}
		})
	}
}

// TestPrintRunsOnce: a duplicated PT uses one slip of paper.
func TestPrintRunsOnce(t *testing.T) {
	h := newHost(t, Config{Faults: mustFaults(t, "paper-low")}) // 90 cm: a slip is 8 cm
	paperLeft := func() int {
		h.term.mu.Lock()
		defer h.term.mu.Unlock()
		return h.term.st.paperCM
	}
	start := paperLeft()
	req := h.send("PT")
	_ = h.sendMsg(req)
	if _, ok := h.await(req, 5*time.Second); !ok {
		t.Fatal("no PT response")
	}
	_ = h.sendMsg(req)
	h.await(req, 2*time.Second)
	if used := start - paperLeft(); used != slipCM {
		t.Errorf("one PT sent three times used %d cm of paper, want %d", used, slipCM)
	}
}

// TestPaperRunsOut: paper-low prints until the roll is empty, then P1 with an EV.
func TestPaperRunsOut(t *testing.T) {
	h := newHost(t, Config{Faults: mustFaults(t, "paper-low")})
	prints := 0
	for i := 0; i < 20; i++ {
		r := h.do("PT")
		if r.RC() == "P1" {
			break
		}
		if r.RC() != "00" {
			t.Fatalf("PT %d: %v", i, r)
		}
		prints++
	}
	if prints != 90/slipCM {
		t.Errorf("a 90 cm roll printed %d slips, want %d", prints, 90/slipCM)
	}
	if st := h.do("ST"); st.Value("PAPER") != "OUT" {
		t.Errorf("after the roll ran out ST PAPER=%s", st.Value("PAPER"))
	}
}

// faultRow is one row of the fault table: with these faults, this request gets these fields.
type faultRow struct {
	name   string
	faults []string
	cmd    []string
	want   map[string]string
	check  func(t *testing.T, m serialio.Message)
	event  string // the EV CODE the terminal must send, if any
}

func faultRows() []faultRow {
	signal := func(lo, hi int) func(t *testing.T, m serialio.Message) {
		return func(t *testing.T, m serialio.Message) {
			if s := num(t, m, "SIGNAL"); s < lo || s > hi {
				t.Errorf("SIGNAL %d, want %d-%d", s, lo, hi)
			}
		}
	}
	return []faultRow{
		{"healthy PT", nil, []string{"PT", "TEXT", "测试 test"}, map[string]string{"RC": "00", "PAPER": "OK", "COVER": "CLOSED"},
			func(t *testing.T, m serialio.Message) {
				if v := num(t, m, "VOLT"); v < 7000 {
					t.Errorf("VOLT %d on a healthy battery", v)
				}
				if c := num(t, m, "TEMP"); c < 25 || c > overheatLimitC {
					t.Errorf("TEMP %d", c)
				}
			}, ""},
		{"paper-out ST", []string{"paper-out"}, []string{"ST"}, map[string]string{"PAPER": "OUT"}, nil, ""},
		{"paper-out PT", []string{"paper-out"}, []string{"PT"}, map[string]string{"RC": "P1", "PAPER": "OUT"}, nil, "P1"},
		{"paper-low ST", []string{"paper-low"}, []string{"ST"}, map[string]string{"PAPER": "LOW"}, nil, ""},
		{"paper-low PT", []string{"paper-low"}, []string{"PT"}, map[string]string{"RC": "00", "PAPER": "LOW"}, nil, ""},
		{"cover-open ST", []string{"cover-open"}, []string{"ST"}, map[string]string{"COVER": "OPEN"}, nil, ""},
		{"cover-open PT", []string{"cover-open"}, []string{"PT"}, map[string]string{"RC": "P2", "COVER": "OPEN"}, nil, "P2"},
		{"printer-overheat PT", []string{"printer-overheat"}, []string{"PT"}, map[string]string{"RC": "P3"},
			func(t *testing.T, m serialio.Message) {
				if c := num(t, m, "TEMP"); c <= overheatLimitC {
					t.Errorf("TEMP %d, want over %d", c, overheatLimitC)
				}
			}, "P3"},
		{"low-voltage ST", []string{"low-voltage"}, []string{"ST"}, nil,
			func(t *testing.T, m serialio.Message) {
				if b := num(t, m, "BATT"); b >= 10 {
					t.Errorf("BATT %d, want low", b)
				}
			}, ""},
		{"low-voltage PT", []string{"low-voltage"}, []string{"PT"}, map[string]string{"RC": "P4"},
			func(t *testing.T, m serialio.Message) {
				if v := num(t, m, "VOLT"); v >= 7000 {
					t.Errorf("VOLT %d, want under 7000", v)
				}
			}, "P4"},
		{"low-voltage countertop PT", []string{"low-voltage", "comm=ETH"}, []string{"PT"}, map[string]string{"RC": "P4"}, nil, "P4"},
		{"low-voltage countertop ST", []string{"low-voltage", "comm=ETH"}, []string{"ST"}, map[string]string{"BATT": "NA"}, nil, ""},
		{"printer-fault PT", []string{"printer-fault"}, []string{"PT"}, map[string]string{"RC": "P5"}, nil, "P5"},
		{"healthy CT", nil, []string{"CT"}, map[string]string{"RC": "00", "MODE": "4G", "SIM": "READY", "REG": "Y", "HOST": "OK", "DIALTONE": "NA", "LINE": "NA"},
			func(t *testing.T, m serialio.Message) {
				signal(10, 31)(t, m)
				if r := num(t, m, "RTT"); r <= 0 {
					t.Errorf("RTT %d", r)
				}
			}, ""},
		{"comm=PSTN CT", []string{"comm=PSTN"}, []string{"CT"}, map[string]string{"RC": "00", "MODE": "PSTN", "DIALTONE": "Y", "LINE": "FREE", "SIGNAL": "NA", "SIM": "NA", "HOST": "OK"}, nil, ""},
		{"comm=GPRS CT", []string{"comm=GPRS"}, []string{"CT"}, map[string]string{"RC": "00", "MODE": "GPRS", "SIM": "READY", "REG": "Y"}, signal(10, 31), ""},
		{"comm=WIFI CT", []string{"comm=WIFI"}, []string{"CT"}, map[string]string{"RC": "00", "MODE": "WIFI", "SIGNAL": "NA", "SIM": "NA", "REG": "Y", "HOST": "OK"}, nil, ""},
		{"comm=ETH CT", []string{"comm=ETH"}, []string{"CT"}, map[string]string{"RC": "00", "MODE": "ETH", "DIALTONE": "NA", "SIGNAL": "NA", "HOST": "OK"}, nil, ""},
		{"comm=ETH ST", []string{"comm=ETH"}, []string{"ST"}, map[string]string{"COMM": "ETH", "BATT": "NA", "MODEL": modelCountertop.name}, nil, ""},
		{"no-dialtone CT", []string{"no-dialtone", "comm=PSTN"}, []string{"CT"}, map[string]string{"RC": "H1", "MODE": "PSTN", "DIALTONE": "N", "HOST": ""}, nil, "H1"},
		{"no-dialtone implies PSTN", []string{"no-dialtone"}, []string{"CT"}, map[string]string{"RC": "H1", "MODE": "PSTN", "DIALTONE": "N"}, nil, "H1"},
		{"no-dialtone SO", []string{"no-dialtone"}, []string{"SO", "OPER", "01"}, map[string]string{"RC": "H1"}, nil, "H1"},
		{"line-busy CT", []string{"line-busy"}, []string{"CT"}, map[string]string{"RC": "H2", "MODE": "PSTN", "DIALTONE": "Y", "LINE": "BUSY"}, nil, "H2"},
		{"host-timeout CT", []string{"host-timeout"}, []string{"CT"}, map[string]string{"RC": "H3", "HOST": "TIMEOUT", "RTT": ""}, nil, "H3"},
		{"host-timeout SO", []string{"host-timeout"}, []string{"SO", "OPER", "01"}, map[string]string{"RC": "H3", "KEYCHK": ""}, nil, "H3"},
		{"host-refused CT", []string{"host-refused"}, []string{"CT"}, map[string]string{"RC": "H6", "HOST": "REFUSED"}, nil, "H6"},
		{"host-refused SO", []string{"host-refused"}, []string{"SO", "OPER", "01"}, map[string]string{"RC": "H6"}, nil, "H6"},
		{"no-sim CT", []string{"no-sim", "comm=GPRS"}, []string{"CT"}, map[string]string{"RC": "H4", "MODE": "GPRS", "SIM": "ABSENT", "REG": "N"}, nil, "H4"},
		{"no-signal CT", []string{"no-signal"}, []string{"CT"}, map[string]string{"RC": "H5", "MODE": "4G", "REG": "N", "SIM": "READY"}, nil, "H5"},
		{"weak-signal CT", []string{"weak-signal", "comm=4G"}, []string{"CT"}, map[string]string{"RC": "00", "MODE": "4G", "HOST": "OK"}, signal(0, 9), ""},
		{"healthy KS", nil, []string{"KS"}, map[string]string{"RC": "00", "TMK": "Y"},
			func(t *testing.T, m serialio.Message) {
				for _, k := range []string{"PIK", "MAK", "TDK"} {
					if !regexp.MustCompile(`^[0-9A-F]{8}$`).MatchString(m.Value(k)) {
						t.Errorf("%s=%q, want 8 hex digits", k, m.Value(k))
					}
				}
				if n := num(t, m, "TMKIDX"); n < 0 || n > 99 {
					t.Errorf("TMKIDX %d", n)
				}
				stampOf(t, m, "LASTSIGNON")
			}, ""},
		{"tmk-missing KS", []string{"tmk-missing"}, []string{"KS"}, map[string]string{"RC": "00", "TMK": "N", "PIK": "", "MAK": "", "TDK": ""}, nil, ""},
		{"tmk-missing SO", []string{"tmk-missing"}, []string{"SO", "OPER", "01"}, map[string]string{"RC": "K1"}, nil, "K1"},
		{"key-mismatch SO", []string{"key-mismatch"}, []string{"SO", "OPER", "01"}, map[string]string{"RC": "K2", "KEYCHK": "FAIL"}, nil, "K2"},
		{"mac-error SO", []string{"mac-error"}, []string{"SO", "OPER", "01"}, map[string]string{"RC": "A0"}, nil, "A0"},
		{"invalid-merchant SO", []string{"invalid-merchant"}, []string{"SO", "OPER", "01"}, map[string]string{"RC": "03"}, nil, "03"},
		{"terminal-unknown SO", []string{"terminal-unknown"}, []string{"SO", "OPER", "01"}, map[string]string{"RC": "97"}, nil, "97"},
		{"not-signed-on ST", []string{"not-signed-on"}, []string{"ST"}, map[string]string{"SIGNED": "N"}, nil, ""},
		{"stuck-key ST", []string{"stuck-key=5"}, []string{"ST"}, map[string]string{"STUCK": "5"}, nil, ""},
		{"two stuck keys ST", []string{"stuck-key=5", "stuck-key=enter"}, []string{"ST"}, map[string]string{"STUCK": "5,ENTER"}, nil, ""},
		{"unsettled ST", []string{"unsettled"}, []string{"ST"}, nil,
			func(t *testing.T, m serialio.Message) {
				if age := time.Since(stampOf(t, m, "LASTSETTLE")); age < 3*24*time.Hour {
					t.Errorf("LASTSETTLE %v ago, want several days", age)
				}
				if num(t, m, "PENDING") == 0 {
					t.Error("PENDING 0 with days unsettled")
				}
			}, ""},
		{"clock-drift ST", []string{"clock-drift=-45"}, []string{"ST"}, nil,
			func(t *testing.T, m serialio.Message) {
				if d := time.Until(stampOf(t, m, "TIME")); d > -44*time.Minute || d < -46*time.Minute {
					t.Errorf("TIME off by %v, want -45m", d)
				}
			}, ""},
	}
}

// TestFaultTable runs every fault row: the fields of the response, and the unsolicited EV a
// failure sends (§5).
func TestFaultTable(t *testing.T) {
	for _, row := range faultRows() {
		t.Run(row.name, func(t *testing.T) {
			h := newHost(t, Config{Faults: mustFaults(t, row.faults...)})
			m := h.do(serialio.Command(row.cmd[0]), row.cmd[1:]...)
			for name, want := range row.want {
				if got, ok := m.Get(name); !ok || got != want {
					t.Errorf("%s=%q (present %v), want %q in %v", name, got, ok, want, m)
				}
			}
			if row.check != nil {
				row.check(t, m)
			}
			var codes []string
			for _, u := range h.drainUnsolicited() {
				if u.Cmd == "EV" {
					codes = append(codes, u.Value("CODE"))
					if u.Value("TEXT") == "" {
						t.Errorf("EV %v has no TEXT", u)
					}
				}
			}
			if row.event == "" && len(codes) > 0 || row.event != "" && (len(codes) != 1 || codes[0] != row.event) {
				t.Errorf("EV codes %v, want %q", codes, row.event)
			}
			if row.event != "" {
				found := false
				for p := 1; ; p++ {
					el := h.do("EL", "PAGE", strconv.Itoa(p))
					for _, v := range el.All("EVT") {
						u := serialio.SplitUnits(v)
						found = found || (len(u) == 3 && u[1] == row.event && time.Since(stampOfValue(t, u[0])) < time.Minute)
					}
					if el.Value("MORE") != "Y" {
						break
					}
				}
				if !found {
					t.Errorf("event log has no fresh %s event", row.event)
				}
			}
		})
	}
}

func stampOfValue(t *testing.T, v string) time.Time {
	t.Helper()
	ts, err := time.ParseInLocation(stampLayout, v, time.Local)
	if err != nil {
		t.Fatalf("%q is not YYYYMMDDhhmmss", v)
	}
	return ts
}

// TestSignOn: a real sign-on changes all three check values, KS then shows the new ones,
// TRACE goes up by one, the batch stays, and a second sign-on (MACed under the new MAK)
// works too.
func TestSignOn(t *testing.T) {
	h := newHost(t, Config{Faults: mustFaults(t, "not-signed-on")})
	ks0, st0 := h.do("KS"), h.do("ST")
	if st0.Value("SIGNED") != "N" {
		t.Fatalf("not-signed-on: SIGNED=%s", st0.Value("SIGNED"))
	}
	prev := ks0
	for round := 1; round <= 2; round++ {
		so := h.do("SO", "OPER", "01")
		if so.RC() != "00" || so.Value("KEYCHK") != "OK" {
			t.Fatalf("SO round %d: %v", round, so)
		}
		ks := h.do("KS")
		for _, k := range []string{"PIK", "MAK", "TDK"} {
			if so.Value(k) == prev.Value(k) {
				t.Errorf("round %d: %s check value unchanged (%s)", round, k, so.Value(k))
			}
			if ks.Value(k) != so.Value(k) {
				t.Errorf("round %d: KS %s=%s, SO said %s", round, k, ks.Value(k), so.Value(k))
			}
		}
		if !stampOf(t, ks, "LASTSIGNON").After(stampOf(t, prev, "LASTSIGNON")) && round == 1 {
			t.Errorf("LASTSIGNON did not move: %s", ks.Value("LASTSIGNON"))
		}
		if d := time.Since(stampOf(t, so, "HOSTTIME")); d < -2*time.Second || d > 2*time.Second {
			t.Errorf("HOSTTIME %s is %v off", so.Value("HOSTTIME"), d)
		}
		if so.Value("BATCH") != st0.Value("BATCH") {
			t.Errorf("BATCH %s, was %s", so.Value("BATCH"), st0.Value("BATCH"))
		}
		prev = ks
	}
	st := h.do("ST")
	if st.Value("SIGNED") != "Y" {
		t.Errorf("after SO SIGNED=%s", st.Value("SIGNED"))
	}
	if got, want := num(t, st, "TRACE"), num(t, st0, "TRACE")+2; got != want {
		t.Errorf("two sign-ons took TRACE %d -> %d", num(t, st0, "TRACE"), got)
	}
}

// TestKeyMismatchKeepsKeys: K2 leaves the old keys in force, and stays K2 on a retry (the
// host accepts the old MAK until the terminal uses a new one).
func TestKeyMismatchKeepsKeys(t *testing.T) {
	h := newHost(t, Config{Faults: mustFaults(t, "key-mismatch")})
	ks0 := h.do("KS")
	for i := 0; i < 2; i++ {
		so := h.do("SO", "OPER", "02")
		if so.RC() != "K2" || so.Value("KEYCHK") != "FAIL" {
			t.Fatalf("SO %d: %v", i, so)
		}
	}
	ks := h.do("KS")
	for _, k := range []string{"PIK", "MAK", "TDK", "LASTSIGNON"} {
		if ks.Value(k) != ks0.Value(k) {
			t.Errorf("%s changed after K2: %s -> %s", k, ks0.Value(k), ks.Value(k))
		}
	}
}

func TestModelledDelay(t *testing.T) {
	h := newHost(t, Config{Speed: 100})
	before := h.term.ModelledDelay()
	h.do("PT")
	if d := h.term.ModelledDelay() - before; d < delayPrint/100 {
		t.Errorf("a print added %v of modelled delay, want at least %v", d, delayPrint/100)
	}
}
