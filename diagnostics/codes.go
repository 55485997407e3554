package diagnostics

// Finding codes of the checklist's own (the ones that are not an ISO 8583 field 39 code or a
// terminal-local code of PROTOCOL.md §7). Findings may also carry those codes directly
// (P1, H3, K2, A0, 03, ...). The code book explains every one of them; keep this list and the
// book in step (a test checks it).
const (
	CodeLinkNoAnswer     = "LINK-NOANSWER"     // terminal does not answer ENQ or echo: cable, port, baud, power
	CodeLinkResends      = "LINK-RESENDS"      // frames needed resends or were NAKed: poor cable, wrong baud, noise
	CodeLinkEchoMismatch = "LINK-ECHO"         // echo came back different: wrong data format (7E1/8N1) or a faulty adapter
	CodeLinkLost         = "LINK-LOST"         // link lost in the middle of a step: cable pulled, terminal rebooted
	CodeLinkPoor         = "LINK-POOR"         // the line loses, stalls or garbles frames (thresholds in docs/checklist.md)
	CodeLinkLoopback     = "LINK-LOOPBACK"     // our own frames come back: a loopback plug or a wrong cable, not a terminal
	CodeLinkGarbled      = "LINK-GARBLED"      // bytes arrive but no frame: wrong baud or format, or not a terminal
	CodeClockDrift       = "CLOCK-DRIFT"       // terminal clock differs from the laptop by over 5 minutes
	CodeNotSignedOn      = "NOT-SIGNED-ON"     // terminal is not signed on (未签到)
	CodeSignOnOld        = "SIGNON-OLD"        // last sign-on more than a day ago
	CodeUnsettled        = "UNSETTLED"         // last settlement older than a day, or never: settle before a swap
	CodeOfflinePending   = "OFFLINE-PENDING"   // offline transactions not yet uploaded
	CodePaperLow         = "PAPER-LOW"         // paper roll near its end
	CodeBatteryLow       = "BATTERY-LOW"       // battery low: light printing, shutdowns
	CodeStuckKey         = "STUCK-KEY"         // key held down at power-on (spilled drink)
	CodeDeadKey          = "DEAD-KEY"          // key never reported in the keypad test
	CodeKeyHeld          = "KEY-HELD"          // key went down and did not come up within 2 s
	CodeWeakSignal       = "WEAK-SIGNAL"       // mobile signal CSQ under 10
	CodeSignalUnknown    = "SIGNAL-UNKNOWN"    // CSQ 99: signal not known
	CodeHostSlow         = "HOST-SLOW"         // host round trip slow
	CodeKeyAbsent        = "KEY-ABSENT"        // a working key (PIK/MAK/TDK) has no check value
	CodeHostClock        = "HOST-CLOCK"        // host time and terminal clock differ after sign-on
	CodePrintIllegible   = "PRINT-ILLEGIBLE"   // technician found the test slip light or unreadable
	CodeUnconfirmedRev   = "REVERSAL-PENDING"  // reversal not confirmed by the host (冲正未确认): never re-swipe
	CodeDuplicateCharge  = "DUPLICATE-CHARGE"  // same card, same amount, within 10 minutes, no void/reversal between
	CodeFailedTxns       = "FAILED-TXNS"       // failed transactions in the journal, grouped by RC
	CodeRepeatedEvents   = "REPEATED-EVENTS"   // the same error event logged again and again
	CodeKeypadIncomplete = "KEYPAD-INCOMPLETE" // keypad test stopped before every key was seen
	CodeJournalPartial   = "JOURNAL-PARTIAL"   // the journal or event log could be read only in part
)

// FindingCodes lists every checklist code above, for the code book's completeness test.
func FindingCodes() []string {
	return []string{
		CodeLinkNoAnswer, CodeLinkResends, CodeLinkEchoMismatch, CodeLinkLost, CodeLinkPoor,
		CodeLinkLoopback, CodeLinkGarbled, CodeClockDrift,
		CodeNotSignedOn, CodeSignOnOld, CodeUnsettled, CodeOfflinePending, CodePaperLow,
		CodeBatteryLow, CodeStuckKey, CodeDeadKey, CodeKeyHeld, CodeWeakSignal, CodeSignalUnknown,
		CodeHostSlow, CodeKeyAbsent, CodeHostClock, CodePrintIllegible, CodeUnconfirmedRev,
		CodeDuplicateCharge, CodeFailedTxns, CodeRepeatedEvents, CodeKeypadIncomplete, CodeJournalPartial,
	}
}

// LocalCodes lists the terminal-local result codes of PROTOCOL.md §7.
func LocalCodes() []string {
	return []string{"E1", "E2", "E3", "P1", "P2", "P3", "P4", "P5", "H1", "H2", "H3", "H4", "H5", "H6", "K1", "K2"}
}
