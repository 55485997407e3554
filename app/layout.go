package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// stepLayout lays out the checklist's rows of five cells: icon, step name, summary (takes the
// spare width), progress bar, re-run button. Sizes come from the cells' minimums and the theme.
type stepLayout struct{ cols int }

func newStepLayout() fyne.Layout { return &stepLayout{cols: 5} }

func (l *stepLayout) widths(objects []fyne.CanvasObject, total float32) []float32 {
	w := make([]float32, l.cols)
	for i, o := range objects {
		if c := i % l.cols; o.MinSize().Width > w[c] {
			w[c] = o.MinSize().Width
		}
	}
	w[2] = theme.Size(theme.SizeNameText) * 8 // summary: at least some words
	w[3] = theme.Size(theme.SizeNameText) * 9 // bar
	pad := theme.Padding()
	used := float32(0)
	for i, x := range w {
		if i != 2 {
			used += x
		}
	}
	used += pad * float32(l.cols-1)
	if spare := total - used; spare > w[2] {
		w[2] = spare
	}
	return w
}

func (l *stepLayout) rowHeight(objects []fyne.CanvasObject, row int) float32 {
	h := float32(0)
	for c := 0; c < l.cols; c++ {
		if i := row*l.cols + c; i < len(objects) && objects[i].MinSize().Height > h {
			h = objects[i].MinSize().Height
		}
	}
	return h
}

func (l *stepLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	w := l.widths(objects, size.Width)
	pad := theme.Padding()
	y := float32(0)
	for row := 0; row*l.cols < len(objects); row++ {
		h := l.rowHeight(objects, row)
		x := float32(0)
		for c := 0; c < l.cols; c++ {
			i := row*l.cols + c
			if i >= len(objects) {
				break
			}
			o := objects[i]
			ms := o.MinSize()
			oh := h
			if c == 0 || c == 3 { // icon and bar: their own height, centred
				oh = ms.Height
			}
			o.Move(fyne.NewPos(x, y+(h-oh)/2))
			o.Resize(fyne.NewSize(w[c], oh))
			x += w[c] + pad
		}
		y += h + pad
	}
}

func (l *stepLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	w := l.widths(objects, 0)
	width := theme.Padding() * float32(l.cols-1)
	for _, x := range w {
		width += x
	}
	height := float32(0)
	rows := (len(objects) + l.cols - 1) / l.cols
	for row := 0; row < rows; row++ {
		height += l.rowHeight(objects, row)
	}
	if rows > 1 {
		height += theme.Padding() * float32(rows-1)
	}
	return fyne.NewSize(width, height)
}
