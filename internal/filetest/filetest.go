// Package filetest makes and inspects files on disk for tests: a named pipe that never leaves
// a reader blocked, a read of one that must return at once (Returns), a file's digest, a zip's
// parts (ZipParts). It is for tests only: nothing of the program imports it.
package filetest

import (
	"crypto/sha256"
	"os"
	"testing"
	"time"
)

// Digest returns the SHA-256 of the file at path, to show that a test left it untouched.
func Digest(t testing.TB, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// Returns runs read, which reads the named pipe at fifo, and returns its result; when read has
// not returned within d, it releases the pipe (Unblock) and fails the test with "what did not
// return within d": a refused pipe must be refused at once, not opened.
func Returns[T any](t testing.TB, fifo string, d time.Duration, what string, read func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- read() }()
	select {
	case r := <-done:
		return r
	case <-time.After(d):
		Unblock(fifo)
		t.Fatalf("%s did not return within %v", what, d)
		panic("unreachable")
	}
}
