package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
	"posdoctor/pan"
)

const lookupUsage = `usage: posdoctor lookup [--json] [--lang zh|zh_TW|en] [--overlay FILE] [--limit N] QUERY...

Explains a response code, terminal-local code, checklist finding or screen prompt from the
offline code book: 03, 3, a0, H1, 无效商户, 無效商戶, "mac error", "paper out", ...

Exit status: 0 found, 1 no match (the closest entries are suggested), 2 usage error or
interrupted.
`

// cmdLookup implements "posdoctor lookup": search the offline code book and print the best
// matches in one language (--lang zh, zh_TW converted to Traditional, or en), or as JSON;
// without --lang the language of the command line (see langOf).
// It never touches the network or a terminal. Exit codes: 0 found, 1 no match (closest entries
// suggested) or the book could not be loaded, 2 usage error or interrupted.
func cmdLookup(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(ctx, "lookup", lookupUsage, stderr)
	asJSON := fs.Bool("json", false, "print a JSON list of the matches, best first")
	lang := fs.String("lang", "", "language of the output: zh (Simplified Chinese), zh_TW (Traditional, converted from the book) or en (English); default: the command line's")
	overlay := fs.String("overlay", "", "site overlay `FILE` (JSON) with the acquirer's own codes, added to the built-in book")
	limit := fs.Int("limit", 3, "show at most `N` matches")

	// flags may come before or after the query words; everything after "--" is query
	words, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitFailed
	}
	l := langOf(ctx) // the command line's own sentences: --lang of lookup when it names one
	if ml, err := locale.Parse(*lang); *lang != "" && err == nil {
		l = ml
	}
	query := strings.TrimSpace(strings.Join(words, " "))
	if query == "" {
		failText(stderr, l, "lookup", msgLookupNeedsQuery)
		fs.Usage()
		return ExitFailed
	}
	if *lang == "" {
		*lang = langOf(ctx).String()
	}
	p, ok := newLookupPrinter(*lang)
	if !ok {
		return failText(stderr, l, "lookup", msgLookupBadLang, *lang)
	}
	if *limit < 1 {
		return failText(stderr, l, "lookup", msgLookupBadLimit, *limit)
	}
	if ctx.Err() != nil {
		return failText(stderr, l, "lookup", msgErrCanceled)
	}

	var book *codebook.Book
	if *overlay != "" {
		book, err = codebook.LoadFile(ctx, *overlay)
		if ctx.Err() != nil {
			return failText(stderr, l, "lookup", msgErrCanceled)
		}
		if err != nil && book != nil {
			failText(stderr, l, "lookup", msgLookupOverlay, *overlay)
			fmt.Fprintln(stderr, errText(l, err))
		}
	} else {
		book, err = codebook.Default()
	}
	if book == nil {
		fmt.Fprintln(stderr, "posdoctor lookup:", msgLookupNoBook.In(l), errText(l, err))
		return ExitProblem
	}
	p.book = book

	results := book.Search(query, *limit)
	code := ExitOK
	if len(results) == 0 {
		results = book.Closest(query, min(*limit, 3))
		code = ExitProblem
	}
	if *asJSON {
		if err := p.writeJSON(stdout, results); err != nil {
			failErr(stderr, l, "lookup", err)
			return ExitProblem
		}
		return code
	}
	if code == ExitProblem {
		p.noMatch(stdout, query, results)
		return code
	}
	for i, r := range results {
		if i > 0 {
			fmt.Fprintln(stdout, strings.Repeat("─", 60))
		}
		p.entry(stdout, r)
	}
	return code
}

// lookupPrinter formats entries in one language, as all human output speaks one (docs/cli.md):
// the book's text in that language, or in the other where the book (an overlay) lacks it.
type lookupPrinter struct {
	first  locale.Lang // ZH, ZHTW or EN: the book is written in Simplified and English
	second locale.Lang // the book's other language, shown only where first has no text
	book   *codebook.Book
}

// newLookupPrinter reads --lang: zh (zh_CN, zh-Hans...), zh_TW (zh-Hant, zh_HK...) or en.
// Traditional is converted from the book's Simplified with OpenCC, as the search and the app do.
func newLookupPrinter(lang string) (*lookupPrinter, bool) {
	switch l, err := locale.Parse(lang); {
	case err != nil:
		return nil, false
	case l == locale.EN:
		return &lookupPrinter{first: locale.EN, second: locale.ZH}, true
	default:
		return &lookupPrinter{first: l, second: locale.EN}, true
	}
}

