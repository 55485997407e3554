package termsim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// Config sets up a simulated terminal. The zero value is a healthy 4G terminal at real timing.
type Config struct {
	Faults   []Fault          // parsed with ParseFault; several at once
	Speed    float64          // modelled delays run Speed times faster; 0 means 1. Never scales link timings (§3).
	AutoKeys bool             // in KT the keypad presses every key once, a few hundred ms apart (scaled)
	Journal  int              // transactions in the journal; 0 means 300
	Seed     int64            // deterministic identity, journal and keys; 0 means a fixed default
	Pace     bool             // send bytes no faster than Baud allows (10 bits a byte)
	Baud     int              // for Pace; 0 means 115200
	Now      func() time.Time // the real clock (the host's); nil means time.Now. The terminal's clock adds clock-drift.
	// SlipStamp, when set, is printed at the head of every slip (a drill's "培训 TRAINING"),
	// so a simulated slip is never taken for a real one.
	SlipStamp string
}

const (
	defaultSeed    = 20240610 // gives 上海静安便民超市, the example of docs/simulator.md
	defaultJournal = 300
	maxJournal     = 200000
	defaultBaud    = 115200
	maxBaud        = 4000000
)

// model is a terminal model the simulator can be: portable ones run on a battery and a mobile
// or Wi-Fi link, countertop ones on mains with a phone line or Ethernet.
type model struct {
	name     string
	snPrefix string
	snDigits int
	fw       string
	battery  bool
	keys     []string
}

var (
	modelPortable = model{"PAX S920", "082", 7, "V3.12.08", true,
		[]string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "ENTER", "CANCEL", "CLEAR", "FUNC", "MENU", "UP", "DOWN", "ALPHA", "DOT"}}
	modelCountertop = model{"Ingenico iCT250", "1410", 8, "TETRA 12.4.2", false,
		[]string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "ENTER", "CANCEL", "CLEAR", "FUNC", "DOT", "UP", "DOWN", "F1", "F2", "F3", "F4"}}
)

func modelFor(comm string) model {
	if comm == "PSTN" || comm == "ETH" {
		return modelCountertop
	}
	return modelPortable
}

// merchant is a shop the terminal may belong to: its name as the acquirer registered it, the
// UnionPay area code and merchant category code that make up its MID.
type merchant struct{ name, area, mcc string }

var merchants = []merchant{
	{"上海静安便民超市", "2900", "5411"},
	{"北京朝阳鑫源百货商店", "1000", "5311"},
	{"广州天河美佳便利店", "5810", "5499"},
	{"杭州西湖知味小馆", "3310", "5812"},
	{"成都锦江蜀香川菜馆", "6510", "5812"},
	{"深圳南山康宁大药房", "5840", "5912"},
	{"南京鼓楼金陵书店", "3010", "5942"},
	{"武汉江汉汇丰五金店", "5210", "5251"},
}

// identity is what never changes while the terminal runs.
type identity struct {
	model  model
	sn     string
	tid    string
	mid    string
	mname  string
	comm   string
	tmkIdx int
}

// state is what the terminal's commands read and change. Guarded by Terminal.mu.
type state struct {
	batch, trace int
	signed       bool
	lastSignOn   time.Time
	lastSettle   time.Time
	paperCM      int // paper left on the roll
	coverOpen    bool
	batt         int // percent; portable models only
	tempC        int // print head temperature
	tmk          []byte
	pik, mak     []byte
	tdk          []byte
	pending      int
	offline      int
	events       []event
}

