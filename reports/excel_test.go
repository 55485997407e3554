package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/internal/filetest"
	"posdoctor/internal/golden"
	"posdoctor/locale"
)

// testExplainer stands in for the code book; it renders findings' messages from the shipped
// translations, as the code book's adapter does.
var testExplainer = bookMessages{ExplainFunc(func(code string) (Explanation, bool) {
	book := map[string]Explanation{
		"00": {TitleZH: "交易成功", TitleEN: "Approved", Source: "ISO 8583"},
		"03": {TitleZH: "无效商户", TitleEN: "Invalid merchant", MeaningZH: "商户未登记或已停用", MeaningEN: "Merchant not registered or stopped",
			Who: []string{"收单机构/服务商 acquirer"}, Actions: []string{"联系服务商重新登记 / ask the provider to re-register"}, Source: "银联应答码表"},
		"51": {TitleZH: "余额不足", TitleEN: "Insufficient funds", Source: "ISO 8583"},
		"A0": {TitleZH: "MAC错", TitleEN: "MAC error", MeaningZH: "MAC 密钥不同步", MeaningEN: "MAC key out of step", Source: "银联应答码表"},
		"H1": {TitleZH: "无拨号音", TitleEN: "No dial tone", MeaningZH: "电话线未接好", MeaningEN: "Phone line not connected", Source: "PROTOCOL.md §7"},
		"P1": {TitleZH: "打印机缺纸", TitleEN: "Printer out of paper", Source: "PROTOCOL.md §7"},
		// a book entry that carries a card number: the report must mask it too
		"14": {TitleZH: "无效卡号", TitleEN: "Invalid card number", MeaningEN: "e.g. " + testPAN, Source: "test"},
	}
	x, ok := book[code]
	return x, ok
})}

type bookMessages struct{ ExplainFunc }

func (bookMessages) RenderMessage(l locale.Lang, key string, args map[string]any, fallback string) string {
	return codebook.RenderMessage(l, key, args, fallback)
}

var sheetOrder = []string{SheetSummary, SheetChecklist, SheetFindings, SheetTransactions, SheetEvents, SheetTrace}

func writeTestWorkbook(t testing.TB, inc *Incident) (string, *excelize.File) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "incident.xlsx")
	if err := ExportExcel(path, inc, ExcelOptions{Explainer: testExplainer, Now: time.Date(2026, 3, 5, 11, 0, 0, 0, cst), Location: cst}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return path, f
}

// readExcel writes inc's workbook in memory and opens it, closed when the test ends.
func readExcel(t testing.TB, inc *Incident, opts ExcelOptions) *excelize.File {
	t.Helper()
	return openWritten(t, func(w *bytes.Buffer) error { return WriteExcel(w, inc, opts) })
}

// openWritten opens the workbook write writes in memory, closed when the test ends.
func openWritten(t testing.TB, write func(w *bytes.Buffer) error) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func cellFill(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Fill.Color) == 0 {
		return ""
	}
	return strings.ToUpper(st.Fill.Color[0])
}

// findCell returns the first cell of sheet whose value is v.
func findCell(t *testing.T, f *excelize.File, sheet, v string) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, x := range row {
			if x == v {
				name, _ := excelize.CoordinatesToCellName(c+1, r+1)
				return name
			}
		}
	}
	t.Fatalf("%s: no cell %q", sheet, v)
	return ""
}

func right(cell string) string {
	c, r, _ := excelize.CellNameToCoordinates(cell)
	name, _ := excelize.CoordinatesToCellName(c+1, r)
	return name
}

