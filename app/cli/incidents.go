package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"posdoctor/app/visit"
	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
	"posdoctor/reports"
)

func init() {
	register("incidents", command{cmdIncidents, "incidents [--json] [--month YYYY-MM] [--tid TID] [--branch NAME] [--code CODE] [--category NAME] [--open] [--db PATH]   list recorded visits"})
	register("report", command{cmdReport, "report incident ID [-o FILE.xlsx] [--force] [--no-trace] [--db PATH]   write the Excel incident report for the service provider\n" +
		"  posdoctor report monthly --month YYYY-MM [--branch NAME] [--json] [-o FILE.xlsx] [--force] [--db PATH]   the branch manager's figures of a month, and its workbook"})
	addSentences(map[string]msg{"unknownCode": msgUnknownCode, "unknownCodeLike": msgUnknownCodeLike})
}

var (
	msgUnknownCode     = msg{ZH: "--code %s：代码手册里没有这个代码或提示，记录库里也没有哪次上门有它（posdoctor lookup %s 可查手册）", ZHTW: "--code %s：代碼手冊裡沒有這個代碼或提示，記錄庫裡也沒有哪次到場有它（posdoctor lookup %s 可查手冊）", EN: "--code %s: the code book has no such code or prompt, and no visit in the store has it ('posdoctor lookup %s' searches the book)"}
	msgUnknownCodeLike = msg{ZH: "--code %s：代码手册里没有这个代码或提示，记录库里也没有哪次上门有它。相近的有：%s", ZHTW: "--code %s：代碼手冊裡沒有這個代碼或提示，記錄庫裡也沒有哪次到場有它。相近的有：%s", EN: "--code %s: the code book has no such code or prompt, and no visit in the store has it; close: %s"}
)

const incidentsUsage = `usage: posdoctor incidents [--json] [--month YYYY-MM] [--tid TID] [--branch NAME]
                          [--code CODE] [--category NAME] [--open] [--db PATH]

Lists the recorded visits (incidents), newest first. The filters combine: --month 2026-03
--branch 朝阳支行 lists that branch's visits of March. --code reads a code as lookup does: in
any case or width (p1, ａ０, 3 for 03), or a prompt or title the screen shows (无效商户: the
prompt and the code it stands for, 03). --json prints the list as JSON (docs/incidents.md).
The store is ` + "`incidents.db`" + ` in the data folder unless --db is given; with none there yet the
list is empty. A --db file that does not exist is refused.

Exit status: 0 listed (even when none match), 2 bad arguments (a code neither the code book
nor the store knows) or the store cannot be read.
`

const reportUsage = `usage: posdoctor report incident ID [-o FILE.xlsx] [--force] [--no-trace] [--db PATH]
       posdoctor report monthly --month YYYY-MM [--branch NAME] [--json] [-o FILE.xlsx] [--force] [--db PATH]

Writes the Excel incident report of one visit for the payment service provider: summary,
checklist, findings with the code book's meanings, transactions (flagged ones first and
highlighted), event log and link trace. ID is the incident id or its first characters as
'posdoctor incidents' shows them. Without -o the file is incident-TID-DATE-ID.xlsx in the
current folder. An existing file is kept unless --force.

Exit status: 0 written, 2 bad arguments, no such incident, the file exists, or it cannot be written.
`

// parseInterspersed parses flags that may come before, between or after the positional
// arguments ("report incident ID -o x.xlsx"); everything after "--" is positional.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// openIncidentStore opens the store at path, or the default one, with a message a person can
// act on when it fails.
func openIncidentStore(path string) (*reports.Store, error) {
	s, err := reports.Open(path)
	if err != nil {
		return nil, storeAdvice(err)
	}
	return s, nil
}

// resolveVisit is the id of the visit ref names (its id or first characters, Store.Resolve),
// the error saying what to do on the command line: more characters, or where visits are listed.
func resolveVisit(ctx context.Context, s *reports.Store, ref string) (string, error) {
	id, err := s.Resolve(ctx, ref)
	switch {
	case errors.Is(err, reports.ErrAmbiguous):
		return "", advise(err, " — ", msgMoreIDChars)
	case errors.Is(err, reports.ErrNotFound):
		return "", advise(err, " — ", msgListedIn, s.Path())
	}
	return id, err
}