// Terminal is one simulated terminal: identity, state, journal and the acquirer host behind
// it. Create it with New; run it on a line with Serve (one line at a time); change its faults
// with SetFaults, also while it serves. All methods are safe for concurrent use.
type Terminal struct {
	cfg   Config
	speed float64
	baud  int
	now   func() time.Time
	id    identity
	host  *acquirer
	jr    journal // immutable after New

	// faults is the fault set in force: immutable, replaced whole by SetFaults (with mu
	// held, together with the state it changes), read by anyone with fs.
	faults atomic.Pointer[faultSet]
	// line is the faulty line the running Serve reads and writes, nil when none: SetFaults
	// hands it the new line faults. Stored and cleared with mu held.
	line atomic.Pointer[faultyLine]

	modelled  atomic.Int64 // nanoseconds spent in modelled delays
	serving   atomic.Bool
	serves    atomic.Int64
	lineCount lineCounters
	// lineFailed, when set (before Serve), runs when a frame went unACKed through all
	// resends: OpenPTY uses it to discard what no client will read.
	lineFailed atomic.Pointer[func()]

	mu    sync.Mutex
	rng   *rand.Rand // runtime randomness (delays, signal, temperatures)
	st    state
	slips []Slip        // the last slips printed, oldest first
	pages map[int][]int // JL page starts by first record index
}

// New validates cfg and builds the terminal: identity, journal, event log and keys come from
// the seed, so two terminals with the same Config are the same terminal.
func New(cfg Config) (*Terminal, error) {
	speed := cfg.Speed
	switch {
	case math.IsNaN(speed) || math.IsInf(speed, 0) || speed < 0:
		return nil, configError(msgSpeed, map[string]any{"Speed": fmt.Sprint(cfg.Speed)})
	case speed == 0:
		speed = 1
	}
	n := cfg.Journal
	switch {
	case n < 0 || n > maxJournal:
		return nil, configError(msgJournalSize, map[string]any{"N": n, "Max": maxJournal, "Default": defaultJournal})
	case n == 0:
		n = defaultJournal
	}
	baud := cfg.Baud
	switch {
	case baud < 0 || baud > maxBaud:
		return nil, configError(msgBaud, map[string]any{"Baud": baud})
	case baud == 0:
		baud = defaultBaud
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	f, err := buildFaults(cfg.Faults)
	if err != nil {
		return nil, err
	}
	m := modelFor(f.comm)
	if err := checkKeys(m, &f); err != nil {
		return nil, err
	}
	seed := cfg.Seed
	if seed == 0 {
		seed = defaultSeed
	}
	gen := rand.New(rand.NewPCG(uint64(seed), 1))
	t := &Terminal{
		cfg:   cfg,
		speed: speed,
		baud:  baud,
		now:   now,
		rng:   rand.New(rand.NewPCG(uint64(seed), 2)),
		pages: map[int][]int{},
	}
	t.faults.Store(&f)
	t.id = newIdentity(gen, m, f.comm)
	h := generateHistory(gen, t.clock(), n, &f)
	// the state and the keys come from a stream of their own: the history above draws as many
	// numbers as the days since its start ask for, and the keys must not change with the date
	kit := rand.New(rand.NewPCG(uint64(seed), 4))
	t.jr = h.journal
	t.st = state{
		batch:      h.batch,
		trace:      h.trace,
		signed:     !f.has("not-signed-on"),
		lastSignOn: h.lastSignOn,
		lastSettle: h.lastSettle,
		paperCM:    newRoll(kit),
		tempC:      29 + kit.IntN(4),
		pending:    h.pending,
		events:     h.events,
	}
	if m.battery {
		t.st.batt = charged(kit)
	}
	switch {
	case f.has("paper-out"):
		t.st.paperCM = 0
	case f.has("paper-low"):
		t.st.paperCM = paperLowRoll
	}
	t.st.coverOpen = f.has("cover-open")
	if f.has("low-voltage") && m.battery {
		t.st.batt = flat(kit)
	}
	tmk := newKey(kit)
	pik, mak, tdk := newKey(kit), newKey(kit), newKey(kit)
	if !f.has("tmk-missing") {
		t.st.tmk, t.st.pik, t.st.mak, t.st.tdk = tmk, pik, mak, tdk
	}
	host := &acquirer{
		rng:    rand.New(rand.NewPCG(uint64(seed), 3)),
		now:    now,
		tid:    t.id.tid,
		mid:    t.id.mid,
		active: !f.has("invalid-merchant"),
		tmk:    tmk,
		mak:    mak,
		termID: t.id.tid,
		term:   tmk,
	}
	if f.has("key-mismatch") {
		host.tmk = newKey(kit) // the host holds the TMK of another index
	}
	if f.has("mac-error") {
		host.mak = newKey(kit) // another terminal sharing the TID signed on with its keys
	}
	if f.has("terminal-unknown") {
		host.tid = otherTID(t.id.tid, kit)
	}
	t.host = host
	return t, nil
}

// checkKeys refuses stuck and dead keys the model does not have.
func checkKeys(m model, f *faultSet) error {
	for _, k := range append(append([]string(nil), f.stuck...), keysOf(f.dead)...) {
		if !contains(m.keys, k) {
			return configError(msgModelNoKey, map[string]any{"Model": m.name, "Comm": f.comm, "Key": k, "Keys": fmt.Sprint(m.keys)})
		}
	}
	return nil
}

func keysOf(m map[string]bool) []string {
	var out []string
	for _, k := range allKeys {
		if m[k] {
			out = append(out, k)
		}
	}
	return out
}

func newIdentity(rng *rand.Rand, m model, comm string) identity {
	mer := merchants[rng.IntN(len(merchants))]
	return identity{
		model:  m,
		sn:     m.snPrefix + digits(rng, m.snDigits),
		tid:    mer.area[:2] + digits(rng, 6),
		mid:    "898" + mer.area + mer.mcc + digits(rng, 4),
		mname:  mer.name,
		comm:   comm,
		tmkIdx: 1 + rng.IntN(20),
	}
}

func digits(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + rng.IntN(10))
	}
	return string(b)
}

