package app

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"posdoctor/app/visit"
	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/locale"
	"posdoctor/reports"
	"posdoctor/serialio"
)

// IncidentScreen is the current visit: technician, symptom, category, codes seen (picked from
// the code book), actions, resolution and notes, saved to the incident store after every edit
// and every checklist run; Export Excel; and the past incidents to reopen.
type IncidentScreen struct {
	do    func(func())
	store *reports.Store // nil when the store could not open: the form still works, unsaved
	book  *codebook.Book
	ui    func() locale.Lang
	trace func() []serialio.TraceEntry // the live connection's trace, or nil

	Technician, Site        *widget.Entry
	Branch                  *widget.SelectEntry // offers the branches already in the store
	branches, offered       []string            // the store's branches; those the entry offers
	Symptom, Actions, Notes *widget.Entry
	Escalation              *widget.Entry
	Category, Resolution    *widget.Select
	CodeQuery               *widget.Entry  // the code picker's (codePicker)
	AddCode                 *widget.Button // the code picker's
	codes                   *codePicker
	SeenCodes               *fyne.Container // a row per code seen, each with a remove button
	seenRows                []codeRow
	FoundCodes              *fyne.Container // a row per code the checklist found: read-only
	Txns                    *fyne.Container // the journal, flagged first, each row offering the merchant's forms (forms.go)
	txnRows                 []txnRow
	Identity                *widget.Label
	Status                  *widget.Label
	NewBtn, ExportBtn       *widget.Button
	SaveAgain               *widget.Button // shown when a save failed
	Past                    *widget.List
	past                    []reports.Summary
	root                    fyne.CanvasObject

	inc     *reports.Incident // the current visit; UI goroutine only
	running int               // index in inc.Runs of a run still in progress, or -1
	filling bool              // the form is being filled from inc: not an edit
	// saves waiting for the saver: the newest copy of each visit, by id, in the order the
	// visits were first queued, so moving to another visit never drops the last one's edit
	pendMu  sync.Mutex
	pending map[string]*reports.Incident
	order   []string
	wake    chan struct{} // a save is pending (buffer 1)
	quit    chan struct{} // closed by Stop: save what is pending, then end
	saving  sync.WaitGroup
	stopped bool
}

