package termsim

import (
	"context"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"posdoctor/serialio"
)

// Modelled delays (at Speed 1). docs/simulator.md lists them.
const (
	delayStatus    = 20 * time.Millisecond
	delayKeys      = 15 * time.Millisecond
	delayEcho      = 3 * time.Millisecond
	delayPage      = 1 * time.Millisecond // flash read; kept tiny so journal download runs at line rate
	delaySensors   = 60 * time.Millisecond
	delayPrint     = 2 * time.Second
	delayJam       = 600 * time.Millisecond
	delayPrepare   = 80 * time.Millisecond
	delayKeyLoad   = 50 * time.Millisecond
	hostWait       = 15 * time.Second // how long the terminal waits for its host before H3
	slipCM         = 8                // paper a test slip uses
	paperLowCM     = 150              // under this much paper ST says LOW
	overheatLimitC = 65
)

// pause sleeps for the modelled delay d, scaled by Speed, and adds the time actually slept to
// ModelledDelay. It returns ctx's error if ctx ends first.
func (t *Terminal) pause(ctx context.Context, d time.Duration) error {
	d = t.scale(d)
	if d <= 0 {
		return ctx.Err()
	}
	start := time.Now()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		t.modelled.Add(int64(time.Since(start)))
		return nil
	case <-ctx.Done():
		t.modelled.Add(int64(time.Since(start)))
		return ctx.Err()
	}
}

type operation func(ctx context.Context) serialio.Message

func allDigits(s string) bool { return s != "" && isDigits(s) }

