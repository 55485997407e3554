package cli

// The commands' refusals and failures (stderr), in every language. The English is what the
// command line printed before it spoke Chinese: tests and scripts read it.

var (
	msgMonthFormat      = msg{ZH: "--month %q：月份请写成 YYYY-MM，例如 %s", ZHTW: "--month %q：月份請寫成 YYYY-MM，例如 %s", EN: "--month %q: give the month as YYYY-MM, e.g. %s"}
	msgExistsForce      = msg{ZH: "%s 已存在 — 加 --force 覆盖，或用 -o 换一个文件名", ZHTW: "%s 已存在 — 加 --force 覆蓋，或用 -o 換一個檔名", EN: "%s exists — add --force to replace it, or choose another name with -o"}
	msgExistsForceOnly  = msg{ZH: "%s 已存在 — 加 --force 覆盖", ZHTW: "%s 已存在 — 加 --force 覆蓋", EN: "%s exists — add --force to replace it"}
	msgNotXlsx          = msg{ZH: "%s：报告是 Excel 工作簿，请用 .xlsx 结尾的文件名", ZHTW: "%s：報告是 Excel 活頁簿，請用 .xlsx 結尾的檔名", EN: "%s: the report is an Excel workbook; give a name ending in .xlsx"}
	msgNotJSONName      = msg{ZH: "%s：导出的记录是 JSON，请用 .json 结尾的文件名", ZHTW: "%s：匯出的記錄是 JSON，請用 .json 結尾的檔名", EN: "%s: the statements are JSON; give a name ending in .json"}
	msgSayWhichTerminal = msg{ZH: "请指明哪台终端：--port PATH（端口），或 --sim（内置模拟终端）", ZHTW: "請指明哪台終端機：--port PATH（連接埠），或 --sim（內建模擬終端機）", EN: "say which terminal: --port PATH, or --sim for the built-in simulated terminal"}
	msgBadBaud          = msg{ZH: "不支持波特率 %d：可用 9600、19200、38400、57600、115200", ZHTW: "不支援鮑率 %d：可用 9600、19200、38400、57600、115200", EN: "baud %d is not offered"}
	msgBadFormat        = msg{ZH: "不认识的字符格式 %q：可用 8N1 或 7E1", ZHTW: "不認識的字元格式 %q：可用 8N1 或 7E1", EN: "unknown data format %q"}
	msgBadSpeed         = msg{ZH: "--speed %v：请给一个大于 0 的数（1 是真实速度）", ZHTW: "--speed %v：請給一個大於 0 的數（1 是真實速度）", EN: "--speed %v: give a number above 0 (1 is real timing)"}
	msgBadStep          = msg{ZH: "没有 %q 这个步骤；可用的步骤：%s", ZHTW: "沒有 %q 這個步驟；可用的步驟：%s", EN: "unknown step %q"}
	msgNotUTF8          = msg{ZH: "%s 不是 UTF-8 也不是 GBK 文字：请把终端设成 UTF-8 后重新输入", ZHTW: "%s 不是 UTF-8 也不是 GBK 文字：請把終端機設成 UTF-8 後重新輸入", EN: "%s is neither UTF-8 nor GBK text: set the terminal to UTF-8 and type it again"}
	msgReadAsGBK        = msg{ZH: "注意：%s 不是 UTF-8，已按 GBK 读取：%s", ZHTW: "注意：%s 不是 UTF-8，已按 GBK 讀取：%s", EN: "note: %s was not UTF-8; it was read as GBK: %s"}

	// status and the link
	msgNoAnswerOther = msg{ZH: "没有收到应答：请检查数据线和端口，然后再试", ZHTW: "沒有收到回應：請檢查傳輸線和連接埠，然後再試", EN: "no answer"}
	msgNoRC          = msg{ZH: "%s：对 ST 的应答里没有应答码（%s）：这不是 TML/1 终端，或不是终端的端口", ZHTW: "%s：對 ST 的回應裡沒有回應碼（%s）：這不是 TML/1 終端機，或不是終端機的連接埠", EN: "%s: the answer to ST has no RC (%s): this is not a TML/1 terminal, or not the terminal's port"}
	msgNoPorts       = msg{ZH: "没有找到串口。请插上终端的 USB 线或串口线，或使用内置模拟终端（posdoctor sim）。", ZHTW: "沒有找到序列埠。請插上終端機的 USB 線或序列埠線，或使用內建模擬終端機（posdoctor sim）。", EN: "No serial ports found. Plug in the terminal's USB or serial cable, or use the built-in simulated terminal (posdoctor sim)."}
	msgLikelyTerm    = msg{ZH: "* 可能是刷卡终端（按 USB 厂商编号判断）", ZHTW: "* 可能是刷卡終端機（按 USB 廠商編號判斷）", EN: "* likely a payment terminal (by its USB vendor ID)"}
	msgProbeNeedPort = msg{ZH: "请用 --port PATH 指定端口（posdoctor ports 可列出端口）", ZHTW: "請用 --port PATH 指定連接埠（posdoctor ports 可列出連接埠）", EN: "give the port with --port PATH (posdoctor ports lists them)"}
	msgSimUnexpected = msg{ZH: "多余的参数 %q（故障用 --fault 指定）", ZHTW: "多餘的參數 %q（故障用 --fault 指定）", EN: "unexpected argument %q (faults go with --fault)"}
	msgSimServing    = msg{ZH: "模拟终端正在 %s 上提供服务（故障：%s）；按 Ctrl+C 停止", ZHTW: "模擬終端機正在 %s 上提供服務（故障：%s）；按 Ctrl+C 停止", EN: "simulated terminal serving on %s (faults: %s); Ctrl+C stops it"}
	msgNone          = msg{ZH: "无", ZHTW: "無", EN: "none"}
	msgMonitorSend   = msg{ZH: "--send %s：无法识别（可用 ENQ、ST、EC、CT、KS、JL、EL 或 hex:BYTES）", ZHTW: "--send %s：無法識別（可用 ENQ、ST、EC、CT、KS、JL、EL 或 hex:BYTES）", EN: "--send %s: %v"}

	// check --save
	msgIncidentNeedsSave = msg{ZH: "--incident 需要和 --save 一起用（本次检查会加入那次上门记录）", ZHTW: "--incident 需要和 --save 一起用（本次檢查會加入那次到場記錄）", EN: "--incident needs --save (the run is added to that visit)"}
	msgIncidentRef       = msg{ZH: "--incident %s：%v — posdoctor incidents 可列出已记录的上门", ZHTW: "--incident %s：%v — posdoctor incidents 可列出已記錄的到場", EN: "--incident %s: %v — 'posdoctor incidents' lists the recorded visits"}
	msgNotSavedKept      = msg{ZH: "检查已完成，但未能保存到 %s：%v。本次上门暂存在 %s，下次运行 check --save 或启动桌面程序时会保存进去", ZHTW: "檢查已完成，但未能儲存到 %s：%v。本次到場暫存在 %s，下次執行 check --save 或啟動桌面程式時會儲存進去", EN: "the check ran but could not be saved to %s: %v — the visit is kept in %s and is saved there by the next 'check --save' or when the app starts"}
	msgNotSaved          = msg{ZH: "检查已完成，但未能保存：%v。上面的结果是仅有的记录，请复制保存", ZHTW: "檢查已完成，但未能儲存：%v。上面的結果是僅有的記錄，請複製保存", EN: "the check ran but could not be saved: %v — the results above are all there is: copy them"}

	// the incident store
	msgAdviseNewer    = msg{ZH: "请升级 posdoctor，或用 --db 指定另一个文件", ZHTW: "請升級 posdoctor，或用 --db 指定另一個檔案", EN: "update posdoctor, or pass --db with another file"}
	msgAdviseNotStore = msg{ZH: "请用 --db 指定 posdoctor 自己的上门记录库（数据文件夹中的 incidents.db）", ZHTW: "請用 --db 指定 posdoctor 自己的到場記錄庫（資料夾中的 incidents.db）", EN: "pass --db with posdoctor's own incident store (incidents.db in the data folder)"}
	msgAdviseDamaged  = msg{ZH: "命令行上：posdoctor incidents --db FILE --json 列出还能读取的内容，posdoctor report incident ID --db FILE 导出一次上门", ZHTW: "命令列上：posdoctor incidents --db FILE --json 列出還能讀取的內容，posdoctor report incident ID --db FILE 匯出一次到場", EN: "On the command line: posdoctor incidents --db FILE --json lists what can be read, posdoctor report incident ID --db FILE exports a visit"}
	msgAdviseNoStore  = msg{ZH: "那里还没有记录过上门（check --save 会记录一次），或用 --db 指定另一个文件", ZHTW: "那裡還沒有記錄過到場（check --save 會記錄一次），或用 --db 指定另一個檔案", EN: "no visit has been recorded there (check --save records one), or pass --db with another file"}
	msgAdviseOtherDB  = msg{ZH: "可用 --db PATH 指定另一个文件", ZHTW: "可用 --db PATH 指定另一個檔案", EN: "pass --db PATH to use another file"}
	msgStoreDamaged   = msg{ZH: "注意：上门记录库 %s 已损坏：只显示还能读取的内容。请先备份这个文件，导出需要的上门记录（posdoctor incidents --json、posdoctor report incident ID），再把它移开。", ZHTW: "注意：到場記錄庫 %s 已損壞：只顯示還能讀取的內容。請先備份這個檔案，匯出需要的到場記錄（posdoctor incidents --json、posdoctor report incident ID），再把它移開。", EN: "warning: the incident store %s is damaged (%s): showing what can still be read. Keep a copy of the file, export the visits you need (posdoctor incidents --json, posdoctor report incident ID), then move the file aside."}
	msgBadCategory    = msg{ZH: "没有 %q 这个类别；可用的类别：%s", ZHTW: "沒有 %q 這個類別；可用的類別：%s", EN: "unknown category %q"}
	msgIncidentsExtra = msg{ZH: "多余的参数 %q（要导出一条记录，用 posdoctor report incident ID）", ZHTW: "多餘的參數 %q（要匯出一筆記錄，用 posdoctor report incident ID）", EN: "unexpected %q (to export one, use 'posdoctor report incident ID')"}
	msgMoreIDChars    = msg{ZH: "请多给几位编号（posdoctor incidents 可列出）", ZHTW: "請多給幾位編號（posdoctor incidents 可列出）", EN: "give more characters of the id (posdoctor incidents lists them)"}
	msgListedIn       = msg{ZH: "posdoctor incidents 可列出已记录的上门（在 %s）", ZHTW: "posdoctor incidents 可列出已記錄的到場（在 %s）", EN: "'posdoctor incidents' lists the recorded ones (in %s)"}
	msgVisitDamaged   = msg{ZH: "这次上门的记录在库中已损坏，其他上门仍可导出。在其他程序写入之前，先备份 %s", ZHTW: "這次到場的記錄在庫中已損壞，其他到場仍可匯出。在其他程式寫入之前，先備份 %s", EN: "this visit's record is damaged in the store; the other visits can still be exported. Keep a copy of %s before anything else writes to it"}
	msgNoBookMeanings = msg{ZH: "无法加载故障码手册（%v）：报告中的代码不带含义", ZHTW: "無法載入故障碼手冊（%v）：報告中的代碼不帶含義", EN: "the code book could not be loaded (%v); codes are written without their meanings"}
	msgNoBookTitles   = msg{ZH: "无法加载故障码手册（%v）：代码不带标题", ZHTW: "無法載入故障碼手冊（%v）：代碼不帶標題", EN: "the code book could not be loaded (%v); codes are shown without their titles"}

	// export, import, sync
	msgExportExtra     = msg{ZH: "多余的参数 %q（用 -o FILE.pdbundle 指定文件）", ZHTW: "多餘的參數 %q（用 -o FILE.pdbundle 指定檔案）", EN: "unexpected %q (give the file with -o FILE.pdbundle)"}
	msgExportNeedsOut  = msg{ZH: "请用 -o FILE.pdbundle 指定要写入的文件", ZHTW: "請用 -o FILE.pdbundle 指定要寫入的檔案", EN: "give the file to write with -o FILE.pdbundle"}
	msgExportOneOf     = msg{ZH: "--month 和 --since-last 不能同时使用，请选一个", ZHTW: "--month 和 --since-last 不能同時使用，請選一個", EN: "--month and --since-last do not combine; choose one"}
	msgExportNoMark    = msg{ZH: "已写入 %s，但本机没能记下这次导出（%v）：下次 --since-last 导出会再次包含这些上门记录", ZHTW: "已寫入 %s，但本機沒能記下這次匯出（%v）：下次 --since-last 匯出會再次包含這些到場記錄", EN: "%s was written, but this laptop could not remember it (%v); the next --since-last export will carry these visits again"}
	msgImportNeedsFile = msg{ZH: "请给出一个或多个数据包文件（FILE.pdbundle）", ZHTW: "請給出一個或多個資料包檔案（FILE.pdbundle）", EN: "give one or more bundle files (FILE.pdbundle)"}
	msgImportStopped   = msg{ZH: "已停止，%s 及之后的文件没有导入", ZHTW: "已停止，%s 及之後的檔案沒有匯入", EN: "stopped before %s"}
	msgImportCut       = msg{ZH: "%s：已中断，没有从中导入任何内容", ZHTW: "%s：已中斷，沒有從中匯入任何內容", EN: "%s: interrupted; nothing was imported from it"}
	msgSyncExtra       = msg{ZH: "多余的参数 %q（用 --to URL 指定共享库）", ZHTW: "多餘的參數 %q（用 --to URL 指定共享庫）", EN: "unexpected %q (give the shared store with --to URL)"}
	msgSyncNeedsTo     = msg{ZH: "请用 --to postgres://USER@HOST:5432/DATABASE 指定共享库", ZHTW: "請用 --to postgres://USER@HOST:5432/DATABASE 指定共享庫", EN: "give the shared store with --to postgres://USER@HOST:5432/DATABASE"}
	msgSyncDBIsFile    = msg{ZH: "--db 是本机的记录库文件；共享库请用 --to 指定", ZHTW: "--db 是本機的記錄庫檔案；共享庫請用 --to 指定", EN: "--db is this laptop's store file; the shared store goes in --to"}

	// drill
	msgDrillNeedsOut     = msg{ZH: "需要 -o FILE.xlsx", ZHTW: "需要 -o FILE.xlsx", EN: "-o FILE.xlsx is required"}
	msgDrillNeedsXAPI    = msg{ZH: "需要 --xapi FILE.json", ZHTW: "需要 --xapi FILE.json", EN: "--xapi FILE.json is required"}
	msgDrillUnknownSub   = msg{ZH: "drill 没有 %q 这个子命令", ZHTW: "drill 沒有 %q 這個子命令", EN: "unknown subcommand %q"}
	msgDrillValidateWhat = msg{ZH: "请给出要检查的场景文件或文件夹", ZHTW: "請給出要檢查的情境檔案或資料夾", EN: "name the scenario files or folders to check"}
	msgDrillNameOne      = msg{ZH: "请指定一个演练（posdoctor drill list 中的编号，或一个场景文件）", ZHTW: "請指定一個演練（posdoctor drill list 中的編號，或一個情境檔案）", EN: "name one drill (an id from 'posdoctor drill list', or a scenario file)"}
	msgDrillNeedsTrainee = msg{ZH: "需要 --trainee NAME：记录要写明谁参加了演练", ZHTW: "需要 --trainee NAME：記錄要寫明誰參加了演練", EN: "--trainee NAME is required: the records say who took the drill"}
	msgDrillNeedsScript  = msg{ZH: "需要 --script FILE.json：要执行的步骤（见 docs/drills.md 的 Scripts 一节）", ZHTW: "需要 --script FILE.json：要執行的步驟（見 docs/drills.md 的 Scripts 一節）", EN: "--script FILE.json is required: the steps to play (docs/drills.md, \"Scripts\")"}
	msgDrillNotRecorded  = msg{ZH: "这次演练没能记录下来：%v", ZHTW: "這次演練沒能記錄下來：%v", EN: "the attempt could not be recorded: %v"}
	msgNoDrill           = msg{ZH: "没有 %q 这个演练（posdoctor drill list 可列出）", ZHTW: "沒有 %q 這個演練（posdoctor drill list 可列出）", EN: "no drill %q ('posdoctor drill list' lists them)"}

	// lookup
	msgLookupNeedsQuery = msg{ZH: "请给出故障码或终端上显示的文字", ZHTW: "請給出故障碼或終端機上顯示的文字", EN: "give a code or the text the terminal shows"}
	msgLookupBadLang    = msg{ZH: "--lang %q：可用 zh、zh_TW 或 en", ZHTW: "--lang %q：可用 zh、zh_TW 或 en", EN: "--lang %q: want zh, zh_TW or en"}
	msgLookupBadLimit   = msg{ZH: "--limit %d：请给 1 或更大的数", ZHTW: "--limit %d：請給 1 或更大的數", EN: "--limit %d: want 1 or more"}
	msgLookupOverlay    = msg{ZH: "没有使用覆盖文件 %s，只查内置手册：", ZHTW: "沒有使用覆蓋檔案 %s，只查內建手冊：", EN: "overlay %s not used; searching the built-in book only:"}
	msgLookupNoBook     = msg{ZH: "无法加载故障码手册：", ZHTW: "無法載入故障碼手冊：", EN: "cannot load the code book:"}
)