// NewIncidentScreen builds the screen on store (nil: saving disabled, with storeErr shown).
func NewIncidentScreen(store *reports.Store, storeErr error, book *codebook.Book, ui func() locale.Lang, trace func() []serialio.TraceEntry) *IncidentScreen {
	s := &IncidentScreen{do: fyne.Do, store: store, book: book, ui: ui, trace: trace, pending: map[string]*reports.Incident{}, wake: make(chan struct{}, 1), quit: make(chan struct{}), running: -1}
	entry := func(placeholder string, multi bool) *widget.Entry {
		e := widget.NewEntry()
		if multi {
			e = widget.NewMultiLineEntry()
			e.Wrapping = fyne.TextWrapWord
			e.SetMinRowsVisible(3)
		}
		e.SetPlaceHolder(lang.L(placeholder))
		e.OnChanged = func(string) { s.edited() }
		return e
	}
	s.Technician = entry("Your name", false)
	s.Branch = widget.NewSelectEntry(nil)
	s.Branch.SetPlaceHolder(lang.L("Branch the terminal belongs to"))
	s.Branch.OnChanged = func(typed string) {
		s.offerBranches(typed)
		s.edited()
	}
	s.Site = entry("Shop address or counter", false)
	s.Symptom = entry("What the merchant reports, in their words", true)
	s.Actions = entry("What you did and what came of it, one per line", true)
	s.Notes = entry("Anything else the provider should know", true)
	s.Escalation = entry("Why the service provider must act", false)
	var cats, ress []string
	for _, c := range reports.Categories() {
		cats = append(cats, s.label(c.Label))
	}
	for _, r := range reports.Resolutions() {
		ress = append(ress, s.label(r.Label))
	}
	s.Category = widget.NewSelect(cats, func(string) { s.edited() })
	s.Resolution = widget.NewSelect(ress, func(string) { s.edited() })
	s.codes = newCodePicker(func() *codebook.Book { return s.book }, ui, s.addCode)
	s.CodeQuery, s.AddCode = s.codes.Query, s.codes.Add
	s.SeenCodes, s.FoundCodes, s.Txns = container.NewVBox(), container.NewVBox(), container.NewVBox()
	s.Identity = widget.NewLabel(lang.L("Run the checklist to fill in the terminal's identity."))
	s.Identity.Wrapping = fyne.TextWrapWord
	s.Status = widget.NewLabel("")
	s.Status.Wrapping = fyne.TextWrapWord
	s.NewBtn = widget.NewButton(lang.L("New visit"), s.newVisit)
	s.SaveAgain = widget.NewButton(lang.L("Save again"), s.queueSave)
	s.SaveAgain.Importance = widget.WarningImportance
	s.SaveAgain.Hide()
	s.ExportBtn = widget.NewButton(lang.L("Export Excel…"), s.exportDialog)
	s.ExportBtn.Importance = widget.HighImportance
	s.Past = widget.NewList(func() int { return len(s.past) },
		func() fyne.CanvasObject { l := widget.NewLabel(""); l.Truncation = fyne.TextTruncateEllipsis; return l },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			p := s.past[i]
			o.(*widget.Label).SetText(fmt.Sprintf("%s  %s  %s  %s", p.Opened.Local().Format("2006-01-02 15:04"), p.TID, p.Merchant, s.label(p.Resolution.Label)))
		})
	s.Past.OnSelected = func(i widget.ListItemID) { s.open(s.past[i].ID) }

	form := widget.NewForm(
		widget.NewFormItem(lang.L("Terminal"), s.Identity),
		widget.NewFormItem(lang.L("Technician"), s.Technician),
		widget.NewFormItem(lang.L("Branch"), s.Branch),
		widget.NewFormItem(lang.L("Site"), s.Site),
		widget.NewFormItem(lang.L("Symptom"), s.Symptom),
		widget.NewFormItem(lang.L("Category"), s.Category),
		widget.NewFormItem(lang.L("Codes seen"), container.NewVBox(s.SeenCodes, s.codes.root)),
		widget.NewFormItem(lang.L("Codes found"), s.FoundCodes),
		widget.NewFormItem(lang.L("Actions taken"), s.Actions),
		widget.NewFormItem(lang.L("Resolution"), s.Resolution),
		widget.NewFormItem(lang.L("Escalation reason"), s.Escalation),
		widget.NewFormItem(lang.L("Notes"), s.Notes),
		widget.NewFormItem(lang.L("Transactions"), s.Txns),
	)
	visit := container.NewBorder(container.NewHBox(s.NewBtn, s.ExportBtn), container.NewBorder(nil, nil, nil, s.SaveAgain, s.Status), nil, nil, container.NewVScroll(form))
	pastBox := container.NewBorder(widget.NewLabelWithStyle(lang.L("Past incidents"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, s.Past)
	split := container.NewHSplit(visit, pastBox)
	split.Offset = 0.68
	s.root = split
	s.newVisit()
	s.Use(store, storeErr, book)
	return s
}

// Root is the screen's root object.
func (s *IncidentScreen) Root() fyne.CanvasObject { return s.root }

// Use gives the screen the incident store (nil with the error that kept it from opening: the
// form still works, unsaved) and the code book (nil: codes are kept as typed). The app opens
// both once it has started and calls Use, then Start. UI goroutine, before Start.
func (s *IncidentScreen) Use(store *reports.Store, storeErr error, book *codebook.Book) {
	s.store, s.book = store, book
	if store == nil && storeErr != nil {
		s.Status.SetText(lang.L("Incidents cannot be saved: {{.Err}}", map[string]any{"Err": storeErr.Error()}))
	}
	s.showCodes() // the book's titles, and which codes it does not know
	s.codes.suggest()
}

// Start runs the saver, saves visits kept from an earlier failed save, and lists past
// incidents. Call once the app has started.
func (s *IncidentScreen) Start() {
	s.saving.Add(1)
	go s.saver()
	if s.store != nil {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			n, err := s.store.SaveRecovered(ctx)
			cancel()
			if n > 0 || err != nil {
				s.do(func() {
					if err != nil {
						s.Status.SetText(err.Error())
					} else {
						s.Status.SetText(lang.L("Saved {{.N}} visits kept from an earlier failed save", map[string]any{"N": n}))
					}
				})
			}
			s.RefreshPast()
		}()
		return
	}
	s.RefreshPast()
}

