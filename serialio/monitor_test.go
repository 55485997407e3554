package serialio

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"posdoctor/locale"
)

const monitorPAN = "4111111111111111" // a Luhn-valid test card number

// msgFrame is the frame carrying a message made of cmd, seq and NAME=VALUE pairs.
func msgFrame(t testing.TB, cmd string, seq int, kv ...string) []byte {
	t.Helper()
	m := Message{Cmd: Command(cmd), Seq: seq}
	for i := 0; i+1 < len(kv); i += 2 {
		m.Fields = append(m.Fields, Field{kv[i], kv[i+1]})
	}
	data, err := EncodeMessage(m)
	if err != nil {
		t.Fatal(err)
	}
	return frameOf(t, data)
}

type feed struct {
	d     Dir
	b     []byte
	after time.Duration // since the previous feed
}

// monitorRun feeds the steps to a fresh monitor, flushes it a second after the last, and
// returns what it made.
func monitorRun(t *testing.T, steps ...feed) []MonitorEntry {
	t.Helper()
	m := NewMonitor(64)
	defer m.Stop()
	at := time.Date(2026, 5, 1, 10, 0, 0, 0, time.Local)
	for _, s := range steps {
		at = at.Add(s.after)
		m.Feed(s.d, s.b, at)
	}
	m.Flush(at.Add(time.Second))
	return m.Since(0)
}

// kinds writes the entries as dir:kind, for comparison.
func kinds(es []MonitorEntry) string {
	var s []string
	for _, e := range es {
		s = append(s, e.Dir.String()+":"+e.Kind.String())
	}
	return strings.Join(s, " ")
}

func TestMonitorRecognises(t *testing.T) {
	st := msgFrame(t, "ST", 1)
	resp := msgFrame(t, "ST", 1, "RC", "00", "MODEL", "S910", "MNAME", "测试商户")
	badLRC := append([]byte(nil), resp...)
	badLRC[len(badLRC)-1] ^= 0xFF
	notMsg, _ := EncodeFrame([]byte("hello"))
	tests := []struct {
		name  string
		steps []feed
		want  string   // kinds of the entries
		texts []string // what their descriptions contain, in order (English)
	}{
		{"ENQ answered", []feed{{Out, []byte{ENQ}, 0}, {In, []byte{ACK}, 5 * time.Millisecond}},
			"out:control in:control", []string{"ENQ (are you there?)", "ACK (received)"}},
		{"request and response decoded", []feed{{Out, st, 0}, {In, []byte{ACK}, 0}, {In, resp, 10 * time.Millisecond}, {Out, []byte{ACK}, 0}},
			"out:frame out:message in:control in:frame in:message out:control",
			[]string{"frame: 6 data bytes, LRC ok", "ST 0001", "ACK", "LRC ok", "ST 0001 RC=00 MODEL=S910 MNAME=测试商户", "ACK"}},
		{"a frame in pieces is one frame", []feed{{In, resp[:4], 0}, {In, resp[4:9], 20 * time.Millisecond}, {In, resp[9:], 20 * time.Millisecond}},
			"in:frame in:message", []string{"LRC ok", "RC=00"}},
		{"bad LRC", []feed{{In, badLRC, 0}}, "in:frame", []string{"bad frame (", "LRC does not match"}},
		{"bad length", []feed{{In, []byte{STX, 0x99, 0x99, 'A', ETX, 0}, 0}}, "in:frame in:bytes", []string{"length is not BCD", "3 bytes outside any frame"}},
		{"resend seen", []feed{{Out, st, 0}, {Out, st, time.Second}}, "out:frame out:message out:frame out:message",
			[]string{"LRC ok", "ST 0001", "a resend", "ST 0001"}},
		{"not a TML/1 message", []feed{{In, notMsg, 0}}, "in:frame in:message", []string{"LRC ok", "not a TML/1 message"}},
		{"noise, then a control byte", []feed{{In, []byte("xyz"), 0}, {In, []byte{EOT}, 0}}, "in:bytes in:control",
			[]string{"3 bytes outside any frame", "EOT (going away)"}},
		{"noise alone shows after a pause", []feed{{In, []byte{0xFF, 0xFE}, 0}}, "in:bytes", []string{"2 bytes"}},
		{"a frame cut off", []feed{{In, resp[:10], 0}}, "in:frame", []string{"frame cut off after 10 bytes: a pause over 300 ms"}},
		{"a frame cut off, then the next", []feed{{In, resp[:10], 0}, {In, []byte{ENQ}, 500 * time.Millisecond}, {In, []byte{ENQ}, 500 * time.Millisecond}},
			"in:frame in:bytes in:control", []string{"frame cut off", "1 bytes", "ENQ"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			es := monitorRun(t, tc.steps...)
			if got := kinds(es); got != tc.want {
				t.Fatalf("entries %s, want %s", got, tc.want)
			}
			for i, e := range es {
				if got := e.Describe(locale.EN); !strings.Contains(got, tc.texts[i]) {
					t.Errorf("entry %d says %q, want it to contain %q", i, got, tc.texts[i])
				}
				if e.Seq != uint64(i+1) {
					t.Errorf("entry %d has Seq %d", i, e.Seq)
				}
			}
		})
	}
}

