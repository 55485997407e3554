package visit

import (
	"strings"
	"testing"

	"posdoctor/diagnostics/codebook"
	"posdoctor/serialio"
)

func TestIncidentTrace(t *testing.T) {
	tr := serialio.NewTrace(4)
	tr.Add(serialio.TraceEntry{Dir: serialio.Out, Kind: serialio.TraceMessage, Text: "ST"})
	tr.Add(serialio.TraceEntry{Dir: serialio.In, Kind: serialio.TraceBytes, Raw: []byte("6222021234567894")})
	lines := IncidentTrace(tr.Last(-1))
	if len(lines) != 2 || lines[0].Dir != "out" || lines[0].Kind != "message" || lines[1].Dir != "in" || string(lines[1].Raw) != "622202******7894" {
		t.Errorf("trace lines %+v", lines)
	}
}

func TestCodeBookExplainer(t *testing.T) {
	book, err := codebook.Default()
	if err != nil {
		t.Fatalf("the embedded code book does not load: %v", err)
	}
	x, ok := CodeBookExplainer(book).Explain("03")
	if !ok || x.TitleZH == "" || x.TitleEN == "" || x.MeaningZH == "" || len(x.Who) == 0 {
		t.Errorf("03 explained as %+v, %v", x, ok)
	}
	if _, ok := CodeBookExplainer(book).Explain("no-such-code-xyz"); ok {
		t.Error("unknown code explained")
	}
}

// TestExplainerSourcesAreReadable: the workbook names a code's sources by kind and name, in
// both languages, never by the book's own note of where it came from.
func TestExplainerSourcesAreReadable(t *testing.T) {
	b, err := codebook.Default()
	if err != nil {
		t.Fatal(err)
	}
	x, ok := CodeBookExplainer(b).Explain("03")
	if !ok || x.Source == "" {
		t.Fatalf("03: %+v", x)
	}
	for _, bad := range []string{"shared/", "seeds/", "found by", ".md"} {
		if strings.Contains(x.Source, bad) {
			t.Errorf("03's sources show %q: %s", bad, x.Source)
		}
	}
	if !strings.Contains(x.Source, " / ") {
		t.Errorf("03's sources are not bilingual: %s", x.Source)
	}
}
