package diagnostics

import (
	"fmt"
	"strings"

	"posdoctor/serialio"
)

// printerRC explains PT's local codes (PROTOCOL.md §7) and who acts.
var printerRC = map[string]struct {
	msg string
	who Who
	sev Severity
}{
	"P1": {"The printer is out of paper.", WhoMerchant, SeverityCritical},
	"P2": {"The printer cover is open.", WhoMerchant, SeverityCritical},
	"P3": {"The print head is over temperature.", WhoTechnician, SeverityCritical},
	"P4": {"The supply voltage is too low to print: slips come out light or blank.", WhoMerchant, SeverityCritical},
	"P5": {"The printer mechanism reports a fault.", WhoProvider, SeverityCritical},
}

func (r *run) printer(res *StepResult) error {
	st, err := r.status(false)
	if err != nil {
		return err
	}
	res.Evidence["paper"], res.Evidence["cover"], res.Evidence["batt"] = st.Value("PAPER"), st.Value("COVER"), st.Value("BATT")
	r.c.progress(Progress{Step: StepPrinter, Phase: PhaseWorking, Text: "printing a test slip"})
	resp, err := r.exchange("PT", serialio.Field{Name: "TEXT", Value: "POS Doctor 打印测试 print test"})
	if err != nil {
		return err
	}
	for _, f := range resp.Fields {
		res.Evidence["pt_"+strings.ToLower(f.Name)] = f.Value
	}
	rc := resp.RC()
	if p, ok := printerRC[rc]; ok {
		msg := p.msg
		if v := resp.Value("VOLT"); v != "" && rc == "P4" {
			msg += fmt.Sprintf(" (supply %s mV, battery %s)", v, st.Value("BATT"))
		}
		if t := resp.Value("TEMP"); t != "" && rc == "P3" {
			msg += fmt.Sprintf(" (print head %s °C)", t)
		}
		res.Findings = append(res.Findings, finding(rc, p.sev, p.who, msg))
		conclude(res, "test slip not printed: RC "+rc)
		return nil
	}
	if rc != "00" {
		res.Findings = append(res.Findings, finding(rc, SeverityCritical, WhoTechnician, "PT answered RC "+rc))
		conclude(res, "test slip not printed: RC "+rc)
		return nil
	}
	if resp.Value("PAPER") == "LOW" || st.Value("PAPER") == "LOW" {
		res.Findings = append(res.Findings, finding(CodePaperLow, SeverityWarning, WhoMerchant, "The paper roll is near its end: load a new roll soon."))
	}
	ok, err := r.c.Op.Confirm(r.ctx, AskSlipLegible, QuestionText(AskSlipLegible))
	if err != nil {
		return err
	}
	res.Evidence["slip_legible"] = ok
	if !ok {
		res.Findings = append(res.Findings, finding(CodePrintIllegible, SeverityCritical, WhoTechnician,
			fmt.Sprintf("The technician found the test slip not legible (supply %s mV, battery %s): light print usually means low voltage or a flat battery; otherwise a worn print head or wrong paper.", resp.Value("VOLT"), st.Value("BATT"))))
	}
	if ok {
		conclude(res, "test slip printed and legible")
	} else {
		conclude(res, "test slip printed but not legible")
	}
	return nil
}
