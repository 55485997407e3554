package reports

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"posdoctor/diagnostics"
	"posdoctor/locale"
	"posdoctor/reports/xlsx"
)

// The incident workbook's table sheets: Checklist, Findings, Transactions, Event log, Link
// trace (docs/incidents.md), each one xlsx.Table.

func (wb *workbook) checklist() error {
	type stepRow struct {
		run int
		s   diagnostics.StepResult
	}
	var rows []stepRow
	for i, r := range wb.inc.Runs {
		for _, s := range r.Steps {
			rows = append(rows, stepRow{i + 1, s})
		}
	}
	// the result of each step that the visit's verdict stands on (the latest that ran)
	current := map[diagnostics.StepID]time.Time{}
	for _, s := range wb.inc.LatestSteps() {
		current[s.ID] = s.Started
	}
	return wb.book.WriteTable(xlsx.Table{
		Sheet: SheetChecklist,
		Cols: []xlsx.Column{
			xlsx.Col("次", "Run", xlsx.Int, 5, 6),
			xlsx.Col("步骤", "Step", xlsx.Text, 10, 26),
			xlsx.Col("状态", "Status", xlsx.Text, 10, 16),
			xlsx.Col("摘要", "Summary", xlsx.Wrap, 20, 44),
			xlsx.Col("发现", "Findings", xlsx.Wrap, 20, 54),
			xlsx.Col("开始时间", "Started", xlsx.Time, 20, 22),
			xlsx.Col("用时（秒）", "Duration (s)", xlsx.Secs, 10, 12),
			xlsx.Col("证据", "Evidence", xlsx.Wrap, 20, 48),
			xlsx.Col("计入结论", "In the verdict", xlsx.Text, 10, 22),
		},
		N:        len(rows),
		MaxLines: 12,
		Row: func(i int) ([]any, xlsx.Highlight) {
			sr := rows[i]
			s := sr.s
			var fs []string
			for _, fd := range s.Findings {
				fs = append(fs, fmt.Sprintf("%s (%s): %s", fd.Code, wb.own(wb.label(fd.Severity.Label())), wb.message(fd.MessageKey, fd.MessageArgs, fd.Message)))
			}
			var status any = wb.label(s.Status.Label())
			if tone, ok := statusTones[s.Status]; ok {
				status = xlsx.Toned{Tone: tone, Value: status}
			}
			dur := s.Duration
			if dur == 0 {
				dur = time.Duration(s.DurationMS) * time.Millisecond
			}
			inVerdict := "否，之后重新检查 / no, re-run later"
			switch t, ok := current[s.ID]; {
			case ok && t.Equal(s.Started):
				inVerdict = "是 / yes"
			case s.Status == diagnostics.StatusSkipped || s.Status == diagnostics.StatusError:
				inVerdict = "否，未运行 / no, not run"
			}
			return []any{sr.run, stepLabel(s.ID, wb.zh), status, wb.cell(wb.message(s.SummaryKey, s.SummaryArgs, s.Summary)), wb.cell(strings.Join(fs, "\n")),
				wb.local(s.Started), roundSeconds(dur), xlsx.AsIs(evidenceText(s.Evidence)), inVerdict}, xlsx.Plain
		},
	})
}

// evidenceText shows a step's evidence compactly: one "name: value" per line, sorted.
func evidenceText(ev map[string]any) string {
	if len(ev) == 0 {
		return ""
	}
	keys := make([]string, 0, len(ev))
	for k := range ev {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('\n')
		}
		var v string
		switch x := ev[k].(type) {
		case string:
			v = x
		default:
			j, err := json.Marshal(x)
			if err != nil {
				v = fmt.Sprint(x)
			} else {
				v = string(j)
			}
		}
		if len(v) > 300 {
			v = v[:300] + "…"
		}
		b.WriteString(k + ": " + v)
		if b.Len() > 4000 {
			b.WriteString("\n…")
			break
		}
	}
	return strings.ToValidUTF8(b.String(), "�")
}

