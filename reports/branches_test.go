package reports

import (
	"context"
	"slices"
	"testing"
	"time"
)

func TestBranches(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	if got, err := s.Branches(ctx); err != nil || len(got) != 0 {
		t.Fatalf("empty store: %q, %v", got, err)
	}
	for _, b := range []string{"浦东", "", "Xuhui", "浦东"} {
		inc := NewIncident(time.Date(2026, 3, 2, 10, 0, 0, 0, time.Local))
		inc.Branch = b
		if err := s.Save(ctx, inc); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Branches(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Xuhui", "浦东"}; !slices.Equal(got, want) {
		t.Errorf("branches %q, want %q (distinct, sorted, no empty name)", got, want)
	}
}