func TestExcelWorkbook(t *testing.T) {
	now := time.Date(2026, 3, 5, 10, 30, 0, 0, cst)
	inc := testIncident(now, 40)
	plantPAN(inc)
	path, f := writeTestWorkbook(t, inc)

	if got := f.GetSheetList(); !slices.Equal(got, sheetOrder) {
		t.Fatalf("sheets %q, want %q", got, sheetOrder)
	}

	t.Run("summary", func(t *testing.T) {
		sh := SheetSummary
		for label, want := range map[string]string{
			"终端号\nTID":                "12345678",
			"商户号\nMID":                "898310048160001",
			"型号\nModel":               "VX520",
			"序列号\nSerial no.":         "SN1234ABCD5678EF90",
			"固件版本\nFirmware":          "3.1.4",
			"网点\nBranch":              "朝阳支行",
			"维护人员\nTechnician":        "张工 Zhang",
			"处理结果\nResolution":        "已升级至服务商 / Escalated to the service provider",
			"问题类别\nCategory":          "交易争议 / Transaction dispute",
			"检查结论\nVerdict":           "需服务商处理 / Needs the service provider",
			"升级原因\nEscalation reason": "MAC 错反复出现，疑似两台终端共用一个终端号 card 622202******7894",
		} {
			if got, _ := f.GetCellValue(sh, right(findCell(t, f, sh, label))); got != want {
				t.Errorf("%q = %q, want %q", label, got, want)
			}
		}
		codes, _ := f.GetCellValue(sh, right(findCell(t, f, sh, "所见代码与提示\nCodes and prompts seen")))
		if !strings.Contains(codes, "03  无效商户 / Invalid merchant") || !strings.Contains(codes, "A0  MAC错 / MAC error") {
			t.Errorf("codes seen %q", codes)
		}
		opened := right(findCell(t, f, sh, "到场时间\nOpened"))
		if typ, _ := f.GetCellType(sh, opened); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("opening time written as text")
		}
		if v, _ := f.GetCellValue(sh, opened); v != "2026-03-05 10:20:00" {
			t.Errorf("opened %q (number format yyyy-mm-dd hh:mm:ss, zone CST)", v)
		}
		notes := right(findCell(t, f, sh, "备注\nNotes"))
		if fm, _ := f.GetCellFormula(sh, notes); fm != "" {
			t.Errorf("notes became a formula: %q", fm)
		}
		if v, _ := f.GetCellValue(sh, notes); !strings.HasPrefix(v, `=HYPERLINK("http://x") +861234 -5 @SUM(A1)`) {
			t.Errorf("notes %q", v)
		}
		if pl, _ := f.GetPageLayout(sh); *pl.Orientation != "portrait" || *pl.FitToWidth != 1 {
			t.Errorf("summary page: %s, fit %d", *pl.Orientation, *pl.FitToWidth)
		}
	})

	t.Run("headers", func(t *testing.T) {
		want := map[string][]string{
			SheetChecklist:    {"次\nRun", "步骤\nStep", "状态\nStatus", "摘要\nSummary", "发现\nFindings", "开始时间\nStarted", "用时（秒）\nDuration (s)", "证据\nEvidence", "计入结论\nIn the verdict"},
			SheetFindings:     {"代码\nCode", "名称\nTitle", "来源步骤\nFound by", "严重程度\nSeverity", "发现\nFinding", "含义\nMeaning (中文)", "含义（英文）\nMeaning (English)", "处理方\nWho acts", "处理办法\nActions", "含义出处\nSource of meaning"},
			SheetTransactions: {"时间\nTime", "类型\nType", "金额（元）\nAmount (yuan)", "卡号\nCard no. (masked)", "凭证号\nTrace", "参考号\nRRN", "授权码\nAuth", "应答码\nRC", "应答码含义\nRC meaning", "标志\nFlags", "提示\nAttention"},
			SheetEvents:       {"时间\nTime", "代码\nCode", "内容\nText", "代码含义\nMeaning"},
			SheetTrace:        {"时间\nTime", "方向\nDir", "类型\nKind", "字节（十六进制）\nBytes (hex)", "内容\nDecoded"},
		}
		for sh, hdr := range want {
			rows, err := f.GetRows(sh)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(rows[0], hdr) {
				t.Errorf("%s header %q", sh, rows[0])
			}
			if p, _ := f.GetPanes(sh); !p.Freeze || p.YSplit != 1 || p.TopLeftCell != "A2" {
				t.Errorf("%s panes %+v", sh, p)
			}
			pl, _ := f.GetPageLayout(sh)
			if *pl.Orientation != "landscape" || *pl.FitToWidth != 1 || *pl.FitToHeight != 0 {
				t.Errorf("%s page layout %s %d×%d", sh, *pl.Orientation, *pl.FitToWidth, *pl.FitToHeight)
			}
			if props, _ := f.GetSheetProps(sh); props.FitToPage == nil || !*props.FitToPage {
				t.Errorf("%s: fit to page not set (must precede the stream writer)", sh)
			}
			titles := false
			for _, dn := range f.GetDefinedName() {
				if dn.Name == "_xlnm.Print_Titles" && dn.Scope == sh && strings.HasSuffix(dn.RefersTo, "!$1:$1") {
					titles = true
				}
			}
			if !titles {
				t.Errorf("%s: header row not repeated on printed pages", sh)
			}
			if id, _ := f.GetCellStyle(sh, "A1"); id == 0 {
				t.Errorf("%s: header not styled", sh)
			}
		}
	})

	t.Run("checklist", func(t *testing.T) {
		sh := SheetChecklist
		rows, _ := f.GetRows(sh)
		if len(rows) != 9 {
			t.Fatalf("%d rows, want header + 8 steps", len(rows))
		}
		want := []struct{ step, status, fill string }{
			{"连接测试 / Link", "通过 / pass", "C6EFCE"},
			{"终端状态 / Terminal status", "警告 / warn", "FFEB9C"},
			{"通讯测试 / Host link", "故障 / fail", "FFC7CE"},
			{"密钥检查 / Keys", "通过 / pass", "C6EFCE"},
			{"键盘测试 / Keypad", "跳过 / skipped", "EDEDED"},
		}
		for i, w := range want {
			r := rows[i+1]
			if r[1] != w.step || r[2] != w.status {
				t.Errorf("row %d: %q %q", i+2, r[1], r[2])
			}
			if got := cellFill(t, f, sh, "C"+itoa(i+2)); got != w.fill {
				t.Errorf("row %d status fill %s, want %s", i+2, got, w.fill)
			}
		}
		if !strings.Contains(rows[3][4], "H1 (严重 / critical): 无拨号音 no dial tone") {
			t.Errorf("host findings %q", rows[3][4])
		}
		if ev := rows[4][7]; !strings.Contains(ev, "pik: 1A2B3C4D") || !strings.Contains(ev, "pinblock: [removed]") || strings.Contains(ev, "0412AC89") {
			t.Errorf("keys evidence %q", ev)
		}
		if v, _ := f.GetCellValue(sh, "G2"); v != "1.3" {
			t.Errorf("duration %q, want 1.3 (seconds, one decimal)", v)
		}
	})

	t.Run("findings", func(t *testing.T) {
		rows, _ := f.GetRows(SheetFindings)
		byCode := map[string][]string{}
		for _, r := range rows[1:] {
			if _, ok := byCode[r[0]]; !ok {
				byCode[r[0]] = r
			}
		}
		if r := byCode["03"]; len(r) < 10 || r[1] != "无效商户 / Invalid merchant" || r[2] != "现场所见 / seen on site" ||
			r[5] != "商户未登记或已停用" || r[6] != "Merchant not registered or stopped" || r[9] != "银联应答码表" {
			t.Errorf("03 row %q", r)
		}
		if r := byCode["H1"]; len(r) < 10 || r[3] != "严重 / critical" || r[7] != "维护人员 / technician" ||
			r[8] != "1. 检查电话线 check the phone cable\n2. 用电话机试线 test the line with a phone" || r[9] != "PROTOCOL.md §7" {
			t.Errorf("H1 row %q", r)
		}
		if r := byCode[diagnostics.CodeUnsettled]; len(r) < 10 || r[9] != "POS Doctor 检查项 / checklist" {
			t.Errorf("UNSETTLED row %q", r)
		}
		if r := byCode["14"]; len(r) < 7 || strings.Contains(r[6], testPAN) || !strings.Contains(r[6], "622202******7894") {
			t.Errorf("14 row: the book's text was not masked: %q", r)
		}
	})

	t.Run("transactions", func(t *testing.T) {
		sh := SheetTransactions
		rows, _ := f.GetRows(sh)
		if len(rows) != 41 {
			t.Fatalf("%d rows, want 41", len(rows))
		}
		card := regexp.MustCompile(`^\d{6}\*{6}\d{4}$`)
		for i, r := range rows[1:] {
			if !card.MatchString(r[3]) {
				t.Errorf("row %d card %q not masked to first 6 and last 4", i+2, r[3])
			}
		}
		wantFill := map[int]string{2: "FFC7CE", 3: "F8CBAD", 4: "F8CBAD", 5: "FFF2CC", 6: "", 41: ""}
		for row, fill := range wantFill {
			for _, col := range []string{"A", "C", "D", "K"} {
				if got := cellFill(t, f, sh, col+itoa(row)); got != fill {
					t.Errorf("%s%d fill %q, want %q", col, row, got, fill)
				}
			}
		}
		if r := rows[1]; r[10] != "冲正未确认：切勿重刷 / Reversal not confirmed: never re-swipe" || r[9] != "U 冲正未确认" {
			t.Errorf("reversal row %q", r)
		}
		if r := rows[4]; r[7] != "51" || r[8] != "余额不足 / Insufficient funds" || r[10] != "交易失败 / Failed" {
			t.Errorf("failed row %q", r)
		}
		if r := rows[2]; r[1] != "SALE 消费" || r[2] != "88.00" || r[0] != "2026-03-05 09:41:00" {
			t.Errorf("duplicate row %q", r)
		}
		if typ, _ := f.GetCellType(sh, "C3"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Error("amount written as text")
		}
		if raw, _ := f.GetCellValue(sh, "C3", excelize.Options{RawCellValue: true}); raw != "88" {
			t.Errorf("amount raw %q, want 88 (yuan)", raw)
		}
		if typ, _ := f.GetCellType(sh, "E2"); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
			t.Errorf("trace number not text: leading zeros would go (%v)", typ)
		}
		if w, _ := f.GetColWidth(sh, "D"); w < 18 {
			t.Errorf("card column width %.1f", w)
		}
		note := diagnostics.TxnUnconfirmedReverse.Label().Pair()
		if w, _ := f.GetColWidth(sh, "K"); w < float64(locale.Width(note)) {
			t.Errorf("attention column width %.1f too narrow for %q", w, note)
		}
	})

	t.Run("events and trace", func(t *testing.T) {
		rows, _ := f.GetRows(SheetEvents)
		found := false
		for _, r := range rows {
			if len(r) > 2 && r[2] == "MAC错 =SUM(A1)" {
				found = true
			}
		}
		if !found {
			t.Error("event text with '=' not kept literally")
		}
		rows, _ = f.GetRows(SheetTrace)
		if len(rows) != 5 || rows[1][1] != "发 out" || rows[1][3] != "02 53 54 1F 03" || rows[2][1] != "收 in" {
			t.Errorf("trace rows %q", rows)
		}
	})

	t.Run("xml", func(t *testing.T) {
		parts := filetest.ZipParts(t, path)
		sheetXML := func(name string) string {
			for i, s := range f.GetSheetList() {
				if s == name {
					return parts["xl/worksheets/sheet"+itoa(i+1)+".xml"]
				}
			}
			return ""
		}
		x := sheetXML(SheetTransactions)
		for _, want := range []*regexp.Regexp{
			regexp.MustCompile(`<dimension ref="A1:K41"`),
			regexp.MustCompile(`<autoFilter ref="\$?A\$?1:\$?K\$?41"`),
			regexp.MustCompile(`<pane [^>]*state="frozen"[^>]*ySplit="1"`),
			regexp.MustCompile(`<pageSetup [^>]*orientation="landscape"[^>]*paperSize="9"`),
			regexp.MustCompile(`<sheetPr><pageSetUpPr fitToPage="(true|1)"`),
		} {
			if !want.MatchString(x) {
				t.Errorf("transactions sheet XML lacks %s", want)
			}
		}
		// Excel wants <col> elements in ascending order
		colMin := regexp.MustCompile(`<col [^>]*min="(\d+)"`)
		for _, name := range f.GetSheetList() {
			prev := 0
			for _, m := range colMin.FindAllStringSubmatch(sheetXML(name), -1) {
				n, _ := strconv.Atoi(m[1])
				if n <= prev {
					t.Errorf("%s: <col min=%d> after %d", name, n, prev)
				}
				prev = n
			}
			if prev == 0 {
				t.Errorf("%s: no column widths", name)
			}
		}
		// no formulas anywhere: every outside text is a string cell
		for name, p := range parts {
			if strings.Contains(p, "<f>") || strings.Contains(p, "<f ") {
				t.Errorf("%s holds a formula", name)
			}
		}
	})
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestExcelStylesCreatedOnce(t *testing.T) {
	count := func(n int) int {
		inc := testIncident(time.Date(2026, 3, 5, 10, 30, 0, 0, cst), n)
		return readExcel(t, inc, ExcelOptions{Explainer: testExplainer}).Styles.CellXfs.Count
	}
	small, large := count(10), count(1500)
	if small != large {
		t.Errorf("cell formats: %d for 10 transactions, %d for 1500: styles are made per cell", small, large)
	}
}

func TestExportExcelKeepsExistingFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.xlsx")
	os.WriteFile(path, []byte("precious"), 0o644)
	inc := testIncident(time.Now(), 5)
	err := ExportExcel(path, inc, ExcelOptions{})
	if !errors.Is(err, ErrExists) || !errors.Is(err, fs.ErrExist) {
		t.Fatalf("export over an existing file: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "precious" {
		t.Fatal("existing file changed")
	}
	if err := ExportExcel(path, inc, ExcelOptions{Overwrite: true}); err != nil {
		t.Fatal(err)
	}
	if f, err := excelize.OpenFile(path); err != nil {
		t.Fatalf("overwritten file is not a workbook: %v", err)
	} else {
		f.Close()
	}
	if err := ExportExcel(filepath.Join(dir, "new.xlsx"), inc, ExcelOptions{}); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"new.xlsx", "r.xlsx"}) {
		t.Errorf("folder holds %q: temporary files left behind", names)
	}
	if err := ExportExcel(filepath.Join(dir, "missing", "x.xlsx"), inc, ExcelOptions{}); err == nil {
		t.Error("export into a missing folder succeeded")
	}
}

func TestExcelEmptyIncident(t *testing.T) {
	f := readExcel(t, NewIncident(time.Date(2026, 3, 5, 10, 30, 0, 0, cst)), ExcelOptions{})
	if got := f.GetSheetList(); !slices.Equal(got, sheetOrder[:5]) {
		t.Errorf("sheets %q (no trace sheet without a trace)", got)
	}
	if v, _ := f.GetCellValue(SheetTransactions, "A2"); v != "（无记录）No records" {
		t.Errorf("empty journal shows %q", v)
	}
	if err := WriteExcel(io.Discard, nil, ExcelOptions{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("nil incident: %v", err)
	}
}

// readWithOpenpyxl runs script with openpyxl, a reader that shares no code with excelize, on
// the workbook at path (opened as wb), and decodes the JSON of what it leaves in out into got.
// Without openpyxl the test is skipped, except in CI, where make test installs it.
func readWithOpenpyxl(t *testing.T, path, script string, got any) {
	t.Helper()
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import openpyxl").Run(); err != nil {
		if os.Getenv("CI") != "" { // in CI a missing reader is a failure
			t.Fatalf("python3-openpyxl is not installed (scripts/deps.sh test installs it): %v", err)
		}
		t.Skip("python3-openpyxl not installed: apt-get install python3-openpyxl")
	}
	prog := "import json, sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\n" + script +
		"\nprint(json.dumps(out, ensure_ascii=False))\n"
	outb, err := exec.Command(py, "-c", prog, path).CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, outb)
	}
	if err := json.Unmarshal(outb, got); err != nil {
		t.Fatalf("%v: %s", err, outb)
	}
}

