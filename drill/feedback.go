package drill

import (
	"fmt"
	"slices"
	"strings"

	"posdoctor/diagnostics"
	"posdoctor/locale"
	"posdoctor/serialio/termsim"
)

// msg is a message in every language, a fmt format in each.
type msg locale.Text

func (m msg) with(args ...any) locale.Text {
	return locale.Text{ZH: fmt.Sprintf(m.ZH, args...), ZHTW: fmt.Sprintf(m.ZHTW, args...), EN: fmt.Sprintf(m.EN, args...)}
}

// in is m with t, a text in every language, as its first arg in each language, then args. In
// Chinese, the space a template keeps after a code goes after a closing full-width parenthesis
// ("P1（打印机缺纸）正是", not "…） 正是").
func (m msg) in(t locale.Text, args ...any) locale.Text {
	f := func(format, s string) string { return fmt.Sprintf(format, append([]any{s}, args...)...) }
	zh := func(format, s string) string { return strings.ReplaceAll(f(format, s), "） ", "）") }
	return locale.Text{ZH: zh(m.ZH, t.ZH), ZHTW: zh(m.ZHTW, t.ZHTW), EN: f(m.EN, t.EN)}
}

var (
	msgRightDiagnosis = msg{"对：%s 正是这次故障的原因。", "對：%s 正是這次故障的原因。", "Right: %s is the cause of this fault."}
	msgWrongDiagnosis = msg{"%s 不是这次故障的原因，再查一查。", "%s 不是這次故障的原因，再查一查。", "%s is not the cause here: look again."}
	msgCleared        = msg{"已处理：%s。用一次检查来确认。", "已處理：%s。用一次檢查來確認。", "Done: %s cleared. Confirm it with a check."}
	msgNothing        = msg{"终端上没有什么变化。", "終端機上沒有什麼變化。", "Nothing changed on the terminal."}
	msgRC             = msg{"终端返回 %s。", "終端機回傳 %s。", "The terminal answered %s."}
	msgHarmful        = msg{"扣 %d 分：%s", "扣 %d 分：%s", "-%d points: %s"}
	msgHarmfulPlain   = msg{"这一步在这里没有帮助，反而有害", "這一步在這裡沒有幫助，反而有害", "this does not help here and does harm"}
	msgCritical       = msg{"严重错误，本次演练不通过：%s", "嚴重錯誤，本次演練不通過：%s", "Critical: this fails the drill — %s"}
	msgCheckClean     = msg{"检查完成：%d 项全部通过。", "檢查完成：%d 項全部通過。", "Check done: all %d steps passed."}
	msgCheckFaults    = msg{"检查完成，%d 个步骤有问题：%s。", "檢查完成，%d 個步驟有問題：%s。", "Check done: %d step(s) with problems: %s."}
)

// faultTitles names faults in every language, by termsim's titles.
func faultTitles(names []string) locale.Text {
	specs := termsim.FaultSpecs()
	var zh, tw, en []string
	for _, n := range names {
		for _, s := range specs {
			if s.Name == n {
				zh, tw, en = append(zh, s.Title.ZH), append(tw, s.Title.ZHTW), append(en, s.Title.EN)
			}
		}
	}
	return locale.Text{ZH: strings.Join(zh, "、"), ZHTW: strings.Join(tw, "、"), EN: strings.Join(en, ", ")}
}

func join(parts ...locale.Text) locale.Text {
	var out locale.Text
	for _, p := range parts {
		if p == (locale.Text{}) {
			continue
		}
		if out == (locale.Text{}) {
			out = p
			continue
		}
		out = locale.Text{ZH: out.ZH + p.ZH, ZHTW: out.ZHTW + p.ZHTW, EN: out.EN + " " + p.EN}
	}
	return out
}

// whyCritical is why a critical action costs money: the scenario's words, else the action's.
func whyCritical(c Critical) locale.Text {
	if !c.Why.empty() {
		return c.Why.Locale()
	}
	act, _ := LookupAction(c.Action)
	return act.Risk
}

func actionFeedback(act Action, e Event, crit Critical, sc *Scenario) Feedback {
	var parts []locale.Text
	kind := FeedbackInfo
	if len(e.Cleared) > 0 {
		parts = append(parts, per(msgCleared, faultTitles(e.Cleared)))
		kind = FeedbackGood
	}
	if e.RC != "" {
		parts = append(parts, msgRC.with(e.RC))
	}
	if len(parts) == 0 && e.Points == 0 && !e.Critical {
		parts = append(parts, msgNothing.with())
		kind = FeedbackWrong
	}
	if e.Points < 0 {
		why := msgHarmfulPlain.with()
		for _, h := range sc.Answer.Harmful {
			if h.Action == act.ID && !h.Why.empty() {
				why = h.Why.Locale()
			}
		}
		parts = append(parts, per(msgHarmful, why, -e.Points))
		kind = FeedbackHarmful
	}
	if e.Critical {
		why := whyCritical(crit)
		parts = append(parts, per(msgCritical, why))
		kind = FeedbackCritical
	}
	return Feedback{Kind: kind, Text: join(parts...)}
}

func checkFeedback(rep *diagnostics.Report) Feedback {
	var bad []string
	for _, s := range rep.Steps {
		if s.Status == diagnostics.StatusFail || s.Status == diagnostics.StatusError {
			bad = append(bad, string(s.ID))
		}
	}
	if len(bad) == 0 {
		return Feedback{Kind: FeedbackGood, Text: msgCheckClean.with(len(rep.Steps))}
	}
	var names locale.Text
	for i, b := range bad {
		n := diagnostics.StepID(b).Title() // as the Checklist rows name the steps
		if i > 0 {
			names = locale.Text{ZH: names.ZH + "、", ZHTW: names.ZHTW + "、", EN: names.EN + ", "}
		}
		names = locale.Text{ZH: names.ZH + n.ZH, ZHTW: names.ZHTW + n.ZHTW, EN: names.EN + n.EN}
	}
	return Feedback{Kind: FeedbackInfo, Text: per(msgCheckFaults, names, len(bad))}
}

// per formats m in each language with lead (a number, or nil) and t in that language.
func per(m msg, t locale.Text, lead ...any) locale.Text {
	f := func(format, s string) string { return fmt.Sprintf(format, append(slices.Clone(lead), s)...) }
	return locale.Text{ZH: f(m.ZH, t.ZH), ZHTW: f(m.ZHTW, t.ZHTW), EN: f(m.EN, t.EN)}
}
