package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"posdoctor/diagnostics/codebook"
	"posdoctor/drill"
	"posdoctor/locale"
	"posdoctor/pan"
	"posdoctor/reports"
)

func init() {
	register("drill", command{cmdDrill, "drill list|validate|run|records|report|export|verify ...   the trainer's drills on the simulated terminal (posdoctor drill -h)"})
	for k, v := range drillSentences {
		cliSentences[k] = v
	}
}

const drillUsage = `usage:
  posdoctor drill list [--json] [--dir DIR]...
  posdoctor drill validate FILE|DIR...
  posdoctor drill run ID|FILE --trainee NAME [--trainer NAME] [--mode practice|assessed] [--seed N]
                      --script FILE.json [--json] [--db PATH] [--dir DIR]...
  posdoctor drill records [--trainee NAME] [--drill ID] [--month YYYY-MM] [--json] [--db PATH]
  posdoctor drill report [--month YYYY-MM] -o FILE.xlsx [--force] [--db PATH]
  posdoctor drill export --xapi FILE.json [--month YYYY-MM] [--force] [--db PATH]
  posdoctor drill verify [--json] [--db PATH]

Drills are scenario files (docs/drills.md): the built-in library, files in the data folder's
drills/ folder, and any --dir. run plays a script of steps ({at, do, value, steps}) against the
drill's simulated terminal, scores it and keeps the attempt in the store's training records;
records lists them, report writes the trainer's workbook, export --xapi the xAPI statements,
verify checks that no record was changed by hand.

Exit status: run 0 passed, 1 failed, 2 could not run; validate and verify 0 all good, 1
problems found, 2 could not run; the others 0 done, 2 could not run.
`

