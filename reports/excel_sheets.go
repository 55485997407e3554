package reports

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"posdoctor/diagnostics"
)

// column is one column of a table sheet: bilingual header, kind of cell, width bounds.
type column struct {
	zh, en   string
	kind     cellKind
	min, max float64
}

// table is a sheet of rows under one header row, written with the StreamWriter.
type table struct {
	sheet    string
	cols     []column
	n        int                          // data rows
	row      func(i int) ([]any, rowFill) // values: string, time.Time, float64, int, int64, Cell
	maxLines int                          // a wrapped row is at most this many lines high (0: 6)
}

// styled overrides a cell's style in a row (status colours).
type styled struct {
	style int
	value any
}

const lineHeight = 13.5 // points per line of 10-point text

func (wb *workbook) writeTable(t table) error {
	f := wb.f
	if _, err := f.NewSheet(t.sheet); err != nil {
		return err
	}
	if t.maxLines == 0 {
		t.maxLines = 6
	}
	// widths from the headers and every value (wide characters count 2)
	widths := make([]float64, len(t.cols))
	for j, c := range t.cols {
		widths[j] = float64(max(dispWidth(c.zh), dispWidth(c.en)))
	}
	for i := range t.n {
		vals, _ := t.row(i)
		for j, v := range vals {
			if w := float64(valueWidth(v, t.cols[j].kind)); w > widths[j] {
				widths[j] = w
			}
		}
	}
	for j, c := range t.cols {
		widths[j] = min(max(widths[j]+2, c.min), c.max)
	}
	lastCol, err := excelize.ColumnNumberToName(len(t.cols))
	if err != nil {
		return err
	}
	ref := fmt.Sprintf("A1:%s%d", lastCol, max(t.n, 1)+1)

	// The stream writer writes <sheetPr> and <dimension> when it is created: both must be set
	// before, or they are silently lost.
	if err := f.SetSheetDimension(t.sheet, ref); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(t.sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(t.sheet)
	if err != nil {
		return err
	}
	// columns and panes go before the first row. Each SetColWidth puts its column first in
	// <cols>, and Excel wants them in ascending order: set them last to first.
	for j := len(widths) - 1; j >= 0; j-- {
		if err := sw.SetColWidth(j+1, j+1, widths[j]); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	header := make([]any, len(t.cols))
	for j, c := range t.cols {
		header[j] = excelize.Cell{StyleID: wb.st.header, Value: bilingualHeader(c.zh, c.en)}
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: 2*lineHeight + 4}); err != nil {
		return err
	}
	cells := make([]any, len(t.cols))
	for i := range t.n {
		vals, fill := t.row(i)
		lines := 1
		for j, v := range vals {
			kind := t.cols[j].kind
			style := wb.st.cell[fill][kind]
			if s, ok := v.(styled); ok {
				style, v = s.style, s.value
			}
			switch x := v.(type) {
			case string:
				v = excelText(x)
				if kind == kWrap {
					lines = max(lines, wrappedLines(x, widths[j]))
				}
			case time.Time:
				if x.IsZero() {
					v = ""
				}
			case nil:
				v = ""
			}
			cells[j] = excelize.Cell{StyleID: style, Value: v}
		}
		var opts []excelize.RowOpts
		if lines > 1 {
			opts = append(opts, excelize.RowOpts{Height: float64(min(lines, t.maxLines))*lineHeight + 3})
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, cells, opts...); err != nil {
			return err
		}
	}
	if t.n == 0 {
		if err := sw.SetRow("A2", []any{excelize.Cell{StyleID: wb.st.note, Value: "（无记录）No records"}}); err != nil {
			return err
		}
	}
	// the autofilter and print setup are written at Flush: set them before it
	if err := f.AutoFilter(t.sheet, fmt.Sprintf("A1:%s%d", lastCol, max(t.n, 1)+1), nil); err != nil {
		return err
	}
	if err := wb.printSetup(t.sheet, true, "$1:$1"); err != nil {
		return err
	}
	return sw.Flush()
}

func bilingualHeader(zh, en string) string {
	if en == "" {
		return zh
	}
	return zh + "\n" + en
}

// valueWidth is the display width a value needs in a cell of that kind.
func valueWidth(v any, kind cellKind) int {
	if s, ok := v.(styled); ok {
		v = s.value
	}
	switch x := v.(type) {
	case string:
		return maxLineWidth(x)
	case time.Time:
		if kind == kTimeMS {
			return 23
		}
		return 19
	case float64:
		return len(strconv.FormatFloat(x, 'f', 2, 64)) + len(strconv.FormatFloat(x, 'f', 2, 64))/4
	case int:
		return len(strconv.Itoa(x))
	case int64:
		return len(strconv.FormatInt(x, 10))
	}
	return 4
}

// printSetup: A4, fit to one page wide, header rows repeated on every page, a footer with
// the incident id and page numbers.
func (wb *workbook) printSetup(sheet string, landscape bool, titleRows string) error {
	f := wb.f
	orient := "portrait"
	if landscape {
		orient = "landscape"
	}
	size, one, zero := 9, 1, 0 // 9: A4
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero,
	}); err != nil {
		return err
	}
	m, hf := 0.4, 0.2
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: &m, Right: &m, Top: &m, Bottom: &m, Header: &hf, Footer: &hf,
	}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddFooter: "&L&8POS Doctor " + wb.inc.ID + "&R&8&P / &N",
	}); err != nil {
		return err
	}
	if titleRows == "" {
		return nil
	}
	return f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: "'" + sheet + "'!" + titleRows,
		Scope:    sheet,
	})
}

