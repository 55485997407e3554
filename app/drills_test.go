package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"posdoctor/app/visit"
	"posdoctor/drill"
	"posdoctor/locale"
)

// newDrillsScreen builds the Drills screen wired to a Connect screen on an in-memory
// simulated terminal, with a store of its own.
func newDrillsScreen(t *testing.T) (*DrillsScreen, *ConnectScreen, uiQueue) {
	t.Helper()
	newTestApp(t)
	cs, q := newScreen(t)
	d := NewDrillsScreen(func() locale.Lang { return locale.EN })
	d.do = q.do
	d.Train, d.EndTraining = cs.Train, cs.EndTraining
	banner := false
	d.Banner = func(on bool) { banner = on }
	book := newTestBook(t)
	st := newTestStore(t)
	d.Use(book, st)
	test.NewTempWindow(t, d.Root())
	t.Cleanup(func() {
		if banner && d.Active() {
			t.Log("the banner was still on")
		}
	})
	return d, cs, q
}

func pickDrill(t *testing.T, d *DrillsScreen, id string) {
	t.Helper()
	i := slices.IndexFunc(d.shown, func(sc *drill.Scenario) bool { return sc.ID == id })
	if i < 0 {
		t.Fatalf("drill %s is not listed", id)
	}
	d.List.Select(i)
}

func feedbackText(d *DrillsScreen) string {
	var b strings.Builder
	for _, o := range d.Feedback.Objects {
		b.WriteString(o.(*widget.Label).Text + "\n")
	}
	return b.String()
}

// The trainee's way through a drill: the app is put on the drill's terminal (TRAINING, faults
// hidden), a diagnosis and a fix change what the terminal reports, the debrief scores it, and
// the record reaches the trainer's grid.
func TestDrillsTraineeAndTrainer(t *testing.T) {
	d, cs, q := newDrillsScreen(t)
	pickDrill(t, d, "printer.paper-out")
	if d.StartBtn.Disabled() {
		t.Fatal("Start is disabled with a drill picked")
	}
	test.Tap(d.StartBtn) // no trainee yet
	if d.Active() {
		t.Fatal("a drill started without a trainee's name")
	}
	test.Type(d.Trainee, "张三")
	test.Tap(d.StartBtn)
	q.waitFor(t, "the drill's terminal", func() bool { return d.Active() })
	if !d.traineeView.Visible() || d.trainerView.Visible() {
		t.Fatal("the trainee's view is not shown")
	}
	if !strings.Contains(cs.State.Text, "TRAINING") || cs.faultRow.Visible() || !cs.Port.Disabled() {
		t.Errorf("Connect during a drill: state %q, faults shown %v, port enabled %v", cs.State.Text, cs.faultRow.Visible(), !cs.Port.Disabled())
	}
	conn := cs.Current()
	if conn == nil || conn.Sim == nil || len(conn.Sim.Faults()) != 1 {
		t.Fatalf("the drill's terminal: %+v", conn)
	}

	d.DiagQuery.SetText("paper out")
	if len(d.diagOpts) == 0 {
		t.Fatal("the code-book search found nothing for 'paper out'")
	}
	d.DiagPick.SetSelectedIndex(slices.Index(d.diagOpts, "P1"))
	test.Tap(d.DiagBtn)
	if fb := feedbackText(d); !strings.Contains(fb, "Right") {
		t.Errorf("practice feedback after the right diagnosis: %q", fb)
	}
	for _, id := range []drill.ActionID{"check-journal", "replace-paper"} {
		d.ActionPick.SetSelectedIndex(slices.IndexFunc(drill.Actions(), func(a drill.Action) bool { return a.ID == id }))
		n := len(d.Feedback.Objects)
		test.Tap(d.ActBtn)
		q.waitFor(t, string(id), func() bool { return len(d.Feedback.Objects) > n })
	}
	if f := conn.Sim.Faults(); len(f) != 0 {
		t.Errorf("after replace-paper the terminal still has %v", f)
	}
	if h := d.HintBtn.Text; !strings.Contains(h, "5") {
		t.Errorf("the hint's cost is not shown before it opens: %q", h)
	}
	test.Tap(d.FinishBtn)
	if !d.debriefView.Visible() {
		t.Fatal("no debrief")
	}
	var debrief strings.Builder
	for _, o := range d.Debrief.Objects {
		if l, ok := o.(*widget.Label); ok {
			debrief.WriteString(l.Text + "\n")
		}
	}
	if !strings.Contains(debrief.String(), "Not passed") && !strings.Contains(debrief.String(), "Passed") {
		t.Errorf("the debrief has no verdict:\n%s", debrief.String())
	}
	if !strings.Contains(debrief.String(), "Reprint the last slip") {
		t.Errorf("the debrief does not show the correct path:\n%s", debrief.String())
	}
	q.waitFor(t, "the record in the grid", func() bool { return len(d.roster.trainees) == 1 })
	if cs.training != nil || cs.Port.Disabled() {
		t.Error("the app stayed on the drill's terminal after the drill")
	}
	r, c := d.roster.size()
	if r != 1 || c != 1 {
		t.Errorf("roster %d×%d, want 1×1", r, c)
	}
	month := time.Now().Format("2006-01")
	if !slices.Contains(d.Month.Options, month) {
		t.Errorf("the month filter offers %v, not this month", d.Month.Options)
	}
	d.Month.SetSelected(month)
	if len(d.records) != 1 {
		t.Errorf("this month's records: %d", len(d.records))
	}
}

