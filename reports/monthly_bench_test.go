package reports

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"posdoctor/internal/pgtest"
)

// benchEnd is the end of the generated history: the month benchmarked is the one before it.
var benchEnd = time.Date(2026, 4, 1, 0, 0, 0, 0, time.Local)

// generateIncidents writes n realistic visits spread over the 10 years before benchEnd into
// the store at path (a file, or a PostgreSQL URL), straight through SQL in one transaction
// (Save would take minutes): 30
// branches of unequal size, a fleet of terminals per branch with a few that keep failing,
// categories, codes and repair times drawn as the field sees them, some visits never closed.
// The same seed writes the same store.
func generateIncidents(tb testing.TB, path string, n int, seed uint64) {
	tb.Helper()
	s := openStoreAt(tb, path)
	defer s.Close()
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO incidents (id, opened, closed, updated, technician, branch,
	merchant, mid, tid, model, category, resolution, codes, reported) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		tb.Fatal(err)
	}
	defer ins.Close()
	code, err := tx.PrepareContext(ctx, `INSERT INTO incident_codes (incident_id, run, code) VALUES (?,?,?) ON CONFLICT DO NOTHING`)
	if err != nil {
		tb.Fatal(err)
	}
	defer code.Close()

	const branches = 30
	models := []string{"VX520", "VX675", "iCT250", "iWL220", "S90", "A920", "P2000L"}
	cats := Categories()
	catWeight := []int{30, 20, 6, 12, 8, 10, 9, 5} // communication and printer most often
	codesOf := map[Category][]string{
		CategoryCommunication: {"H1", "98", "68", "LINE-BUSY"}, CategoryPrinter: {"P1", "P2", "PAPER-LOW"},
		CategoryKeypad: {"K1"}, CategoryKeysSignOn: {"A0", "MAC-KEY"}, CategoryCardReading: {"C1", "14"},
		CategoryHostMerchantSetup: {"03", "97", "96"}, CategoryTransactionDispute: {"REVERSAL-PENDING", "DUPLICATE-CHARGE"},
		CategoryOther: {"12", "01"},
	}
	start := benchEnd.AddDate(-10, 0, 0)
	span := benchEnd.Sub(start)
	terminals := max(n/6, branches) // six visits per terminal over ten years on average
	for range n {
		// bigger branches first: branch b has weight 1/(b+1)
		b := int(math.Floor(math.Pow(rng.Float64(), 2) * branches))
		tidN := rng.IntN(terminals/branches) + b*(terminals/branches)
		if rng.IntN(20) == 0 { // the few terminals that keep failing
			tidN = b*(terminals/branches) + rng.IntN(5)
		}
		tid := fmt.Sprintf("%08d", 10000000+tidN)
		opened := start.Add(time.Duration(rng.Int64N(int64(span))))
		w := rng.IntN(100)
		cat := cats[len(cats)-1]
		for j, cw := range catWeight {
			if w < cw {
				cat = cats[j]
				break
			}
			w -= cw
		}
		closed, res := "", ResolutionOpen
		if rng.IntN(50) != 0 || opened.After(benchEnd.AddDate(0, 0, -14)) && rng.IntN(3) != 0 {
			hours := math.Exp(rng.NormFloat64()*1.2 + 1.2) // median ~3 h, a long tail of days
			closed = fmtTime(opened.Add(time.Duration(hours * float64(time.Hour))))
			res = []Resolution{ResolutionFixedOnSite, ResolutionFixedOnSite, ResolutionFixedOnSite, ResolutionEscalated, ResolutionWaitingParts, ResolutionSwapped}[rng.IntN(6)]
		}
		reported := ""
		if rng.IntN(3) != 0 {
			reported = fmtTime(opened.Add(-time.Duration(rng.Int64N(int64(48 * time.Hour)))))
		}
		id := fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", rng.Uint32(), rng.IntN(1<<16), rng.IntN(1<<12), rng.IntN(1<<12), rng.Int64N(1<<48))
		var seen []CodeSeen
		for range rng.IntN(3) {
			seen = append(seen, CodeSeen{Code: codesOf[cat][rng.IntN(len(codesOf[cat]))]})
		}
		codes, _ := json.Marshal(seen)
		if seen == nil {
			codes = []byte("[]")
		}
		_, err := ins.ExecContext(ctx, id, fmtTime(opened), closed, fmtTime(opened), "技术员"+strconv.Itoa(b*4+rng.IntN(4)),
			"网点"+strconv.Itoa(b), "商户"+tid, "898310048"+tid[2:], tid, models[tidN%len(models)], cat.String(), res.String(), string(codes), reported)
		if err != nil {
			tb.Fatal(err)
		}
		for _, c := range seen {
			if _, err := code.ExecContext(ctx, id, -1, c.Code); err != nil {
				tb.Fatal(err)
			}
		}
		if rng.IntN(2) == 0 { // a checklist finding
			if _, err := code.ExecContext(ctx, id, 0, codesOf[cat][0]); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, "ANALYZE"); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkMonthly computes the last generated month for the largest branch and for all
// branches, on a store of POSDOCTOR_BENCH_INCIDENTS visits (default 100,000; the issues' target
// is 1,000,000), side by side on a SQLite file and on the shared store (PostgreSQL), both
// holding the same generated visits: the month's JSON must come out the same. It opens the
// stores read-only, as `report monthly` does. docs/monthly.md and docs/shared-store.md have
// the figures.
func BenchmarkMonthly(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("POSDOCTOR_BENCH_INCIDENTS")); err == nil && v > 0 {
		n = v
	}
	// POSDOCTOR_BENCH_DB (a file) and POSDOCTOR_BENCH_PG (a database URL) keep the generated
	// stores and reuse them (remove the file, drop the database, to generate again): a million
	// visits take minutes to write
	path := os.Getenv("POSDOCTOR_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "incidents.db")
	}
	if _, err := os.Stat(path); err != nil {
		t0 := time.Now()
		generateIncidents(b, path, n, 11)
		b.Logf("%d incidents generated in %v (SQLite)", n, time.Since(t0).Round(time.Millisecond))
	}
	url := os.Getenv("POSDOCTOR_BENCH_PG")
	if url == "" {
		url = pgtest.Database(b)
	}
	if s, err := OpenReadOnly(url); err != nil {
		t0 := time.Now()
		generateIncidents(b, url, n, 11)
		b.Logf("%d incidents generated in %v (PostgreSQL)", n, time.Since(t0).Round(time.Millisecond))
	} else {
		s.Close()
	}
	month := benchEnd.AddDate(0, -1, 0).Format(monthLayout)
	answers := map[string]string{}
	for _, backend := range []struct{ name, db string }{{"sqlite", path}, {"postgres", url}} {
		s, err := OpenReadOnly(backend.db)
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		for _, branch := range []string{"网点0", ""} {
			name := "branch"
			if branch == "" {
				name = "all"
			}
			b.Run(backend.name+"/"+name, func(b *testing.B) {
				var r *MonthReport
				for b.Loop() {
					if r, err = s.Monthly(context.Background(), month, branch); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(r.Incidents), "month-incidents")
				b.ReportMetric(float64(r.Backlog), "backlog")
				r.Generated = time.Time{}
				j, _ := json.Marshal(r)
				if other, ok := answers[name]; ok && other != string(j) {
					b.Fatalf("the month's JSON from PostgreSQL differs from SQLite's")
				}
				answers[name] = string(j)
			})
		}
	}
}
