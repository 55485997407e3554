//go:build unix

package reports

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"posdoctor/diagnostics"
)

const (
	killDBEnv    = "POSDOCTOR_TEST_KILL_DB"
	killStartEnv = "POSDOCTOR_TEST_KILL_START"
)

var killNamespace = uuid.MustParse("6f1d3c1e-7a43-4a55-9b3e-2f7b9c1d0a11")

// killStage returns incident i as it is after stage 1 (first save), 2 (edited and saved
// again) or 3 (a second run added with AddRun).
func killStage(i, stage int) (*Incident, diagnostics.Report) {
	base := time.Date(2026, 3, 1, 8, 0, 0, 0, cst).Add(time.Duration(i) * time.Minute)
	inc := testIncident(base, 30+i%50)
	inc.ID = uuid.NewSHA1(killNamespace, []byte(strconv.Itoa(i))).String()
	inc.Notes = fmt.Sprintf("incident %d", i)
	if stage >= 2 {
		inc.Notes += " edited"
		inc.Journal = inc.Journal[:len(inc.Journal)-3]
		inc.Resolution = ResolutionWaitingParts
		inc.Actions = append(inc.Actions, Action{Time: base.Add(time.Minute), What: "换打印机芯", Result: fmt.Sprint(i)})
	}
	run2 := testReport(base.Add(5*time.Minute), 12+i%7)
	if stage >= 3 {
		inc.AddRun(run2)
	}
	return inc, run2
}

// TestKillDuringSave kills a process that saves incidents in a loop, many times, at random
// moments; every incident whose save had returned must be there, whole, at the stage it had
// reached (or a later one whose commit raced the kill).
func TestKillDuringSave(t *testing.T) {
	if path := os.Getenv(killDBEnv); path != "" {
		killChild(path)
		return
	}
	if testing.Short() {
		t.Skip("kill test re-executes the test binary many times")
	}
	path := filepath.Join(t.TempDir(), "kill.db")
	type saved struct{ i, stage int }
	var mu sync.Mutex
	last := map[string]saved{} // id → highest stage printed
	rounds := 15
	for round := range rounds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillDuringSave$", "-test.count=1")
		cmd.Env = append(os.Environ(), killDBEnv+"="+path, killStartEnv+"="+strconv.Itoa(round*10000))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		first := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			sc := bufio.NewScanner(out)
			once := sync.OnceFunc(func() { close(first) })
			for sc.Scan() {
				f := strings.Fields(sc.Text())
				if len(f) != 4 || f[0] != "saved" {
					continue
				}
				i, _ := strconv.Atoi(f[2])
				st, _ := strconv.Atoi(f[3])
				mu.Lock()
				if st > last[f[1]].stage {
					last[f[1]] = saved{i, st}
				}
				mu.Unlock()
				once()
			}
		}()
		select {
		case <-first:
		case <-time.After(60 * time.Second):
			cmd.Process.Kill()
			t.Fatal("child saved nothing in 60 s")
		}
		time.Sleep(time.Duration(rand.IntN(200)) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		<-done
		err = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: child ended by itself (%v) instead of being killed", round, err)
		}
	}

	s := openStoreAt(t, path)
	defer s.Close()
	var check string
	if err := s.db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q, %v", check, err)
	}
	ctx := context.Background()
	if len(last) < rounds {
		t.Fatalf("only %d incidents reported saved in %d rounds", len(last), rounds)
	}
	for id, sv := range last {
		got, err := s.Get(ctx, id)
		if err != nil {
			t.Errorf("incident %d (stage %d) lost: %v", sv.i, sv.stage, err)
			continue
		}
		c := canonical(t, got)
		ok := false
		for st := sv.stage; st <= 3 && !ok; st++ {
			want, _ := killStage(sv.i, st)
			want.Updated = time.Time{}
			ok = c == canonical(t, want.Sanitize())
		}
		if !ok {
			want, _ := killStage(sv.i, sv.stage)
			t.Errorf("incident %d not intact at stage %d or later:\n%s", sv.i, sv.stage, firstDiff(canonical(t, want.Sanitize()), c))
		}
	}
	t.Logf("%d rounds killed with SIGKILL; %d incidents reported saved and checked", rounds, len(last))
}

// killChild saves incidents in stages, forever, printing each after its save returned.
func killChild(path string) {
	start, _ := strconv.Atoi(os.Getenv(killStartEnv))
	s, err := Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "kill child:", err)
		os.Exit(3)
	}
	ctx := context.Background()
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "kill child:", err)
		os.Exit(3)
	}
	for i := start; ; i++ {
		inc, extra := killStage(i, 1)
		if err := s.Save(ctx, inc); err != nil {
			fail(err)
		}
		fmt.Printf("saved %s %d 1\n", inc.ID, i)
		inc, _ = killStage(i, 2)
		if err := s.Save(ctx, inc); err != nil {
			fail(err)
		}
		fmt.Printf("saved %s %d 2\n", inc.ID, i)
		if _, err := s.AddRun(ctx, inc.ID, extra); err != nil {
			fail(err)
		}
		fmt.Printf("saved %s %d 3\n", inc.ID, i)
	}
}
