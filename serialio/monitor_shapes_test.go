package serialio

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"posdoctor/locale"
)

// concert is the STX DATA ETX LRC frame of data; with a bad LRC when bad.
func concert(data string, bad bool) []byte {
	f := AppendETXFrame(nil, []byte(data))
	if bad {
		f[len(f)-1] ^= 0x21
	}
	return f
}

// TestMonitorOtherShapes: frames of the Concert shape, and frames sent at 7E1 and read at
// 8N1, are one entry each with their LRC checked, not a bad TML/1 frame and noise; a damaged
// TML/1 frame stays one.
func TestMonitorOtherShapes(t *testing.T) {
	req := concert("0100000150100978", false)
	resp := concert("0000000150100978 APPROVED", false)
	tml := msgFrame(t, "ST", 1, "RC", "00", "MODEL", "S910")
	damaged := append([]byte(nil), tml...)
	damaged[1] ^= 0x40 // LEN 00 xx reads as 40 xx: not BCD
	long := strings.Repeat("0123456789ABCDEF", 40)
	longFrame := concert(long, false)
	var pieces []feed
	for i := 0; i < len(longFrame); i += 64 {
		pieces = append(pieces, feed{In, longFrame[i:min(i+64, len(longFrame))], 5 * time.Millisecond})
	}
	tests := []struct {
		name  string
		steps []feed
		want  string
		texts []string
	}{
		{"a Concert frame", []feed{{Out, req, 0}},
			"out:frame", []string{"Concert-style framing (STX-ETX-LRC), 16 data bytes, LRC ok"}},
		{"good, then bad LRC", []feed{{In, resp, 0}, {In, concert("0000000150100978 DECLINED", true), 400 * time.Millisecond}},
			"in:frame in:frame", []string{"25 data bytes, LRC ok", "25 data bytes, LRC bad"}},
		{"bad LRC first, text data", []feed{{In, concert("0000000150100978 APPROVED", true), 0}},
			"in:frame", []string{"Concert-style framing (STX-ETX-LRC), 25 data bytes, LRC bad"}},
		{"ACK and a frame back to back", []feed{{In, append(append(append([]byte(nil), resp...), ACK), req...), 0}},
			"in:frame in:control in:frame", []string{"LRC ok", "ACK (received)", "16 data bytes, LRC ok"}},
		{"noise around", []feed{{In, append(append([]byte(nil), req...), 0xFF, 0xFE), 0}},
			"in:frame in:bytes", []string{"LRC ok", "2 bytes outside any frame"}},
		{"a resend", []feed{{In, req, 0}, {In, req, time.Second}},
			"in:frame in:frame", []string{"LRC ok", "a resend"}},
		{"longer than the noise hold, in pieces", pieces,
			"in:frame", []string{"640 data bytes, LRC ok"}},
		{"7E1 read at 8N1", []feed{{In, parity7E1(resp), 0}},
			"in:frame", []string{"Concert-style framing (STX-ETX-LRC), 25 data bytes, LRC ok; 7E1 characters read at 8N1"}},
		{"TML/1 at 7E1", []feed{{In, parity7E1(msgFrame(t, "EC", 1, "DATA", "3031")), 0}},
			"in:frame", []string{"STX-LEN-ETX-LRC framing (TML/1, Chinese ECR style), 16 data bytes, LRC ok; 7E1"}},
		{"a TML/1 frame with a damaged LEN", []feed{{In, damaged, 0}},
			"in:frame in:bytes", []string{"length is not BCD", "outside any frame"}},
		{"after TML/1, a bad Concert-shaped frame is a bad frame", []feed{{In, tml, 0}, {In, concert("HELLO", true), time.Second}},
			"in:frame in:message in:frame in:bytes", []string{"LRC ok", "ST 0001", "length is not BCD", "outside any frame"}},
		{"binary noise between STX and ETX", []feed{{In, []byte{STX, 0x99, 0x00, 0x81, ETX, 0x42}, 0}},
			"in:frame in:bytes", []string{"length is not BCD", "3 bytes outside any frame"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			es := monitorRun(t, tc.steps...)
			if got := kinds(es); got != tc.want {
				for _, e := range es {
					t.Log(e.Line(locale.EN, true))
				}
				t.Fatalf("entries %s, want %s", got, tc.want)
			}
			for i, e := range es {
				if got := e.Describe(locale.EN); !strings.Contains(got, tc.texts[i]) {
					t.Errorf("entry %d says %q, want it to contain %q", i, got, tc.texts[i])
				}
				if zh := e.Describe(locale.ZH); e.Shape != nil && !strings.Contains(zh, "字节数据") {
					t.Errorf("entry %d in Chinese: %q", i, zh)
				}
			}
		})
	}
}

