package xlsx

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ChartKind is the shape of a native Excel chart.
type ChartKind int

// Chart kinds. Every one of them validates against the chart schema as excelize writes it, and
// opens without a repair prompt in Excel, LibreOffice Calc and WPS.
const (
	Columns        ChartKind = iota // clustered columns
	StackedColumns                  // columns stacked by series
	Bars                            // horizontal bars
	Doughnut                        // a ring, one series
	Pie                             // a pie, one series
)

// Range is a rectangle of cells a Grid wrote, for charts to refer to.
type Range struct {
	sheet      string
	first, end int // data rows, first and last (inclusive)
	col0       int // first column of the grid, 1-based
}

// Col is the absolute reference to data column j (0-based, within the grid) of the range:
// 'Sheet'!$B$5:$B$16.
func (r Range) Col(j int) string {
	c, _ := excelize.ColumnNumberToName(r.col0 + j)
	return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", quoteSheet(r.sheet), c, r.first, c, r.end)
}

// Header is the absolute reference to the header cell of column j: a series' name.
func (r Range) Header(j int) string {
	c, _ := excelize.ColumnNumberToName(r.col0 + j)
	return fmt.Sprintf("'%s'!$%s$%d", quoteSheet(r.sheet), c, r.first-1)
}

// Rows is the number of data rows.
func (r Range) Rows() int { return r.end - r.first + 1 }

func quoteSheet(s string) string { return strings.ReplaceAll(s, "'", "''") }

// Series is one series of a chart: its name (a cell reference, e.g. Range.Header) and its
// values (Range.Col).
type Series struct {
	Name, Values string
}

// Chart is a native chart drawn from cells of the workbook: values stay in cells, the chart
// only refers to them. Lines, when given, are drawn as lines over the main chart on a secondary
// axis on the right (a Pareto's cumulative share, a trend's repair time); a chart with lines
// must be Columns or StackedColumns.
type Chart struct {
	Kind       ChartKind
	Title      string
	Categories string // reference to the category labels (Range.Col)
	Series     []Series
	Lines      []Series
	LineMax    float64 // top of the secondary axis (0: automatic); 100 for a percentage
	LineFormat string  // number format of the secondary axis ("" general)
	Rows       int     // height in rows of the sheet (0: 18)
}

// chartColors are the series fills, in order: calm, and distinct when printed in grey.
var chartColors = []string{"1F4E78", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47", "264478", "9E480E", "636363"}

// axisFont labels the axes: dark enough to read when printed.
var axisFont = excelize.Font{Size: 9, Color: "404040"}

const pixelsPerChar = 7.0 // width in pixels of one character of a column's width, Calibri 11

func (fm *Form) widthPixels() uint {
	w := 0.0
	for _, x := range fm.widths {
		w += x*pixelsPerChar + 5
	}
	return uint(w)
}

// Chart draws c across the form's width below the last row and moves past it.
func (fm *Form) Chart(c Chart) {
	if fm.err != nil {
		return
	}
	rows := c.Rows
	if rows == 0 {
		rows = 18
	}
	fm.r++
	main, lines := fm.excelChart(c, rows)
	var combo []*excelize.Chart
	if lines != nil {
		combo = append(combo, lines)
	}
	fm.check(fm.b.f.AddChart(fm.sheet, fm.ref("A"), main, combo...))
	fm.r += rows + 1
}

func (fm *Form) excelChart(c Chart, rows int) (main, lines *excelize.Chart) {
	font := &excelize.Font{Size: 11, Bold: true, Color: "1F4E78"}
	main = &excelize.Chart{
		Title:     chartTitle(fm.b.str(c.Title), font),
		Dimension: excelize.ChartDimension{Width: fm.widthPixels(), Height: uint(float64(rows) * 20)},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Format:    excelize.GraphicOptions{ScaleX: 1, ScaleY: 1, OffsetX: 2, OffsetY: 2},
		XAxis:     excelize.ChartAxis{Font: axisFont},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, Font: axisFont},
	}
	switch c.Kind {
	case Columns:
		main.Type = excelize.Col
	case StackedColumns:
		main.Type = excelize.ColStacked
		overlap := 100
		main.Overlap = &overlap
	case Bars:
		main.Type = excelize.Bar
		main.XAxis.ReverseOrder = true // first row at the top, as in the table
		main.Legend.Position = "none"
	case Doughnut, Pie:
		main.Type = excelize.Doughnut
		if c.Kind == Pie {
			main.Type = excelize.Pie
		}
		main.HoleSize = 50
		main.Legend.Position = "right"
		main.PlotArea = excelize.ChartPlotArea{ShowPercent: true, ShowLeaderLines: true}
		main.XAxis, main.YAxis = excelize.ChartAxis{}, excelize.ChartAxis{}
	}
	if c.Kind == Columns || c.Kind == StackedColumns {
		gap := uint(60)
		main.GapWidth = &gap
	}
	for i, s := range c.Series {
		cs := excelize.ChartSeries{Name: s.Name, Categories: c.Categories, Values: s.Values}
		if c.Kind == Doughnut || c.Kind == Pie {
			for p := range 12 {
				cs.DataPoint = append(cs.DataPoint, excelize.ChartDataPoint{Index: p,
					Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{chartColors[p%len(chartColors)]}}})
			}
		} else {
			cs.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{chartColors[i%len(chartColors)]}}
		}
		main.Series = append(main.Series, cs)
	}
	if len(c.Lines) == 0 || (c.Kind != Columns && c.Kind != StackedColumns) {
		return main, nil
	}
	lines = &excelize.Chart{
		Type:  excelize.Line,
		YAxis: excelize.ChartAxis{Secondary: true, Font: axisFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: c.LineFormat}},
	}
	if c.LineMax > 0 {
		top, bottom := c.LineMax, 0.0
		lines.YAxis.Maximum, lines.YAxis.Minimum = &top, &bottom
	}
	for i, s := range c.Lines {
		color := []string{"C00000", "7030A0"}[i%2]
		lines.Series = append(lines.Series, excelize.ChartSeries{
			Name: s.Name, Categories: c.Categories, Values: s.Values,
			Line:   excelize.LineOptions{Width: 2.25},
			Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}},
			Marker: excelize.ChartMarker{Symbol: "circle", Size: 5, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}},
		})
	}
	return main, lines
}

// chartTitle is a chart title of one run of text.
func chartTitle(text string, font *excelize.Font) excelize.ChartTitle {
	if text == "" {
		return excelize.ChartTitle{}
	}
	return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: text, Font: font}}}
}

// Head is the range's first n data rows (all of them when there are fewer).
func (r Range) Head(n int) Range {
	if r.first+n-1 < r.end {
		r.end = r.first + n - 1
	}
	return r
}