// refusalSentences lists the sentences above, for the test that each has every language.
var refusalSentences = map[string]msg{
	"monthFormat": msgMonthFormat, "existsForce": msgExistsForce, "existsForceOnly": msgExistsForceOnly,
	"notXlsx": msgNotXlsx, "notJSONName": msgNotJSONName, "sayWhichTerminal": msgSayWhichTerminal,
	"badBaud": msgBadBaud, "badFormat": msgBadFormat, "badSpeed": msgBadSpeed, "badStep": msgBadStep,
	"notUTF8": msgNotUTF8, "readAsGBK": msgReadAsGBK, "noAnswerOther": msgNoAnswerOther, "noRC": msgNoRC,
	"noPorts": msgNoPorts, "likelyTerm": msgLikelyTerm, "probeNeedPort": msgProbeNeedPort,
	"simUnexpected": msgSimUnexpected, "simServing": msgSimServing, "none": msgNone, "monitorSend": msgMonitorSend,
	"incidentNeedsSave": msgIncidentNeedsSave, "incidentRef": msgIncidentRef, "notSavedKept": msgNotSavedKept,
	"notSaved": msgNotSaved, "adviseNewer": msgAdviseNewer, "adviseNotStore": msgAdviseNotStore,
	"adviseDamaged": msgAdviseDamaged, "adviseNoStore": msgAdviseNoStore, "adviseOtherDB": msgAdviseOtherDB,
	"storeDamaged": msgStoreDamaged, "incidentsExtra": msgIncidentsExtra, "badCategory": msgBadCategory, "moreIDChars": msgMoreIDChars,
	"listedIn": msgListedIn, "visitDamaged": msgVisitDamaged, "noBookMeanings": msgNoBookMeanings,
	"noBookTitles": msgNoBookTitles, "exportExtra": msgExportExtra, "exportNeedsOut": msgExportNeedsOut,
	"exportOneOf": msgExportOneOf, "exportNoMark": msgExportNoMark, "importNeedsFile": msgImportNeedsFile,
	"importStopped": msgImportStopped, "importCut": msgImportCut, "syncExtra": msgSyncExtra,
	"syncNeedsTo": msgSyncNeedsTo, "syncDBIsFile": msgSyncDBIsFile, "lookupNeedsQuery": msgLookupNeedsQuery,
	"lookupBadLang": msgLookupBadLang, "lookupBadLimit": msgLookupBadLimit, "lookupOverlay": msgLookupOverlay,
	"lookupNoBook": msgLookupNoBook, "drillNeedsOut": msgDrillNeedsOut, "drillNeedsXAPI": msgDrillNeedsXAPI,
	"drillUnknownSub": msgDrillUnknownSub, "drillValidateWhat": msgDrillValidateWhat, "drillNameOne": msgDrillNameOne,
	"drillNeedsTrainee": msgDrillNeedsTrainee, "drillNeedsScript": msgDrillNeedsScript,
	"drillNotRecorded": msgDrillNotRecorded, "noDrill": msgNoDrill,
}

// localError is a domain error said by a sentence of the tables in Chinese; its English is the
// error's own. With keep, the English follows as the details.
type localError struct {
	err  error
	m    msg
	args []any
	keep bool
}

func (e *localError) Error() string { return e.err.Error() }
func (e *localError) Unwrap() error { return e.err }

// localized is err, said as m in Chinese.
func localized(err error, m msg, args ...any) error { return &localError{err: err, m: m, args: args} }

// explained is err, said as m in Chinese with the English details after it.
func explained(err error, m msg, args ...any) error {
	return &localError{err: err, m: m, args: args, keep: true}
}
