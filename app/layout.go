package app

import (
	"fmt"
	"log"
	"os"
	"reflect"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// stepLayout lays out the checklist's rows of five cells: icon, step name, summary (takes the
// spare width), progress bar, re-run button. Sizes come from the cells' minimums and the theme.
// The bars show only while their step runs: with none showing, their column takes no width.
type stepLayout struct{ cols int }

func newStepLayout() fyne.Layout { return &stepLayout{cols: 5} }

func (l *stepLayout) widths(objects []fyne.CanvasObject, total float32) []float32 {
	w := make([]float32, l.cols)
	bars := false
	for i, o := range objects {
		c := i % l.cols
		if c == 3 && o.Visible() {
			bars = true
		}
		if o.MinSize().Width > w[c] {
			w[c] = o.MinSize().Width
		}
	}
	w[2] = theme.Size(theme.SizeNameText) * 8 // summary: at least some words
	w[3] = 0
	if bars {
		w[3] = theme.Size(theme.SizeNameText) * 9
	}
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

// refreshOnWidth lays out its objects over its whole size and calls refresh when the width
// changes. widget.Accordion caches its minimum size, which for wrapped labels depends on the
// width: without a refresh a narrower window would cut off the end of the findings.
// relayout is called when the refresh made the objects need more than size (the scroll
// around them sized them by the stale minimum).
type refreshOnWidth struct {
	refresh, relayout func()
	width             float32
}

func (l *refreshOnWidth) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
	if size.Width != l.width {
		l.width = size.Width
		l.refresh()
		if min := l.MinSize(objects); min.Height > size.Height+0.5 && l.relayout != nil {
			l.relayout()
		}
	}
}

func (l *refreshOnWidth) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objects {
		m = m.Max(o.MinSize())
	}
	return m
}

// The first window fits a 1280×720 laptop screen less its panel and title bar, in pixels.
// Fyne (v2.8) tells an app neither the screen's size nor its work area, so this is the
// safe default on every driver: never larger than the smallest screen we support, never
// smaller than what the content needs (the screens scroll so that this stays small).
const (
	firstWindowWidthPx  = 1200
	firstWindowHeightPx = 640
)

// firstWindowSize is the first window's size in Fyne units at scale (0: the scale the user
// asked for, FYNE_SCALE or Fyne's settings, as the window's scale is not known before it shows).
func firstWindowSize(a fyne.App, contentMin fyne.Size, scale float32) fyne.Size {
	if scale <= 0 {
		scale = requestedScale(a)
	}
	size := fyne.NewSize(firstWindowWidthPx/scale, firstWindowHeightPx/scale)
	return size.Max(contentMin)
}

// requestedScale is FYNE_SCALE when it is a number, else Fyne's scale setting, else 1.
func requestedScale(a fyne.App) float32 {
	if f, err := strconv.ParseFloat(os.Getenv("FYNE_SCALE"), 32); err == nil && f > 0 {
		return float32(f)
	}
	if s := a.Settings().Scale(); s > 0 {
		return s
	}
	return 1
}

// fitWindow sizes the shown window again when its real scale (the monitor's DPI counts too)
// made the first size larger in pixels than firstWindowSize meant. UI goroutine.
func fitWindow(a fyne.App, w fyne.Window) {
	c := w.Canvas()
	scale := c.Scale()
	if scale <= 0 || scale == requestedScale(a) {
		return
	}
	want := firstWindowSize(a, w.Content().MinSize(), scale)
	if c.Size().Width > want.Width || c.Size().Height > want.Height {
		w.Resize(want)
	}
}

// layoutCheckEnv turns on the layout check (docs/testing.md): POSDOCTOR_LAYOUT_CHECK=1.
const layoutCheckEnv = "POSDOCTOR_LAYOUT_CHECK"

