package codebook

import "slices"

// Resolve is the entry q names exactly, read as a technician types a code he saw: the Incident
// screen's code picker adds it, `posdoctor incidents --code` lists the visits with it. q names
// an entry by its code in any case, width or script ("ａ０" and "a0" are A0, "3" is 03, 無效商戶
// is the prompt 无效商户), else by a prompt, title or alias exactly as a screen or the book shows
// it ("商户未登记", "paper out"), or by its code and text ("03 无效商户"); the best such entry
// when several share the text. Anything less (the start of a name, a word of it, a typo) names
// no entry: ok is false, and the caller keeps the text as typed or says it is unknown.
func (b *Book) Resolve(q string) (r Result, ok bool) {
	if b == nil {
		return Result{}, false
	}
	if e, ok := b.Lookup(q); ok {
		return Result{Entry: e, Score: scoreCode, Match: MatchCode, Field: b.codeField(e), Text: e.Code, query: q}, true
	}
	if res := b.Search(q, 1); len(res) > 0 && res[0].Match >= MatchPrompt && res[0].Match != MatchClosest {
		return res[0], true
	}
	return Result{}, false
}

// codeField is the field an entry's code is: a prompt's code is its name.
func (b *Book) codeField(e Entry) Field {
	if e.Kind == KindPrompt {
		return FieldName
	}
	return FieldCode
}

// Codes is the codes e stands for, e's own first: a code stands for itself; a screen prompt,
// whose code is its text, for itself and the codes of the book it corresponds to (Related,
// other prompts left out): 无效商户 stands for 无效商户 and 03, 打印机缺纸 for 打印机缺纸, P1
// and PAPER-LOW. Each is the book's spelling of the code.
func (b *Book) Codes(e Entry) []string {
	out := []string{e.Code}
	if e.Kind != KindPrompt || b == nil {
		return out
	}
	for _, r := range e.Related {
		if x, ok := b.Lookup(r); ok && x.Kind != KindPrompt && !slices.Contains(out, x.Code) {
			out = append(out, x.Code)
		}
	}
	return out
}
