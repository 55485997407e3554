package reports

// monthDefinitions are the figures' definitions as docs/monthly.md words them (its table,
// without the Markdown), for the workbook's Definitions sheet. TestMonthlyDefinitionsMatchDocs
// keeps the two the same.
var monthDefinitions = []struct{ nameZH, nameEN, json, zh, en string }{
	{"故障次数", "incidents", "incidents", "当月（及指定网点）开单的到场次数", "visits opened in the month (and in the branch, when given)"},
	{"终端数", "terminals", "terminals", "这些到场中不同终端号的个数", "distinct TIDs among them"},
	{"按类别", "by category", "by_category", "每个类别的到场次数，包括为 0 的类别", "{category: incidents} for every category, zeros included"},
	{"按处理结果", "by resolution", "by_resolution", "每种处理结果的到场次数，包括为 0 的", "{resolution: incidents} for every resolution, zeros included"},
	{"故障码排列图", "code Pareto", "codes", "每个代码：当月现场看到或检查发现它的到场次数（一次到场每个代码只计一次；代码同 incidents --json；检查的提示 FAILED-TXNS、REPEATED-EVENTS、SIGNON-OLD 不计）。按次数降序、再按代码升序；cum_pct 为累计占总和的百分比，0–100，保留一位小数", "for each code, the visits of the month that saw or found it (a visit counts once per code; codes as in incidents --json; the checklist's notes FAILED-TXNS, REPEATED-EVENTS and SIGNON-OLD are not counted), [{\"code\", \"title_zh\", \"title_en\", \"incidents\", \"cum_pct\"}] sorted by incidents descending, then code ascending; cum_pct the running share of the sum, 0–100, one decimal"},
	{"修复时长", "repair time", "repair_hours", "当月已关闭的到场：关闭 − 开单，单位小时；中位数、平均数、第 90 百分位、个数，保留两位小数", "over the month's visits that are closed: closed − opened in hours, {\"median\", \"mean\", \"p90\", \"n\"}, two decimals"},
	{"恢复时长", "time to restore", "restore_hours", "同上，用 关闭 − 报修时间（商户报修的时间；未填时用开单时间）。小于 0 的时长（别处来的到场时间先后颠倒）不计入", "the same with closed − reported (reported: when the merchant reported the fault; opened when empty). A duration below zero (a visit from elsewhere whose times are out of order) is left out of both, and of n"},
	{"一次修复率", "first-time fix rate", "ftfr", "当月已关闭且处理结果为\"现场修复\"的到场 ÷ 当月已关闭的到场，0–1，三位小数；没有已关闭的到场时为 null", "closed visits of the month with resolution fixed-on-site ÷ closed visits of the month, 0–1, three decimals (null when none is closed)"},
	{"重复故障率", "repeat rate", "repeat_rate", "当月到场中，同一终端在它之前 30 天（720 小时）内有另一次同类别到场的次数 ÷ 当月到场次数，0–1，三位小数", "visits of the month for which the same TID had another visit of the same category opened in the 30 days (720 hours) before it ÷ visits of the month, 0–1, three decimals"},
	{"问题终端", "repeat terminals", "bad_actors", "截至当月最后一天的 90 天内开单 2 次及以上的终端，[{\"tid\", \"merchant\", \"model\", \"incidents\", \"last_code\"}]，按次数降序、再按终端号升序，最多 20 个", "TIDs with 2 or more visits opened in the 90 days that end with the month's last day, [{\"tid\", \"merchant\", \"model\", \"incidents\", \"last_code\"}], by incidents descending then TID ascending, at most 20"},
	{"积压", "backlog", "backlog", "当月最后一天或之前开单、到月底尚未关闭的到场（未关闭，或关闭时间晚于月底）", "visits opened on or before the month's last day and not closed by its end (closed empty or later)"},
	{"趋势", "trend", "trend", "截至本月的 12 个月：[{\"month\": \"YYYY-MM\", \"incidents\", \"by_category\": {...}}]，从早到晚", "the 12 months ending with this one: [{\"month\": \"YYYY-MM\", \"incidents\", \"by_category\": {...}}], oldest first"},
	{"按技术员", "by technician", "technicians", "[{\"technician\", \"incidents\", \"closed\", \"fixed_on_site\", \"median_repair_hours\"}]，按次数降序", "[{\"technician\", \"incidents\", \"closed\", \"fixed_on_site\", \"median_repair_hours\"}] by incidents descending"},
	{"按机型", "by model", "models", "[{\"model\", \"incidents\", \"terminals\"}]，按次数降序", "[{\"model\", \"incidents\", \"terminals\"}] by incidents descending"},
}

// monthDetails are the precise choices behind the words, short, in both languages.
var monthDetails = []struct{ zh, en string }{
	{"重复：恰好 720 小时前的到场算，多一秒不算，同一时刻的不算。", "Repeat: an earlier visit opened exactly 720 hours before counts; 720 hours and one second does not; one opened at the same instant does not."},
	{"问题终端：按本地日历的 90 天（如 2026 年 3 月：1 月 1 日 0 点至 4 月 1 日 0 点）。", "Repeat terminals: the 90 local calendar days ending with the month's last day (March 2026: 1 January 00:00 to 1 April 00:00)."},
	{"积压：月底正好 0 点关闭的仍算积压。", "Backlog: a visit closed exactly at the next month's first instant was not closed by the month's end."},
	{"百分位按 p·(n−1) 线性插值（同 Excel PERCENTILE.INC），偶数个时中位数为中间两个的平均。", "Median and p90 interpolate at rank p·(n−1), as Excel's PERCENTILE.INC: the median of an even count is the mean of the middle two."},
	{"所有数字在程序中按精确值计算，只四舍五入一次；表中是数值，不是公式。", "Every figure is computed from exact values and rounded once, half away from zero; the sheets hold values, never formulas."},
	{"没有终端号的到场计入到场次数，但不计入终端数，也从不算重复。", "Visits without a TID count as visits but not as terminals, and are never repeats."},
}