// in returns t in language l exactly: "" when the book lacks that language.
func (p *lookupPrinter) in(t codebook.Text, l locale.Lang) string {
	if l == locale.EN {
		return t.EN
	}
	return bookIn(l, t.ZH)
}

// text is t in the language, else (an overlay written in one language only) in the other.
func (p *lookupPrinter) text(t codebook.Text) string {
	if a := p.in(t, p.first); a != "" {
		return a
	}
	return p.in(t, p.second)
}

// label is a fixed label in the language.
func (p *lookupPrinter) label(zh, en string) string {
	return p.tw(locale.Text{ZH: zh, EN: en}.In(p.first))
}

// paren puts s in parentheses as the language writes them: （s） in Chinese, " (s)" in English.
func (p *lookupPrinter) paren(s string) string { return p.label("（"+s+"）", " ("+s+")") }

// tw converts Chinese of the book or its tables to Traditional when that is the language.
func (p *lookupPrinter) tw(s string) string { return bookIn(p.first, s) }

// list joins items as the language lists them: "、" in Chinese, ", " in English.
func (p *lookupPrinter) list(items []string) string {
	if p.first == locale.EN {
		return strings.Join(items, ", ")
	}
	return strings.Join(items, "、")
}

// line writes t in the language after indent, nothing when the book has no text for it.
func (p *lookupPrinter) line(w io.Writer, indent string, t codebook.Text) {
	if a := p.text(t); a != "" {
		fmt.Fprintf(w, "%s%s\n", indent, a)
	}
}

// name is the entry's code and title in the language, the title alone where it is the code
// (a prompt's code is its own Chinese text: "無效商戶", not "无效商户  無效商戶"), as the
// app's Look up screen names it.
func (p *lookupPrinter) name(e codebook.Entry) string {
	title := p.text(codebook.Text{ZH: e.TitleZH, EN: e.TitleEN})
	if title == "" {
		return p.tw(e.Code)
	}
	if e.Kind == codebook.KindPrompt && codebook.Normalize(e.Code) == codebook.Normalize(title) {
		return title
	}
	return p.tw(e.Code) + "  " + title
}