// openExistingStore is openIncidentStore for a command that changes a visit already recorded
// (close, form): a store that does not exist is refused, not created at a mistyped --db.
func openExistingStore(path string) (*reports.Store, error) {
	ro, err := reports.OpenReadOnly(path)
	if err != nil {
		return nil, storeAdvice(err)
	}
	ro.Close()
	return openIncidentStore(path)
}

// openStoreForReading opens the store read-only for a command that only reads (incidents,
// report): nothing is created, migrated or locked. A damaged store still opens, with a
// warning on stderr, so what can be read can be exported.
func openStoreForReading(l locale.Lang, path string, stderr io.Writer) (*reports.Store, error) {
	s, err := reports.OpenReadOnly(path)
	if err != nil {
		return nil, storeAdvice(err)
	}
	if d := s.Damage(); d != "" {
		if l == locale.EN {
			fmt.Fprintln(stderr, say(l, msgStoreDamaged, s.Path(), d))
		} else {
			fmt.Fprintln(stderr, say(l, msgStoreDamaged, s.Path())+"\n  "+say(l, msgDetails, d))
		}
	}
	return s, nil
}

// storeAdvice adds what to do on the command line to an error opening the store.
func storeAdvice(err error) error {
	switch {
	case errors.Is(err, reports.ErrNewerSchema):
		return advise(err, " — ", msgAdviseNewer)
	case errors.Is(err, reports.ErrNotStore):
		return advise(err, " — ", msgAdviseNotStore)
	case errors.Is(err, reports.ErrDamaged):
		return advise(err, ". ", msgAdviseDamaged)
	case errors.Is(err, reports.ErrNoStore):
		return advise(err, " — ", msgAdviseNoStore)
	}
	if errors.Is(err, reports.ErrUnreachable) || errors.Is(err, reports.ErrLogin) || errors.Is(err, reports.ErrBadURL) || errors.Is(err, reports.ErrPermission) {
		return err // the shared store's own message says what to check
	}
	return advise(err, " — ", msgAdviseOtherDB)
}

func cmdIncidents(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	l := langOf(ctx)
	fs := newFlagSet(ctx, "incidents", incidentsUsage, stderr)
	asJSON := fs.Bool("json", false, "print the list as JSON")
	month := fs.String("month", "", "only visits opened in `YYYY-MM` (local time)")
	tid := fs.String("tid", "", "only this terminal id")
	branch := fs.String("branch", "", "only this branch")
	code := fs.String("code", "", "only visits where this code was seen or found (03, A0, PAPER-LOW, ...)")
	category := fs.String("category", "", "only this category: "+categoryNames())
	open := fs.Bool("open", false, "only visits not yet resolved")
	db := fs.String("db", "", dbFlagHelp)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return parseExit(err)
	}
	if len(pos) > 0 {
		return failText(stderr, l, "incidents", msgIncidentsExtra, pos[0])
	}
	f := reports.Filter{Month: *month, TID: *tid, Branch: *branch, Code: *code, Open: *open}
	if *month != "" {
		if _, err := time.Parse("2006-01", *month); err != nil {
			return failText(stderr, l, "incidents", msgMonthFormat, *month, "2026-03")
		}
	}
	categoryShown, codeShown := "", *code
	if *category != "" {
		c, ok := reports.ReadCategory(*category)
		if !ok {
			_, err := reports.ParseCategory(*category)
			return failErr(stderr, l, "incidents", localized(err, msgBadCategory, *category, categoryChoices(l)))
		}
		f.Categories = []reports.Category{c}
		categoryShown = c.Label(l)
	}
	s, err := openStoreForReading(l, *db, stderr)
	if errors.Is(err, reports.ErrNoStore) && *db == "" {
		// nothing recorded on this laptop yet: an empty list, and nothing created
		if *asJSON {
			fmt.Fprintln(stdout, "[]")
		} else {
			fmt.Fprintln(stdout, say(l, msgNoStoreYet))
		}
		return ExitOK
	}
	if err != nil {
		return failErr(stderr, l, "incidents", err)
	}
	defer s.Close()
	if *code != "" {
		codes, shown, err := codesNamed(ctx, s, *code)
		if err != nil {
			return failErr(stderr, l, "incidents", err)
		}
		if codes == nil {
			return failErr(stderr, l, "incidents", unknownCode(l, *code))
		}
		f.Code, f.Codes, codeShown = "", codes, shown(l)
	}
	lang := l
	list, err := s.List(ctx, f)
	if err != nil {
		return failErr(stderr, l, "incidents", err)
	}
	if *asJSON {
		if err := writeJSON(stdout, list); err != nil {
			return failErr(stderr, l, "incidents", err)
		}
		return ExitOK
	}
	if len(list) == 0 {
		fmt.Fprintln(stdout, say(lang, msgNoIncidents, filterNote(lang, f, codeShown, categoryShown), s.Path()))
		return ExitOK
	}
	printIncidentTable(stdout, lang, list, func(m reports.Summary) []string {
		ws, err := s.CodeWeights(ctx, m.ID)
		if err != nil {
			return faultsFirst(plainWeights(m.Codes)) // a damaged store: the money first still
		}
		return faultsFirst(ws)
	})
	fmt.Fprintln(stdout, "\n"+say(lang, msgIncidentCount, len(list), filterNote(lang, f, codeShown, categoryShown)))
	return ExitOK
}

