package reports

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/internal/filetest"
	"posdoctor/locale"
)

// maskedTestPAN is testPAN as every workbook shows it: first 6 and last 4.
const maskedTestPAN = "622202******7894"

// longTraceRaw is a frame longer than the trace sheet shows in hex, so its cell ends in
// "…(+N)": a cell of hex that is not ASCII alone and goes through the conversion.
var longTraceRaw = []byte("\x02TX\x1f" + strings.Repeat("TID=12345678 MID=898310048160001 ", 3) + "\x03")

// twIncident is the test visit with a card number planted everywhere, a long frame in its
// trace and a produced form, so every sheet of the incident workbook is written.
func twIncident(t *testing.T) *Incident {
	t.Helper()
	now := time.Date(2026, 3, 5, 10, 30, 0, 0, cst)
	inc := testIncident(now, 40)
	plantPAN(inc)
	inc.Trace = append(inc.Trace, TraceLine{Time: now, Dir: "in", Kind: "frame", Raw: longTraceRaw, Text: "TX 签购单 重打印"})
	// typed in Taiwan: 台 is not 臺, 后 and 里 are a name's, not 後 and 裡
	inc.Branch, inc.Technician, inc.Notes = "台北信義分行", "王后里", inc.Notes+" 台中"
	fi := formIncident(formTxn("SALE", "00", "U"))
	fi.Branch, fi.Technician = inc.Branch, inc.Technician // the form's boxes, typed too
	f, err := NewForm(fi, FormRequest{Kind: FormCollection, Trace: "1234", Contact: "138 0000 0000", Now: now}, nil)
	if err != nil {
		t.Fatal(err)
	}
	inc.Forms = append(inc.Forms, f.Record())
	inc.Journal = append(inc.Journal, fi.Journal...)
	return inc
}

// bothScripts writes a workbook with and without the conversion and opens both.
func bothScripts(t *testing.T, write func(traditional func(string) string, w *bytes.Buffer) error) (simp, trad *excelize.File) {
	t.Helper()
	open := func(conv func(string) string) *excelize.File {
		return openWritten(t, func(w *bytes.Buffer) error { return write(conv, w) })
	}
	return open(nil), open(codebook.ToTraditional)
}

// hasHan reports whether s holds a Chinese character.
func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

// checkTraditional holds the Traditional workbook to the Simplified one written from the same
// data: the same sheets and cells, each the Simplified one converted (so English, numbers,
// masked card numbers and hex are the same bytes) and holding no Simplified any more; and at
// least one cell that conversion really changed, on every sheet with Chinese in it.
//
// kept are what people typed and the terminal reported: written as stored, not converted, so
// a cell is held to the conversion only without them (keptRuns, withoutKept).
func checkTraditional(t *testing.T, simp, trad *excelize.File, kept ...string) {
	t.Helper()
	ss, ts := simp.GetSheetList(), trad.GetSheetList()
	if len(ss) != len(ts) {
		t.Fatalf("sheets: Simplified %q, Traditional %q", ss, ts)
	}
	for i, name := range ss {
		if want := codebook.ToTraditional(name); ts[i] != want {
			t.Errorf("sheet %d: %q, want %q (from %q)", i, ts[i], want, name)
		}
		srows, err := simp.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		trows, err := trad.GetRows(ts[i])
		if err != nil {
			t.Fatal(err)
		}
		if len(srows) != len(trows) {
			t.Fatalf("sheet %q: %d rows, Simplified has %d", ts[i], len(trows), len(srows))
		}
		changed := 0
		for r := range srows {
			if len(srows[r]) != len(trows[r]) {
				t.Fatalf("sheet %q row %d: %d cells, Simplified has %d", ts[i], r+1, len(trows[r]), len(srows[r]))
			}
			for c, s := range srows[r] {
				got := trows[r][c]
				own := withoutKept(got, kept)
				if want := codebook.ToTraditional(s); got != want && own == got && codebook.ToTraditional(own) != own {
					t.Errorf("sheet %q row %d col %d: %q, want %q", ts[i], r+1, c+1, got, want)
				}
				if codebook.ToTraditional(own) != own {
					t.Errorf("sheet %q row %d col %d: Simplified left in %q", ts[i], r+1, c+1, got)
				}
				if got != s {
					changed++
				}
			}
		}
		if changed == 0 {
			t.Errorf("sheet %q: no cell converted", ts[i])
		}
	}
}

