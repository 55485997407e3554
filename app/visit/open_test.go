package visit

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

func status(t *testing.T, c *Conn) serialio.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := c.Client.Exchange(ctx, serialio.Message{Cmd: "ST"})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func TestOpenSimulatorOnPTYAndInMemory(t *testing.T) {
	for _, inMemory := range []bool{false, true} {
		c, err := Open(context.Background(), Target{Sim: true, InMemory: inMemory, SimConfig: termsim.Config{Speed: 50}})
		if err != nil {
			t.Fatal(err)
		}
		if !c.IsSim || c.Sim == nil || (c.Path == "") != inMemory {
			t.Errorf("in memory %v: %+v", inMemory, c)
		}
		if !inMemory && !strings.HasPrefix(c.Path, "/dev/") {
			t.Errorf("pty path %q", c.Path)
		}
		if resp := status(t, c); resp.RC() != "00" || len(resp.Value("TID")) != 8 {
			t.Errorf("ST %v", resp)
		}
		if c.Trace == nil || len(c.Trace.Entries()) == 0 {
			t.Error("no trace kept")
		}
		c.Close()
		c.Close() // twice is harmless
		select {
		case <-c.Client.Done():
		case <-time.After(2 * time.Second):
			t.Error("Close did not end the link")
		}
	}
}

func TestOpenRealPortErrors(t *testing.T) {
	if _, err := Open(context.Background(), Target{Port: "/dev/ttyNOPE"}); !errors.Is(err, serialio.ErrNoSuchPort) {
		t.Errorf("missing port: %v", err)
	}
	if _, err := Open(context.Background(), Target{}); err == nil {
		t.Error("no target accepted")
	}
	if _, err := Open(context.Background(), Target{Port: "/dev/x", Sim: true}); err == nil {
		t.Error("both a port and the simulator accepted")
	}
	bad, _ := termsim.ParseFault("comm=ETH")
	dial, _ := termsim.ParseFault("no-dialtone")
	if _, err := Open(context.Background(), Target{Sim: true, SimConfig: termsim.Config{Faults: []termsim.Fault{bad, dial}}}); err == nil {
		t.Error("contradictory faults accepted")
	}
}
