package reports

import (
	"fmt"
	"strings"
	"time"

	"posdoctor/diagnostics"
	"posdoctor/pan"
)

// luhnPAN completes a 15-digit prefix into a 16-digit card number that passes Luhn.
func luhnPAN(prefix string) string {
	for d := '0'; d <= '9'; d++ {
		p := prefix + string(d)
		if pan.Luhn([]byte(p)) {
			return p
		}
	}
	panic("no check digit")
}

// testPAN is a full card number the tests plant and then look for.
var testPAN = luhnPAN("622202123456789")

var cst = time.FixedZone("CST", 8*3600)

// testReport is a checklist run with something in every step, a journal of n records (the
// flagged ones first), an event log, and evidence that carries secrets to be removed.
func testReport(start time.Time, n int) diagnostics.Report {
	step := func(id diagnostics.StepID, st diagnostics.Status, off time.Duration, summary string, ev map[string]any, fs ...diagnostics.Finding) diagnostics.StepResult {
		if fs == nil {
			fs = []diagnostics.Finding{}
		}
		return diagnostics.StepResult{ID: id, Status: st, Summary: summary, Findings: fs, Evidence: ev,
			Started: start.Add(off), Duration: 1250 * time.Millisecond, DurationMS: 1250}
	}
	rep := diagnostics.Report{
		Terminal: map[string]string{"model": "VX520", "sn": "SN1234ABCD5678EF90", "fw": "3.1.4", "tid": "12345678",
			"mid": "898310048160001", "mname": "好运来便利店", "comm": "PSTN", "time": "20260305101500"},
		Started:  start,
		Finished: start.Add(3 * time.Minute),
		Steps: []diagnostics.StepResult{
			step(diagnostics.StepLink, diagnostics.StatusPass, 0, "link OK, RTT 12 ms", map[string]any{"rtt_ms": 12, "rounds": 4}),
			step(diagnostics.StepTerminal, diagnostics.StatusWarn, 5*time.Second, "last settlement 3 days ago",
				map[string]any{"pending": 14, "lastsettle": "20260302180000"},
				diagnostics.Finding{Code: diagnostics.CodeUnsettled, Severity: diagnostics.SeverityWarning, Who: diagnostics.WhoMerchant,
					Message: "上次结算 3 天前 / last settlement 3 days ago", Actions: []string{"先结算再换机 / settle before any swap"}}),
			step(diagnostics.StepHost, diagnostics.StatusFail, 10*time.Second, "no dial tone",
				map[string]any{"mode": "PSTN", "dialtone": "N"},
				diagnostics.Finding{Code: "H1", Severity: diagnostics.SeverityCritical, Who: diagnostics.WhoTechnician,
					Message: "无拨号音 no dial tone", Actions: []string{"检查电话线 check the phone cable", "用电话机试线 test the line with a phone"}}),
			step(diagnostics.StepKeys, diagnostics.StatusPass, 20*time.Second, "keys present",
				map[string]any{"tmk": "Y", "pik": "1A2B3C4D", "mak": "5E6F7A8B", "tdk": "0C0D0E0F",
					"pinblock": "0412AC89ABCDEF12", "pik_clear": "0123456789ABCDEFFEDCBA9876543210"}),
			step(diagnostics.StepKeypad, diagnostics.StatusSkipped, 25*time.Second, "no key presses", nil),
			step(diagnostics.StepPrinter, diagnostics.StatusFail, 30*time.Second, "out of paper", map[string]any{"rc": "P1"},
				diagnostics.Finding{Code: "P1", Severity: diagnostics.SeverityCritical, Who: diagnostics.WhoMerchant,
					Message: "打印机缺纸 printer out of paper", Actions: []string{"装纸 load paper"}}),
			step(diagnostics.StepSignOn, diagnostics.StatusFail, 40*time.Second, "MAC error", map[string]any{"rc": "A0", "keychk": "OK"},
				diagnostics.Finding{Code: "A0", Severity: diagnostics.SeverityCritical, Who: diagnostics.WhoProvider, // as diagnostics/signon.go has it
					Message: "MAC错", Actions: []string{"重新签到 sign on again"}}),
			step(diagnostics.StepJournal, diagnostics.StatusFail, 60*time.Second, "reversal pending; possible duplicate",
				map[string]any{"records": n, "pages": 1 + n/20},
				diagnostics.Finding{Code: diagnostics.CodeUnconfirmedRev, Severity: diagnostics.SeverityCritical, Who: diagnostics.WhoMerchant,
					Message: "冲正未确认 1 笔", Actions: []string{"切勿重刷 never re-swipe"}},
				diagnostics.Finding{Code: diagnostics.CodeDuplicateCharge, Severity: diagnostics.SeverityWarning, Who: diagnostics.WhoProvider,
					Message: "疑似重复扣款", Actions: []string{"核对签购单 check the slips"}}),
		},
		Verdict: diagnostics.Verdict{Kind: diagnostics.VerdictNeedsProvider, Reasons: []string{"H1: no dial tone", "A0: MAC error"}},
	}
	rep.Transactions = testJournal(start, n)
	rep.Events = []diagnostics.Event{
		{Time: start.Add(-2 * time.Hour), Code: "H1", Text: "无拨号音"},
		{Time: start.Add(-time.Hour), Code: "P1", Text: "缺纸"},
		{Time: start.Add(-30 * time.Minute), Code: "A0", Text: "MAC错 =SUM(A1)"},
	}
	return rep
}