// keptRuns are the runs of Chinese characters in fields: what a workbook writes as stored.
func keptRuns(fields ...string) []string {
	var out []string
	for _, f := range fields {
		out = append(out, strings.FieldsFunc(f, func(r rune) bool { return !unicode.Is(unicode.Han, r) })...)
	}
	return out
}

// incidentKept is what the incident's people typed and its terminal reported, in runs of
// Chinese (keptRuns).
func incidentKept(inc *Incident) []string {
	fields := []string{inc.Merchant, inc.Branch, inc.Site, inc.Technician, inc.Symptom, inc.Notes, inc.EscalationReason, inc.Model}
	for _, c := range inc.Codes {
		fields = append(fields, c.Prompt)
	}
	for _, a := range inc.Actions {
		fields = append(fields, a.What, a.Result)
	}
	for _, e := range inc.Events {
		fields = append(fields, e.Text)
	}
	for _, l := range inc.Trace {
		fields = append(fields, l.Text)
	}
	return keptRuns(fields...)
}

// withoutKept is s with every kept run taken out, the longest first (卡号 is in 无效卡号).
func withoutKept(s string, kept []string) string {
	kept = slices.Clone(kept)
	slices.SortFunc(kept, func(a, b string) int { return len(b) - len(a) })
	for _, k := range kept {
		s = strings.ReplaceAll(s, k, "")
	}
	return s
}

// allText is every cell of every sheet, one per line.
func allText(t *testing.T, f *excelize.File) string {
	t.Helper()
	var b strings.Builder
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			for _, c := range r {
				b.WriteString(c + "\n")
			}
		}
	}
	return b.String()
}

// TestIncidentWorkbookTraditional: with Traditional the incident workbook — every sheet, the
// form's too — reads in Traditional Chinese as Taiwan writes it, while its English, the masked
// card number and the hex of the trace are what the Simplified workbook has.
func TestIncidentWorkbookTraditional(t *testing.T) {
	inc := twIncident(t)
	now := time.Date(2026, 3, 5, 11, 0, 0, 0, cst)
	simp, trad := bothScripts(t, func(conv func(string) string, w *bytes.Buffer) error {
		return WriteExcel(w, inc, ExcelOptions{Explainer: testExplainer, Now: now, Location: cst, Traditional: conv})
	})
	checkTraditional(t, simp, trad, incidentKept(inc)...)

	want := []string{"摘要 Summary", "檢查項 Checklist", "故障碼 Findings", "交易記錄 Transactions", "終端日誌 Event log", "通訊記錄 Link trace", "託收請款 Collection 001234"}
	if got := trad.GetSheetList(); !slices.Equal(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}
	text := allText(t, trad)
	for _, w := range []string{"簽購單", "金鑰", "TX 签购单 重打印", "台北信義分行", "王后里", "台中", "終端號\nTID", "卡號\nCard no. (masked)", maskedTestPAN, "898310048160001", "Invalid merchant"} {
		if !strings.Contains(text, w) {
			t.Errorf("the Traditional workbook lacks %q", w)
		}
	}
	for _, w := range []string{"籤購單", "密鑰", "TX 簽購單", testPAN} {
		if strings.Contains(text, w) {
			t.Errorf("the Traditional workbook has %q", w)
		}
	}
	// what was typed, as typed, on every sheet, the merchant's form's too
	for _, sh := range want {
		rows, _ := trad.GetRows(sh)
		for _, r := range rows {
			for _, c := range r {
				for _, w := range []string{"臺北", "王後裡", "臺中"} {
					if strings.Contains(c, w) {
						t.Errorf("sheet %q has %q, converted from what was typed: %q", sh, w, c)
					}
				}
			}
		}
	}
	// the long frame's hex, ending in "…(+N)", is the same bytes in both
	hex := hexDump(longTraceRaw, 64)
	if !strings.Contains(hex, "…") || !strings.Contains(hex, "54 49 44 3D 31 32") || !strings.Contains(text, hex) || !strings.Contains(allText(t, simp), hex) {
		t.Errorf("the trace's hex %q is not in both workbooks", hex)
	}
	props, err := trad.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Language != "zh-TW" || props.Title != "POS 終端故障報告 "+inc.TID {
		t.Errorf("document properties: language %q, title %q", props.Language, props.Title)
	}
	if props, _ := simp.GetDocProps(); props.Language != "zh-CN" || props.Title != "POS 终端故障报告 "+inc.TID {
		t.Errorf("Simplified document properties: language %q, title %q", props.Language, props.Title)
	}
}