// Stop saves what is pending and ends the saver. UI goroutine; call once, after Start.
func (s *IncidentScreen) Stop() {
	s.stopped = true
	close(s.quit)
	s.saving.Wait()
}

// label is a category's or resolution's label in the UI language, from reports' table (which
// has its own Traditional, in Taiwan's words).
func (s *IncidentScreen) label(f func(locale.Lang) string) string { return f(s.ui()) }

// Incident is the current visit (UI goroutine).
func (s *IncidentScreen) Incident() *reports.Incident { return s.inc }

func (s *IncidentScreen) newVisit() {
	s.running = -1
	s.inc = reports.NewIncident(time.Now())
	s.fill()
}

// fill shows s.inc in the form.
func (s *IncidentScreen) fill() {
	s.filling = true
	defer func() { s.filling = false }()
	inc := s.inc
	s.Technician.SetText(inc.Technician)
	s.Branch.SetText(inc.Branch)
	s.Site.SetText(inc.Site)
	s.Symptom.SetText(inc.Symptom)
	s.Notes.SetText(inc.Notes)
	s.Escalation.SetText(inc.EscalationReason)
	var acts []string
	for _, a := range inc.Actions {
		acts = append(acts, a.What)
	}
	s.Actions.SetText(strings.Join(acts, "\n"))
	s.Category.SetSelectedIndex(slices.Index(reports.Categories(), inc.Category))
	s.Resolution.SetSelectedIndex(slices.Index(reports.Resolutions(), inc.Resolution))
	s.showCodes()
	s.showIdentity()
	s.showTxns()
}

func (s *IncidentScreen) showIdentity() {
	inc := s.inc
	if inc.TID == "" {
		s.Identity.SetText(lang.L("Run the checklist to fill in the terminal's identity."))
		return
	}
	s.Identity.SetText(fmt.Sprintf("%s · TID %s · MID %s · %s %s · FW %s · %s · %s",
		inc.Merchant, inc.TID, inc.MID, inc.Model, inc.Serial, inc.Firmware, inc.Comm,
		lang.L("{{.N}} checklist runs", map[string]any{"N": len(inc.Runs)})))
}

// codeRow is a code seen on the Incident screen: what it is, and the button that takes it out
// of the visit.
type codeRow struct {
	Text   *widget.Label
	Remove *widget.Button
}

// showCodes lists the codes seen, each removable, a code the book does not know marked as such,
// and beside them the codes the checklist found, read-only. UI goroutine.
func (s *IncidentScreen) showCodes() {
	ui := s.ui()
	s.seenRows = nil
	s.SeenCodes.RemoveAll()
	for _, c := range s.inc.Codes {
		title := codeTitle(s.book, ui, c)
		text := codeText(c.Code, title)
		if c.Prompt != "" && c.Prompt != title && codeKey(c.Prompt) != codeKey(c.Code) {
			text += "  " + lang.L("(the screen showed “{{.Prompt}}”)", map[string]any{"Prompt": c.Prompt})
		}
		label := widget.NewLabel(text)
		label.Wrapping = fyne.TextWrapWord
		if !inBook(s.book, c) {
			label.SetText(text + "  " + lang.L("(not in the code book)"))
			label.Importance = widget.WarningImportance
		}
		key := codeKey(c.Code)
		remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { s.removeCode(key) })
		remove.Importance = widget.LowImportance
		s.seenRows = append(s.seenRows, codeRow{Text: label, Remove: remove})
		s.SeenCodes.Add(container.NewBorder(nil, nil, nil, remove, label))
	}
	s.showFound()
}

