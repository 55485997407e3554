package termsim

import (
	"strconv"
	"testing"
	"time"
)

// BenchmarkJournalDownload downloads the whole journal over an in-memory line paced at
// 115200 baud and reports DATA bytes per second and that as a fraction of the line's limit
// (baud/10 bytes a second): what stop-and-wait with full pages leaves of the line.
func BenchmarkJournalDownload(b *testing.B) {
	const baud = 115200
	h := newHost(b, Config{Pace: true, Baud: baud, Journal: 300, Speed: 1})
	var total int
	var elapsed time.Duration
	for b.Loop() {
		start := time.Now()
		for p := 1; ; p++ {
			req := h.send("JL", "FROM", "20000101", "PAGE", strconv.Itoa(p))
			r, ok := h.await(req, 10*time.Second)
			if !ok {
				b.Fatalf("no page %d", p)
			}
			total += r.size
			if r.msg.Value("MORE") != "Y" {
				break
			}
		}
		elapsed += time.Since(start)
	}
	rate := float64(total) / elapsed.Seconds()
	b.ReportMetric(rate, "B/s")
	b.ReportMetric(rate/(baud/10), "line-fraction")
}