type findingRow struct {
	seen     bool // a code seen on site, not found by a step
	code     string
	prompt   string
	step     diagnostics.StepID
	severity diagnostics.Severity
	who      diagnostics.Who
	hasWho   bool
	message  string
	key      string         // the message's template, rendered in Chinese beside message
	args     map[string]any // its args
	actions  []string
}

// findingRows lists the codes seen, then each distinct finding of the runs in run order.
func (wb *workbook) findingRows() []findingRow {
	var out []findingRow
	for _, c := range wb.inc.Codes {
		out = append(out, findingRow{seen: true, code: c.Code, prompt: c.Prompt})
	}
	seen := map[string]bool{}
	for _, r := range wb.inc.Runs {
		for _, s := range r.Steps {
			for _, f := range s.Findings {
				key := f.Code + "\x00" + string(s.ID) + "\x00" + f.Message
				if seen[key] {
					continue
				}
				seen[key] = true
				out = append(out, findingRow{code: f.Code, step: s.ID, severity: f.Severity, who: f.Who,
					hasWho: true, message: f.Message, key: f.MessageKey, args: f.MessageArgs, actions: f.Actions})
			}
		}
	}
	return out
}

func (wb *workbook) findings() error {
	rows := wb.findingRows()
	checklistCodes := diagnostics.FindingCodes()
	return wb.book.WriteTable(xlsx.Table{
		Sheet: SheetFindings,
		Cols: []xlsx.Column{
			xlsx.Col("代码", "Code", xlsx.Text, 8, 20),
			xlsx.Col("名称", "Title", xlsx.Wrap, 16, 36),
			xlsx.Col("来源步骤", "Found by", xlsx.Text, 12, 24),
			xlsx.Col("严重程度", "Severity", xlsx.Text, 10, 14),
			xlsx.Col("发现", "Finding", xlsx.Wrap, 20, 50),
			xlsx.Col("含义", "Meaning (中文)", xlsx.Wrap, 20, 50),
			xlsx.Col("含义（英文）", "Meaning (English)", xlsx.Wrap, 20, 50),
			xlsx.Col("处理方", "Who acts", xlsx.Wrap, 12, 24),
			xlsx.Col("处理办法", "Actions", xlsx.Wrap, 24, 60),
			xlsx.Col("含义出处", "Source of meaning", xlsx.Wrap, 14, 36),
		},
		N:        len(rows),
		MaxLines: 20,
		Row: func(i int) ([]any, xlsx.Highlight) {
			fr := rows[i]
			x, ok := wb.ex.Explain(fr.code)
			title := x.title()
			if fr.seen {
				for _, c := range wb.inc.Codes {
					if c.Code == fr.code && title == "" {
						title = bilingual(c.TitleZH, c.TitleEN)
					}
				}
			}
			var step, severity, message any = "现场所见 / seen on site", "", xlsx.AsIs(fr.prompt)
			who := strings.Join(x.Who, "\n")
			if !fr.seen {
				step = stepLabel(fr.step, wb.zh)
				severity = wb.label(fr.severity.Label())
				message = wb.cell(wb.message(fr.key, fr.args, fr.message))
				if fr.hasWho {
					who = wb.label(fr.who.Label())
				}
			}
			actions := numbered(x.Actions) // the book's, "中文 / English" line by line
			if len(fr.actions) > 0 {       // the finding's own, more particular, after the book's Chinese
				actions = numbered(fr.actions)
				if len(x.ActionsZH) > 0 {
					actions = numbered(x.ActionsZH) + "\n\n" + actions
				}
			}
			source := x.Source
			if source == "" && !ok && slices.Contains(checklistCodes, fr.code) {
				source = "POS Doctor 检查项 / checklist"
			}
			fill := xlsx.Plain
			if !fr.seen && fr.severity == diagnostics.SeverityCritical {
				fill = xlsx.Notice
			}
			return []any{fr.code, title, step, severity, message, x.MeaningZH, x.MeaningEN, who,
				actions, source}, fill
		},
	})
}

