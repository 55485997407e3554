//go:build ignore

// Command barewindow is the floor `make startup` measures posdoctor against: a Fyne window with
// one label, built from posdoctor's module (so the same Fyne and driver versions) and run under
// the same Xvfb and software OpenGL. Like posdoctor with POSDOCTOR_MEMSTATS=FILE (app/startup.go)
// it logs "first-frame N ms" after its first paint and writes its Go heap figures and a heap
// profile to FILE on SIGUSR1. Build: go build -o BIN scripts/barewindow/main.go (the ignore tag
// keeps it out of ./..., the tests and the import graph).
package main

import (
	"fmt"
	"image"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"sync"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

var processStart = time.Now()

func main() {
	a := app.NewWithID("cn.posdoctor.barewindow")
	w := a.NewWindow("Bare window")
	var once sync.Once
	marker := canvas.NewRaster(func(int, int) image.Image {
		once.Do(func() {
			go fyne.Do(func() { fmt.Fprintf(os.Stderr, "first-frame %d ms\n", time.Since(processStart).Milliseconds()) })
		})
		return image.NewNRGBA(image.Rect(0, 0, 1, 1))
	})
	w.SetContent(container.NewStack(widget.NewLabel("A bare Fyne window"), marker))
	w.Resize(fyne.NewSize(1200, 640)) // posdoctor's first window
	if file := os.Getenv("POSDOCTOR_MEMSTATS"); file != "" {
		go func() {
			sig := make(chan os.Signal, 1)
			signal.Notify(sig, syscall.SIGUSR1)
			for range sig {
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				if f, err := os.Create(file + ".pprof"); err == nil {
					pprof.Lookup("heap").WriteTo(f, 0)
					f.Close()
				}
				s := fmt.Sprintf("HeapInuse %d\nHeapAlloc %d\nHeapSys %d\nHeapReleased %d\nSys %d\nNumGC %d\n", m.HeapInuse, m.HeapAlloc, m.HeapSys, m.HeapReleased, m.Sys, m.NumGC)
				os.WriteFile(file+".tmp", []byte(s), 0o644)
				os.Rename(file+".tmp", file)
			}
		}()
	}
	w.ShowAndRun()
}
