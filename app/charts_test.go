package app

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
	"posdoctor/reports"
)

// chartIn shows d in a window of size (unpadded) and returns the window, the chart and what
// it drew.
func chartIn(t *testing.T, d chartData, size fyne.Size) (fyne.Window, *barChart, *chartParts) {
	t.Helper()
	c := newBarChart(4, 4) // a small minimum: the tests choose the size
	c.SetData(d)
	w := test.NewTempWindow(t, c)
	w.SetPadded(false)
	w.Resize(size)
	if c.Size() != size {
		t.Fatalf("the chart is %v in a window of %v", c.Size(), size)
	}
	return w, c, partsOf(c)
}

// partsOf is what the chart drew at its last layout.
func partsOf(c *barChart) *chartParts { return test.WidgetRenderer(c).(*chartRenderer).parts }

// codeCounts is a Pareto's list as reports.Monthly computes it: names with their visits,
// sorted, and the running share of their sum (one decimal).
func codeCounts(names []string, counts ...int) []reports.CodeCount {
	total := 0
	for _, n := range counts {
		total += n
	}
	var out []reports.CodeCount
	run := 0
	for i, n := range counts {
		run += n
		out = append(out, reports.CodeCount{Code: names[i], Incidents: n, CumPct: math.Round(1000*float64(run)/float64(total)) / 10})
	}
	return out
}

var codeNames = []string{"FAILED-TXNS", "REPEATED-EVENTS", "P1", "05", "PAPER-OUT", "KEYCHK-MISMATCH", "51", "A0", "COMMS-TIMEOUT-WAITING-FOR-HOST", "X"}

// trendFixture is 12 months of 4 categories, each month's Incidents the sum of its
// categories; one month has no visit, one has no printer visit.
func trendFixture() []reports.TrendMonth {
	cats := reports.Categories()
	use := []reports.Category{cats[0], cats[1], cats[4], cats[7]}
	var out []reports.TrendMonth
	for i := range 12 {
		m := reports.TrendMonth{Month: fmt.Sprintf("%04d-%02d", 2025+(i+11)/12, (i+11)%12+1), ByCategory: map[reports.Category]int{}}
		for j, c := range use {
			v := (i*7+j*5)%9 + j
			if i == 3 && j == 1 || i == 6 {
				v = 0
			}
			m.ByCategory[c] = v
			m.Incidents += v
		}
		out = append(out, m)
	}
	return out
}

func near(a, b float32) bool { return math.Abs(float64(a-b)) < 0.01 }

