package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// box is an object with a fixed minimum size.
func box(w, h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(nil)
	r.SetMinSize(fyne.NewSize(w, h))
	return r
}

// TestWrapLayout: rows wrap when the width runs out, the minimum width is the widest object's,
// and the minimum height follows the rows last laid out (what holds it is asked again).
func TestWrapLayout(t *testing.T) {
	pad := theme.Padding()
	for _, grid := range []bool{false, true} {
		objs := []fyne.CanvasObject{box(100, 20), box(100, 20), box(100, 20), box(100, 20)}
		c := newWrap(grid, objs...)
		refreshed := 0
		c.Layout.(*wrapLayout).refresh = func() { refreshed++ }
		if m := c.MinSize(); m.Width != 100 || m.Height != 20 {
			t.Fatalf("grid %v: first minimum %v, want one row as wide as one object", grid, m)
		}
		c.Resize(fyne.NewSize(4*100+3*pad, 20))
		if refreshed != 0 || objs[3].Position().Y != 0 {
			t.Errorf("grid %v: a width for all four wrapped (refreshed %d, 4th at %v)", grid, refreshed, objs[3].Position())
		}
		c.Resize(fyne.NewSize(2*100+pad+10, 20))
		if refreshed != 1 {
			t.Errorf("grid %v: wrapping to two rows did not ask for a new size", grid)
		}
		if objs[2].Position().Y != 20+pad || objs[2].Position().X != 0 {
			t.Errorf("grid %v: the third object at %v, want the start of the second row", grid, objs[2].Position())
		}
		if m := c.MinSize(); m.Width != 100 || m.Height != 2*20+pad {
			t.Errorf("grid %v: minimum after wrapping %v, want two rows", grid, m)
		}
		if grid && objs[1].Size().Width <= 100 {
			t.Errorf("grid: cells do not share the spare width: %v", objs[1].Size())
		}
		c.Resize(fyne.NewSize(1000, 40))
		if refreshed != 2 || c.MinSize().Height != 20 {
			t.Errorf("grid %v: widening back to one row: refreshed %d, minimum %v", grid, refreshed, c.MinSize())
		}
	}
}

// TestWrapGridShares: a grid given more height than it needs shares it among its rows.
func TestWrapGridShares(t *testing.T) {
	pad := theme.Padding()
	a, b := box(100, 20), box(100, 20)
	c := newWrap(true, a, b)
	c.Layout.(*wrapLayout).refresh = func() {}
	c.Resize(fyne.NewSize(100, 200)) // one column: two rows
	if want := (200 - pad) / 2; a.Size().Height != want || b.Position().Y != want+pad {
		t.Errorf("rows %v at %v, %v at %v; want each %v high", a.Size(), a.Position(), b.Size(), b.Position(), want)
	}
}
