package diagnostics_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"posdoctor/diagnostics"
	"posdoctor/internal/simtest"
	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

// simSeeded starts the simulated terminal in memory with a seed (which also picks the line
// faults' random sequence) and returns a client to it.
func simSeeded(t testing.TB, seed int64, faults ...string) (*serialio.Client, *termsim.Terminal) {
	t.Helper()
	return simtest.Start(t, termsim.Config{Speed: 200, AutoKeys: true, Seed: seed, Faults: simtest.Faults(t, faults...)})
}

func codes(s diagnostics.StepResult) []string {
	var out []string
	for _, f := range s.Findings {
		out = append(out, f.Code)
	}
	return out
}

// TestIssue9Item12LostEnqAck: with seed 17 the terminal's ACK to the opening ENQ is lost
// (lost-ack=0.1). The link step probes again and the check goes on.
func TestIssue9Item12LostEnqAck(t *testing.T) {
	c, term := simSeeded(t, 17, "lost-ack=0.1")
	cl := newChecklist(c)
	cl.Steps = []diagnostics.StepID{diagnostics.StepLink, diagnostics.StepTerminal}
	rep := cl.Run(context.Background())
	checkTemplated(t, rep)
	if term.LineStats().LostACKs == 0 {
		t.Fatal("no ACK was lost: the seed no longer exercises the case")
	}
	link, _ := rep.Step(diagnostics.StepLink)
	if link.Status == diagnostics.StatusFail || link.Status == diagnostics.StatusError || slices.Contains(codes(link), diagnostics.CodeLinkNoAnswer) {
		t.Fatalf("link step %s %q %v", link.Status, link.Summary, codes(link))
	}
	if link.Evidence["enq_unanswered"] != 1 {
		t.Errorf("evidence %v: want the first ENQ counted unanswered", link.Evidence)
	}
	if st, _ := rep.Step(diagnostics.StepTerminal); st.Status != diagnostics.StatusPass {
		t.Errorf("terminal step %s %q", st.Status, st.Summary)
	}
}

// TestIssue9Item13BadLineWarns: a line that stalls, drops or loses ACKs is not healthy, even
// when every echo came back right in the end.
func TestIssue9Item13BadLineWarns(t *testing.T) {
	for _, tc := range []struct {
		fault string
		seed  int64
	}{
		{"link-gap", 1},
		{"link-drop=0.3", 1},
		{"link-drop=0.1", 2},
		{"lost-ack=0.3", 3}, // no ACK lost in the first five exchanges
	} {
		t.Run(tc.fault, func(t *testing.T) {
			t.Parallel()
			c, term := simSeeded(t, tc.seed, tc.fault)
			cl := newChecklist(c)
			cl.Steps = []diagnostics.StepID{diagnostics.StepLink}
			rep := cl.Run(context.Background())
			checkTemplated(t, rep)
			link, _ := rep.Step(diagnostics.StepLink)
			if link.Status != diagnostics.StatusWarn || !hasFinding(link, diagnostics.CodeLinkPoor, "") {
				t.Fatalf("link step %s %q %v, evidence %v", link.Status, link.Summary, codes(link), link.Evidence)
			}
			if ls := term.LineStats(); ls.Dropped+ls.LostACKs+ls.Stalled == 0 {
				t.Fatalf("the fault did nothing, yet the line was judged poor: %+v", ls)
			}
		})
	}
	t.Run("clean", func(t *testing.T) {
		t.Parallel()
		c, _ := simSeeded(t, 5)
		cl := newChecklist(c)
		cl.Steps = []diagnostics.StepID{diagnostics.StepLink}
		link, _ := cl.Run(context.Background()).Step(diagnostics.StepLink)
		if link.Status != diagnostics.StatusPass {
			t.Fatalf("clean line: %s %v %v", link.Status, codes(link), link.Evidence)
		}
	})
}

// TestIssue9Item13LostKeyEventsAreNotHeld: key events delayed or lost on a line that drops
// frames are not a held key, and their silence is not the end of the presses (a dead key).
// With these seeds and link-drop=0.2 the unattended keypad step used to report KEY-HELD
// (2, 7, 8, 10) or DEAD-KEY (3, 4).
func TestIssue9Item13LostKeyEventsAreNotHeld(t *testing.T) {
	for _, seed := range []int64{2, 3, 4, 7, 8, 10} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			t.Parallel()
			c, term := simSeeded(t, seed, "link-drop=0.2")
			cl := newChecklist(c)
			cl.KeypadIdle, cl.KeypadFirstKey = 0, 0 // the defaults: 3 s quiet ends it, 8 s to the first key
			cl.Steps = []diagnostics.StepID{diagnostics.StepLink, diagnostics.StepTerminal, diagnostics.StepKeypad}
			rep := cl.Run(context.Background())
			kp, _ := rep.Step(diagnostics.StepKeypad)
			if c := codes(kp); slices.Contains(c, diagnostics.CodeKeyHeld) || slices.Contains(c, diagnostics.CodeDeadKey) {
				t.Fatalf("lost key events reported as a keypad fault: %+v, evidence %v", kp.Findings, kp.Evidence)
			}
			if term.LineStats().Dropped == 0 {
				t.Fatal("no frame was dropped")
			}
		})
	}
}

// heldKeyTerminal answers ST and KT and then holds key 5 down for longer than 2 s on a clean
// line: a held key is still reported.
type heldKeyTerminal struct{ ev chan serialio.Message }

