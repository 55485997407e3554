package diagnostics

// defaultActions are the concrete things to do for each code a finding can carry, in the
// words of DOMAIN.md. The code book explains the same codes at length, in Chinese and English.
var defaultActions = map[string][]string{
	CodeLinkNoAnswer: {
		"Check that the terminal is on and in its maintenance / ECR-link mode.",
		"Check the cable at both ends; try another USB port or cable.",
		"Match baud and format (8N1 / 7E1) to the terminal's communication settings.",
	},
	CodeLinkResends: {
		"Reseat or replace the cable; keep it away from power cables.",
		"Check that baud and format match the terminal's settings.",
	},
	CodeLinkEchoMismatch: {
		"Check the character format: 7E1 against an 8N1 terminal corrupts bytes.",
		"Replace the USB-serial adapter or cable.",
	},
	CodeLinkPoor: {
		"Reseat or replace the cable; keep it away from power cables.",
		"Try another USB-serial adapter or USB port: a failing adapter loses and delays bytes.",
		"Check that baud and format match the terminal's settings.",
	},
	CodeLinkLoopback: {
		"Remove the loopback plug and connect the terminal's own ECR / maintenance cable.",
		"Check the cable's wiring: a cable or adapter that joins TX to RX on the laptop's side echoes everything sent.",
	},
	CodeLinkGarbled: {
		"Match baud and format (8N1 / 7E1) to the terminal's communication settings.",
		"Check that the port is the terminal's and not another device's (a scanner, a modem, a scale).",
	},
	CodeLinkLost: {
		"Check whether the cable was pulled or the terminal restarted.",
		"Reconnect and run the remaining steps again.",
	},
	CodeClockDrift: {
		"Set the terminal's date and time in its system menu, or sign on: the host time is applied at sign-on on most terminals.",
	},
	CodeNotSignedOn: {"Run the sign-on step (签到)."},
	CodeSignOnOld:   {"Sign on again if transactions fail with MAC or key errors."},
	CodeUnsettled: {
		"Run settlement (日终处理/结算) before the terminal is swapped or sent for repair.",
		"If totals do not match the slips, query the detail, reprint missing slips and check the previous day's settlement.",
	},
	CodeOfflinePending: {"Let the terminal upload its offline transactions (connect it to the host, or settle)."},
	CodePaperLow:       {"Load a new paper roll soon."},
	CodeBatteryLow:     {"Charge the terminal or put it on mains power before printing."},
	CodeStuckKey: {
		"Free the stuck key; clean and dry the keypad if a drink was spilled.",
		"Restart the terminal; if the key stays stuck, the keypad needs repair.",
	},
	CodeDeadKey: {
		"Press the key firmly again; clean the keypad.",
		"If it still never registers, the keypad needs repair or the terminal must be swapped (settle first).",
	},
	CodeKeyHeld: {"Clean the keypad: a sticky key can repeat or block input."},
	CodeWeakSignal: {
		"Move the terminal nearer a window or away from metal; check the antenna.",
		"Ask the merchant about a different operator's SIM if the signal stays weak.",
	},
	CodeSignalUnknown: {"Restart the terminal's modem (power-cycle the terminal) and test again."},
	CodeHostSlow:      {"Retry; if the host is slow every time, report it to the service provider."},
	CodeKeyAbsent:     {"Sign on to download the working keys."},
	CodeHostClock:     {"Set the terminal's clock; report to the service provider if the host time itself is wrong."},
	CodePrintIllegible: {
		"Charge the battery or use mains power: light print means low voltage.",
		"Check the paper type (thermal side toward the head) and clean the print head.",
		"Reprint any slip that came out unreadable; never redo the sale.",
	},
	CodeUnconfirmedRev: {
		"Never re-swipe: the cardholder may already have been debited.",
		"Check the journal and slip for the sale and its reversal; run a query so the terminal sends the reversal again.",
		"If the goods were handed over, the merchant files a collection request (特约商户托收/请款业务申请表) with the service provider.",
	},
	CodeDuplicateCharge: {
		"Compare the slips and the cardholder's bank messages.",
		"If both sales went through: same day, void one (撤销); later, refund through the merchant adjustment form (特约商户调账申请表).",
	},
	CodeFailedTxns:       {"Look up the most frequent response codes to see who must act."},
	CodeRepeatedEvents:   {"Look up the repeated event codes; they point at the part that keeps failing."},
	CodeKeypadIncomplete: {"Run the keypad test again and press every key."},
	"P1":                 {"Load a paper roll and close the cover.", "Reprint the last slip if a sale printed nothing; never redo the sale."},
	"P2":                 {"Close the printer cover firmly until it clicks."},
	"P3":                 {"Let the printer cool for a few minutes; avoid long prints back to back."},
	"P4":                 {"Charge the battery or connect mains power, then print again."},
	"P5":                 {"Check the printer's power and data cables and clear any paper jam.", "If it still fails the printer needs repair: escalate to the service provider."},
	"H1": {
		"Check that the phone line is plugged into the terminal's LINE/PSTN port and that the line works (try a phone).",
		"On an extension line, set the outside-line prefix in the terminal parameters; turn call forwarding off.",
	},
	"H2": {"Wait and retry; fewer terminals sharing one line helps.", "If the outside line is locked at the switchboard, have it opened."},
	"H3": {"Retry; if the host never answers, report it to the service provider (host down or unreachable)."},
	"H4": {"Insert the SIM card (check it is seated and the right way round) and restart the terminal."},
	"H5": {"Check the SIM is active and paid; move the terminal for a better signal and restart it."},
	"H6": {"Report to the service provider: the host refuses this terminal's connection."},
	"K1": {"Escalate to the service provider: the terminal master key must be injected again (key loading)."},
	"K2": {"Sign on once more; if the check values still do not match, escalate to the service provider (TMK mismatch)."},
	"A0": {"Sign on again; if MAC errors persist, the installer checks that no other terminal uses this TID."},
	"03": {"Escalate to the acquirer / service provider: the merchant must be re-registered or re-enabled. Nothing to fix on site."},
	"97": {"Escalate: the installer corrects the TID in the terminal or the acquirer opens the TID at the network centre."},
	"77": {"Sign on again, then retry the transaction."},
	"96": {"Contact the bank's machine room or authorisation line; retry later."},
	"99": {"Sign on again; if it persists, contact the service provider."},
	"E1": {"The terminal's firmware does not know this command: report the model and firmware version."},
	"E2": {"Report the model and firmware version: the terminal rejected a field."},
	"E3": {"Wait for the terminal to finish what it is doing, then run the step again."},
}
