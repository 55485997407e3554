package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// allText collects the text of every label and rich text under o.
func allText(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.RichText:
			for _, s := range w.Segments {
				b.WriteString(s.Textual() + "\n")
			}
		case *widget.Accordion:
			for _, it := range w.Items {
				b.WriteString(it.Title + "\n")
				walk(it.Detail)
			}
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}