// watchLayout, when the layout check is on, checks the window's layout twice a second and logs
// each problem once, as a line starting "layout-check:" (the window test fails on them): a
// widget smaller than its minimum size (clipped), a widget outside the window (off-screen:
// not inside a scroll, where it is reachable), content that needs more than the window has.
// do runs work on the UI goroutine while the app runs (nothing once it is stopping: Fyne
// would run it on this goroutine).
func watchLayout(w fyne.Window, do func(func())) {
	if os.Getenv(layoutCheckEnv) != "1" {
		return
	}
	seen := map[string]bool{}
	log.Print("layout check on (" + layoutCheckEnv + "=1)")
	do(func() { logMinSizes(w.Content()) })
	go func() {
		// a problem counts when two checks in a row see it: one check can fall between a
		// change (a banner shown, a tab switched) and the layout that follows it, which a slow
		// machine (the -race build) makes likely
		var before map[string]bool
		for range time.Tick(500 * time.Millisecond) {
			do(func() {
				now := map[string]bool{}
				for _, p := range layoutProblems(w.Canvas()) {
					now[p] = true
					if before[p] && !seen[p] {
						seen[p] = true
						log.Print("layout-check: " + p)
					}
				}
				before = now
			})
		}
	}()
}

// layoutProblems lists what is clipped or outside the canvas on c. UI goroutine.
func layoutProblems(c fyne.Canvas) []string {
	var out []string
	root := c.Content()
	if root == nil {
		return nil
	}
	size := c.Size()
	if min := root.MinSize(); min.Width > size.Width+0.5 || min.Height > size.Height+0.5 {
		out = append(out, fmt.Sprintf("window %s is smaller than its content's minimum %s", sizeText(size), sizeText(min)))
	}
	d := fyne.CurrentApp().Driver()
	walkLayout(root, false, func(o fyne.CanvasObject, inScroll bool) {
		if t, ok := o.(*container.AppTabs); ok && t.Selected() != nil {
			// a screen may scroll down on a short window, never sideways: text would be cut at the edge
			if sc, ok := t.Selected().Content.(*container.Scroll); ok && sc.Content.MinSize().Width > sc.Size().Width+0.5 {
				out = append(out, fmt.Sprintf("tab %q scrolls sideways: it needs %.0f wide, has %.0f", t.Selected().Text, sc.Content.MinSize().Width, sc.Size().Width))
			}
		}
		sz, min := o.Size(), o.MinSize()
		if sz.Width+0.5 < min.Width || sz.Height+0.5 < min.Height {
			out = append(out, fmt.Sprintf("clipped %s: size %s < minimum %s", describe(o), sizeText(sz), sizeText(min)))
		}
		if inScroll {
			return
		}
		pos := d.AbsolutePositionForObject(o)
		if pos.X < -0.5 || pos.Y < -0.5 || pos.X+sz.Width > size.Width+0.5 || pos.Y+sz.Height > size.Height+0.5 {
			out = append(out, fmt.Sprintf("outside the window %s: %s at %.0f,%.0f size %s", sizeText(size), describe(o), pos.X, pos.Y, sizeText(sz)))
		}
	})
	return out
}

// logMinSizes logs the minimum size of each tab's content, the window's and the canvas
// scale: the tallest or widest tab sets how small the window can be. UI goroutine.
func logMinSizes(root fyne.CanvasObject) {
	walkLayout(root, false, func(o fyne.CanvasObject, _ bool) {
		if t, ok := o.(*container.AppTabs); ok {
			for _, it := range t.Items {
				c := it.Content
				if sc, ok := c.(*container.Scroll); ok {
					c = sc.Content
				}
				log.Printf("layout check: tab %q needs %s (it scrolls in less)", it.Text, sizeText(c.MinSize()))
			}
		}
	})
	log.Printf("layout check: the window's content needs %s", sizeText(root.MinSize()))
}

// walkLayout visits the visible objects under o that Fyne's public API reaches: containers'
// objects and the content of tabs, scrolls, splits, cards, open accordion items, forms,
// pop-ups and dialogs.
func walkLayout(o fyne.CanvasObject, inScroll bool, visit func(fyne.CanvasObject, bool)) {
	if o == nil || !o.Visible() {
		return
	}
	visit(o, inScroll)
	switch t := o.(type) {
	case *fyne.Container:
		for _, c := range t.Objects {
			walkLayout(c, inScroll, visit)
		}
	case *container.AppTabs:
		if sel := t.Selected(); sel != nil {
			walkLayout(sel.Content, inScroll, visit)
		}
	case *container.Scroll:
		walkLayout(t.Content, true, visit)
	case *container.Split:
		walkLayout(t.Leading, inScroll, visit)
		walkLayout(t.Trailing, inScroll, visit)
	case *widget.Card:
		walkLayout(t.Content, inScroll, visit)
	case *widget.Accordion:
		for _, it := range t.Items {
			if it.Open {
				walkLayout(it.Detail, inScroll, visit)
			}
		}
	case *widget.Form:
		for _, it := range t.Items {
			walkLayout(it.Widget, inScroll, visit)
		}
	case *widget.PopUp:
		walkLayout(t.Content, inScroll, visit)
	default:
		// a dialog on the canvas's overlays is Fyne's internal OverlayContainer, which shows
		// its exported Content field
		if c := contentField(o); c != nil {
			walkLayout(c, inScroll, visit)
		}
	}
}

