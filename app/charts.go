package app

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"posdoctor/reports"
)

// chartSeries is one series of a bar chart: a segment of every bar, and an entry of the legend.
type chartSeries struct {
	name  string      // in the legend
	color color.Color // nil: the theme's primary colour
}

// chartData is what a barChart shows: a bar per name, left to right, stacked from one
// segment per series (the first at the bottom); optionally a line through each bar's running
// share, labelled with its percentage and scaled so that 100 % reaches the tallest bar (a
// Pareto); optionally each bar's total above it, and a legend of the series.
type chartData struct {
	names  []string
	series []chartSeries
	values [][]int   // values[i][j]: bar i's segment of series j
	cumPct []float64 // nil: no line; else per bar, 0–100
	totals bool      // each bar's total above it
	legend bool      // the series' names and colours above the bars
}

// barTotal is bar i's height in counts: its series' values (negative ones count as none).
func (d chartData) barTotal(i int) float64 {
	var sum float64
	for j, v := range d.values[i] {
		if j < len(d.series) {
			sum += float64(max(v, 0))
		}
	}
	return sum
}

// top is the tallest bar's total; 0 when there is nothing to draw.
func (d chartData) top() float64 {
	var top float64
	for i := range d.names {
		if i < len(d.values) {
			top = max(top, d.barTotal(i))
		}
	}
	return top
}

// categoryColors are the trend's colours, one per incident category in the order of
// reports.Categories: fixed, so a category keeps its colour from month to month and in the
// light and dark themes alike (mid tones that read on both backgrounds).
var categoryColors = []color.Color{
	color.NRGBA{R: 0x3d, G: 0x85, B: 0xc6, A: 0xff}, // communication: blue
	color.NRGBA{R: 0xe6, G: 0x91, B: 0x38, A: 0xff}, // printer: orange
	color.NRGBA{R: 0x5b, G: 0xa3, B: 0x4a, A: 0xff}, // keypad: green
	color.NRGBA{R: 0x8e, G: 0x7c, B: 0xc3, A: 0xff}, // keys and sign-on: violet
	color.NRGBA{R: 0x2f, G: 0xaf, B: 0xa6, A: 0xff}, // card reading: teal
	color.NRGBA{R: 0xc9, G: 0xa2, B: 0x27, A: 0xff}, // host and merchant set-up: ochre
	color.NRGBA{R: 0xd9, G: 0x5b, B: 0x6a, A: 0xff}, // transaction dispute: rose
	color.NRGBA{R: 0x8f, G: 0x96, B: 0x9e, A: 0xff}, // other: grey
}

// categoryColor is the colour of category c in the charts.
func categoryColor(c reports.Category) color.Color {
	for i, k := range reports.Categories() {
		if k == c {
			return categoryColors[i%len(categoryColors)]
		}
	}
	return categoryColors[len(categoryColors)-1]
}

// niceStep is the smallest step of 1, 2 or 5 × 10^k that covers 0..top in at most n steps,
// and never below 1 (visits are counted).
func niceStep(top float64, n int) float64 {
	raw := top / float64(max(n, 1))
	if !(raw > 1) { // also NaN
		return 1
	}
	unit := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, f := range []float64{1, 2, 5, 10} {
		if s := f * unit; s >= raw*(1-1e-9) {
			return s
		}
	}
	return 10 * unit
}

// nextStep is the step of 1, 2 or 5 × 10^k after s.
func nextStep(s float64) float64 {
	unit := math.Pow(10, math.Floor(math.Log10(s)+1e-9))
	switch m := math.Round(s / unit); {
	case m < 2:
		return 2 * unit
	case m < 5:
		return 5 * unit
	}
	return 10 * unit
}

// steps is how many steps of step reach top.
func steps(top, step float64) int { return max(1, int(math.Ceil(top/step-1e-9))) }

