package diagnostics

import "slices"

// noteCodes are the finding codes the checklist only ever reports at SeverityInfo: notes worth
// knowing, not faults. The verdict already passes over info findings; a count of faults (the
// monthly code Pareto, a repeat terminal's last code) leaves these codes out. Keep the list in
// step with the finding(..., SeverityInfo, ...) calls (notes_test.go checks it).
var noteCodes = []string{
	CodeFailedTxns,     // journal: failed transactions, grouped by RC
	CodeRepeatedEvents, // journal: an error event logged again and again
	CodeSignOnOld,      // keys: last sign-on more than a day ago
}

// IsNote reports whether code is a note: a finding code the checklist reports only at
// SeverityInfo (FAILED-TXNS, REPEATED-EVENTS, SIGNON-OLD). A note tells the technician
// something worth knowing, not that something broke, so figures that count faults skip it.
// Any other code, a terminal's or host's included, is not a note.
func IsNote(code string) bool { return slices.Contains(noteCodes, code) }

// NoteCodes lists the note codes (see IsNote), a fresh slice each time.
func NoteCodes() []string { return slices.Clone(noteCodes) }
