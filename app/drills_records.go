package app

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"posdoctor/app/visit"
	"posdoctor/drill"
	"posdoctor/locale"
	"posdoctor/pan"
	"posdoctor/reports"
)

// rosterGrid is the trainer's grid: a row a trainee, a column a drill, each cell the best
// score, passed or not, the attempts and the last date.
type rosterGrid struct {
	trainees []string
	drills   []string
	titles   map[string]reports.TrainingTitle
	cells    map[[2]string]*rosterCell
}

type rosterCell struct {
	best     int
	passed   bool
	attempts int
	last     string
}

func newRosterGrid(recs []reports.TrainingRecord) rosterGrid {
	g := rosterGrid{titles: map[string]reports.TrainingTitle{}, cells: map[[2]string]*rosterCell{}}
	for _, r := range recs {
		if !slices.Contains(g.trainees, r.Trainee) {
			g.trainees = append(g.trainees, r.Trainee)
		}
		if !slices.Contains(g.drills, r.Drill) {
			g.drills = append(g.drills, r.Drill)
		}
		g.titles[r.Drill] = r.Title
		c := g.cells[[2]string{r.Trainee, r.Drill}]
		if c == nil {
			c = &rosterCell{best: -1}
			g.cells[[2]string{r.Trainee, r.Drill}] = c
		}
		c.attempts++
		c.passed = c.passed || r.Passed
		c.best = max(c.best, r.Score)
		c.last = r.Started.Local().Format("01-02")
	}
	slices.Sort(g.trainees)
	return g
}

func (g *rosterGrid) size() (int, int) { return len(g.trainees), len(g.drills) }

func (g *rosterGrid) cell(id widget.TableCellID, l *widget.Label, _ locale.Lang) {
	l.Importance = widget.MediumImportance
	if id.Row >= len(g.trainees) || id.Col >= len(g.drills) {
		l.SetText("")
		return
	}
	c := g.cells[[2]string{g.trainees[id.Row], g.drills[id.Col]}]
	if c == nil {
		l.SetText("—")
		return
	}
	mark := lang.L("Not passed") // in words: the embedded font has no check marks
	l.Importance = widget.DangerImportance
	if c.passed {
		mark, l.Importance = lang.L("Passed"), widget.SuccessImportance
	}
	l.SetText(fmt.Sprintf("%d %s ×%d %s", c.best, mark, c.attempts, c.last))
}

func (g *rosterGrid) header(id widget.TableCellID, l *widget.Label, ui locale.Lang) {
	switch {
	case id.Row < 0 && id.Col >= 0 && id.Col < len(g.drills):
		t := g.titles[g.drills[id.Col]]
		l.SetText(locale.Text{ZH: t.ZH, EN: t.EN}.In(ui))
	case id.Col < 0 && id.Row >= 0 && id.Row < len(g.trainees):
		l.SetText(g.trainees[id.Row])
	default:
		l.SetText("")
	}
}

// LoadRecords reads the training records again and redraws the grid.
func (s *DrillsScreen) LoadRecords() {
	st := s.store
	if st == nil {
		s.RecordsNote.SetText(lang.L("The training records cannot be opened."))
		return
	}
	go func() {
		recs, err := st.Training(context.Background(), reports.TrainingFilter{})
		s.do(func() {
			if err != nil {
				s.RecordsNote.SetText(errorText(err))
				return
			}
			s.allRecords = recs
			months := []string{lang.L("All months")}
			for i := len(recs) - 1; i >= 0; i-- { // newest first
				if m := recs[i].Started.Local().Format("2006-01"); !slices.Contains(months, m) {
					months = append(months, m)
				}
			}
			sel := s.Month.Selected
			s.Month.SetOptions(months)
			if !slices.Contains(months, sel) {
				sel = months[0]
			}
			s.Month.SetSelected(sel) // shows the grid (showRecords)
		})
	}()
}

// month is the month the records grid shows, "" for all.
func (s *DrillsScreen) month() string {
	if s.Month.SelectedIndex() <= 0 {
		return ""
	}
	return s.Month.Selected
}

