package reports

import (
	"posdoctor/enum"
	"posdoctor/locale"
)

// enumLabel is v's entry in labels (indexed by value, as names is), or, for a value without
// a name, v's String in every language: a bad value shows as what it is, never as a blank.
func enumLabel[T ~int](names enum.Names[T], labels []locale.Text, v T) locale.Text {
	if !names.Valid(v) {
		s := names.String(v)
		return locale.Text{ZH: s, EN: s}
	}
	return labels[v]
}
