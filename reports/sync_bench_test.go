package reports

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"posdoctor/internal/pgtest"
)

// BenchmarkSync pushes a laptop's store of POSDOCTOR_BENCH_SYNC visits (default 100,000; the
// generated visits of BenchmarkMonthly) into an empty shared store, beside the alternative a
// branch would otherwise use: a bundle of the same visits written and imported into another
// laptop's file. Each iteration starts from an empty target. visits/s is the throughput.
func BenchmarkSync(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("POSDOCTOR_BENCH_SYNC")); err == nil && v > 0 {
		n = v
	}
	path := filepath.Join(b.TempDir(), "laptop.db")
	generateIncidents(b, path, n, 7)
	local, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer local.Close()
	ctx := context.Background()

	b.Run("sync-to-postgres", func(b *testing.B) {
		open := func() (*Store, error) { return Open(pgtest.Database(b)) }
		benchVisitsMoved(b, n, open, func(remote *Store) (int, error) {
			r, err := local.Sync(ctx, remote, SyncOptions{})
			return r.Pushed, err
		})
	})
	b.Run("bundle-export-import", func(b *testing.B) {
		open := func() (*Store, error) { return Open(filepath.Join(b.TempDir(), "other.db")) }
		benchVisitsMoved(b, n, open, func(other *Store) (int, error) {
			var buf bytes.Buffer
			if _, err := local.ExportBundle(ctx, &buf, BundleSelect{}); err != nil {
				return 0, err
			}
			res, err := other.ImportBundle(ctx, "b.pdbundle", bytes.NewReader(buf.Bytes()), int64(buf.Len()), nil)
			return res.Added, err
		})
	})
}

// benchVisitsMoved times move, which must bring all n visits into a fresh target store from
// open each iteration (opening and closing it not timed), and reports visits/s.
func benchVisitsMoved(b *testing.B, n int, open func() (*Store, error), move func(target *Store) (int, error)) {
	var took time.Duration
	for b.Loop() {
		b.StopTimer()
		target, err := open()
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := time.Now()
		moved, err := move(target)
		took += time.Since(t0)
		if err != nil || moved != n {
			b.Fatalf("%d of %d visits moved: %v", moved, n, err)
		}
		b.StopTimer()
		target.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/took.Seconds(), "visits/s")
}