// The drill command's sentences.
var (
	msgDrillValid     = msg{ZH: "通过：%s（%s，标准答案得分 100）", ZHTW: "通過：%s（%s，標準答案得分 100）", EN: "ok: %s (%s, the solution scores 100)"}
	msgDrillInvalid   = msg{ZH: "有问题：%d 个文件（共 %d 个）", ZHTW: "有問題：%d 個檔案（共 %d 個）", EN: "problems in %d of %d files"}
	msgDrillNoFiles   = msg{ZH: "没有找到培训文件（*.yaml）", ZHTW: "沒有找到培訓檔案（*.yaml）", EN: "no drill files (*.yaml) found"}
	msgDrillAllValid  = msg{ZH: "%d 个培训文件全部有效", ZHTW: "%d 個培訓檔案全部有效", EN: "all %d drill files are valid"}
	msgDrillProving   = msg{ZH: "正在验证标准答案：%s …", ZHTW: "正在驗證標準答案：%s …", EN: "playing the solution of %s …"}
	msgDrillHeader    = msg{ZH: "培训：%s（%s）— 学员 %s，%s模式", ZHTW: "培訓：%s（%s）— 學員 %s，%s模式", EN: "Drill: %s (%s) — trainee %s, %s mode"}
	msgDrillScore     = msg{ZH: "得分 %d / 100（及格 %d）：%s", ZHTW: "得分 %d / 100（及格 %d）：%s", EN: "Score %d of 100 (pass mark %d): %s"}
	msgDrillPassed    = msg{ZH: "通过", ZHTW: "通過", EN: "passed"}
	msgDrillFailed    = msg{ZH: "不通过", ZHTW: "不通過", EN: "failed"}
	msgDrillBreakdown = msg{ZH: "诊断 %d，处理 %d，效率 %d，有害操作 %d，提示 %d；用时 %s", ZHTW: "診斷 %d，處理 %d，效率 %d，有害操作 %d，提示 %d；用時 %s", EN: "diagnosis %d, actions %d, efficiency %d, harmful %d, hints %d; took %s"}
	msgDrillCritical  = msg{ZH: "严重错误（直接不通过）：", ZHTW: "嚴重錯誤（直接不通過）：", EN: "Critical (fails the drill):"}
	msgDrillHarmful   = msg{ZH: "扣分：", ZHTW: "扣分：", EN: "Cost points:"}
	msgDrillGood      = msg{ZH: "做对的：", ZHTW: "做對的：", EN: "Right:"}
	msgDrillMissing   = msg{ZH: "欠缺的：", ZHTW: "欠缺的：", EN: "Missing:"}
	msgDrillPath      = msg{ZH: "正确做法：%s", ZHTW: "正確做法：%s", EN: "The correct path: %s"}
	msgDrillCodes     = msg{ZH: "查阅代码：%s（posdoctor lookup %s）", ZHTW: "查閱代碼：%s（posdoctor lookup %s）", EN: "Read in the code book: %s (posdoctor lookup %s)"}
	msgDrillRecorded  = msg{ZH: "已记入培训记录：%s", ZHTW: "已記入培訓記錄：%s", EN: "recorded as attempt %s"}
	msgDrillKept      = msg{ZH: "培训记录暂时无法保存，已暂存在 %s（下次运行时自动补存）", ZHTW: "培訓記錄暫時無法儲存，已暫存在 %s（下次執行時自動補存）", EN: "the attempt could not be stored; it is kept in %s and stored at the next run"}
	msgDrillNoRecords = msg{ZH: "没有培训记录", ZHTW: "沒有培訓記錄", EN: "no training records"}
	msgDrillChainOK   = msg{ZH: "培训记录完整：%d 条，未发现改动", ZHTW: "培訓記錄完整：%d 筆，未發現改動", EN: "training records intact: %d checked, no changes found"}
	msgDrillChainBad  = msg{ZH: "培训记录被改动：%d 条中有 %d 处断裂", ZHTW: "培訓記錄被改動：%d 筆中有 %d 處斷裂", EN: "training records changed: %d breaks in %d records"}
	msgDrillHead      = msg{ZH: "最新一条：#%d %s（记下它，日后可以确认记录没有被整体改写）", ZHTW: "最新一筆：#%d %s（記下它，日後可以確認記錄沒有被整體改寫）", EN: "newest: #%d %s (note it down to show later that the records were not rewritten as a whole)"}
	msgDrillWrote     = msg{ZH: "已写入 %s：%d 次培训", ZHTW: "已寫入 %s：%d 次培訓", EN: "wrote %s: %d attempts"}
	msgDrillModeP     = msg{ZH: "练习", ZHTW: "練習", EN: "practice"}
	msgDrillModeA     = msg{ZH: "考核", ZHTW: "考核", EN: "assessed"}
	msgStepCheckAll   = msg{ZH: "检查：全部步骤", ZHTW: "檢查：全部步驟", EN: "check: every step"}
	msgStepCheck      = msg{ZH: "检查：%s", ZHTW: "檢查：%s", EN: "check: %s"}
	msgStepDiagnose   = msg{ZH: "诊断：%s", ZHTW: "診斷：%s", EN: "diagnosis: %s"}
	msgStepAction     = msg{ZH: "操作：%s", ZHTW: "操作：%s", EN: "action: %s"}
	msgStepHint       = msg{ZH: "提示", ZHTW: "提示", EN: "hint"}
	msgAudCounter     = msg{ZH: "收银员", ZHTW: "收銀員", EN: "counter"}
	msgAudTechnician  = msg{ZH: "维护人员", ZHTW: "維護人員", EN: "technician"}
	msgDrillCount     = msg{ZH: "%d 个培训", ZHTW: "%d 個培訓", EN: "%d drills"}

	// the library and the script, on stderr
	msgDrillNoBuiltin      = msg{ZH: "内置演练库无法加载", ZHTW: "內建演練庫無法載入", EN: "the built-in drills could not be loaded"}
	msgDrillBuiltinLeftOut = msg{ZH: "内置演练中有的无法加载，已略过", ZHTW: "內建演練中有的無法載入，已略過", EN: "left out of the built-in drills"}
	msgDrillLeftOutInvalid = msg{ZH: "已略过，场景无效（posdoctor drill validate %s 可查看）：", ZHTW: "已略過，情境無效（posdoctor drill validate %s 可查看）：", EN: "left out, not valid (posdoctor drill validate %s):"}
	msgDrillLeftOut        = msg{ZH: "已略过：", ZHTW: "已略過：", EN: "left out:"}
	msgDrillNoBook         = msg{ZH: "无法加载故障码手册", ZHTW: "無法載入故障碼手冊", EN: "the code book could not be loaded"}
	msgDrillBadMode        = msg{ZH: "--mode %q：可用 practice（练习）或 assessed（考核）", ZHTW: "--mode %q：可用 practice（練習）或 assessed（考核）", EN: "unknown mode %q"}
	msgDrillNotValid       = msg{ZH: "演练 %s 本身无效（posdoctor drill validate 可查看）", ZHTW: "演練 %s 本身無效（posdoctor drill validate 可查看）", EN: "the drill %s is not valid"}
	msgDrillBadScript      = msg{ZH: "%s 不是有效的演练脚本：脚本是 JSON 步骤数组 [{at, do, value, steps}]（见 docs/drills.md）", ZHTW: "%s 不是有效的演練腳本：腳本是 JSON 步驟陣列 [{at, do, value, steps}]（見 docs/drills.md）", EN: "%s is not a drill script"}
)

