package enumtest

import (
	"testing"

	"posdoctor/enum"
)

type color int

var colorNames = enum.Names[color]{"red", "green"}

func (c color) String() string                { return colorNames.String(c) }
func (c color) MarshalText() ([]byte, error)  { return colorNames.MarshalText(c) }
func (c *color) UnmarshalText(b []byte) error { return colorNames.UnmarshalText(c, b) }

// wrongParse reads every name as red.
func wrongParse(string) (color, error) { return 0, nil }

func TestCheck(t *testing.T) {
	Check(t, colorNames.Parse, colorNames.Values(), map[color]string{0: "red", 1: "green"}, "Red", "blue")

	// each check can fail: run them on a fake T and count the failures
	for _, c := range []struct {
		name  string
		parse func(string) (color, error)
		all   []color
		names map[color]string
		bad   []string
	}{
		{"wrong name", colorNames.Parse, []color{1}, map[color]string{1: "red"}, nil},
		{"wrong parse", wrongParse, []color{1}, map[color]string{1: "green"}, nil},
		{"value without a name", colorNames.Parse, colorNames.Values(), map[color]string{0: "red"}, nil},
		{"bad accepted", wrongParse, nil, nil, []string{"blue"}},
	} {
		ft := &recorder{TB: t}
		Check(ft, c.parse, c.all, c.names, c.bad...)
		if !ft.failed {
			t.Errorf("%s: Check passed", c.name)
		}
	}
}

// recorder is a testing.TB that notes an error instead of failing the test.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
