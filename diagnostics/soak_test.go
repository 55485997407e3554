//go:build soak

package diagnostics_test

// The soak test (make soak; docs/testing.md): N unattended checks against the simulated
// terminal with random line faults and seeds, in memory and on ptys, counting hangs, panics,
// double executions and wrong verdicts. It is not part of make test: it runs for minutes.

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"posdoctor/diagnostics"
	"posdoctor/internal/simtest"
	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

var (
	soakN        = flag.Int("soak.n", 20, "checks to run")
	soakSeed     = flag.Int64("soak.seed", 0, "first seed (0: from the clock); run i uses seed+i")
	soakParallel = flag.Int("soak.parallel", 4, "checks at once (the line's timings are real, so most of a run is waiting)")
	soakBound    = flag.Duration("soak.bound", 6*time.Minute, "a check still running after this is a hang")
)

// soakRun is one check of the soak and what came of it.
type soakRun struct {
	seed   int64
	faults []string
	pty    bool

	verdict  string
	took     time.Duration
	hung     bool
	panicked string
	double   string   // a sign-on, comm test or print that ran more than once
	wrong    []string // findings or verdicts the injected faults do not explain
	missed   bool     // the line faults acted during the link step but it passed
	partial  bool     // the journal could be read only in part: honest on a line the link step found poor
	aux      string   // the before/after reading failed (not counted against the check)
}

func (s *soakRun) replay() string {
	return fmt.Sprintf("posdoctor check --sim --seed %d --fault %s --yes", s.seed, strings.Join(s.faults, ","))
}

// soakFaults picks one or two line faults, and sometimes cover-open, whose print failure is
// logged as an event each time the print runs: a print run twice shows as two events.
func soakFaults(rng *rand.Rand) []string {
	rate := func(lo, hi float64) string { return strconv.FormatFloat(lo+rng.Float64()*(hi-lo), 'f', 4, 64) }
	line := []func() string{
		func() string { return "link-noise=" + rate(0.0003, 0.0015) },
		func() string { return "link-drop=" + rate(0.05, 0.3) },
		func() string { return "lost-ack=" + rate(0.05, 0.3) },
		func() string { return "link-gap" },
	}
	var out []string
	for _, i := range rng.Perm(len(line))[:1+rng.IntN(2)] {
		out = append(out, line[i]())
	}
	if rng.IntN(3) == 0 {
		out = append(out, "cover-open")
	}
	return out
}

// counts reads the terminal's TRACE and the number of event-log entries over the protocol.
func counts(ctx context.Context, c *serialio.Client) (trace, events int, err error) {
	st, err := c.Exchange(ctx, serialio.Message{Cmd: "ST"})
	if err != nil {
		return 0, 0, fmt.Errorf("ST: %w", err)
	}
	if trace, err = strconv.Atoi(st.Value("TRACE")); err != nil {
		return 0, 0, fmt.Errorf("ST TRACE %q", st.Value("TRACE"))
	}
	for page := 1; page < 1000; page++ {
		resp, err := c.Exchange(ctx, serialio.Message{Cmd: "EL", Fields: []serialio.Field{{Name: "PAGE", Value: strconv.Itoa(page)}}})
		if err != nil {
			return 0, 0, fmt.Errorf("EL page %d: %w", page, err)
		}
		for _, f := range resp.Fields {
			if f.Name == "EVT" {
				events++
			}
		}
		if resp.Value("MORE") != "Y" {
			return trace, events, nil
		}
	}
	return 0, 0, fmt.Errorf("EL never ended")
}