var drillSentences = map[string]msg{
	"drillValid": msgDrillValid, "drillNoFiles": msgDrillNoFiles, "drillInvalid": msgDrillInvalid, "drillAllValid": msgDrillAllValid,
	"drillProving": msgDrillProving, "drillHeader": msgDrillHeader, "drillScore": msgDrillScore,
	"drillPassed": msgDrillPassed, "drillFailed": msgDrillFailed, "drillBreakdown": msgDrillBreakdown,
	"drillCritical": msgDrillCritical, "drillHarmful": msgDrillHarmful, "drillGood": msgDrillGood,
	"drillMissing": msgDrillMissing, "drillPath": msgDrillPath, "drillCodes": msgDrillCodes,
	"drillRecorded": msgDrillRecorded, "drillKept": msgDrillKept, "drillNoRecords": msgDrillNoRecords,
	"drillChainOK": msgDrillChainOK, "drillChainBad": msgDrillChainBad, "drillWrote": msgDrillWrote,
	"stepCheckAll": msgStepCheckAll, "stepCheck": msgStepCheck, "stepDiagnose": msgStepDiagnose,
	"stepAction": msgStepAction, "stepHint": msgStepHint, "audCounter": msgAudCounter, "audTechnician": msgAudTechnician,
	"drillHead": msgDrillHead, "drillModeP": msgDrillModeP, "drillModeA": msgDrillModeA, "drillCount": msgDrillCount,
	"drillNoBuiltin": msgDrillNoBuiltin, "drillBuiltinLeftOut": msgDrillBuiltinLeftOut, "drillLeftOutInvalid": msgDrillLeftOutInvalid,
	"drillLeftOut": msgDrillLeftOut, "drillNoBook": msgDrillNoBook, "drillBadMode": msgDrillBadMode,
	"drillNotValid": msgDrillNotValid, "drillBadScript": msgDrillBadScript,
}

var drillCommands = map[string]func(ctx context.Context, args []string, stdout, stderr io.Writer) int{
	"list": cmdDrillList, "validate": cmdDrillValidate, "run": cmdDrillRun, "records": cmdDrillRecords,
	"report": cmdDrillReport, "export": cmdDrillExport, "verify": cmdDrillVerify,
}

func cmdDrill(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	l := langOf(ctx)
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usageIn(l, "drill", drillUsage))
		if len(args) == 0 {
			return ExitFailed
		}
		return ExitOK
	}
	sub, ok := drillCommands[args[0]]
	if !ok {
		return refuseDrill(stderr, l, "drill", msgDrillUnknownSub, args[0])
	}
	return sub(ctx, args[1:], stdout, stderr)
}

// refuseDrill prints a refusal of a drill subcommand's arguments, then drill's usage, in l,
// and returns ExitFailed.
func refuseDrill(w io.Writer, l locale.Lang, cmd string, m msg, args ...any) int {
	fmt.Fprintf(w, "posdoctor %s: %s\n\n%s", cmd, say(l, m, args...), usageIn(l, "drill", drillUsage))
	return ExitFailed
}

// dirFlags collects --dir.
type dirFlags = multiFlag