// yTicks are the y axis' ticks for bars up to top with room for at most n steps, from 0 up to
// the first tick at or above top (the axis' end). The step is 1, 2 or 5 × 10^k: the largest
// that still makes 4 steps (n if fewer) and leaves at most 15 % of the axis above top, so a
// tall chart is not crowded with ticks nor a short one half empty; else the smallest that fits.
func yTicks(top float64, n int) []float64 {
	n = max(n, 1)
	step := niceStep(top, n)
	for s := step; s < top; { // up to the step that reaches top at once
		s = nextStep(s)
		if steps(top, s) < min(n, 4) {
			break
		}
		if end := float64(steps(top, s)) * s; end-top <= 0.15*end {
			step = s
		}
	}
	ticks := make([]float64, steps(top, step)+1)
	for i := range ticks {
		ticks[i] = float64(i) * step
	}
	return ticks
}

// tickText is a tick's label: a whole number.
func tickText(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }

// segmentOverlap is how far a bar's segment reaches under the one below it.
const segmentOverlap = 1

// maxLabelRunes bounds the text a chart measures for one label: no chart is that wide.
const maxLabelRunes = 200

// fitText is s when it is at most width wide at size, else its longest beginning with "…"
// that is, or "" when not even one character fits.
func fitText(s string, width, size float32) string {
	if utf8.RuneCountInString(s) > maxLabelRunes {
		s = string([]rune(s)[:maxLabelRunes]) + "…"
	}
	if textWidth(s, size) <= width {
		return s
	}
	runes := []rune(s)
	lo, hi := 0, len(runes)-1 // lo characters fit with "…", hi+1 do not
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if textWidth(string(runes[:mid])+"…", size) <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo == 0 {
		return ""
	}
	return string(runes[:lo]) + "…"
}

func textWidth(s string, size float32) float32 {
	return fyne.MeasureText(s, size, fyne.TextStyle{}).Width
}

// chartStyle is what a chart takes from the theme.
type chartStyle struct {
	text, caption, pad       float32 // text sizes and padding
	fg, muted, grid, primary color.Color
	labelBack                color.Color // behind the line's labels, where they cross a bar
}

// newChartStyle is the chart's style in theme th, variant v.
func newChartStyle(th fyne.Theme, v fyne.ThemeVariant) chartStyle {
	fg := th.Color(theme.ColorNameForeground, v)
	return chartStyle{
		text:      th.Size(theme.SizeNameText),
		caption:   th.Size(theme.SizeNameCaptionText),
		pad:       th.Size(theme.SizeNamePadding),
		fg:        fg,
		muted:     th.Color(theme.ColorNamePlaceHolder, v),
		grid:      withAlpha(fg, 0x38),
		primary:   th.Color(theme.ColorNamePrimary, v),
		labelBack: withAlpha(th.Color(theme.ColorNameBackground, v), 0xc0),
	}
}

// withAlpha is c at opacity a (of 255).
func withAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

// chartParts are the canvas objects of a chart laid out at one size, by what they show (the
// tests read them).
type chartParts struct {
	objects    []fyne.CanvasObject // all of them, in drawing order
	empty      *canvas.Text        // set when there is nothing to draw
	x0, x1     float32             // the plot area's left and right
	y0, y1     float32             // the plot area's top (the axis' end) and the bars' baseline
	ticks      []float64           // the y axis' tick values, bottom up
	tickLabels []*canvas.Text      // one per tick
	grid       []*canvas.Line      // one per tick above the baseline
	baseline   *canvas.Line
	segments   [][]*canvas.Rectangle // per bar, one per series: nil where its value is 0
	xLabels    []*canvas.Text        // per bar: nil where left out (crowded)
	line       []*canvas.Line        // the running share, from bar to bar
	points     []*canvas.Circle      // per bar, on the line
	pctLabels  []*canvas.Text        // per bar: nil where left out (crowded)
	totals     []*canvas.Text        // per bar: nil where left out (0 or too wide)
	legend     []*canvas.Text        // per series shown in the legend
	swatches   []*canvas.Rectangle   // per legend entry
}

func (p *chartParts) add(o fyne.CanvasObject) { p.objects = append(p.objects, o) }

// text adds a text object at pos, sized to its text.
func (p *chartParts) text(s string, size float32, c color.Color, pos fyne.Position) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize = size
	t.Move(pos)
	t.Resize(fyne.MeasureText(s, size, t.TextStyle))
	p.add(t)
	return t
}

