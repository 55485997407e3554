package diagnostics_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"posdoctor/diagnostics"
	"posdoctor/internal/simtest"
	"posdoctor/pan"
	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

// TestCheckKeepsLuhnMID: the simulated terminals of seeds 7 and 11 have a MID that passes Luhn
// (a user's trial saw `check --json` mask it as a card number); the report shows it whole in
// the terminal fields, the terminal step's summary, its arguments and evidence.
func TestCheckKeepsLuhnMID(t *testing.T) {
	for _, seed := range []int64{7, 11} {
		c, _ := simtest.Start(t, termsim.Config{Speed: 200, Seed: seed})
		cl := newChecklist(c)
		cl.Steps = []diagnostics.StepID{diagnostics.StepTerminal}
		rep := cl.Run(context.Background())
		checkTemplated(t, rep)
		resp, err := c.Exchange(context.Background(), serialio.Message{Cmd: serialio.CmdStatus})
		if err != nil {
			t.Fatal(err)
		}
		mid := resp.Value("MID")
		if !pan.Luhn([]byte(mid)) || pan.MaskText(mid) == mid {
			t.Fatalf("seed %d: MID %s does not pass Luhn: the test tests nothing", seed, mid)
		}
		b, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			Terminal map[string]string `json:"terminal"`
			Steps    []struct {
				Summary     string         `json:"summary"`
				SummaryArgs map[string]any `json:"summary_args"`
				Evidence    map[string]any `json:"evidence"`
			} `json:"steps"`
		}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		s := m.Steps[0]
		if m.Terminal["mid"] != mid || s.SummaryArgs["MID"] != mid || s.Evidence["mid"] != mid || !strings.Contains(s.Summary, "MID "+mid+",") {
			t.Errorf("seed %d: MID %s masked in check --json:\n%s", seed, mid, b)
		}
	}
}
