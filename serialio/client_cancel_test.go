package serialio_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"posdoctor/internal/simtest"
	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

// A trial: a check cancelled during the host step (fault host-timeout), run again, warned
// LINK-POOR. The terminal cannot be stopped in a comm test (PROTOCOL.md §5): it finished it and
// answered the cancelled CT, and that answer was counted as a late response, which the link step
// reads as an answer repeated on a poor line. An answer to a request this side cancelled is the
// terminal finishing its work: counted apart. On a pty, as the app's simulated terminal runs.
func TestAnswerToCancelledRequestIsNotLate(t *testing.T) {
	path := simtest.PTY(t, termsim.Config{Speed: 10, Faults: simtest.Faults(t, "host-timeout")})
	port, err := serialio.OpenPort(path, serialio.PortConfig{})
	if err != nil {
		t.Fatal(err)
	}
	c := serialio.NewClient(port, serialio.ClientConfig{})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if _, err := c.Exchange(ctx, serialio.Message{Cmd: serialio.CmdCommTest}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("CT cancelled: %v", err)
	}
	// the terminal finishes its comm test (H3 after its host wait, 1.5 s at Speed 10) and answers
	deadline := time.Now().Add(10 * time.Second)
	for c.Stats().CancelledAnswers == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if s := c.Stats(); s.CancelledAnswers != 1 || s.LateResponses != 0 {
		t.Errorf("the cancelled CT's answer: %d cancelled answers, %d late responses; want 1 and 0", s.CancelledAnswers, s.LateResponses)
	}
	// a late answer to a request that was never cancelled is still late: the line's
	sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer scancel()
	if resp, err := c.Exchange(sctx, serialio.Message{Cmd: serialio.CmdStatus}); err != nil || resp.RC() != "00" {
		t.Fatalf("ST after: %v %v", resp, err)
	}
	if s := c.Stats(); s.LateResponses != 0 || s.CancelledAnswers != 1 {
		t.Errorf("after ST: %+v", s)
	}
}