func validHex(s string) bool {
	if len(s)%2 != 0 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// parsePage reads a PAGE request field: 1 to 99999.
func parsePage(m serialio.Message) (int, bool) {
	v, ok := m.Get("PAGE")
	if !ok || !allDigits(v) || len(v) > 5 {
		return 0, false
	}
	p, _ := strconv.Atoi(v)
	return p, p >= 1
}

// prepare checks a request's fields (§5) and returns the operation that answers it. ok is
// false for a missing or malformed field (E2). A nil operation with ok means prepare has
// answered already (KT, KX). Called with t.mu held, on the reading goroutine: no waiting.
func (s *session) prepare(m serialio.Message) (op operation, ok bool) {
	t := s.t
	switch m.Cmd {
	case "EC":
		data, has := m.Get("DATA")
		if !has || len(data) > 900 || !validHex(data) {
			return nil, false
		}
		return func(ctx context.Context) serialio.Message {
			t.pause(ctx, delayEcho)
			return reply(m, "00", "DATA", data)
		}, true
	case "ST":
		return func(ctx context.Context) serialio.Message {
			t.pause(ctx, delayStatus)
			return t.status(m)
		}, true
	case "KS":
		return func(ctx context.Context) serialio.Message {
			t.pause(ctx, delayKeys)
			return t.keyStatus(m)
		}, true
	case "CT":
		return func(ctx context.Context) serialio.Message { return s.commTest(ctx, m) }, true
	case "PT":
		text, _ := m.Get("TEXT")
		if utf8.RuneCountInString(text) > 64 {
			return nil, false
		}
		return func(ctx context.Context) serialio.Message { return s.printSlip(ctx, m) }, true
	case "SO":
		oper, has := m.Get("OPER")
		if !has || len(oper) != 2 || !allDigits(oper) {
			return nil, false
		}
		return func(ctx context.Context) serialio.Message { return s.signOn(ctx, m, oper) }, true
	case "JL":
		from, has := m.Get("FROM")
		if !has || len(from) != 8 || !allDigits(from) {
			return nil, false
		}
		day, err := time.ParseInLocation("20060102", from, t.clock().Location())
		if err != nil {
			return nil, false
		}
		p, okPage := parsePage(m)
		if !okPage {
			return nil, false
		}
		return func(ctx context.Context) serialio.Message {
			t.pause(ctx, delayPage)
			return t.journalPage(m, day, p)
		}, true
	case "EL":
		p, okPage := parsePage(m)
		if !okPage {
			return nil, false
		}
		return func(ctx context.Context) serialio.Message {
			t.pause(ctx, delayPage)
			return t.eventPage(m, p)
		}, true
	case "KT":
		v, has := m.Get("TIMEOUT")
		if !has || !allDigits(v) || len(v) > 3 {
			return nil, false
		}
		secs, _ := strconv.Atoi(v)
		if secs < 10 || secs > 300 {
			return nil, false
		}
		s.startKeypad(m, time.Duration(secs)*time.Second)
		return nil, true
	case "KX":
		// no keypad test running (handle stops a running one): nothing to end
		s.answer(m, reply(m, "00"))
		return nil, true
	}
	return nil, false
}

func yn(b bool) string {
	if b {
		return "Y"
	}
	return "N"
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(stampLayout)
}

// paper is the PAPER value of §5 for what is left on the roll. Called with t.mu held.
func (t *Terminal) paper() string {
	switch {
	case t.st.paperCM <= 0:
		return "OUT"
	case t.st.paperCM < paperLowCM:
		return "LOW"
	}
	return "OK"
}

func (t *Terminal) cover() string {
	if t.st.coverOpen {
		return "OPEN"
	}
	return "CLOSED"
}

// status answers ST (§5).
func (t *Terminal) status(req serialio.Message) serialio.Message {
	t.mu.Lock()
	defer t.mu.Unlock()
	batt := "NA"
	if t.id.model.battery {
		batt = strconv.Itoa(t.st.batt)
	}
	return reply(req, "00",
		"MODEL", t.id.model.name,
		"SN", t.id.sn,
		"FW", t.id.model.fw,
		"TID", t.id.tid,
		"MID", t.id.mid,
		"MNAME", t.id.mname,
		"BATCH", fmt.Sprintf("%06d", t.st.batch),
		"TRACE", fmt.Sprintf("%06d", t.st.trace),
		"COMM", t.id.comm,
		"SIGNED", yn(t.st.signed),
		"TIME", t.clock().Format(stampLayout),
		"PAPER", t.paper(),
		"COVER", t.cover(),
		"BATT", batt,
		"PENDING", strconv.Itoa(t.st.pending),
		"OFFLINE", strconv.Itoa(t.st.offline),
		"LASTSETTLE", stamp(t.st.lastSettle),
		"KEYS", strings.Join(t.id.model.keys, ","),
		"STUCK", strings.Join(t.f.stuck, ","),
	)
}

// keyStatus answers KS (§5): check values only, never keys.
func (t *Terminal) keyStatus(req serialio.Message) serialio.Message {
	t.mu.Lock()
	defer t.mu.Unlock()
	return reply(req, "00",
		"TMK", yn(t.st.tmk != nil),
		"TMKIDX", strconv.Itoa(t.id.tmkIdx),
		"PIK", checkHex(t.st.pik),
		"MAK", checkHex(t.st.mak),
		"TDK", checkHex(t.st.tdk),
		"LASTSIGNON", stamp(t.st.lastSignOn),
	)
}

// failure logs code in the event log and tells the host at once with an unsolicited EV (§5).
func (s *session) failure(code string) {
	t := s.t
	t.mu.Lock()
	defer t.mu.Unlock()
	e := t.addEvent(code, eventText(code))
	s.unsolicited("EV", "CODE", code, "TEXT", e.text)
}

// linkCheck is what the terminal learnt bringing up its own host link (§5 CT fields).
type linkCheck struct {
	rc                               string // "" when the host connection is up
	dialtone, line, signal, sim, reg string
	host                             string
}

// dial models the terminal bringing up its link to the acquirer: dial tone and dialling on
// PSTN, SIM, signal and registration on GPRS/4G, association on Wi-Fi, then the connection to
// the host. The error is ctx's only.
func (t *Terminal) dial(ctx context.Context) (linkCheck, error) {
	lc := linkCheck{dialtone: "NA", line: "NA", signal: "NA", sim: "NA", reg: "NA"}
	f := &t.f
	ms := time.Millisecond
	switch t.id.comm {
	case "PSTN":
		if err := t.pause(ctx, t.between(400*ms, 600*ms)); err != nil {
			return lc, err
		}
		if f.has("no-dialtone") {
			lc.dialtone, lc.rc = "N", "H1"
			return lc, t.pause(ctx, 800*ms)
		}
		lc.dialtone = "Y"
		if err := t.pause(ctx, t.between(1000*ms, 1400*ms)); err != nil {
			return lc, err
		}
		if f.has("line-busy") {
			lc.line, lc.rc = "BUSY", "H2"
			return lc, nil
		}
		lc.line = "FREE"
	case "GPRS", "4G":
		if err := t.pause(ctx, t.between(200*ms, 300*ms)); err != nil {
			return lc, err
		}
		if f.has("no-sim") {
			lc.sim, lc.reg, lc.signal, lc.rc = "ABSENT", "N", "99", "H4"
			return lc, nil
		}
		lc.sim = "READY"
		if f.has("no-signal") {
			lc.signal, lc.reg, lc.rc = "99", "N", "H5"
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
		lc.host, lc.rc = "REFUSED", "H6"
	}
	return lc, nil
}

// rtt is one host round trip for the comm mode, as the terminal would measure it.
func (t *Terminal) rtt() time.Duration {
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
	if t.f.has("weak-signal") {
		d *= 3
	}
	return d
}

// commTest answers CT (§5): the terminal tries its own host link. Reaching the host uses a
// trace number; a host that never answers costs the full host wait.
func (s *session) commTest(ctx context.Context, req serialio.Message) serialio.Message {
	t := s.t
	lc, err := t.dial(ctx)
	if err != nil {
		return reply(req, "E3")
	}
	rtt := ""
	if lc.rc == "" {
		t.mu.Lock()
		t.useTrace()
		t.mu.Unlock()
		if t.f.has("host-timeout") {
			lc.host, lc.rc = "TIMEOUT", "H3"
			if t.pause(ctx, hostWait) != nil {
				return reply(req, "E3")
			}
		} else {
			d := t.rtt()
			if t.pause(ctx, d) != nil {
				return reply(req, "E3")
			}
			lc.host, rtt = "OK", strconv.Itoa(int(d/time.Millisecond))
		}
	}
	rc := lc.rc
	if rc == "" {
		rc = "00"
	} else {
		s.failure(rc)
	}
	return reply(req, rc, "MODE", t.id.comm, "DIALTONE", lc.dialtone, "LINE", lc.line, "SIGNAL", lc.signal,
		"SIM", lc.sim, "REG", lc.reg, "HOST", lc.host, "RTT", rtt)
}

// printSlip answers PT (§5): sensor checks, then about 2 s of printing that uses paper. The
// first failing check gives the RC: cover (P2), paper (P1), supply voltage (P4), head
// temperature (P3), mechanism (P5).
func (s *session) printSlip(ctx context.Context, req serialio.Message) serialio.Message {
	t := s.t
	if t.pause(ctx, delaySensors) != nil {
		return reply(req, "E3")
	}
	t.mu.Lock()
	paperCM, coverOpen, temp := t.st.paperCM, t.st.coverOpen, t.st.tempC
	t.mu.Unlock()
	rc := ""
	switch {
	case coverOpen:
		rc = "P2"
	case paperCM <= 0:
		rc = "P1"
	case t.f.has("low-voltage"):
		rc = "P4"
	case t.f.has("printer-overheat"):
		rc = "P3"
		temp = overheatLimitC + t.intIn(6, 9)
	case t.f.has("printer-fault"):
		rc = "P5"
		if t.pause(ctx, delayJam) != nil {
			return reply(req, "E3")
		}
	}
	if rc == "" {
		d := delayPrint
		if paperCM < slipCM { // the roll runs out mid-slip
			d = delayPrint * time.Duration(paperCM) / slipCM
			rc = "P1"
		}
		if t.pause(ctx, d) != nil {
			return reply(req, "E3")
		}
		temp += t.intIn(8, 11)
		t.mu.Lock()
		t.st.paperCM = max(paperCM-slipCM, 0)
		t.mu.Unlock()
	}
	if rc != "" {
		s.failure(rc)
	} else {
		rc = "00"
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return reply(req, rc, "PAPER", t.paper(), "COVER", t.cover(), "TEMP", strconv.Itoa(temp), "VOLT", strconv.Itoa(t.volt()))
}

// volt is the printer supply in mV: a 2-cell battery on portables, a mains adapter on
// countertop models; low-voltage puts it under what the print head needs.
func (t *Terminal) volt() int {
	jitter := t.rng.IntN(40)
	low := t.f.has("low-voltage")
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

// signOn answers SO (§6): build and MAC an 0800, exchange it with the acquirer, check each
// working key's check value after decrypting it under the TMK, and install the keys only
// when all match.
func (s *session) signOn(ctx context.Context, req serialio.Message, oper string) serialio.Message {
	t := s.t
	answer := func(rc, keychk, hostTime string) serialio.Message {
		if rc != "00" {
			s.failure(rc)
		}
		t.mu.Lock()
		defer t.mu.Unlock()
		return reply(req, rc, "BATCH", fmt.Sprintf("%06d", t.st.batch), "PIK", checkHex(t.st.pik),
			"MAK", checkHex(t.st.mak), "TDK", checkHex(t.st.tdk), "KEYCHK", keychk, "HOSTTIME", hostTime)
	}
	if t.pause(ctx, delayPrepare) != nil {
		return reply(req, "E3")
	}
	t.mu.Lock()
	tmk := t.st.tmk
	t.mu.Unlock()
	if tmk == nil {
		return answer("K1", "", "")
	}
	lc, err := t.dial(ctx)
	if err != nil {
		return reply(req, "E3")
	}
	if lc.rc != "" {
		return answer(lc.rc, "", "")
	}
	t.mu.Lock()
	trace, batch, mak := t.useTrace(), t.st.batch, t.st.mak
	t.mu.Unlock()
	msg, err := buildSignOn(t.id.tid, t.id.mid, trace, batch, oper, mak)
	if err != nil {
		return answer("E2", "", "")
	}
	rtt := t.rtt()
	if t.pause(ctx, rtt/2) != nil {
		return reply(req, "E3")
	}
	var resp []byte
	if !t.f.has("host-timeout") {
		resp = t.host.exchange(msg)
	}
	if resp == nil { // nothing came back: wait the host timeout out
		if t.pause(ctx, hostWait) != nil {
			return reply(req, "E3")
		}
		return answer("H3", "", "")
	}
	if t.pause(ctx, rtt/2+t.between(300*time.Millisecond, 600*time.Millisecond)) != nil {
		return reply(req, "E3")
	}
	in, err := unpackISO(resp)
	if err != nil || in.mti != "0810" {
		return answer("H3", "", "")
	}
	hostTime := hostTimeOf(in, t.clock())
	rc, _ := in.get(39)
	if rc != "00" {
		if len(rc) != 2 {
			rc = "H3"
		}
		return answer(rc, "", hostTime)
	}
	f62, _ := in.get(62)
	keys, ok := openKeys(tmk, []byte(f62))
	if !ok {
		return answer("K2", "FAIL", hostTime)
	}
	if t.pause(ctx, delayKeyLoad) != nil {
		return reply(req, "E3")
	}
	t.mu.Lock()
	t.st.pik, t.st.mak, t.st.tdk = keys[0], keys[1], keys[2]
	t.st.signed = true
	t.st.lastSignOn = t.clock()
	if f60, _ := in.get(60); len(f60) >= 8 {
		t.st.batch = atoiOr(f60[2:8], t.st.batch) // the host assigns the batch (§5 BATCH)
	}
	t.addEvent("00", "签到成功")
	t.mu.Unlock()
	return answer("00", "OK", hostTime)
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

// journalPage answers JL (§5): records from day on, oldest first, pages filled to the frame.
func (t *Terminal) journalPage(req serialio.Message, day time.Time, p int) serialio.Message {
	from := sort.Search(len(t.jr.records), func(i int) bool { return !t.jr.records[i].at.Before(day) })
	t.mu.Lock()
	starts, ok := t.pages[from]
	if !ok {
		starts = pageStarts("REC", t.jr.values, from)
		t.pages[from] = starts
	}
	t.mu.Unlock()
	return pageReply(req, "REC", t.jr.values, starts, p)
}

// eventPage answers EL (§5): the event log, oldest first; new events only add to the end, so
// earlier pages stay as they were.
func (t *Terminal) eventPage(req serialio.Message, p int) serialio.Message {
	t.mu.Lock()
	values := make([]string, len(t.st.events))
	for i, e := range t.st.events {
		values[i] = e.value()
	}
	t.mu.Unlock()
	return pageReply(req, "EVT", values, pageStarts("EVT", values, 0), p)
}

func pageReply(req serialio.Message, field string, values []string, starts []int, p int) serialio.Message {
	vals, more := page(values, starts, p)
	resp := reply(req, "00", "PAGE", strconv.Itoa(p), "MORE", yn(more))
	for _, v := range vals {
		resp.Fields = append(resp.Fields, serialio.Field{Name: field, Value: v})
	}
	return resp
}
