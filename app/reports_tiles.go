package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tileBox draws its content on a rounded panel in the theme's input background colour,
// following theme changes (a plain rectangle would keep the colour it was made with).
type tileBox struct {
	widget.BaseWidget
	content fyne.CanvasObject
}

func newTileBox(content fyne.CanvasObject) *tileBox {
	b := &tileBox{content: content}
	b.ExtendBaseWidget(b)
	return b
}

func (b *tileBox) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(nil)
	r := &tileRenderer{b: b, bg: bg}
	r.Refresh()
	return r
}

type tileRenderer struct {
	b  *tileBox
	bg *canvas.Rectangle
}

func (r *tileRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	r.b.content.Resize(size)
}

func (r *tileRenderer) MinSize() fyne.Size { return r.b.content.MinSize() }

func (r *tileRenderer) Refresh() {
	th := r.b.Theme()
	r.bg.FillColor = th.Color(theme.ColorNameInputBackground, fyne.CurrentApp().Settings().ThemeVariant())
	r.bg.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.bg.Refresh()
	r.b.content.Refresh()
}

func (r *tileRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.b.content} }
func (r *tileRenderer) Destroy()                     {}
