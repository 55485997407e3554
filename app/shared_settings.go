package app

import (
	"context"
	"errors"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"posdoctor/reports"
)

// sharedSection is the Settings screen's "Shared database" part: the URL, the session's
// password, Test connection, and Sync now with its progress, Cancel, result and last sync
// time. Everything that touches the network runs on its own goroutine: the counter's screens
// keep working while it runs, and when the network is down.
type sharedSection struct {
	do     func(func())
	shared *SharedDB
	store  *reports.Store // the laptop's store, once open

	URL          *commitEntry
	Password     *widget.Entry
	Branches     *widget.Entry // pulled besides the laptop's own
	TestBtn      *widget.Button
	SyncBtn      *widget.Button
	SyncCancel   *widget.Button
	SyncProgress *widget.ProgressBar
	SyncText     *widget.Label // the running sync's stage, beside its bar
	Status       *widget.Label // what the last test or sync found
	LastSync     *widget.Label
	// OnSynced, when set, is called once a sync has changed the laptop's store (UI goroutine).
	OnSynced func()

	shownURL   string             // the URL LastSync is about
	cancelSync context.CancelFunc // of the running sync, nil when idle
	syncing    sync.WaitGroup
	lastReads  int // counts last-sync reads, so a stale one is ignored
	root       fyne.CanvasObject
}

// commitEntry is an entry that reports when its text is done: Enter or leaving the field.
type commitEntry struct {
	widget.Entry
	onCommit func()
}

func newCommitEntry() *commitEntry {
	e := &commitEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// FocusLost commits the text.
func (e *commitEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.onCommit != nil {
		e.onCommit()
	}
}

func newSharedSection(d *SharedDB, do func(func())) *sharedSection {
	s := &sharedSection{do: do, shared: d}
	s.URL = newCommitEntry()
	s.URL.SetText(d.URL())
	s.URL.SetPlaceHolder("postgres://USER@HOST:5432/DATABASE?sslmode=verify-full")
	s.URL.onCommit = func() { s.commitURL() }
	s.URL.OnSubmitted = func(string) { s.commitURL() }
	s.Password = widget.NewPasswordEntry()
	s.Password.SetText(d.Password())
	s.Password.SetPlaceHolder(lang.L("Only for this session"))
	s.Password.OnChanged = d.SetPassword
	s.Branches = widget.NewEntry()
	s.Branches.SetText(d.prefs.String(prefSharedBranches))
	s.Branches.SetPlaceHolder(lang.L("Branches to receive besides this laptop's, e.g. 朝阳支行"))
	s.Branches.OnChanged = func(v string) { d.prefs.SetString(prefSharedBranches, v) }
	s.TestBtn = widget.NewButton(lang.L("Test connection"), s.Test)
	s.SyncBtn = widget.NewButton(lang.L("Sync now"), s.Sync)
	s.SyncBtn.Importance = widget.HighImportance
	s.SyncCancel = widget.NewButton(lang.L("Cancel"), s.Cancel)
	s.SyncProgress = widget.NewProgressBar()
	s.SyncText = widget.NewLabel("")
	s.Status = widget.NewLabel("")
	s.Status.Wrapping = fyne.TextWrapWord
	s.LastSync = widget.NewLabel("")
	s.shownURL = d.URL()
	hint := widget.NewLabel(lang.L("The URL is saved without a password. A password typed here stays in memory until POS Doctor closes; PGPASSWORD or ~/.pgpass work too (leave the field empty then)."))
	hint.Wrapping = fyne.TextWrapWord
	busy := container.NewBorder(nil, nil, s.SyncText, s.SyncCancel, s.SyncProgress)
	s.showBusy(false)
	s.Status.Hide() // until there is something to say
	s.root = container.NewVBox(busy, s.Status, hint)
	return s
}

// formItems are the section's rows of the Settings form: the URL, the password, and the
// buttons with the last sync time.
func (s *sharedSection) formItems() []*widget.FormItem {
	return []*widget.FormItem{
		widget.NewFormItem(lang.L("Shared database"), s.URL),
		widget.NewFormItem(lang.L("Password"), s.Password),
		widget.NewFormItem(lang.L("Branches"), s.Branches),
		widget.NewFormItem("", container.NewHBox(s.TestBtn, s.SyncBtn, s.LastSync)),
	}
}

// say shows text under the buttons ("" hides the line). UI goroutine.
func (s *sharedSection) say(text string) {
	s.Status.SetText(text)
	if text == "" {
		s.Status.Hide()
	} else {
		s.Status.Show()
	}
}

// useStore gives the section the laptop's store and shows when it last synced. UI goroutine.
func (s *sharedSection) useStore(st *reports.Store) {
	s.store = st
	s.refreshLastSync()
}

// refreshLastSync reads when the laptop last synced with the URL set (a short read of the
// local store) and shows it. UI goroutine.
func (s *sharedSection) refreshLastSync() {
	u := s.shared.URL()
	s.shownURL = u
	s.lastReads++
	n := s.lastReads
	if s.store == nil || u == "" {
		s.LastSync.SetText("")
		return
	}
	st := s.store
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		t, err := st.LastSync(ctx, u)
		s.do(func() {
			if n != s.lastReads {
				return
			}
			if err != nil {
				s.LastSync.SetText("")
				return
			}
			s.LastSync.SetText(lastSyncText(t))
		})
	}()
}

// commitURL stores the URL typed without a password (a password in it moves to the
// password field) and returns it; false when it is not a PostgreSQL URL, which the
// status then says. UI goroutine.
func (s *sharedSection) commitURL() (string, bool) {
	clean, moved, err := s.shared.SetURL(s.URL.Text)
	if err != nil {
		s.say(sharedErrorText(err, s.shared.Password()))
		return "", false
	}
	if clean != s.URL.Text {
		s.URL.SetText(clean)
	}
	if moved {
		s.Password.SetText(s.shared.Password())
		s.say(lang.L("The password was taken out of the URL: it stays in memory until POS Doctor closes and is never saved."))
	}
	if clean != s.shownURL {
		s.refreshLastSync()
	}
	return clean, true
}

