package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"posdoctor/reports"
)

func init() {
	register("sync", command{cmdSync, "sync --to postgres://USER@HOST/DB [--branch NAME]... [--json] [--db PATH]   push this laptop's visits to the shared store and pull the branch's"})
}

const syncUsage = `usage: posdoctor sync --to postgres://USER@HOST:5432/DATABASE?sslmode=verify-full
                      [--branch NAME]... [--json] [--db PATH]

Syncs this laptop's incident store with the branch's shared PostgreSQL store
(docs/shared-store.md): pushes every visit and deletion the shared store lacks or holds an
older version of, and pulls the visits of this laptop's branches (and of each --branch) that
others added or changed. A visit's newer update wins; a deletion removes a visit last changed
before it. Each batch of visits is one transaction: a sync cut off halfway loses nothing and
the next one finishes it. The password comes from the URL, PGPASSWORD or ~/.pgpass and is
never printed. --json prints {"pushed":N,"pushed_deleted":N,"pulled":N,"pulled_deleted":N,
"unchanged":N,"conflicts":N,"purged":N,"branches":[...],"started":T,"finished":T,"last_sync":T}.

Exit status: 0 synced, 2 bad arguments, a store that cannot be opened, or a sync that failed or
was interrupted (what was committed stays; run it again).
`

var (
	msgSyncHead     = msg{ZH: "同步 %s ↔ %s", ZHTW: "同步 %s ↔ %s", EN: "Syncing %s with %s"}
	msgSyncStage    = msg{ZH: "推送", ZHTW: "推送", EN: "push"}
	msgSyncStagePul = msg{ZH: "拉取", ZHTW: "拉取", EN: "pull"}
	msgSyncDone     = msg{ZH: "推送 %d 次到场（删除 %d），拉取 %d 次到场（删除 %d），%d 次未变，%d 处冲突按较新的更新解决。", ZHTW: "推送 %d 次到場（刪除 %d），拉取 %d 次到場（刪除 %d），%d 次未變，%d 處衝突按較新的更新解決。", EN: "Pushed %d visits (%d deletions), pulled %d visits (%d deletions), %d unchanged, %d conflicts resolved by the newer update."}
	msgSyncPurged   = msg{ZH: "已从共享库删除技术员删除的 %d 次到场。", ZHTW: "已從共享庫刪除技術員刪除的 %d 次到場。", EN: "Removed %d visits technicians had deleted from the shared store."}
	msgSyncBranches = msg{ZH: "网点：%s", ZHTW: "網點：%s", EN: "Branches: %s"}
	msgSyncNoBranch = msg{ZH: "本机还没有到场记录：用 --branch 指定要拉取的网点。", ZHTW: "本機還沒有到場記錄：用 --branch 指定要拉取的網點。", EN: "This laptop holds no visits yet: name the branch to pull with --branch."}
	msgSyncLast     = msg{ZH: "上次同步：%s", ZHTW: "上次同步：%s", EN: "Last sync: %s"}
	msgSyncStopped  = msg{ZH: "同步中断：已提交的部分保留，再运行一次即可完成。", ZHTW: "同步中斷：已提交的部分保留，再執行一次即可完成。", EN: "Sync stopped: what was committed stays; run it again to finish."}
)

// syncSentences lists the sentences above, for the test that each has every language.
var syncSentences = map[string]msg{
	"head": msgSyncHead, "stage": msgSyncStage, "stagePull": msgSyncStagePul, "done": msgSyncDone,
	"purged": msgSyncPurged, "branches": msgSyncBranches, "noBranch": msgSyncNoBranch,
	"last": msgSyncLast, "stopped": msgSyncStopped,
}

