package termsim

import (
	"context"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"posdoctor/serialio"
)

// signOn answers SO (§6): build and MAC an 0800, exchange it with the acquirer, check each
// working key's check value after decrypting it under the TMK, and install the keys only
// when all match.
func (s *conn) signOn(ctx context.Context, req serialio.Message, oper string) serialio.Message {
	t := s.t
	answer := func(rc, keychk, hostTime string) serialio.Message {
		if rc != rcOK {
			s.failure(rc)
		}
		t.mu.Lock()
		defer t.mu.Unlock()
		return reply(req, rc, "BATCH", fmt.Sprintf("%06d", t.st.batch), "PIK", checkHex(t.st.pik),
			"MAK", checkHex(t.st.mak), "TDK", checkHex(t.st.tdk), "KEYCHK", keychk, "HOSTTIME", hostTime)
	}
	if t.pause(ctx, delayPrepare) != nil {
		return reply(req, rcBusy)
	}
	f := t.fs()
	t.mu.Lock()
	tmk := t.st.tmk
	t.mu.Unlock()
	if tmk == nil {
		return answer(rcNoTMK, "", "")
	}
	lc, err := t.dial(ctx, f)
	if err != nil {
		return reply(req, rcBusy)
	}
	if lc.rc != "" {
		return answer(lc.rc, "", "")
	}
	t.mu.Lock()
	trace, batch, mak := t.useTrace(), t.st.batch, t.st.mak
	t.mu.Unlock()
	msg, err := buildSignOn(t.id.tid, t.id.mid, trace, batch, oper, mak)
	if err != nil {
		return answer(rcBadField, "", "")
	}
	rtt := t.rtt(f)
	if t.pause(ctx, rtt/2) != nil {
		return reply(req, rcBusy)
	}
	var resp []byte
	if !f.has("host-timeout") {
		resp = t.host.exchange(msg)
	}
	if resp == nil { // nothing came back: wait the host timeout out
		if t.pause(ctx, hostWait) != nil {
			return reply(req, rcBusy)
		}
		return answer(rcHostTimeout, "", "")
	}
	if t.pause(ctx, rtt/2+t.between(300*time.Millisecond, 600*time.Millisecond)) != nil {
		return reply(req, rcBusy)
	}
	in, err := unpackISO(resp)
	if err != nil || in.mti != "0810" {
		return answer(rcHostTimeout, "", "")
	}
	hostTime := hostTimeOf(in, t.clock())
	rc, _ := in.get(39)
	if rc != rcOK {
		if len(rc) != 2 {
			rc = rcHostTimeout
		}
		return answer(rc, "", hostTime)
	}
	f62, _ := in.get(62)
	keys, ok := openKeys(tmk, []byte(f62))
	if !ok {
		// the old keys stay; the answer carries the check values the host sent, which the
		// keys decrypted under this TMK do not match (what a technician compares)
		s.failure(rcKeyCheck)
		got := receivedChecks([]byte(f62))
		t.mu.Lock()
		defer t.mu.Unlock()
		return reply(req, rcKeyCheck, "BATCH", fmt.Sprintf("%06d", t.st.batch), "PIK", got[0],
			"MAK", got[1], "TDK", got[2], "KEYCHK", "FAIL", "HOSTTIME", hostTime)
	}
	if t.pause(ctx, delayKeyLoad) != nil {
		return reply(req, rcBusy)
	}
	t.mu.Lock()
	t.st.pik, t.st.mak, t.st.tdk = keys[0], keys[1], keys[2]
	t.st.signed = true
	t.st.lastSignOn = t.clock()
	if f60, _ := in.get(60); len(f60) >= 8 {
		t.st.batch = atoiOr(f60[2:8], t.st.batch) // the host assigns the batch (§5 BATCH)
	}
	t.addEvent(rcOK, "签到成功")
	t.mu.Unlock()
	return answer(rcOK, "OK", hostTime)
}

// buildSignOn packs the 0800 of §6 and, when the terminal holds a MAK, MACs it in field 64.
func buildSignOn(tid, mid string, trace, batch int, oper string, mak []byte) ([]byte, error) {
	m := newISO("0800").
		set(11, fmt.Sprintf("%06d", trace)).
		set(41, tid).
		set(42, mid).
		set(60, "00"+fmt.Sprintf("%06d", batch)+netDoubleTDK).
		set(63, oper)
	if mak != nil {
		m.set(64, string(make([]byte, 8)))
	}
	b, err := packISO(m)
	if err != nil || mak == nil {
		return b, err
	}
	mac, err := retailMAC(mak, b[:len(b)-8])
	if err != nil {
		return nil, err
	}
	copy(b[len(b)-8:], mac)
	return b, nil
}

// openKeys decrypts the three working keys of field 62 (network code 004: PIK, MAK, TDK, each
// 16 bytes under the TMK followed by a 4-byte check value) and checks every check value. It
// returns false on any mismatch or a malformed field: then no key may be used.
func openKeys(tmk, f62 []byte) ([3][]byte, bool) {
	var keys [3][]byte
	const each = keyLen + 4
	if len(f62) != 3*each {
		return keys, false
	}
	for i := range keys {
		part := f62[i*each : (i+1)*each]
		k, err := ecb(tmk, part[:keyLen], true)
		if err != nil || !sameBytes(checkValue(k), part[keyLen:]) {
			return keys, false
		}
		keys[i] = k
	}
	return keys, true
}

// receivedChecks are the check values field 62 carries for PIK, MAK and TDK, in hex; empty
// where the field is too short to hold one.
func receivedChecks(f62 []byte) [3]string {
	var out [3]string
	const each = keyLen + 4
	for i := range out {
		if end := (i + 1) * each; end <= len(f62) {
			out[i] = strings.ToUpper(hex.EncodeToString(f62[end-4 : end]))
		}
	}
	return out
}

// hostTimeOf reads the host's time from fields 12 (hhmmss) and 13 (MMDD), taking the year
// that puts it nearest the terminal's clock.
func hostTimeOf(m *isoMessage, clock time.Time) string {
	hms, ok12 := m.get(12)
	md, ok13 := m.get(13)
	if !ok12 || !ok13 {
		return ""
	}
	best := time.Time{}
	for _, y := range []int{clock.Year() - 1, clock.Year(), clock.Year() + 1} {
		c, err := time.ParseInLocation("2006"+"0102"+"150405", strconv.Itoa(y)+md+hms, clock.Location())
		if err != nil {
			continue
		}
		if best.IsZero() || absDur(c.Sub(clock)) < absDur(best.Sub(clock)) {
			best = c
		}
	}
	return stamp(best)
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