func atoiOr(s string, def int) int {
	n := 0
	if s == "" {
		return def
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return def
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// fs is the fault set in force now. An operation takes it once and runs under it, so a
// fault changed meanwhile applies from the next request.
func (t *Terminal) fs() *faultSet { return t.faults.Load() }

// clock is the terminal's own clock: the real clock plus clock-drift.
func (t *Terminal) clock() time.Time { return t.now().Add(t.fs().drift) }

// ModelledDelay is the total time the terminal has spent in its modelled delays (printing,
// dialling, signing on, key presses, ...) as actually slept, after Speed scaling. A
// benchmark compares a host's wall time against it to measure the host's own overhead.
func (t *Terminal) ModelledDelay() time.Duration { return time.Duration(t.modelled.Load()) }

// LineStats says what the line faults have done so far.
func (t *Terminal) LineStats() LineStats {
	c := &t.lineCount
	return LineStats{Corrupted: c.corrupted.Load(), Dropped: c.dropped.Load(), LostACKs: c.lostACKs.Load(), Stalled: c.stalled.Load()}
}

// Faults returns the faults the terminal runs with now, normalised.
func (t *Terminal) Faults() []Fault { return append([]Fault(nil), t.fs().applied...) }

// Comm is the terminal's host-link mode: PSTN, GPRS, 4G, WIFI or ETH.
func (t *Terminal) Comm() string { return t.id.comm }

// Model is the terminal's model name, as ST reports it.
func (t *Terminal) Model() string { return t.id.model.name }

// Keys is the terminal's key set, as ST reports it.
func (t *Terminal) Keys() []string { return append([]string(nil), t.id.model.keys...) }

// JournalLen is how many records the journal holds.
func (t *Terminal) JournalLen() int { return len(t.jr.records) }

func (t *Terminal) scale(d time.Duration) time.Duration {
	return time.Duration(float64(d) / t.speed)
}

// useTrace takes the next system trace audit number for a host message (§5 TRACE).
// Called with t.mu held.
func (t *Terminal) useTrace() int {
	t.st.trace = t.st.trace%999999 + 1
	return t.st.trace
}

// addEvent appends to the event log (§5 EL). Called with t.mu held.
func (t *Terminal) addEvent(code, text string) event {
	e := event{at: t.clock(), code: code, text: text}
	t.st.events = append(t.st.events, e)
	return e
}

// intIn returns a random whole number in [lo, hi].
func (t *Terminal) intIn(lo, hi int) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	if hi <= lo {
		return lo
	}
	return lo + t.rng.IntN(hi-lo+1)
}

// between returns a random duration in [lo, hi].
func (t *Terminal) between(lo, hi time.Duration) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	if hi <= lo {
		return lo
	}
	return lo + time.Duration(t.rng.Int64N(int64(hi-lo)+1))
}
