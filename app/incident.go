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

	Technician, Site        *typedEntry
	Branch                  *branchEntry // offers the branches already in the store
	branches, offered       []string     // the store's branches; those the entry offers
	Symptom, Actions, Notes *typedEntry
	Escalation              *typedEntry
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
	// catChosen: the technician chose the visit's category (or it came from the store as
	// something other than Other), so a run never replaces it with a guess
	catChosen bool
	// notice is what a run did to the visit (started another, joined one), kept beside "Saved
	// at" until the technician edits or moves to another visit
	notice string
	// OnNewVisit, when set, is told that a new visit started (New visit, or a return visit):
	// the Checklist's results of the last one are not this visit's. UI goroutine.
	OnNewVisit func()
	// OnContinued, when set, is told the runs of a visit a run has just joined after a restart
	// (resume): the Checklist shows the whole visit, not that run alone. UI goroutine.
	OnContinued func(runs []diagnostics.Report)
	// continuing an open visit after a restart (incident_resume.go)
	prefs     fyne.Preferences    // where the visits opened here are remembered; nil: none
	made      map[string]bool     // visits this screen opened, not yet remembered
	startID   string              // the visit the screen opened at start
	resumable []*reports.Incident // open visits opened here lately, read at Start
	resumed   bool                // resume continued a visit that no finished run has joined yet
	seen      map[string]string   // the terminal last connected ("tid", "sn"), for resume
	// what is typed, saved when the typing pauses (incident_typing.go)
	typing      *typedField   // the field with the keyboard focus, or nil
	dirty       bool          // typed since the visit was last queued
	held        bool          // the copy last queued held back digits being typed
	scrub       bool          // the cleaner masked typed text: the next save checkpoints the log
	pause       *time.Timer   // saves what was typed once the typing pauses
	typingPause time.Duration // typingPause; tests shorten it
	filledID    string        // the visit the form shows (fill's)
	// saves waiting for the saver: the newest copy of each visit, by id, in the order the
	// visits were first queued, so moving to another visit never drops the last one's edit
	pendMu  sync.Mutex
	pending map[string]*reports.Incident
	scrubs  map[string]bool // visits whose save is to checkpoint the store's log
	order   []string
	wake    chan struct{} // a save is pending (buffer 1)
	quit    chan struct{} // closed by Stop: save what is pending, then end
	saving  sync.WaitGroup
	stopped bool
}

// NewIncidentScreen builds the screen on store (nil: saving disabled, with storeErr shown).
func NewIncidentScreen(store *reports.Store, storeErr error, book *codebook.Book, ui func() locale.Lang, trace func() []serialio.TraceEntry) *IncidentScreen {
	s := &IncidentScreen{do: fyne.Do, store: store, book: book, ui: ui, trace: trace, pending: map[string]*reports.Incident{}, scrubs: map[string]bool{},
		wake: make(chan struct{}, 1), quit: make(chan struct{}), running: -1, typingPause: typingPause}
	entry := func(placeholder string, multi bool, field func(*reports.Incident) *string) *typedEntry {
		e := newTypedEntry(multi, field, s.focusTyped)
		if multi {
			e.Wrapping = fyne.TextWrapWord
			e.SetMinRowsVisible(3)
		}
		e.SetPlaceHolder(lang.L(placeholder))
		e.OnChanged = func(string) { s.typed(&e.typedField) }
		return e
	}
	s.Technician = entry("Your name", false, func(inc *reports.Incident) *string { return &inc.Technician })
	s.Branch = newBranchEntry(s.focusTyped)
	s.Branch.SetPlaceHolder(lang.L("Branch the terminal belongs to"))
	s.Branch.OnChanged = func(typed string) {
		s.offerBranches(typed)
		s.typed(&s.Branch.typedField)
	}
	s.Site = entry("Shop address or counter", false, func(inc *reports.Incident) *string { return &inc.Site })
	s.Symptom = entry("What the merchant reports, in their words", true, func(inc *reports.Incident) *string { return &inc.Symptom })
	s.Actions = entry("What you did and what came of it, one per line", true, nil)
	s.Notes = entry("Anything else the provider should know", true, func(inc *reports.Incident) *string { return &inc.Notes })
	s.Escalation = entry("Why the service provider must act", false, func(inc *reports.Incident) *string { return &inc.EscalationReason })
	var cats, ress []string
	for _, c := range reports.Categories() {
		cats = append(cats, s.label(c.Label))
	}
	for _, r := range reports.Resolutions() {
		ress = append(ress, s.label(r.Label))
	}
	s.Category = widget.NewSelect(cats, func(string) {
		if !s.filling {
			s.catChosen = true
		}
		s.edited()
	})
	s.Resolution = widget.NewSelect(ress, func(string) { s.edited() })
	s.codes = newCodePicker(func() *codebook.Book { return s.book }, ui, s.addCode)
	s.CodeQuery, s.AddCode = s.codes.Query, s.codes.Add
	s.SeenCodes, s.FoundCodes, s.Txns = container.NewVBox(), container.NewVBox(), container.NewVBox()
	s.Identity = widget.NewLabel(lang.L("Run the checklist to fill in the terminal's identity."))
	s.Identity.Wrapping = fyne.TextWrapWord
	s.Status = widget.NewLabel("")
	s.Status.Wrapping = fyne.TextWrapWord
	s.NewBtn = widget.NewButton(lang.L("New visit"), func() {
		s.leaveTyped()
		tech := s.inc.Technician // the same technician at the next counter (a trial typed it again)
		s.newVisit()
		if tech != "" {
			s.inc.Technician = tech
			s.fill()
		}
		s.startedVisit()
	})
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
	s.startID = s.inc.ID
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
			resumable, rerr := s.loadResumable(ctx)
			cancel()
			s.do(func() {
				s.resumable = resumable
				s.resumeSeen() // a terminal connected before the open visits were read
				switch {
				case err != nil:
					s.Status.SetText(err.Error())
				case n > 0:
					s.Status.SetText(lang.L("Saved {{.N}} visits kept from an earlier failed save", map[string]any{"N": n}))
				case rerr != nil:
					s.Status.SetText(rerr.Error())
				}
			})
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
	s.leaveTyped()
	s.running, s.catChosen, s.notice = -1, false, ""
	s.inc = reports.NewIncident(time.Now())
	s.madeHere()
	s.fill()
}

