package reports

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/xuri/excelize/v2"
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

// ErrExists is returned when the report file exists and overwriting was not asked for.
// It matches fs.ErrExist too.
var ErrExists = fmt.Errorf("report file exists (use --force to replace it): %w", fs.ErrExist)

// ExcelOptions tune the incident workbook.
type ExcelOptions struct {
	Explainer Explainer      // meanings of codes; nil leaves the meaning columns empty
	Overwrite bool           // replace an existing file (ExportExcel)
	OmitTrace bool           // leave out the Link trace sheet even when the incident has a trace
	Location  *time.Location // zone for the visit's own times; nil: time.Local. Terminal clock times are shown as the terminal kept them.
	Now       time.Time      // the "generated" time printed on the summary; zero: time.Now()
}

// ReportFileName is the default name of an incident's report: incident-TID-YYYYMMDD-ID8.xlsx,
// which sorts by terminal, then date. Characters unsafe in file names are left out of the TID.
func ReportFileName(inc *Incident) string {
	tid := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '-' {
			return r
		}
		return -1
	}, inc.TID)
	if tid == "" {
		tid = "unknown"
	}
	id := inc.ID
	if len(id) > 8 {
		id = id[:8]
	}
	return fmt.Sprintf("incident-%s-%s-%s.xlsx", tid, inc.Opened.Format("20060102"), id)
}

// ExportExcel writes the incident report to path atomically: the workbook is written to a
// temporary file in the same folder, synced, then moved into place, so a crash never leaves
// half a report. An existing file is kept (ErrExists) unless opts.Overwrite.
func ExportExcel(path string, inc *Incident, opts ExcelOptions) (err error) {
	if !opts.Overwrite {
		if _, err := os.Lstat(path); err == nil {
			return fmt.Errorf("%s: %w", path, ErrExists)
		}
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return writeError(path, "", err)
	}
	tmpName := tmp.Name()
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()
	if err = WriteExcel(tmp, inc, opts); err != nil {
		return writeError(path, tmpName, err)
	}
	if err = tmp.Sync(); err != nil {
		return writeError(path, tmpName, err)
	}
	if err = tmp.Close(); err != nil {
		return writeError(path, tmpName, err)
	}
	if err = os.Chmod(tmpName, 0o644); err != nil {
		return writeError(path, tmpName, err)
	}
	if opts.Overwrite {
		if err = os.Rename(tmpName, path); err != nil {
			return writeError(path, tmpName, err)
		}
	} else {
		// a hard link never replaces an existing file: no window between check and move
		if err = os.Link(tmpName, path); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("%s: %w", path, ErrExists)
			}
			// file systems without hard links (FAT on a USB stick): check, then rename
			if _, statErr := os.Lstat(path); statErr == nil {
				return fmt.Errorf("%s: %w", path, ErrExists)
			}
			if err = os.Rename(tmpName, path); err != nil {
				return writeError(path, tmpName, err)
			}
		} else {
			os.Remove(tmpName)
		}
	}
	syncDir(dir)
	return nil
}

// writeError says why the report could not be written to path, in terms of path and its
// folder: the temporary file it is written through is ours, and naming it would only confuse.
// The error still matches what went wrong (errors.Is(err, fs.ErrNotExist), ...).
func writeError(path, tmpName string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe) && (tmpName == "" || pe.Path == tmpName):
		err = pe.Err
	case errors.As(err, &le) && le.Old == tmpName:
		err = le.Err
	}
	dir := filepath.Dir(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &reportWriteError{fmt.Sprintf("cannot write %s: the folder %s does not exist — create it first, or choose another place", path, dir), err}
	case errors.Is(err, syscall.ENOTDIR):
		return &reportWriteError{fmt.Sprintf("cannot write %s: %s is not a folder", path, dir), err}
	case errors.Is(err, fs.ErrPermission):
		return &reportWriteError{fmt.Sprintf("cannot write %s: no permission to write in the folder %s — choose another place", path, dir), err}
	}
	return fmt.Errorf("write report %s: %w", path, err)
}

// reportWriteError is an error whose message is written for a person, wrapping the cause.
type reportWriteError struct {
	msg string
	err error
}

func (e *reportWriteError) Error() string { return e.msg }
func (e *reportWriteError) Unwrap() error { return e.err }

// syncDir makes the rename durable where the OS allows syncing a directory.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
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
	f := excelize.NewFile()
	defer f.Close()
	wb := &workbook{
		f:    f,
		inc:  inc.Sanitize(),
		opts: opts,
		ex:   newCachedExplainer(opts.Explainer),
	}
	if err := wb.build(); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

// workbook is one incident report being built.
type workbook struct {
	f    *excelize.File
	inc  *Incident
	opts ExcelOptions
	ex   *cachedExplainer
	st   styles
}

