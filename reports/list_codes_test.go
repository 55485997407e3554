package reports

import (
	"context"
	"slices"
	"testing"
	"time"

	"posdoctor/diagnostics"
)

// TestListAnyCode: Filter.Codes lists the visits with any of the codes, seen or found, and
// Store.Codes lists the codes the store holds (what incidents --code compares what was typed
// with: the store keeps a code as it was given).
func TestListAnyCode(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	mk := func(opened time.Time, codes ...string) *Incident {
		inc := NewIncident(opened)
		for _, c := range codes {
			inc.Codes = append(inc.Codes, CodeSeen{Code: c})
		}
		if err := s.Save(ctx, inc); err != nil {
			t.Fatal(err)
		}
		return inc
	}
	loc := time.Local
	a := mk(time.Date(2026, 3, 1, 9, 0, 0, 0, loc), "无效商户")
	b := mk(time.Date(2026, 3, 2, 9, 0, 0, 0, loc), "03", "H1")
	mk(time.Date(2026, 3, 3, 9, 0, 0, 0, loc), "P1")
	withRun := NewIncident(time.Date(2026, 3, 4, 9, 0, 0, 0, loc))
	withRun.AddRun(testReport(withRun.Opened, 12)) // finds A0
	if err := s.Save(ctx, withRun); err != nil {
		t.Fatal(err)
	}
	var ids []string
	list, err := s.List(ctx, Filter{Codes: []string{"无效商户", "03", "A0"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		ids = append(ids, m.ID)
	}
	if want := []string{withRun.ID, b.ID, a.ID}; !slices.Equal(ids, want) {
		t.Errorf("any of 无效商户, 03, A0: %v, want %v", ids, want)
	}
	if list, _ := s.List(ctx, Filter{Code: "H1", Codes: []string{"无效商户", "03"}}); len(list) != 1 || list[0].ID != b.ID {
		t.Errorf("H1 and any of 无效商户, 03: %v", list)
	}
	codes, err := s.Codes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"无效商户", "03", "H1", "P1", "A0"} {
		if !slices.Contains(codes, c) {
			t.Errorf("Codes() = %q lacks %s", codes, c)
		}
	}
	if !slices.IsSorted(codes) || len(slices.Compact(slices.Clone(codes))) != len(codes) {
		t.Errorf("Codes() = %q: not each once, sorted", codes)
	}
}

// TestCodeWeights: each code of a visit once, seen on site or found, with the worst severity
// its runs found it at.
func TestCodeWeights(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	inc := NewIncident(time.Date(2026, 3, 4, 9, 0, 0, 0, time.Local))
	inc.Codes = []CodeSeen{{Code: "ZZ9"}, {Code: "A0"}}
	inc.AddRun(testReport(inc.Opened, 12)) // finds A0, critical
	if err := s.Save(ctx, inc); err != nil {
		t.Fatal(err)
	}
	ws, err := s.CodeWeights(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]CodeWeight{}
	var codes []string
	for _, w := range ws {
		got[w.Code] = w
		codes = append(codes, w.Code)
	}
	list, _ := s.List(ctx, Filter{})
	if len(list) != 1 || !slices.Equal(codes, list[0].Codes) {
		t.Fatalf("CodeWeights codes %q, the list's %v", codes, list)
	}
	if w := got["ZZ9"]; !w.Seen || w.Found {
		t.Errorf("ZZ9: %+v", w)
	}
	if w := got["A0"]; !w.Seen || !w.Found || w.Severity != diagnostics.SeverityCritical {
		t.Errorf("A0: %+v", w)
	}
}
