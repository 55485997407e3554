package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestSelectShowsItsWidestOption: a Select with a short placeholder (月份) is laid out wide
// enough for a month, so the chosen one shows whole, not "202…".
func TestSelectShowsItsWidestOption(t *testing.T) {
	test.NewTempApp(t)
	sel := widget.NewSelect([]string{"2026-11", "2026-10"}, nil)
	sel.PlaceHolder = "月份"
	th := theme.Current()
	need := fyne.MeasureText("2026-11", th.Size(theme.SizeNameText), fyne.TextStyle{}).Width +
		3*th.Size(theme.SizeNamePadding) + th.Size(theme.SizeNameInnerPadding) + th.Size(theme.SizeNameInlineIcon)
	if sel.MinSize().Width >= need {
		t.Fatalf("Fyne now sizes a Select by its options (%.0f for %.0f): withFitOptions can go", sel.MinSize().Width, need)
	}
	if got := withFitOptions(sel).MinSize().Width; got < need {
		t.Fatalf("the month select is %.0f wide, the month needs %.0f", got, need)
	}
}