// ---- labels ----

var stepLabels = map[string][2]string{
	diagnostics.StepLink:     {"连接测试", "Link"},
	diagnostics.StepTerminal: {"终端状态", "Terminal status"},
	diagnostics.StepHost:     {"通讯测试", "Host link"},
	diagnostics.StepKeys:     {"密钥检查", "Keys"},
	diagnostics.StepKeypad:   {"键盘测试", "Keypad"},
	diagnostics.StepPrinter:  {"打印测试", "Printer"},
	diagnostics.StepSignOn:   {"签到", "Sign-on"},
	diagnostics.StepJournal:  {"流水与日志", "Journal"},
}

var statusLabels = map[diagnostics.Status][2]string{
	diagnostics.StatusPass:    {"通过", "pass"},
	diagnostics.StatusWarn:    {"警告", "warn"},
	diagnostics.StatusFail:    {"故障", "fail"},
	diagnostics.StatusSkipped: {"跳过", "skipped"},
	diagnostics.StatusError:   {"未能执行", "error"},
}

var severityLabels = map[diagnostics.Severity][2]string{
	diagnostics.SeverityInfo:     {"提示", "info"},
	diagnostics.SeverityWarning:  {"警告", "warning"},
	diagnostics.SeverityCritical: {"严重", "critical"},
}

var whoLabels = map[diagnostics.Who][2]string{
	diagnostics.WhoTechnician: {"维护人员", "technician"},
	diagnostics.WhoMerchant:   {"商户", "merchant"},
	diagnostics.WhoCardholder: {"持卡人", "cardholder"},
	diagnostics.WhoIssuer:     {"发卡行", "issuer"},
	diagnostics.WhoProvider:   {"服务商/收单机构", "service provider / acquirer"},
}

var verdictLabels = map[diagnostics.VerdictKind][2]string{
	diagnostics.VerdictAllPass:       {"全部通过", "All passed"},
	diagnostics.VerdictFixOnSite:     {"可现场修复", "Fixable on site"},
	diagnostics.VerdictNeedsProvider: {"需服务商处理", "Needs the service provider"},
	diagnostics.VerdictIncomplete:    {"检查未完成", "Check incomplete"},
}

var txnTypeLabels = map[string]string{
	"SALE": "消费", "VOID": "撤销", "REFUND": "退货", "PREAUTH": "预授权", "REVERSAL": "冲正", "BALANCE": "查余额",
}

