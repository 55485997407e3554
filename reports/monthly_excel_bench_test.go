package reports

import (
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"
)

// benchMonthVisits are n visits of March 2026 over 30 branches, drawn from a fixed seed: the
// shapes of the field (a few terminals that keep failing, most visits closed within hours).
func benchMonthVisits(n int) []MonthVisit {
	rng := rand.New(rand.NewPCG(11, 12))
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.Local)
	cats, ress := Categories(), Resolutions()
	codes := []string{"03", "A0", "96", "P1", "H1", "51", "12", "14", "55", "58", "94", "Z1"}
	models := []string{"VX520", "iCT250", "S90", "A920", "P2000"}
	techs := []string{"张工", "李工", "王工", "赵工", "刘工", "陈工", "杨工", "黄工"}
	out := make([]MonthVisit, n)
	for i := range out {
		opened := start.Add(time.Duration(rng.Int64N(int64(31 * 24 * time.Hour))))
		tid := fmt.Sprintf("T%07d", rng.IntN(n/2+1))
		if rng.IntN(10) == 0 {
			tid = fmt.Sprintf("T%07d", rng.IntN(50)) // the terminals that keep failing
		}
		v := MonthVisit{
			ID: fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i), Opened: opened,
			Branch: fmt.Sprintf("支行%02d", rng.IntN(30)), TID: tid, MID: "898" + tid[1:] + "00001",
			Merchant: "商户 " + tid, Model: models[rng.IntN(len(models))], Technician: techs[rng.IntN(len(techs))],
			Category: cats[rng.IntN(len(cats))], Resolution: ress[rng.IntN(len(ress))],
		}
		if rng.IntN(50) != 0 {
			v.Closed = opened.Add(time.Duration(rng.ExpFloat64() * float64(4*time.Hour)))
		}
		if rng.IntN(3) == 0 {
			v.Reported = opened.Add(-time.Duration(rng.IntN(120)) * time.Minute)
		}
		for range rng.IntN(3) {
			v.Codes = append(v.Codes, codes[rng.IntN(len(codes))])
		}
		out[i] = v
	}
	return out
}

// BenchmarkMonthlyWorkbook writes the workbook of a month of POSDOCTOR_BENCH_VISITS visits
// (default 100,000; the target: under 5 s and 200 MB). peak-heap-MB is the highest live heap
// seen while writing (the visits included). POSDOCTOR_BENCH_ROWS_CSV=FILE also writes the
// Incidents sheet's rows to FILE, for scripts/xlsx-speed.sh to give openpyxl the same rows.
func BenchmarkMonthlyWorkbook(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("POSDOCTOR_BENCH_VISITS")); err == nil && v > 0 {
		n = v
	}
	visits := benchMonthVisits(n)
	r, err := ComputeMonth(visits, "2026-03", "", time.Local, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	d, err := MonthDetails(visits, "2026-03", "", time.Local)
	if err != nil {
		b.Fatal(err)
	}
	if path := os.Getenv("POSDOCTOR_BENCH_ROWS_CSV"); path != "" {
		writeBenchRows(b, path, d.Rows)
	}
	opts := MonthlyOptions{Previous: r, Detail: d, Explainer: testExplainer}
	benchPeakHeap(b, func(w io.Writer) error { return WriteMonthlyExcel(w, r, opts) })
}

// writeBenchRows writes the Incidents sheet's 14 columns as CSV, times in RFC 3339.
func writeBenchRows(b *testing.B, path string, rows []MonthRow) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	w := csv.NewWriter(f)
	t := func(x time.Time) string {
		if x.IsZero() {
			return ""
		}
		return x.Format(time.RFC3339)
	}
	for _, v := range rows {
		repair := ""
		if !v.Closed.IsZero() {
			repair = strconv.FormatFloat(round(v.Closed.Sub(v.Opened).Hours(), 2), 'f', -1, 64)
		}
		w.Write([]string{t(v.Opened), t(v.Closed), t(v.Reported), v.Branch, v.Technician, v.TID, v.MID, v.Merchant,
			v.Model, v.Category.Labels().ZH + " " + v.Category.Labels().EN, fmt.Sprint(distinct(v.Codes)),
			v.Resolution.Labels().ZH + " " + v.Resolution.Labels().EN, repair, strconv.FormatBool(v.Repeat)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		b.Fatal(err)
	}
}
