package app

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"posdoctor/diagnostics"
	"posdoctor/locale"
)

// englishAllowed are the ASCII words a Chinese screen may show: codes, units, protocol and
// product names, the app's name — words a Chinese technician reads as they are.
var englishAllowed = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`POS Doctor TML TID MID SN FW PAX Ingenico iCT TETRA SIM USB PSTN GPRS WIFI ETH
		MAC PIN TMK PIK MAK TDK KEYCHK RC CSQ RTT ms mV cm TRAINING xAPI Excel OK ST CT KS KT PT SO JL EL EC
		ENTER CANCEL CLEAR FUNC MENU UP DOWN ALPHA DOT pts dev tty ttyS ttyUSB ttyACM COM UnionPay ISO ENQ NAK ACK CSQ`) {
		englishAllowed[strings.ToLower(w)] = true
	}
}

var asciiWord = regexp.MustCompile(`[A-Za-z][A-Za-z]+`)

// codeLike: finding and response codes, fault ids and the like (REVERSAL-PENDING, P1, A0,
// paper-out, printer.paper-out) are names, not English.
var codeLike = regexp.MustCompile(`^[A-Z0-9]+(-[A-Z0-9]+)*$|^[a-z0-9]+([.-][a-z0-9]+)+(=[a-zA-Z0-9.]+)?$`)

// screenWords collects the English words shown on a screen: every text drawn below root.
func screenWords(root fyne.CanvasObject) map[string]string {
	out := map[string]string{}
	for _, o := range test.LaidOutObjects(root) {
		txt, ok := o.(*canvas.Text)
		if !ok || !o.Visible() {
			continue
		}
		for _, tok := range strings.FieldsFunc(txt.Text, func(r rune) bool { return strings.ContainsRune(" ,，、（）()/:：;；—", r) }) {
			tok = strings.TrimRight(tok, "…")
			if codeLike.MatchString(tok) {
				continue
			}
			for _, w := range asciiWord.FindAllString(tok, -1) {
				if !englishAllowed[strings.ToLower(w)] {
					out[w] = txt.Text
				}
			}
		}
	}
	return out
}

// TestChineseScreensShowNoEnglish walks what each screen draws in Simplified and in
// Traditional Chinese, after a visit with findings, a drill and its debrief: an English word
// outside the allow-list is a string that escaped translation.
func TestChineseScreensShowNoEnglish(t *testing.T) {
	for env, want := range map[string]locale.Lang{"zh_CN.UTF-8": locale.ZH, "zh_TW.UTF-8": locale.ZHTW} {
		t.Run(want.String(), func(t *testing.T) { chineseScreensShowNoEnglish(t, env, want) })
	}
}

func chineseScreensShowNoEnglish(t *testing.T, env string, want locale.Lang) {
	setupUnderLANG(t, env)
	if uiLang() != want {
		t.Fatalf("the UI language is %v", uiLang())
	}
	book := newTestBook(t)
	store := newTestStore(t)

	screens := map[string]fyne.CanvasObject{}
	check, q := newChecklistScreen(t, nil, "paper-out", "unsettled")
	check.explain = func(code string) (string, []string) { return codeInfo(book, code) }
	test.Tap(check.RunBtn)
	q.waitFor(t, "the run", func() bool { return !check.Running() && check.Report() != nil && !check.RunBtn.Disabled() })
	screens["checklist"] = check.Root()

	cs, q2 := newScreen(t, "paper-out", "cover-open")
	test.Tap(cs.ConnectBtn)
	q2.waitFor(t, "status", func() bool { return cs.Values["TID"].Text != "—" })
	screens["connect"] = cs.Root()

	look := NewLookupScreen(book, uiLang)
	test.NewTempWindow(t, look.Root())
	look.Query.SetText("无效商户")
	screens["lookup"] = look.Root()

	inc := NewIncidentScreen(store, nil, book, uiLang, nil)
	inc.do = q.do
	test.NewTempWindow(t, inc.Root())
	inc.AddReport(check.Report())
	screens["incident"] = inc.Root()

	d := NewDrillsScreen(uiLang)
	d.do = q.do
	d.Use(book, store)
	test.NewTempWindow(t, d.Root())
	pickDrill(t, d, "printer.paper-out")
	screens["drills"] = d.Root()

	var words []string
	for name, root := range screens {
		for w, in := range screenWords(root) {
			words = append(words, name+": "+w+"  in  "+strings.TrimSpace(in))
		}
	}
	// the trainee's view and the debrief
	test.Type(d.Trainee, "张三")
	test.Tap(d.StartBtn)
	q.waitFor(t, "the drill", func() bool { return d.Active() })
	for w, in := range screenWords(d.Root()) {
		words = append(words, "drill: "+w+"  in  "+in)
	}
	d.Finish()
	for w, in := range screenWords(d.Root()) {
		words = append(words, "debrief: "+w+"  in  "+in)
	}
	sort.Strings(words)
	words = slices.Compact(words)
	if len(words) > 0 {
		t.Errorf("English on Chinese screens (translate, or add to englishAllowed if it is a name):\n%s", strings.Join(words, "\n"))
	}
	_ = diagnostics.StepIDs
}