var fillNotes = [numFills]string{
	"",
	"冲正未确认：切勿重刷 / Reversal not confirmed: never re-swipe",
	"疑似重复扣款 / Possible duplicate charge",
	"交易失败 / Failed",
}

func pair[K comparable](m map[K][2]string, k K, fallback string) string {
	if l, ok := m[k]; ok {
		return bilingual(l[0], l[1])
	}
	return fallback
}

func stepLabel(id string) string { return pair(stepLabels, id, id) }

// ---- Summary ----

func (wb *workbook) summary() error {
	f, st, inc, sh := wb.f, wb.st, wb.inc, SheetSummary
	widths := []float64{22, 34, 22, 34}
	for j, w := range widths {
		col, _ := excelize.ColumnNumberToName(j + 1)
		if err := f.SetColWidth(sh, col, col, w); err != nil {
			return err
		}
	}
	var firstErr error
	check := func(err error) {
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	r := 1
	ref := func(col string, row int) string { return col + strconv.Itoa(row) }
	put := func(cell string, v any, style int) {
		switch x := v.(type) {
		case string:
			check(f.SetCellStr(sh, cell, excelText(x)))
		case time.Time:
			if x.IsZero() {
				check(f.SetCellStr(sh, cell, ""))
			} else {
				check(f.SetCellValue(sh, cell, x))
			}
		default:
			check(f.SetCellValue(sh, cell, x))
		}
		check(f.SetCellStyle(sh, cell, cell, style))
	}
	height := func(row int, lines int) {
		if lines > 1 {
			check(f.SetRowHeight(sh, row, float64(min(lines, 30))*lineHeight+4))
		}
	}
	fullRow := func(text string, style int, h float64) {
		put(ref("A", r), text, style)
		check(f.MergeCell(sh, ref("A", r), ref("D", r)))
		check(f.SetCellStyle(sh, ref("A", r), ref("D", r), style))
		if h > 0 {
			check(f.SetRowHeight(sh, r, h))
		}
		r++
	}
	section := func(zh, en string) {
		r++ // a blank line between sections
		fullRow(zh+"  "+en, st.section, 20)
	}
	// pairRow writes two label/value pairs on one line
	pairRow := func(l1 string, v1 any, l2 string, v2 any) {
		put(ref("A", r), l1, st.label)
		put(ref("B", r), v1, valueStyle(st, v1))
		put(ref("C", r), l2, st.label)
		put(ref("D", r), v2, valueStyle(st, v2))
		lines := 1
		for _, x := range []struct {
			s any
			w float64
		}{{l1, widths[0]}, {v1, widths[1]}, {l2, widths[2]}, {v2, widths[3]}} {
			if s, ok := x.s.(string); ok {
				lines = max(lines, wrappedLines(s, x.w))
			}
		}
		height(r, lines)
		r++
	}
	// wideRow writes one label and a long value across B:D
	wideRow := func(label, value string) {
		put(ref("A", r), label, st.label)
		put(ref("B", r), value, st.value)
		check(f.MergeCell(sh, ref("B", r), ref("D", r)))
		check(f.SetCellStyle(sh, ref("B", r), ref("D", r), st.value))
		height(r, max(wrappedLines(value, widths[1]+widths[2]+widths[3]), wrappedLines(label, widths[0])))
		r++
	}

	fullRow("POS 终端故障报告  POS Terminal Incident Report", st.title, 30)
	fullRow(fmt.Sprintf("报告编号 Incident ID: %s    生成时间 Generated: %s", inc.ID,
		wb.opts.Now.In(wb.opts.Location).Format("2006-01-02 15:04")), st.subtitle, 18)

	section("终端与商户", "Terminal and merchant")
	pairRow("商户名称\nMerchant", inc.Merchant, "商户号\nMID", inc.MID)
	pairRow("终端号\nTID", inc.TID, "网点\nBranch", inc.Branch)
	pairRow("型号\nModel", inc.Model, "序列号\nSerial no.", inc.Serial)
	pairRow("固件版本\nFirmware", inc.Firmware, "通讯方式\nComm mode", inc.Comm)
	wideRow("地点\nSite", inc.Site)

	section("到场", "Visit")
	pairRow("维护人员\nTechnician", inc.Technician, "处理结果\nResolution", inc.Resolution.Labels().Pair())
	pairRow("到场时间\nOpened", wb.local(inc.Opened), "结束时间\nClosed", wb.local(inc.Closed))

	section("问题", "Problem")
	wideRow("故障现象\nSymptom", inc.Symptom)
	verdict := "（未运行检查）not checked"
	var reasons []string
	if v, ok := inc.Verdict(); ok {
		verdict = pair(verdictLabels, v.Kind, v.Kind.String())
		reasons = v.Reasons
	}
	pairRow("问题类别\nCategory", inc.Category.Labels().Pair(), "检查结论\nVerdict", verdict)
	wideRow("所见代码与提示\nCodes and prompts seen", wb.codesSeenText())
	wideRow("检查发现\nChecklist findings", wb.findingsText())
	if len(reasons) > 0 {
		wideRow("结论依据\nVerdict reasons", strings.Join(reasons, "\n"))
	}

	section("处理", "Handling")
	wideRow("已采取措施及结果\nActions taken and results", wb.actionsText())
	wideRow("升级原因\nEscalation reason", inc.EscalationReason)
	wideRow("备注\nNotes", inc.Notes)

	section("附件", "Records attached")
	pairRow("检查次数\nChecklist runs", len(inc.Runs), "交易记录(需关注)\nTransactions (flagged)", fmt.Sprintf("%d (%d)", len(inc.Journal), inc.FlaggedCount()))
	trace := len(inc.Trace)
	if wb.opts.OmitTrace {
		trace = 0
	}
	pairRow("终端日志\nEvent log entries", len(inc.Events), "通讯记录\nLink trace lines", trace)
	r++
	fullRow("卡号仅保留前6位和后4位；本报告不含密钥、PIN 或 PIN 块。Card numbers show at most the first 6 and last 4 digits; this report holds no keys, PINs or PIN blocks.", st.note, 2*lineHeight+4)
	check(f.SetSheetDimension(sh, fmt.Sprintf("A1:D%d", r-1)))
	if firstErr != nil {
		return firstErr
	}
	fit := true
	if err := f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if err := wb.printSetup(sh, false, ""); err != nil {
		return err
	}
	return f.SetSheetView(sh, 0, &excelize.ViewOptions{ShowGridLines: boolPtr(false)})
}

func boolPtr(b bool) *bool { return &b }

func valueStyle(st styles, v any) int {
	if _, ok := v.(time.Time); ok {
		return st.valueDT
	}
	return st.value
}

// local shows one of the visit's own times in the report's zone.
func (wb *workbook) local(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.In(wb.opts.Location)
}

func (wb *workbook) codesSeenText() string {
	var lines []string
	for _, c := range wb.inc.Codes {
		title := bilingual(c.TitleZH, c.TitleEN)
		if x, ok := wb.ex.Explain(c.Code); ok && title == "" {
			title = x.title()
		}
		line := c.Code
		if title != "" {
			line += "  " + title
		}
		if c.Prompt != "" && c.Prompt != c.Code {
			line += "  (屏幕 screen: " + c.Prompt + ")"
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func (wb *workbook) findingsText() string {
	var lines []string
	for _, fr := range wb.findingRows() {
		if fr.seen {
			continue
		}
		line := fmt.Sprintf("%s [%s, %s]", fr.code, stepLabels[fr.step][0], severityLabels[fr.severity][0])
		if x, ok := wb.ex.Explain(fr.code); ok && x.title() != "" {
			line += "  " + x.title()
		} else if fr.message != "" {
			line += "  " + fr.message
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func (wb *workbook) actionsText() string {
	var lines []string
	for _, a := range wb.inc.Actions {
		line := a.What
		if !a.Time.IsZero() {
			line = a.Time.In(wb.opts.Location).Format("15:04") + "  " + line
		}
		if a.Result != "" {
			line += " → " + a.Result
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// ---- Checklist ----

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
	current := map[string]time.Time{}
	for _, s := range wb.inc.LatestSteps() {
		current[s.ID] = s.Started
	}
	return wb.writeTable(table{
		sheet: SheetChecklist,
		cols: []column{
			{"次", "Run", kInt, 5, 6},
			{"步骤", "Step", kText, 10, 26},
			{"状态", "Status", kText, 10, 16},
			{"摘要", "Summary", kWrap, 20, 44},
			{"发现", "Findings", kWrap, 20, 54},
			{"开始时间", "Started", kTime, 20, 22},
			{"用时(秒)", "Duration (s)", kSecs, 10, 12},
			{"证据", "Evidence", kWrap, 20, 48},
			{"计入结论", "In the verdict", kText, 10, 22},
		},
		n:        len(rows),
		maxLines: 12,
		row: func(i int) ([]any, rowFill) {
			sr := rows[i]
			s := sr.s
			var fs []string
			for _, fd := range s.Findings {
				fs = append(fs, fmt.Sprintf("%s (%s): %s", fd.Code, pair(severityLabels, fd.Severity, fd.Severity.String()), fd.Message))
			}
			status := styled{wb.st.status[s.Status.String()], pair(statusLabels, s.Status, s.Status.String())}
			if status.style == 0 {
				status.style = wb.st.cell[fillNone][kText]
			}
			dur := s.Duration
			if dur == 0 {
				dur = time.Duration(s.DurationMS) * time.Millisecond
			}
			inVerdict := "否，之后重新检查 / no, re-run later"
			switch t, ok := current[s.ID]; {
			case ok && t.Equal(s.Started):
				inVerdict = "是 / yes"
			case s.Status == diagnostics.StatusSkipped:
				inVerdict = "否，未运行 / no, not run"
			}
			return []any{sr.run, stepLabel(s.ID), status, s.Summary, strings.Join(fs, "\n"),
				wb.local(s.Started), dur.Seconds(), evidenceText(s.Evidence), inVerdict}, fillNone
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

// ---- Findings ----

type findingRow struct {
	seen     bool // a code seen on site, not found by a step
	code     string
	prompt   string
	step     string
	severity diagnostics.Severity
	who      diagnostics.Who
	hasWho   bool
	message  string
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
				key := f.Code + "\x00" + s.ID + "\x00" + f.Message
				if seen[key] {
					continue
				}
				seen[key] = true
				out = append(out, findingRow{code: f.Code, step: s.ID, severity: f.Severity, who: f.Who,
					hasWho: true, message: f.Message, actions: f.Actions})
			}
		}
	}
	return out
}

func (wb *workbook) findings() error {
	rows := wb.findingRows()
	checklistCodes := diagnostics.FindingCodes()
	return wb.writeTable(table{
		sheet: SheetFindings,
		cols: []column{
			{"代码", "Code", kText, 8, 20},
			{"名称", "Title", kWrap, 16, 36},
			{"来源步骤", "Found by", kText, 12, 24},
			{"严重程度", "Severity", kText, 10, 14},
			{"发现", "Finding", kWrap, 20, 50},
			{"含义", "Meaning (中文)", kWrap, 20, 50},
			{"含义(英文)", "Meaning (English)", kWrap, 20, 50},
			{"处理方", "Who acts", kWrap, 12, 24},
			{"处理办法", "Actions", kWrap, 24, 60},
			{"含义出处", "Source of meaning", kWrap, 14, 36},
		},
		n:        len(rows),
		maxLines: 20,
		row: func(i int) ([]any, rowFill) {
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
			step, severity, message := "现场所见 / seen on site", "", fr.prompt
			who := strings.Join(x.Who, "\n")
			if !fr.seen {
				step = stepLabel(fr.step)
				severity = pair(severityLabels, fr.severity, fr.severity.String())
				message = fr.message
				if fr.hasWho {
					who = pair(whoLabels, fr.who, fr.who.String())
				}
			}
			actions := fr.actions
			if len(actions) == 0 {
				actions = x.Actions
			}
			source := x.Source
			if source == "" && !ok && slices.Contains(checklistCodes, fr.code) {
				source = "POS Doctor 检查项 / checklist"
			}
			fill := fillNone
			if !fr.seen && fr.severity == diagnostics.SeverityCritical {
				fill = fillFailed
			}
			return []any{fr.code, title, step, severity, message, x.MeaningZH, x.MeaningEN, who,
				numbered(actions), source}, fill
		},
	})
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

// ---- Transactions ----

func (wb *workbook) transactions() error {
	txns := FlaggedFirst(wb.inc.Journal)
	return wb.writeTable(table{
		sheet: SheetTransactions,
		cols: []column{
			{"时间", "Time", kTime, 20, 22},
			{"类型", "Type", kText, 10, 18},
			{"金额(元)", "Amount (yuan)", kMoney, 12, 16},
			{"卡号", "Card no. (masked)", kText, 20, 24},
			{"凭证号", "Trace", kText, 8, 10},
			{"参考号", "RRN", kText, 14, 16},
			{"授权码", "Auth", kText, 8, 10},
			{"应答码", "RC", kText, 6, 8},
			{"应答码含义", "RC meaning", kText, 16, 40},
			{"标志", "Flags", kText, 8, 30},
			{"提示", "Attention", kText, 10, 64},
		},
		n: len(txns),
		row: func(i int) ([]any, rowFill) {
			t := txns[i]
			typ := t.Type
			if zh, ok := txnTypeLabels[t.Type]; ok {
				typ = t.Type + " " + zh
			}
			meaning := ""
			if x, ok := wb.ex.Explain(t.RC); ok {
				meaning = x.title()
			}
			var flags []string
			for _, c := range t.Flags {
				if l, ok := diagnostics.RecFlagLabel(c); ok {
					flags = append(flags, string(c)+" "+l.ZH)
				} else {
					flags = append(flags, string(c))
				}
			}
			fill := rowFill(t.Flag()) // diagnostics.TxnFlag and rowFill share their order
			return []any{t.Time, typ, float64(t.Amount) / 100, t.PAN, t.Trace, t.RRN, t.Auth, t.RC,
				meaning, strings.Join(flags, ", "), fillNotes[fill]}, fill
		},
	})
}

// ---- Event log ----

func (wb *workbook) events() error {
	evs := wb.inc.Events
	return wb.writeTable(table{
		sheet: SheetEvents,
		cols: []column{
			{"时间", "Time", kTime, 20, 22},
			{"代码", "Code", kText, 8, 14},
			{"内容", "Text", kWrap, 24, 60},
			{"代码含义", "Meaning", kWrap, 16, 40},
		},
		n: len(evs),
		row: func(i int) ([]any, rowFill) {
			e := evs[i]
			meaning := ""
			if x, ok := wb.ex.Explain(e.Code); ok {
				meaning = x.title()
			}
			return []any{e.Time, e.Code, e.Text, meaning}, fillNone
		},
	})
}

// ---- Link trace ----

func (wb *workbook) trace() error {
	lines := wb.inc.Trace
	return wb.writeTable(table{
		sheet: SheetTrace,
		cols: []column{
			{"时间", "Time", kTimeMS, 23, 25},
			{"方向", "Dir", kText, 8, 10},
			{"类型", "Kind", kText, 8, 10},
			{"字节(十六进制)", "Bytes (hex)", kWrap, 16, 60},
			{"内容", "Decoded", kWrap, 24, 70},
		},
		n: len(lines),
		row: func(i int) ([]any, rowFill) {
			l := lines[i]
			dir := l.Dir
			switch l.Dir {
			case "in":
				dir = "收 in"
			case "out":
				dir = "发 out"
			}
			return []any{l.Time, dir, l.Kind, hexDump(l.Raw, 64), l.Text}, fillNone
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
