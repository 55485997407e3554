package reports

import (
	"fmt"
	"strings"
	"time"
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
	fm.Pair("商户名称\nMerchant", inc.Merchant, "商户号\nMID", inc.MID)
	fm.Pair("终端号\nTID", inc.TID, "网点\nBranch", inc.Branch)
	fm.Pair("型号\nModel", inc.Model, "序列号\nSerial no.", inc.Serial)
	fm.Pair("固件版本\nFirmware", inc.Firmware, "通讯方式\nComm mode", inc.Comm)
	fm.Wide("地点\nSite", inc.Site)

	fm.Section("到场", "Visit")
	fm.Pair("维护人员\nTechnician", inc.Technician, "处理结果\nResolution", inc.Resolution.Labels().Pair())
	fm.Pair("到场时间\nOpened", wb.local(inc.Opened), "结束时间\nClosed", wb.local(inc.Closed))

	fm.Section("问题", "Problem")
	fm.Wide("故障现象\nSymptom", inc.Symptom)
	verdict := "（未运行检查）not checked"
	var reasons []string
	if v, ok := inc.Verdict(); ok {
		verdict = v.Kind.Label().Pair()
		reasons = v.Reasons
	}
	fm.Pair("问题类别\nCategory", inc.Category.Labels().Pair(), "检查结论\nVerdict", verdict)
	fm.Wide("所见代码与提示\nCodes and prompts seen", wb.codesSeenText())
	fm.Wide("检查发现\nChecklist findings", wb.findingsText())
	if len(reasons) > 0 {
		fm.Wide("结论依据\nVerdict reasons", strings.Join(reasons, "\n"))
	}

	fm.Section("处理", "Handling")
	fm.Wide("已采取措施及结果\nActions taken and results", wb.actionsText())
	fm.Wide("升级原因\nEscalation reason", inc.EscalationReason)
	fm.Wide("备注\nNotes", inc.Notes)

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

func (wb *workbook) codesSeenText() string {
	var lines []string
	for _, c := range wb.inc.Codes {
		title := bilingual(c.TitleZH, c.TitleEN)
		if x, ok := wb.ex.Explain(c.Code); ok && title == "" {
			title = x.title()
		}
		line := c.Code
		if title != "" {
			line += "  " + title
		}
		if c.Prompt != "" && c.Prompt != c.Code {
			line += "  (屏幕 screen: " + c.Prompt + ")"
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func (wb *workbook) findingsText() string {
	var lines []string
	for _, fr := range wb.findingRows() {
		if fr.seen {
			continue
		}
		line := fmt.Sprintf("%s [%s, %s]", fr.code, fr.step.Name().ZH, fr.severity.Label().ZH)
		if x, ok := wb.ex.Explain(fr.code); ok && x.title() != "" {
			line += "  " + x.title()
		} else if fr.message != "" {
			line += "  " + fr.message
		}
		lines = append(lines, line)
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