func (h heldKeyTerminal) Exchange(ctx context.Context, req serialio.Message) (serialio.Message, error) {
	resp := serialio.Message{Cmd: req.Cmd, Seq: req.Seq, Fields: []serialio.Field{{Name: "RC", Value: "00"}}}
	switch req.Cmd {
	case "ST":
		resp.Fields = append(resp.Fields, serialio.Field{Name: "KEYS", Value: "5,6"})
	case "KT":
		go func() {
			h.ev <- serialio.Message{Cmd: "KE", Seq: 1, Fields: []serialio.Field{{Name: "KEY", Value: "6"}, {Name: "ACT", Value: "DOWN"}}}
			h.ev <- serialio.Message{Cmd: "KE", Seq: 2, Fields: []serialio.Field{{Name: "KEY", Value: "6"}, {Name: "ACT", Value: "UP"}}}
			h.ev <- serialio.Message{Cmd: "KE", Seq: 3, Fields: []serialio.Field{{Name: "KEY", Value: "5"}, {Name: "ACT", Value: "DOWN"}}}
			time.Sleep(2200 * time.Millisecond)
			h.ev <- serialio.Message{Cmd: "KE", Seq: 4, Fields: []serialio.Field{{Name: "KEY", Value: "5"}, {Name: "ACT", Value: "UP"}}}
		}()
	}
	return resp, nil
}
func (heldKeyTerminal) Probe(context.Context) error       { return nil }
func (h heldKeyTerminal) Events() <-chan serialio.Message { return h.ev }

func TestIssue9Item13HeldKeyOnCleanLine(t *testing.T) {
	cl := &diagnostics.Checklist{Term: heldKeyTerminal{ev: make(chan serialio.Message, 8)}, Op: diagnostics.AutoOperator{},
		KeypadIdle: 5 * time.Second, KeypadFirstKey: 5 * time.Second, Steps: []diagnostics.StepID{diagnostics.StepKeypad}}
	kp, _ := cl.Run(context.Background()).Step(diagnostics.StepKeypad)
	if !hasFinding(kp, diagnostics.CodeKeyHeld, "5") {
		t.Fatalf("keypad %s %+v", kp.Status, kp.Findings)
	}
}

// TestIssue9Item14LoopbackIsNotATerminal: a loopback plug makes the link step error with
// LINK-LOOPBACK, and nothing else runs.
func TestIssue9Item14LoopbackIsNotATerminal(t *testing.T) {
	near, far := serialio.Pipe()
	go func() { _, _ = io.Copy(far, far) }()
	c := serialio.NewClient(near, serialio.ClientConfig{})
	defer c.Close()
	rep := newChecklist(c).Run(context.Background())
	checkTemplated(t, rep)
	link, _ := rep.Step(diagnostics.StepLink)
	if link.Status != diagnostics.StatusError || !hasFinding(link, diagnostics.CodeLinkLoopback, "loopback plug") {
		t.Fatalf("link %s %q %v", link.Status, link.Summary, codes(link))
	}
	for _, s := range rep.Steps[1:] {
		if s.Status != diagnostics.StatusSkipped {
			t.Errorf("step %s ran on a loopback: %s %q", s.ID, s.Status, s.Summary)
		}
	}
	if rep.Verdict.Kind != diagnostics.VerdictIncomplete {
		t.Errorf("verdict %v", rep.Verdict)
	}
}

// TestIssue9Item14RandomBytesSayBaud: bytes that are no frames, an EOT among them, read as a
// wrong baud or format, not as the terminal hanging up.
func TestIssue9Item14RandomBytesSayBaud(t *testing.T) {
	near, far := serialio.Pipe()
	c := serialio.NewClient(near, serialio.ClientConfig{})
	defer c.Close()
	rng := rand.New(rand.NewPCG(14, 9))
	var junk []byte
	for len(junk) < 100 {
		if b := byte(rng.IntN(256)); b != serialio.STX && b != serialio.EOT {
			junk = append(junk, b)
		}
	}
	if _, err := far.Write(append(junk, serialio.EOT)); err != nil {
		t.Fatal(err)
	}
	<-c.Done()
	rep := newChecklist(c).Run(context.Background())
	checkTemplated(t, rep)
	link, _ := rep.Step(diagnostics.StepLink)
	if link.Status != diagnostics.StatusError || !hasFinding(link, diagnostics.CodeLinkGarbled, "baud") {
		t.Fatalf("link %s %q %+v", link.Status, link.Summary, link.Findings)
	}
}

// TestIssue9Item18SilentLineIsNoAnswer: nothing on the line: the link step is error (the
// check could not run: exit 2) with LINK-NOANSWER, after probing more than once.
func TestIssue9Item18SilentLineIsNoAnswer(t *testing.T) {
	near, far := serialio.Pipe()
	go func() { _, _ = io.Copy(io.Discard, far) }()
	c := serialio.NewClient(near, serialio.ClientConfig{Link: serialio.LinkConfig{TAck: 100 * time.Millisecond}})
	defer c.Close()
	cl := newChecklist(c)
	rep := cl.Run(context.Background())
	link, _ := rep.Step(diagnostics.StepLink)
	if link.Status != diagnostics.StatusError || !hasFinding(link, diagnostics.CodeLinkNoAnswer, "") || rep.Verdict.Kind != diagnostics.VerdictIncomplete {
		t.Fatalf("link %s %q %v; verdict %v", link.Status, link.Summary, codes(link), rep.Verdict)
	}
	if n, _ := link.Evidence["enq_probes"].(int); n < 2 {
		t.Errorf("declared silent after %v probes", link.Evidence["enq_probes"])
	}
}