// codesNamed is what --code q selects: the codes, as the store spells them, that q names read
// as lookup and the Incident screen's code picker read it (codebook.Book.Resolve): a code in
// any case, width or script ("p1", "ａ０", "3" for 03), or a prompt or title as a screen shows
// it, which stands for itself and the codes it corresponds to (无效商户: 无效商户 and 03). Codes
// the book does not know match the store's in any case and width (zz9 is ZZ9). codes is nil when
// neither the book nor the store knows q; shown names what is listed, in a language.
func codesNamed(ctx context.Context, s *reports.Store, q string) (codes []string, shown func(locale.Lang) string, err error) {
	book, _ := codebook.Default() // without the book, codes are compared as typed (key)
	key := func(c string) string {
		if book != nil {
			if e, ok := book.Lookup(c); ok {
				return "\x00" + e.Code // the book's code, apart from any text
			}
		}
		if k := codebook.NormalizeCode(c); k != "" {
			return k
		}
		return strings.TrimSpace(c)
	}
	var named []string // the book's codes q stands for
	if r, ok := book.Resolve(q); ok {
		named = book.Codes(r.Entry)
	}
	want := map[string]bool{key(q): true}
	for _, c := range named {
		want[key(c)] = true
	}
	stored, err := s.Codes(ctx)
	if err != nil {
		return nil, nil, err
	}
	codes = slices.Clone(named)
	for _, c := range stored {
		if want[key(c)] && !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	if len(codes) == 0 {
		return nil, nil, nil
	}
	shown = func(l locale.Lang) string {
		list := named
		if len(list) == 0 {
			list = codes
		}
		return bookIn(l, cleanText(orList(l, list)))
	}
	return codes, shown, nil
}

// orList is "a", "a or b", "a, b or c" in l.
func orList(l locale.Lang, items []string) string {
	or := " or "
	if l.Chinese() {
		or = " 或 "
	}
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], listSep(l)) + or + items[len(items)-1]
}

// unknownCode refuses a --code that neither the code book nor the store knows, with the book's
// closest codes when it has some.
func unknownCode(l locale.Lang, q string) error {
	shown := cleanText(q)
	book, _ := codebook.Default()
	var like []string
	for _, r := range book.Search(q, 3) {
		if r.Match > codebook.MatchFuzzy && r.Match != codebook.MatchClosest { // typos' neighbours mislead here
			like = append(like, r.Entry.Code)
		}
	}
	if len(like) == 0 {
		return errorOf(msgUnknownCode, shown, shellWord(shown))
	}
	return errorOf(msgUnknownCodeLike, shown, bookIn(l, cleanText(strings.Join(like, listSep(l)))))
}

