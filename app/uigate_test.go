package app

import "testing"

// A function handed to the gate before the window closed but run after (Fyne runs it at once
// on the caller's goroutine once its queue has stopped) is dropped, as is one handed after.
func TestUIGateDropsWorkAfterClose(t *testing.T) {
	var queue []func()
	g := &uiGate{run: func(f func()) { queue = append(queue, f) }}
	ran := 0
	g.Do(func() { ran++ })
	queue[0]()
	if ran != 1 {
		t.Fatalf("an open gate ran %d functions, want 1", ran)
	}
	g.Do(func() { ran++ }) // queued while open
	g.Close()
	g.Do(func() { ran++ }) // handed after the close
	for _, f := range queue[1:] {
		f()
	}
	if ran != 1 {
		t.Fatalf("after Close %d more functions ran, want none", ran-1)
	}
}
