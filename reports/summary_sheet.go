package reports

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"posdoctor/reports/xlsx"
)

// summary writes the Summary sheet: a printable form of the visit (docs/incidents.md).
func (wb *workbook) summary() error {
	inc := wb.inc
	fm, err := wb.book.NewTitledForm(SheetSummary, "POS 终端故障报告  POS Terminal Incident Report",
		fmt.Sprintf("报告编号 Incident ID: %s    生成时间 Generated: %s", inc.ID,
			wb.opts.Now.In(wb.opts.Location).Format("2006-01-02 15:04")), 22, 34, 22, 34)
	if err != nil {
		return err
	}

	fm.Section("终端与商户", "Terminal and merchant")
	// what people typed and the terminal reported is written as stored (xlsx.AsIs): a
	// Traditional workbook converts only its own words
	fm.Pair("商户名称\nMerchant", xlsx.AsIs(inc.Merchant), "商户号\nMID", xlsx.AsIs(inc.MID))
	fm.Pair("终端号\nTID", xlsx.AsIs(inc.TID), "网点\nBranch", xlsx.AsIs(inc.Branch))
	fm.Pair("型号\nModel", xlsx.AsIs(inc.Model), "序列号\nSerial no.", xlsx.AsIs(inc.Serial))
	fm.Pair("固件版本\nFirmware", xlsx.AsIs(inc.Firmware), "通讯方式\nComm mode", xlsx.AsIs(inc.Comm))
	fm.Wide("地点\nSite", xlsx.AsIs(inc.Site))

	fm.Section("到场", "Visit")
	fm.Pair("维护人员\nTechnician", xlsx.AsIs(inc.Technician), "处理结果\nResolution", wb.label(inc.Resolution.Labels()))
	fm.Pair("到场时间\nOpened", wb.local(inc.Opened), "结束时间\nClosed", wb.local(inc.Closed))

	fm.Section("问题", "Problem")
	fm.Wide("故障现象\nSymptom", xlsx.AsIs(inc.Symptom))
	verdict := "（未运行检查）not checked"
	var reasons []string
	if v, ok := inc.Verdict(); ok {
		verdict = wb.label(v.Kind.Label())
		reasons = v.Reasons
	}
	fm.Pair("问题类别\nCategory", wb.label(inc.Category.Labels()), "检查结论\nVerdict", verdict)
	fm.Wide("所见代码与提示\nCodes and prompts seen", wb.codesSeenText())
	fm.Wide("检查发现\nChecklist findings", wb.findingsText())
	if len(reasons) > 0 {
		fm.Wide("结论依据\nVerdict reasons", wb.cell(wb.reasonsText(reasons)))
	}

	fm.Section("处理", "Handling")
	fm.Wide("已采取措施及结果\nActions taken and results", xlsx.AsIs(wb.actionsText()))
	fm.Wide("升级原因\nEscalation reason", xlsx.AsIs(inc.EscalationReason))
	fm.Wide("备注\nNotes", xlsx.AsIs(inc.Notes))

	fm.Section("附件", "Records attached")
	fm.Pair("检查次数\nChecklist runs", len(inc.Runs), "交易记录（需关注）\nTransactions (flagged)", fmt.Sprintf("%d (%d)", len(inc.Journal), inc.FlaggedCount()))
	trace := len(inc.Trace)
	if wb.opts.OmitTrace {
		trace = 0
	}
	fm.Pair("终端日志\nEvent log entries", len(inc.Events), "通讯记录\nLink trace lines", trace)
	fm.Note("卡号仅保留前6位和后4位；本报告不含密钥、PIN 或 PIN 块。Card numbers show at most the first 6 and last 4 digits; this report holds no keys, PINs or PIN blocks.", 2)
	return fm.Close()
}

// local shows one of the visit's own times in the report's zone.
func (wb *workbook) local(t time.Time) time.Time { return inZone(t, wb.opts.Location) }

// inZone is t in loc, as the workbooks write times; a zero time (not yet) stays zero, an empty
// cell rather than a date in year 1.
func inZone(t time.Time, loc *time.Location) time.Time {
	if t.IsZero() {
		return t
	}
	return t.In(loc)
}

// codesSeenText lists the codes seen on site with the book's titles, the prompts as entered:
// written as is, its own words converted here (Book.Own).
func (wb *workbook) codesSeenText() xlsx.AsIs {
	var lines []string
	for _, c := range wb.inc.Codes {
		title := bilingual(c.TitleZH, c.TitleEN)
		if x, ok := wb.ex.Explain(c.Code); ok && title == "" {
			title = x.title()
		}
		line := c.Code
		if title != "" {
			line += "  " + wb.book.Own(title)
		}
		if c.Prompt != "" && c.Prompt != c.Code {
			line += "  " + wb.book.Own("(屏幕 screen: ") + c.Prompt + ")"
		}
		lines = append(lines, line)
	}
	return xlsx.AsIs(strings.Join(lines, "\n"))
}

func (wb *workbook) findingsText() string {
	var lines []string
	for _, fr := range wb.findingRows() {
		if fr.seen {
			continue
		}
		line := fmt.Sprintf("%s [%s, %s]", fr.code, fr.step.Name().In(wb.zh), fr.severity.Label().In(wb.zh))
		if x, ok := wb.ex.Explain(fr.code); ok && x.title() != "" {
			line += "  " + x.title()
		} else if fr.message != "" {
			line += "  " + fr.message
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// reasonsText is the verdict's reasons, one a line, each "CODE: 中文 / English" as the findings
// write their messages: a reason is a finding's "code: message" or a step's "step: summary"
// (diagnostics' verdict), whose template the latest steps still hold.
func (wb *workbook) reasonsText(reasons []string) string {
	said := map[string]string{}
	for _, s := range wb.inc.LatestSteps() {
		said[string(s.ID)+": "+s.Summary] = string(s.ID) + ": " + wb.message(s.SummaryKey, s.SummaryArgs, s.Summary)
		for _, f := range s.Findings {
			said[f.Code+": "+f.Message] = f.Code + ": " + wb.message(f.MessageKey, f.MessageArgs, f.Message)
		}
	}
	lines := make([]string, len(reasons))
	for i, r := range reasons {
		lines[i] = cmp.Or(said[r], r)
	}
	return strings.Join(lines, "\n")
}

func (wb *workbook) actionsText() string {
	var lines []string
	for _, a := range wb.inc.Actions {
		line := a.What
		if !a.Time.IsZero() {
			line = a.Time.In(wb.opts.Location).Format("15:04") + "  " + line
		}
		if a.Result != "" {
			line += " → " + a.Result
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
