package app

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"posdoctor/app/visit"
	"posdoctor/diagnostics"
	"posdoctor/forms"
	"posdoctor/locale"
	"posdoctor/reports"
)

// The Incident screen's transactions and the merchant's forms (docs/forms.md): the visit's
// journal, flagged first with the flag in words, and from a row the adjustment or collection
// request, with a reason, a note, a preview and Save PDF.

// maxTxnRows is how many journal records the Incident screen lists: every flagged one comes
// first, so they are always there.
const maxTxnRows = 30

var txnTypeWords = map[string]locale.Text{
	"SALE": {ZH: "消费", ZHTW: "消費", EN: "Sale"}, "VOID": {ZH: "撤销", ZHTW: "撤銷", EN: "Void"},
	"REFUND": {ZH: "退货", ZHTW: "退貨", EN: "Refund"}, "PREAUTH": {ZH: "预授权", ZHTW: "預授權", EN: "Pre-auth"},
	"REVERSAL": {ZH: "冲正", ZHTW: "沖正", EN: "Reversal"}, "BALANCE": {ZH: "查余额", ZHTW: "查餘額", EN: "Balance"},
}

// txnRow is one journal record on the Incident screen: what it is, and the button that offers
// its forms.
type txnRow struct {
	Text  *widget.Label
	Forms *widget.Button
}

// txnText is a journal record in a line: time, type, amount in yuan, trace, and the flag in words.
func txnText(ui locale.Lang, t diagnostics.Transaction) string {
	typ := t.Type
	if w, ok := txnTypeWords[t.Type]; ok {
		typ = w.In(ui)
	}
	line := fmt.Sprintf("%s  %s  %s  %s", t.Time.Format("01-02 15:04"), typ, reports.Yuan(t.Amount),
		lang.L("trace {{.Trace}}", map[string]any{"Trace": t.Trace}))
	if f := t.Flag(); f != diagnostics.TxnNormal {
		line += "  — " + f.Label().In(ui)
	}
	return line
}

// showTxns lists the visit's journal, flagged first, each row with its Forms button. UI
// goroutine.
func (s *IncidentScreen) showTxns() {
	ui := s.ui()
	s.txnRows = nil
	s.Txns.RemoveAll()
	journal := reports.FlaggedFirst(s.inc.Journal)
	if len(journal) == 0 {
		s.Txns.Add(widget.NewLabel(lang.L("No journal yet: run the checklist's journal step.")))
		return
	}
	for i, t := range journal {
		if i == maxTxnRows && t.Flag() == diagnostics.TxnNormal {
			s.Txns.Add(widget.NewLabel(lang.L("… and {{.N}} more in the Excel report", map[string]any{"N": len(journal) - i})))
			break
		}
		row := txnRow{Text: widget.NewLabel(txnText(ui, t))}
		row.Text.Truncation = fyne.TextTruncateEllipsis
		row.Forms = widget.NewButton(lang.L("Forms…"), func() { s.showFormDialog(t) })
		s.txnRows = append(s.txnRows, row)
		s.Txns.Add(container.NewBorder(nil, nil, nil, row.Forms, row.Text))
	}
}

// FormPanel fills one of the merchant's forms for a journal record: which form, why, a note,
// insisting where the form does not fit, the preview, and Save PDF.
type FormPanel struct {
	s       *IncidentScreen
	txn     diagnostics.Transaction
	Kind    *widget.RadioGroup
	Reason  *widget.Select
	Note    *widget.Entry
	Contact *widget.Entry
	Insist  *widget.Check
	Fit     *widget.Label // why the form does not fit, when it does not
	Problem *widget.Label // why it cannot be filled
	Saved   *widget.Label // where the last PDF went
	Preview *fyne.Container
	SaveBtn *widget.Button
	root    fyne.CanvasObject
	kinds   []reports.FormKind
	reasons []reports.FormReason
	form    *reports.Form // the form as it stands, nil when it cannot be filled
	dlg     dialog.Dialog
}