// showFound lists the codes the checklist found in the visit's runs, with the book's title or
// else what the checklist said. They are the checklist's: they cannot be removed. UI goroutine.
func (s *IncidentScreen) showFound() {
	s.FoundCodes.RemoveAll()
	found := foundCodes(s.inc)
	for _, f := range found {
		title := codeTitle(s.book, s.ui(), reports.CodeSeen{Code: f.Code})
		if title == "" {
			title = findingText(f)
		}
		text := codeText(f.Code, title)
		label := widget.NewLabel(text)
		label.Wrapping = fyne.TextWrapWord
		s.FoundCodes.Add(label)
	}
	if len(found) == 0 {
		none := lang.L("None yet: run the checklist.")
		if len(s.inc.Runs) > 0 {
			none = lang.L("The checklist found no codes.")
		}
		label := widget.NewLabel(none)
		label.Importance = widget.LowImportance
		s.FoundCodes.Add(label)
	}
}

// foundCodes is the first finding of each code the visit's runs found, in the order found (the
// codes reports.Incident.FindingCodes lists).
func foundCodes(inc *reports.Incident) []diagnostics.Finding {
	var out []diagnostics.Finding
	for _, r := range inc.Runs {
		for _, st := range r.Steps {
			for _, f := range st.Findings {
				if f.Code != "" && !slices.ContainsFunc(out, func(o diagnostics.Finding) bool { return o.Code == f.Code }) {
					out = append(out, f)
				}
			}
		}
	}
	return out
}

// edited copies the form into the incident and queues a save. UI goroutine.
func (s *IncidentScreen) edited() {
	if s.filling || s.inc == nil {
		return
	}
	inc := s.inc
	inc.Technician, inc.Branch, inc.Site = s.Technician.Text, s.Branch.Text, s.Site.Text
	inc.Symptom, inc.Notes, inc.EscalationReason = s.Symptom.Text, s.Notes.Text, s.Escalation.Text
	if i := s.Category.SelectedIndex(); i >= 0 {
		inc.Category = reports.Categories()[i]
	}
	if i := s.Resolution.SelectedIndex(); i >= 0 {
		inc.Resolution = reports.Resolutions()[i]
	}
	if inc.Resolution != reports.ResolutionOpen && inc.Closed.IsZero() {
		inc.Closed = time.Now()
	} else if inc.Resolution == reports.ResolutionOpen {
		inc.Closed = time.Time{}
	}
	// actions: one per line; keep the time of lines already there
	old := map[string]time.Time{}
	for _, a := range inc.Actions {
		old[a.What] = a.Time
	}
	inc.Actions = nil
	for _, line := range strings.Split(s.Actions.Text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			at, ok := old[line]
			if !ok {
				at = time.Now()
			}
			inc.Actions = append(inc.Actions, reports.Action{Time: at, What: line})
		}
	}
	s.queueSave()
}

// addCode adds a code seen to the visit, unless it is already there ("ａ０" is A0), and saves.
// UI goroutine.
func (s *IncidentScreen) addCode(c reports.CodeSeen) {
	for _, old := range s.inc.Codes {
		if codeKey(old.Code) == codeKey(c.Code) {
			s.Status.SetText(lang.L("{{.Code}} is already listed", map[string]any{"Code": old.Code}))
			return
		}
	}
	s.inc.Codes = append(s.inc.Codes, c)
	s.showCodes()
	s.queueSave()
}

// removeCode takes the code seen whose key is key out of the visit and saves. UI goroutine.
func (s *IncidentScreen) removeCode(key string) {
	n := len(s.inc.Codes)
	s.inc.Codes = slices.DeleteFunc(s.inc.Codes, func(c reports.CodeSeen) bool { return codeKey(c.Code) == key })
	if len(s.inc.Codes) == n {
		return
	}
	s.showCodes()
	s.queueSave()
}

// AddReport attaches a finished checklist run to the visit (the first one fills in the
// terminal's identity). A visit is one terminal: a run from another terminal starts a new
// visit (the technician and branch carried over) and the old one stays saved. UI goroutine.
func (s *IncidentScreen) AddReport(rep *diagnostics.Report) {
	if rep == nil {
		return
	}
	prev, provisional := s.inc, s.running >= 0
	s.dropRunning()
	var note string
	var other bool
	s.inc, other = visit.Attach(s.inc, *rep, time.Now(), s.Category.SelectedIndex() <= 0)
	if other {
		if provisional { // its steps so far were saved in the visit it does not belong to
			s.queue(prev)
		}
		note = lang.L("Another terminal (TID {{.TID}}): a new visit was started. The visit of TID {{.Old}} is kept under Past incidents.",
			map[string]any{"TID": s.inc.TID, "Old": prev.TID})
	}
	if s.trace != nil {
		if other {
			s.inc.Trace = visit.IncidentTrace(s.trace())
		} else { // the same visit: what it kept (a capture from the Line view) stays
			s.mergeTrace(visit.IncidentTrace(s.trace()))
		}
	}
	s.fill()
	s.queueSave()
	if note != "" {
		s.Status.SetText(note)
	}
}