func (p *lookupPrinter) entry(w io.Writer, r codebook.Result) {
	e := r.Entry
	fmt.Fprintln(w, p.name(e))
	facts := []string{p.tw(e.Kind.Label().In(p.first))}
	if e.GenericEN != "" { // the standard's own English name, quoted as it is
		facts = append(facts, p.label("ISO 8583 通用名称：", "ISO 8583: ")+e.GenericEN)
	}
	if e.Category != codebook.CategoryNone {
		facts = append(facts, p.label("银联类别 ", "CUPS category ")+p.tw(e.Category.Label().In(p.first)))
	}
	facts = append(facts, p.label("匹配：", "match: ")+p.matched(r))
	fmt.Fprintf(w, "  [%s]\n", strings.Join(facts, " · "))

	fmt.Fprintf(w, "  %s\n", p.label("含义：", "Meaning:"))
	p.line(w, "    ", codebook.Text{ZH: e.MeaningZH, EN: e.MeaningEN})
	if len(e.Display) > 0 {
		fmt.Fprintf(w, "  %s%s\n", p.label("终端显示：", "Terminal shows: "), p.tw(strings.Join(e.Display, " / ")))
	}
	if len(e.Causes) > 0 {
		fmt.Fprintf(w, "  %s\n", p.label("可能原因：", "Likely causes:"))
		for _, c := range e.Causes {
			p.line(w, "    - ", c)
		}
	}
	var who []string
	for _, x := range e.Who {
		who = append(who, p.tw(x.Label().In(p.first)))
	}
	fmt.Fprintf(w, "  %s%s\n", p.label("谁来处理：", "Who acts: "), p.list(who))
	if len(e.Actions) > 0 {
		fmt.Fprintf(w, "  %s\n", p.label("怎么做：", "What to do:"))
		for i, a := range e.Actions {
			p.line(w, fmt.Sprintf("    %d. ", i+1), a)
		}
	}
	fmt.Fprintf(w, "  %s%s\n", p.label("能否重试：", "Safe to retry: "), p.tw(e.Retry.Label().In(p.first)))
	p.line(w, "    ", e.RetryNote)
	if len(e.Checks) > 0 {
		var cs []string
		for _, c := range e.Checks { // the step's name, and its id as check --step takes it
			cs = append(cs, p.tw(c.Name().In(p.first))+p.paren(c.String()))
		}
		fmt.Fprintf(w, "  %s%s\n", p.label("检查步骤：", "Checklist steps: "), p.list(cs))
	}
	if e.Conflict {
		fmt.Fprintf(w, "  %s\n", p.label("⚠ 来源说法不一：", "⚠ Sources disagree:"))
		p.line(w, "    ", e.ConflictNote)
	}
	if len(e.Variants) > 0 {
		fmt.Fprintf(w, "  %s\n", p.label("各来源的说法：", "What each source says:"))
		for _, v := range e.Variants {
			line := p.variantLine(v)
			fmt.Fprintf(w, "    - %s%s%s\n", p.sourceLabel(v.Source), p.label("：", ": "), line)
		}
	}
	if len(e.Related) > 0 {
		fmt.Fprintf(w, "  %s\n", p.label("相关：", "Related:"))
		for _, c := range e.Related {
			name := p.tw(c)
			if r, ok := p.book.Lookup(c); ok {
				name = p.name(r)
			}
			fmt.Fprintf(w, "    - %s\n", name)
		}
	}
	if len(e.Sources) > 0 {
		fmt.Fprintf(w, "  %s\n", p.label("来源：", "Sources:"))
		for _, id := range e.Sources {
			s, _ := p.book.Source(id)
			line := p.sourceLabel(id)
			if s.URL != "" {
				line += " <" + s.URL + ">"
			}
			fmt.Fprintf(w, "    - %s\n", line)
		}
	}
}

// matched says how r matched in the language: the text it matched where that is not one the
// heading shows (别名开头相同（打印色浅）: an alias of low battery starts with 打印).
func (p *lookupPrinter) matched(r codebook.Result) string {
	how := r.Label().In(p.first)
	switch r.Field {
	case codebook.FieldScreen, codebook.FieldAlias, codebook.FieldSource:
		return how + p.paren(p.tw(r.Text))
	}
	return how
}

func (p *lookupPrinter) variantLine(v codebook.Variant) string {
	var parts []string
	for _, l := range []locale.Lang{p.first, p.second} {
		t := p.in(codebook.Text{ZH: v.TitleZH, EN: v.TitleEN}, l)
		m := p.in(codebook.Text{ZH: v.MeaningZH, EN: v.MeaningEN}, l)
		s := strings.TrimSpace(strings.Join([]string{t, m}, " — "))
		s = strings.Trim(s, " —")
		if s != "" {
			parts = append(parts, s)
			break
		}
	}
	if v.Category != codebook.CategoryNone {
		parts = append(parts, p.paren(p.label("银联类别 ", "CUPS category ")+string(v.Category)))
	}
	if v.Retry != "" {
		parts = append(parts, p.paren(p.tw(v.Retry.Label().In(p.first))))
	}
	return strings.TrimSpace(strings.Join(parts, ""))
}

// sourceLabel is the kind of source and its name in the language ("现场文章：…",
// "UnionPay spec: …"), never the book's own notes of where it came from.
func (p *lookupPrinter) sourceLabel(id string) string {
	if s, ok := p.book.Source(id); ok {
		if l := s.Label(p.first); l != "" {
			return p.tw(l)
		}
	}
	return id
}

func (p *lookupPrinter) noMatch(w io.Writer, query string, closest []codebook.Result) {
	// masked before it is quoted: a card number pasted as the query (with a zero-width space
	// between its groups, which quoting would write out as \u200b) is not echoed whole
	fmt.Fprintf(w, "%s%q\n", p.label("没有找到匹配：", "No match for "), pan.MaskText(query))
	if len(closest) == 0 {
		return
	}
	fmt.Fprintln(w, p.label("最接近的条目：", "Closest entries:"))
	for _, r := range closest {
		fmt.Fprintf(w, "  %s\n", p.name(r.Entry))
	}
	fmt.Fprintln(w, p.label("可以试试代码（如 03、A0、H1）、终端上显示的原文或英文（如 paper out）。", "Try the code (e.g. 03, A0, H1), the exact text the terminal shows, or English (e.g. paper out)."))
}

