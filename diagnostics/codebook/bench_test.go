package codebook

import "testing"

// BenchmarkSearch runs every query of the table test once per iteration; ns/op divided by the
// number of queries (reported as ns/query) is the cost of one search on the whole book.
func BenchmarkSearch(b *testing.B) {
	book := mustDefault(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range searchCases {
			book.Search(c.query, 10)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(searchCases)), "ns/query")
}

// BenchmarkSearchFuzzy measures the slowest path: a typo that only the fuzzy tier finds.
func BenchmarkSearchFuzzy(b *testing.B) {
	book := mustDefault(b)
	b.ReportAllocs()
	for b.Loop() {
		book.Search("insuficient fundz excceded", 10)
	}
}

// BenchmarkSearchTraditional measures a Traditional Chinese query (OpenCC conversion included).
func BenchmarkSearchTraditional(b *testing.B) {
	book := mustDefault(b)
	b.ReportAllocs()
	for b.Loop() {
		book.Search("密碼錯誤次數超限", 10)
	}
}

// BenchmarkLoad measures loading, checking and indexing the built-in book (done once per run).
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := FromFS(builtinFS()); err != nil {
			b.Fatal(err)
		}
	}
}
