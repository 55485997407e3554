package reports

import (
	"fmt"
	"strings"

	"posdoctor/reports/xlsx"
)

// formSheetName is the sheet of the visit's i-th form: "调账申请 Adjustment 001234", made unique
// within the workbook (Excel's 31 characters, no '/').
func formSheetName(rec FormRecord, used map[string]bool) string {
	name := "表 Form"
	if k, err := ParseFormKind(rec.Kind); err == nil {
		name = strings.ReplaceAll(k.Label().ZH, "/", "") + " " + k.Label().EN
	}
	if tr, err := NormalizeTrace(rec.Trace); err == nil {
		name += " " + tr
	}
	base := name
	for n := 2; used[name]; n++ {
		name = fmt.Sprintf("%s (%d)", base, n)
	}
	used[name] = true
	return name
}

// forms writes one printable sheet per form the visit produced, the same boxes as the PDF
// (Form.Sections): the provider's copy sits beside the report it belongs to.
func (wb *workbook) forms() error {
	used := map[string]bool{}
	for _, rec := range wb.inc.Forms {
		name := formSheetName(rec, used)
		if err := wb.formSheet(name, rec); err != nil {
			return fmt.Errorf("sheet %s: %w", name, err)
		}
	}
	return nil
}

func (wb *workbook) formSheet(name string, rec FormRecord) error {
	f, err := FormFromRecord(wb.inc, rec, wb.ex)
	if err != nil {
		// the record stays counted; its sheet says why it cannot be shown again
		fm, ferr := wb.book.NewTitledForm(name, "商户申请表 Merchant's form", "", 22, 34, 22, 34)
		if ferr != nil {
			return ferr
		}
		fm.Pair("表 Form", CleanText(rec.Kind), "凭证号\nTrace", CleanText(rec.Trace))
		fm.Wide("无法重新填写\nCannot be filled again", err.Error())
		return fm.Close()
	}
	title := f.Kind.Title()
	fm, err := wb.book.NewTitledForm(name, title.ZH+"  "+title.EN, f.Subtitle(), 22, 34, 22, 34)
	if err != nil {
		return err
	}
	for _, s := range f.Sections() {
		fm.Section(s.ZH, s.EN)
		var half []FormField
		flush := func() {
			switch len(half) {
			case 1:
				fm.Pair(half[0].ZH+"\n"+half[0].EN, half[0].cell(), "", "")
			case 2:
				fm.Pair(half[0].ZH+"\n"+half[0].EN, half[0].cell(), half[1].ZH+"\n"+half[1].EN, half[1].cell())
			}
			half = nil
		}
		for _, fd := range s.Fields {
			if fd.Wide {
				flush()
				fm.Wide(fd.ZH+"\n"+fd.EN, fd.cell())
				continue
			}
			if half = append(half, fd); len(half) == 2 {
				flush()
			}
		}
		flush()
	}
	fm.Section("商户确认", "Merchant")
	for _, sg := range FormSignatures {
		fm.Wide(sg.ZH+"\n"+sg.EN, "\n\n")
	}
	fm.Note(FormNote, 2)
	return fm.Close()
}

// cell is the box's value as the sheet writes it: what people typed or the terminal reported
// as it is (xlsx.AsIs: a Traditional workbook does not convert 台北 to 臺北), the form's own
// words converted with the rest of the workbook.
func (fd FormField) cell() any {
	if fd.AsIs {
		return xlsx.AsIs(fd.Value)
	}
	return fd.Value
}