// TestExcelIndependentReader opens the workbook with openpyxl, a reader that shares no code
// with excelize.
func TestExcelIndependentReader(t *testing.T) {
	now := time.Date(2026, 3, 5, 10, 30, 0, 0, cst)
	inc := testIncident(now, 40)
	plantPAN(inc)
	path, _ := writeTestWorkbook(t, inc)
	const script = `
out = {"sheets": wb.sheetnames}
ws = wb["交易记录 Transactions"]
rows = list(ws.iter_rows(values_only=True))
out["header"] = list(rows[0])
out["rows"] = len(rows)
out["cards"] = [r[3] for r in rows[1:]]
out["amount"] = ws["C3"].value
out["amount_fmt"] = ws["C3"].number_format
out["time_type"] = type(ws["A2"].value).__name__
out["fills"] = [ws.cell(row=r, column=1).fill.fgColor.rgb for r in range(2, 7)]
out["freeze"] = ws.freeze_panes
out["filter"] = ws.auto_filter.ref
out["orientation"] = ws.page_setup.orientation
out["fit_width"] = ws.page_setup.fitToWidth
out["print_titles"] = str(ws.print_title_rows)
s = wb["摘要 Summary"]
notes = [c for row in s.iter_rows() for c in row if c.value == "备注\nNotes"][0]
nv = s.cell(row=notes.row, column=notes.column + 1)
out["notes"] = nv.value
out["notes_type"] = nv.data_type
ev = wb["终端日志 Event log"]
out["event_types"] = sorted({c.data_type for row in ev.iter_rows(min_row=2) for c in row if c.value is not None})
`
	var got struct {
		Sheets      []string `json:"sheets"`
		Header      []string `json:"header"`
		Rows        int      `json:"rows"`
		Cards       []string `json:"cards"`
		Amount      float64  `json:"amount"`
		AmountFmt   string   `json:"amount_fmt"`
		TimeType    string   `json:"time_type"`
		Fills       []string `json:"fills"`
		Freeze      string   `json:"freeze"`
		Filter      string   `json:"filter"`
		Orientation string   `json:"orientation"`
		FitWidth    int      `json:"fit_width"`
		PrintTitles string   `json:"print_titles"`
		Notes       string   `json:"notes"`
		NotesType   string   `json:"notes_type"`
		EventTypes  []string `json:"event_types"`
	}
	readWithOpenpyxl(t, path, script, &got)
	if !slices.Equal(got.Sheets, sheetOrder) || got.Rows != 41 || got.Header[3] != "卡号\nCard no. (masked)" {
		t.Errorf("openpyxl sees sheets %q, %d rows, header %q", got.Sheets, got.Rows, got.Header)
	}
	for _, c := range got.Cards {
		if strings.Contains(c, testPAN) || !strings.Contains(c, "******") {
			t.Errorf("card %q", c)
		}
	}
	if got.Amount != 88 || got.AmountFmt != "#,##0.00" || got.TimeType != "datetime" {
		t.Errorf("amount %v fmt %q time %s", got.Amount, got.AmountFmt, got.TimeType)
	}
	wantFills := []string{"FFFFC7CE", "FFF8CBAD", "FFF8CBAD", "FFFFF2CC", "00000000"}
	if !slices.Equal(got.Fills, wantFills) {
		t.Errorf("fills %q, want %q", got.Fills, wantFills)
	}
	if got.Freeze != "A2" || strings.ReplaceAll(got.Filter, "$", "") != "A1:K41" || got.Orientation != "landscape" || got.FitWidth != 1 || !strings.Contains(got.PrintTitles, "$1:$1") {
		t.Errorf("freeze %q filter %q orientation %q fit %d titles %q", got.Freeze, got.Filter, got.Orientation, got.FitWidth, got.PrintTitles)
	}
	if got.NotesType != "s" || !strings.HasPrefix(got.Notes, "=HYPERLINK") {
		t.Errorf("notes %q read as type %q (want a string, not a formula)", got.Notes, got.NotesType)
	}
	if slices.Contains(got.EventTypes, "f") {
		t.Errorf("event log has formula cells: %q", got.EventTypes)
	}
}

