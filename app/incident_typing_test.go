package app

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"posdoctor/locale"
	"posdoctor/reports"
)

// cardWindows are the ways 7 digits in a row of card (digits only) may stand in a file, as typed
// in written (the card with its separators) or without them: more than the first 6 digits, the
// most a number may show before it is finished.
func cardWindows(card, written string) []string {
	var out []string
	for i := 0; i+7 <= len(card); i++ {
		out = append(out, card[i:i+7])
	}
	// the same windows with the separators as written
	var pos []int // byte offset of each digit in written
	for i, r := range written {
		if r >= '0' && r <= '9' {
			pos = append(pos, i)
		}
	}
	for i := 0; i+7 <= len(pos); i++ {
		out = append(out, written[pos[i]:pos[i+6]+1])
	}
	return out
}

// leaks returns the windows of the cards found in the store's files and the recovery folder.
func leaks(t *testing.T, dbPath string, cards map[string]string) []string {
	t.Helper()
	files := []string{dbPath, dbPath + "-wal", dbPath + "-shm"}
	recovered, _ := filepath.Glob(filepath.Join(reports.RecoveryDir(dbPath), "*"))
	files = append(files, recovered...)
	var found []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue // no -wal after a checkpoint on some systems, no recovery file
		}
		for card, written := range cards {
			for _, w := range cardWindows(card, written) {
				if strings.Contains(string(b), w) {
					found = append(found, filepath.Base(f)+": "+w)
				}
			}
		}
	}
	return found
}

// A card number typed into the symptom or the notes never reaches the store's files, not even
// one keystroke at a time (a trial: every keystroke was saved, and the write-ahead log kept
// "6222 0212 3456 789" — 15 digits, no card yet, so not masked — beside the masked finished
// number: together the whole number). Saves are made while the typing pauses (here after every
// keystroke, the worst case), while a field is left, and when the app stops and a save fails
// (the recovery file): each holds at most the first 6 digits of a number being typed. A field
// left shows the number masked, as it is kept. A text set without the focus, a step at a time,
// is held back the same way until the app closes.
func TestTypedCardNumberNeverReachesTheStore(t *testing.T) {
	newTestApp(t)
	dbPath := filepath.Join(t.TempDir(), "incidents.db")
	store, err := reports.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	q := make(uiQueue, 256)
	s := NewIncidentScreen(store, nil, nil, func() locale.Lang { return locale.ZH }, nil)
	s.do = q.do
	s.typingPause = time.Millisecond // a pause after every keystroke
	w := test.NewTempWindow(t, s.Root())
	s.Start()
	stopped := false
	defer func() {
		if !stopped {
			s.Stop()
		}
	}()
	ctx := context.Background()
	stored := func() *reports.Incident {
		got, err := store.Get(ctx, s.Incident().ID)
		if err != nil {
			return &reports.Incident{}
		}
		return got
	}
	cards := map[string]string{
		"4000056655665556":    "4000 0566 5566 5556",
		"6222021234567890128": "6222 0212 3456 7890 128",
		"6222021234567894":    "6222-0212-3456-7894",
	}
	// typeSlowly types text into f as a person does, one character at a time, each saved
	typeSlowly := func(f *typedEntry, text string, field func(*reports.Incident) string) {
		t.Helper()
		w.Canvas().Focus(f)
		for _, r := range text {
			f.TypedRune(r) // what the canvas does with a key on the focused field
			want := reports.CleanTyping(f.Text, f.done)
			q.waitFor(t, "the keystroke saved", func() bool { return field(stored()) == want })
		}
	}
	keys := func(f *typedEntry, text string) {
		for _, r := range text {
			f.TypedRune(r)
		}
	}
	symptom := func(inc *reports.Incident) string { return inc.Symptom }
	notes := func(inc *reports.Incident) string { return inc.Notes }

	typeSlowly(s.Symptom, "不出小票，顾客卡号 4000 0566 5566 5556", symptom)
	if got := stored().Symptom; got != "不出小票，顾客卡号 4000 05** **** ****" {
		t.Errorf("stored while the field is being typed: %q", got)
	}
	w.Canvas().Unfocus() // the field left: finished, masked as kept, and shown so
	q.waitFor(t, "the finished symptom saved", func() bool { return stored().Symptom == "不出小票，顾客卡号 4000 05** **** 5556" })
	if s.Symptom.Text != "不出小票，顾客卡号 4000 05** **** 5556" {
		t.Errorf("the field left shows %q, not the masked number", s.Symptom.Text)
	}

	typeSlowly(s.Notes, "序列号 141000015866，卡号 6222 0212 3456 7890 128 (UnionPay)", notes)
	typeSlowly(s.Symptom, "；另一张 ", symptom) // leaving the notes for the symptom finishes them
	q.waitFor(t, "the finished notes saved", func() bool {
		return stored().Notes == "序列号 141000015866，卡号 6222 02** **** ***0 128 (UnionPay)" // MaskText: first 6, last 4
	})
	if !strings.Contains(stored().Notes, "141000015866") {
		t.Errorf("a finished 12-digit serial was not kept whole: %q", stored().Notes)
	}

	// a text set a step at a time without the focus is held back the same way, until the
	// visit changes or the app closes (below)
	text := "卡号 "
	for _, r := range "6222021234567894" {
		text += string(r)
		s.Escalation.SetText(text)
		want := reports.CleanTyping(text, "")
		q.waitFor(t, "the step saved", func() bool { return stored().EscalationReason == want })
	}

	// a save that fails while a number is typed: the recovery file holds it back too
	raw, err := sql.Open("sqlite", "file:"+dbPath+"?_busy_timeout=20000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`CREATE TRIGGER refuse BEFORE UPDATE ON incidents BEGIN SELECT RAISE(ABORT, 'disk full'); END`); err != nil {
		t.Fatal(err)
	}
	w.Canvas().Focus(s.Symptom)
	keys(s.Symptom, "6222-0212-3456-78")
	q.waitFor(t, "the failed save", func() bool { return strings.HasPrefix(s.Status.Text, "Not saved") })
	if kept, _ := filepath.Glob(filepath.Join(reports.RecoveryDir(dbPath), "*.json")); len(kept) != 1 {
		t.Errorf("recovery files %q, want the visit's", kept)
	}
	if found := leaks(t, dbPath, cards); len(found) > 0 {
		t.Errorf("digits of a typed card number in the store's files or the recovery file: %q", found)
	}
	if _, err := raw.Exec(`DROP TRIGGER refuse`); err != nil {
		t.Fatal(err)
	}

	// the window closes while the field still has the focus: the typing is over, so its text
	// is finished and saved as every text is (the number masked, a phone number typed last
	// kept whole), on the UI goroutine, before Fyne stops; Stop then waits for the save
	keys(s.Symptom, "94 刷卡无反应，电话 13800001234")
	s.Closing()
	s.Stop()
	stopped = true
	for len(q) > 0 {
		(<-q)()
	}
	if got := stored().Symptom; !strings.HasSuffix(got, "另一张 6222-02**-****-7894 刷卡无反应，电话 13800001234") {
		t.Errorf("the shutdown save, the field with the focus: %q", got)
	}
	if got := stored().EscalationReason; got != "卡号 622202******7894" {
		t.Errorf("the shutdown save, a field set without the focus: %q", got)
	}
	if found := leaks(t, dbPath, cards); len(found) > 0 {
		t.Errorf("digits of a typed card number in the store's files: %q", found)
	}
}
