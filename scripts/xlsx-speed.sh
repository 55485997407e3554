#!/bin/sh
# xlsx-speed.sh times, side by side on the same rows, POS Doctor's monthly workbook writer and
# openpyxl in write-only mode (the usual alternative) writing the Incidents sheet's rows:
# 14 columns, 100,000 rows by default (POSDOCTOR_BENCH_VISITS=N for another size).
#
# Go: BenchmarkMonthlyWorkbook writes the whole workbook (seven sheets, charts, the 100,000-row
# table); it also dumps the table's rows as CSV. Python: openpyxl write-only appends the same
# rows (times as datetimes, hours as numbers) and saves; only the write is timed, not reading
# the CSV. Needs /usr/bin/python3 with python3-openpyxl. Run from the repository's root.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rows="$tmp/rows.csv"

echo "== Go: posdoctor's monthly workbook (all seven sheets)"
POSDOCTOR_BENCH_ROWS_CSV="$rows" CGO_ENABLED=0 go test -run '^$' -bench '^BenchmarkMonthlyWorkbook$' \
	-benchtime 1x -count 1 ./reports/ | grep -E '^Benchmark|^ok'

echo "== Python: openpyxl write-only, the Incidents sheet's rows alone"
/usr/bin/python3 - "$rows" "$tmp/openpyxl.xlsx" <<'PY'
import csv, sys, time
from datetime import datetime
import openpyxl

def when(s):
    return datetime.fromisoformat(s).replace(tzinfo=None) if s else None

rows = []
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for r in csv.reader(f):
        r[0], r[1], r[2] = when(r[0]), when(r[1]), when(r[2])
        r[12] = float(r[12]) if r[12] else None
        r[13] = "是 yes" if r[13] == "true" else "否 no"
        rows.append(r)

header = ["开单 Opened", "关闭 Closed", "报修 Reported", "网点 Branch", "技术员 Technician", "终端号 TID",
          "商户号 MID", "商户 Merchant", "机型 Model", "类别 Category", "故障码 Codes", "处理结果 Resolution",
          "修复(h) Repair h", "重复 Repeat"]
t0 = time.perf_counter()
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("明细 Incidents")
ws.append(header)
for r in rows:
    ws.append(r)
wb.save(sys.argv[2])
print("openpyxl write-only: %d rows x %d columns in %.2f s" % (len(rows), len(header), time.perf_counter() - t0))
PY
