package enum

import (
	"errors"
	"fmt"
	"strings"
)

// ErrUnknown is the cause of every Parse error: the name is not one of the enumeration's.
var ErrUnknown = errors.New("unknown name")

// Names are the stable names of an enumeration whose values are 0, 1, 2, ...: Names[v] is
// the name of v. What the names mean is the declaring package's.
type Names[T ~int] []string

// String returns v's name, or Type(v) for a value outside the list.
func (n Names[T]) String(v T) string {
	if v >= 0 && int(v) < len(n) {
		return n[v]
	}
	return fmt.Sprintf("%T(%d)", v, int(v))
}

// Parse reads a name as String writes it. The error wraps ErrUnknown and lists the names.
func (n Names[T]) Parse(s string) (T, error) {
	for i, name := range n {
		if name == s {
			return T(i), nil
		}
	}
	var zero T
	return zero, fmt.Errorf("%w %q for %T (want one of %s)", ErrUnknown, s, zero, strings.Join(n, ", "))
}

// Valid reports whether v has a name.
func (n Names[T]) Valid(v T) bool { return v >= 0 && int(v) < len(n) }

// Values lists every value in order.
func (n Names[T]) Values() []T {
	out := make([]T, len(n))
	for i := range n {
		out[i] = T(i)
	}
	return out
}

// MarshalText writes v's name; a value outside the list is an error, so nothing unreadable
// is ever written.
func (n Names[T]) MarshalText(v T) ([]byte, error) {
	if !n.Valid(v) {
		return nil, fmt.Errorf("%T(%d) has no name", v, int(v))
	}
	return []byte(n[v]), nil
}

// UnmarshalText reads a name into *v.
func (n Names[T]) UnmarshalText(v *T, b []byte) error {
	x, err := n.Parse(string(b))
	if err != nil {
		return err
	}
	*v = x
	return nil
}