// lookupJSON is one entry of `posdoctor lookup --json`.
type lookupJSON struct {
	Code         string          `json:"code"`
	Kind         string          `json:"kind"`
	TitleZH      string          `json:"title_zh"`
	TitleEN      string          `json:"title_en"`
	MeaningZH    string          `json:"meaning_zh"`
	MeaningEN    string          `json:"meaning_en"`
	GenericEN    string          `json:"generic_en,omitempty"`
	CUPSCategory string          `json:"cups_category,omitempty"`
	Display      []string        `json:"display"`
	Causes       []codebook.Text `json:"causes"`
	Who          []string        `json:"who"`
	Actions      []codebook.Text `json:"actions"`
	Retry        string          `json:"retry"`
	RetryNote    codebook.Text   `json:"retry_note"`
	Checks       []string        `json:"checks"`
	Conflict     bool            `json:"conflict"`
	ConflictNote codebook.Text   `json:"conflict_note"`
	Variants     []variantJSON   `json:"variants"`
	Related      []string        `json:"related"`
	Sources      []sourceJSON    `json:"sources"`
	Score        int             `json:"score"`
	Match        string          `json:"match"`
}

type variantJSON struct {
	Source       sourceJSON `json:"source"`
	TitleZH      string     `json:"title_zh,omitempty"`
	TitleEN      string     `json:"title_en,omitempty"`
	MeaningZH    string     `json:"meaning_zh,omitempty"`
	MeaningEN    string     `json:"meaning_en,omitempty"`
	CUPSCategory string     `json:"cups_category,omitempty"`
	Retry        string     `json:"retry,omitempty"`
}

type sourceJSON struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	URL    string `json:"url,omitempty"`
	Kind   string `json:"kind,omitempty"`
	NameZH string `json:"name_zh,omitempty"`
	NameEN string `json:"name_en,omitempty"`
}

func (p *lookupPrinter) source(id string) sourceJSON {
	s, _ := p.book.Source(id)
	return sourceJSON{ID: id, Title: s.Title, URL: s.URL, Kind: s.Kind.String(), NameZH: s.NameZH, NameEN: s.NameEN}
}

// writeJSON prints results as a JSON list, best first. Text stays as the book has it
// (Simplified Chinese and English) whatever --lang says.
func (p *lookupPrinter) writeJSON(w io.Writer, results []codebook.Result) error {
	out := make([]lookupJSON, 0, len(results))
	for _, r := range results {
		e := r.Entry
		j := lookupJSON{
			Code: e.Code, Kind: e.Kind.String(),
			TitleZH: e.TitleZH, TitleEN: e.TitleEN, MeaningZH: e.MeaningZH, MeaningEN: e.MeaningEN,
			GenericEN: e.GenericEN, CUPSCategory: string(e.Category),
			Display: nonNil(e.Display), Causes: nonNil(e.Causes), Actions: nonNil(e.Actions),
			Retry: e.Retry.String(), RetryNote: e.RetryNote, Conflict: e.Conflict, ConflictNote: e.ConflictNote,
			Related: nonNil(e.Related), Score: r.Score, Match: r.Match.String(),
			Who: []string{}, Checks: []string{}, Variants: []variantJSON{}, Sources: []sourceJSON{},
		}
		for _, x := range e.Who {
			j.Who = append(j.Who, x.String())
		}
		for _, c := range e.Checks {
			j.Checks = append(j.Checks, c.String())
		}
		for _, v := range e.Variants {
			j.Variants = append(j.Variants, variantJSON{
				Source: p.source(v.Source), TitleZH: v.TitleZH, TitleEN: v.TitleEN,
				MeaningZH: v.MeaningZH, MeaningEN: v.MeaningEN, CUPSCategory: string(v.Category), Retry: string(v.Retry),
			})
		}
		for _, id := range e.Sources {
			j.Sources = append(j.Sources, p.source(id))
		}
		out = append(out, j)
	}
	return writeJSON(w, out)
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
