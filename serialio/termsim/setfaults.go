package termsim

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// historyFaults shaped the journal and the event log when the terminal was made: they are
// its past, and cannot be added or cleared while it runs — but for clearing unsettled, which
// is a settlement: the batch closes now.
var historyFaults = []string{"pending-reversal", "duplicate-sale", "unsettled"}

// ClearableWhileServing reports whether SetFaults can clear fault name from a running terminal:
// every fault but the journal's past (pending-reversal, duplicate-sale). Clearing unsettled
// is a settlement: the batch closes. A drill's effects may only clear these.
func ClearableWhileServing(name string) bool {
	return name == "unsettled" || !slices.Contains(historyFaults, name)
}

// Paper rolls and batteries as SetFaults leaves them (New draws the same ranges).
const paperLowRoll = 90 // cm: under paperLowCM, enough for about ten slips

func newRoll(rng *rand.Rand) int { return 800 + rng.IntN(1000) } // cm of a fresh roll
func charged(rng *rand.Rand) int { return 55 + rng.IntN(41) }    // percent
func flat(rng *rand.Rand) int    { return 4 + rng.IntN(4) }      // percent, too low to print

// otherTID is a TID the host may hold for another terminal: near tid, never tid.
func otherTID(tid string, rng *rand.Rand) string {
	return fmt.Sprintf("%08d", (atoiOr(tid, 0)+1+rng.IntN(999))%100000000)
}

// SetFaults replaces the faults the terminal runs with, also while it serves: a drill clears
// a fault when the trainee fixes it, and the terminal behaves accordingly without a
// reconnect. The list is validated as New validates Config.Faults (a *ConfigError, nothing
// changed, when it is refused) and must keep the terminal's identity: comm, and any fault
// that implies another host link, cannot change, nor can the faults the journal was written
// with (pending-reversal, duplicate-sale, unsettled). A comm fault may be left out; the
// terminal keeps its own.
//
// What a change does (docs/simulator.md, "Faults that change while the terminal serves"):
// state a fault set at New is set or undone at once (paper, cover, battery, keys, sign-on);
// the acquirer host's record changes for the next 0800 it receives; a request already
// running finishes under the faults it started with, the next one meets the new ones; line
// faults apply to the next bytes. Safe for concurrent use with Serve and every other method.
func (t *Terminal) SetFaults(faults []Fault) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.setFaults(faults)
}

// AddFault adds one fault to those in force, as SetFaults would.
func (t *Terminal) AddFault(f Fault) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.setFaults(append(slices.Clone(t.fs().applied), f))
}

// ClearFault removes the faults in force called f.Name: with a Value only that one (one
// stuck key of several), without one every fault of that name. Clearing a fault that is not
// in force changes nothing. The rest is as SetFaults.
func (t *Terminal) ClearFault(f Fault) error {
	name, value := strings.ToLower(strings.TrimSpace(f.Name)), strings.TrimSpace(f.Value)
	t.mu.Lock()
	defer t.mu.Unlock()
	keep := slices.DeleteFunc(slices.Clone(t.fs().applied), func(a Fault) bool {
		return a.Name == name && (value == "" || strings.EqualFold(a.Value, value))
	})
	return t.setFaults(keep)
}

// setFaults is SetFaults with t.mu held.
func (t *Terminal) setFaults(faults []Fault) error {
	old := t.fs()
	nf, err := t.runtimeFaults(faults)
	if err != nil {
		return err
	}
	for _, name := range historyFaults {
		if old.has(name) && !nf.has(name) && ClearableWhileServing(name) {
			continue
		}
		if old.has(name) != nf.has(name) {
			key := msgHistoryCleared
			if nf.has(name) {
				key = msgHistoryAdded
			}
			return configError(key, map[string]any{"Fault": name})
		}
	}
	if err := checkKeys(t.id.model, nf); err != nil {
		return err
	}
	t.changeState(old, nf)
	t.host.setFaults(old, nf, t.st.mak)
	t.faults.Store(nf)
	if l := t.line.Load(); l != nil {
		l.setFaults(nf.line)
	}
	return nil
}

