//go:build !race

package reports

// raceEnabled: the race detector slows the store ~10 times; the heaviest tests run smaller.
const raceEnabled = false
