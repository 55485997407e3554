//go:build linux || darwin

package serialio_test

import (
	"strconv"
	"testing"
	"time"

	"posdoctor/internal/simtest"
	"posdoctor/serialio"
	"posdoctor/serialio/termsim"
)

// BenchmarkJournalDownload downloads the whole simulated journal over a paced pty at 115200
// baud through the real port path, and reports payload bytes per second and the fraction of
// the line's limit (baud/10 bytes per second) that was reached. Payload is the DATA of the JL
// response frames. Target: 0.85 or more.
func BenchmarkJournalDownload(b *testing.B) {
	const baud = 115200
	path := simtest.PTY(b, termsim.Config{Pace: true, Baud: baud, Journal: 1000})
	port, err := serialio.OpenPort(path, serialio.PortConfig{Baud: baud})
	if err != nil {
		b.Fatal(err)
	}
	c := serialio.NewClient(port, serialio.ClientConfig{})
	defer c.Close()

	var payload int64
	var elapsed time.Duration
	pages := 0
	for b.Loop() {
		start := time.Now()
		for page := 1; ; page++ {
			resp, err := c.Exchange(b.Context(), serialio.Message{Cmd: "JL", Fields: []serialio.Field{{Name: "FROM", Value: "19900101"}, {Name: "PAGE", Value: strconv.Itoa(page)}}})
			if err != nil {
				b.Fatalf("page %d: %v", page, err)
			}
			data, _ := serialio.EncodeMessage(resp)
			payload += int64(len(data))
			pages++
			if resp.Value("MORE") != "Y" {
				break
			}
		}
		elapsed += time.Since(start)
	}
	bps := float64(payload) / elapsed.Seconds()
	b.ReportMetric(bps, "payload-B/s")
	b.ReportMetric(bps/(baud/10), "line-fraction")
	b.ReportMetric(float64(pages)/float64(b.N), "pages/op")
	if s := c.Stats(); s.Resends > 0 {
		b.Logf("resends during the download: %d", s.Resends)
	}
}
