//go:build !unix

package filetest

import "testing"

// FIFO: this system has no named pipes in the file system (Windows names its pipes \\.\pipe\…,
// outside any folder a user picks a file from), so the tests of reading one do not apply.
func FIFO(t testing.TB, name string) string {
	t.Helper()
	t.Skip("no named pipes in the file system here")
	return ""
}

// Unblock has nothing to release here.
func Unblock(path string) {}