func TestMonitorFrameErrors(t *testing.T) {
	resp := msgFrame(t, "ST", 1, "RC", "00")
	resp[len(resp)-1] ^= 1
	es := monitorRun(t, feed{In, resp, 0})
	if !errors.Is(es[0].Err, ErrBadLRC) {
		t.Errorf("bad LRC: Err %v", es[0].Err)
	}
	cut := monitorRun(t, feed{In, resp[:5], 0})
	if !errors.Is(cut[0].Err, ErrGap) {
		t.Errorf("cut off: Err %v", cut[0].Err)
	}
}

// TestMonitorMasksCardNumbers: a card number the terminal sends is masked in a journal
// record's card unit (by position, whatever its check digit), in any other field, and in bytes
// outside frames that arrive in two pieces; nothing the monitor keeps or shows holds it.
func TestMonitorMasksCardNumbers(t *testing.T) {
	rec := JoinUnits("20260501101500", "SALE", "1200", "6222021234567890123", "000123", "123456789012", "AB12CD", "00", "P")
	jl := msgFrame(t, "JL", 7, "RC", "00", "PAGE", "1", "MORE", "N", "REC", rec, "NOTE", "card "+monitorPAN)
	noise := []byte("pan=" + monitorPAN + ";")
	es := monitorRun(t, feed{In, jl, 0}, feed{In, noise[:10], 400 * time.Millisecond}, feed{In, noise[10:], 20 * time.Millisecond})
	if got := kinds(es); got != "in:frame in:message in:bytes" {
		t.Fatalf("entries %s", got)
	}
	for _, e := range es {
		for _, l := range []locale.Lang{locale.EN, locale.ZH} {
			for _, s := range []string{e.Line(l, true), string(e.Raw)} {
				for _, card := range []string{monitorPAN, "6222021234567890123", "021234567890"} {
					if strings.Contains(s, card) {
						t.Errorf("entry %d shows the card number %s: %q", e.Seq, card, s)
					}
				}
			}
		}
	}
	if es[0].Err != nil {
		t.Errorf("the frame was judged after masking: %v", es[0].Err)
	}
	if len(es[0].Raw) != len(jl) {
		t.Errorf("masking changed the frame's length: %d, was %d", len(es[0].Raw), len(jl))
	}
	if got := SplitUnits(es[1].Msg.All("REC")[0])[3]; got != "622202*********0123" {
		t.Errorf("the record's card unit reads %q", got)
	}
}

func TestMonitorRingIsBounded(t *testing.T) {
	m := NewMonitor(4)
	defer m.Stop()
	at := time.Now()
	for i := 0; i < 10; i++ {
		m.Feed(Out, []byte{ENQ}, at)
	}
	all := m.Since(0)
	if len(all) != 4 || all[0].Seq != 7 || all[3].Seq != 10 {
		t.Fatalf("kept %d entries, Seq %d..%d; want 4, 7..10", len(all), all[0].Seq, all[len(all)-1].Seq)
	}
	if m.Dropped() != 6 || m.Last() != 10 {
		t.Errorf("Dropped %d, Last %d", m.Dropped(), m.Last())
	}
	if got := m.Since(8); len(got) != 2 || got[0].Seq != 9 {
		t.Errorf("Since(8) = %d entries from %d", len(got), got[0].Seq)
	}
	if got := m.Since(10); len(got) != 0 {
		t.Errorf("Since(10) = %d entries", len(got))
	}
	select {
	case <-m.Changed():
	default:
		t.Errorf("Changed did not say so")
	}
}

