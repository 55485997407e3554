package reports

import (
	"fmt"
	"io"
	"time"

	"posdoctor/locale"
	"posdoctor/reports/xlsx"
)

// Sheet names of the incident workbook, Chinese first (the provider's language), then English.
const (
	SheetSummary      = "摘要 Summary"
	SheetChecklist    = "检查项 Checklist"
	SheetFindings     = "故障码 Findings"
	SheetTransactions = "交易记录 Transactions"
	SheetEvents       = "终端日志 Event log"
	SheetTrace        = "通讯记录 Link trace"
)

// ExcelOptions tune the incident workbook.
type ExcelOptions struct {
	Explainer Explainer      // meanings of codes; nil leaves the meaning columns empty
	Overwrite bool           // replace an existing file (ExportExcel)
	OmitTrace bool           // leave out the Link trace sheet even when the incident has a trace
	Location  *time.Location // zone for the visit's own times; nil: time.Local. Terminal clock times are shown as the terminal kept them.
	Now       time.Time      // the "generated" time printed on the summary; zero: time.Now()
	// Traditional, when set, writes the workbook's own words — labels, sheet names, the
	// checklist's messages (rendered from their zh_TW translations), the code book's texts —
	// in Traditional Chinese as Taiwan writes it (the front ends pass codebook.ToTraditional
	// when the user works in Traditional); nil writes Simplified. What people typed and the
	// terminal reported (branch, technician, merchant, notes, journal, events, trace) is
	// written as stored, and English, ids and figures are left as they are.
	Traditional func(string) string
}

// ReportFileName is the default name of an incident's report: incident-TID-YYYYMMDD-ID8.xlsx,
// which sorts by terminal, then date. Characters unsafe in file names are left out of the TID.
func ReportFileName(inc *Incident) string {
	tid := fileNameTID(inc.TID)
	id := inc.ID
	if len(id) > 8 {
		id = id[:8]
	}
	return fmt.Sprintf("incident-%s-%s-%s.xlsx", tid, inc.Opened.Format("20060102"), id)
}

// ExportExcel writes the incident report to path atomically (xlsx.WriteFile): a crash never
// leaves half a report. An existing file is kept (ErrExists) unless opts.Overwrite.
func ExportExcel(path string, inc *Incident, opts ExcelOptions) error {
	return xlsx.WriteFile(path, opts.Overwrite, func(w io.Writer) error { return WriteExcel(w, inc, opts) })
}

// WriteExcel writes the incident report workbook to w. The incident is cleaned first (see
// Sanitize), so an incident not yet saved is as safe to export as a stored one.
func WriteExcel(w io.Writer, inc *Incident, opts ExcelOptions) error {
	if inc == nil {
		return fmt.Errorf("%w: nil", ErrInvalid)
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	c := inc.Sanitize()
	props := bookProps("POS terminal incident report", opts.Now, "POS 终端故障报告 ", xlsx.AsIs(c.TID))
	props.Identifier = c.ID
	props.Description = "Card numbers masked (first 6, last 4); no keys, PINs or PIN blocks."
	return writeBook(w, c.ID, props, opts.Traditional, func(book *xlsx.Book) []bookSheet {
		wb := &workbook{book: book, inc: c, opts: opts, ex: newCachedExplainer(opts.Explainer), zh: zhOf(opts.Traditional)}
		return wb.sheets()
	})
}

// workbook is one incident report being built.
type workbook struct {
	book *xlsx.Book
	inc  *Incident
	opts ExcelOptions
	ex   *cachedExplainer
	zh   locale.Lang // the Chinese of its own words (zhOf)
}

// label is a label of the checklist's vocabulary in the workbook's Chinese (pairIn).
func (wb *workbook) label(t locale.Text) string { return pairIn(t, wb.zh) }

// sheets are the report's sheets in order: the summary first, so it is the active sheet.
func (wb *workbook) sheets() []bookSheet {
	sheets := []bookSheet{
		{SheetSummary, wb.summary},
		{SheetChecklist, wb.checklist},
		{SheetFindings, wb.findings},
		{SheetTransactions, wb.transactions},
		{SheetEvents, wb.events},
	}
	if len(wb.inc.Trace) > 0 && !wb.opts.OmitTrace {
		sheets = append(sheets, bookSheet{SheetTrace, wb.trace})
	}
	// one sheet per merchant's form produced (form_sheet.go)
	return append(sheets, bookSheet{"forms", wb.forms})
}
