package simtest

import (
	"context"
	"testing"
	"time"

	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

func TestStartServesWithFaults(t *testing.T) {
	c, term := Start(t, termsim.Config{Speed: 200, Faults: Faults(t, "paper-out")})
	if got := term.Faults(); len(got) != 1 || got[0].String() != "paper-out" {
		t.Fatalf("Faults() = %v, want paper-out", got)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := c.Exchange(ctx, serialio.Message{Cmd: serialio.CmdStatus})
	if err != nil || resp.RC() != "00" {
		t.Fatalf("ST = %v, %v", resp, err)
	}
	if v, _ := resp.Get("PAPER"); v != "OUT" {
		t.Errorf("PAPER = %q, want OUT", v)
	}
}