// newFormPanel builds the panel for t, starting with the first form that fits it.
func newFormPanel(s *IncidentScreen, t diagnostics.Transaction) *FormPanel {
	p := &FormPanel{s: s, txn: t, kinds: reports.FormKinds()}
	ui := s.ui()
	var names []string
	for _, k := range p.kinds {
		names = append(names, k.Label().In(ui))
	}
	p.Kind = widget.NewRadioGroup(names, func(string) { p.kindChanged() })
	p.Kind.Horizontal = true
	p.Kind.Required = true
	p.Reason = widget.NewSelect(nil, func(string) { p.refill() })
	p.Note = widget.NewMultiLineEntry()
	p.Note.SetMinRowsVisible(2)
	p.Note.Wrapping = fyne.TextWrapWord
	p.Note.SetPlaceHolder(lang.L("What “other” is, or why you insist"))
	p.Note.OnChanged = func(string) { p.refill() }
	p.Contact = widget.NewEntry()
	p.Contact.SetPlaceHolder(lang.L("Your phone number, for the provider"))
	p.Contact.OnChanged = func(string) { p.refill() }
	p.Insist = widget.NewCheck(lang.L("Fill it all the same (say why in the note)"), func(bool) { p.refill() })
	p.Fit = widget.NewLabel("")
	p.Fit.Wrapping = fyne.TextWrapWord
	p.Fit.Importance = widget.WarningImportance
	p.Problem = widget.NewLabel("")
	p.Problem.Wrapping = fyne.TextWrapWord
	p.Problem.Importance = widget.DangerImportance
	p.Saved = widget.NewLabel("")
	p.Saved.Wrapping = fyne.TextWrapWord
	p.Saved.Importance = widget.SuccessImportance
	p.Saved.Hide()
	p.Preview = container.NewVBox()
	p.SaveBtn = widget.NewButton(lang.L("Save PDF…"), p.saveDialog)
	p.SaveBtn.Importance = widget.HighImportance
	controls := widget.NewForm(
		widget.NewFormItem(lang.L("Transaction"), widget.NewLabel(txnText(ui, t))),
		widget.NewFormItem(lang.L("Form"), p.Kind),
		widget.NewFormItem(lang.L("Reason"), p.Reason),
		widget.NewFormItem(lang.L("Note"), p.Note),
		widget.NewFormItem(lang.L("Contact"), p.Contact),
	)
	top := container.NewVBox(controls, p.Fit, p.Insist, p.Problem, p.Saved)
	previewBox := container.NewVScroll(p.Preview)
	previewBox.SetMinSize(fyne.NewSize(560, 300))
	p.root = container.NewBorder(top, container.NewHBox(p.SaveBtn), nil, nil, previewBox)
	first := 0
	if offered := reports.OfferedForms(t); len(offered) > 0 {
		first = int(offered[0])
	}
	p.Kind.SetSelected(names[first])
	return p
}

// kind is the form chosen.
func (p *FormPanel) kind() reports.FormKind {
	ui := p.s.ui()
	for _, k := range p.kinds {
		if k.Label().In(ui) == p.Kind.Selected {
			return k
		}
	}
	return reports.FormAdjustment
}

// kindChanged offers the chosen form's reasons, the one that fits the record first.
func (p *FormPanel) kindChanged() {
	ui := p.s.ui()
	k := p.kind()
	p.reasons = k.Reasons()
	var names []string
	for _, r := range p.reasons {
		names = append(names, r.Label().In(ui))
	}
	p.Reason.SetOptions(names)
	def := k.DefaultReason(p.txn)
	for i, r := range p.reasons {
		if r == def {
			p.Reason.SetSelectedIndex(i) // refills
			return
		}
	}
	p.refill()
}

// refill fills the form again from what is chosen and shows it, or why it cannot be filled.
func (p *FormPanel) refill() {
	ui := p.s.ui()
	k := p.kind()
	if ok, why := k.Offered(p.txn); ok {
		p.Fit.Hide()
		p.Insist.Hide()
	} else {
		p.Fit.SetText(why.In(ui))
		p.Fit.Show()
		p.Insist.Show()
	}
	reason := ""
	if i := p.Reason.SelectedIndex(); i >= 0 && i < len(p.reasons) {
		reason = p.reasons[i].String()
	}
	var ex reports.Explainer
	if p.s.book != nil {
		ex = visit.CodeBookExplainer(p.s.book)
	}
	f, err := reports.NewForm(p.s.inc, reports.FormRequest{Kind: k, Trace: p.txn.Trace, Reason: reason, Note: p.Note.Text,
		Insist: p.Insist.Checked, Contact: p.Contact.Text, Now: time.Now()}, ex)
	p.form = f
	if err != nil {
		p.Problem.SetText(formErrorText(ui, err))
		p.Problem.Show()
		p.SaveBtn.Disable()
		return
	}
	p.Problem.Hide()
	p.SaveBtn.Enable()
	showFormPreview(p.Preview, f)
}

// formErrorText is a form's refusal in ui's language.
func formErrorText(ui locale.Lang, err error) string {
	if fe, ok := err.(*reports.FormError); ok {
		return fe.Text.In(ui)
	}
	return err.Error()
}