// TestIncidentWorkbookTraditionalPrint: the printed pages' footer is converted too.
func TestIncidentWorkbookTraditionalPrint(t *testing.T) {
	inc := twIncident(t)
	inc.ID = "事件编号-测试"
	simp, trad := bothScripts(t, func(conv func(string) string, w *bytes.Buffer) error {
		return WriteExcel(w, inc, ExcelOptions{Explainer: testExplainer, Traditional: conv})
	})
	for _, c := range []struct {
		f    *excelize.File
		want string
	}{{simp, "事件编号-测试"}, {trad, "事件編號-測試"}} {
		sh := c.f.GetSheetList()[1]
		hf, err := c.f.GetHeaderFooter(sh)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(hf.OddFooter, "POS Doctor "+c.want) {
			t.Errorf("sheet %q footer %q, want %q in it", sh, hf.OddFooter, c.want)
		}
	}
}

// TestMonthlyWorkbookTraditional: the monthly workbook, charts' titles and all, in Traditional.
func TestMonthlyWorkbookTraditional(t *testing.T) {
	r, prev, d := fixtureMonth(t)
	var tradBytes []byte
	simp, trad := bothScripts(t, func(conv func(string) string, w *bytes.Buffer) error {
		err := WriteMonthlyExcel(w, r, MonthlyOptions{Previous: prev, Detail: d, Explainer: testExplainer, Location: cst, Traditional: conv})
		if conv != nil {
			tradBytes = bytes.Clone(w.Bytes())
		}
		return err
	})
	var kept []string
	for _, v := range monthFixture() {
		kept = append(kept, keptRuns(v.Branch, v.Technician, v.Merchant, v.Model)...)
	}
	checkTraditional(t, simp, trad, kept...)
	if got := trad.GetSheetList(); !slices.Contains(got, "趨勢 Trend") || !slices.Contains(got, "問題終端 Repeat terminals") {
		t.Errorf("sheets %q", got)
	}
	charts := 0
	for name, part := range filetest.ZipBytesParts(t, tradBytes) {
		if !strings.HasPrefix(name, "xl/charts/chart") {
			continue
		}
		charts++
		if title := chartTitleText(part); title != codebook.ToTraditional(title) {
			t.Errorf("%s: chart title %q is not Traditional", name, title)
		}
		if strings.Contains(part, "趋势") || strings.Contains(part, "分类") {
			t.Errorf("%s refers to a Simplified sheet name", name)
		}
	}
	if charts == 0 {
		t.Error("no charts in the monthly workbook")
	}
}

// chartTitleText is the text of a chart part's title runs.
func chartTitleText(part string) string {
	var b strings.Builder
	for _, s := range strings.Split(part, "<a:t>")[1:] {
		b.WriteString(s[:strings.Index(s, "</a:t>")])
	}
	return b.String()
}