// message is a finding's message or a step's summary as "中文 / English": its template rendered in the
// workbook's Chinese (zh_TW's own translation in a Traditional workbook) by the explainer when it
// can (masked and cleaned like the rest), beside the English kept.
//
// In a Traditional workbook the text comes out as the book writes it: its own words converted,
// while what the terminal or a person wrote (an argument not in ASCII alone: the merchant's
// name) stays as written, as everywhere else in such a workbook. Its cell is then wb.cell.
func (wb *workbook) message(key string, args map[string]any, en string) string {
	r, ok := wb.opts.Explainer.(MessageRenderer)
	if !ok || key == "" {
		return wb.own(en) // a text of old, with no template: converted whole, as before
	}
	if wb.opts.Traditional == nil {
		return bilingual(cleanRendered(r.RenderMessage(wb.zh, key, args, en), args), en)
	}
	marked := maps.Clone(args)
	var typed []string
	for k, v := range args {
		if s, ok := v.(string); ok && writtenByPeople(s) {
			marked[k] = fmt.Sprintf("\x00%d\x00", len(typed))
			typed = append(typed, s)
		}
	}
	restore := func(s string) string {
		for i, t := range typed {
			s = strings.ReplaceAll(s, fmt.Sprintf("\x00%d\x00", i), t)
		}
		return cleanRendered(s, args)
	}
	zh := restore(wb.book.Own(r.RenderMessage(wb.zh, key, marked, en)))
	// the English may hold the trade's Chinese too ("(冲正未确认)"): its own words converted
	// the same way, the typed kept
	if !isASCII(en) {
		if e := r.RenderMessage(locale.EN, key, marked, ""); e != "" {
			en = restore(wb.book.Own(e))
		} else {
			en = wb.own(en)
		}
	}
	return bilingual(zh, en)
}

