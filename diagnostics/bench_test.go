package diagnostics_test

import (
	"context"
	"testing"
	"time"

	"posdoctor/diagnostics"
)

// BenchmarkChecklistOverhead runs a full unattended checklist against the simulated terminal at
// real timing (Speed 1) and reports the checklist's overhead over the terminal's own modelled
// delays (printing, dialling, signing on, key presses): (wall − modelled) / modelled. Target:
// under 5 %. Each op takes as long as a real terminal would, about 15 s.
func BenchmarkChecklistOverhead(b *testing.B) {
	c, term := simTerminalSpeed(b, 1)
	var wall, modelled time.Duration
	for b.Loop() {
		m0 := term.ModelledDelay()
		start := time.Now()
		cl := &diagnostics.Checklist{Term: c, Op: diagnostics.AutoOperator{}}
		rep := cl.Run(context.Background())
		wall += time.Since(start)
		modelled += term.ModelledDelay() - m0
		for _, s := range rep.Steps {
			if s.Status != diagnostics.StatusPass {
				b.Fatalf("step %s: %s %s", s.ID, s.Status, s.Summary)
			}
		}
	}
	b.ReportMetric(float64(modelled.Milliseconds())/float64(b.N), "modelled-ms/op")
	b.ReportMetric(100*float64(wall-modelled)/float64(modelled), "overhead-%")
}
