package reports

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"posdoctor/diagnostics"
)

// bigIncident has a 10,000-transaction journal, 2,000 events and a 500-line trace.
func bigIncident() *Incident {
	now := time.Date(2026, 3, 5, 10, 30, 0, 0, cst)
	inc := testIncident(now, 10000)
	for i := range 2000 {
		inc.Events = append(inc.Events, diagnostics.Event{Time: now.Add(-time.Duration(i) * time.Minute), Code: fmt.Sprintf("E%d", i%9), Text: "通讯中断 line dropped after host answer"})
	}
	for i := range 500 {
		inc.Trace = append(inc.Trace, TraceLine{Time: now.Add(time.Duration(i) * time.Millisecond), Dir: "in", Kind: "frame",
			Raw: []byte(fmt.Sprintf("\x02JL\x1fPAGE=%d\x1fREC=20260305101500\x1fSALE\x1f8800\x03", i)), Text: "JL page"})
	}
	return inc
}

// peakHeap samples the live heap while fn runs and returns the highest value seen.
func peakHeap(fn func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(stop)
	<-done
	return peak.Load()
}

// benchPeakHeap runs write to io.Discard b.N times and reports the highest live heap seen
// during a write, what the caller built before it included, as peak-heap-MB.
func benchPeakHeap(b *testing.B, write func(io.Writer) error) {
	runtime.GC()
	b.ReportAllocs()
	var peak uint64
	b.ResetTimer()
	for b.Loop() {
		p := peakHeap(func() {
			if err := write(io.Discard); err != nil {
				b.Fatal(err)
			}
		})
		peak = max(peak, p)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkExportExcel10k writes the workbook of an incident with a 10,000-transaction journal.
// peak-heap-MB is the highest live heap seen during the run (incident included).
func BenchmarkExportExcel10k(b *testing.B) {
	inc := bigIncident()
	benchPeakHeap(b, func(w io.Writer) error { return WriteExcel(w, inc, ExcelOptions{Explainer: testExplainer}) })
}

// BenchmarkSave10k saves the same incident to the store: the first save writes every row,
// BenchmarkSaveEdit10k an edit of the notes only.
func BenchmarkSave10k(b *testing.B) {
	inc := bigIncident()
	s := openTestStore(b)
	ctx := context.Background()
	for b.Loop() {
		c := *inc
		c.ID = NewIncident(inc.Opened).ID
		if err := s.Save(ctx, &c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSaveEdit10k(b *testing.B) {
	inc := bigIncident()
	s := openTestStore(b)
	ctx := context.Background()
	if err := s.Save(ctx, inc); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		inc.Notes = fmt.Sprintf("edit %d", i)
		if err := s.Save(ctx, inc); err != nil {
			b.Fatal(err)
		}
	}
}
