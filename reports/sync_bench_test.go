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
		var took time.Duration
		for b.Loop() {
			b.StopTimer()
			remote, err := Open(pgtest.Database(b))
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			t0 := time.Now()
			r, err := local.Sync(ctx, remote, SyncOptions{})
			took += time.Since(t0)
			if err != nil || r.Pushed != n {
				b.Fatalf("sync: %+v, %v", r, err)
			}
			b.StopTimer()
			remote.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(n)*float64(b.N)/took.Seconds(), "visits/s")
	})
	b.Run("bundle-export-import", func(b *testing.B) {
		var took time.Duration
		for b.Loop() {
			b.StopTimer()
			other, err := Open(filepath.Join(b.TempDir(), "other.db"))
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			t0 := time.Now()
			var buf bytes.Buffer
			if _, err := local.ExportBundle(ctx, &buf, BundleSelect{}); err != nil {
				b.Fatal(err)
			}
			res, err := other.ImportBundle(ctx, "b.pdbundle", bytes.NewReader(buf.Bytes()), int64(buf.Len()), nil)
			took += time.Since(t0)
			if err != nil || res.Added != n {
				b.Fatalf("import: %+v, %v", res, err)
			}
			b.StopTimer()
			other.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(n)*float64(b.N)/took.Seconds(), "visits/s")
	})
}
