package termsim

import (
	"bytes"
	"testing"
	"time"
)

// The identity and the keys come from the seed alone (docs/simulator.md): a terminal made on
// another day with the same seed has the same check values, so a recorded check --json and
// the drills stay the same from day to day. The history is made relative to the clock.
func TestKeysDoNotDependOnTheDate(t *testing.T) {
	day := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	mk := func(now time.Time) *Terminal {
		term, err := New(Config{Seed: 7, Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		return term
	}
	a := mk(day)
	for h := 1; h <= 72; h++ {
		b := mk(day.Add(time.Duration(h)*time.Hour + 13*time.Minute))
		if a.id.tid != b.id.tid || a.id.sn != b.id.sn || a.id.mid != b.id.mid {
			t.Fatalf("identity changed %d h later: %+v vs %+v", h, a.id, b.id)
		}
		for name, k := range map[string][2][]byte{"TMK": {a.st.tmk, b.st.tmk}, "PIK": {a.st.pik, b.st.pik}, "MAK": {a.st.mak, b.st.mak}, "TDK": {a.st.tdk, b.st.tdk}} {
			if !bytes.Equal(k[0], k[1]) {
				t.Fatalf("%s changed %d h later", name, h)
			}
		}
	}
}