// TestTrainingWorkbookTraditional: the trainer's workbook in Traditional.
func TestTrainingWorkbookTraditional(t *testing.T) {
	recs := trainingFixture()
	const trainee, trainer = "台后里", "吴台" // names as typed: OpenCC would write 臺後裡, 吳臺
	for i := range recs {
		if recs[i].Trainee == recs[0].Trainee {
			recs[i].Trainee = trainee
		}
		recs[i].Trainer = trainer
	}
	simp, trad := bothScripts(t, func(conv func(string) string, w *bytes.Buffer) error {
		return WriteTrainingExcel(w, recs, TrainingOptions{Month: "2026-11", Rules: trainingRules, Location: cst,
			Now: func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, cst) }, Traditional: conv})
	})
	kept := []string{trainer}
	for _, r := range recs {
		kept = append(kept, r.Trainee)
	}
	checkTraditional(t, simp, trad, kept...)
	var names, converted int
	for _, sheet := range trad.GetSheetList() {
		rows, _ := trad.GetRows(sheet)
		for _, r := range rows {
			for _, v := range r {
				if v == trainee || v == trainer {
					names++
				}
				if strings.Contains(v, "臺後裡") || strings.Contains(v, "吳臺") {
					converted++
				}
			}
		}
	}
	if names == 0 || converted > 0 {
		t.Errorf("the trainee's and trainer's names as typed: %d cells, converted in %d", names, converted)
	}
	if got, want := trad.GetSheetList(), []string{"名冊 Roster", "明細 Attempts", "分析 By drill", "評分規則 Scoring"}; !slices.Equal(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}
}

// TestIncidentWorkbookTraditionalIndependentReader opens the Traditional incident workbook
// with openpyxl, which shares no code with excelize: its sheet names and every text cell are
// Traditional, and the card number and the trace's hex are there as written.
func TestIncidentWorkbookTraditionalIndependentReader(t *testing.T) {
	inc := twIncident(t)
	path := filepath.Join(t.TempDir(), "tw.xlsx")
	if err := ExportExcel(path, inc, ExcelOptions{Explainer: testExplainer, Location: cst, Traditional: codebook.ToTraditional}); err != nil {
		t.Fatal(err)
	}
	const script = `
out = {"sheets": wb.sheetnames, "cells": []}
for ws in wb.worksheets:
    for row in ws.iter_rows(values_only=True):
        out["cells"] += [v for v in row if isinstance(v, str)]
`
	var got struct {
		Sheets []string `json:"sheets"`
		Cells  []string `json:"cells"`
	}
	readWithOpenpyxl(t, path, script, &got)
	kept := incidentKept(inc)
	if len(got.Sheets) != 7 || got.Sheets[1] != "檢查項 Checklist" || got.Sheets[6] != "託收請款 Collection 001234" {
		t.Errorf("openpyxl sees sheets %q", got.Sheets)
	}
	han := 0
	for _, s := range append(got.Sheets, got.Cells...) {
		if own := withoutKept(s, kept); codebook.ToTraditional(own) != own {
			t.Errorf("Simplified left in %q", s)
		}
		if hasHan(s) {
			han++
		}
	}
	all := strings.Join(got.Cells, "\n")
	for _, w := range []string{"簽購單", maskedTestPAN, hexDump(longTraceRaw, 64), "交易記錄 Transactions"} {
		if !strings.Contains(all+"\n"+strings.Join(got.Sheets, "\n"), w) {
			t.Errorf("openpyxl does not find %q", w)
		}
	}
	if han < 100 {
		t.Errorf("only %d cells of Chinese", han)
	}
}

