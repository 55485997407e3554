package drill

import (
	"context"
	"testing"
	"time"

	"posdoctor/diagnostics/codebook"
)

func book(t testing.TB) *codebook.Book {
	t.Helper()
	b, err := codebook.Default()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Every built-in drill is valid and its solution passes with 100.
func TestBuiltinSolutionsScoreFull(t *testing.T) {
	list, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	b := book(t)
	for _, sc := range list {
		t.Run(sc.ID, func(t *testing.T) {
			t.Parallel()
			if errs := Validate(sc, b); len(errs) > 0 {
				t.Fatal(errs)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			if err := Prove(ctx, sc); err != nil {
				t.Fatal(err)
			}
		})
	}
}