func cmdSync(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("sync", syncUsage, stderr)
	to := fs.String("to", "", "the shared store's `URL` (postgres://USER@HOST:5432/DATABASE?sslmode=verify-full)")
	var branches multiFlag
	fs.Var(&branches, "branch", "also pull this branch's visits (repeatable)")
	asJSON := fs.Bool("json", false, "print what the sync did as JSON")
	db := fs.String("db", "", "this laptop's incident store `PATH` (default: incidents.db in the data folder)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return parseExit(err)
	}
	switch {
	case len(pos) > 0:
		fmt.Fprintf(stderr, "posdoctor sync: unexpected %q (give the shared store with --to URL)\n", pos[0])
		return ExitFailed
	case *to == "":
		fmt.Fprintln(stderr, "posdoctor sync: give the shared store with --to postgres://USER@HOST:5432/DATABASE")
		return ExitFailed
	case !reports.IsURL(*to):
		fmt.Fprintf(stderr, "posdoctor sync: --to %s is not a PostgreSQL URL (postgres://USER@HOST:5432/DATABASE?sslmode=verify-full)\n", reports.RedactURL(*to))
		return ExitFailed
	case reports.IsURL(*db):
		fmt.Fprintln(stderr, "posdoctor sync: --db is this laptop's store file; the shared store goes in --to")
		return ExitFailed
	}
	l := langOf(ctx)
	local, err := openIncidentStore(*db)
	if err != nil {
		fmt.Fprintln(stderr, "posdoctor sync:", err)
		return ExitFailed
	}
	defer local.Close()
	remote, err := reports.Open(*to)
	if err != nil {
		fmt.Fprintln(stderr, "posdoctor sync:", err)
		return ExitFailed
	}
	defer remote.Close()

	bar := &progressBar{w: stderr, on: isTerminal(stderr) && !*asJSON}
	if bar.on {
		fmt.Fprintln(stderr, say(l, msgSyncHead, local.Path(), remote.Path()))
	}
	res, err := local.Sync(ctx, remote, reports.SyncOptions{
		Branches: branches,
		Progress: func(stage string, done, total int) {
			name := say(l, msgSyncStage)
			if stage == "pull" {
				name = say(l, msgSyncStagePul)
			}
			bar.show(name, done, total)
		},
	})
	bar.end()
	if err != nil {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintln(stderr, "posdoctor sync:", say(l, msgSyncStopped))
		} else {
			fmt.Fprintln(stderr, "posdoctor sync:", err)
		}
		return ExitFailed
	}
	if *asJSON {
		if res.Branches == nil {
			res.Branches = []string{}
		}
		if err := writeJSON(stdout, res); err != nil {
			fmt.Fprintln(stderr, "posdoctor sync:", err)
			return ExitFailed
		}
		return ExitOK
	}
	if !res.Last.IsZero() {
		fmt.Fprintln(stdout, say(l, msgSyncLast, res.Last.Local().Format("2006-01-02 15:04")))
	}
	if len(res.Branches) == 0 {
		fmt.Fprintln(stdout, say(l, msgSyncNoBranch))
	} else {
		fmt.Fprintln(stdout, say(l, msgSyncBranches, strings.Join(res.Branches, ", ")))
	}
	fmt.Fprintln(stdout, say(l, msgSyncDone, res.Pushed, res.PushedDeleted, res.Pulled, res.PulledDeleted, res.Unchanged, res.Conflicts))
	if res.Purged > 0 {
		fmt.Fprintln(stdout, say(l, msgSyncPurged, res.Purged))
	}
	return ExitOK
}

// progressBar draws "push [#####     ] 120/400" as a line that grows: the output is cleaned
// of carriage returns, so a bar is drawn once per stage, a # for each 1/40 done.
type progressBar struct {
	w     io.Writer
	on    bool
	stage string
	drawn int
	total int
	start time.Time
}

const barWidth = 40

func (b *progressBar) show(stage string, done, total int) {
	if !b.on || total == 0 {
		return
	}
	if stage != b.stage {
		b.end()
		b.stage, b.drawn, b.total, b.start = stage, 0, total, time.Now()
		fmt.Fprintf(b.w, "%s %d [", stage, total)
	}
	want := done * barWidth / total
	if want > b.drawn {
		fmt.Fprint(b.w, strings.Repeat("#", want-b.drawn))
		b.drawn = want
	}
}

func (b *progressBar) end() {
	if !b.on || b.stage == "" {
		return
	}
	fmt.Fprintf(b.w, "%s] %.1f s\n", strings.Repeat(" ", barWidth-b.drawn), time.Since(b.start).Seconds())
	b.stage = ""
}