// shellWord is s as it can be typed after a command: quoted when it holds a space.
func shellWord(s string) string {
	if strings.ContainsAny(s, " \t'\"") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}

// categoryChoices lists the categories for a refusal: each name with its label in l
// (printer（印表機）), or the names alone in English.
func categoryChoices(l locale.Lang) string {
	var out []string
	for _, c := range reports.Categories() {
		if l == locale.EN {
			out = append(out, c.String())
		} else {
			out = append(out, c.String()+"（"+c.Label(l)+"）")
		}
	}
	return strings.Join(out, listSep(l))
}

func categoryNames() string {
	var names []string
	for _, c := range reports.Categories() {
		names = append(names, c.String())
	}
	return strings.Join(names, ", ")
}

// filterNote says which visits were listed, in l: "" for all of them. code and category are
// those filters as the list names them.
func filterNote(l locale.Lang, f reports.Filter, code, category string) string {
	var parts []string
	for _, p := range []struct {
		name msg
		v    string
	}{{msgFilterMonth, f.Month}, {msgFilterTID, f.TID}, {msgFilterBranch, f.Branch}, {msgFilterCode, code}, {msgFilterCategory, category}} {
		if p.v != "" {
			parts = append(parts, p.name.In(l)+" "+p.v)
		}
	}
	if f.Open {
		parts = append(parts, msgFilterOpen.In(l))
	}
	if len(parts) == 0 {
		return ""
	}
	sep := ", "
	if l.Chinese() {
		sep = "，"
	}
	return say(l, msgFilterFor, strings.Join(parts, sep))
}

// printIncidentTable prints one visit a line; columns are padded by display width, so
// Chinese (two columns a character) lines up. codes gives a visit's codes in the order the
// codes column shows them.
func printIncidentTable(w io.Writer, l locale.Lang, list []reports.Summary, codes func(reports.Summary) []string) {
	head := []string{"ID"}
	for _, h := range incidentColumns {
		head = append(head, h.In(l))
	}
	rows := [][]string{head}
	for _, m := range list {
		// cleaned here, not only by Run's writer, so the widths below are those printed
		rows = append(rows, []string{
			m.ID[:8], m.Opened.Format("2006-01-02 15:04"), cleanText(m.TID), m.Category.Label(l),
			m.Resolution.Label(l), codesCell(codes(m), codesWidth), cleanText(m.Merchant),
		})
	}
	writeColumns(w, rows)
}

// codesWidth is the display width of the codes column: room for a seen code, an unconfirmed
// reversal and a duplicate charge ("P1,REVERSAL-PENDING,DUPLICATE-CHARGE +2").
const codesWidth = 40

// codesCell is codes joined for a column of width display columns: as many whole codes as fit,
// in their order, then " +N" for the N left out; a first code too wide for the column is cut
// with "…".
func codesCell(codes []string, width int) string {
	var b strings.Builder
	for i, c := range codes {
		c = cleanText(c)
		sep := ""
		if i > 0 {
			sep = ","
		}
		more := ""
		if rest := len(codes) - i - 1; rest > 0 {
			more = fmt.Sprintf(" +%d", rest)
		}
		if locale.Width(b.String()+sep+c+more) <= width {
			b.WriteString(sep + c)
			continue
		}
		left := fmt.Sprintf(" +%d", len(codes)-i)
		if i == 0 { // not even one whole code: as much of it as fits
			left = fmt.Sprintf(" +%d", len(codes)-1)
			if len(codes) == 1 {
				left = ""
			}
			return cutWidth(c, width-locale.Width(left)) + left
		}
		return b.String() + left
	}
	return b.String()
}

// cutWidth is s cut to at most width display columns, "…" standing for what was cut.
func cutWidth(s string, width int) string {
	if locale.Width(s) <= width {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if locale.Width(b.String()+string(r))+1 > width {
			break
		}
		b.WriteRune(r)
	}
	return b.String() + "…"
}

