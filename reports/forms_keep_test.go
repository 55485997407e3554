package reports

import (
	"context"
	"database/sql"
	"testing"
	"time"
)

// TestFormsStay: a form recorded beside a copy of the visit that lacks it (the form command
// while the app has the visit open; a newer version from another laptop) stays.
func TestFormsStay(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	inc := testIncident(time.Date(2026, 3, 5, 10, 30, 0, 0, cst), 5)
	if err := s.Save(ctx, inc); err != nil {
		t.Fatal(err)
	}
	appCopy, _ := s.Get(ctx, inc.ID)
	f := FormRecord{Kind: "collection", Trace: "000123", Reason: "reversal-unconfirmed", Produced: time.Date(2026, 3, 5, 11, 0, 0, 0, cst)}
	if err := s.AddForm(ctx, inc.ID, f); err != nil {
		t.Fatal(err)
	}
	appCopy.Notes = "edited in the app meanwhile"
	if err := s.Save(ctx, appCopy); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(ctx, inc.ID)
	if len(got.Forms) != 1 || got.Forms[0].Trace != "000123" || got.Notes != "edited in the app meanwhile" {
		t.Fatalf("after the app's save: forms %+v, notes %q", got.Forms, got.Notes)
	}
	// a newer version from elsewhere, without the form, keeps it too
	other := *got
	other.Forms = nil
	other.Notes = "newer, from another laptop"
	other.Updated = got.Updated.Add(time.Hour)
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := s.mergeIncident(ctx, tx, &other)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ = s.Get(ctx, inc.ID)
	if len(got.Forms) != 1 || got.Notes != "newer, from another laptop" {
		t.Fatalf("after a newer merge: forms %+v, notes %q", got.Forms, got.Notes)
	}
	// a second form, and the same form saved again, give two
	f2 := f
	f2.Kind, f2.Produced = "adjustment", f.Produced.Add(time.Minute)
	got.Forms = append(got.Forms, f2)
	if err := s.Save(ctx, got); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Get(ctx, inc.ID)
	if len(got.Forms) != 2 {
		t.Fatalf("forms %+v", got.Forms)
	}
	if err := s.AddForm(ctx, "00000000-0000-4000-8000-000000000000", f); err == nil {
		t.Error("a form for a visit the store does not hold was recorded")
	}
}