// TestIncidentWorkbookMessagesInTheReadersChinese: the checklist's summaries and messages and
// the step names are the zh_TW translations in a Traditional workbook (連線測試, 終端機有回應),
// not the Simplified converted (終端有應答); the Summary sheet's verdict reasons are
// "中文 / English" like the findings, in Simplified and in Traditional.
func TestIncidentWorkbookMessagesInTheReadersChinese(t *testing.T) {
	const sumKey = "terminal answers; {{.Rounds}} echo rounds, median {{.MS}} ms"
	const key = "link lost: {{.Err}}"
	sumArgs, args := map[string]any{"Rounds": 4, "MS": 3}, map[string]any{"Err": "EOT"}
	sumEN, err := diagnostics.RenderMessage(sumKey, sumArgs)
	if err != nil {
		t.Fatal(err)
	}
	en, err := diagnostics.RenderMessage(key, args)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang locale.Lang
		conv func(string) string
	}{{locale.ZH, nil}, {locale.ZHTW, codebook.ToTraditional}} {
		t.Run(tc.lang.String(), func(t *testing.T) {
			inc := testIncident(time.Date(2026, 3, 5, 10, 30, 0, 0, cst), 5)
			s := &inc.Runs[0].Steps[0]
			s.Summary, s.SummaryKey, s.SummaryArgs = sumEN, sumKey, sumArgs
			s.Findings = append(s.Findings, diagnostics.Finding{Code: diagnostics.CodeLinkLost, Severity: diagnostics.SeverityCritical,
				Who: diagnostics.WhoProvider, Message: en, MessageKey: key, MessageArgs: args})
			f := openWritten(t, func(w *bytes.Buffer) error {
				return WriteExcel(w, inc, ExcelOptions{Explainer: testExplainer, Location: cst, Traditional: tc.conv})
			})
			conv := func(s string) string { return s }
			if tc.conv != nil {
				conv = tc.conv
			}
			sumZH := codebook.RenderMessage(tc.lang, sumKey, sumArgs, sumEN)
			msgZH := codebook.RenderMessage(tc.lang, key, args, en)
			if sumZH == sumEN || msgZH == en {
				t.Fatalf("no %s translation of %q or %q", tc.lang, sumKey, key)
			}
			name := s.ID.Name()
			stepWant := name.ZH + " / " + name.EN
			if tc.lang == locale.ZHTW {
				stepWant = name.ZHTW + " / " + name.EN
			}
			rows, _ := f.GetRows(conv(SheetChecklist))
			var sawStep, sawSum, sawMsg bool
			for _, r := range rows[1:] {
				sawStep = sawStep || r[1] == stepWant
				sawSum = sawSum || r[3] == sumZH+" / "+sumEN
				sawMsg = sawMsg || strings.Contains(r[4], msgZH+" / "+en)
			}
			if !sawStep || !sawSum || !sawMsg {
				t.Errorf("Checklist: step %q %v, summary %q %v, message %q %v", stepWant, sawStep, sumZH, sawSum, msgZH, sawMsg)
			}
			reasons := ""
			rows, _ = f.GetRows(conv(SheetSummary))
			for _, r := range rows {
				if len(r) > 1 && r[0] == conv("结论依据\nVerdict reasons") {
					reasons = r[1]
				}
			}
			if want := diagnostics.CodeLinkLost + ": " + msgZH + " / " + en; !strings.Contains(reasons, want) {
				t.Errorf("verdict reasons %q, want a line %q", reasons, want)
			}
		})
	}
}