// writtenByPeople reports whether a message's argument is what the terminal or a person wrote
// rather than the checklist's own words: it has letters outside ASCII (a merchant's name); a
// list of records with ¥ amounts, a duration, a key's name are the checklist's.
func writtenByPeople(s string) bool {
	for _, r := range s {
		if r >= utf8.RuneSelf && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// cell is text made of the book's words as the book writes them (wb.own, wb.message) and
// what people typed: as it is in a Traditional workbook (xlsx.AsIs), where converting it again
// would turn a merchant's 台 into 臺.
func (wb *workbook) cell(s string) any {
	if wb.opts.Traditional != nil {
		return xlsx.AsIs(s)
	}
	return s
}

// own is s, the workbook's own words, as the book writes them, for a cell wb.cell makes.
func (wb *workbook) own(s string) string { return wb.book.Own(s) }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// codeMeaning is what the code book calls code ("中文 / English"), for the meaning columns of
// the transactions and the event log; "" when the book does not know it.
func (wb *workbook) codeMeaning(code string) string {
	if x, ok := wb.ex.Explain(code); ok {
		return x.title()
	}
	return ""
}

// roundSeconds is d in seconds to two decimals (1.26, not 1.2572128249999999).
func roundSeconds(d time.Duration) float64 {
	return math.Round(d.Seconds()*100) / 100
}

func numbered(ss []string) string {
	if len(ss) <= 1 {
		return strings.Join(ss, "")
	}
	var b strings.Builder
	for i, s := range ss {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%d. %s", i+1, s)
	}
	return b.String()
}

func (wb *workbook) transactions() error {
	txns := FlaggedFirst(wb.inc.Journal)
	return wb.book.WriteTable(xlsx.Table{
		Sheet: SheetTransactions,
		Cols: []xlsx.Column{
			xlsx.Col("时间", "Time", xlsx.Time, 20, 22),
			xlsx.Col("类型", "Type", xlsx.Text, 10, 18),
			xlsx.Col("金额（元）", "Amount (yuan)", xlsx.Money, 12, 16),
			xlsx.Col("卡号", "Card no. (masked)", xlsx.Text, 20, 24),
			xlsx.Col("凭证号", "Trace", xlsx.Text, 8, 10),
			xlsx.Col("参考号", "RRN", xlsx.Text, 14, 16),
			xlsx.Col("授权码", "Auth", xlsx.Text, 8, 10),
			xlsx.Col("应答码", "RC", xlsx.Text, 6, 8),
			xlsx.Col("应答码含义", "RC meaning", xlsx.Text, 16, 40),
			xlsx.Col("标志", "Flags", xlsx.Text, 8, 30),
			xlsx.Col("提示", "Attention", xlsx.Text, 10, 64),
		},
		N: len(txns),
		Row: func(i int) ([]any, xlsx.Highlight) {
			t := txns[i]
			typ := t.Type
			if zh, ok := txnTypeLabels[t.Type]; ok {
				typ = t.Type + " " + zh
			}
			var flags []string
			for _, c := range t.Flags {
				if l, ok := diagnostics.RecFlagLabel(c); ok {
					flags = append(flags, string(c)+" "+l.In(wb.zh))
				} else {
					flags = append(flags, string(c))
				}
			}
			flag := t.Flag()
			return []any{t.Time, typ, float64(t.Amount) / 100, t.PAN, t.Trace, t.RRN, t.Auth, t.RC,
				wb.codeMeaning(t.RC), strings.Join(flags, ", "), wb.label(flag.Label())}, txnHighlights[flag]
		},
	})
}

func (wb *workbook) events() error {
	evs := wb.inc.Events
	return wb.book.WriteTable(xlsx.Table{
		Sheet: SheetEvents,
		Cols: []xlsx.Column{
			xlsx.Col("时间", "Time", xlsx.Time, 20, 22),
			xlsx.Col("代码", "Code", xlsx.Text, 8, 14),
			xlsx.Col("内容", "Text", xlsx.Wrap, 24, 60),
			xlsx.Col("代码含义", "Meaning", xlsx.Wrap, 16, 40),
		},
		N: len(evs),
		Row: func(i int) ([]any, xlsx.Highlight) {
			e := evs[i]
			return []any{e.Time, xlsx.AsIs(e.Code), xlsx.AsIs(e.Text), wb.codeMeaning(e.Code)}, xlsx.Plain
		},
	})
}

func (wb *workbook) trace() error {
	lines := wb.inc.Trace
	return wb.book.WriteTable(xlsx.Table{
		Sheet: SheetTrace,
		Cols: []xlsx.Column{
			xlsx.Col("时间", "Time", xlsx.TimeMS, 23, 25),
			xlsx.Col("方向", "Dir", xlsx.Text, 8, 10),
			xlsx.Col("类型", "Kind", xlsx.Text, 8, 10),
			xlsx.Col("字节（十六进制）", "Bytes (hex)", xlsx.Wrap, 16, 60),
			xlsx.Col("内容", "Decoded", xlsx.Wrap, 24, 70),
		},
		N: len(lines),
		Row: func(i int) ([]any, xlsx.Highlight) {
			l := lines[i]
			dir := l.Dir
			switch l.Dir {
			case "in":
				dir = "收 in"
			case "out":
				dir = "发 out"
			}
			return []any{l.Time, dir, xlsx.AsIs(l.Kind), hexDump(l.Raw, 64), xlsx.AsIs(l.Text)}, xlsx.Plain
		},
	})
}

// hexDump shows up to limit bytes as hex pairs, with the count of the rest: "02 00 …(+12)".
func hexDump(b []byte, limit int) string {
	if len(b) <= limit {
		return fmt.Sprintf("% X", b)
	}
	return fmt.Sprintf("% X…(+%d)", b[:limit], len(b)-limit)
}