// TestWriteSample writes the sample visit's report and saves it to a store, then reads both
// back. It writes them where POSDOCTOR_SAMPLE_XLSX and POSDOCTOR_SAMPLE_DB say, to look at the
// report or try the CLI on the store, else to a temporary folder.
func TestWriteSample(t *testing.T) {
	path, db := os.Getenv("POSDOCTOR_SAMPLE_XLSX"), os.Getenv("POSDOCTOR_SAMPLE_DB")
	if path == "" {
		path = filepath.Join(t.TempDir(), "sample.xlsx")
	}
	if db == "" {
		db = filepath.Join(t.TempDir(), "sample.db")
	}
	inc := testIncident(time.Date(2026, 3, 5, 10, 30, 0, 0, cst), 60)
	plantPAN(inc)
	inc.Closed = inc.Opened.Add(55 * time.Minute)
	if err := ExportExcel(path, inc, ExcelOptions{Explainer: testExplainer, Overwrite: true, Location: cst}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 6 || got[0] != SheetSummary || got[5] != SheetTrace {
		t.Errorf("sheets %q", got)
	}
	if rows, _ := f.GetRows(SheetTransactions); len(rows) != 61 {
		t.Errorf("transactions sheet has %d rows, want a header and 60", len(rows))
	}
	s, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Save(context.Background(), inc); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(context.Background(), inc.ID)
	if err != nil || len(got.Journal) != 60 || !got.Closed.Equal(inc.Closed) {
		t.Errorf("saved sample reads back with %v", err)
	}
}

func TestReportFileName(t *testing.T) {
	inc := NewIncident(time.Date(2026, 3, 9, 23, 0, 0, 0, cst))
	inc.ID = "8740f1ea-6c37-4afd-83f9-cdf2e5f41d63"
	for tid, want := range map[string]string{
		"12345678":   "incident-12345678-20260309-8740f1ea.xlsx",
		"":           "incident-unknown-20260309-8740f1ea.xlsx",
		"../T1 / 终端": "incident-T1-20260309-8740f1ea.xlsx",
	} {
		inc.TID = tid
		if got := ReportFileName(inc); got != want {
			t.Errorf("TID %q: %s, want %s", tid, got, want)
		}
	}
}

// TestIncidentWorkbookGolden pins every cell value of the incident workbook of the fixture
// visit: moving code between packages must not change what the provider reads. Run with
// -update to accept a deliberate change, and look at the diff.
func TestIncidentWorkbookGolden(t *testing.T) {
	now := time.Date(2026, 3, 5, 10, 30, 0, 0, cst)
	inc := testIncident(now, 25)
	inc.ID = "8740f1ea-5c3b-4d51-9a0e-2b7f3c1d9e01" // fixed, so the footer and title are stable
	plantPAN(inc)
	_, f := writeTestWorkbook(t, inc)
	var b strings.Builder
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "== %s\n", sh)
		for i, r := range rows {
			for j, v := range r {
				if v != "" {
					fmt.Fprintf(&b, "%d,%d\t%q\n", i+1, j+1, v)
				}
			}
		}
	}
	golden.Check(t, "workbook", filepath.Join("testdata", "incident-workbook.golden"), b.String())
}

