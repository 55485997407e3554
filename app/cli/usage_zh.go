package cli

// The long usage texts (-h) of the commands that have one, in Chinese. The synopsis keeps the
// command line as it is typed; EN is the English text of each command's file.

func init() {
	commandUsages["lookup"] = msg{EN: lookupUsage,
		ZH: `用法：posdoctor lookup [--json] [--lang zh|zh_TW|en] [--overlay FILE] [--limit N] QUERY...

用离线故障码手册解释应答码、终端本地代码、检查结果或屏幕提示：03、3、a0、H1、无效商户、
無效商戶、"mac error"、"paper out" 等。

退出码：0 找到；1 没有匹配（会列出最接近的条目）；2 用法错误或被中断。
`,
		ZHTW: `用法：posdoctor lookup [--json] [--lang zh|zh_TW|en] [--overlay FILE] [--limit N] QUERY...

用離線故障碼手冊解釋回應碼、終端機本地代碼、檢查結果或螢幕提示：03、3、a0、H1、無效商店、
无效商户、"mac error"、"paper out" 等。

結束碼：0 找到；1 沒有相符（會列出最接近的條目）；2 用法錯誤或被中斷。
`}
	commandUsages["incidents"] = msg{EN: incidentsUsage,
		ZH: `用法：posdoctor incidents [--json] [--month YYYY-MM] [--tid TID] [--branch NAME]
                          [--code CODE] [--category NAME] [--open] [--db PATH]

列出已记录的上门记录，最新的在前。筛选条件可以组合：--month 2026-03 --branch 朝阳支行
列出该网点 3 月的上门记录。--code 的读法与 lookup 相同：大小写、全角半角都可以（p1、ａ０，
3 即 03），也可以是屏幕上显示的提示或名称（无效商户：这个提示和它对应的代码 03）。--json
以 JSON 输出（见 docs/incidents.md）。不给 --db 时，记录库是数据文件夹中的 incidents.db，
那里还没有记录库时列表为空；用 --db 指定的文件不存在则报错。

退出码：0 已列出（没有匹配的也算）；2 参数有误（代码手册和记录库都不认识的代码）或记录库
无法读取。
`,
		ZHTW: `用法：posdoctor incidents [--json] [--month YYYY-MM] [--tid TID] [--branch NAME]
                          [--code CODE] [--category NAME] [--open] [--db PATH]

列出已記錄的到場記錄，最新的在前。篩選條件可以組合：--month 2026-03 --branch 朝陽分行
列出該分行 3 月的到場記錄。--code 的讀法與 lookup 相同：大小寫、全形半形都可以（p1、ａ０，
3 即 03），也可以是螢幕上顯示的提示或名稱（無效商店：這個提示和它對應的代碼 03）。--json
以 JSON 輸出（見 docs/incidents.md）。不給 --db 時，記錄庫是資料夾中的 incidents.db，
那裡還沒有記錄庫時清單為空；用 --db 指定的檔案不存在則報錯。

結束碼：0 已列出（沒有相符的也算）；2 參數有誤（代碼手冊和記錄庫都不認識的代碼）或記錄庫
無法讀取。
`}
	commandUsages["report"] = msg{EN: reportUsage,
		ZH: `用法：posdoctor report incident ID [-o FILE.xlsx] [--force] [--no-trace] [--db PATH]
      posdoctor report monthly --month YYYY-MM [--branch NAME] [--json] [-o FILE.xlsx] [--force] [--db PATH]

为支付服务商生成一次上门的 Excel 故障报告：摘要、检查清单、带手册含义的检查结果、
交易（需注意的排在前面并标出）、事件日志和线路跟踪。ID 是上门记录编号或其开头几位
（posdoctor incidents 中显示的）。不给 -o 时，文件是当前文件夹中的
incident-TID-DATE-ID.xlsx。已有的文件不会被覆盖，除非加 --force。

退出码：0 已写入；2 参数有误、没有这个上门记录、文件已存在或无法写入。
`,
		ZHTW: `用法：posdoctor report incident ID [-o FILE.xlsx] [--force] [--no-trace] [--db PATH]
      posdoctor report monthly --month YYYY-MM [--branch NAME] [--json] [-o FILE.xlsx] [--force] [--db PATH]

為支付服務商產生一次到場的 Excel 故障報告：摘要、檢查清單、附手冊含義的檢查結果、
交易（需注意的排在前面並標出）、事件日誌和線路追蹤。ID 是到場記錄編號或其開頭幾位
（posdoctor incidents 中顯示的）。不給 -o 時，檔案是目前資料夾中的
incident-TID-DATE-ID.xlsx。已有的檔案不會被覆蓋，除非加 --force。

結束碼：0 已寫入；2 參數有誤、沒有這個到場記錄、檔案已存在或無法寫入。
`}
	commandUsages["report monthly"] = msg{EN: monthlyUsage,
		ZH: `用法：posdoctor report monthly --month YYYY-MM [--branch NAME] [--json] [-o FILE.xlsx [--force]] [--db PATH]

计算网点主管需要的某个自然月（本地时间）的数据：上门次数、终端、类别、处理结果、故障码
排行、修复和恢复时长、一次修复率、重复故障率、问题终端、积压、12 个月趋势、技术员和机型
（定义见 docs/monthly.md）。不给 --branch 时包括全部网点。--json 以 JSON 输出全部数字；
不加时输出简短摘要。-o 为银行和服务商写出当月工作簿（摘要并列上月数字、趋势、故障码排行、
问题终端、带图表的分类、每次上门、定义）；-o 给文件夹时，文件名为
monthly-BRANCH-YYYY-MM.xlsx。已有的文件不会被覆盖，除非加 --force。

退出码：0 已计算（没有上门的月份也算）；2 参数有误、记录库无法读取、文件已存在或无法写入。
`,
		ZHTW: `用法：posdoctor report monthly --month YYYY-MM [--branch NAME] [--json] [-o FILE.xlsx [--force]] [--db PATH]

計算分行主管需要的某個自然月（本地時間）的資料：到場次數、終端機、類別、處理結果、故障碼
排行、修復和恢復時長、一次修復率、重複故障率、問題終端機、積壓、12 個月趨勢、技術員和機型
（定義見 docs/monthly.md）。不給 --branch 時包括全部分行。--json 以 JSON 輸出全部數字；
不加時輸出簡短摘要。-o 為銀行和服務商寫出當月活頁簿（摘要並列上月數字、趨勢、故障碼排行、
問題終端機、附圖表的分類、每次到場、定義）；-o 給資料夾時，檔名為
monthly-BRANCH-YYYY-MM.xlsx。已有的檔案不會被覆蓋，除非加 --force。

結束碼：0 已計算（沒有到場的月份也算）；2 參數有誤、記錄庫無法讀取、檔案已存在或無法寫入。
`}
	commandUsages["export"] = msg{EN: exportUsage,
		ZH: `用法：posdoctor export [--month YYYY-MM | --since-last] [--branch NAME] -o FILE.pdbundle
                        [--force] [--db PATH]

把已记录的上门记录和本机删除的上门记录写入数据包（见 docs/bundle.md），由另一台电脑的
posdoctor import 合并。--month 只取该月（本地时间）开始的上门，--branch 只取一个网点；
--since-last 只取本机上次 --since-last 导出（同一个 --branch）之后的变化，所以每周的数据包
很小。已有的文件不会被覆盖，除非加 --force。

退出码：0 已写入（空数据包也算）；2 参数有误、记录库无法读取、文件已存在或无法写入。
`,
		ZHTW: `用法：posdoctor export [--month YYYY-MM | --since-last] [--branch NAME] -o FILE.pdbundle
                        [--force] [--db PATH]

把已記錄的到場記錄和本機刪除的到場記錄寫入資料包（見 docs/bundle.md），由另一台電腦的
posdoctor import 合併。--month 只取該月（本地時間）開始的到場，--branch 只取一個分行；
--since-last 只取本機上次 --since-last 匯出（同一個 --branch）之後的變化，所以每週的資料包
很小。已有的檔案不會被覆蓋，除非加 --force。

結束碼：0 已寫入（空資料包也算）；2 參數有誤、記錄庫無法讀取、檔案已存在或無法寫入。
`}
	commandUsages["import"] = msg{EN: importUsage,
		ZH: `用法：posdoctor import FILE... [--json] [--db PATH]

把 posdoctor export（或其他程序，见 docs/bundle.md）写出的数据包合并到上门记录库，每个文件
一个事务：一个文件要么全部导入，要么完全不导入。本机没有的上门记录会新增，较新的版本替换
较旧的，删除会移除在它之前最后修改的上门记录；同一个文件导入两次不会改变任何内容。违反格式
规则的数据包会被拒绝，并说明问题（文件、行）和处理办法。--json 输出
{"added":N,"updated":N,"unchanged":N,"deleted":N,"refused":[...],"files":[...]}。

退出码：0 全部文件已导入；1 有文件被拒绝（其他文件已导入）；2 参数有误或记录库无法打开。
`,
		ZHTW: `用法：posdoctor import FILE... [--json] [--db PATH]

把 posdoctor export（或其他程式，見 docs/bundle.md）寫出的資料包合併到到場記錄庫，每個檔案
一個交易：一個檔案要麼全部匯入，要麼完全不匯入。本機沒有的到場記錄會新增，較新的版本取代
較舊的，刪除會移除在它之前最後修改的到場記錄；同一個檔案匯入兩次不會改變任何內容。違反格式
規則的資料包會被拒絕，並說明問題（檔案、行）和處理辦法。--json 輸出
{"added":N,"updated":N,"unchanged":N,"deleted":N,"refused":[...],"files":[...]}。

結束碼：0 全部檔案已匯入；1 有檔案被拒絕（其他檔案已匯入）；2 參數有誤或記錄庫無法開啟。
`}
	commandUsages["sync"] = msg{EN: syncUsage,
		ZH: `用法：posdoctor sync --to postgres://USER@HOST:5432/DATABASE?sslmode=verify-full
                      [--branch NAME]... [--json] [--db PATH]

把本机的上门记录库与网点共享的 PostgreSQL 记录库同步（见 docs/shared-store.md）：推送共享库
没有或版本较旧的上门记录和删除，拉取本机所属网点（以及每个 --branch）中别人新增或修改的
上门记录。较新的修改为准；删除会移除在它之前最后修改的上门记录。每批上门记录是一个事务：
同步中途中断不会丢失任何内容，下次同步会完成它。密码来自 URL、PGPASSWORD 或 ~/.pgpass，
不会显示出来。--json 输出 {"pushed":N,"pushed_deleted":N,"pulled":N,"pulled_deleted":N,
"unchanged":N,"conflicts":N,"purged":N,"branches":[...],"started":T,"finished":T,"last_sync":T,"refused":[...]}。

退出码：0 已同步；2 参数有误、记录库无法打开，或同步失败、被中断（已提交的部分保留，再运行一次即可）。
`,
		ZHTW: `用法：posdoctor sync --to postgres://USER@HOST:5432/DATABASE?sslmode=verify-full
                      [--branch NAME]... [--json] [--db PATH]

把本機的到場記錄庫與分行共享的 PostgreSQL 記錄庫同步（見 docs/shared-store.md）：推送共享庫
沒有或版本較舊的到場記錄和刪除，拉取本機所屬分行（以及每個 --branch）中別人新增或修改的
到場記錄。較新的修改為準；刪除會移除在它之前最後修改的到場記錄。每批到場記錄是一個交易：
同步中途中斷不會遺失任何內容，下次同步會完成它。密碼來自 URL、PGPASSWORD 或 ~/.pgpass，
不會顯示出來。--json 輸出 {"pushed":N,"pushed_deleted":N,"pulled":N,"pulled_deleted":N,
"unchanged":N,"conflicts":N,"purged":N,"branches":[...],"started":T,"finished":T,"last_sync":T,"refused":[...]}。

結束碼：0 已同步；2 參數有誤、記錄庫無法開啟，或同步失敗、被中斷（已提交的部分保留，再執行一次即可）。
`}
	commandUsages["form"] = msg{EN: formUsage,
		ZH: `用法：posdoctor form adjustment|collection --incident ID --trace NNNNNN [--reason R]
                     [--note TEXT] [--insist] [--contact PHONE] [-o FILE.pdf] [--force] [--json] [--db PATH]

根据已记录上门的交易流水中的一笔交易填写商户的申请表，写成 PDF，打印盖章后交给服务商
（见 docs/forms.md）：

  adjustment   特约商户调账申请表：金额输错且持卡人已离开、隔日退货、重复扣款
  collection   特约商户托收/请款业务申请表：冲正未确认但货物已交付

ID 是上门记录编号或其开头几位（posdoctor incidents 可列出）；凭证号（trace）来自签购单或
交易流水。原因：amount-wrong、refund-after-day、duplicate-charge、other（adjustment）；
reversal-goods-delivered、other（collection），也可写原因的中文（简体或繁体，如“重复扣款”）或
英文；不给 --reason 时取适合该交易的原因。other 需要
--note。与交易不符的申请表（没有未确认冲正的托收、被拒或已冲正交易的调账）会被拒绝，除非
加 --insist 并用 --note 说明理由。上门记录会记下这张申请表（工作簿中有它的一页）。不给 -o 时，
文件是当前文件夹中的 KIND-TID-TRACE-DATE.pdf。

退出码：0 已写入并记录；2 参数有误、没有这个上门记录或交易、申请表不符、文件已存在、无法写入或记录。
`,
		ZHTW: `用法：posdoctor form adjustment|collection --incident ID --trace NNNNNN [--reason R]
                     [--note TEXT] [--insist] [--contact PHONE] [-o FILE.pdf] [--force] [--json] [--db PATH]

根據已記錄到場的交易紀錄中的一筆交易填寫商店的申請表，寫成 PDF，列印蓋章後交給服務商
（見 docs/forms.md）：

  adjustment   特約商店調帳申請表：金額輸錯且持卡人已離開、隔日退貨、重複扣款
  collection   特約商店託收/請款業務申請表：沖正未確認但貨物已交付

ID 是到場記錄編號或其開頭幾位（posdoctor incidents 可列出）；憑證號（trace）來自簽購單或
交易紀錄。原因：amount-wrong、refund-after-day、duplicate-charge、other（adjustment）；
reversal-goods-delivered、other（collection），也可寫原因的中文（簡體或繁體，如「重複扣款」）或
英文；不給 --reason 時取適合該交易的原因。other 需要
--note。與交易不符的申請表（沒有未確認沖正的託收、被拒或已沖正交易的調帳）會被拒絕，除非
加 --insist 並用 --note 說明理由。到場記錄會記下這張申請表（活頁簿中有它的一頁）。不給 -o 時，
檔案是目前資料夾中的 KIND-TID-TRACE-DATE.pdf。申請表以繁體中文列印，與活頁簿相同。

結束碼：0 已寫入並記錄；2 參數有誤、沒有這個到場記錄或交易、申請表不符、檔案已存在、無法寫入或記錄。
`}
	commandUsages["probe"] = msg{EN: probeUsage,
		ZH: `用法：posdoctor probe --port PATH [--json]

依次用本程序提供的每种速率（115200、57600、38400、19200、9600）和 8N1、7E1 两种
格式发送 ENQ 并监听，说明每种设置下收到了什么，最后给出一行处理建议。适用于任何
终端，不论是否使用 TML/1。不超过 15 秒；按 Ctrl+C 停止。每种应答和 JSON 的含义
见 docs/probe.md。

退出码：0 有 TML/1 终端应答；1 有其他设备应答，或没有任何应答；2 无法探测。
`,
		ZHTW: `用法：posdoctor probe --port PATH [--json]

依序用本程式提供的每種速率（115200、57600、38400、19200、9600）和 8N1、7E1 兩種
格式送出 ENQ 並監聽，說明每種設定下收到了什麼，最後給出一行處理建議。適用於任何
終端機，不論是否使用 TML/1。不超過 15 秒；按 Ctrl+C 停止。每種回應和 JSON 的含義
見 docs/probe.md。

結束碼：0 有 TML/1 終端機回應；1 有其他裝置回應，或沒有任何回應；2 無法探測。
`}
	commandUsages["monitor"] = msg{EN: monitorUsage,
		ZH: `用法：posdoctor monitor (--port PATH [--baud N] [--format 8N1|7E1] | --sim [--fault F]...)
                        [--hex] [--send X]... [--for D]

显示线路上收发的每个字节，带时间戳（-> 本机发出，<- 收到）：控制字符显示名称
（ENQ、ACK、NAK、EOT）；TML/1 报文帧校验 LRC，并把其中的报文解析成字段；其他终端
的 STX DATA ETX LRC 报文帧（Ingenico Concert 类）也校验 LRC；按 8N1 读到的 7E1
字符会注明；帧外的字节以十六进制显示。卡号会被遮盖。本命令像桌面程序一样应答终端
（正确的帧回 ACK，错误的帧回 NAK，ENQ 回 ACK）。

--send X 在线路打开后发送：ENQ、TML/1 请求（ST、EC、CT、KS、JL、EL）或十六进制
字节（hex:02 00 06 … 或 05；也可以写 STX、ENQ 等名称）。一直运行到按 Ctrl-C，
或到了 --for 给的时间。
`,
		ZHTW: `用法：posdoctor monitor (--port PATH [--baud N] [--format 8N1|7E1] | --sim [--fault F]...)
                        [--hex] [--send X]... [--for D]

顯示線路上收發的每個位元組，附時間戳記（-> 本機送出，<- 收到）：控制字元顯示名稱
（ENQ、ACK、NAK、EOT）；TML/1 電文幀檢查 LRC，並把其中的電文解析成欄位；其他終端
機的 STX DATA ETX LRC 電文幀（Ingenico Concert 類）也檢查 LRC；以 8N1 讀到的
7E1 字元會註明；幀外的位元組以十六進位顯示。卡號會被遮蔽。本命令像桌面程式一樣回
應終端機（正確的幀回 ACK，錯誤的幀回 NAK，ENQ 回 ACK）。

--send X 在線路開啟後送出：ENQ、TML/1 請求（ST、EC、CT、KS、JL、EL）或十六進位
位元組（hex:02 00 06 … 或 05；也可以寫 STX、ENQ 等名稱）。一直執行到按 Ctrl-C，
或到了 --for 給的時間。
`}
	// drill's subcommands share it (usageIn)
	commandUsages["drill"] = msg{EN: drillUsage,
		ZH: "用法：" + drillSynopsisZH + `
每个演练是一个场景文件（见 docs/drills.md），来自内置的演练库、数据文件夹里的
drills/ 子文件夹，以及每个 --dir。run 在演练的模拟终端上执行一份步骤脚本
（{at, do, value, steps}），评分，并把这次演练存入记录库的培训记录；records 列出
这些记录，report 写出培训师的工作簿，export --xapi 导出 xAPI 语句，verify 检查
记录没有被人手工改动过。

退出码：run 0 通过，1 不通过，2 无法运行；validate 和 verify 0 全部正常，
1 发现问题，2 无法运行；其他子命令 0 完成，2 无法运行。
`,
		ZHTW: "用法：" + drillSynopsisZH + `
每個演練是一個情境檔案（見 docs/drills.md），來自內建的演練庫、資料夾裡的
drills/ 子資料夾，以及每個 --dir。run 在演練的模擬終端機上執行一份步驟腳本
（{at, do, value, steps}），評分，並把這次演練存入記錄庫的培訓記錄；records 列出
這些記錄，report 寫出培訓師的活頁簿，export --xapi 匯出 xAPI 陳述，verify 檢查
記錄沒有被人手動修改過。

結束碼：run 0 通過，1 不通過，2 無法執行；validate 和 verify 0 全部正常，
1 發現問題，2 無法執行；其他子命令 0 完成，2 無法執行。
`}
}

// drillSynopsisZH is drill's synopsis after 用法：, its lines aligned under it.
const drillSynopsisZH = `posdoctor drill list [--json] [--dir DIR]...
      posdoctor drill validate FILE|DIR...
      posdoctor drill run ID|FILE --trainee NAME [--trainer NAME] [--mode practice|assessed]
                          [--seed N] --script FILE.json [--json] [--db PATH] [--dir DIR]...
      posdoctor drill records [--trainee NAME] [--drill ID] [--month YYYY-MM] [--json]
                              [--db PATH]
      posdoctor drill report [--month YYYY-MM] -o FILE.xlsx [--force] [--db PATH]
      posdoctor drill export --xapi FILE.json [--month YYYY-MM] [--force] [--db PATH]
      posdoctor drill verify [--json] [--db PATH]
`
