package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"posdoctor/app/visit"
	"posdoctor/serialio"
)

// newLineScreen builds the Line view on conn with the test's UI queue.
func newLineScreen(t *testing.T, conn func() *visit.Conn, q uiQueue) *LineScreen {
	t.Helper()
	s := NewLineScreen(conn, uiLang)
	s.do = q.do
	w := test.NewTempWindow(t, s.Root())
	w.Resize(w.Canvas().Size().Max(s.Root().MinSize().AddWidthHeight(0, 400)))
	t.Cleanup(s.Stop)
	return s
}

// waitShown refreshes the view until one of its lines contains each of want.
func waitShown(t *testing.T, s *LineScreen, q uiQueue, want ...string) {
	t.Helper()
	q.waitFor(t, strings.Join(want, ", "), func() bool {
		s.Refresh()
		all := strings.Join(s.Shown(), "\n")
		for _, w := range want {
			if !strings.Contains(all, w) {
				return false
			}
		}
		return true
	})
}

// TestLineShowsSimulator: on the simulated terminal the Line view shows an ENQ answered and
// an ST request and its response decoded; filters, search and pause hold; the capture goes
// into the visit's trace and to a file.
func TestLineShowsSimulator(t *testing.T) {
	newTestApp(t)
	cs, q := newScreen(t)
	test.Tap(cs.ConnectBtn)
	q.waitFor(t, "status", func() bool { return cs.Values["TID"].Text != "—" })
	s := newLineScreen(t, cs.Current, q)
	s.Refresh()
	if s.SendENQ.Disabled() || !strings.Contains(s.Source.Text, "simulated terminal") {
		t.Fatalf("not watching the connection: %q", s.Source.Text)
	}

	test.Tap(s.SendENQ)
	waitShown(t, s, q, "-> ENQ (are you there?)", "<- ACK (received)")
	s.Request.SetSelected("ST")
	test.Tap(s.SendReq)
	waitShown(t, s, q, "-> frame: 6 data bytes, LRC ok", " RC=00 MODEL=", "MNAME=")
	q.waitFor(t, "the answer", func() bool { return strings.Contains(s.Status.Text, "ST answered: RC 00") })

	s.Show.SetSelected("Messages")
	for _, l := range s.Shown() {
		if !strings.Contains(l, " ST ") {
			t.Errorf("the Messages filter shows %q", l)
		}
	}
	s.Dir.SetSelected("Received <-")
	s.Search.SetText("model=")
	if got := s.Shown(); len(got) != 1 || !strings.Contains(got[0], "<- ST ") {
		t.Errorf("received messages with MODEL: %q", got)
	}
	s.Show.SetSelectedIndex(0)
	s.Dir.SetSelectedIndex(0)
	s.Search.SetText("")

	s.Pause.SetChecked(true)
	before := len(s.Shown())
	test.Tap(s.SendENQ)
	q.waitFor(t, "the ENQ's answer", func() bool { return strings.Contains(s.Status.Text, "ACK") })
	s.Refresh()
	if len(s.Shown()) != before {
		t.Errorf("paused, the list still grew from %d to %d", before, len(s.Shown()))
	}
	s.Pause.SetChecked(false)
	waitShown(t, s, q)
	if len(s.Shown()) <= before {
		t.Errorf("unpaused, the list did not catch up")
	}

	s.HexBytes.SetText("zz")
	test.Tap(s.SendHex)
	if !strings.Contains(s.Status.Text, "Cannot send") {
		t.Errorf("bad hex: status %q", s.Status.Text)
	}
	s.HexBytes.SetText("05")
	test.Tap(s.SendHex)
	q.waitFor(t, "the hex sent", func() bool { return strings.Contains(s.Status.Text, "Sent 1 bytes") })

	inc := NewIncidentScreen(nil, nil, nil, uiLang, nil)
	s.AddToVisit = inc.AddTrace
	s.Refresh()
	test.Tap(s.SaveVisit)
	tr := inc.Incident().Trace
	if len(tr) != len(s.Shown()) || !strings.Contains(s.Status.Text, "Added") {
		t.Fatalf("the visit's trace has %d lines, the view %d; status %q", len(tr), len(s.Shown()), s.Status.Text)
	}
	kinds := map[string]bool{}
	for _, l := range tr {
		kinds[l.Kind] = true
	}
	if !kinds["message"] || !kinds["frame"] || !kinds["control"] {
		t.Errorf("the visit's trace has kinds %v", kinds)
	}
	test.Tap(s.SaveVisit)
	if got := len(inc.Incident().Trace); got != len(tr) {
		t.Errorf("saving twice doubled the trace: %d lines, was %d", got, len(tr))
	}

	path := filepath.Join(t.TempDir(), "line.txt")
	s.SaveTo(path)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "[STX 00 06 53 54") || !strings.Contains(string(b), "RC=00") {
		t.Errorf("the file lacks the frame's bytes or the response:\n%s", b)
	}

	test.Tap(s.Clear)
	if len(s.Shown()) != 0 {
		t.Errorf("Clear left %d lines", len(s.Shown()))
	}
}

