package enum_test

import (
	"encoding/json"
	"errors"
	"testing"

	"posdoctor/enum"
	"posdoctor/locale"
)

type color int

var colorNames = enum.Names[color]{"red", "green", "blue"}

func (c color) String() string                { return colorNames.String(c) }
func (c color) MarshalText() ([]byte, error)  { return colorNames.MarshalText(c) }
func (c *color) UnmarshalText(b []byte) error { return colorNames.UnmarshalText(c, b) }

func TestNames(t *testing.T) {
	for _, c := range colorNames.Values() {
		got, err := colorNames.Parse(c.String())
		if err != nil || got != c {
			t.Errorf("%v: round trip gave %v, %v", c, got, err)
		}
	}
	if _, err := colorNames.Parse("Red"); !errors.Is(err, enum.ErrUnknown) {
		t.Errorf("names are case-sensitive: %v", err)
	}
	if s := color(7).String(); s != "enum_test.color(7)" {
		t.Errorf("out of range: %q", s)
	}
	if _, err := json.Marshal(color(-1)); err == nil {
		t.Error("a value with no name was written")
	}
	var c struct{ C color }
	if err := json.Unmarshal([]byte(`{"C":"blue"}`), &c); err != nil || c.C != 2 {
		t.Errorf("unmarshal: %v %v", c.C, err)
	}
	if err := json.Unmarshal([]byte(`{"C":"pink"}`), &c); err == nil {
		t.Error("unknown name accepted")
	}
}

func TestLabel(t *testing.T) {
	labels := []locale.Text{{ZH: "红", EN: "Red"}, {ZH: "绿", EN: "Green"}} // blue has none
	if got := colorNames.Label(labels, 1); got.ZH != "绿" || got.EN != "Green" {
		t.Errorf("green: %+v", got)
	}
	for _, c := range []color{2, 7, -1} { // no label, no name, no name
		got := colorNames.Label(labels, c)
		if got.ZH != c.String() || got.EN != c.String() {
			t.Errorf("%d: %+v, want its name %q in every language", int(c), got, c.String())
		}
	}
}