// ready commits the URL and says why nothing can be done when there is none. UI goroutine.
func (s *sharedSection) ready() bool {
	u, ok := s.commitURL()
	if ok && u == "" {
		s.say(lang.L("Enter the shared database's URL first."))
	}
	return ok && u != ""
}

// Test opens the shared store read-only in the background, for a bounded time, and says
// what happened. UI goroutine.
func (s *sharedSection) Test() {
	if !s.ready() {
		return
	}
	s.TestBtn.Disable()
	s.say(lang.L("Connecting to {{.URL}}…", map[string]any{"URL": reports.RedactURL(s.shared.URL())}))
	open, pw := s.shared.openURL(), s.shared.Password()
	go func() {
		visits, branches, err := testShared(open)
		s.do(func() {
			s.TestBtn.Enable()
			if err != nil {
				s.say(sharedErrorText(err, pw))
				return
			}
			s.say(lang.L("Connected to the shared database: {{.N}} visits this month, {{.B}} branches.", map[string]any{"N": visits, "B": branches}))
		})
	}()
}

// testShared opens the shared store at dbURL read-only and counts this month's visits and
// the branches. Any goroutine.
func testShared(dbURL string) (visits, branches int, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), sharedOpenWait+10*time.Second)
	defer cancel()
	st, err := openShared(ctx, dbURL, true)
	if err != nil {
		return 0, 0, err
	}
	defer st.Close()
	rep, err := st.Monthly(ctx, time.Now().Format("2006-01"), "")
	if err != nil {
		return 0, 0, err
	}
	list, err := st.Branches(ctx)
	if err != nil {
		return 0, 0, err
	}
	return rep.Incidents, len(list), nil
}

// showBusy shows or hides the sync's bar and Cancel. UI goroutine.
func (s *sharedSection) showBusy(on bool) {
	for _, o := range []fyne.CanvasObject{s.SyncText, s.SyncProgress, s.SyncCancel} {
		if on {
			o.Show()
		} else {
			o.Hide()
		}
	}
	if on {
		s.SyncProgress.SetValue(0)
		s.SyncBtn.Disable()
	} else {
		s.SyncBtn.Enable()
	}
}

// Syncing reports whether a sync runs. UI goroutine.
func (s *sharedSection) Syncing() bool { return s.cancelSync != nil }

// Sync syncs the laptop's store with the shared store in the background: the shared store
// opened read-write, the visits pushed and pulled batch by batch (the app's own saves go on
// between them), the bar moving as batches commit. UI goroutine.
func (s *sharedSection) Sync() {
	if s.Syncing() || !s.ready() {
		return
	}
	if s.store == nil {
		s.say(lang.L("The incident store on this laptop is not open: there is nothing to sync."))
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancelSync = cancel
	s.showBusy(true)
	s.SyncText.SetText(lang.L("Connecting…"))
	s.say("")
	local, open, key, pw, branches := s.store, s.shared.openURL(), s.shared.URL(), s.shared.Password(), s.shared.Branches()
	s.syncing.Add(1)
	go func() {
		defer s.syncing.Done()
		res, err := syncShared(ctx, local, open, branches, func(stage string, done, total int) {
			s.do(func() {
				if stage == "pull" {
					s.SyncText.SetText(lang.L("Receiving {{.Done}}/{{.Total}}", map[string]any{"Done": done, "Total": total}))
				} else {
					s.SyncText.SetText(lang.L("Sending {{.Done}}/{{.Total}}", map[string]any{"Done": done, "Total": total}))
				}
				if total > 0 {
					s.SyncProgress.SetValue(float64(done) / float64(total))
				}
			})
		})
		cancel()
		rctx, rcancel := context.WithTimeout(context.Background(), 10*time.Second)
		last, lerr := local.LastSync(rctx, key)
		rcancel()
		s.do(func() {
			s.cancelSync = nil
			s.showBusy(false)
			if err != nil {
				text := sharedErrorText(err, pw)
				if res.Pushed+res.Pulled > 0 || errors.Is(err, context.Canceled) {
					text = lang.L("Sync stopped: what was done stays, and Sync now again finishes it.") + " " + text
				}
				s.say(text)
			} else {
				s.say(syncResultText(res))
			}
			if res.Pulled+res.PulledDeleted > 0 && s.OnSynced != nil {
				s.OnSynced() // even a sync stopped half way may have brought visits
			}
			if lerr == nil && key == s.shared.URL() {
				s.lastReads++ // a read started before this one is stale
				s.LastSync.SetText(lastSyncText(last))
			}
		})
	}()
}

// syncShared opens the shared store at dbURL read-write and syncs local with it. Any goroutine.
func syncShared(ctx context.Context, local *reports.Store, dbURL string, branches []string, progress func(stage string, done, total int)) (reports.SyncResult, error) {
	remote, err := openShared(ctx, dbURL, false)
	if err != nil {
		return reports.SyncResult{}, err
	}
	defer remote.Close()
	return local.Sync(ctx, remote, reports.SyncOptions{Branches: branches, Progress: progress})
}

// Cancel stops the running sync between batches; what was committed stays. UI goroutine.
func (s *sharedSection) Cancel() {
	if s.cancelSync != nil {
		s.cancelSync()
	}
}

// stop cancels a running sync and waits for it, so the laptop's store can close. UI
// goroutine, once the app stops.
func (s *sharedSection) stop() {
	s.Cancel()
	s.syncing.Wait()
}
