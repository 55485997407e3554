package locale

import (
	"slices"
	"testing"
)

// Wrap in columns, as the command line's help is wrapped.
func TestWrapColumns(t *testing.T) {
	for _, c := range []struct {
		in    string
		width int
		want  []string
	}{
		{"short", 10, []string{"short"}},
		{"", 10, []string{""}},
		{"one two three four", 9, []string{"one two", "three", "four"}},
		// a line is full at exactly width columns: the space after its last word does not count
		{"abcd efgh ij", 9, []string{"abcd efgh", "ij"}},
		// never before closing punctuation, never after opening punctuation
		{"中文中文，中文", 8, []string{"中文中", "文，中文"}},
		{"中文中（文）", 8, []string{"中文中", "（文）"}},
		{"中文中文；中文", 8, []string{"中文中", "文；中文"}},
		{"中文中文！中文", 8, []string{"中文中", "文！中文"}},
		// an ASCII word is not cut, even when it is longer than a line
		{"见 docs/shared-store.md。", 10, []string{"见", "docs/shared-store.md。"}},
		{"波特率：9600、19200、38400", 16, []string{"波特率：9600、", "19200、38400"}},
		// spaces at a break are dropped, every kind
		{"一二三四\u3000五六", 8, []string{"一二三四", "五六"}},
	} {
		got := Wrap(c.in, c.width, Width, false)
		if !slices.Equal(got, c.want) {
			t.Errorf("Wrap(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}

// With cut, a word wider than a line is cut, its punctuation kept with it.
func TestWrapCutsLongWords(t *testing.T) {
	for _, c := range []struct {
		in    string
		width int
		want  []string
	}{
		{"见 docs/shared-store.md", 10, []string{"见", "docs/share", "d-store.md"}},
		{"abcdefghij.", 10, []string{"abcdefghi", "j."}},
	} {
		got := Wrap(c.in, c.width, Width, true)
		if !slices.Equal(got, c.want) {
			t.Errorf("Wrap(%q, %d, cut) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}
