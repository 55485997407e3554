package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// KeypadPanel shows the terminal's key set during the keypad test and lights each key as it
// is pressed: pressed now (high importance), seen (success), not yet seen (low).
type KeypadPanel struct {
	Root    *fyne.Container
	Keys    map[string]*widget.Button
	StopBtn *widget.Button
	Hint    *widget.Label
	grid    *fyne.Container
	seen    map[string]bool
}

func newKeypadPanel(stop func()) *KeypadPanel {
	p := &KeypadPanel{Keys: map[string]*widget.Button{}, seen: map[string]bool{}}
	p.StopBtn = widget.NewButton(lang.L("Stop keypad test"), stop)
	p.Hint = widget.NewLabel(lang.L("Press every key on the terminal once."))
	p.Hint.Wrapping = fyne.TextWrapWord
	p.grid = container.NewGridWithColumns(6)
	// the hint and the stop button stay in view; the key map scrolls when the window is short
	p.Root = container.NewBorder(container.NewBorder(nil, nil, nil, p.StopBtn, p.Hint), nil, nil, nil, container.NewVScroll(p.grid))
	p.Root.Hide()
	return p
}

// Start shows the key map for keys, none seen yet.
func (p *KeypadPanel) Start(keys []string) {
	p.grid.RemoveAll()
	p.Keys = map[string]*widget.Button{}
	p.seen = map[string]bool{}
	for _, k := range keys {
		b := widget.NewButton(k, nil)
		b.Importance = widget.LowImportance
		p.Keys[k] = b
		p.grid.Add(b)
	}
	p.Root.Show()
}

// Key lights key as pressed or released.
func (p *KeypadPanel) Key(key string, down bool) {
	b := p.Keys[key]
	if b == nil {
		return
	}
	p.seen[key] = true
	if down {
		b.Importance = widget.HighImportance
	} else {
		b.Importance = widget.SuccessImportance
	}
	b.Refresh()
}

// Seen reports how many keys have been pressed.
func (p *KeypadPanel) Seen() int { return len(p.seen) }

// Hide hides the panel.
func (p *KeypadPanel) Hide() { p.Root.Hide() }