// loadDrills is the library: built-in drills, the data folder's drills/, then each dir; a
// later drill with the same id replaces an earlier one (a trainer's own version wins).
// Files that do not load are reported on stderr and left out.
func loadDrills(l locale.Lang, dirs []string, stderr io.Writer) ([]*drill.Scenario, error) {
	list, err := drill.Builtin()
	if err != nil {
		if len(list) == 0 {
			return nil, explained(fmt.Errorf("the built-in drills: %w", err), msgDrillNoBuiltin)
		}
		fmt.Fprintln(stderr, "posdoctor drill:", errText(l, explained(fmt.Errorf("left out of the built-in drills: %w", err), msgDrillBuiltinLeftOut)))
	}
	if data, err := reports.DataDir(); err == nil {
		if fi, err := os.Stat(filepath.Join(data, "drills")); err == nil && fi.IsDir() {
			dirs = append([]string{filepath.Join(data, "drills")}, dirs...)
		}
	}
	book, err := codebook.Default()
	if err != nil {
		return nil, explained(fmt.Errorf("the code book: %w", err), msgDrillNoBook)
	}
	for _, d := range dirs {
		more, err := drill.LoadPath(d)
		more = slices.DeleteFunc(more, func(sc *drill.Scenario) bool {
			if errs := drill.Validate(sc, book); len(errs) > 0 {
				fmt.Fprintf(stderr, "posdoctor drill: %s\n%s\n", say(l, msgDrillLeftOutInvalid, sc.Source), drillErrText(l, errs))
				return true
			}
			return false
		})
		if err != nil {
			if len(more) == 0 {
				if _, serr := os.Stat(d); serr != nil {
					return nil, err
				}
			}
			fmt.Fprintln(stderr, "posdoctor drill:", msgDrillLeftOut.In(l), errText(l, err))
		}
		for _, sc := range more {
			if i := indexOf(list, sc.ID); i >= 0 {
				list[i] = sc
			} else {
				list = append(list, sc)
			}
		}
	}
	return list, nil
}