func (wb *workbook) build() error {
	var err error
	if wb.st, err = newStyles(wb.f); err != nil {
		return fmt.Errorf("workbook styles: %w", err)
	}
	if err := wb.f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return err
	}
	steps := []struct {
		name string
		fn   func() error
	}{
		{SheetSummary, wb.summary},
		{SheetChecklist, wb.checklist},
		{SheetFindings, wb.findings},
		{SheetTransactions, wb.transactions},
		{SheetEvents, wb.events},
	}
	if len(wb.inc.Trace) > 0 && !wb.opts.OmitTrace {
		steps = append(steps, struct {
			name string
			fn   func() error
		}{SheetTrace, wb.trace})
	}
	for _, s := range steps {
		if err := s.fn(); err != nil {
			return fmt.Errorf("sheet %s: %w", s.name, err)
		}
	}
	// the summary, first, is the active sheet already. (SetActiveSheet would re-read every
	// streamed sheet's XML: hundreds of MB for a large journal.)
	title := "POS 终端故障报告 " + wb.inc.TID
	return wb.f.SetDocProps(&excelize.DocProperties{
		Title:       excelText(title),
		Subject:     "POS terminal incident report",
		Creator:     "POS Doctor",
		Identifier:  wb.inc.ID,
		Language:    "zh-CN",
		Created:     wb.opts.Now.UTC().Format(time.RFC3339),
		Description: "Card numbers masked (first 6, last 4); no keys, PINs or PIN blocks.",
	})
}

// cell kinds of a table column: they decide the number format and alignment
type cellKind int

const (
	kText   cellKind = iota // text, one line
	kWrap                   // text, wraps
	kTime                   // date and time
	kMoney                  // yuan, two decimals
	kInt                    // whole number
	kSecs                   // seconds, one decimal
	kTimeMS                 // time with milliseconds (trace)
	numKinds
)

// row fills: what a row is highlighted for
type rowFill int

const (
	fillNone rowFill = iota
	fillReversal
	fillDuplicate
	fillFailed
	numFills
)

// styles are created once per workbook and shared by every cell that needs them.
type styles struct {
	header   int
	cell     [numFills][numKinds]int
	status   map[string]int // by diagnostics.Status name
	title    int
	subtitle int
	section  int
	label    int
	value    int
	valueDT  int
	note     int
}

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	var firstErr error
	mk := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return id
	}
	thin := func(color string) []excelize.Border {
		return []excelize.Border{
			{Type: "left", Color: color, Style: 1}, {Type: "right", Color: color, Style: 1},
			{Type: "top", Color: color, Style: 1}, {Type: "bottom", Color: color, Style: 1},
		}
	}
	grid := thin("BFBFBF")
	textFmt := 49 // "@": a value typed into the cell later stays text too
	dt := "yyyy-mm-dd hh:mm:ss"
	dtms := "yyyy-mm-dd hh:mm:ss.000"
	money := "#,##0.00"
	secs := "0.0"

	st.header = mk(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "FFFFFF", Size: 10},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E78"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    thin("FFFFFF"),
		NumFmt:    textFmt,
	})
	fills := [numFills]string{"", "FFC7CE", "F8CBAD", "FFF2CC"}
	for fi := range numFills {
		var fill excelize.Fill
		if fills[fi] != "" {
			fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fills[fi]}}
		}
		font := &excelize.Font{Size: 10}
		if fi == fillReversal {
			font = &excelize.Font{Size: 10, Bold: true, Color: "9C0006"}
		}
		for k := range numKinds {
			s := &excelize.Style{Fill: fill, Font: font, Border: grid,
				Alignment: &excelize.Alignment{Vertical: "top"}}
			switch cellKind(k) {
			case kText:
				s.NumFmt = textFmt
			case kWrap:
				s.NumFmt = textFmt
				s.Alignment.WrapText = true
			case kTime:
				s.CustomNumFmt = &dt
				s.Alignment.Horizontal = "left"
			case kTimeMS:
				s.CustomNumFmt = &dtms
				s.Alignment.Horizontal = "left"
			case kMoney:
				s.CustomNumFmt = &money
			case kInt:
				s.NumFmt = 1 // "0"
			case kSecs:
				s.CustomNumFmt = &secs
			}
			st.cell[fi][k] = mk(s)
		}
	}
	st.status = map[string]int{}
	for name, c := range map[string][2]string{
		"pass":    {"C6EFCE", "006100"},
		"warn":    {"FFEB9C", "9C5700"},
		"fail":    {"FFC7CE", "9C0006"},
		"skipped": {"EDEDED", "595959"},
		"error":   {"E4DFEC", "5B2C6F"},
	} {
		st.status[name] = mk(&excelize.Style{
			Font:      &excelize.Font{Bold: true, Size: 10, Color: c[1]},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c[0]}},
			Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center", WrapText: true},
			Border:    grid,
			NumFmt:    textFmt,
		})
	}
	st.title = mk(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 16, Color: "1F4E78"},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
	})
	st.subtitle = mk(&excelize.Style{
		Font:      &excelize.Font{Italic: true, Size: 9, Color: "595959"},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		NumFmt:    textFmt,
	})
	st.section = mk(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 11, Color: "1F4E78"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Vertical: "center"},
		Border:    thin("8EA9DB"),
	})
	st.label = mk(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 10},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
		Border:    grid,
	})
	st.value = mk(&excelize.Style{
		Font:      &excelize.Font{Size: 10},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
		Border:    grid,
		NumFmt:    textFmt,
	})
	st.valueDT = mk(&excelize.Style{
		Font:         &excelize.Font{Size: 10},
		Alignment:    &excelize.Alignment{Vertical: "top", Horizontal: "left"},
		Border:       grid,
		CustomNumFmt: &dt,
	})
	st.note = mk(&excelize.Style{
		Font:      &excelize.Font{Italic: true, Size: 9, Color: "595959"},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
		NumFmt:    textFmt,
	})
	return st, firstErr
}