// layoutChart lays d out at size in the style st: a legend on top, the y axis' ticks on the
// left with a faint line across at each, the bars on a baseline with their labels under it.
// With nothing to draw it shows "(none)" centred.
func layoutChart(d chartData, st chartStyle, size fyne.Size) *chartParts {
	p := &chartParts{}
	if !(size.Width > 0 && size.Height > 0) || math.IsInf(float64(size.Width), 0) || math.IsInf(float64(size.Height), 0) {
		return p // no room (or no size yet): nothing to draw
	}
	n := min(len(d.names), len(d.values))
	top := d.top()
	if n == 0 || !(top > 0) {
		s := lang.L("(none)")
		ts := fyne.MeasureText(s, st.text, fyne.TextStyle{})
		p.empty = p.text(s, st.text, st.muted, fyne.NewPos((size.Width-ts.Width)/2, (size.Height-ts.Height)/2))
		return p
	}
	textH := fyne.MeasureText("0", st.text, fyne.TextStyle{}).Height
	capH := fyne.MeasureText("0", st.caption, fyne.TextStyle{}).Height
	pad := st.pad

	// the legend: a swatch and a name per series, in rows that wrap
	y := float32(0)
	if d.legend {
		sw := textH * 0.6
		x, rowUsed := float32(0), false
		for _, s := range d.series {
			name := fitText(s.name, size.Width-sw-pad, st.text)
			w := sw + pad + textWidth(name, st.text)
			if rowUsed && x+w > size.Width {
				x, y = 0, y+textH
			}
			r := canvas.NewRectangle(seriesColor(s, st))
			r.CornerRadius = sw / 5
			r.Move(fyne.NewPos(x, y+(textH-sw)/2))
			r.Resize(fyne.NewSize(sw, sw))
			p.add(r)
			p.swatches = append(p.swatches, r)
			p.legend = append(p.legend, p.text(name, st.text, st.fg, fyne.NewPos(x+sw+pad, y)))
			x += w + 3*pad
			rowUsed = true
		}
		if rowUsed {
			y += textH + pad
		}
	}
	// room above the axis' end: the top tick's label, and a label above the tallest bar
	above := textH / 2
	if d.cumPct != nil || d.totals {
		above = max(above, capH+pad)
	}
	p.y0 = y + above
	p.y1 = size.Height - textH - pad/2
	plotH := p.y1 - p.y0
	if plotH < 1 {
		return p // too small to draw: nothing
	}
	p.ticks = yTicks(top, int(min(plotH/(textH*1.5), 1000))) // ticks at least 1.5 lines of text apart
	axisTop := p.ticks[len(p.ticks)-1]
	yOf := func(v float64) float32 { return p.y1 - float32(v/axisTop)*plotH }
	var tickW float32
	for _, v := range p.ticks {
		tickW = max(tickW, textWidth(tickText(v), st.text))
	}
	p.x0, p.x1 = tickW+pad, size.Width-pad
	plotW := p.x1 - p.x0
	if plotW < 1 {
		return p
	}
	for i, v := range p.ticks {
		ty := yOf(v)
		s := tickText(v)
		w := textWidth(s, st.text)
		p.tickLabels = append(p.tickLabels, p.text(s, st.text, st.fg, fyne.NewPos(p.x0-pad-w, ty-textH/2)))
		if i > 0 {
			l := canvas.NewLine(st.grid)
			l.StrokeWidth = 1
			l.Position1, l.Position2 = fyne.NewPos(p.x0, ty), fyne.NewPos(p.x1, ty)
			p.add(l)
			p.grid = append(p.grid, l)
		}
	}

	// the bars, stacked from the baseline, the topmost segment with rounded corners; drawn
	// from the top down, each segment reaching a little under the one below it, so no seam of
	// background shows between two (the one below covers the overlap)
	slot := plotW / float32(n)
	bw := min(slot*0.6, st.text*4)
	centre := func(i int) float32 { return p.x0 + slot*(float32(i)+0.5) }
	p.segments = make([][]*canvas.Rectangle, n)
	for i := range n {
		p.segments[i] = make([]*canvas.Rectangle, len(d.series))
		below := d.barTotal(i)
		first := true
		for j := len(d.series) - 1; j >= 0; j-- {
			if j >= len(d.values[i]) || d.values[i][j] <= 0 {
				continue
			}
			v := float64(d.values[i][j])
			below -= v
			yt, yb := yOf(below+v), yOf(max(below, 0))
			r := canvas.NewRectangle(seriesColor(d.series[j], st))
			r.Move(fyne.NewPos(centre(i)-bw/2, yt))
			r.Resize(fyne.NewSize(bw, min(yb+segmentOverlap, p.y1)-yt))
			if first {
				rad := min(pad*0.75, bw/2, yb-yt)
				r.TopLeftCornerRadius, r.TopRightCornerRadius = rad, rad
				first = false
			}
			p.add(r)
			p.segments[i][j] = r
		}
	}
	p.baseline = canvas.NewLine(st.fg)
	p.baseline.StrokeWidth = 1
	p.baseline.Position1, p.baseline.Position2 = fyne.NewPos(p.x0, p.y1), fyne.NewPos(p.x1, p.y1)
	p.add(p.baseline)

	// each bar's total above it, when it fits its slot
	if d.totals {
		p.totals = make([]*canvas.Text, n)
		for i := range n {
			t := d.barTotal(i)
			if t <= 0 {
				continue
			}
			s := tickText(t)
			ts := fyne.MeasureText(s, st.caption, fyne.TextStyle{})
			if ts.Width > slot-pad/2 {
				continue
			}
			p.totals[i] = p.text(s, st.caption, st.fg, fyne.NewPos(centre(i)-ts.Width/2, yOf(t)-ts.Height-pad/4))
		}
	}

	// the running share: a line from bar to bar, a point and its percentage at each
	if d.cumPct != nil {
		width := max(1, st.text/8)
		radius := max(2, st.text/5)
		pts, pcts := make([]fyne.Position, n), make([]float64, n)
		for i := range n {
			if i < len(d.cumPct) && d.cumPct[i] > 0 { // not NaN either
				pcts[i] = min(d.cumPct[i], 100)
			}
			pts[i] = fyne.NewPos(centre(i), yOf(pcts[i]/100*top))
			if i > 0 {
				l := canvas.NewLine(st.fg)
				l.StrokeWidth = width
				l.Position1, l.Position2 = pts[i-1], pts[i]
				p.add(l)
				p.line = append(p.line, l)
			}
		}
		for i := range n {
			c := canvas.NewCircle(st.fg)
			c.Move(pts[i].SubtractXY(radius, radius))
			c.Resize(fyne.NewSquareSize(2 * radius))
			p.add(c)
			p.points = append(p.points, c)
		}
		// the labels, the last (100 % with every code shown) first, each left out where it
		// would cover one placed already
		var boxes [][2]fyne.Position // the labels placed: top-left and bottom-right corners
		overlaps := func(a, b fyne.Position) bool {
			for _, k := range boxes {
				if a.X < k[1].X && k[0].X < b.X && a.Y < k[1].Y && k[0].Y < b.Y {
					return true
				}
			}
			return false
		}
		p.pctLabels = make([]*canvas.Text, n)
		for i := n - 1; i >= 0; i-- {
			s := fmt.Sprintf("%.0f%%", pcts[i])
			ts := fyne.MeasureText(s, st.caption, fyne.TextStyle{})
			x := min(max(pts[i].X-ts.Width/2, 0), size.Width-ts.Width)
			y := max(pts[i].Y-radius-pad/2-ts.Height, 0)
			a, b := fyne.NewPos(x-pad/2, y), fyne.NewPos(x+ts.Width+pad/2, y+ts.Height)
			if overlaps(a, b) {
				continue
			}
			boxes = append(boxes, [2]fyne.Position{a, b})
			back := canvas.NewRectangle(st.labelBack)
			back.CornerRadius = pad / 2
			back.Move(a)
			back.Resize(fyne.NewSize(b.X-a.X, b.Y-a.Y))
			p.add(back)
			p.pctLabels[i] = p.text(s, st.caption, st.fg, fyne.NewPos(x, y))
		}
	}

	p.xLabels = make([]*canvas.Text, n)
	texts, xs := placeXLabels(d.names[:n], centre, slot, size.Width, st.text, pad)
	for i, s := range texts {
		if s != "" {
			p.xLabels[i] = p.text(s, st.text, st.fg, fyne.NewPos(xs[i], p.y1+pad/2))
		}
	}
	return p
}

