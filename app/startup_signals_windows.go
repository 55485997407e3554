package app

import "os"

// Windows has no SIGUSR1 or SIGUSR2: the heap figures of memStatsEnv are not written there.
var memStatsSignal, memStatsGCSignal os.Signal
