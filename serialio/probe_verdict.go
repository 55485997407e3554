package serialio

import (
	"fmt"

	"posdoctor/enum"
	"posdoctor/locale"
)

// ProbeVerdict is what a sweep found, as one thing to act on.
type ProbeVerdict int

const (
	VerdictTML1     ProbeVerdict = iota // a TML/1 terminal: connect with the setting found
	VerdictFramed                       // frames of a known shape with a good LRC, not TML/1: a vendor's ECR protocol
	VerdictACKOnly                      // ACK to ENQ, but no frames: the setting is right, the protocol is not TML/1
	VerdictNotReady                     // NAK: there, but not ready
	VerdictClosing                      // EOT: the device is closing the link
	VerdictEcho                         // our own bytes came back: a loopback plug or a wrong cable
	VerdictGarbage                      // bytes at some setting, none making sense
	VerdictSilence                      // nothing at any setting
	VerdictNotTried                     // no setting was tried (cancelled at once, or every setting refused)
)

var verdictNames = enum.Names[ProbeVerdict]{"tml1", "framed", "ack-only", "not-ready", "closing", "echo", "garbage", "silence", "not-tried"}

func (v ProbeVerdict) String() string { return verdictNames.String(v) }

// ParseProbeVerdict reads a name as String writes it.
func ParseProbeVerdict(s string) (ProbeVerdict, error) { return verdictNames.Parse(s) }

// MarshalText writes the stable name (JSON).
func (v ProbeVerdict) MarshalText() ([]byte, error) { return verdictNames.MarshalText(v) }

// UnmarshalText reads the stable name.
func (v *ProbeVerdict) UnmarshalText(b []byte) error { return verdictNames.UnmarshalText(v, b) }

// score ranks what a setting showed: the most telling answer names the setting. A frame or
// control byte found only by stripping a parity bit ranks just below the same found clean
// (the 7E1 try of the same speed reads it clean).
func (t ProbeTry) score() int {
	s := map[ProbeAnswer]int{AnswerFrames: 60, AnswerACK: 50, AnswerNAK: 40, AnswerEOT: 30, AnswerEcho: 20, AnswerGarbage: 10}[t.Answer]
	if t.Answer == AnswerFrames && t.TML1 {
		s += 10
	}
	if t.Parity && s > 0 {
		s -= 5
	}
	return s
}

// judge picks the verdict and the setting it names: the best-scoring try, the first of equals
// (the sweep's order puts the TML/1 default first).
func (r *ProbeResult) judge() {
	r.Best, r.AnySpeed = -1, false
	best := 0
	for i, t := range r.Tries {
		if s := t.score(); s > best {
			r.Best, best = i, s
		}
	}
	if r.Best < 0 {
		r.Verdict = VerdictSilence
		tried := false
		for _, t := range r.Tries {
			tried = tried || t.Answer == AnswerSilence
		}
		if !tried {
			r.Verdict = VerdictNotTried
		}
		return
	}
	b := r.Tries[r.Best]
	switch b.Answer {
	case AnswerFrames:
		r.Verdict = VerdictFramed
		if b.TML1 {
			r.Verdict = VerdictTML1
		}
	case AnswerACK:
		r.Verdict = VerdictACKOnly
	case AnswerNAK:
		r.Verdict = VerdictNotReady
	case AnswerEOT:
		r.Verdict = VerdictClosing
	case AnswerEcho:
		r.Verdict = VerdictEcho // a plug, not a terminal: no setting to recommend
		return
	default:
		r.Verdict = VerdictGarbage
		return
	}
	// the same answer at every speed tried: the port ignores the speed
	same := map[int]bool{}
	tried := map[int]bool{}
	for _, t := range r.Tries {
		if t.Answer == AnswerSkipped || t.Answer == AnswerError {
			continue
		}
		tried[t.Baud] = true
		if t.Answer == b.Answer && t.TML1 == b.TML1 {
			same[t.Baud] = true
		}
	}
	r.AnySpeed = len(tried) > 1 && len(same) == len(tried)
}

