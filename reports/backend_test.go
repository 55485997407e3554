package reports

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"posdoctor/internal/pgtest"
)

// The store's test suite runs against both backends: first on SQLite files, then, run again
// by TestMain in a child process with backendEnv=postgres, every test that opens its store
// with openTestStore gets a fresh PostgreSQL database instead (internal/pgtest). Tests of
// what only a file has (its pragmas, its bytes on disk, recovery files beside it) open files
// by path and run the same in both.
const backendEnv = "POSDOCTOR_TEST_BACKEND"

// onPostgres reports whether this run of the suite is the PostgreSQL one.
func onPostgres() bool { return os.Getenv(backendEnv) == "postgres" }

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	if code != 0 || onPostgres() || slices.ContainsFunc(os.Args, func(a string) bool {
		// fuzzing, listing and benchmarks run once: the benchmarks compare the backends themselves
		return strings.HasPrefix(a, "-test.fuzz") || strings.HasPrefix(a, "-test.list") || strings.HasPrefix(a, "-test.bench=") && a != "-test.bench="
	}) {
		os.Exit(code)
	}
	// the same suite on the shared store's backend
	// the sync tests run PostgreSQL on both sides of their own; once is enough
	cmd := exec.Command(os.Args[0], append(os.Args[1:], "-test.skip=^(TestSync|TestSharedStore)")...)
	cmd.Env = append(os.Environ(), backendEnv+"=postgres")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	os.Stdout.WriteString("=== the same tests on PostgreSQL (" + backendEnv + "=postgres)\n")
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			os.Exit(ee.ExitCode())
		}
		os.Stderr.WriteString("run the PostgreSQL suite: " + err.Error() + "\n")
		os.Exit(1)
	}
	os.Exit(0)
}

// openTestStore opens a new, empty store, closed when the test ends: a file in a folder of
// its own, or in the PostgreSQL run a database of its own.
func openTestStore(t testing.TB) *Store {
	t.Helper()
	var s *Store
	if onPostgres() {
		var err error
		if s, err = Open(pgtest.Database(t)); err != nil {
			t.Fatal(err)
		}
	} else {
		s = openStoreAt(t, filepath.Join(t.TempDir(), "sub", "incidents.db"))
	}
	t.Cleanup(func() { s.Close() })
	return s
}