// contentField is the exported Content field of the struct o points to, when o is one of
// Fyne's internal widgets (the overlay a pop-up shows in) and the field holds a canvas object;
// nil otherwise.
func contentField(o fyne.CanvasObject) fyne.CanvasObject {
	v := reflect.ValueOf(o)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct || v.Elem().Type().PkgPath() != "fyne.io/fyne/v2/internal/widget" {
		return nil
	}
	f := v.Elem().FieldByName("Content")
	if !f.IsValid() || !f.CanInterface() {
		return nil
	}
	c, _ := f.Interface().(fyne.CanvasObject)
	return c
}

// describe names an object for the log: its type and, for labels and buttons, its text.
func describe(o fyne.CanvasObject) string {
	switch t := o.(type) {
	case *widget.Label:
		return fmt.Sprintf("%T %q", o, t.Text)
	case *widget.Button:
		return fmt.Sprintf("%T %q", o, t.Text)
	case *widget.Check:
		return fmt.Sprintf("%T %q", o, t.Text)
	}
	return fmt.Sprintf("%T", o)
}

func sizeText(s fyne.Size) string { return fmt.Sprintf("%.0f×%.0f", s.Width, s.Height) }

// fitScreen lets a whole screen scroll when the window is smaller than the screen needs
// (a 1280×720 laptop at scale 1.5, text at 150 %): the window then never has to grow past
// the screen, and when it is large enough the screen fills it as before (a scroll gives its
// content at least its own size).
func fitScreen(o fyne.CanvasObject) fyne.CanvasObject { return container.NewScroll(o) }

// minRows keeps its object at least rows lines of text high (a label's height each), so a
// part that scrolls on its own is not squeezed to one line by what sits around it.
type minRows struct{ rows int }

// withMinRows wraps o so that it is at least rows lines of text high.
func withMinRows(o fyne.CanvasObject, rows int) *fyne.Container {
	return container.New(&minRows{rows: rows}, o)
}

func (l *minRows) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l *minRows) MinSize(objects []fyne.CanvasObject) fyne.Size {
	line := widget.NewLabel("").MinSize().Height
	m := fyne.NewSize(0, line*float32(l.rows))
	for _, o := range objects {
		m = m.Max(o.MinSize())
	}
	return m
}

// wrapLayout lays its objects out in rows that wrap when the width runs out: as a flow (each
// at its own minimum width, left to right) or, with grid, as equal cells (as many columns as
// fit, at most one per object). Its minimum width is its widest object's, so a narrow window
// (1280×720 at scale 1.5 with large text) wraps a row instead of scrolling the tab sideways
// (a grid's rows share any spare height);
// its minimum height is that of the rows it last needed, and when the rows change it calls
// refresh so that what holds it asks again.
type wrapLayout struct {
	grid    bool
	refresh func()
	rows    int // rows at the last layout; 0 before the first: one row
}

// newWrap returns a container whose objects wrap (see wrapLayout).
func newWrap(grid bool, objects ...fyne.CanvasObject) *fyne.Container {
	l := &wrapLayout{grid: grid}
	c := container.New(l, objects...)
	l.refresh = c.Refresh
	return c
}