func sameColor(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

// isStep reports whether s is 1, 2 or 5 × 10^k, k ≥ 0.
func isStep(s float64) bool {
	if s < 1 {
		return false
	}
	m := s / math.Pow(10, math.Floor(math.Log10(s)))
	return slices.ContainsFunc([]float64{1, 2, 5}, func(f float64) bool { return math.Abs(m-f) < 1e-9 })
}

// TestYTicks: the y axis steps by 1, 2 or 5 × 10^k, whole numbers only, in at most the steps
// there is room for, not much more finely than needed, and ends at the first tick at or above
// the tallest bar.
func TestYTicks(t *testing.T) {
	for _, tc := range []struct {
		top  float64
		n    int
		want []float64
	}{
		{1, 4, []float64{0, 1}},
		{3, 3, []float64{0, 1, 2, 3}},
		{7, 3, []float64{0, 5, 10}},
		{7, 4, []float64{0, 2, 4, 6, 8}},
		{10, 5, []float64{0, 2, 4, 6, 8, 10}},
		{23, 6, []float64{0, 5, 10, 15, 20, 25}},
		{100, 4, []float64{0, 50, 100}},
		{0.5, 3, []float64{0, 1}},
		{0, 3, []float64{0, 1}},
		{5, 0, []float64{0, 5}},
		{1e9, 5, []float64{0, 2e8, 4e8, 6e8, 8e8, 1e9}},
		// room for many steps: the largest step that still makes 4 and leaves ≤ 15 % above
		{23, 17, []float64{0, 5, 10, 15, 20, 25}},
		{100, 10, []float64{0, 20, 40, 60, 80, 100}},
		{31, 17, []float64{0, 5, 10, 15, 20, 25, 30, 35}},
		{28, 3, []float64{0, 10, 20, 30}},
		{1, 1000, []float64{0, 1}},
	} {
		if got := yTicks(tc.top, tc.n); !slices.Equal(got, tc.want) {
			t.Errorf("yTicks(%v, %d) = %v, want %v", tc.top, tc.n, got, tc.want)
		}
	}
	for top := 1; top <= 3000; top += 7 {
		for n := 1; n <= 12; n++ {
			ticks := yTicks(float64(top), n)
			step := ticks[1]
			if ticks[0] != 0 || !isStep(step) || len(ticks)-1 > n || ticks[len(ticks)-1] < float64(top) || ticks[len(ticks)-2] >= float64(top) {
				t.Fatalf("yTicks(%d, %d) = %v", top, n, ticks)
			}
		}
	}
	huge := yTicks(float64(math.MaxInt64), 4)
	if len(huge) > 5 || huge[len(huge)-1] < float64(math.MaxInt64) || !isStep(huge[1]) {
		t.Errorf("yTicks(MaxInt64, 4) = %v", huge)
	}
}

// TestParetoChart: a bar per code as high as its visits on the axis' scale, in the theme's
// primary colour, standing on the baseline; the cumulative line through each bar's running
// share, reaching the top of the tallest bar (100 %) at the last, each point labelled; tick
// labels at their heights; and all of it again when the window grows.
func TestParetoChart(t *testing.T) {
	newTestApp(t)
	codes := codeCounts(codeNames, 23, 17, 11, 8, 5, 3, 2, 1)
	w, c, p := chartIn(t, paretoData(codes), fyne.NewSize(600, 300))
	primary := c.Theme().Color(theme.ColorNamePrimary, fyne.CurrentApp().Settings().ThemeVariant())
	check := func(p *chartParts) {
		t.Helper()
		if c.Empty() || p.empty != nil || len(p.segments) != len(codes) {
			t.Fatalf("%d bars for %d codes (empty: %v)", len(p.segments), len(codes), p.empty != nil)
		}
		axisTop := p.ticks[len(p.ticks)-1]
		if axisTop < 23 || p.ticks[len(p.ticks)-2] >= 23 || !isStep(p.ticks[1]) {
			t.Errorf("ticks %v for a tallest bar of 23", p.ticks)
		}
		plotH := p.y1 - p.y0
		for i, v := range p.ticks {
			l := p.tickLabels[i]
			if l.Text != strconv.Itoa(int(v)) || !near(l.Position().Y+l.Size().Height/2, p.y1-float32(v/axisTop)*plotH) {
				t.Errorf("tick %v: label %q centred at %v", v, l.Text, l.Position().Y+l.Size().Height/2)
			}
		}
		for i, cc := range codes {
			r := p.segments[i][0]
			want := float32(float64(cc.Incidents)/axisTop) * plotH
			if !near(r.Size().Height, want) || !near(r.Position().Y+r.Size().Height, p.y1) || !sameColor(r.FillColor, primary) {
				t.Errorf("bar %s (%d visits): %v at %v, want %.2f high on %.2f", cc.Code, cc.Incidents, r.Size(), r.Position(), want, p.y1)
			}
			// the line's point: the running share of the tallest bar's height
			pt := p.points[i]
			cx, cy := pt.Position().X+pt.Size().Width/2, pt.Position().Y+pt.Size().Height/2
			if !near(cx, r.Position().X+r.Size().Width/2) || !near(cy, p.y1-float32(cc.CumPct/100)*p.segments[0][0].Size().Height) {
				t.Errorf("point %d at %v,%v", i, cx, cy)
			}
			if l := p.pctLabels[i]; l != nil && l.Text != fmt.Sprintf("%.0f%%", cc.CumPct) {
				t.Errorf("point %d labelled %q for %v", i, l.Text, cc.CumPct)
			}
		}
		last := p.points[len(codes)-1]
		if !near(last.Position().Y+last.Size().Height/2, p.segments[0][0].Position().Y) {
			t.Errorf("the line ends at %v, the tallest bar's top is %v", last.Position().Y+last.Size().Height/2, p.segments[0][0].Position().Y)
		}
		if l := p.pctLabels[len(codes)-1]; l == nil || l.Text != "100%" {
			t.Errorf("the last point's label: %v", l)
		}
		if end := last.Position().AddXY(last.Size().Width/2, last.Size().Height/2); len(p.line) != len(codes)-1 || !near(p.line[len(p.line)-1].Position2.X, end.X) || !near(p.line[len(p.line)-1].Position2.Y, end.Y) {
			t.Errorf("%d line segments, not joining the points", len(p.line))
		}
	}
	check(p)

	// the bars are painted: the middle of a bar's foot is the primary colour
	img := w.Canvas().Capture()
	r := p.segments[2][0]
	if got := img.At(int(r.Position().X+r.Size().Width/2), int(p.y1-3)); !sameColor(color.NRGBAModel.Convert(got), color.NRGBAModel.Convert(primary)) {
		t.Errorf("the foot of bar 2 is painted %v, want %v", got, primary)
	}

	oldH := r.Size().Height
	w.Resize(fyne.NewSize(900, 450))
	p = partsOf(c)
	if p.segments[2][0].Size().Height <= oldH {
		t.Errorf("bar 2 is %v high in a taller window, was %v", p.segments[2][0].Size().Height, oldH)
	}
	check(p)
}

// TestTrendChart: each month's bar is its categories' segments stacked in the order of
// reports.Categories, each as high as its visits, together as high as the month's total, with
// no gap between them; each segment in its category's colour, the legend naming the categories
// of the year (in the UI's language) in the same colours, and the month's total above its bar.
func TestTrendChart(t *testing.T) {
	newTestApp(t)
	trend := trendFixture()
	_, _, p := chartIn(t, trendData(trend, locale.ZH), fyne.NewSize(700, 320))
	var cats []reports.Category
	for _, c := range reports.Categories() {
		for _, m := range trend {
			if m.ByCategory[c] > 0 {
				cats = append(cats, c)
				break
			}
		}
	}
	if len(p.legend) != len(cats) {
		t.Fatalf("legend of %d entries for %d categories", len(p.legend), len(cats))
	}
	for j, c := range cats {
		if p.legend[j].Text != c.Label(locale.ZH) || !sameColor(p.swatches[j].FillColor, categoryColor(c)) {
			t.Errorf("legend %d: %q in %v, want %q in %v", j, p.legend[j].Text, p.swatches[j].FillColor, c.Label(locale.ZH), categoryColor(c))
		}
	}
	axisTop := p.ticks[len(p.ticks)-1]
	plotH := p.y1 - p.y0
	scale := func(v int) float32 { return float32(float64(v)/axisTop) * plotH }
	for i, m := range trend {
		floor := p.y1 // the top of the segments so far
		var sum float32
		for j, c := range cats {
			r := p.segments[i][j]
			if m.ByCategory[c] == 0 {
				if r != nil {
					t.Errorf("%s: a segment for %s, which had no visit", m.Month, c)
				}
				continue
			}
			if r == nil {
				t.Fatalf("%s: no segment for %s's %d visits", m.Month, c, m.ByCategory[c])
			}
			shown := floor - r.Position().Y // what the segments above leave of it
			if !near(shown, scale(m.ByCategory[c])) || r.Position().Y+r.Size().Height < floor-0.01 || !sameColor(r.FillColor, categoryColor(c)) {
				t.Errorf("%s, %s: %v at %v shows %.2f, want %.2f reaching %.2f in %v", m.Month, c, r.Size(), r.Position(), shown, scale(m.ByCategory[c]), floor, categoryColor(c))
			}
			sum += shown
			floor = r.Position().Y
		}
		if !near(sum, scale(m.Incidents)) {
			t.Errorf("%s: segments %.2f high, its %d visits %.2f", m.Month, sum, m.Incidents, scale(m.Incidents))
		}
		switch tot := p.totals[i]; {
		case m.Incidents == 0 && tot != nil:
			t.Errorf("%s: a total %q over no visit", m.Month, tot.Text)
		case m.Incidents > 0 && (tot == nil || tot.Text != strconv.Itoa(m.Incidents)):
			t.Errorf("%s: total %v, want %d", m.Month, tot, m.Incidents)
		}
		if l := p.xLabels[i]; l != nil && l.Text != m.Month[5:] {
			t.Errorf("%s labelled %q", m.Month, l.Text)
		}
	}
}

// TestTrendLegendTraditional: under zh_TW the trend's legend names the categories in
// Traditional as Taiwan writes them (印表機, not 打印机): nothing the book's converter would
// change, and each the category's own zh_TW label.
func TestTrendLegendTraditional(t *testing.T) {
	newTestApp(t)
	_, _, p := chartIn(t, trendData(trendFixture(), locale.ZHTW), fyne.NewSize(700, 320))
	if len(p.legend) == 0 {
		t.Fatal("no legend")
	}
	printer := false
	for _, l := range p.legend {
		if tw := codebook.ToTraditional(l.Text); tw != l.Text {
			t.Errorf("legend %q is not Traditional: %q", l.Text, tw)
		}
		printer = printer || l.Text == reports.CategoryPrinter.Label(locale.ZHTW)
	}
	if !printer || reports.CategoryPrinter.Label(locale.ZHTW) != "印表機" {
		t.Errorf("legend %v lacks the printer as 印表機", legendTexts(p))
	}
}

func legendTexts(p *chartParts) (out []string) {
	for _, l := range p.legend {
		out = append(out, l.Text)
	}
	return out
}

// TestChartEmpty: with no code, no month, or nothing but zeros, a chart says "(none)" in the
// middle and draws nothing else.
func TestChartEmpty(t *testing.T) {
	newTestApp(t)
	zero := trendFixture()
	for i := range zero {
		zero[i].ByCategory, zero[i].Incidents = map[reports.Category]int{}, 0
	}
	for name, d := range map[string]chartData{
		"no codes":   paretoData(nil),
		"zero codes": paretoData([]reports.CodeCount{{Code: "03"}}),
		"no months":  trendData(nil, locale.ZH),
		"zero year":  trendData(zero, locale.ZH),
	} {
		size := fyne.NewSize(400, 240)
		_, c, p := chartIn(t, d, size)
		if !c.Empty() || p.empty == nil || p.empty.Text != lang.L("(none)") || len(p.objects) != 1 {
			t.Errorf("%s: %d objects, empty %v", name, len(p.objects), p.empty)
			continue
		}
		if mid := p.empty.Position().AddXY(p.empty.Size().Width/2, p.empty.Size().Height/2); !near(mid.X, 200) || !near(mid.Y, 120) {
			t.Errorf("%s: (none) centred at %v", name, mid)
		}
	}
	_, c, p := chartIn(t, paretoData(codeCounts(codeNames, 1)), fyne.NewSize(400, 240))
	if c.Empty() || p.empty != nil || len(p.segments) != 1 || p.segments[0][0] == nil {
		t.Error("one code of one visit shows as empty")
	}
}

// TestXLabelsDoNotOverlap: however narrow the chart, the names under the bars never overlap
// nor leave it, and each is whole or keeps 4 characters before "…"; with room, all are whole.
// The line's percentages never overlap either.
func TestXLabelsDoNotOverlap(t *testing.T) {
	newTestApp(t)
	months := trendFixture()
	for _, tc := range []struct {
		name  string
		d     chartData
		names []string
	}{
		{"codes", paretoData(codeCounts(codeNames, 30, 20, 12, 9, 7, 5, 4, 3, 2, 1)), codeNames},
		{"months", trendData(months, locale.ZH), func() (n []string) {
			for _, m := range months {
				n = append(n, m.Month[5:])
			}
			return n
		}()},
	} {
		for _, width := range []float32{120, 180, 280, 420, 700, 2400} {
			_, _, p := chartIn(t, tc.d, fyne.NewSize(width, 300))
			right, shown := float32(-1), 0
			for i, l := range p.xLabels {
				if l == nil {
					continue
				}
				shown++
				x, w := l.Position().X, l.Size().Width
				if x < right || x < -0.01 || x+w > width+0.01 {
					t.Errorf("%s at %v wide: %q at %.1f–%.1f overlaps the label before (ending %.1f) or leaves the chart", tc.name, width, l.Text, x, x+w, right)
				}
				right = x + w
				name := tc.names[i]
				if short, ok := strings.CutSuffix(l.Text, "…"); l.Text != name && (!ok || !strings.HasPrefix(name, short) || utf8.RuneCountInString(short) < min(4, utf8.RuneCountInString(name))) {
					t.Errorf("%s at %v wide: %q under %q", tc.name, width, l.Text, name)
				}
				if !near(w, fyne.MeasureText(l.Text, l.TextSize, l.TextStyle).Width) {
					t.Errorf("%q is %v wide, its text %v", l.Text, w, fyne.MeasureText(l.Text, l.TextSize, l.TextStyle).Width)
				}
			}
			for i, a := range p.pctLabels {
				for _, b := range p.pctLabels[i+1:] {
					if a != nil && b != nil && a.Position().X < b.Position().X+b.Size().Width && b.Position().X < a.Position().X+a.Size().Width &&
						a.Position().Y < b.Position().Y+b.Size().Height && b.Position().Y < a.Position().Y+a.Size().Height {
						t.Errorf("%s at %v wide: the line's labels %q and %q overlap", tc.name, width, a.Text, b.Text)
					}
				}
			}
			if shown == 0 && width >= 180 {
				t.Errorf("%s at %v wide: no label", tc.name, width)
			}
			if width == 2400 {
				for i, l := range p.xLabels {
					if l == nil || l.Text != tc.names[i] {
						t.Errorf("%s at %v wide: bar %d labelled %v, want %q", tc.name, width, i, l, tc.names[i])
					}
				}
			}
		}
	}
}

// TestChartExtremes: one visit, counts near the int range's end, negative counts, a
// missing or impossible share, names thousands of characters long and any size, from none
// up: no panic, every object at a finite place, the bars inside the plot.
func TestChartExtremes(t *testing.T) {
	newTestApp(t)
	long := strings.Repeat("VERY-LONG-CODE-", 400)
	cats := reports.Categories()
	data := map[string]chartData{
		"one":      paretoData(codeCounts([]string{"03"}, 1)),
		"huge":     paretoData(codeCounts([]string{"03", "05"}, math.MaxInt/2, 1)),
		"long":     paretoData(codeCounts([]string{long, "短", long + "终端"}, 3, 2, 1)),
		"negative": {names: []string{"a", "b"}, series: []chartSeries{{}}, values: [][]int{{-5}, {3}}, cumPct: []float64{math.NaN()}},
		"ragged":   {names: []string{"a", "b", "c"}, series: []chartSeries{{}, {}}, values: [][]int{{1}, {}, {2, 3, 4}}},
		"trend": trendData([]reports.TrendMonth{
			{Month: "2026-01", Incidents: 4 * math.MaxInt32, ByCategory: map[reports.Category]int{cats[0]: math.MaxInt32, cats[1]: math.MaxInt32, cats[2]: math.MaxInt32, cats[3]: math.MaxInt32}},
			{Month: "x", Incidents: 1, ByCategory: map[reports.Category]int{cats[7]: 1}},
		}, locale.EN),
	}
	for name, d := range data {
		nan, inf := float32(math.NaN()), float32(math.Inf(1))
		for _, size := range []fyne.Size{{}, {Width: 10, Height: 10}, {Width: 30, Height: 500}, {Width: 500, Height: 30}, {Width: 600, Height: 300},
			{Width: -100, Height: -5}, {Width: nan, Height: 300}, {Width: 600, Height: inf}, {Width: 1e6, Height: 1e6}} {
			p := layoutChart(d, newChartStyle(theme.DefaultTheme(), theme.VariantDark), size)
			for _, o := range p.objects {
				pos, sz := o.Position(), o.Size()
				for _, f := range []float32{pos.X, pos.Y, sz.Width, sz.Height} {
					if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
						t.Fatalf("%s at %v: %T at %v size %v", name, size, o, pos, sz)
					}
				}
				if l, ok := o.(*canvas.Line); ok && (math.IsNaN(float64(l.Position1.Y)) || math.IsNaN(float64(l.Position2.Y))) {
					t.Fatalf("%s at %v: a line to NaN", name, size)
				}
			}
			for _, bar := range p.segments {
				for _, r := range bar {
					if r == nil {
						continue
					}
					if r.Position().X < p.x0-0.01 || r.Position().X+r.Size().Width > p.x1+0.01 || r.Position().Y < p.y0-0.01 || r.Position().Y+r.Size().Height > p.y1+0.01 || r.Size().Height < 0 {
						t.Errorf("%s at %v: a segment at %v size %v outside %v–%v × %v–%v", name, size, r.Position(), r.Size(), p.x0, p.x1, p.y0, p.y1)
					}
				}
			}
		}
	}
	// the huge bar still sets the scale: the small one is a sliver, the large one reaches the top
	_, _, p := chartIn(t, data["huge"], fyne.NewSize(600, 300))
	if big, small := p.segments[0][0], p.segments[1][0]; big.Size().Height < (p.y1-p.y0)/2 || small.Size().Height > 0.01 {
		t.Errorf("bars %v and %v high for MaxInt/2 and 1", big.Size().Height, small.Size().Height)
	}
}

