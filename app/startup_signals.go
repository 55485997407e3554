//go:build !windows

package app

import (
	"os"
	"syscall"
)

// The signals that ask for the heap figures (see memStatsEnv): as they are, and after a collection.
var memStatsSignal, memStatsGCSignal os.Signal = syscall.SIGUSR1, syscall.SIGUSR2
