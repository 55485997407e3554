package diagnostics

// Progress texts are templates like summaries (tpl): Progress.TextKey with Progress.TextArgs,
// which a GUI translates by, and Text the English rendering.
var (
	progJournalPage  = tpl("journal page {{.Page}}")
	progEventLogPage = tpl("event log page {{.Page}}")
	progKeyDown      = tpl("key {{.Key}} down")
	progKeyUp        = tpl("key {{.Key}} up")
	progPrinting     = tpl("printing a test slip")
	progWaitHost     = tpl("waiting for the acquirer host")
	progEchoRound    = tpl("echo round {{.N}} of {{.Total}}")
	progEchoDone     = tpl("echo done")
	progDialling     = tpl("the terminal is dialling / connecting to its host (up to a minute)")
	// a cancel that waits for what the terminal cannot be stopped in (What: unstoppable's)
	progFinishing = tpl("cancelling: the terminal cannot be stopped in the middle of {{.What}}; waiting for it to finish (at most {{.S}} s)")
)

// Why the keypad test ended: the End arg of its summary and finding, and the evidence's "end".
// Registered as templates (without fields) so a GUI can translate the arg.
var (
	endAllKeys   = tpl("all keys seen")
	endStopped   = tpl("stopped by the technician")
	endNoPresses = tpl("no more key presses")
	endTimedOut  = tpl("timed out")
	// every key seen but the stuck ones, which stay down: waiting longer shows nothing more
	endAllButStuck = tpl("every key seen but the stuck ones")
	// the terminal's KX: its own time limit ran out (REASON=TIMEOUT), or it stopped (STOP, or
	// a reason this version does not know)
	endTermTimeout = tpl("the terminal's time limit ran out")
	endTermStop    = tpl("the terminal ended the test")
)

// stepTitles say what each step is doing, for progress.
var stepTitles = map[StepID]string{
	StepLink:     tpl("checking the line to the terminal"),
	StepTerminal: tpl("reading the terminal's identity and state"),
	StepHost:     tpl("the terminal is testing its link to the acquirer host"),
	StepKeys:     tpl("checking the security keys"),
	StepKeypad:   tpl("keypad test: press every key on the terminal"),
	StepPrinter:  progPrinting,
	StepSignOn:   tpl("signing on to the acquirer host"),
	StepJournal:  tpl("reading the journal and the event log"),
}

// working is a PhaseWorking progress of step with its text from key and args.
func working(step StepID, done, total int, key string, args kv) Progress {
	text, err := RenderMessage(key, args)
	if err != nil {
		text = key
	}
	return Progress{Step: step, Phase: PhaseWorking, Done: done, Total: total, Text: text, TextKey: key, TextArgs: args}
}