func TestMonitorShapeLine(t *testing.T) {
	es := monitorRun(t, feed{In, concert("AB\x1cC", false), 0})
	got := es[0].Line(locale.EN, true)
	if want := "[STX 41 42 FS 43 ETX "; !strings.Contains(got, want) {
		t.Errorf("Line = %q, want it to contain %q", got, want)
	}
	if es[0].Shape.Kind != FrameETX || string(es[0].Shape.Data) != "AB\x1cC" || es[0].Shape.Offset != 0 {
		t.Errorf("Shape %+v", es[0].Shape)
	}
	if !strings.Contains(es[0].Describe(locale.ZHTW), "位元組資料，LRC 正確") {
		t.Errorf("zh_TW: %q", es[0].Describe(locale.ZHTW))
	}
}

// TestMonitorMasksOtherShapes: a card number in the DATA of a Concert frame, at 8N1 and at
// 7E1 read at 8N1, shows masked in the entry's line, its bytes and its shape's data; the LRC
// was checked on the bytes as they came, so it is still ok.
func TestMonitorMasksOtherShapes(t *testing.T) {
	data := "01;" + monitorPAN + "=2812"
	for _, tc := range []struct {
		name string
		line []byte
	}{
		{"8N1", concert(data, false)},
		{"7E1 read at 8N1", parity7E1(concert(data, false))},
		{"split across reads", concert(data, false)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			steps := []feed{{In, tc.line, 0}}
			if tc.name == "split across reads" {
				steps = []feed{{In, tc.line[:9], 0}, {In, tc.line[9:], 30 * time.Millisecond}}
			}
			es := monitorRun(t, steps...)
			if kinds(es) != "in:frame" || !es[0].Shape.LRCOK {
				t.Fatalf("entries %s: %s", kinds(es), es[0].Describe(locale.EN))
			}
			e := es[0]
			plain, _ := StripEvenParity(e.Raw)
			for _, s := range []string{e.Line(locale.EN, true), e.Line(locale.ZH, true), string(e.Raw), string(plain), string(e.Shape.Data), e.TraceEntry().String()} {
				if strings.Contains(s, monitorPAN) || strings.Contains(s, "11111111") {
					t.Errorf("shows the card number: %q", s)
				}
			}
			if !strings.Contains(string(plain), "411111******1111") {
				t.Errorf("bytes %q, want the card number masked in place", plain)
			}
		})
	}
}

// TestMonitorConcertPeer: a terminal on a pipe that speaks Concert-style frames, good and bad,
// then sends at 7E1 into the 8N1 line; the monitor on the connection's trace names each frame
// and the link's NAKs to them.
func TestMonitorConcertPeer(t *testing.T) {
	a, b := Pipe()
	trace := NewTrace(64)
	host := NewLink(a, LinkConfig{Trace: trace, TAck: 200 * time.Millisecond})
	defer host.Close()
	m := NewMonitor(64)
	defer m.Stop()
	defer m.Watch(trace)()
	go io.Copy(io.Discard, b) // the link's answers

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, f := range [][]byte{
		concert("0000000150100978 APPROVED "+monitorPAN, false),
		concert("0000000150100978 DECLINED", true),
		parity7E1(concert("0000000150100978 APPROVED", false)),
	} {
		if _, err := b.Write(f); err != nil {
			t.Fatal(err)
		}
		select {
		case <-time.After(400 * time.Millisecond): // a quiet line between frames
		case <-ctx.Done():
			t.Fatal(ctx.Err())
		}
	}
	var in []MonitorEntry
	deadline := time.After(3 * time.Second)
	for len(in) < 3 {
		select {
		case <-m.Changed():
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			t.Fatalf("entries %s", kinds(m.Since(0)))
		}
		in = in[:0]
		for _, e := range m.Since(0) {
			if e.Dir == In {
				in = append(in, e)
			}
		}
	}
	want := []string{
		"Concert-style framing (STX-ETX-LRC), 42 data bytes, LRC ok",
		"Concert-style framing (STX-ETX-LRC), 25 data bytes, LRC bad",
		"Concert-style framing (STX-ETX-LRC), 25 data bytes, LRC ok; 7E1 characters read at 8N1: the terminal uses 7E1",
	}
	if kinds(in) != "in:frame in:frame in:frame" {
		t.Fatalf("received entries %s", kinds(in))
	}
	for i, e := range in {
		if got := e.Describe(locale.EN); got != want[i] {
			t.Errorf("entry %d: %q, want %q", i, got, want[i])
		}
		if bytes.Contains(e.Raw, []byte(monitorPAN)) {
			t.Errorf("entry %d keeps the card number: %q", i, e.Raw)
		}
	}
	naks := 0
	for _, e := range m.Since(0) {
		if e.Dir == Out && e.Kind == TraceControl && e.Raw[0] == NAK {
			naks++
		}
	}
	if naks != 2 { // the two frames at 8N1 begin as TML/1 frames with a bad LEN
		t.Errorf("%d NAKs from the link, want 2: %s", naks, kinds(m.Since(0)))
	}
}
