package serialio

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"posdoctor/locale"
)

// MIDs and card numbers for the MID tests: the MID field is kept whole when it holds a MID
// (pan.KeepMID), even one that passes Luhn, and masked like any field when it holds a card.
const (
	luhnMID = "898290054117413"  // a MID that passes Luhn, as one in ten does
	amexPAN = "378282246310005"  // American Express: 15 digits, Luhn-valid
	upPAN16 = "6222021234567800" // UnionPay, 16 digits, no check digit
)

// stMessage is an ST response with mid in its MID field and mname in MNAME.
func stMessage(mid, mname string) Message {
	return Message{Cmd: CmdStatus, Seq: 42, Fields: []Field{{"RC", "00"}, {"MODEL", "PAX S920"}, {"SN", "0828024224"},
		{"TID", "58201458"}, {"MID", mid}, {"MNAME", mname}, {"BATCH", "000628"}}}
}

// stFrame is the frame of stMessage(mid, mname).
func stFrame(t testing.TB, mid, mname string) []byte {
	t.Helper()
	data, err := EncodeMessage(stMessage(mid, mname))
	if err != nil {
		t.Fatal(err)
	}
	return frameOf(t, data)
}

// TestTraceKeepsMID: the trace keeps a Luhn-valid MID whole in a frame's raw bytes and in the
// message's text, and masks a card number in the MID field, a MID-like number in another field
// and in a note.
func TestTraceKeepsMID(t *testing.T) {
	tr := NewTrace(16)
	tr.Add(TraceEntry{Dir: In, Kind: TraceFrame, Raw: stFrame(t, luhnMID, "超市")})
	tr.Add(TraceEntry{Dir: In, Kind: TraceMessage, Text: stMessage(luhnMID, "超市").String()})
	es := tr.Entries()
	if !bytes.Contains(es[0].Raw, []byte("\x1cMID="+luhnMID+"\x1c")) {
		t.Errorf("the frame's MID was masked: %q", es[0].Raw)
	}
	if !strings.Contains(es[1].Text, " MID="+luhnMID+" ") {
		t.Errorf("the message's MID was masked: %q", es[1].Text)
	}

	for _, tc := range []struct{ name, mid, mname, wantMID, wantName string }{
		{"Amex in the MID field", amexPAN, "超市", "378282*****0005", "超市"},
		{"UnionPay 16 in the MID field", upPAN16, "超市", "622202******7800", "超市"},
		{"MID= and 16 digits", monitorPAN, "超市", "411111******1111", "超市"},
		{"a MID-like number in MNAME", luhnMID, luhnMID, luhnMID, "898290*****7413"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := NewTrace(4)
			tr.Add(TraceEntry{Dir: In, Kind: TraceFrame, Raw: stFrame(t, tc.mid, tc.mname)})
			tr.Add(TraceEntry{Dir: In, Kind: TraceMessage, Text: stMessage(tc.mid, tc.mname).String()})
			es := tr.Entries()
			if want := "\x1cMID=" + tc.wantMID + "\x1cMNAME=" + tc.wantName + "\x1c"; !bytes.Contains(es[0].Raw, []byte(want)) {
				t.Errorf("raw %q\ndoes not hold %q", es[0].Raw, want)
			}
			if want := " MID=" + tc.wantMID + " MNAME=" + tc.wantName + " "; !strings.Contains(es[1].Text, want) {
				t.Errorf("text %q\ndoes not hold %q", es[1].Text, want)
			}
		})
	}

	// a note is no message: it keeps no MID, whatever it says
	tr = NewTrace(4)
	tr.Add(TraceEntry{Dir: In, Kind: TraceNote, Text: "ST 0042 RC=00 MID=" + luhnMID})
	tr.Add(TraceEntry{Dir: In, Kind: TraceBytes, Raw: []byte("MID=" + luhnMID + "\x1c")}) // no FS before it: cut
	for _, e := range tr.Entries() {
		if strings.Contains(e.Text+string(e.Raw), luhnMID) {
			t.Errorf("%s entry keeps %s: %q %q", e.Kind, luhnMID, e.Text, e.Raw)
		}
	}
}

