package xlsx

import "github.com/xuri/excelize/v2"

// styles are created once per workbook and shared by every cell that needs them.
type styles struct {
	header   int
	cell     [numHighlights][numKinds]int
	tone     [numTones]int
	title    int
	subtitle int
	section  int
	label    int
	value    int
	valueDT  int
	note     int
}

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	var firstErr error
	mk := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return id
	}
	thin := func(color string) []excelize.Border {
		return []excelize.Border{
			{Type: "left", Color: color, Style: 1}, {Type: "right", Color: color, Style: 1},
			{Type: "top", Color: color, Style: 1}, {Type: "bottom", Color: color, Style: 1},
		}
	}
	grid := thin("BFBFBF")
	textFmt := 49 // "@": a value typed into the cell later stays text too
	dt := "yyyy-mm-dd hh:mm:ss"
	dtms := "yyyy-mm-dd hh:mm:ss.000"
	money := "#,##0.00"
	secs := "0.0"

	st.header = mk(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "FFFFFF", Size: 10},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E78"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    thin("FFFFFF"),
		NumFmt:    textFmt,
	})
	fills := [numHighlights]string{"", "FFC7CE", "F8CBAD", "FFF2CC"}
	for fi := range numHighlights {
		var fill excelize.Fill
		if fills[fi] != "" {
			fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fills[fi]}}
		}
		font := &excelize.Font{Size: 10}
		if Highlight(fi) == Alarm {
			font = &excelize.Font{Size: 10, Bold: true, Color: "9C0006"}
		}
		for k := range numKinds {
			s := &excelize.Style{Fill: fill, Font: font, Border: grid,
				Alignment: &excelize.Alignment{Vertical: "top"}}
			switch Kind(k) {
			case Text:
				s.NumFmt = textFmt
			case Wrap:
				s.NumFmt = textFmt
				s.Alignment.WrapText = true
			case Time:
				s.CustomNumFmt = &dt
				s.Alignment.Horizontal = "left"
			case TimeMS:
				s.CustomNumFmt = &dtms
				s.Alignment.Horizontal = "left"
			case Money:
				s.CustomNumFmt = &money
			case Int:
				s.NumFmt = 1 // "0"
			case Secs:
				s.CustomNumFmt = &secs
			}
			st.cell[fi][k] = mk(s)
		}
	}
	for tone, c := range [numTones][2]string{
		Good:    {"C6EFCE", "006100"},
		Caution: {"FFEB9C", "9C5700"},
		Bad:     {"FFC7CE", "9C0006"},
		Muted:   {"EDEDED", "595959"},
		Odd:     {"E4DFEC", "5B2C6F"},
	} {
		st.tone[tone] = mk(&excelize.Style{
			Font:      &excelize.Font{Bold: true, Size: 10, Color: c[1]},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c[0]}},
			Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center", WrapText: true},
			Border:    grid,
			NumFmt:    textFmt,
		})
	}
	st.title = mk(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 16, Color: "1F4E78"},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
	})
	st.subtitle = mk(&excelize.Style{
		Font:      &excelize.Font{Italic: true, Size: 9, Color: "595959"},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		NumFmt:    textFmt,
	})
	st.section = mk(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 11, Color: "1F4E78"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Vertical: "center"},
		Border:    thin("8EA9DB"),
	})
	st.label = mk(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 10},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
		Border:    grid,
	})
	st.value = mk(&excelize.Style{
		Font:      &excelize.Font{Size: 10},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
		Border:    grid,
		NumFmt:    textFmt,
	})
	st.valueDT = mk(&excelize.Style{
		Font:         &excelize.Font{Size: 10},
		Alignment:    &excelize.Alignment{Vertical: "top", Horizontal: "left"},
		Border:       grid,
		CustomNumFmt: &dt,
	})
	st.note = mk(&excelize.Style{
		Font:      &excelize.Font{Italic: true, Size: 9, Color: "595959"},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
		NumFmt:    textFmt,
	})
	return st, firstErr
}