func connect(t *testing.T, s *soakRun) (*serialio.Client, *termsim.Terminal, func()) {
	term, err := termsim.New(termsim.Config{Speed: 50, AutoKeys: true, Seed: s.seed, Faults: simtest.Faults(t, s.faults...)})
	if err != nil {
		t.Fatalf("seed %d %v: %v", s.seed, s.faults, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if s.pty {
		path, wait, err := term.OpenPTY(ctx)
		if err == nil {
			port, err := serialio.OpenPort(path, serialio.PortConfig{Baud: serialio.DefaultBaud})
			if err != nil {
				cancel()
				t.Fatalf("open %s: %v", path, err)
			}
			c := serialio.NewClient(port, serialio.ClientConfig{})
			return c, term, func() { c.Close(); cancel(); _ = wait() }
		}
		s.pty = false // no ptys here: in memory
	}
	c, stop := simtest.Serve(term)
	return c, term, func() { stop(); cancel() }
}

func (s *soakRun) check(t *testing.T) {
	c, term, stop := connect(t, s)
	defer stop()
	ctx := context.Background()
	trace0, events0, err := counts(ctx, c)
	if err != nil {
		trace0, events0, err = counts(ctx, c) // the line may lose a page's every send
	}
	if err != nil {
		s.aux = "before: " + err.Error() // the check still runs; only its double executions go unmeasured
	}
	lineBefore := term.LineStats()
	var linkLine termsim.LineStats
	cl := &diagnostics.Checklist{Term: c, Op: diagnostics.AutoOperator{}}
	cl.OnProgress = func(p diagnostics.Progress) {
		if p.Phase == diagnostics.PhaseDone && p.Step == diagnostics.StepLink {
			linkLine = term.LineStats()
		}
	}
	runCtx, cancel := context.WithTimeout(ctx, *soakBound)
	defer cancel()
	done := make(chan *diagnostics.Report, 1)
	start := time.Now()
	go func() {
		defer func() {
			if r := recover(); r != nil {
				s.panicked = fmt.Sprint(r)
				done <- nil
			}
		}()
		done <- cl.Run(runCtx)
	}()
	var rep *diagnostics.Report
	select {
	case rep = <-done:
	case <-time.After(*soakBound + 30*time.Second):
		s.hung = true
		return
	}
	s.took = time.Since(start)
	if rep == nil {
		return
	}
	s.verdict = rep.Verdict.Kind.String()
	if runCtx.Err() != nil {
		s.hung = true
	}

	coverOpen := slices.Contains(s.faults, "cover-open")
	allowed := map[string]bool{diagnostics.CodeLinkPoor: true, diagnostics.CodeLinkResends: true}
	if coverOpen {
		allowed["P2"] = true
		if p, _ := rep.Step(diagnostics.StepPrinter); !slices.ContainsFunc(p.Findings, func(f diagnostics.Finding) bool { return f.Code == "P2" }) {
			s.wrong = append(s.wrong, "printer without P2 with the cover open: "+p.Summary)
		}
	}
	if link, _ := rep.Step(diagnostics.StepLink); link.Status == diagnostics.StatusWarn {
		// on a line found poor, a journal page may lose every send of every ask: saying the
		// journal was read in part is the honest answer
		allowed[diagnostics.CodeJournalPartial] = true
	}
	for _, st := range rep.Steps {
		for _, f := range st.Findings {
			s.partial = s.partial || f.Code == diagnostics.CodeJournalPartial
		}
		if st.Status == diagnostics.StatusError || st.Status == diagnostics.StatusSkipped {
			s.wrong = append(s.wrong, fmt.Sprintf("%s %s: %s", st.ID, st.Status, st.Summary))
		}
		for _, f := range st.Findings {
			if f.Severity != diagnostics.SeverityInfo && !allowed[f.Code] {
				s.wrong = append(s.wrong, fmt.Sprintf("%s %s: %s", st.ID, f.Code, f.Message))
			}
		}
	}
	switch want := []string{"all-pass", "fix-on-site"}; {
	case coverOpen && s.verdict != "fix-on-site", !slices.Contains(want, s.verdict):
		s.wrong = append(s.wrong, "verdict "+s.verdict)
	}
	if link, ok := rep.Step(diagnostics.StepLink); ok && link.Status == diagnostics.StatusPass {
		d := termsim.LineStats{Dropped: linkLine.Dropped - lineBefore.Dropped, LostACKs: linkLine.LostACKs - lineBefore.LostACKs, Stalled: linkLine.Stalled - lineBefore.Stalled}
		s.missed = d.Dropped+d.LostACKs+d.Stalled > 0
	}

	// a sign-on and a comm test use one trace number each; the sign-on logs one event, a print
	// with the cover open one more: more is a request that ran twice
	if s.aux != "" {
		return
	}
	trace1, events1, err := counts(ctx, c)
	if err != nil {
		trace1, events1, err = counts(ctx, c)
	}
	if err != nil {
		s.aux = "after: " + err.Error()
		return
	}
	wantTrace, wantEvents := 2, 1
	if coverOpen {
		wantEvents++
	}
	if trace1-trace0 > wantTrace || events1-events0 > wantEvents {
		s.double = fmt.Sprintf("TRACE +%d (want %d), events +%d (want %d)", trace1-trace0, wantTrace, events1-events0, wantEvents)
	}
}

func TestSoak(t *testing.T) {
	base := *soakSeed
	if base == 0 {
		base = time.Now().UnixNano() % 1_000_000
	}
	t.Logf("soak: %d checks from seed %d, %d at a time", *soakN, base, *soakParallel)
	runs := make([]*soakRun, *soakN)
	sem := make(chan struct{}, max(*soakParallel, 1))
	var wg sync.WaitGroup
	for i := range runs {
		rng := rand.New(rand.NewPCG(uint64(base+int64(i)), 9))
		s := &soakRun{seed: base + int64(i), faults: soakFaults(rng), pty: i%4 == 3}
		runs[i] = s
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			s.check(t)
			t.Logf("%-13s %5.1fs pty=%-5v wrong=%d double=%q missed=%v %s %s", s.verdict, s.took.Seconds(), s.pty, len(s.wrong), s.double, s.missed, s.aux, s.replay())
		}()
	}
	wg.Wait()
	var hung, panics, doubles, wrong, missed, aux, partial int
	var slowest time.Duration
	for _, s := range runs {
		slowest = max(slowest, s.took)
		if s.hung {
			hung++
			t.Errorf("hang: %s", s.replay())
		}
		if s.panicked != "" {
			panics++
			t.Errorf("panic %s: %s", s.panicked, s.replay())
		}
		if s.double != "" {
			doubles++
			t.Errorf("ran twice (%s): %s", s.double, s.replay())
		}
		if len(s.wrong) > 0 {
			wrong++
			t.Errorf("wrong verdict %s %q: %s", s.verdict, s.wrong, s.replay())
		}
		if s.missed {
			missed++
			t.Logf("bad line passed as healthy: %s", s.replay())
		}
		if s.aux != "" {
			aux++
		}
		if s.partial {
			partial++
		}
	}
	t.Logf("soak result: %d checks, %d hangs, %d panics, %d double executions, %d wrong verdicts, %d bad lines passed as healthy, %d journals read in part on a poor line, %d not measured; slowest %.1f s",
		len(runs), hung, panics, doubles, wrong, missed, partial, aux, slowest.Seconds())
}
