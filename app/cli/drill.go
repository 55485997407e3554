package cli

import (
	"context"
	"fmt"
	"io"

	"posdoctor/locale"
)

func init() {
	register("drill", command{cmdDrill, "drill list|validate|run|records|report|export|verify ...   the trainer's drills on the simulated terminal (posdoctor drill -h)"})
	addSentences(drillSentences)
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
	msgDrillNoFiles   = msg{ZH: "没有找到演练文件（*.yaml）", ZHTW: "沒有找到演練檔案（*.yaml）", EN: "no drill files (*.yaml) found"}
	msgDrillAllValid  = msg{ZH: "%d 个演练文件全部有效", ZHTW: "%d 個演練檔案全部有效", EN: "all %d drill files are valid"}
	msgDrillProving   = msg{ZH: "正在验证标准答案：%s …", ZHTW: "正在驗證標準答案：%s …", EN: "playing the solution of %s …"}
	msgDrillHeader    = msg{ZH: "演练：%s（%s）— 学员 %s，%s模式", ZHTW: "演練：%s（%s）— 學員 %s，%s模式", EN: "Drill: %s (%s) — trainee %s, %s mode"}
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
	msgDrillWrote     = msg{ZH: "已写入 %s：%d 次演练", ZHTW: "已寫入 %s：%d 次演練", EN: "wrote %s: %d attempts"}
	msgDrillModeP     = msg{ZH: "练习", ZHTW: "練習", EN: "practice"}
	msgDrillModeA     = msg{ZH: "考核", ZHTW: "考核", EN: "assessed"}
	msgStepCheckAll   = msg{ZH: "检查：全部步骤", ZHTW: "檢查：全部步驟", EN: "check: every step"}
	msgStepCheck      = msg{ZH: "检查：%s", ZHTW: "檢查：%s", EN: "check: %s"}
	msgStepDiagnose   = msg{ZH: "诊断：%s", ZHTW: "診斷：%s", EN: "diagnosis: %s"}
	msgStepAction     = msg{ZH: "操作：%s", ZHTW: "操作：%s", EN: "action: %s"}
	msgStepHint       = msg{ZH: "提示", ZHTW: "提示", EN: "hint"}
	msgAudCounter     = msg{ZH: "收银员", ZHTW: "收銀員", EN: "counter"}
	msgAudTechnician  = msg{ZH: "维护人员", ZHTW: "維護人員", EN: "technician"}
	msgDrillCount     = msg{ZH: "%d 个演练", ZHTW: "%d 個演練", EN: "%d drills"}

	// the library and the script, on stderr
	msgDrillNoBuiltin      = msg{ZH: "内置演练库无法加载", ZHTW: "內建演練庫無法載入", EN: "the built-in drills could not be loaded"}
	msgDrillBuiltinLeftOut = msg{ZH: "内置演练中有的无法加载，已略过", ZHTW: "內建演練中有的無法載入，已略過", EN: "left out of the built-in drills"}
	msgDrillLeftOutInvalid = msg{ZH: "已略过，场景无效（posdoctor drill validate %s 可查看）：", ZHTW: "已略過，情境無效（posdoctor drill validate %s 可查看）：", EN: "left out, not valid (posdoctor drill validate %s):"}
	msgDrillLeftOut        = msg{ZH: "已略过：", ZHTW: "已略過：", EN: "left out:"}
	msgDrillNoBook         = msg{ZH: "无法加载故障码手册", ZHTW: "無法載入故障碼手冊", EN: "the code book could not be loaded"}
	msgDrillBadMode        = msg{ZH: "--mode %q：可用 practice（练习）或 assessed（考核）", ZHTW: "--mode %q：可用 practice（練習）或 assessed（考核）", EN: "unknown mode %q"}
	msgDrillNotValid       = msg{ZH: "演练 %s 本身无效（posdoctor drill validate 可查看）", ZHTW: "演練 %s 本身無效（posdoctor drill validate 可查看）", EN: "the drill %s is not valid"}
	msgDrillBadScript      = msg{ZH: "%s不是演练脚本：脚本应是 JSON 步骤数组 [{at, do, value, steps}]（见 docs/drills.md）", ZHTW: "%s不是演練腳本：腳本應是 JSON 步驟陣列 [{at, do, value, steps}]（見 docs/drills.md）", EN: "%s is not a drill script: a script is a JSON array of steps [{at, do, value, steps}] (docs/drills.md)"}
	msgScriptNotJSON       = msg{ZH: "%s不是 JSON：演练脚本是 JSON 步骤数组 [{at, do, value, steps}]（见 docs/drills.md）", ZHTW: "%s不是 JSON：演練腳本是 JSON 步驟陣列 [{at, do, value, steps}]（見 docs/drills.md）", EN: "%s is not JSON: a drill script is a JSON array of steps [{at, do, value, steps}] (docs/drills.md)"}
	msgScriptBadSteps      = msg{ZH: "%s里的步骤有问题：", ZHTW: "%s裡的步驟有問題：", EN: "problems in the steps of %s:"}
	msgScriptStep          = msg{ZH: "第 %d 步 %s：", ZHTW: "第 %d 步 %s：", EN: "step %d, %s: "}
	msgStdin               = msg{ZH: "标准输入", ZHTW: "標準輸入", EN: "standard input"}
	msgDrillNoStore        = msg{ZH: "还没有培训记录：%s 不存在。每做完一次演练（posdoctor drill run，或应用的“培训”页）就会在那里记下一次；记录在别的文件里时，用 --db 指定那个文件", ZHTW: "還沒有培訓記錄：%s 不存在。每做完一次演練（posdoctor drill run，或應用程式的「培訓」頁）就會在那裡記下一次；記錄在別的檔案裡時，用 --db 指定那個檔案", EN: "no training records yet: %s does not exist. Each drill played (posdoctor drill run, or the app's Drills tab) records an attempt there; if the records are in another file, pass it with --db"}
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
	"scriptNotJSON": msgScriptNotJSON, "scriptBadSteps": msgScriptBadSteps, "scriptStep": msgScriptStep, "stdin": msgStdin,
	"drillNoStore": msgDrillNoStore,
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