// A diagnosis picked or typed as the code's title, or typed in lower case or full width, is
// the code the drill asks for: the search offers the book's prompt 打印机缺纸 first for the
// title, and the trainee who gave it was told it was wrong. A text that names no code is
// refused and not recorded.
func TestDrillsDiagnosisByTitle(t *testing.T) {
	d, _, q := newDrillsScreen(t)
	pickDrill(t, d, "printer.paper-out")
	test.Type(d.Trainee, "张三")
	test.Tap(d.StartBtn)
	q.waitFor(t, "the drill's terminal", func() bool { return d.Active() })
	d.DiagQuery.SetText("打印机缺纸")
	test.Tap(d.DiagBtn) // the search's first offer
	d.DiagQuery.SetText("ｐ１")
	d.DiagPick.ClearSelected() // as typed
	test.Tap(d.DiagBtn)
	if fb := feedbackText(d); strings.Count(fb, "Right: P1") != 2 || strings.Contains(fb, "not the cause") {
		t.Errorf("the title and the code typed full-width:\n%s", fb)
	}
	n := len(d.Feedback.Objects)
	d.DiagQuery.SetText("纸")
	d.DiagPick.ClearSelected()
	test.Tap(d.DiagBtn)
	if len(d.Feedback.Objects) != n || !strings.Contains(d.RecordsNote.Text, "names no code") {
		t.Errorf("a text that names no code: note %q, feedback\n%s", d.RecordsNote.Text, feedbackText(d))
	}
	test.Tap(d.FinishBtn)
	q.waitFor(t, "the record in the grid", func() bool { return len(d.roster.trainees) == 1 })
}

// In assessed mode the trainee gets no feedback until the end, and a critical action fails
// the drill whatever the points.
func TestDrillsAssessedCritical(t *testing.T) {
	d, _, q := newDrillsScreen(t)
	pickDrill(t, d, "printer.paper-out")
	test.Type(d.Trainee, "李四")
	d.Mode.SetSelected("Assessed")
	test.Tap(d.StartBtn)
	q.waitFor(t, "the drill's terminal", func() bool { return d.Active() })
	d.ActionPick.SetSelectedIndex(slices.IndexFunc(drill.Actions(), func(a drill.Action) bool { return a.ID == "redo-sale" }))
	test.Tap(d.ActBtn)
	q.waitFor(t, "the action", func() bool { return len(d.Feedback.Objects) == 1 })
	if fb := feedbackText(d); strings.Contains(fb, "Critical") || !strings.Contains(fb, "recorded") {
		t.Errorf("assessed feedback: %q", fb)
	}
	test.Tap(d.FinishBtn)
	found := false
	for _, o := range d.Debrief.Objects {
		if l, ok := o.(*widget.Label); ok && l.Importance == widget.DangerImportance && strings.Contains(l.Text, "twice") {
			found = true
		}
	}
	if !found {
		t.Error("the debrief does not show the critical action in red with why")
	}
	q.waitFor(t, "the record", func() bool { return len(d.records) == 1 })
	if d.records[0].Passed || d.records[0].Mode != "assessed" || d.records[0].Seed == drill.PracticeSeed("printer.paper-out") {
		t.Errorf("record %+v", d.records[0])
	}
}

// When the drill's terminal cannot be reached, Start says so and can be tapped again; while a
// check runs, a drill does not start (it would cut the check off).
func TestDrillsStartFailsCleanly(t *testing.T) {
	newTestApp(t)
	q := make(uiQueue, 256)
	cs := NewConnectScreen(func(context.Context, visit.Target) (*visit.Conn, error) { return nil, errors.New("no line") })
	cs.do = q.do
	test.NewTempWindow(t, cs.Root())
	d := NewDrillsScreen(func() locale.Lang { return locale.EN })
	d.do = q.do
	d.Train, d.EndTraining = cs.Train, cs.EndTraining
	test.NewTempWindow(t, d.Root())
	pickDrill(t, d, "printer.paper-out")
	test.Type(d.Trainee, "张三")
	busy := true
	d.Busy = func() bool { return busy }
	test.Tap(d.StartBtn)
	if d.Active() || d.StartBtn.Disabled() || !strings.Contains(d.RecordsNote.Text, "check is running") {
		t.Fatalf("a drill started under a running check: note %q", d.RecordsNote.Text)
	}
	busy = false
	test.Tap(d.StartBtn)
	q.waitFor(t, "the failure", func() bool { return !d.StartBtn.Disabled() })
	if d.Active() || !strings.Contains(d.RecordsNote.Text, "could not start") || cs.training != nil {
		t.Errorf("after a failed connection: active %v, note %q, still training %v", d.Active(), d.RecordsNote.Text, cs.training != nil)
	}
}