func indexOf(list []*drill.Scenario, id string) int {
	for i, s := range list {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// drillJSON is a drill as drill list --json prints it (docs/drills.md).
type drillJSON struct {
	ID         string           `json:"id"`
	Version    int              `json:"version"`
	Title      drill.Text       `json:"title"`
	Level      int              `json:"level"`
	Audience   []drill.Audience `json:"audience"`
	Faults     []string         `json:"faults"`
	ParSeconds int              `json:"par_seconds"`
	PassScore  int              `json:"pass_score"`
	Source     string           `json:"source"`
	SHA256     string           `json:"sha256"`
}

func cmdDrillList(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(ctx, "drill list", drillUsage, stderr)
	asJSON := fs.Bool("json", false, "print the drills as JSON")
	var dirs dirFlags
	fs.Var(&dirs, "dir", "also load the scenario files of `DIR` (repeatable)")
	if err := fs.Parse(args); err != nil {
		return parseExit(err)
	}
	list, err := loadDrills(langOf(ctx), dirs, stderr)
	if err != nil {
		failErr(stderr, langOf(ctx), "drill list", err)
		return ExitFailed
	}
	if *asJSON {
		out := make([]drillJSON, len(list))
		for i, s := range list {
			t := s.Title
			t.ZHTW = s.Title.Locale().ZHTW
			out[i] = drillJSON{s.ID, s.Version, t, s.Level, s.Audience, s.Faults, s.ParSeconds, s.PassScore, s.Source, s.SHA256}
		}
		if err := writeJSON(stdout, out); err != nil {
			failErr(stderr, langOf(ctx), "drill list", err)
			return ExitFailed
		}
		return ExitOK
	}
	l := langOf(ctx)
	var rows [][]string
	for _, s := range list {
		aud := make([]string, len(s.Audience))
		for i, a := range s.Audience {
			aud[i] = msgAudTechnician.In(l)
			if a == drill.AudienceCounter {
				aud[i] = msgAudCounter.In(l)
			}
		}
		rows = append(rows, []string{s.ID, fmt.Sprintf("L%d", s.Level), strings.Join(aud, listSep(l)), cleanText(s.Title.In(l)), strings.Join(s.Faults, ", ")})
	}
	writeColumns(stdout, rows)
	fmt.Fprintln(stdout, say(l, msgDrillCount, len(list)))
	return ExitOK
}

func cmdDrillValidate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(ctx, "drill validate", drillUsage, stderr)
	if err := fs.Parse(args); err != nil {
		return parseExit(err)
	}
	if fs.NArg() == 0 {
		return refuseDrill(stderr, langOf(ctx), "drill validate", msgDrillValidateWhat)
	}
	book, err := codebook.Default()
	if err != nil {
		failErr(stderr, langOf(ctx), "drill validate", explained(fmt.Errorf("the code book: %w", err), msgDrillNoBook))
		return ExitFailed
	}
	l := langOf(ctx)
	files, bad := 0, 0
	for _, p := range fs.Args() {
		list, err := drill.LoadPath(p)
		if err != nil {
			fmt.Fprintln(stdout, drillErrText(l, err))
			bad += countErrFiles(err) // one line a file that did not load (or the path itself)
			files += countErrFiles(err)
		}
		for _, sc := range list {
			files++
			if errs := drill.Validate(sc, book); len(errs) > 0 {
				fmt.Fprintln(stdout, drillErrText(l, errs))
				bad++
				continue
			}
			fmt.Fprintln(stderr, pan.MaskText(say(l, msgDrillProving, sc.ID)))
			if err := drill.Prove(ctx, sc); err != nil {
				if ctx.Err() != nil {
					failText(stderr, langOf(ctx), "drill validate", msgErrCanceled)
					return ExitFailed
				}
				fmt.Fprintln(stdout, drillErrText(l, err))
				bad++
				continue
			}
			fmt.Fprintln(stdout, pan.MaskText(say(l, msgDrillValid, sc.Source, sc.ID)))
		}
	}
	if bad > 0 {
		fmt.Fprintln(stdout, say(l, msgDrillInvalid, bad, files))
		return ExitProblem
	}
	if files == 0 {
		fmt.Fprintln(stdout, msgDrillNoFiles.In(l))
		return ExitProblem
	}
	fmt.Fprintln(stdout, say(l, msgDrillAllValid, files))
	return ExitOK
}

// countErrFiles is how many files an error of LoadPath speaks of: one for each error a folder
// joins (a file that did not load, or the folder itself), else one.
func countErrFiles(err error) int {
	if err == nil {
		return 0
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		if _, problems := err.(drill.Errors); !problems { // one file's problems
			return len(j.Unwrap())
		}
	}
	return 1
}

// drillErrText is an error of drill files for a reader of l: each problem on a line of its own,
// with its file, line and field, said in l (drill.ErrorIn); a file that cannot be read is
// named, then why. Card numbers are masked: ids, titles and fault values are a trainer's text.
func drillErrText(l locale.Lang, err error) string {
	return pan.MaskText(drill.ErrorIn(l, err, func(err error) string {
		if l == locale.EN {
			return err.Error()
		}
		var pe *fs.PathError
		if errors.As(err, &pe) {
			if s, _ := errParts(l, pe.Err); s != msgFailed.In(l) {
				return pe.Path + ": " + s
			}
		}
		return errText(l, err)
	}))
}

// attemptJSON is an attempt as drill run --json and drill records --json print it.
type attemptJSON struct {
	Attempt   string                    `json:"attempt"`
	Drill     string                    `json:"drill"`
	Version   int                       `json:"version"`
	Trainee   string                    `json:"trainee"`
	Mode      string                    `json:"mode"`
	Score     int                       `json:"score"`
	Passed    bool                      `json:"passed"`
	Critical  []string                  `json:"critical"`
	Breakdown reports.TrainingBreakdown `json:"breakdown"`
	DurationS float64                   `json:"duration_s"`
	Started   *time.Time                `json:"started,omitempty"`
}

func attemptOf(r reports.TrainingRecord, withStart bool) attemptJSON {
	a := attemptJSON{r.Attempt, r.Drill, r.Version, r.Trainee, r.Mode, r.Score, r.Passed, r.Critical, r.Breakdown, r.DurationS, nil}
	if a.Critical == nil {
		a.Critical = []string{}
	}
	if withStart {
		t := r.Started
		a.Started = &t
	}
	return a
}

func cmdDrillRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(ctx, "drill run", drillUsage, stderr)
	trainee := fs.String("trainee", "", "who takes the drill (required)")
	trainer := fs.String("trainer", "", "who runs it")
	mode := fs.String("mode", "practice", "practice (feedback as you go) or assessed (feedback at the end, a fresh terminal each attempt)")
	seed := fs.Int64("seed", 0, "the simulated terminal's seed (default: the drill's own in practice, a fresh one when assessed)")
	script := fs.String("script", "", "the steps to play: a JSON `FILE` (docs/drills.md); - reads standard input")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	db := fs.String("db", "", dbFlagHelp)
	var dirs dirFlags
	fs.Var(&dirs, "dir", "also load the scenario files of `DIR` (repeatable)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return parseExit(err)
	}
	failM := func(m msg, a ...any) int {
		failText(stderr, langOf(ctx), "drill run", m, a...)
		return ExitFailed
	}
	failE := func(err error) int { // the drill's id, title or faults may hold a card number
		fmt.Fprintf(stderr, "posdoctor drill run: %s\n", pan.MaskText(errText(langOf(ctx), err)))
		return ExitFailed
	}
	if len(pos) != 1 {
		return failM(msgDrillNameOne)
	}
	for _, a := range []struct {
		name string
		v    *string
	}{{"--trainee", trainee}, {"--trainer", trainer}} {
		if *a.v, err = argText(langOf(ctx), a.name, *a.v, stderr); err != nil {
			return failE(err)
		}
		*a.v = reports.CleanName(*a.v) // as the records keep it: masked, no escape codes
	}
	if *trainee == "" {
		return failM(msgDrillNeedsTrainee)
	}
	m, err := drill.ParseMode(*mode)
	if err != nil {
		return failE(localized(fmt.Errorf("--mode: %v", err), msgDrillBadMode, *mode))
	}
	if *script == "" {
		return failM(msgDrillNeedsScript)
	}
	sc, err := findDrill(langOf(ctx), pos[0], dirs, stderr)
	if err != nil {
		return failE(err)
	}
	book, err := codebook.Default()
	if err != nil {
		return failE(explained(fmt.Errorf("the code book: %w", err), msgDrillNoBook))
	}
	if errs := drill.Validate(sc, book); len(errs) > 0 {
		return failE(explained(fmt.Errorf("the drill is not valid:\n%w", errs), msgDrillNotValid, sc.Source))
	}
	steps, err := readScript(*script, book)
	if err != nil {
		fmt.Fprintln(stderr, "posdoctor drill run:", pan.MaskText(scriptErrText(langOf(ctx), *script, err)))
		return ExitFailed
	}
	store, err := openIncidentStore(*db)
	if err != nil {
		return failE(err)
	}
	defer store.Close()
	if n, err := store.AddRecoveredTraining(ctx); n > 0 || err != nil {
		if err != nil {
			warnErr(stderr, langOf(ctx), err)
		}
	}
	l := langOf(ctx)
	text := maskedLines{stdout} // the drill's id, title and texts are a trainer's: mask card numbers
	if !*asJSON {
		fmt.Fprintln(text, say(l, msgDrillHeader, sc.Title.In(l), sc.ID, cleanText(*trainee), modeLabel(m).In(l)))
		fmt.Fprintln(text, sc.Briefing.In(l))
	}
	onStep := func(st drill.Step, fb drill.Feedback) {
		if *asJSON {
			return
		}
		line := fmt.Sprintf("%8s  %s", clock(st.At), stepLabel(l, st))
		if t := fb.Text.In(l); t != "" {
			line += "  — " + t
		}
		fmt.Fprintln(text, strings.TrimRight(line, " "))
	}
	res, err := drill.Play(ctx, sc, drill.Options{Trainee: *trainee, Trainer: *trainer, Mode: m, Seed: *seed}, steps, onStep)
	if err != nil {
		return failE(err)
	}
	rec := res.Record()
	kept, serr := store.AddTrainingOrKeep(ctx, rec)
	if *asJSON {
		if err := writeJSON(stdout, attemptOf(rec, false)); err != nil {
			return failE(err)
		}
	} else {
		printDebrief(text, l, res)
		if serr == nil {
			fmt.Fprintln(text, say(l, msgDrillRecorded, rec.Attempt))
		}
	}
	if serr != nil {
		if kept == "" {
			return failE(errorOf(msgDrillNotRecorded, serr))
		}
		fmt.Fprintln(stderr, say(l, msgDrillKept, kept))
	}
	if !rec.Passed {
		return ExitProblem
	}
	return ExitOK
}

