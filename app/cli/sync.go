package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"posdoctor/locale"
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
"unchanged":N,"conflicts":N,"purged":N,"branches":[...],"started":T,"finished":T,"last_sync":T,"refused":[...]}.

Exit status: 0 synced, 2 bad arguments, a store that cannot be opened, or a sync that failed or
was interrupted (what was committed stays; run it again).
`

var (
	msgSyncHead     = msg{ZH: "同步 %s ↔ %s", ZHTW: "同步 %s ↔ %s", EN: "Syncing %s with %s"}
	msgSyncStage    = msg{ZH: "上传", ZHTW: "上傳", EN: "push"}
	msgSyncStagePul = msg{ZH: "下载", ZHTW: "下載", EN: "pull"}
	msgSyncDone     = msg{ZH: "上传到场记录 %d 条（删除 %d 条），下载 %d 条（删除 %d 条），%d 条无变化；两边都改过的 %d 条，以较新的修改为准。", ZHTW: "上傳到場記錄 %d 筆（刪除 %d 筆），下載 %d 筆（刪除 %d 筆），%d 筆無變化；兩邊都改過的 %d 筆，以較新的修改為準。", EN: "Pushed %d visits (%d deletions), pulled %d (%d deletions), %d unchanged; %d changed on both sides, the newer change kept."}
	msgSyncPurged   = msg{ZH: "技术员删除的到场记录已从共享库移除 %d 条。", ZHTW: "技術員刪除的到場記錄已從共享庫移除 %d 筆。", EN: "Removed %d visits technicians had deleted from the shared store."}
	msgSyncBranches = msg{ZH: "网点：%s", ZHTW: "分行：%s", EN: "Branches: %s"}
	msgSyncNoBranch = msg{ZH: "本机还没有到场记录，也没有指定网点，所以没有下载任何记录：用 --branch 指定要下载的网点。", ZHTW: "本機還沒有到場記錄，也沒有指定分行，所以沒有下載任何記錄：用 --branch 指定要下載的分行。", EN: "This laptop holds no visits and names no branch, so nothing was pulled: name the branch with --branch."}
	msgSyncRefused  = msg{ZH: "有 %d 条记录无法同步，已跳过（多为其他程序写入的不完整记录）：", ZHTW: "有 %d 筆記錄無法同步，已略過（多為其他程式寫入的不完整記錄）：", EN: "%d visits could not be synced and were left alone (mostly incomplete rows another program wrote):"}
	msgSyncLast     = msg{ZH: "上次同步：%s", ZHTW: "上次同步：%s", EN: "Last sync: %s"}
	msgSyncStopped  = msg{ZH: "同步已中断：已提交的部分保留，再运行一次即可完成。", ZHTW: "同步已中斷：已提交的部分保留，再執行一次即可完成。", EN: "sync stopped: what was committed stays; run it again to finish."}
	msgSyncUnreach  = msg{ZH: "无法连接共享数据库（请检查主机、端口、网络或防火墙）", ZHTW: "無法連線共享資料庫（請檢查主機、連接埠、網路或防火牆）", EN: "the shared database cannot be reached (check the host, the port, the network or a firewall)"}
	msgSyncLogin    = msg{ZH: "共享数据库拒绝登录（请检查用户名和密码：URL、PGPASSWORD 或 ~/.pgpass）", ZHTW: "共享資料庫拒絕登入（請檢查使用者名稱和密碼：URL、PGPASSWORD 或 ~/.pgpass）", EN: "the shared database refused the login (check the user and the password: the URL, PGPASSWORD or ~/.pgpass)"}
	msgSyncBadURL   = msg{ZH: "不是可用的 PostgreSQL 地址（postgres://用户@主机:5432/数据库）", ZHTW: "不是可用的 PostgreSQL 位址（postgres://使用者@主機:5432/資料庫）", EN: "not a usable PostgreSQL URL (postgres://USER@HOST:5432/DATABASE)"}
	msgSyncNewer    = msg{ZH: "共享数据库由更新版本的 posdoctor 写入：请先升级 posdoctor", ZHTW: "共享資料庫由更新版本的 posdoctor 寫入：請先升級 posdoctor", EN: "the shared database was written by a newer posdoctor: update posdoctor first"}
	msgSyncGrant    = msg{ZH: "共享数据库的用户缺少所需权限（见 docs/shared-store.md 中技术员与主管的授权）", ZHTW: "共享資料庫的使用者缺少所需權限（見 docs/shared-store.md 中技術員與主管的授權）", EN: "the shared database's user lacks a grant it needs (docs/shared-store.md lists the technicians' and the manager's)"}
)

// sharedErrorText says what went wrong with the shared store in l: a sentence for the
// failures a person meets (in their language), then the details as the store gave them
// (errText; a newer schema is the shared store's here).
func sharedErrorText(l locale.Lang, err error) string {
	if l != locale.EN && errors.Is(err, reports.ErrNewerSchema) {
		return say(l, msgSyncNewer) + "\n  " + say(l, msgDetails, err.Error())
	}
	return errText(l, err)
}

// syncSentences lists the sentences above, for the test that each has every language.
var syncSentences = map[string]msg{
	"head": msgSyncHead, "stage": msgSyncStage, "stagePull": msgSyncStagePul, "done": msgSyncDone,
	"purged": msgSyncPurged, "branches": msgSyncBranches, "noBranch": msgSyncNoBranch,
	"last": msgSyncLast, "stopped": msgSyncStopped, "refused": msgSyncRefused, "unreach": msgSyncUnreach, "login": msgSyncLogin,
	"badURL": msgSyncBadURL, "newer": msgSyncNewer, "grant": msgSyncGrant,
}

func cmdSync(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	l := langOf(ctx)
	fs := newFlagSet(ctx, "sync", syncUsage, stderr)
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
		return failText(stderr, l, "sync", msgSyncExtra, pos[0])
	case *to == "":
		return failText(stderr, l, "sync", msgSyncNeedsTo)
	case !reports.IsURL(*to):
		fmt.Fprintf(stderr, "posdoctor sync: --to %s: %s\n", reports.RedactDB(*to), say(l, msgSyncBadURL))
		return ExitFailed
	case reports.IsURL(*db):
		return failText(stderr, l, "sync", msgSyncDBIsFile)
	}
	// the shared store first: when it cannot be had, nothing is written here
	remote, err := reports.Open(*to)
	if err != nil {
		fmt.Fprintln(stderr, "posdoctor sync:", sharedErrorText(l, err))
		return ExitFailed
	}
	defer remote.Close()
	local, err := openIncidentStore(*db)
	if err != nil {
		return failErr(stderr, l, "sync", err)
	}
	defer local.Close()

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
			fmt.Fprintln(stderr, "posdoctor sync:", sharedErrorText(l, err))
		}
		return ExitFailed
	}
	if *asJSON {
		if res.Branches == nil {
			res.Branches = []string{}
		}
		if err := writeJSON(stdout, res); err != nil {
			return failErr(stderr, l, "sync", err)
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
	if len(res.Refused) > 0 {
		fmt.Fprintln(stdout, say(l, msgSyncRefused, len(res.Refused)))
		for _, r := range res.Refused {
			fmt.Fprintf(stdout, "  %s: %s\n", r.ID, r.Reason)
		}
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
