package app

import (
	"os"
	"testing"

	"posdoctor/internal/pgtest"
)

// TestMain stops the PostgreSQL server the shared database's tests started, if any (make test
// passes one of its own in POSDOCTOR_TEST_POSTGRES instead).
func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}