// showFormPreview draws the form as the PDF lays it out: the same boxes (Form.Sections),
// bilingual as printed.
func showFormPreview(box *fyne.Container, f *reports.Form) {
	box.RemoveAll()
	title := f.Kind.Title()
	box.Add(widget.NewLabelWithStyle(title.ZH+"  "+title.EN, fyne.TextAlignCenter, fyne.TextStyle{Bold: true}))
	box.Add(widget.NewLabelWithStyle(f.Subtitle(), fyne.TextAlignCenter, fyne.TextStyle{}))
	value := func(fd reports.FormField) *widget.Label {
		l := widget.NewLabel(fd.Value)
		l.Wrapping = fyne.TextWrapWord
		if fd.Hand {
			l.Importance = widget.LowImportance
		}
		return l
	}
	for _, s := range f.Sections() {
		box.Add(widget.NewLabelWithStyle(s.ZH+"  "+s.EN, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		items := []*widget.FormItem{}
		for _, fd := range s.Fields {
			items = append(items, widget.NewFormItem(fd.ZH+" "+fd.EN, value(fd)))
		}
		box.Add(widget.NewForm(items...))
	}
	var sig []string
	for _, sg := range reports.FormSignatures {
		sig = append(sig, sg.ZH+" "+sg.EN+": ________")
	}
	box.Add(widget.NewLabel(strings.Join(sig, "    ")))
	box.Refresh()
}

// OpenFormFor opens the form panel for the transaction of the visit's journal that a finding
// with code points at: for a duplicate charge the later sale (a double charge is refunded
// on it), otherwise the latest flagged. It reports whether there was one. UI goroutine.
func (s *IncidentScreen) OpenFormFor(code string) bool {
	t, ok := s.formTxnFor(code)
	if ok {
		s.showFormDialog(t)
	}
	return ok
}

// formTxnFor is the transaction OpenFormFor opens the form for.
func (s *IncidentScreen) formTxnFor(code string) (diagnostics.Transaction, bool) {
	var pick *diagnostics.Transaction
	if s.inc != nil {
		for i := range s.inc.Journal {
			t := &s.inc.Journal[i]
			if slices.Contains(t.Flagged, code) && (pick == nil || t.Time.After(pick.Time)) {
				pick = t
			}
		}
	}
	if pick == nil {
		return diagnostics.Transaction{}, false
	}
	return *pick, true
}

// showFormDialog opens the form panel for t in a dialog over the app's window. UI goroutine.
func (s *IncidentScreen) showFormDialog(t diagnostics.Transaction) {
	w := fyne.CurrentApp().Driver().AllWindows()
	if len(w) == 0 {
		return
	}
	p := newFormPanel(s, t)
	p.dlg = dialog.NewCustom(lang.L("Merchant's forms"), lang.L("Close"), p.root, w[0])
	p.dlg.Resize(fyne.NewSize(760, 600))
	p.dlg.Show()
}

// saveDialog asks where to write the PDF, with the form's usual name.
func (p *FormPanel) saveDialog() {
	w := fyne.CurrentApp().Driver().AllWindows()
	if p.form == nil || len(w) == 0 {
		return
	}
	askSavePath(w[0], p.form.FileName("pdf"), p.SaveTo)
}

// SaveTo writes the form's PDF to path in the background, then records the form in the visit
// and saves it. UI goroutine.
func (p *FormPanel) SaveTo(path string) {
	f, s := p.form, p.s
	if f == nil {
		return
	}
	if !strings.EqualFold(filepath.Ext(path), ".pdf") {
		path += ".pdf"
	}
	inc := s.inc
	opts := forms.Options{Traditional: visit.WorkbookChinese(s.ui())} // the PDF in the UI's script, as the workbook
	p.Problem.Hide()
	s.Status.SetText(lang.L("Writing {{.File}}…", map[string]any{"File": filepath.Base(path)}))
	go func() {
		err := forms.ExportPDF(path, f, true, opts)
		s.do(func() {
			if err != nil {
				msg := lang.L("The form could not be written: {{.Err}}", map[string]any{"Err": err.Error()})
				s.Status.SetText(msg)
				p.Problem.SetText(msg)
				p.Problem.Show()
				return
			}
			inc.Forms = append(inc.Forms, f.Record())
			s.queue(inc)
			msg := lang.L("Form saved: {{.File}}", map[string]any{"File": path})
			s.Status.SetText(msg)
			p.Saved.SetText(msg)
			p.Saved.Show()
		})
	}()
}