// runtimeFaults validates faults for a running terminal: as buildFaults, with the comm mode
// the terminal has.
func (t *Terminal) runtimeFaults(faults []Fault) (*faultSet, error) {
	comm := t.id.comm
	nf, err := buildFaults(faults)
	if err != nil {
		return nil, err
	}
	if nf.comm == comm {
		return &nf, nil
	}
	if slices.ContainsFunc(nf.applied, func(f Fault) bool { return f.Name == "comm" }) {
		return nil, configError(msgCommFixed, map[string]any{"Comm": nf.comm, "Link": comm})
	}
	// another fault implies a host link (no-dialtone: PSTN), or none does and buildFaults
	// took the default: try again with the terminal's own
	withComm, err := buildFaults(append(slices.Clone(faults), Fault{Name: "comm", Value: comm}))
	if err != nil {
		if !errors.Is(err, ErrConfig) {
			return nil, err
		}
		culprit := firstOn(nf.on, "no-dialtone", "line-busy")
		if culprit == "" || comm == "PSTN" {
			culprit = firstOn(nf.on, "no-sim", "no-signal", "weak-signal")
		}
		return nil, configError(msgNeedsLink, map[string]any{"Fault": culprit, "Comm": nf.comm, "Link": comm})
	}
	withComm.applied = withComm.applied[:len(withComm.applied)-1] // the terminal's comm was not given
	return &withComm, nil
}

// changeState sets or undoes what the faults set in the terminal's state at New. Called with
// t.mu held. Faults read when a request runs (printer, comm, keypad, clock) need nothing here.
func (t *Terminal) changeState(old, nf *faultSet) {
	added := func(n string) bool { return nf.has(n) && !old.has(n) }
	cleared := func(n string) bool { return old.has(n) && !nf.has(n) }
	switch {
	case added("paper-out"):
		t.st.paperCM = 0
	case added("paper-low"):
		t.st.paperCM = paperLowRoll
	case (cleared("paper-out") || cleared("paper-low")) && !nf.has("paper-out") && !nf.has("paper-low"):
		t.st.paperCM = newRoll(t.rng) // a new roll goes in
	}
	if added("cover-open") || cleared("cover-open") {
		t.st.coverOpen = nf.has("cover-open")
	}
	if t.id.model.battery {
		switch {
		case added("low-voltage"):
			t.st.batt = flat(t.rng)
		case cleared("low-voltage"):
			t.st.batt = charged(t.rng) // charged, or a fresh battery
		}
	}
	switch {
	case added("tmk-missing"): // a tamper response erases every key
		t.st.tmk, t.st.pik, t.st.mak, t.st.tdk = nil, nil, nil, nil
	case cleared("tmk-missing"): // the TMK is loaded again; working keys wait for a sign-on
		t.st.tmk = slices.Clone(t.host.term)
	}
	if cleared("unsettled") { // a settlement (日终结算): the batch closes, nothing is pending
		t.st.lastSettle = t.clock()
		t.st.pending, t.st.offline = 0, 0
		t.st.batch = t.st.batch%999999 + 1
	}
	if added("not-signed-on") {
		t.st.signed = false // clearing it signs nothing on: that takes an SO
	}
}

// setFaults changes the host's record of the terminal for the host-side faults, from the
// next 0800 on. termMAK is the MAC key the terminal holds now: a host whose MAK was out of
// step (mac-error) is back in step with it.
func (h *acquirer) setFaults(old, nf *faultSet, termMAK []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	changed := func(n string) bool { return old.has(n) != nf.has(n) }
	if changed("key-mismatch") {
		h.tmk = h.term
		if nf.has("key-mismatch") {
			h.tmk = newKey(h.rng) // the host holds the TMK of another index
		}
	}
	if changed("mac-error") {
		h.mak, h.issued = termMAK, nil
		if nf.has("mac-error") {
			h.mak = newKey(h.rng)
		}
	}
	h.active = !nf.has("invalid-merchant")
	if changed("terminal-unknown") {
		h.tid = h.termID
		if nf.has("terminal-unknown") {
			h.tid = otherTID(h.termID, h.rng)
		}
	}
}
