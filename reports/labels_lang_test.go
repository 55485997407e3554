package reports

import (
	"testing"

	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
)

// TestLabelsInEveryLanguage: every category and resolution has its own label in each language,
// the Traditional one as Taiwan writes it (印表機, not 打印机 nor 打印機): nothing the code
// book's converter (OpenCC s2tw and Taiwan's words) would still change, so the chart, the
// Reports screen, the incident form and the command line show zh_TW without converting.
func TestLabelsInEveryLanguage(t *testing.T) {
	var labels []struct {
		name string
		text locale.Text
	}
	for _, c := range Categories() {
		labels = append(labels, struct {
			name string
			text locale.Text
		}{"category " + c.String(), c.Labels()})
	}
	for _, r := range Resolutions() {
		labels = append(labels, struct {
			name string
			text locale.Text
		}{"resolution " + r.String(), r.Labels()})
	}
	if len(labels) < 13 {
		t.Fatalf("only %d labels", len(labels))
	}
	for _, l := range labels {
		t.Run(l.name, func(t *testing.T) {
			x := l.text
			if x.ZH == "" || x.ZHTW == "" || x.EN == "" {
				t.Fatalf("%+v: a language is missing", x)
			}
			if tw := codebook.ToTraditional(x.ZHTW); tw != x.ZHTW {
				t.Errorf("ZHTW %q is not Traditional in Taiwan's words: %q", x.ZHTW, tw)
			}
			if tw := codebook.ToTraditional(x.ZH); tw != x.ZH && x.ZHTW == x.ZH {
				t.Errorf("ZHTW %q is the Simplified", x.ZHTW)
			}
			if x.In(locale.ZHTW) != x.ZHTW {
				t.Errorf("In(ZHTW) = %q, want %q", x.In(locale.ZHTW), x.ZHTW)
			}
		})
	}
}