// seriesColor is s's colour in style st.
func seriesColor(s chartSeries, st chartStyle) color.Color {
	if s.color == nil {
		return st.primary
	}
	return s.color
}

// placeXLabels fits the bars' names under them without overlap: every name, the short ones
// whole and the longer ones shortened to the room their neighbours leave; or, when that would
// leave too little of a name, every second name (then third, …) with the room of that many
// bars. A name keeps at least 4 characters (all of a shorter one); each stays within 0..width,
// centred under its bar, gap from the next. It returns each bar's label ("" where left out)
// and its left edge.
func placeXLabels(names []string, centre func(int) float32, slot, width, size, gap float32) (texts []string, xs []float32) {
	n := len(names)
	texts, xs = make([]string, n), make([]float32, n)
	for k := 1; k <= n; k++ {
		clear(texts)
		if labelEvery(k, names, centre, slot, width, size, gap, texts, xs) {
			return texts, xs
		}
	}
	clear(texts)
	return texts, xs
}

// labelEvery labels every k-th bar (see placeXLabels), shortest name first, each as wide as
// the room between its neighbours' labels allows, and reports whether every name kept enough.
func labelEvery(k int, names []string, centre func(int) float32, slot, width, size, gap float32, texts []string, xs []float32) bool {
	var idx []int
	for i := 0; i < len(names); i += k {
		idx = append(idx, i)
	}
	half := make([]float32, len(idx)) // each label's half width
	placed := make([]bool, len(idx))
	for a, i := range idx {
		half[a] = textWidth(fitText(names[i], width, size), size) / 2
	}
	order := make([]int, len(idx))
	for a := range order {
		order[a] = a
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(half[a], half[b]) })
	room := float32(k)*slot - gap // between two labels' centres, less the gap
	for _, a := range order {
		i := idx[a]
		h := min(half[a], centre(i), width-centre(i))
		for _, b := range []int{a - 1, a + 1} {
			switch {
			case b < 0 || b >= len(idx):
			case placed[b]:
				h = min(h, room-half[b])
			default: // as long or longer: the room is shared
				h = min(h, room/2)
			}
		}
		t := fitText(names[i], max(2*h, 0), size)
		if t != names[i] && utf8.RuneCountInString(t)-1 < min(utf8.RuneCountInString(names[i]), 4) {
			return false
		}
		w := textWidth(t, size)
		half[a], placed[a] = w/2, true
		texts[i], xs[i] = t, centre(i)-w/2
	}
	return true
}