// testJournal returns n records: an unconfirmed reversal, two duplicate sales, a failed one,
// then ordinary sales. Card numbers are masked as the terminal sends them.
func testJournal(start time.Time, n int) []diagnostics.Transaction {
	masked := testPAN[:6] + "******" + testPAN[12:]
	out := make([]diagnostics.Transaction, 0, n)
	for i := range n {
		t := diagnostics.Transaction{
			Time: start.Add(-time.Duration(n-i) * time.Minute), Type: "SALE", Amount: int64(1000 + i*37),
			PAN: masked, Trace: fmt.Sprintf("%06d", 100+i), RRN: fmt.Sprintf("%012d", 600000+i),
			Auth: fmt.Sprintf("%06d", 300000+i), RC: "00", Flags: "P",
		}
		switch i {
		case 0:
			t.Flags, t.Flagged = "U", []string{diagnostics.CodeUnconfirmedRev}
		case 1, 2:
			t.Amount, t.Flagged = 8800, []string{diagnostics.CodeDuplicateCharge}
		case 3:
			t.RC, t.Auth, t.Flags, t.Flagged = "51", "", "", []string{diagnostics.CodeFailedTxns}
		}
		out = append(out, t)
	}
	return out
}

// testIncident is a whole visit built from testReport, with typed text in every field.
func testIncident(now time.Time, n int) *Incident {
	inc := IncidentFromReport(testReport(now.Add(-10*time.Minute), n), "张工 Zhang", "刷卡后无签购单，顾客说被扣款", now)
	inc.Branch = "朝阳支行"
	inc.Site = "北京市朝阳区建国路 88 号"
	inc.Codes = []CodeSeen{{Code: "03", Prompt: "无效商户", TitleZH: "无效商户", TitleEN: "Invalid merchant"}, {Code: "A0", Prompt: "MAC错"}}
	inc.Actions = []Action{
		{Time: now.Add(-5 * time.Minute), What: "重新签到", Result: "失败 A0"},
		{Time: now.Add(-3 * time.Minute), What: "装纸", Result: "打印正常"},
	}
	inc.Resolution = ResolutionEscalated
	inc.EscalationReason = "MAC 错反复出现，疑似两台终端共用一个终端号"
	inc.Notes = "=HYPERLINK(\"http://x\") +861234 -5 @SUM(A1) 商户要求回电"
	inc.Trace = []TraceLine{
		{Time: now.Add(-9 * time.Minute), Dir: "out", Kind: "message", Raw: []byte("\x02ST\x1f\x03"), Text: "ST"},
		{Time: now.Add(-9 * time.Minute).Add(40 * time.Millisecond), Dir: "in", Kind: "message",
			Raw: []byte("\x02ST\x1fTID=12345678\x1fMID=898310048160001\x03"), Text: "ST TID=12345678 MID=898310048160001"},
	}
	return inc
}

// plantPAN puts the full test card number (plain, spaced and dashed) into every place text
// enters: journal, events, notes, symptom, actions, codes, evidence and the trace.
func plantPAN(inc *Incident) {
	spaced := testPAN[0:4] + " " + testPAN[4:8] + " " + testPAN[8:12] + " " + testPAN[12:16]
	dashed := strings.ReplaceAll(spaced, " ", "-")
	inc.Journal[5].PAN = testPAN
	inc.Journal[6].PAN = spaced
	inc.Runs[0].Transactions[7].PAN = testPAN
	inc.Events = append(inc.Events, diagnostics.Event{Time: inc.Opened, Code: "C1", Text: "card " + testPAN + " read error"})
	inc.Runs[0].Events = append(inc.Runs[0].Events, diagnostics.Event{Time: inc.Opened, Code: "C1", Text: "卡号" + testPAN})
	inc.Notes += " 顾客卡号 " + spaced
	inc.Symptom += " 卡号:" + dashed
	inc.Actions = append(inc.Actions, Action{What: "查询卡 " + testPAN, Result: "ok " + dashed})
	inc.Codes = append(inc.Codes, CodeSeen{Code: "14", Prompt: "无效卡号 " + testPAN})
	inc.EscalationReason += " card " + testPAN
	inc.Merchant += testPAN
	inc.Runs[0].Steps[7].Evidence["last_pan"] = testPAN
	inc.Runs[0].Steps[7].Evidence["nested"] = map[string]any{"cards": []string{spaced, "x" + dashed}}
	inc.Runs[0].Steps[0].Summary += " " + testPAN
	inc.Runs[0].Steps[6].Findings[0].Message += " " + testPAN
	inc.Runs[0].Terminal["note"] = testPAN
	inc.Runs[0].Verdict.Reasons = append(inc.Runs[0].Verdict.Reasons, "pan "+testPAN)
	inc.Trace = append(inc.Trace,
		TraceLine{Time: inc.Opened, Dir: "in", Kind: "bytes", Raw: []byte("REC\x1f" + testPAN + "\x1f8800"), Text: "REC " + spaced},
		TraceLine{Time: inc.Opened, Dir: "in", Kind: "frame", Raw: []byte(dashed), Text: dashed})
}
