package reports

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestBundleImpossibleTimes: a bundle (untrusted: another program wrote it) whose visit was
// closed before it was opened, or before the fault was reported, is refused naming the line,
// the visit and both fields, and nothing of it enters (a user trial: reported after closed
// imported, and the month showed a median time to restore of -273 hours). A fault reported
// after the visit opened is allowed, and the month's hours stay positive.
func TestBundleImpossibleTimes(t *testing.T) {
	ctx := context.Background()
	line := func(extra string) string {
		return `{"id":"` + handID + `","opened":"2026-03-02T09:15:00+08:00","updated":"2026-03-02T11:00:00+08:00",` +
			`"category":"printer","resolution":"fixed-on-site"` + extra + `}`
	}
	good := strings.Replace(line(""), "3f2b", "4f2b", 1)
	for _, c := range []struct {
		name, extra, field, before string
	}{
		{"closed before opened", `,"closed":"2026-03-02T08:00:00+08:00"`, `"closed" 2026-03-02T08:00:00+08:00`, `"opened" 2026-03-02T09:15:00+08:00`},
		{"closed before reported", `,"closed":"2026-03-02T10:00:00+08:00","reported":"2026-03-13T19:00:00+08:00"`, `"closed" 2026-03-02T10:00:00+08:00`, `"reported" 2026-03-13T19:00:00+08:00`},
		{"closed before both", `,"closed":"2026-03-01T10:00:00+08:00","reported":"2026-03-02T08:00:00+08:00"`, `"closed"`, `"opened"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := openTestStore(t)
			_, err := importBytes(s, handBundle(t, []string{good, line(c.extra)}, nil, nil))
			var be *BundleError
			var te *TimesError
			if !errors.As(err, &be) || !errors.As(err, &te) || !errors.Is(err, ErrBundleLine) || !errors.Is(err, ErrBundleTimes) {
				t.Fatalf("import: %v; want a *BundleError holding a *TimesError", err)
			}
			msg := err.Error()
			if be.Entry != "incidents.ndjson" || be.Line != 2 || te.ID != handID || !strings.Contains(msg, handID) ||
				!strings.Contains(msg, c.field) || !strings.Contains(msg, c.before) || !strings.Contains(msg, "correct that visit's times") {
				t.Errorf("refusal: entry %q line %d, %s", be.Entry, be.Line, msg)
			}
			if l, _ := s.List(ctx, Filter{}); len(l) != 0 {
				t.Errorf("a refused bundle left %d visits", len(l))
			}
		})
	}

	// reported while the visit was open: allowed; restore time shorter than repair time
	s := openTestStore(t)
	ok := line(`,"closed":"2026-03-02T12:15:00+08:00","reported":"2026-03-02T10:15:00+08:00"`)
	if _, err := importBytes(s, handBundle(t, []string{ok, good}, nil, nil)); err != nil {
		t.Fatal(err)
	}
	m, err := s.Monthly(ctx, "2026-03", "")
	if err != nil {
		t.Fatal(err)
	}
	if m.RepairHours.N != 1 || *m.RepairHours.Median != 3 || m.RestoreHours.N != 1 || *m.RestoreHours.Median != 2 {
		t.Errorf("repair %+v, restore %+v; want 3 h and 2 h", m.RepairHours, m.RestoreHours)
	}
}
