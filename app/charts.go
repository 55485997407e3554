package app

import (
	"image"
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"posdoctor/assets"
	"posdoctor/locale"
)

// latinFont is gonum/plot's own sans-serif font, for codes, numbers and month digits: the
// embedded CJK font has no Latin glyphs (Fyne falls back for them, gonum/plot does not).
var latinFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

// cjkFont is the embedded CJK font registered in gonum/plot's font cache, so category names
// in a chart's legend show in Chinese; the Latin font if it failed to load.
var cjkFont = sync.OnceValue(func() font.Font {
	otf, err := opentype.Parse(assets.Font)
	if err != nil {
		fyne.LogError("loading the chart font", err)
		return latinFont
	}
	f := font.Font{Typeface: "PosDoctorCJK"}
	font.DefaultCache.Add(font.Collection{{Font: f, Face: otf}})
	return f
})

// chartStyle is what a chart takes from the theme: its text size and colours, in pixels of
// the image it is drawn into.
type chartStyle struct {
	text       vg.Length // text size: one image pixel is one point (the canvas is 72 dpi)
	fg, accent color.Color
}

// textFont is the font for text in lang: Chinese needs the CJK font, English the Latin one.
func textFont(l locale.Lang) font.Font {
	if l == locale.EN {
		return latinFont
	}
	return cjkFont()
}

// newPlot is a plot with a transparent background and the theme's text size and colour, in
// the Latin font (a legend in Chinese sets its own).
func newPlot(st chartStyle) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = color.Transparent
	f := font.From(latinFont, st.text)
	for _, ts := range []*draw.TextStyle{&p.Title.TextStyle, &p.X.Label.TextStyle, &p.Y.Label.TextStyle, &p.X.Tick.Label, &p.Y.Tick.Label, &p.Legend.TextStyle} {
		ts.Font, ts.Color = f, st.fg
	}
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Color, a.Tick.Color = st.fg, st.fg
		a.LineStyle.Color, a.Tick.LineStyle.Color = st.fg, st.fg
	}
	return p
}

// renderPlot draws p into an image of w×h pixels.
func renderPlot(p *plot.Plot, w, h int) image.Image {
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(w), vg.Length(h)), vgimg.UseDPI(72), vgimg.UseBackgroundColor(color.Transparent))
	p.Draw(draw.New(c))
	return c.Image()
}

// seriesColor is the colour of the i-th series of a chart.
func seriesColor(i int) color.Color { return plotutil.Color(i) }

// barWidth is the width of one of n bars across w pixels, with a gap between bars.
func barWidth(w, n int) vg.Length {
	if n < 1 {
		n = 1
	}
	bw := vg.Length(w) / vg.Length(n) * 0.6
	if bw < 1 {
		bw = 1
	}
	return bw
}

// values is a plotter.Valuer over ints.
type values []int

func (v values) Len() int            { return len(v) }
func (v values) Value(i int) float64 { return float64(v[i]) }

var _ plotter.Valuer = values(nil)

// chartView shows a chart drawn by gonum/plot as an image. It draws again at its own size
// (in the canvas's pixels) whenever it is resized and when SetDraw gives it new data. Draw
// functions run on the UI goroutine and must be quick (a chart of a month's figures is).
type chartView struct {
	widget.BaseWidget
	draw       func(st chartStyle, w, h int) image.Image // nil: nothing to show
	img        *canvas.Image
	cols, rows float32 // minimum size in text heights
	drawnAt    fyne.Size
}

func newChartView(cols, rows float32) *chartView {
	c := &chartView{cols: cols, rows: rows, img: canvas.NewImageFromImage(nil)}
	c.img.FillMode = canvas.ImageFillStretch
	c.img.ScaleMode = canvas.ImageScaleSmooth
	c.ExtendBaseWidget(c)
	return c
}

// SetDraw replaces the chart's drawing and draws it again. UI goroutine.
func (c *chartView) SetDraw(f func(st chartStyle, w, h int) image.Image) {
	c.draw = f
	c.drawnAt = fyne.Size{}
	c.redraw(c.Size())
}

// Drawn reports whether the chart currently shows an image (for tests).
func (c *chartView) Drawn() bool { return c.img.Image != nil }

func (c *chartView) redraw(size fyne.Size) {
	if c.draw == nil || size.Width < 1 || size.Height < 1 {
		c.img.Image = nil
		c.img.Refresh()
		return
	}
	if size == c.drawnAt {
		return
	}
	c.drawnAt = size
	scale := float32(1)
	if cv := fyne.CurrentApp().Driver().CanvasForObject(c); cv != nil && cv.Scale() > 0 {
		scale = cv.Scale()
	}
	th := c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	st := chartStyle{
		text:   vg.Length(th.Size(theme.SizeNameText) * scale),
		fg:     th.Color(theme.ColorNameForeground, v),
		accent: th.Color(theme.ColorNamePrimary, v),
	}
	c.img.Image = c.draw(st, int(size.Width*scale), int(size.Height*scale))
	c.img.Refresh()
}

func (c *chartView) CreateRenderer() fyne.WidgetRenderer { return &chartRenderer{c: c} }

type chartRenderer struct{ c *chartView }

func (r *chartRenderer) Layout(size fyne.Size) {
	r.c.img.Resize(size)
	r.c.redraw(size)
}

func (r *chartRenderer) MinSize() fyne.Size {
	t := r.c.Theme().Size(theme.SizeNameText)
	return fyne.NewSize(t*r.c.cols, t*r.c.rows)
}

func (r *chartRenderer) Refresh() {
	r.c.drawnAt = fyne.Size{} // the theme may have changed
	r.c.redraw(r.c.Size())
}

func (r *chartRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.c.img} }
func (r *chartRenderer) Destroy()                     {}
