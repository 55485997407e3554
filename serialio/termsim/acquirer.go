package termsim

import (
	"math/rand/v2"
	"sync"
	"time"
)

// acquirer is the simulated acquirer host behind the terminal (PROTOCOL.md §6). It keeps its
// own record of the terminal — TID, MID, whether the merchant is active, the TMK it shares
// with the terminal and the MAC key it knows the terminal uses — and answers a sign-on 0800
// with an 0810 from that record alone. Faults change the record (another TMK, an unknown TID,
// a MAK out of step), never the logic, so every result code is really produced.
type acquirer struct {
	mu     sync.Mutex
	rng    *rand.Rand
	now    func() time.Time
	tid    string
	mid    string
	active bool
	tmk    []byte
	// mak is the MAC key the terminal is known to use; issued is the MAK sent at the last
	// sign-on and not yet seen in use. A host accepts either until the new one shows up, so a
	// terminal that kept its old keys (K2) can sign on again.
	mak, issued []byte
	// termID and term are the terminal's real TID and TMK: what the record holds again when
	// a fault that falsified it is cleared (SetFaults).
	termID string
	term   []byte
}

// Network-management codes of field 60.3 (§6).
const (
	netSingle    = "001"
	netDouble    = "003"
	netDoubleTDK = "004"
)

// exchange answers one request message. It returns nil for bytes it cannot parse or a
// message it does not serve: a real host drops those and the terminal times out.
func (h *acquirer) exchange(req []byte) []byte {
	in, err := unpackISO(req)
	if err != nil || in.mti != "0800" {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	out := newISO("0810")
	for _, n := range []int{11, 41, 42, 60} {
		if v, ok := in.get(n); ok {
			out.set(n, v)
		}
	}
	now := h.now()
	out.set(12, now.Format("150405")).set(13, now.Format("0102"))
	rc, keys := h.signOn(in, req)
	out.set(39, rc)
	if keys != "" {
		out.set(62, keys)
	}
	b, err := packISO(out)
	if err != nil {
		return nil
	}
	return b
}

// signOn decides field 39 and, on 00, builds field 62: each working key encrypted under the
// TMK followed by its 4-byte check value. Called with h.mu held.
func (h *acquirer) signOn(in *isoMessage, raw []byte) (rc, field62 string) {
	trace, ok11 := in.get(11)
	f60, ok60 := in.get(60)
	if !ok11 || trace == "" || !ok60 || len(f60) < 11 {
		return rcFormatError, ""
	}
	if tid, _ := in.get(41); tid != h.tid {
		return rcUnknownTerminal, ""
	}
	if mid, _ := in.get(42); mid != h.mid || !h.active {
		return rcInvalidMerchant, ""
	}
	if mac, ok := in.get(64); ok {
		body := raw[:len(raw)-8]
		switch {
		case h.macMatches(h.mak, body, mac):
		case h.issued != nil && h.macMatches(h.issued, body, mac):
			h.mak, h.issued = h.issued, nil
		default:
			return rcMACError, "" // MAC key out of step
		}
	}
	count := 0
	switch f60[8:11] {
	case netDouble:
		count = 2
	case netDoubleTDK:
		count = 3
	default:
		return rcNotSupported, "" // this host issues double-length keys only
	}
	var out []byte
	var mak []byte
	for i := 0; i < count; i++ {
		k := newKey(h.rng)
		enc, err := ecb(h.tmk, k, false)
		if err != nil {
			return rcSystemError, ""
		}
		out = append(out, enc...)
		out = append(out, checkValue(k)...)
		if i == 1 {
			mak = k
		}
	}
	h.issued = mak
	return rcOK, string(out)
}

func (h *acquirer) macMatches(key, body []byte, mac string) bool {
	if key == nil {
		return false
	}
	want, err := retailMAC(key, body)
	return err == nil && sameBytes(want, []byte(mac))
}
