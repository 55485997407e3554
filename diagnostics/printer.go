package diagnostics

import "posdoctor/serialio"

// printerRC explains PT's local codes (PROTOCOL.md §7) and who acts. detail, when set, is msg
// with the particulars the answer carries.
var printerRC = map[string]struct {
	msg, detail string
	who         Who
	sev         Severity
}{
	"P1": {msgPaperOut, "", WhoMerchant, SeverityCritical},
	"P2": {msgCoverOpen, "", WhoMerchant, SeverityCritical},
	"P3": {tpl("The print head is over temperature."), tpl("The print head is over temperature. (print head {{.Temp}} °C)"), WhoTechnician, SeverityCritical},
	"P4": {tpl("The supply voltage is too low to print: slips come out light or blank."),
		tpl("The supply voltage is too low to print: slips come out light or blank. (supply {{.MV}} mV, battery {{.Batt}})"), WhoMerchant, SeverityCritical},
	"P5": {tpl("The printer mechanism reports a fault."), "", WhoProvider, SeverityCritical},
}

// Printer step texts.
var (
	sumSlipNotPrinted = tpl("test slip not printed: RC {{.RC}}")
	msgPaperLow       = tpl("The paper roll is near its end: load a new roll soon.")
	msgSlipIllegible  = tpl("The technician found the test slip not legible (supply {{.MV}} mV, battery {{.Batt}}): light print usually means low voltage or a flat battery; otherwise a worn print head or wrong paper.")
	sumSlipLegible    = tpl("test slip printed and legible")
	sumSlipIllegible  = tpl("test slip printed but not legible")
)

func (r *run) printer(res *StepResult) error {
	st, err := r.status(false)
	if err != nil {
		return err
	}
	res.Evidence["paper"], res.Evidence["cover"], res.Evidence["batt"] = st.Value("PAPER"), st.Value("COVER"), st.Value("BATT")
	r.c.progress(working(StepPrinter, 0, 0, progPrinting, nil))
	resp, err := r.exchange(serialio.CmdPrintTest, serialio.Field{Name: "TEXT", Value: r.c.slipText()})
	if err != nil {
		return err
	}
	keepFields(res, "pt_", resp.Fields)
	rc := resp.RC()
	if p, ok := printerRC[rc]; ok {
		key, args := p.msg, kv(nil)
		if v := resp.Value("VOLT"); v != "" && rc == "P4" {
			key, args = p.detail, kv{"MV": v, "Batt": st.Value("BATT")}
		}
		if t := resp.Value("TEMP"); t != "" && rc == "P3" {
			key, args = p.detail, kv{"Temp": t}
		}
		res.Findings = append(res.Findings, finding(rc, p.sev, p.who, key, args))
		conclude(res, sumSlipNotPrinted, kv{"RC": rc})
		return nil
	}
	if rc != "00" {
		refused(res, serialio.CmdPrintTest, rc, sumSlipNotPrinted)
		return nil
	}
	if resp.Value("PAPER") == "LOW" || st.Value("PAPER") == "LOW" {
		res.Findings = append(res.Findings, finding(CodePaperLow, SeverityWarning, WhoMerchant, msgPaperLow, nil))
	}
	ok, err := r.c.Op.Confirm(r.ctx, AskSlipLegible, QuestionText(AskSlipLegible))
	if err != nil {
		return err
	}
	res.Evidence["slip_legible"] = ok
	if !ok {
		res.Findings = append(res.Findings, finding(CodePrintIllegible, SeverityCritical, WhoTechnician,
			msgSlipIllegible, kv{"MV": resp.Value("VOLT"), "Batt": st.Value("BATT")}))
	}
	if ok {
		conclude(res, sumSlipLegible, nil)
	} else {
		conclude(res, sumSlipIllegible, nil)
	}
	return nil
}

// DefaultSlipText is what the printer step prints on its test slip.
const DefaultSlipText = "POS Doctor 打印测试 print test"

// slipText is the test slip's text: SlipText cut to PT's 64 characters, or the default.
func (c *Checklist) slipText() string {
	rs := []rune(c.SlipText)
	if len(rs) == 0 {
		return DefaultSlipText
	}
	return string(rs[:min(len(rs), 64)])
}
