package app

import (
	"fmt"
	"image"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// memStatsEnv names a file for scripts/startup.sh (make startup): when it is set, the app logs
// "first-frame N ms" on stderr once its first frame is painted and, on each SIGUSR1, writes its
// Go heap figures (runtime.MemStats) to that file and a heap profile (pprof) beside it as
// FILE.pprof; SIGUSR2 does the same after a garbage collection, so the profile shows what is
// live. Unset — always, but for that measurement — nothing of this runs.
const memStatsEnv = "POSDOCTOR_MEMSTATS"

// processStart is about when the process began: package variables are set before main runs.
var processStart = time.Now()

// measureStartup wraps the window's content for the measurement of memStatsEnv, or returns it
// as it is when the variable is unset. UI goroutine, before the window shows.
func measureStartup(content fyne.CanvasObject) fyne.CanvasObject {
	file := os.Getenv(memStatsEnv)
	if file == "" {
		return content
	}
	go writeMemStatsOnSignal(file)
	// a transparent raster over the content: the painter asks it for its image while it paints
	// the first frame; a function queued then runs once that frame is done
	var once sync.Once
	marker := canvas.NewRaster(func(w, h int) image.Image {
		once.Do(func() {
			go fyne.Do(func() {
				fmt.Fprintf(os.Stderr, "first-frame %d ms\n", time.Since(processStart).Milliseconds())
			})
		})
		return image.NewNRGBA(image.Rect(0, 0, 1, 1))
	})
	return container.NewStack(content, marker)
}

// writeMemStatsOnSignal writes the heap figures and profile to file on each SIGUSR1, and
// after a collection on each SIGUSR2 (memStatsSignal, memStatsGCSignal). Windows has neither
// signal: there it returns at once (make startup measures on Linux).
func writeMemStatsOnSignal(file string) {
	if memStatsSignal == nil {
		return
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, memStatsSignal, memStatsGCSignal)
	for s := range sig {
		if s == memStatsGCSignal {
			runtime.GC()
		}
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		text := fmt.Sprintf("HeapInuse %d\nHeapAlloc %d\nHeapSys %d\nHeapReleased %d\nSys %d\nNumGC %d\n", m.HeapInuse, m.HeapAlloc, m.HeapSys, m.HeapReleased, m.Sys, m.NumGC)
		if f, err := os.Create(file + ".pprof"); err == nil {
			pprof.Lookup("heap").WriteTo(f, 0)
			f.Close()
		}
		// the figures last: the script waits for this file
		if err := os.WriteFile(file+".tmp", []byte(text), 0o644); err == nil {
			os.Rename(file+".tmp", file)
		}
	}
}

// releaseStartupMemory hands back to the system, once, the memory the start-up used and freed:
// parsing the fonts (Fyne parses each of its faces whole, and scans the system's fonts),
// decoding and indexing the code book, opening the store, the first month's figures. At its peak
// the heap is about twice what stays live, and the Go runtime keeps freed memory up to its next
// collection's goal, which an idle window never reaches, so without this the window would hold
// tens of MB it does not use for as long as it is open. Runs once, in the background, a few
// seconds after the start-up work has been handed to the screens (started closed).
func releaseStartupMemory(started <-chan struct{}) {
	select {
	case <-started:
	case <-time.After(time.Minute): // the store never opened: the start-up is over anyway
	}
	time.Sleep(3 * time.Second) // the screens drawn with the code book, the month's figures computed
	debug.FreeOSMemory()
}