// barChart is a bar chart drawn from Fyne canvas objects, in the theme's colours and text
// size and the UI's fonts, laid out again whenever it is resized or the theme changes. It
// is at least cols × rows text heights. UI goroutine.
type barChart struct {
	widget.BaseWidget
	data       chartData
	cols, rows float32
}

func newBarChart(cols, rows float32) *barChart {
	c := &barChart{cols: cols, rows: rows}
	c.ExtendBaseWidget(c)
	return c
}

// SetData shows d instead of what the chart showed. UI goroutine.
func (c *barChart) SetData(d chartData) {
	c.data = d
	c.Refresh()
}

// Empty reports whether the chart has nothing to draw (it says so instead).
func (c *barChart) Empty() bool { return !(c.data.top() > 0) }

func (c *barChart) CreateRenderer() fyne.WidgetRenderer {
	r := &chartRenderer{c: c}
	r.Layout(c.Size())
	return r
}

// chartRenderer makes the chart's objects anew at each layout (a few dozen rectangles, lines
// and texts: cheaper than keeping them in step with the data, the size and the theme).
type chartRenderer struct {
	c     *barChart
	parts *chartParts
}

func (r *chartRenderer) Layout(size fyne.Size) {
	st := newChartStyle(r.c.Theme(), fyne.CurrentApp().Settings().ThemeVariant())
	r.parts = layoutChart(r.c.data, st, size)
}

func (r *chartRenderer) MinSize() fyne.Size {
	t := r.c.Theme().Size(theme.SizeNameText)
	return fyne.NewSize(t*r.c.cols, t*r.c.rows)
}

func (r *chartRenderer) Refresh() {
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.parts.objects }
func (r *chartRenderer) Destroy()                     {}