// A trainer's broken scenario file, loaded on the Drills tab, is named with its problems in the
// UI's language: each with its file, line and field, the message in Chinese, the ids and
// fields as the file writes them.
func TestDrillsLoadSaysProblemsInTheLanguage(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("../assets/drills/printer.paper-out.yaml")
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.NewReplacer("replace-paper, reprint-last]", "replace-papr, reprint-last]", "diagnosis: [P1]", "diagnosis: [P9]",
		"par_seconds: 180", "par_seconds: 5", "{at: 90,", "{at: 30,").Replace(string(src))
	for name, data := range map[string]string{"broken.yaml": broken, "typo.yaml": strings.Replace(string(src), "level: 1", "level: 1\ncolour: red", 1)} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	book := newTestBook(t)
	for _, tc := range []struct {
		env  string
		want []string
	}{
		{"zh_CN.UTF-8", []string{`answer.required[1]: 没有 "replace-papr" 这个操作（是不是 replace-paper？）`, `answer.diagnosis[0]: 代码库里没有 "P9"`,
			"par_seconds: 5：标准用时是 10 到 3600 秒", "30：步骤要按时间先后排列", "typo.yaml: 第 7 行：Scenario 里没有 colour 这个字段"}},
		{"zh_TW.UTF-8", []string{`answer.required[1]: 沒有 "replace-papr" 這個操作（是不是 replace-paper？）`, `代碼庫裡沒有 "P9"`,
			"標準用時是 10 到 3600 秒", "步驟要按時間先後排列", "第 7 行：Scenario 裡沒有 colour 這個欄位"}},
	} {
		setupUnderLANG(t, tc.env)
		d := NewDrillsScreen(uiLang)
		test.NewTempWindow(t, d.Root())
		d.Use(book, nil)
		d.LoadFrom(dir)
		got := d.RecordsNote.Text
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("LANG=%s: the Drills tab does not say %q:\n%s", tc.env, w, got)
			}
		}
		problems := 0
		for _, line := range strings.Split(got, "\n") {
			if !strings.Contains(line, ".yaml") {
				continue
			}
			problems++
			if !strings.ContainsFunc(line, func(r rune) bool { return unicode.Is(unicode.Han, r) }) || strings.Contains(line, " is not") || strings.Contains(line, "unknown") {
				t.Errorf("LANG=%s: a problem in English: %q", tc.env, line)
			}
		}
		if problems < 5 {
			t.Errorf("LANG=%s: %d problems shown:\n%s", tc.env, problems, got)
		}
	}
}

// A card number in a loaded drill's id, title or a fault's value is masked wherever the Drills
// tab shows it: the problems named when it loads, the list, the drill's details. A fault the
// terminal refuses is named with its own reason in the UI's language.
func TestDrillsMaskCardNumbers(t *testing.T) {
	const card, masked = "4111111111111111", "411111******1111"
	dir := t.TempDir()
	src, err := os.ReadFile("../assets/drills/printer.paper-out.yaml")
	if err != nil {
		t.Fatal(err)
	}
	good := strings.NewReplacer("id: printer.paper-out", "id: \""+card+"\"",
		"{zh: 打印机缺纸, en: Printer out of paper}", "{zh: 打印机缺纸 "+card+", en: Printer out of paper "+card+"}").Replace(string(src))
	for name, data := range map[string]string{"good.yaml": good,
		"bad.yaml":   strings.Replace(string(src), "[paper-out]", "[paper-out, stuck-key="+card+"]", 1),
		"clash.yaml": strings.Replace(string(src), "[paper-out]", "[paper-out, stuck-key=5, dead-key=5]", 1)} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	book := newTestBook(t)
	for env, clash := range map[string]string{"zh_TW.UTF-8": "clash.yaml:11: faults: 模擬終端機的按鍵 5 不能既是 stuck-key 又是 dead-key",
		"en_US.UTF-8": "clash.yaml:11: faults: simulated terminal: key 5 cannot be both stuck-key and dead-key"} {
		setupUnderLANG(t, env)
		d := NewDrillsScreen(uiLang)
		test.NewTempWindow(t, d.Root())
		d.Use(book, nil)
		d.LoadFrom(dir)
		if got := d.RecordsNote.Text; strings.Contains(got, card) || !strings.Contains(got, masked) || !strings.Contains(got, clash) {
			t.Errorf("LANG=%s: the problems named:\n%s", env, got)
		}
		i := slices.IndexFunc(d.shown, func(sc *drill.Scenario) bool { return sc.ID == card })
		if i < 0 {
			t.Fatalf("LANG=%s: the good drill is not listed", env)
		}
		item := d.List.CreateItem()
		d.List.UpdateItem(i, item)
		d.List.Select(i)
		for what, text := range map[string]string{"list": item.(*widget.Label).Text, "details": d.Info.Text} {
			if strings.Contains(text, card) || !strings.Contains(text, masked) {
				t.Errorf("LANG=%s: the %s: %q", env, what, text)
			}
		}
	}
}