// TestMonitorKeepsMID: the line monitor shows a Luhn-valid MID whole, in the frame's bytes and
// in the message, sent at 8N1 or at 7E1, and masks a card number in the MID field.
func TestMonitorKeepsMID(t *testing.T) {
	es := monitorRun(t, feed{In, stFrame(t, luhnMID, "超市"), 0})
	if got := kinds(es); got != "in:frame in:message" {
		t.Fatalf("entries %s", got)
	}
	if !bytes.Contains(es[0].Raw, []byte("MID="+luhnMID)) || es[0].Err != nil {
		t.Errorf("frame %q (%v): the MID was masked", es[0].Raw, es[0].Err)
	}
	if got := es[1].Msg.Value("MID"); got != luhnMID {
		t.Errorf("the message's MID reads %q", got)
	}
	for _, l := range []locale.Lang{locale.EN, locale.ZH} {
		if line := es[1].Line(l, false); !strings.Contains(line, "MID="+luhnMID+" ") {
			t.Errorf("line %q: the MID was masked", line)
		}
	}

	// 7E1 read at 8N1: the MID is found with the parity bit set aside, and kept
	es = monitorRun(t, feed{In, parity7E1(AppendETXFrame(nil, []byte("ST0042\x1cMID="+luhnMID+"\x1cX="+monitorPAN))), 0})
	var raw []byte
	for _, e := range es {
		raw = append(raw, e.Raw...)
	}
	view, _ := StripEvenParity(raw)
	if !bytes.Contains(view, []byte("MID="+luhnMID+"\x1c")) || bytes.Contains(view, []byte(monitorPAN)) {
		t.Errorf("7E1: %q", view)
	}

	es = monitorRun(t, feed{In, stFrame(t, amexPAN, luhnMID), 0})
	for _, e := range es {
		for _, s := range []string{string(e.Raw), e.Line(locale.EN, true)} {
			if strings.Contains(s, amexPAN) || strings.Contains(s, luhnMID) {
				t.Errorf("entry %d shows a card number: %q", e.Seq, s)
			}
		}
	}
}

// TestClientTraceKeepsMID: an ST exchange over a line leaves the MID whole in the client's
// trace, in the frame the terminal sent and in the message.
func TestClientTraceKeepsMID(t *testing.T) {
	tr := NewTrace(64)
	near, far := Pipe()
	c := NewClient(near, ClientConfig{Link: LinkConfig{Trace: tr}})
	defer c.Close()
	term := NewLink(far, LinkConfig{})
	defer term.Close()
	go func() {
		for f := range term.Frames() {
			req, err := ParseMessage(f)
			if err != nil {
				return
			}
			resp := stMessage(luhnMID, "超市")
			resp.Seq = req.Seq
			b, _ := EncodeMessage(resp)
			_ = term.Send(ctxT(t), b)
		}
	}()
	resp, err := c.Exchange(ctxT(t), Message{Cmd: CmdStatus})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Value("MID") != luhnMID {
		t.Fatalf("MID %q", resp.Value("MID"))
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		var frame, msg bool
		for _, e := range tr.Entries() {
			frame = frame || e.Dir == In && e.Kind == TraceFrame && bytes.Contains(e.Raw, []byte("\x1cMID="+luhnMID+"\x1c"))
			msg = msg || e.Dir == In && e.Kind == TraceMessage && strings.Contains(e.Text, " MID="+luhnMID+" ")
		}
		if frame && msg {
			return
		}
		if time.Now().After(deadline) {
			for _, e := range tr.Entries() {
				t.Log(e)
			}
			t.Fatalf("the trace lost the MID: frame %v, message %v", frame, msg)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