// Setting is the setting the verdict names; ok is false when it names none.
func (r ProbeResult) Setting() (ProbeSetting, bool) {
	if r.Best < 0 || r.Best >= len(r.Tries) {
		return ProbeSetting{}, false
	}
	return r.Tries[r.Best].ProbeSetting, true
}

// Summary is the one line a person acts on, in every language.
func (r ProbeResult) Summary() locale.Text {
	var out locale.Text
	s, _ := r.Setting()
	at := textf(locale.Text{ZH: "在 %s 下", ZHTW: "在 %s 下", EN: "at %s"}, s)
	if r.AnySpeed {
		at = locale.Text{ZH: "在任何速率下都", ZHTW: "在任何速率下都", EN: "at any speed"}
	}
	var shape locale.Text
	if r.Best >= 0 {
		if k, ok := r.Tries[r.Best].Shape(); ok {
			shape = k.Label()
		}
	}
	switch {
	case r.Verdict == VerdictTML1 && r.AnySpeed:
		out = textf(locale.Text{ZH: "TML/1 终端在任何速率下都有应答 — 用 %s 连接", ZHTW: "TML/1 終端在任何速率下都有回應 — 用 %s 連線",
			EN: "a TML/1 terminal answers at any speed — connect with %s"}, s)
	case r.Verdict == VerdictTML1:
		out = textf(locale.Text{ZH: "TML/1 终端%s有应答 — 用这个速率和格式连接", ZHTW: "TML/1 終端%s有回應 — 用這個速率和格式連線",
			EN: "a TML/1 terminal answers %s — connect with this speed and format"}, at)
	case r.Verdict == VerdictFramed:
		out = textf(locale.Text{ZH: "终端%s有应答，%s，LRC 正确 — 这不是 TML/1 终端：请用厂商的 ECR 设置和工具",
			ZHTW: "終端%s有回應，%s，LRC 正確 — 這不是 TML/1 終端：請用廠商的 ECR 設定和工具",
			EN:   "answers %s, %s, LRC ok — this is not a TML/1 terminal: use the vendor's ECR settings"}, at, shape)
	case r.Verdict == VerdictACKOnly:
		out = textf(locale.Text{ZH: "终端%s对 ENQ 回 ACK，但不回 TML/1 请求 — 速率和格式对了，终端说的是别的 ECR 协议：请用厂商的 ECR 设置",
			ZHTW: "終端%s對 ENQ 回 ACK，但不回 TML/1 請求 — 速率和格式對了，終端說的是別的 ECR 協定：請用廠商的 ECR 設定",
			EN:   "answers ENQ with ACK %s but not a TML/1 request — the speed and format are right; the terminal speaks another ECR protocol: use the vendor's ECR settings"}, at)
	case r.Verdict == VerdictNotReady:
		out = textf(locale.Text{ZH: "终端%s回 NAK：在线但没准备好 — 退回待机界面（退出菜单和交易），确认开了收银机（ECR）通讯，再探测一次",
			ZHTW: "終端%s回 NAK：在線但沒準備好 — 退回待機畫面（退出選單和交易），確認開了收銀機（ECR）通訊，再探測一次",
			EN:   "answers NAK %s: the terminal is there but not ready — bring it back to the idle screen (out of menus and transactions), check that ECR mode is on, and probe again"}, at)
	case r.Verdict == VerdictClosing:
		out = textf(locale.Text{ZH: "终端%s回 EOT：正在断开连接（重启或切换通讯方式）— 等它回到待机界面再探测",
			ZHTW: "終端%s回 EOT：正在斷開連線（重新啟動或切換通訊方式）— 等它回到待機畫面再探測",
			EN:   "answers EOT %s: the terminal is closing the link (restarting or switching cable mode) — wait until it is idle and probe again"}, at)
	case r.Verdict == VerdictEcho:
		out = locale.Text{ZH: "线路把发出的字节原样送回：接的是自环头或接错了线，不是终端 — 拔掉自环头，接终端自己的收银（ECR）线",
			ZHTW: "線路把送出的位元組原樣送回：接的是自環頭或接錯了線，不是終端 — 拔掉自環頭，接終端自己的收銀（ECR）線",
			EN:   "the line echoes what we send: a loopback plug or a wrong cable, not a terminal — remove the loopback plug and connect the terminal's own ECR cable"}
	case r.Verdict == VerdictGarbage:
		out = locale.Text{ZH: "有字节进来，但在任何速率和格式下都读不通：速率不对时读到的就是这种乱码 — 查终端的 ECR 速率（可能是本软件不提供的速率）、线缆和干扰",
			ZHTW: "有位元組進來，但在任何速率和格式下都讀不通：速率不對時讀到的就是這種亂碼 — 查終端的 ECR 速率（可能是本軟體不提供的速率）、線材和干擾",
			EN:   "bytes arrive but make no sense at any speed or format: a wrong speed reads as framing noise — check the terminal's ECR speed (it may be one the app does not offer), the cable and interference"}
	case r.Verdict == VerdictSilence:
		out = locale.Text{ZH: "任何速率都没有应答：检查线缆、终端的收银（ECR）/USB 通讯模式和电源",
			ZHTW: "任何速率都沒有回應：檢查線材、終端的收銀（ECR）/USB 通訊模式和電源",
			EN:   "no answer at any speed: check the cable, the terminal's ECR/USB mode and power"}
	default:
		out = locale.Text{ZH: "没有试过任何速率", ZHTW: "沒有試過任何速率", EN: "no speed was tried"}
	}
	if r.AnySpeed {
		out = join(out, locale.Text{ZH: "（这个口不管速率：终端本身走 USB，或是虚拟串口）",
			ZHTW: "（這個埠不管速率：終端本身走 USB，或是虛擬串列埠）",
			EN:   " (this port ignores the speed: the terminal itself on USB, or a virtual port)"})
	}
	if r.Cancelled {
		done := 0
		for _, t := range r.Tries {
			if t.Answer != AnswerSkipped {
				done++
			}
		}
		out = join(textf(locale.Text{ZH: "探测已取消（试了 %d/%d 种设置）：", ZHTW: "探測已取消（試了 %d/%d 種設定）：", EN: "probe cancelled after %d of %d settings:"}, done, len(r.Tries)), out)
	}
	return out
}

