package xlsx

import "testing"

// TestFormLandscape: a form prints portrait unless Landscape is asked for.
func TestFormLandscape(t *testing.T) {
	b, err := New("kit", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for _, sheet := range []string{"Portrait", "Landscape"} {
		fm, err := b.NewForm(sheet, 10, 10)
		if err != nil {
			t.Fatal(err)
		}
		if sheet == "Landscape" {
			fm.Landscape()
		}
		fm.Title(sheet)
		if err := fm.Close(); err != nil {
			t.Fatal(err)
		}
	}
	f := reopen(t, b)
	for sheet, want := range map[string]string{"Portrait": "portrait", "Landscape": "landscape"} {
		lay, err := f.GetPageLayout(sheet)
		if err != nil || lay.Orientation == nil || *lay.Orientation != want {
			t.Errorf("%s: orientation %v, %v; want %s", sheet, lay.Orientation, err, want)
		}
	}
}
