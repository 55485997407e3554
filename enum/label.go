package enum

import "posdoctor/locale"

// Label is v's entry in labels (indexed by value, as the names are), or, for a value without a
// name or a label, v's String in every language: a bad value shows as what it is, never blank.
func (n Names[T]) Label(labels []locale.Text, v T) locale.Text {
	if !n.Valid(v) || int(v) >= len(labels) {
		s := n.String(v)
		return locale.Text{ZH: s, EN: s}
	}
	return labels[v]
}
