package xlsx

import "testing"

func TestExcelText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"=1+1", "=1+1"},
		{"a\r\nb\rc", "a\nb\nc"},
		{"bell\x07nul\x00", "bell\uFFFDnul\uFFFD"},
		{"tab\tok\nline", "tab\tok\nline"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{"中文", "中文"},
	}
	for _, tt := range tests {
		if got := CellText(tt.in); got != tt.want {
			t.Errorf("CellText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWrappedLines(t *testing.T) {
	tests := []struct {
		s     string
		width float64
		lines int
	}{
		{"", 10, 1}, {"abc", 10, 1}, {"中文中文中文", 7, 2}, {"a\nb\nc", 10, 3}, {"0123456789", 4, 4},
		// words move whole to the next line: 4 lines by characters, 5 as a spreadsheet wraps
		{"P1 printer out of paper slip", 9, 5},
	}
	for _, tt := range tests {
		if got := wrappedLines(tt.s, tt.width); got != tt.lines {
			t.Errorf("wrappedLines(%q, %v) = %d, want %d", tt.s, tt.width, got, tt.lines)
		}
	}
	if got := maxLineWidth("ab\n中文中文\nabc"); got != 8 {
		t.Errorf("maxLineWidth = %d, want 8", got)
	}
}
