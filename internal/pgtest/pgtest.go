// Package pgtest gives tests a PostgreSQL database of their own, on a throwaway server.
//
// make test starts one server for the whole run (scripts/with-postgres.sh) and passes its URL
// in POSDOCTOR_TEST_POSTGRES; without it (go test run by hand) the first test that asks
// starts a server of its own with initdb and pg_ctl in a temporary folder, which Stop (called
// from TestMain) removes. Each call of Database makes a fresh, empty database, dropped when the
// test ends. When no server can be had the test fails and says why: nothing is skipped.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// PasswordGroupHBA is the first line of the test server's pg_hba.conf: members of the role
// posdoctor_pw must give their password; every other local login is trusted.
const PasswordGroupHBA = "local all +posdoctor_pw scram-sha-256\n"

// Env names the variable holding the admin URL of the server tests use.
const Env = "POSDOCTOR_TEST_POSTGRES"

var (
	once     sync.Once
	adminURL string
	startErr error
	ownDir   string                                      // the server this process started, to stop
	ownCmd   func(name string, args ...string) *exec.Cmd // runs one of its programs as its user
)

// Admin returns the URL of the test server's admin database, starting a server when none
// was given.
func Admin(t testing.TB) string {
	t.Helper()
	once.Do(func() {
		if u := os.Getenv(Env); u != "" {
			adminURL = u
			return
		}
		adminURL, startErr = start()
	})
	if startErr != nil {
		t.Fatalf("no PostgreSQL server for the shared store's tests: %v", startErr)
	}
	return adminURL
}

// Database creates an empty database for t and returns its URL; it is dropped when t ends.
func Database(t testing.TB) string {
	t.Helper()
	admin := Admin(t)
	b := make([]byte, 6)
	rand.Read(b)
	name := "t_" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := exec1(ctx, admin, "CREATE DATABASE "+name+" TEMPLATE template0 ENCODING 'UTF8'"); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := exec1(ctx, admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	return WithDatabase(t, admin, name)
}

// WithDatabase returns admin with its database replaced by name.
func WithDatabase(t testing.TB, admin, name string) string {
	t.Helper()
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("test server URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// Exec runs sql on the database at dbURL (a test's grants, a role).
func Exec(t testing.TB, dbURL, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := exec1(ctx, dbURL, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func exec1(ctx context.Context, dbURL, sql string) error {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, sql)
	return err
}

// Stop stops the server this process started, if any. TestMain calls it after m.Run.
func Stop() {
	if ownDir == "" {
		return
	}
	run(ownCmd("pg_ctl", "-D", filepath.Join(ownDir, "data"), "-m", "immediate", "stop"))
	os.RemoveAll(ownDir)
	ownDir = ""
}

// start runs initdb and pg_ctl into a temporary folder, the server on a socket there.
func start() (string, error) {
	bin := ""
	if dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin"); len(dirs) > 0 {
		bin = dirs[len(dirs)-1]
	} else if p, err := exec.LookPath("initdb"); err == nil {
		bin = filepath.Dir(p)
	}
	if bin == "" {
		return "", errors.New("PostgreSQL's initdb is not installed (bash scripts/deps.sh test installs Debian's postgresql), and " + Env + " is not set")
	}
	dir, err := os.MkdirTemp("", "posdoctor-pg-")
	if err != nil {
		return "", err
	}
	var asUser []string
	if os.Geteuid() == 0 { // PostgreSQL refuses to run as root
		pu, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return "", errors.New("running as root needs the postgres user to start a test server")
		}
		uid, _ := strconv.Atoi(pu.Uid)
		os.Chown(dir, uid, -1)
		os.Chmod(dir, 0o755)
		asUser = []string{"runuser", "-u", "postgres", "--"}
	}
	cmd := func(name string, args ...string) *exec.Cmd {
		if len(asUser) == 0 {
			return exec.Command(filepath.Join(bin, name), args...)
		}
		all := append(append(append([]string{}, asUser[1:]...), filepath.Join(bin, name)), args...)
		return exec.Command(asUser[0], all...)
	}
	if err := run(cmd("initdb", "-D", filepath.Join(dir, "data"), "-U", "posdoctor", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("initdb: %w", err)
	}
	// members of posdoctor_pw log in with a password (the tests of a wrong one)
	hba := filepath.Join(dir, "data", "pg_hba.conf")
	if b, err := os.ReadFile(hba); err == nil {
		os.WriteFile(hba, append([]byte(PasswordGroupHBA), b...), 0o600)
	}
	opts := fmt.Sprintf("-c listen_addresses='' -c unix_socket_directories='%s' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", dir)
	if err := run(cmd("pg_ctl", "-D", filepath.Join(dir, "data"), "-o", opts, "-l", filepath.Join(dir, "server.log"), "-w", "-t", "30", "start")); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "server.log"))
		os.RemoveAll(dir)
		return "", fmt.Errorf("pg_ctl start: %w\n%s", err, log)
	}
	ownDir, ownCmd = dir, cmd
	return "postgres://posdoctor@/postgres?host=" + url.QueryEscape(dir) + "&sslmode=disable", nil
}

func run(c *exec.Cmd) error {
	out, err := c.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%v: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}