// Describe says what came back at one setting, for the per-speed table.
func (t ProbeTry) Describe() locale.Text {
	var d locale.Text
	switch t.Answer {
	case AnswerSilence:
		d = locale.Text{ZH: "无应答", ZHTW: "無回應", EN: "no answer"}
	case AnswerACK:
		d = locale.Text{ZH: "ENQ → ACK", ZHTW: "ENQ → ACK", EN: "ENQ → ACK"}
		switch {
		case !t.Asked:
		case t.Reply == AnswerNAK:
			d = join(d, locale.Text{ZH: "，TML/1 请求 → NAK（别的帧格式或校验）", ZHTW: "，TML/1 請求 → NAK（別的框格式或檢查碼）", EN: ", TML/1 request → NAK (another framing or check)"})
		case t.Reply == AnswerACK:
			d = join(d, locale.Text{ZH: "，TML/1 请求 → 只回 ACK", ZHTW: "，TML/1 請求 → 只回 ACK", EN: ", TML/1 request → ACK only"})
		default:
			d = join(d, locale.Text{ZH: "，TML/1 请求没有回应", ZHTW: "，TML/1 請求沒有回應", EN: ", no answer to a TML/1 request"})
		}
	case AnswerNAK:
		d = locale.Text{ZH: "NAK：在线，未就绪", ZHTW: "NAK：在線，未就緒", EN: "NAK: there, not ready"}
	case AnswerEOT:
		d = locale.Text{ZH: "EOT：正在断开", ZHTW: "EOT：正在斷開", EN: "EOT: closing the link"}
	case AnswerFrames:
		k, _ := t.Shape()
		d = textf(locale.Text{ZH: "%d 帧，%s，LRC 正确", ZHTW: "%d 幀，%s，LRC 正確", EN: "%d frame(s), %s, LRC ok"}, t.GoodFrames(), k.Label())
		if t.TML1 {
			d = join(d, locale.Text{ZH: "，TML/1 应答", ZHTW: "，TML/1 回應", EN: ", a TML/1 response"})
		}
	case AnswerEcho:
		d = locale.Text{ZH: "原样回显（自环头或接错线）", ZHTW: "原樣回顯（自環頭或接錯線）", EN: "our own bytes echoed (loopback plug or wrong cable)"}
	case AnswerGarbage:
		d = textf(locale.Text{ZH: "%d 个读不通的字节（速率不对时就是这种乱码）", ZHTW: "%d 個讀不通的位元組（速率不對時就是這種亂碼）", EN: "%d bytes that make no sense (a wrong speed reads as framing noise)"}, t.Bytes)
		if bad := len(t.Frames) - t.GoodFrames(); bad > 0 {
			d = join(d, textf(locale.Text{ZH: "，其中 %d 个帧 LRC 错（格式不对或线路干扰）", ZHTW: "，其中 %d 個幀 LRC 錯（格式不對或線路干擾）", EN: ", %d frame(s) with a wrong LRC (wrong format or noise)"}, bad))
		}
	case AnswerSkipped:
		d = locale.Text{ZH: "未试（时间到或已取消）", ZHTW: "未試（時間到或已取消）", EN: "not tried (time up or cancelled)"}
	case AnswerError:
		d = textf(locale.Text{ZH: "串口不接受这个设置：%v", ZHTW: "串列埠不接受這個設定：%v", EN: "the port refused this setting: %v"}, t.Err)
	}
	if t.Echo && t.Answer != AnswerEcho {
		d = join(d, locale.Text{ZH: "（另有发出字节的回显：线缆把收发接在一起）", ZHTW: "（另有送出位元組的回顯：線材把收發接在一起）", EN: " (and an echo of our bytes: the cable joins send and receive)"})
	}
	if t.Parity {
		d = join(d, locale.Text{ZH: "；字节带偶校验位：终端用的是 7E1", ZHTW: "；位元組帶偶同位元：終端用的是 7E1", EN: "; the bytes carry an even parity bit: the terminal uses 7E1"})
	}
	return d
}

// textf formats each language of t with args; an argument that is a locale.Text is put in
// in the same language.
func textf(t locale.Text, args ...any) locale.Text {
	in := func(l locale.Lang) string {
		a := make([]any, len(args))
		for i, x := range args {
			if lt, ok := x.(locale.Text); ok {
				x = lt.In(l)
			}
			a[i] = x
		}
		return fmt.Sprintf(t.In(l), a...)
	}
	return locale.Text{ZH: in(locale.ZH), ZHTW: in(locale.ZHTW), EN: in(locale.EN)}
}

// join puts texts one after another, each language with its own; an English part after
// another gets a space unless it starts with punctuation.
func join(parts ...locale.Text) locale.Text {
	var out locale.Text
	for _, p := range parts {
		out.ZH += p.In(locale.ZH)
		out.ZHTW += p.In(locale.ZHTW)
		e := p.In(locale.EN)
		if out.EN != "" && e != "" && !isPunct(e[0]) {
			out.EN += " "
		}
		out.EN += e
	}
	return out
}

func isPunct(c byte) bool { return c == ',' || c == ';' || c == ':' || c == '.' || c == ' ' }
