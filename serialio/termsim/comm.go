package termsim

import (
	"context"
	"strconv"
	"time"

	"posdoctor/serialio"
)

// linkCheck is what the terminal learnt bringing up its own host link (§5 CT fields).
type linkCheck struct {
	rc                               string // "" when the host connection is up
	dialtone, line, signal, sim, reg string
	host                             string
}

// dial models the terminal bringing up its link to the acquirer: dial tone and dialling on
// PSTN, SIM, signal and registration on GPRS/4G, association on Wi-Fi, then the connection to
// the host. The error is ctx's only.
func (t *Terminal) dial(ctx context.Context, f *faultSet) (linkCheck, error) {
	lc := linkCheck{dialtone: "NA", line: "NA", signal: "NA", sim: "NA", reg: "NA"}
	ms := time.Millisecond
	switch t.id.comm {
	case "PSTN":
		if err := t.pause(ctx, t.between(400*ms, 600*ms)); err != nil {
			return lc, err
		}
		if f.has("no-dialtone") {
			lc.dialtone, lc.rc = "N", rcNoDialTone
			return lc, t.pause(ctx, 800*ms)
		}
		lc.dialtone = "Y"
		if err := t.pause(ctx, t.between(1000*ms, 1400*ms)); err != nil {
			return lc, err
		}
		if f.has("line-busy") {
			lc.line, lc.rc = "BUSY", rcLineBusy
			return lc, nil
		}
		lc.line = "FREE"
	case "GPRS", "4G":
		if err := t.pause(ctx, t.between(200*ms, 300*ms)); err != nil {
			return lc, err
		}
		if f.has("no-sim") {
			lc.sim, lc.reg, lc.signal, lc.rc = "ABSENT", "N", "99", rcNoSIM
			return lc, nil
		}
		lc.sim = "READY"
		if f.has("no-signal") {
			lc.signal, lc.reg, lc.rc = "99", "N", rcNoNetwork
			return lc, t.pause(ctx, 1200*ms)
		}
		lo, hi := 18, 27
		if t.id.comm == "GPRS" {
			lo, hi = 14, 24
		}
		setup := t.between(600*ms, 900*ms)
		if f.has("weak-signal") {
			lo, hi = 5, 8
			setup += 500 * ms
		}
		lc.signal = strconv.Itoa(t.intIn(lo, hi))
		lc.reg = "Y"
		if err := t.pause(ctx, setup); err != nil {
			return lc, err
		}
	case "WIFI":
		lc.reg = "Y"
		if err := t.pause(ctx, t.between(900*ms, 1200*ms)); err != nil {
			return lc, err
		}
	default: // ETH
		if err := t.pause(ctx, t.between(900*ms, 1100*ms)); err != nil {
			return lc, err
		}
	}
	if err := t.pause(ctx, t.between(100*ms, 200*ms)); err != nil { // TCP connect to the host
		return lc, err
	}
	if f.has("host-refused") {
		lc.host, lc.rc = "REFUSED", rcHostRefused
	}
	return lc, nil
}

// rtt is one host round trip for the comm mode, as the terminal would measure it.
func (t *Terminal) rtt(f *faultSet) time.Duration {
	ms := time.Millisecond
	var d time.Duration
	switch t.id.comm {
	case "PSTN":
		d = t.between(400*ms, 800*ms)
	case "GPRS":
		d = t.between(400*ms, 900*ms)
	case "4G":
		d = t.between(60*ms, 200*ms)
	case "WIFI":
		d = t.between(30*ms, 120*ms)
	default:
		d = t.between(20*ms, 60*ms)
	}
	if f.has("weak-signal") {
		d *= 3
	}
	return d
}

// commTest answers CT (§5): the terminal tries its own host link. Reaching the host uses a
// trace number; a host that never answers costs the full host wait.
func (s *conn) commTest(ctx context.Context, req serialio.Message) serialio.Message {
	t := s.t
	f := t.fs()
	lc, err := t.dial(ctx, f)
	if err != nil {
		return reply(req, rcBusy)
	}
	rtt := ""
	if lc.rc == "" {
		t.mu.Lock()
		t.useTrace()
		t.mu.Unlock()
		if f.has("host-timeout") {
			lc.host, lc.rc = "TIMEOUT", rcHostTimeout
			if t.pause(ctx, hostWait) != nil {
				return reply(req, rcBusy)
			}
		} else {
			d := t.rtt(f)
			if t.pause(ctx, d) != nil {
				return reply(req, rcBusy)
			}
			lc.host, rtt = "OK", strconv.Itoa(int(d/time.Millisecond))
		}
	}
	rc := lc.rc
	if rc == "" {
		rc = rcOK
	} else {
		s.failure(rc)
	}
	return reply(req, rc, "MODE", t.id.comm, "DIALTONE", lc.dialtone, "LINE", lc.line, "SIGNAL", lc.signal,
		"SIM", lc.sim, "REG", lc.reg, "HOST", lc.host, "RTT", rtt)
}