// place computes each visible object's position and size for width, and the height used.
func (l *wrapLayout) place(objects []fyne.CanvasObject, width float32) (pos []fyne.Position, size []fyne.Size, rows int, height float32) {
	pad := theme.Padding()
	var vis []fyne.CanvasObject
	cell := fyne.Size{}
	for _, o := range objects {
		if o.Visible() {
			vis = append(vis, o)
			cell = cell.Max(o.MinSize())
		}
	}
	if len(vis) == 0 {
		return nil, nil, 0, 0
	}
	pos, size = make([]fyne.Position, len(vis)), make([]fyne.Size, len(vis))
	if l.grid {
		cols := len(vis)
		if width > 0 {
			cols = max(1, min(len(vis), int((width+pad)/(cell.Width+pad))))
		}
		w := cell.Width
		if width > 0 {
			w = (width - pad*float32(cols-1)) / float32(cols)
		}
		rows = (len(vis) + cols - 1) / cols
		for i := range vis {
			r, c := i/cols, i%cols
			pos[i] = fyne.NewPos(float32(c)*(w+pad), float32(r)*(cell.Height+pad))
			size[i] = fyne.NewSize(w, cell.Height)
		}
		return pos, size, rows, float32(rows)*cell.Height + pad*float32(rows-1)
	}
	x, y, rowH := float32(0), float32(0), float32(0)
	rows = 1
	for i, o := range vis {
		m := o.MinSize()
		if width > 0 && x > 0 && x+m.Width > width {
			x, y = 0, y+rowH+pad
			rowH = 0
			rows++
		}
		pos[i], size[i] = fyne.NewPos(x, y), m
		x += m.Width + pad
		rowH = max(rowH, m.Height)
	}
	return pos, size, rows, y + rowH
}

func (l *wrapLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	pos, sizes, rows, used := l.place(objects, size.Width)
	if l.grid && rows > 0 && size.Height > used+0.5 {
		// a grid's rows share the spare height (charts in a split grow with it)
		pad := theme.Padding()
		h := (size.Height - pad*float32(rows-1)) / float32(rows)
		for i := range pos {
			r := int((pos[i].Y + 0.5) / (sizes[i].Height + pad))
			pos[i].Y, sizes[i].Height = float32(r)*(h+pad), h
		}
	}
	i := 0
	for _, o := range objects {
		if o.Visible() {
			o.Move(pos[i])
			o.Resize(sizes[i])
			i++
		}
	}
	if rows != l.rows {
		first := l.rows == 0 && rows == 1
		l.rows = rows
		if !first && l.refresh != nil {
			l.refresh()
		}
	}
}

func (l *wrapLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var widest float32
	for _, o := range objects {
		if o.Visible() {
			widest = max(widest, o.MinSize().Width)
		}
	}
	rows := max(l.rows, 1)
	_, _, _, oneRow := l.place(objects, 0)
	if rows == 1 {
		return fyne.NewSize(widest, oneRow)
	}
	// the height of the rows last laid out: place again at the width that gave them
	var h float32
	pad := theme.Padding()
	if l.grid {
		cell := float32(0)
		n := 0
		for _, o := range objects {
			if o.Visible() {
				cell = max(cell, o.MinSize().Height)
				n++
			}
		}
		h = float32(rows)*cell + pad*float32(rows-1)
	} else {
		// a flow's rows may differ in height: a bound that is exact when they are equal
		_, sizes, _, _ := l.place(objects, 0)
		tallest := float32(0)
		for _, s := range sizes {
			tallest = max(tallest, s.Height)
		}
		h = float32(rows)*tallest + pad*float32(rows-1)
	}
	return fyne.NewSize(widest, h)
}

// fitOptions lays out one Select at least as wide as its widest option: Fyne sizes a Select by
// its placeholder only, so the Reports month (placeholder 月份) showed "202…".
type fitOptions struct{ sel *widget.Select }

// selectChrome is the width a Select's renderer (Fyne 2.8) takes beside its text: the text's
// inset each side, the gap to the icon (padding), the icon and the inner padding after it; and
// a pixel for rounding.
func selectChrome(th fyne.Theme) float32 {
	return 3*th.Size(theme.SizeNamePadding) + th.Size(theme.SizeNameInnerPadding) + th.Size(theme.SizeNameInlineIcon) + 1
}

// withFitOptions wraps sel so that its chosen option always shows whole.
func withFitOptions(sel *widget.Select) *fyne.Container {
	return container.New(fitOptions{sel: sel}, sel)
}

func (l fitOptions) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l fitOptions) MinSize([]fyne.CanvasObject) fyne.Size {
	min := l.sel.MinSize()
	th := l.sel.Theme()
	extra := selectChrome(th)
	for _, o := range l.sel.Options {
		if w := fyne.MeasureText(o, th.Size(theme.SizeNameText), fyne.TextStyle{}).Width + extra; w > min.Width {
			min.Width = w
		}
	}
	return min
}
