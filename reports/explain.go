package reports

import "posdoctor/locale"

// Explanation is what an incident report says about one code, in both languages.
type Explanation struct {
	TitleZH, TitleEN     string
	MeaningZH, MeaningEN string
	Who                  []string // who acts, in words ("商户 / merchant")
	Actions              []string // what to do, in order ("中文 / English")
	ActionsZH            []string // what to do in Chinese alone, beside a finding's own English actions
	Source               string   // where the meaning comes from (document or table title)
}

// Explainer explains result codes, finding codes and prompts. The code book satisfies it
// through a small adapter where both are wired (app); reports does not import the book.
// Explain may be called many times for the same code while a report is written.
type Explainer interface {
	Explain(code string) (Explanation, bool)
}

// ExplainFunc adapts a function to Explainer.
type ExplainFunc func(code string) (Explanation, bool)

// Explain calls f.
func (f ExplainFunc) Explain(code string) (Explanation, bool) { return f(code) }

// MessageRenderer renders a finding's message template (diagnostics.Finding.MessageKey with
// MessageArgs) in a language, fallback when it cannot. An Explainer that also renders messages
// (the code book's adapter does) makes the workbook's findings bilingual; reports does not read
// the translations itself.
type MessageRenderer interface {
	RenderMessage(l locale.Lang, key string, args map[string]any, fallback string) string
}

// cachedExplainer remembers answers: a 10,000-row journal has a handful of distinct RCs.
type cachedExplainer struct {
	e     Explainer
	cache map[string]explained
}

type explained struct {
	x  Explanation
	ok bool
}

func newCachedExplainer(e Explainer) *cachedExplainer {
	return &cachedExplainer{e: e, cache: map[string]explained{}}
}

func (c *cachedExplainer) Explain(code string) (Explanation, bool) {
	if c.e == nil || code == "" {
		return Explanation{}, false
	}
	if v, ok := c.cache[code]; ok {
		return v.x, v.ok
	}
	x, ok := c.e.Explain(code)
	// what the book says is printed next to terminal data: clean it like any other text
	x = Explanation{
		TitleZH: CleanText(x.TitleZH), TitleEN: CleanText(x.TitleEN),
		MeaningZH: CleanText(x.MeaningZH), MeaningEN: CleanText(x.MeaningEN),
		Who: cleanStrings(x.Who), Actions: cleanStrings(x.Actions), ActionsZH: cleanStrings(x.ActionsZH), Source: CleanText(x.Source),
	}
	c.cache[code] = explained{x, ok}
	return x, ok
}

// title returns "zh / en" (or whichever exists).
func (x Explanation) title() string { return bilingual(x.TitleZH, x.TitleEN) }

// bilingual is "zh / en" as every workbook writes a pair (locale.Text.Pair).
func bilingual(zh, en string) string { return locale.Text{ZH: zh, EN: en}.Pair() }