// startedVisit tells OnNewVisit that a new visit started. UI goroutine.
func (s *IncidentScreen) startedVisit() {
	if s.OnNewVisit != nil {
		s.OnNewVisit()
	}
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
	if inc.ID != s.filledID { // another visit: its texts are finished (the same visit's field being typed stays as it is)
		s.filledID = inc.ID
		for _, f := range s.typedFields() {
			f.done, f.open = f.entry.Text, false
		}
	}
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

// edited copies the form into the incident and queues a save: a choice made (category,
// resolution). Typed text waits for a pause (typed). UI goroutine.
func (s *IncidentScreen) edited() {
	if s.filling || s.inc == nil {
		return
	}
	s.copyForm()
	s.queueSave()
}

// copyForm copies the form into the incident. UI goroutine.
func (s *IncidentScreen) copyForm() {
	inc := s.inc
	s.notice = ""
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
	// no branch to offer: no ▼, whose empty list would open unseen and swallow the next click
	// (a trial lost the branch typed after it)
	if s.Branch.ActionItem != nil {
		if len(match) == 0 {
			s.Branch.ActionItem.Hide()
		} else {
			s.Branch.ActionItem.Show()
		}
	}
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
			s.leaveTyped()
			s.inc, s.running, s.notice = inc, -1, ""
			s.catChosen = chosenCategory(inc)
			s.fill()
			s.Status.SetText(lang.L("Opened incident {{.ID}}", map[string]any{"ID": id[:8]}))
		})
	}()
}

// chosenCategory reports whether a visit read from the store has its category chosen: any
// category but Other (the zero value, which a new visit shows until a run's guess) counts as
// chosen, by the technician or by an earlier guess the technician kept.
func chosenCategory(inc *reports.Incident) bool { return inc.Category != reports.CategoryOther }

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
	opts := reports.ExcelOptions{Explainer: explain, Overwrite: true, Traditional: visit.WorkbookChinese(s.ui())}
	s.Status.SetText(lang.L("Writing {{.File}}…", map[string]any{"File": filepath.Base(path)}))
	go func() {
		err := reports.ExportExcel(path, &inc, opts)
		s.do(func() {
			if err != nil {
				s.Status.SetText(lang.L("Export failed: {{.Err}}", map[string]any{"Err": err.Error()}))
				return
			}
			s.Status.SetText(lang.L("Exported {{.File}}", map[string]any{"File": path}))
		})
	}()
}
