//go:build !windows

package main

// attachConsole is needed on Windows only (main_windows.go): elsewhere a program run from a
// terminal has its standard streams.
func attachConsole() {}