// writeColumns prints rows as columns two spaces apart, padded by display width (a Chinese
// character takes two columns, which text/tabwriter does not know).
func writeColumns(w io.Writer, rows [][]string) {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], locale.Width(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-locale.Width(c)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if reportKind(args) == "monthly" {
		return cmdReportMonthly(ctx, args, stdout, stderr)
	}
	l := langOf(ctx)
	fs := newFlagSet(ctx, "report", reportUsage, stderr)
	out := fs.String("o", "", "write the workbook to `FILE.xlsx`")
	force := fs.Bool("force", false, "replace the file if it exists")
	noTrace := fs.Bool("no-trace", false, "leave out the link trace sheet")
	db := fs.String("db", "", dbFlagHelp)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return parseExit(err)
	}
	if len(pos) != 2 || pos[0] != "incident" {
		fmt.Fprint(stderr, usageIn(l, "report", reportUsage))
		return ExitFailed
	}
	s, err := openStoreForReading(l, *db, stderr)
	if err != nil {
		return failErr(stderr, l, "report", err)
	}
	defer s.Close()
	id, err := resolveVisit(ctx, s, pos[1])
	if err != nil {
		return failErr(stderr, l, "report", err)
	}
	inc, err := s.Get(ctx, id)
	if err != nil {
		if errors.Is(err, reports.ErrDamaged) {
			err = advise(err, " — ", msgVisitDamaged, s.Path())
		}
		return failErr(stderr, l, "report", err)
	}
	path := reports.ReportFileName(inc)
	if *out != "" { // -o FOLDER (or FOLDER/): the usual name, in that folder
		if path = workbookPath(*out, path); path == "" {
			return failText(stderr, l, "report", msgNotXlsx, *out)
		}
	}
	opts := reports.ExcelOptions{Overwrite: *force, OmitTrace: *noTrace, Traditional: visit.WorkbookChinese(l)}
	if book, err := codebook.Default(); err != nil {
		failErr(stderr, l, "report", errorOf(msgNoBookMeanings, err))
	} else {
		opts.Explainer = visit.CodeBookExplainer(book)
	}
	if err := reports.ExportExcel(path, inc, opts); err != nil {
		return failWrite(stderr, l, "report", path, err)
	}
	fmt.Fprintln(stdout, say(l, msgWroteIncident,
		path, inc.ID, orDash(inc.TID), len(inc.Journal), inc.FlaggedCount(), len(inc.Runs)))
	return ExitOK
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// faultsFirst orders a visit's codes for a narrow column, the most telling first, so cutting
// the column loses the least: the codes seen on site; then what the checklist found that can
// cost a cardholder money (an unconfirmed reversal, a duplicate charge), never hidden behind
// other codes; then the other codes found critical, then warnings, then info; the notes
// (diagnostics.IsNote: FAILED-TXNS, REPEATED-EVENTS, SIGNON-OLD) last. Each group keeps the
// order it is given in (sorted).
func faultsFirst(ws []reports.CodeWeight) []string {
	rank := func(w reports.CodeWeight) int {
		switch {
		case diagnostics.IsNote(w.Code):
			return 6
		case w.Seen:
			return 0
		case w.Code == diagnostics.CodeUnconfirmedRev:
			return 1
		case w.Code == diagnostics.CodeDuplicateCharge:
			return 2
		case w.Severity == diagnostics.SeverityCritical:
			return 3
		case w.Severity == diagnostics.SeverityWarning:
			return 4
		}
		return 5
	}
	sorted := slices.Clone(ws)
	slices.SortStableFunc(sorted, func(a, b reports.CodeWeight) int { return rank(a) - rank(b) })
	out := make([]string, len(sorted))
	for i, w := range sorted {
		out[i] = w.Code
	}
	return out
}

// plainWeights is codes with nothing known about them (found, info): faultsFirst then puts the
// money first and the notes last.
func plainWeights(codes []string) []reports.CodeWeight {
	ws := make([]reports.CodeWeight, len(codes))
	for i, c := range codes {
		ws[i] = reports.CodeWeight{Code: c, Found: true}
	}
	return ws
}