// TestMonthlyWorkbookTraditionalKeepsTheBranch: a branch typed in Taiwan (台北, not 臺北) is the
// Traditional monthly workbook's as typed, on its summary and every sheet's subtitle, while
// its own words are converted.
func TestMonthlyWorkbookTraditionalKeepsTheBranch(t *testing.T) {
	const branch = "台北信義分行"
	visits := monthFixture()
	for i := range visits {
		if visits[i].Branch == "A" {
			visits[i].Branch, visits[i].Merchant = branch, "台中便利店"
		}
	}
	r, err := ComputeMonth(visits, "2026-03", branch, cst, time.Date(2026, 4, 3, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	f := openWritten(t, func(w *bytes.Buffer) error {
		return WriteMonthlyExcel(w, r, MonthlyOptions{Explainer: testExplainer, Location: cst, Traditional: codebook.ToTraditional})
	})
	text := allText(t, f)
	for _, w := range []string{branch, branch + " · 2026-03", "分行\nBranch"} {
		if !strings.Contains(text, w) {
			t.Errorf("the Traditional monthly workbook lacks %q", w)
		}
	}
	if strings.Contains(text, "臺北") || strings.Contains(text, "臺中") || !strings.Contains(text, "問題最多的終端") {
		t.Errorf("the Traditional monthly workbook converted the branch or a merchant as typed, or lost its reading")
	}
	for _, sh := range f.GetSheetList() { // the printed footer too
		if hf, err := f.GetHeaderFooter(sh); err != nil || !strings.Contains(hf.OddFooter, "POS Doctor 2026-03 "+branch) {
			t.Errorf("sheet %q footer %+v %v, want the branch as typed", sh, hf, err)
		}
	}
	// and its title (File → Properties): the workbook's words converted, the branch as typed
	if props, err := f.GetDocProps(); err != nil || props.Title != "月度故障報告 "+branch+" 2026-03" {
		t.Errorf("document title %q %v, want 月度故障報告 %s 2026-03", props.Title, err, branch)
	}
}

// TestIncidentWorkbookTraditionalKeepsTheMerchant: the terminal step's summary names the
// merchant as the terminal reports it (台中便利店); a Traditional workbook converts the summary's
// own words and keeps the name, as its Summary sheet does (it wrote 臺中 in the Checklist).
func TestIncidentWorkbookTraditionalKeepsTheMerchant(t *testing.T) {
	const key = "{{.Model}} {{.SN}}, TID {{.TID}}, MID {{.MID}}, {{.Name}}"
	args := map[string]any{"Model": "PAX S920", "SN": "0823724586", "TID": "29696750", "MID": "898290054117411", "Name": "台中便利店"}
	en, err := diagnostics.RenderMessage(key, args)
	if err != nil {
		t.Fatal(err)
	}
	inc := testIncident(time.Date(2026, 3, 5, 10, 30, 0, 0, cst), 5)
	s := &inc.Runs[0].Steps[0]
	s.Summary, s.SummaryKey, s.SummaryArgs = en, key, args
	f := openWritten(t, func(w *bytes.Buffer) error {
		return WriteExcel(w, inc, ExcelOptions{Explainer: testExplainer, Location: cst, Traditional: codebook.ToTraditional})
	})
	text := allText(t, f)
	if strings.Contains(text, "臺中") || !strings.Contains(text, "台中便利店") {
		for _, line := range strings.Split(text, "\n") {
			if strings.Contains(line, "臺中") {
				t.Log(line)
			}
		}
		t.Errorf("the merchant's name was converted in the Traditional workbook")
	}
	rows, _ := f.GetRows(codebook.ToTraditional(SheetChecklist))
	if len(rows) < 2 || !strings.Contains(rows[1][3], "台中便利店") || !strings.Contains(rows[1][3], "終端") {
		t.Errorf("the terminal step's summary: %q, want the name as typed and the own words converted", rows[1])
	}
}

// TestIncidentWorkbookTraditionalRecordsAndEnglish: in a Traditional workbook a pending
// reversal's record reads its type in Taiwan's words (消費, as 消费 in Simplified), and the
// English half's own Chinese ("(冲正未确认)") is converted too, as the rest of the book is.
func TestIncidentWorkbookTraditionalRecordsAndEnglish(t *testing.T) {
	const key = "{{.Count}} reversal(s) not confirmed by the host (冲正未确认): {{.Txns}}. The cardholder may have been debited: never re-swipe."
	args := map[string]any{"Count": 1, "Txns": "2026-03-05 09:12 SALE ¥120.00 622848******1234 #043101"}
	en, err := diagnostics.RenderMessage(key, args)
	if err != nil {
		t.Fatal(err)
	}
	inc := testIncident(time.Date(2026, 3, 5, 10, 30, 0, 0, cst), 5)
	s := &inc.Runs[0].Steps[0]
	s.Findings = append(s.Findings, diagnostics.Finding{Code: diagnostics.CodeUnconfirmedRev, Severity: diagnostics.SeverityCritical, Message: en, MessageKey: key, MessageArgs: args})
	f := openWritten(t, func(w *bytes.Buffer) error {
		return WriteExcel(w, inc, ExcelOptions{Explainer: testExplainer, Location: cst, Traditional: codebook.ToTraditional})
	})
	var line string
	for _, l := range strings.Split(allText(t, f), "\n") {
		if strings.Contains(l, "043101") && strings.Contains(l, " / ") {
			line = l
		}
	}
	if !strings.Contains(line, "消費 ¥120.00") || strings.Contains(line, "冲正未确认") || !strings.Contains(line, "沖正未確認") {
		t.Errorf("the reversal's line in a Traditional workbook: %q", line)
	}
}