// AddTrace adds a capture of the line (the Line view's) to the visit's link trace, in time
// order, leaving out entries the trace already holds, and saves the visit: the capture travels
// with the incident. It returns how many entries it added. A later checklist run replaces the
// trace with the link's newest entries, as it always has. UI goroutine.
func (s *IncidentScreen) AddTrace(entries []serialio.TraceEntry) int {
	n := s.mergeTrace(visit.IncidentTrace(entries))
	s.queueSave()
	return n
}

// maxVisitTrace bounds a visit's link trace: the newest lines are kept.
const maxVisitTrace = 4000

// mergeTrace adds lines to the visit's trace, each once, in time order, keeping the newest
// maxVisitTrace; it returns how many were new. UI goroutine.
func (s *IncidentScreen) mergeTrace(lines []reports.TraceLine) int {
	key := func(l reports.TraceLine) string {
		return l.Time.String() + l.Dir + l.Kind + l.Text + string(l.Raw)
	}
	have := map[string]bool{}
	for _, l := range s.inc.Trace {
		have[key(l)] = true
	}
	n := 0
	for _, l := range lines {
		if !have[key(l)] {
			have[key(l)] = true
			s.inc.Trace = append(s.inc.Trace, l)
			n++
		}
	}
	slices.SortStableFunc(s.inc.Trace, func(a, b reports.TraceLine) int { return a.Time.Compare(b.Time) })
	if extra := len(s.inc.Trace) - maxVisitTrace; extra > 0 {
		s.inc.Trace = slices.Delete(s.inc.Trace, 0, extra)
	}
	return n
}

// RunProgress records a run still in progress (its steps so far) in the visit and saves it, so
// a crash or a flat battery loses no finished step; AddReport replaces it with the finished
// run. A run whose terminal is not the visit's waits for AddReport, which starts its visit.
// UI goroutine.
func (s *IncidentScreen) RunProgress(rep *diagnostics.Report) {
	had := s.running >= 0
	s.dropRunning()
	if rep != nil && s.inc.AddRun(*rep) == nil {
		s.running = len(s.inc.Runs) - 1
		s.showFound()
		s.queueSave()
		return
	}
	if had { // the run turned out to be another terminal's: take it back out of this visit
		s.showFound()
		s.queueSave()
	}
}

// dropRunning takes the run in progress out of the visit: its finished (or next) state
// takes its place.
func (s *IncidentScreen) dropRunning() {
	if s.running >= 0 && s.running == len(s.inc.Runs)-1 {
		s.inc.Runs = s.inc.Runs[:s.running]
	}
	s.running = -1
}

// queueSave hands a copy of the current visit to the saver. UI goroutine.
func (s *IncidentScreen) queueSave() { s.queue(s.inc) }

// queue hands a copy of inc to the saver; a newer copy of the same visit replaces one not yet
// saved, other visits' copies wait their turn. UI goroutine.
func (s *IncidentScreen) queue(inc *reports.Incident) {
	if s.store == nil || s.stopped {
		return
	}
	c := *inc
	c.Codes, c.Actions, c.Runs = slices.Clone(c.Codes), slices.Clone(c.Actions), slices.Clone(c.Runs)
	s.pendMu.Lock()
	if _, waiting := s.pending[c.ID]; !waiting {
		s.order = append(s.order, c.ID)
	}
	s.pending[c.ID] = &c
	s.pendMu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default: // the saver is already told
	}
}