// showRecords shows the records of the chosen month in the grid; the exports take the same.
func (s *DrillsScreen) showRecords() {
	m := s.month()
	s.records = s.records[:0]
	for _, r := range s.allRecords {
		if m == "" || r.Started.Local().Format("2006-01") == m {
			s.records = append(s.records, r)
		}
	}
	s.roster = newRosterGrid(s.records)
	s.Roster.Refresh()
	for c := range s.roster.drills {
		s.Roster.SetColumnWidth(c, 180)
	}
	s.RecordsNote.SetText(lang.L("{{.N}} attempts by {{.T}} trainees", map[string]any{"N": len(s.records), "T": len(s.roster.trainees)}))
}

// loadFolder adds a trainer's own scenario files from a folder.
func (s *DrillsScreen) loadFolder() {
	if s.win == nil {
		return
	}
	dialog.ShowFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		s.LoadFrom(localPath(u))
	}, s.win)
}

// LoadFrom adds the drills of a file or folder and says how many; a drill with the id of one
// shown replaces it. Files that do not load or do not validate are named.
func (s *DrillsScreen) LoadFrom(path string) {
	added, problems := s.addDrills(path)
	msg := lang.L("{{.N}} drills loaded.", map[string]any{"N": added})
	if len(problems) > 0 {
		msg += "\n\n" + lang.L("Left out:") + "\n" + strings.Join(problems, "\n")
	}
	s.say(msg)
}

// addDrills adds the valid drills of a file or folder to the list.
func (s *DrillsScreen) addDrills(path string) (added int, problems []string) {
	list, err := drill.LoadPath(path)
	if err != nil {
		problems = append(problems, s.problemText(err))
	}
	for _, sc := range list {
		if s.book != nil {
			if errs := drill.Validate(sc, s.book); len(errs) > 0 {
				problems = append(problems, s.problemText(errs))
				continue
			}
		}
		if i := slices.IndexFunc(s.drills, func(d *drill.Scenario) bool { return d.ID == sc.ID }); i >= 0 {
			s.drills[i] = sc
		} else {
			s.drills = append(s.drills, sc)
		}
		added++
	}
	s.filter()
	return added, problems
}

// problemText is an error of drill files in the UI's language: each problem on a line of its
// own with its file, line and field (drill.ErrorIn), anything else as errorText says it; card
// numbers masked (ids, titles and fault values are a trainer's text).
func (s *DrillsScreen) problemText(err error) string {
	return pan.MaskText(drill.ErrorIn(s.lang(), err, errorText))
}

func (s *DrillsScreen) exportWorkbook() {
	if s.win == nil {
		return
	}
	recs := s.records
	month := s.month()
	chinese := visit.WorkbookChinese(s.lang())
	askSavePath(s.win, reports.TrainingFileName(month), func(path string) {
		go func() {
			err := reports.ExportTrainingExcel(path, recs, reports.TrainingOptions{Month: month, Overwrite: true, Rules: drill.Rules(), Traditional: chinese})
			s.do(func() { s.exported(path, err) })
		}()
	})
}

func (s *DrillsScreen) exportXAPI() {
	if s.win == nil {
		return
	}
	recs := s.records
	askSavePath(s.win, "posdoctor-training-xapi.json", func(path string) {
		go func() {
			f, err := os.Create(path)
			if err == nil {
				err = reports.WriteXAPI(f, recs)
				if cerr := f.Close(); err == nil {
					err = cerr
				}
			}
			s.do(func() { s.exported(path, err) })
		}()
	})
}

func (s *DrillsScreen) exported(path string, err error) {
	if err != nil {
		s.say(errorText(err))
		return
	}
	s.say(lang.L("Saved {{.Path}}", map[string]any{"Path": path}))
}

// verify checks the records' chain and says what it found.
func (s *DrillsScreen) verify() {
	st := s.store
	if st == nil {
		return
	}
	go func() {
		n, breaks, err := st.VerifyTraining(context.Background())
		s.do(func() {
			switch {
			case err != nil:
				s.say(errorText(err))
			case len(breaks) == 0:
				s.say(lang.L("The training records are intact: {{.N}} checked, no changes found.", map[string]any{"N": n}))
			default:
				text := lang.L("The training records were changed by hand: {{.B}} breaks in {{.N}} records.", map[string]any{"B": len(breaks), "N": n})
				for _, b := range breaks {
					text += fmt.Sprintf("\n#%d %s: %s", b.Seq, b.Attempt, b.Reason)
				}
				s.say(text)
			}
		})
	}()
}