// TestWorkbookFindingsBilingualDurationsRounded: a finding's message and a step's summary are
// rendered from their templates in Chinese beside the English ("中文 / English", like the
// headers), in the Checklist and Findings sheets, and a step's duration is stored to two
// decimals.
func TestWorkbookFindingsBilingualDurationsRounded(t *testing.T) {
	now := time.Date(2026, 3, 5, 10, 30, 0, 0, cst)
	inc := testIncident(now, 5)
	const key = "link lost: {{.Err}}" // a registered template with a shipped translation
	en, err := diagnostics.RenderMessage(key, map[string]any{"Err": "EOT"})
	if err != nil {
		t.Fatal(err)
	}
	s := &inc.Runs[0].Steps[0]
	s.Duration, s.DurationMS = 1257212825*time.Nanosecond, 1257
	const sumKey = "terminal answers; {{.Rounds}} echo rounds, median {{.MS}} ms"
	sumArgs := map[string]any{"Rounds": 4, "MS": 3}
	if s.Summary, err = diagnostics.RenderMessage(sumKey, sumArgs); err != nil {
		t.Fatal(err)
	}
	s.SummaryKey, s.SummaryArgs = sumKey, sumArgs
	sumWant := testExplainer.RenderMessage(locale.ZH, sumKey, sumArgs, s.Summary) + " / " + s.Summary
	s.Findings = []diagnostics.Finding{{Code: diagnostics.CodeLinkLost, Severity: diagnostics.SeverityWarning,
		Who: diagnostics.WhoTechnician, Message: en, MessageKey: key, MessageArgs: map[string]any{"Err": "EOT"},
		Actions: []string{"Reseat the cable."}}}
	_, f := writeTestWorkbook(t, inc)

	zh := testExplainer.RenderMessage(locale.ZH, key, map[string]any{"Err": "EOT"}, en)
	if zh == en || !strings.HasSuffix(zh, "EOT") {
		t.Fatalf("the Chinese rendering of %q is %q: no translation shipped?", key, zh)
	}
	want := zh + " / " + en
	found := false
	rows, _ := f.GetRows(SheetFindings)
	for _, r := range rows {
		if len(r) > 4 && r[0] == diagnostics.CodeLinkLost {
			found = true
			if r[4] != want {
				t.Errorf("Findings message = %q, want %q", r[4], want)
			}
		}
	}
	if !found {
		t.Errorf("no %s row in the Findings sheet", diagnostics.CodeLinkLost)
	}
	rows, _ = f.GetRows(SheetChecklist, excelize.Options{RawCellValue: true})
	var sawMsg, sawSum, sawDur bool
	for _, r := range rows {
		for _, v := range r {
			sawMsg = sawMsg || strings.Contains(v, want)
			sawSum = sawSum || v == sumWant
			sawDur = sawDur || v == "1.26"
			if strings.Contains(v, "1.257") {
				t.Errorf("a Checklist cell keeps the unrounded duration: %q", v)
			}
		}
	}
	if !sawMsg || !sawSum || !sawDur {
		t.Errorf("Checklist sheet: bilingual message %v, bilingual summary %q %v, duration 1.26 %v", sawMsg, sumWant, sawSum, sawDur)
	}
}

// TestIssue9Item18ExportNamesTheUsersPath: a report that cannot be written names the path the
// user gave and its folder, never the temporary file it is written through.
func TestIssue9Item18ExportNamesTheUsersPath(t *testing.T) {
	inc := testIncident(time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC), 3)
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing", "dir", "x.xlsx")
	err := ExportExcel(missing, inc, ExcelOptions{})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing folder: err = %v, want one matching fs.ErrNotExist", err)
	}
	if err == nil || strings.Contains(err.Error(), ".tmp") || !strings.Contains(err.Error(), missing) ||
		!strings.Contains(err.Error(), filepath.Dir(missing)+" does not exist") {
		t.Errorf("missing folder: %v; want the path given and that its folder does not exist", err)
	}

	file := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	under := filepath.Join(file, "x.xlsx")
	err = ExportExcel(under, inc, ExcelOptions{})
	if err == nil || strings.Contains(err.Error(), ".tmp") || !strings.Contains(err.Error(), file+" is not a folder") {
		t.Errorf("folder is a file: %v; want it said that %s is not a folder", err, file)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the failed exports left files behind: %v", entries)
	}
}