// modeLabel names a mode ("practice", "assessed") in the output's language.
func modeLabel[M ~string](m M) msg {
	if string(m) == string(drill.ModeAssessed) {
		return msgDrillModeA
	}
	return msgDrillModeP
}

// findDrill is the drill ref names: a scenario file when it is one, else an id of the library.
func findDrill(l locale.Lang, ref string, dirs []string, stderr io.Writer) (*drill.Scenario, error) {
	if fi, err := os.Stat(ref); err == nil && !fi.IsDir() {
		return drill.LoadFile(ref)
	}
	list, err := loadDrills(l, dirs, stderr)
	if err != nil {
		return nil, err
	}
	if sc, ok := drill.Find(list, ref); ok {
		return sc, nil
	}
	return nil, errorOf(msgNoDrill, ref)
}

// readScript reads the steps of --script: a file, or standard input for -.
func readScript(name string, book *codebook.Book) ([]drill.Step, error) {
	if name == "-" {
		return drill.ParseScript("standard input", os.Stdin, book)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return drill.ParseScript(name, f, book)
}

// scriptErrText is why --script name cannot be played, for a reader of l: a file that cannot
// be read named, then why (as validate names a scenario file); one that is no script said so
// once, in a sentence that names it, and what is wrong in the details; one whose steps are
// wrong, the sentence, then each step's problem.
func scriptErrText(l locale.Lang, name string, err error) string {
	var problems drill.Errors
	switch {
	case l == locale.EN:
		return err.Error()
	case errors.Is(err, drill.ErrNotScript):
		why := drill.ErrorIn(l, errors.Unwrap(err), error.Error) // a step's problem, or the JSON library's words
		return say(l, msgDrillBadScript, name) + "\n  " + say(l, msgDetails, why)
	case errors.As(err, &problems):
		return errText(l, explained(err, msgDrillBadScript, name))
	}
	return drillErrText(l, err)
}

func printDebrief(w io.Writer, l locale.Lang, res *drill.Result) {
	d := res.Debrief(l)
	verdict := msgDrillFailed
	if d.Passed {
		verdict = msgDrillPassed
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, say(l, msgDrillScore, d.Score, d.PassScore, verdict.In(l)))
	b := d.Breakdown
	fmt.Fprintln(w, say(l, msgDrillBreakdown, b.Diagnosis, b.Actions, b.Efficiency, b.Harmful, b.Hints, formatSeconds(res.Seconds)))
	for _, sec := range []struct {
		head  msg
		lines []string
	}{{msgDrillCritical, d.Critical}, {msgDrillHarmful, d.Harmful}, {msgDrillGood, d.Good}, {msgDrillMissing, d.Missing}} {
		if len(sec.lines) == 0 {
			continue
		}
		fmt.Fprintln(w, sec.head.In(l))
		for _, line := range sec.lines {
			fmt.Fprintln(w, "  • "+line)
		}
	}
	sep := "、"
	if l == locale.EN {
		sep = ", "
	}
	fmt.Fprintln(w, say(l, msgDrillPath, strings.Join(d.Path, " » ")))
	fmt.Fprintln(w, say(l, msgDrillCodes, strings.Join(d.Codes, sep), d.Codes[0]))
	if d.Text != "" {
		fmt.Fprintln(w, d.Text)
	}
}

// maskedLines writes what it is given with card numbers masked. Each write must end where a
// number cannot go on (a line: one Fprintln), so that none is split between two writes.
type maskedLines struct{ w io.Writer }

func (m maskedLines) Write(p []byte) (int, error) {
	if _, err := io.WriteString(m.w, pan.MaskText(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

func formatSeconds(s float64) string { return clock(s) }

// clock is a time on the drill's clock as a clock reads it: 1:40, 1:02:05.
func clock(seconds float64) string {
	d := time.Duration(seconds * float64(time.Second)).Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%d:%02d", m, s)
}

// stepLabel says what a script step did, in l: the action by its title, the steps checked by
// their names.
func stepLabel(l locale.Lang, st drill.Step) string {
	switch st.Do {
	case drill.DoCheck:
		if len(st.Steps) == 0 {
			return msgStepCheckAll.In(l)
		}
		names := make([]string, len(st.Steps))
		for i, id := range st.Steps {
			names[i] = id.Title().In(l)
		}
		return say(l, msgStepCheck, strings.Join(names, listSep(l)))
	case drill.DoDiagnose:
		return say(l, msgStepDiagnose, st.Value)
	case drill.DoAction:
		if a, ok := drill.LookupAction(drill.ActionID(st.Value)); ok {
			return say(l, msgStepAction, a.Title.In(l))
		}
	case drill.DoHint:
		return msgStepHint.In(l)
	}
	return string(st.Do) + " " + st.Value
}

func listSep(l locale.Lang) string {
	if l == locale.EN {
		return ", "
	}
	return "、"
}