// TestChartFollowsTheme: the chart's text takes the theme's text size, scaled in Settings,
// and its colours; the categories keep their colours in the light and the dark theme.
func TestChartFollowsTheme(t *testing.T) {
	newTestApp(t)
	a := fyne.CurrentApp()
	a.Preferences().SetFloat(prefTextScale, 1.5)
	a.Preferences().SetString(prefTheme, "dark")
	a.Settings().SetTheme(newThemeFrom(a.Preferences()))
	_, c, p := chartIn(t, trendData(trendFixture(), locale.ZH), fyne.NewSize(700, 400))
	th := a.Settings().Theme()
	size := th.Size(theme.SizeNameText)
	if size <= theme.DefaultTheme().Size(theme.SizeNameText) {
		t.Fatalf("text size %v at 150 %%", size)
	}
	if c.MinSize().Width != 4*size {
		t.Errorf("minimum width %v at text size %v", c.MinSize().Width, size)
	}
	dark := th.Color(theme.ColorNameForeground, theme.VariantDark)
	for _, l := range append(slices.Clone(p.tickLabels), p.legend...) {
		if l.TextSize != size || !sameColor(l.Color, dark) {
			t.Errorf("%q at %v in %v, want %v in %v", l.Text, l.TextSize, l.Color, size, dark)
		}
	}
	before := p.segments[0]

	a.Preferences().SetString(prefTheme, "light")
	a.Settings().SetTheme(newThemeFrom(a.Preferences()))
	c.Refresh()
	p = partsOf(c)
	light := a.Settings().Theme().Color(theme.ColorNameForeground, theme.VariantLight)
	if sameColor(light, dark) || !sameColor(p.tickLabels[0].Color, light) {
		t.Errorf("in the light theme the ticks are %v, want %v", p.tickLabels[0].Color, light)
	}
	for j, r := range p.segments[0] {
		if (r == nil) != (before[j] == nil) || r != nil && !sameColor(r.FillColor, before[j].FillColor) {
			t.Errorf("series %d changed colour with the theme", j)
		}
	}
}
