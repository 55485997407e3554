package codebook

import "posdoctor/pan"

// maskOverlay masks every card number in what an overlay file says (pan.MaskText): its codes,
// titles, meanings, causes, actions, notes, screen texts, aliases, variants and sources. An
// overlay is a site's own file, written by hand or pasted from a ticket, and every word of it is
// printed (lookup's text and --json, the GUI, the workbooks); a card number in it, even one
// split by zero-width characters or escape codes, keeps only its first 6 and last 4 digits.
// The built-in book is the project's own data and is not touched.
func maskOverlay(f *bookFile) {
	f.name = pan.MaskText(f.name)
	sources := make(map[string]Source, len(f.sources))
	for id, s := range f.sources {
		s.ID = pan.MaskText(s.ID)
		s.Title, s.URL = pan.MaskText(s.Title), pan.MaskText(s.URL)
		s.NameZH, s.NameEN = pan.MaskText(s.NameZH), pan.MaskText(s.NameEN)
		sources[pan.MaskText(id)] = s
	}
	f.sources = sources
	for i := range f.entries {
		maskEntry(&f.entries[i])
	}
}

func maskEntry(e *Entry) {
	e.Code = pan.MaskText(e.Code)
	e.TitleZH, e.TitleEN = pan.MaskText(e.TitleZH), pan.MaskText(e.TitleEN)
	e.MeaningZH, e.MeaningEN = pan.MaskText(e.MeaningZH), pan.MaskText(e.MeaningEN)
	e.GenericEN = pan.MaskText(e.GenericEN)
	e.Display = maskStrings(e.Display)
	e.Aliases = maskStrings(e.Aliases)
	e.Causes = maskTexts(e.Causes)
	e.Actions = maskTexts(e.Actions)
	e.RetryNote = maskText(e.RetryNote)
	e.ConflictNote = maskText(e.ConflictNote)
	for j := range e.Variants {
		v := &e.Variants[j]
		v.Source = pan.MaskText(v.Source)
		v.TitleZH, v.TitleEN = pan.MaskText(v.TitleZH), pan.MaskText(v.TitleEN)
		v.MeaningZH, v.MeaningEN = pan.MaskText(v.MeaningZH), pan.MaskText(v.MeaningEN)
	}
	e.Related = maskStrings(e.Related)
	e.Sources = maskStrings(e.Sources)
}

func maskText(t Text) Text { return Text{ZH: pan.MaskText(t.ZH), EN: pan.MaskText(t.EN)} }

func maskTexts(ts []Text) []Text {
	for i := range ts {
		ts[i] = maskText(ts[i])
	}
	return ts
}

func maskStrings(ss []string) []string {
	for i := range ss {
		ss[i] = pan.MaskText(ss[i])
	}
	return ss
}
