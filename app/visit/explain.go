package visit

import (
	"strings"

	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
	"posdoctor/reports"
	"posdoctor/serialio"
)

// WorkbookChinese is the conversion a workbook for a reader of l takes (the reports options'
// Traditional): codebook.ToTraditional for Traditional Chinese, so a technician in Taiwan
// reads 簽購單 and 發卡行 in his own script; nil otherwise, the workbook's Chinese staying
// Simplified (an English reader gets the bilingual workbook as it is).
func WorkbookChinese(l locale.Lang) func(string) string {
	if l == locale.ZHTW {
		return codebook.ToTraditional
	}
	return nil
}

// CodeBookExplainer lets the incident report explain codes from the code book: titles and
// meanings in both languages, who acts, actions ("中文 / English"), and the sources by
// kind and name. It renders findings' messages in Chinese too (reports.MessageRenderer), so the
// workbook's findings are bilingual. The GUI's export uses it too.
func CodeBookExplainer(b *codebook.Book) reports.Explainer {
	return bookExplainer{reports.ExplainFunc(func(code string) (reports.Explanation, bool) {
		e, ok := b.Lookup(code)
		if !ok {
			return reports.Explanation{}, false
		}
		x := reports.Explanation{TitleZH: e.TitleZH, TitleEN: e.TitleEN, MeaningZH: e.MeaningZH, MeaningEN: e.MeaningEN}
		for _, w := range e.Who {
			x.Who = append(x.Who, w.Label().Pair())
		}
		for _, a := range e.Actions {
			x.Actions = append(x.Actions, a.Locale().Pair())
			x.ActionsZH = append(x.ActionsZH, a.In(locale.ZH))
		}
		var srcs []string
		for _, id := range e.Sources {
			// the kind of source and its name a reader can find, never the book's own note
			// of where it came from (a repository path)
			if s, ok := b.Source(id); ok {
				label := s.Label(locale.ZH)
				if en := s.Label(locale.EN); en != label {
					label += " / " + en
				}
				srcs = append(srcs, label)
			}
		}
		x.Source = strings.Join(srcs, "; ")
		return x, true
	})}
}

// bookExplainer is the code book's Explainer that also renders messages from the translations.
type bookExplainer struct{ reports.ExplainFunc }

var _ reports.MessageRenderer = bookExplainer{}

// RenderMessage renders a finding's message template in l (codebook.RenderMessage).
func (bookExplainer) RenderMessage(l locale.Lang, key string, args map[string]any, fallback string) string {
	return codebook.RenderMessage(l, key, args, fallback)
}

// IncidentTrace converts the link's trace entries for an incident (reports does not import
// serialio). Both front ends pass trace.Last(n) through it.
func IncidentTrace(entries []serialio.TraceEntry) []reports.TraceLine {
	out := make([]reports.TraceLine, len(entries))
	for i, e := range entries {
		out[i] = reports.TraceLine{Time: e.Time, Dir: e.Dir.String(), Kind: e.Kind.String(), Raw: e.Raw, Text: e.Text}
	}
	return out
}