// next takes the oldest pending save, or nil. Any goroutine.
func (s *IncidentScreen) next() *reports.Incident {
	s.pendMu.Lock()
	defer s.pendMu.Unlock()
	if len(s.order) == 0 {
		return nil
	}
	id := s.order[0]
	s.order = s.order[1:]
	inc := s.pending[id]
	delete(s.pending, id)
	return inc
}

// saver saves queued visits one at a time until Stop, then what is still pending. It runs on
// its own goroutine.
func (s *IncidentScreen) saver() {
	defer s.saving.Done()
	for {
		if inc := s.next(); inc != nil {
			s.save(inc)
			continue
		}
		select {
		case <-s.wake:
		case <-s.quit:
			for inc := s.next(); inc != nil; inc = s.next() {
				s.save(inc)
			}
			return
		}
	}
}

// save saves one visit and shows how it went. Saver goroutine.
func (s *IncidentScreen) save(inc *reports.Incident) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	kept, err := s.store.SaveOrKeep(ctx, inc)
	cancel()
	at := time.Now().Format("15:04:05")
	s.do(func() {
		if err != nil {
			args := map[string]any{"Err": err.Error(), "File": kept}
			if kept != "" {
				s.Status.SetText(lang.L("Not saved: {{.Err}} — the visit is kept on screen and in {{.File}}; Save again when the store is free", args))
			} else {
				s.Status.SetText(lang.L("Not saved: {{.Err}} — what you typed is kept on screen", args))
			}
			s.SaveAgain.Show()
			return
		}
		s.SaveAgain.Hide()
		s.Status.SetText(lang.L("Saved at {{.Time}}", map[string]any{"Time": at}))
	})
	s.RefreshPast()
}

// RefreshPast reloads the past incidents in the background.
func (s *IncidentScreen) RefreshPast() {
	if s.store == nil {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		list, err := s.store.List(ctx, reports.Filter{Limit: 200})
		if err != nil {
			return
		}
		branches, err := s.store.Branches(ctx)
		s.do(func() {
			s.past = list
			s.Past.Refresh()
			if err == nil {
				s.branches = branches
				s.offerBranches(s.Branch.Text)
			}
		})
	}()
}

// offerBranches offers the store's branches that contain what is typed (all of them when
// none does), so a visit is filed under a branch name already in use. UI goroutine.
func (s *IncidentScreen) offerBranches(typed string) {
	typed = strings.ToLower(strings.TrimSpace(typed))
	var match []string
	for _, b := range s.branches {
		if strings.Contains(strings.ToLower(b), typed) && b != s.Branch.Text {
			match = append(match, b)
		}
	}
	if len(match) == 0 {
		match = s.branches
	}
	s.offered = match
	s.Branch.SetOptions(match)
}

// open makes a past incident the current visit.
func (s *IncidentScreen) open(id string) {
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		inc, err := s.store.Get(ctx, id)
		s.do(func() {
			if err != nil {
				s.Status.SetText(err.Error())
				return
			}
			s.inc, s.running = inc, -1
			s.fill()
			s.Status.SetText(lang.L("Opened incident {{.ID}}", map[string]any{"ID": id[:8]}))
		})
	}()
}

// exportDialog asks where to write the Excel report, with a name from the TID and date.
func (s *IncidentScreen) exportDialog() {
	w := fyne.CurrentApp().Driver().AllWindows()
	if len(w) == 0 {
		return
	}
	askSavePath(w[0], reports.ReportFileName(s.inc), s.ExportTo)
}

// ExportTo writes the current visit's Excel report to path in the background.
func (s *IncidentScreen) ExportTo(path string) {
	inc := *s.inc
	var explain reports.Explainer
	if s.book != nil {
		explain = visit.CodeBookExplainer(s.book)
	}
	s.Status.SetText(lang.L("Writing {{.File}}…", map[string]any{"File": filepath.Base(path)}))
	go func() {
		err := reports.ExportExcel(path, &inc, reports.ExcelOptions{Explainer: explain, Overwrite: true})
		s.do(func() {
			if err != nil {
				s.Status.SetText(lang.L("Export failed: {{.Err}}", map[string]any{"Err": err.Error()}))
				return
			}
			s.Status.SetText(lang.L("Exported {{.File}}", map[string]any{"File": path}))
		})
	}()
}
