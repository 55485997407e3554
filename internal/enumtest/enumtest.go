// Package enumtest checks an enumeration built on package enum against the names its test
// pins: String, Parse and, where the type has one, the text (JSON) encoding. It is for tests
// only: nothing of the program imports it.
package enumtest

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"posdoctor/enum"
)

// Check checks that names gives a name to every value of all and to nothing else, and each
// value of names: String writes its name, parse reads the name back, and a
// type with a text encoding writes the name as a JSON string that reads back. Each of bad must be
// refused with enum.ErrUnknown.
func Check[T interface {
	comparable
	fmt.Stringer
}](t testing.TB, parse func(string) (T, error), all []T, names map[T]string, bad ...string) {
	t.Helper()
	if len(names) != len(all) {
		t.Errorf("the test names %d values, the type has %d", len(names), len(all))
	}
	for _, v := range all {
		if _, ok := names[v]; !ok {
			t.Errorf("%v has no name in the test", v)
		}
	}
	for v, name := range names {
		if got := v.String(); got != name {
			t.Errorf("%v: String() = %q, want %q", name, got, name)
		}
		if got, err := parse(name); err != nil || got != v {
			t.Errorf("Parse(%q) = %v, %v", name, got, err)
		}
		if _, ok := any(v).(encoding.TextMarshaler); !ok {
			continue
		}
		b, err := json.Marshal(v)
		if err != nil || string(b) != `"`+name+`"` {
			t.Errorf("%v: json = %s, %v", name, b, err)
		}
		var back T
		if err := json.Unmarshal(b, &back); err != nil || back != v {
			t.Errorf("%v: json round trip = %v, %v", name, back, err)
		}
	}
	for _, s := range bad {
		if _, err := parse(s); !errors.Is(err, enum.ErrUnknown) {
			t.Errorf("Parse(%q) = %v, want enum.ErrUnknown", s, err)
		}
	}
}
