package app

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// placeLabels is the text of every label in a places-list row (an icon and a label) of the
// dialogs open in w, as drawn.
func placeLabels(w fyne.Window) []string {
	var out []string
	for _, o := range w.Canvas().Overlays().List() {
		walkLayout(o, false, func(obj fyne.CanvasObject, _ bool) {
			l, ok := obj.(*widget.List)
			if !ok {
				return
			}
			for id := 0; id < l.Length(); id++ {
				row := l.CreateItem()
				l.UpdateItem(id, row)
				if c, ok := row.(*fyne.Container); ok && len(c.Objects) == 2 {
					if label, ok := c.Objects[1].(*widget.Label); ok {
						out = append(out, label.Text)
					}
				}
			}
		})
	}
	return out
}

// TestFileDialogPlacesTranslated: the save and open dialogs name their places (Home,
// Computer…) in the UI's language, which Fyne v2.8 does not do by itself.
func TestFileDialogPlacesTranslated(t *testing.T) {
	for env, want := range map[string][]string{"zh_CN.UTF-8": {"主文件夹", "计算机"}, "zh_TW.UTF-8": {"主資料夾", "本機"}, "en_US.UTF-8": {"Home", "Computer"}} {
		setupUnderLANG(t, env)
		for name, ask := range map[string]func(fyne.Window){
			"save": func(w fyne.Window) { askSavePath(w, "r.xlsx", func(string) {}) },
			"open": func(w fyne.Window) { askOpenPath(w, []string{".pdbundle"}, func(string) {}) },
		} {
			w := test.NewTempWindow(t, widget.NewLabel(""))
			w.Resize(fyne.NewSize(1000, 700))
			ask(w)
			got := placeLabels(w)
			for _, p := range want {
				if !slices.Contains(got, p) {
					t.Errorf("LANG=%s, %s dialog: places %q, want %q among them", env, name, got, p)
				}
			}
			if env != "en_US.UTF-8" && slices.Contains(got, "Home") {
				t.Errorf("LANG=%s, %s dialog: Home left in English: %q", env, name, got)
			}
		}
	}
}

// The file dialogs take most of the window (Fyne's own size is small on a 1366×768 laptop at
// 150 %: a trial saw three files at a time and "(上層資料夾)" wrapped).
func TestFileDialogsFillTheWindow(t *testing.T) {
	setupUnderLANG(t, "zh_CN.UTF-8")
	for name, ask := range map[string]func(fyne.Window){
		"save": func(w fyne.Window) { askSavePath(w, "r.xlsx", func(string) {}) },
		"open": func(w fyne.Window) { askOpenPath(w, []string{".pdbundle"}, func(string) {}) },
	} {
		w := test.NewTempWindow(t, widget.NewLabel(""))
		w.Resize(fyne.NewSize(910, 512)) // 1366×768 at 150 %
		ask(w)
		// the dialog is the largest object inside the overlay that is smaller than the window
		canvas := w.Canvas().Size()
		var got fyne.Size
		for _, o := range w.Canvas().Overlays().List() {
			walkLayout(o, false, func(obj fyne.CanvasObject, _ bool) {
				s := obj.Size()
				if s.Width < canvas.Width && s.Height < canvas.Height && s.Width*s.Height > got.Width*got.Height {
					got = s
				}
			})
		}
		if got.Width < canvas.Width*0.85 || got.Height < canvas.Height*0.85 {
			t.Errorf("%s dialog is %v in a %v window", name, got, canvas)
		}
	}
}
