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
func (s *conn) prepare(m serialio.Message) (op operation, ok bool) {
	t := s.t
	switch m.Cmd {
	case serialio.CmdEcho:
		data, has := m.Get("DATA")
		if !has || len(data) > 900 || !validHex(data) {
			return nil, false
		}
		return func(ctx context.Context) serialio.Message {
			t.pause(ctx, delayEcho)
			return reply(m, rcOK, "DATA", data)
		}, true
	case serialio.CmdStatus:
		return func(ctx context.Context) serialio.Message {
			t.pause(ctx, delayStatus)
			return t.status(m)
		}, true
	case serialio.CmdKeyStatus:
		return func(ctx context.Context) serialio.Message {
			t.pause(ctx, delayKeys)
			return t.keyStatus(m)
		}, true
	case serialio.CmdCommTest:
		return func(ctx context.Context) serialio.Message { return s.commTest(ctx, m) }, true
	case serialio.CmdPrintTest:
		text, _ := m.Get("TEXT")
		if utf8.RuneCountInString(text) > 64 {
			return nil, false
		}
		return func(ctx context.Context) serialio.Message { return s.printSlip(ctx, m) }, true
	case serialio.CmdSignOn:
		oper, has := m.Get("OPER")
		if !has || len(oper) != 2 || !allDigits(oper) {
			return nil, false
		}
		return func(ctx context.Context) serialio.Message { return s.signOn(ctx, m, oper) }, true
	case serialio.CmdJournal:
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
	case serialio.CmdEventLog:
		p, okPage := parsePage(m)
		if !okPage {
			return nil, false
		}
		return func(ctx context.Context) serialio.Message {
			t.pause(ctx, delayPage)
			return t.eventPage(m, p)
		}, true
	case serialio.CmdKeypadTest:
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
	case serialio.CmdKeypadEnd:
		// no keypad test running (handle stops a running one): nothing to end
		s.answer(m, reply(m, rcOK))
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
	return reply(req, rcOK,
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
		"STUCK", strings.Join(t.fs().stuck, ","),
	)
}

// keyStatus answers KS (§5): check values only, never keys.
func (t *Terminal) keyStatus(req serialio.Message) serialio.Message {
	t.mu.Lock()
	defer t.mu.Unlock()
	return reply(req, rcOK,
		"TMK", yn(t.st.tmk != nil),
		"TMKIDX", strconv.Itoa(t.id.tmkIdx),
		"PIK", checkHex(t.st.pik),
		"MAK", checkHex(t.st.mak),
		"TDK", checkHex(t.st.tdk),
		"LASTSIGNON", stamp(t.st.lastSignOn),
	)
}

// failure logs code in the event log and tells the host at once with an unsolicited EV (§5).
func (s *conn) failure(code string) {
	t := s.t
	t.mu.Lock()
	defer t.mu.Unlock()
	e := t.addEvent(code, eventText(code))
	s.unsolicited(serialio.CmdEvent, "CODE", code, "TEXT", e.text)
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
	resp := reply(req, rcOK, "PAGE", strconv.Itoa(p), "MORE", yn(more))
	for _, v := range vals {
		resp.Fields = append(resp.Fields, serialio.Field{Name: field, Value: v})
	}
	return resp
}
