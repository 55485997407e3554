package termsim

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"posdoctor/serialio"
)

// printSlip answers PT (§5): sensor checks, then about 2 s of printing that uses paper. The
// first failing check gives the RC: cover (P2), paper (P1), supply voltage (P4), head
// temperature (P3), mechanism (P5).
func (s *conn) printSlip(ctx context.Context, req serialio.Message) serialio.Message {
	t := s.t
	f := t.fs()
	if t.pause(ctx, delaySensors) != nil {
		return reply(req, rcBusy)
	}
	t.mu.Lock()
	paperCM, coverOpen, temp := t.st.paperCM, t.st.coverOpen, t.st.tempC
	t.mu.Unlock()
	rc := ""
	switch {
	case coverOpen:
		rc = rcCoverOpen
	case paperCM <= 0:
		rc = rcNoPaper
	case f.has("low-voltage"):
		rc = rcLowVoltage
	case f.has("printer-overheat"):
		rc = rcOverheat
		temp = overheatLimitC + t.intIn(6, 9)
	case f.has("printer-fault"):
		rc = rcPrinterFault
		if t.pause(ctx, delayJam) != nil {
			return reply(req, rcBusy)
		}
	}
	if rc == "" {
		d := delayPrint
		if paperCM < slipCM { // the roll runs out mid-slip
			d = delayPrint * time.Duration(paperCM) / slipCM
			rc = rcNoPaper
		}
		if t.pause(ctx, d) != nil {
			return reply(req, rcBusy)
		}
		temp += t.intIn(8, 11)
		t.mu.Lock()
		t.st.paperCM = max(paperCM-slipCM, 0)
		t.mu.Unlock()
	}
	if rc != "" {
		s.failure(rc)
	} else {
		rc = rcOK
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if rc == rcOK {
		text, _ := req.Get("TEXT")
		t.printed(text)
	}
	return reply(req, rc, "PAPER", t.paper(), "COVER", t.cover(), "TEMP", strconv.Itoa(temp), "VOLT", strconv.Itoa(t.volt(f)))
}

// volt is the printer supply in mV: a 2-cell battery on portables, a mains adapter on
// countertop models; low-voltage puts it under what the print head needs.
func (t *Terminal) volt(f *faultSet) int {
	jitter := t.rng.IntN(40)
	low := f.has("low-voltage")
	switch {
	case t.id.model.battery && low:
		return 6400 + jitter*5
	case t.id.model.battery:
		return 6800 + t.st.batt*14 + jitter
	case low:
		return 9600 + jitter*5
	}
	return 11900 + jitter*5
}

// Slip is a slip the terminal printed: when (terminal clock) and its text, the stamp first.
type Slip struct {
	Time time.Time
	Text string
}

// maxSlips is how many printed slips the terminal remembers.
const maxSlips = 20

// printed remembers a slip. Called with mu held.
func (t *Terminal) printed(text string) {
	if t.cfg.SlipStamp != "" {
		text = strings.TrimSpace(t.cfg.SlipStamp + " " + text)
	}
	t.slips = append(t.slips, Slip{Time: t.clock(), Text: text})
	if len(t.slips) > maxSlips {
		t.slips = slices.Delete(t.slips, 0, len(t.slips)-maxSlips)
	}
}

// Slips returns the last slips printed, oldest first.
func (t *Terminal) Slips() []Slip {
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Clone(t.slips)
}

// Training reports whether the terminal is a drill's (its slips are stamped).
func (t *Terminal) Training() bool { return t.cfg.SlipStamp != "" }
