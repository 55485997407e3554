package app

import (
	"fmt"
	"image"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
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

// trimMemory hands back to the system the memory the Go heap holds beyond what is live,
// whenever the app has gone quiet. The runtime collects when the heap has doubled since the
// last collection and keeps the pages it freed until its scavenger, paced for servers, returns
// them: after the start-up (parsing the fonts, decoding and indexing the code book, opening the
// store: the heap peaks near twice what stays live) or after a visit (a checklist run, the
// month's reports) a window left open held 20–60 MB it did not use, for as long as it stayed
// open. So every trimEvery it reads the runtime's figures (runtime/metrics: no stop of the
// world) and, when the app allocated little since the last look (under trimQuiet: nothing runs
// but the status poll) and the heap holds more than trimSlack beyond what the last trim left,
// it collects and returns the free pages (debug.FreeOSMemory: one collection, a few ms). While
// the app works it never interferes. It starts once the start-up work is done (started closed,
// or after a minute) and ends when done is closed.
func trimMemory(started, done <-chan struct{}) {
	select {
	case <-started:
	case <-done:
		return
	case <-time.After(time.Minute): // the store never opened: the start-up is over anyway
	}
	samples := []metrics.Sample{
		{Name: "/gc/heap/allocs:bytes"},              // allocated since the process began
		{Name: "/gc/heap/live:bytes"},                // live at the last collection
		{Name: "/memory/classes/heap/objects:bytes"}, // objects, live or not yet swept
		{Name: "/memory/classes/heap/unused:bytes"},  // in spans, unused
		{Name: "/memory/classes/heap/free:bytes"},    // free spans not yet returned
	}
	heldNow := func() uint64 {
		return samples[2].Value.Uint64() + samples[3].Value.Uint64() + samples[4].Value.Uint64()
	}
	metrics.Read(samples)
	lastAllocs, floor := samples[0].Value.Uint64(), samples[1].Value.Uint64()
	tick := time.NewTicker(trimEvery)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return
		case <-tick.C:
		}
		metrics.Read(samples)
		allocs, held := samples[0].Value.Uint64(), heldNow()
		quiet := allocs-lastAllocs < trimQuiet
		lastAllocs = allocs
		if quiet && held > floor+trimSlack {
			debug.FreeOSMemory()
			// what a collection cannot hand back (live objects and the free room in their
			// spans) is the floor the next trim measures against
			metrics.Read(samples)
			lastAllocs, floor = samples[0].Value.Uint64(), heldNow()
			if os.Getenv(memStatsEnv) != "" {
				fmt.Fprintf(os.Stderr, "trim: %d MiB held, %d MiB live\n", held>>20, samples[1].Value.Uint64()>>20)
			}
		}
	}
}

// How often trimMemory looks, how little the app may have allocated since its last look to
// count as quiet, and how much memory beyond the live heap is worth a collection.
const (
	trimEvery = 5 * time.Second
	trimQuiet = 4 << 20
	trimSlack = 8 << 20
)