// TestMonitorWatchesLink: a monitor on a connection's trace sees both ways of the link's own
// traffic and the raw bytes sent through the trace, without opening the line again.
func TestMonitorWatchesLink(t *testing.T) {
	a, b := Pipe()
	trace := NewTrace(64)
	host := NewLink(a, LinkConfig{Trace: trace, TAck: 200 * time.Millisecond})
	defer host.Close()
	peer := NewLink(b, LinkConfig{TAck: 200 * time.Millisecond})
	defer peer.Close()
	m := NewMonitor(64)
	defer m.Stop()
	stop := m.Watch(trace)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	if err := host.Probe(ctx); err != nil {
		t.Fatal(err)
	}
	data, _ := EncodeMessage(Message{Cmd: CmdKeyEvent, Seq: 3, Fields: []Field{{"KEY", "5"}, {"ACT", "DOWN"}}})
	if err := peer.Send(ctx, data); err != nil {
		t.Fatal(err)
	}
	if err := trace.SendRaw(ctx, []byte{0xAA, 0x55}); err != nil {
		t.Fatal(err)
	}
	want := "out:control in:control in:frame in:message out:control out:bytes"
	waitEntries(t, m, want)
	stop()
	if err := host.Probe(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	if got := kinds(m.Since(0)); got != want {
		t.Errorf("after stop the monitor still sees the line: %s", got)
	}
	host.Close()
	if err := trace.SendRaw(ctx, []byte{ENQ}); err == nil {
		t.Errorf("SendRaw on an ended link succeeded")
	}
	if err := NewTrace(4).SendRaw(ctx, []byte{ENQ}); !errors.Is(err, ErrClosed) {
		t.Errorf("SendRaw with no link: %v", err)
	}
}

// waitEntries waits, boundedly, until the monitor's entries are want.
func waitEntries(t *testing.T, m *Monitor, want string) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for kinds(m.Since(0)) != want {
		select {
		case <-m.Changed():
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			t.Fatalf("entries %s, want %s", kinds(m.Since(0)), want)
		}
	}
}

func TestMonitorConcurrentFeeds(t *testing.T) {
	m := NewMonitor(1000)
	defer m.Stop()
	st := msgFrame(t, "ST", 1)
	var wg sync.WaitGroup
	for _, d := range []Dir{In, Out} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				m.Feed(d, st, time.Now())
			}
		}()
	}
	for i := 0; i < 50; i++ {
		_ = m.Since(m.Last() / 2)
	}
	wg.Wait()
	if got := m.Last(); got != 400 {
		t.Errorf("%d entries, want 400 (a frame and a message each)", got)
	}
}

func TestSampleRequest(t *testing.T) {
	now := time.Date(2026, 5, 1, 0, 0, 0, 0, time.Local)
	for _, c := range MonitorRequests() {
		m, err := SampleRequest(c, now)
		if err != nil {
			t.Fatal(err)
		}
		m.Seq = 1
		if _, err := EncodeMessage(m); err != nil {
			t.Errorf("%s: %v", c, err)
		}
	}
	if m, _ := SampleRequest(CmdJournal, now); m.Value("FROM") != "20260401" {
		t.Errorf("JL FROM %q", m.Value("FROM"))
	}
	if _, err := SampleRequest(CmdSignOn, now); !errors.Is(err, ErrMessage) {
		t.Errorf("SO offered: %v", err)
	}
}

// FuzzMonitor: whatever crosses the line, in whatever pieces, the monitor neither panics nor
// keeps anything the trace's masking would still mask: not in one entry, and not in the bytes
// outside frames that it cut into several entries.
func FuzzMonitor(f *testing.F) {
	f.Add(msgFrame(f, "ST", 1, "RC", "00", "NOTE", monitorPAN), 3)
	f.Add([]byte("noise "+monitorPAN+" noise"), 7)
	f.Add([]byte{STX, 0x99, 0x99, ETX, ENQ, ACK, NAK, EOT}, 1)
	f.Add(AppendETXFrame([]byte{ACK}, []byte("01;"+monitorPAN+"=2812")), 9)
	f.Add(parity7E1(AppendETXFrame(nil, []byte("01;"+monitorPAN+"=2812"))), 4)
	f.Fuzz(func(t *testing.T, b []byte, cut int) {
		m := NewMonitor(256)
		defer m.Stop()
		at := time.Now()
		if cut < 0 || cut > len(b) {
			cut = len(b) / 2
		}
		m.Feed(In, b[:cut], at)
		m.Feed(In, b[cut:], at.Add(time.Millisecond))
		m.Flush(at.Add(time.Second))
		var noise []byte // consecutive entries of bytes outside frames
		for _, e := range append(m.Since(0), MonitorEntry{}) {
			_ = e.Line(locale.ZH, true)
			if e.Kind == TraceBytes && e.Raw != nil {
				noise = append(noise, e.Raw...)
				continue
			}
			for _, kept := range [][]byte{e.Raw, noise} {
				masked := append([]byte(nil), kept...)
				if MaskTraceBytes(masked); !bytes.Equal(masked, kept) {
					t.Fatalf("the monitor keeps what masking would hide: %q", kept)
				}
			}
			// 7E1 characters read at 8N1 are masked too, with their parity bit
			masked := append([]byte(nil), e.Raw...)
			if maskLine(masked); !bytes.Equal(masked, e.Raw) {
				t.Fatalf("the monitor keeps what masking 7E1 bytes would hide: %q", e.Raw)
			}
			noise = nil
		}
	})
}