// TestLineMasksCardNumbers: a card number the terminal sends, in a message and in a journal
// record's card unit, never shows in the Line view, in text or in hex.
func TestLineMasksCardNumbers(t *testing.T) {
	newTestApp(t)
	host, peerEnd := serialio.Pipe()
	trace := serialio.NewTrace(64)
	client := serialio.NewClient(host, serialio.ClientConfig{Link: serialio.LinkConfig{Trace: trace}})
	defer client.Close()
	peer := serialio.NewLink(peerEnd, serialio.LinkConfig{})
	defer peer.Close()
	conn := &visit.Conn{Client: client, Trace: trace, Name: "pipe"}
	q := make(uiQueue, 256)
	s := newLineScreen(t, func() *visit.Conn { return conn }, q)
	s.Refresh()

	rec := serialio.JoinUnits("20260501101500", "SALE", "1200", "6222021234567890123", "000123", "123456789012", "AB12CD", "00", "P")
	for _, m := range []serialio.Message{
		{Cmd: serialio.CmdEvent, Seq: 1, Fields: []serialio.Field{{Name: "CODE", Value: "X1"}, {Name: "TEXT", Value: "card 4111 1111 1111 1111"}}},
		{Cmd: serialio.CmdJournal, Seq: 2, Fields: []serialio.Field{{Name: "RC", Value: "00"}, {Name: "PAGE", Value: "1"}, {Name: "MORE", Value: "N"}, {Name: "REC", Value: rec}}},
	} {
		data, err := serialio.EncodeMessage(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := peer.Send(context.Background(), data); err != nil {
			t.Fatal(err)
		}
	}
	s.ShowHex.SetChecked(true)
	waitShown(t, s, q, "TEXT=card 4111 11** **** 1111", "|622202*********0123|")
	all := strings.Join(s.Shown(), "\n")
	for _, leak := range []string{"4111 1111 1111 1111", "6222021234567890123", "31 31 20 31 31 31 31 20 31 31", "32 31 32 33 34 35 36 37 38 39"} {
		if strings.Contains(all, leak) {
			t.Errorf("the view shows %q:\n%s", leak, all)
		}
	}
}

// TestLineChineseShowsNoEnglish: in Chinese the Line view's own words are Chinese; what stays
// ASCII is protocol (ENQ, ACK, LRC, hex).
func TestLineChineseShowsNoEnglish(t *testing.T) {
	setupUnderLANG(t, "zh_CN.UTF-8")
	cs, q := newScreen(t)
	test.Tap(cs.ConnectBtn)
	q.waitFor(t, "status", func() bool { return cs.Values["TID"].Text != "—" })
	s := newLineScreen(t, cs.Current, q)
	s.Refresh()
	test.Tap(s.SendENQ)
	s.Request.SetSelected("KS")
	test.Tap(s.SendReq)
	waitShown(t, s, q, "ENQ（询问：在吗？）", "LRC 正确")
	s.Show.SetSelectedIndex(2) // frames: messages are protocol text in any language
	s.ShowHex.SetChecked(true)
	for w, in := range screenWords(s.Root()) {
		// the control bytes' names, like ENQ, ACK and NAK on the shared allow-list
		if w != "STX" && w != "ETX" && w != "EOT" && w != "FS" && w != "US" {
			t.Errorf("English %q in %q", w, in)
		}
	}
}

// Typed bytes that cannot be sent are said in the UI's language (a trial read '无法发送："ZZ" is
// not hex bytes…').
func TestHexErrorInChinese(t *testing.T) {
	setupUnderLANG(t, "zh_CN.UTF-8")
	_, err := serialio.ParseHex("05 ZZ")
	if got := hexErrorText(err); !strings.Contains(got, "“ZZ”不是十六进制字节") {
		t.Errorf("bad hex: %q", got)
	}
	_, err = serialio.ParseHex("  ")
	if got := hexErrorText(err); !strings.Contains(got, "没有输入内容") {
		t.Errorf("nothing typed: %q", got)
	}
}
