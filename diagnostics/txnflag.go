package diagnostics

import (
	"slices"
	"strings"

	"posdoctor/enum"
	"posdoctor/locale"
)

// TxnFlag says why a journal record matters for money. The values are stored (the incident
// store's journal.flag column): never renumber them.
type TxnFlag int

// Transaction flags, most urgent first.
const (
	TxnNormal             TxnFlag = iota // nothing to look at
	TxnUnconfirmedReverse                // reversal not confirmed (冲正未确认): never re-swipe
	TxnPossibleDuplicate                 // possible duplicate charge
	TxnFailed                            // declined or failed (RC not 00)
)

var txnFlagNames = enum.Names[TxnFlag]{"normal", "unconfirmed-reversal", "possible-duplicate", "failed"}

// String returns the flag's name ("unconfirmed-reversal").
func (f TxnFlag) String() string { return txnFlagNames.String(f) }

// ParseTxnFlag reads a flag name as String writes it.
func ParseTxnFlag(s string) (TxnFlag, error) { return txnFlagNames.Parse(s) }

// The letters of a journal record's flags unit (PROTOCOL.md §5 REC).
const (
	RecReversed    = 'R' // reversed
	RecPrinted     = 'P' // slip printed
	RecOffline     = 'O' // offline, not yet uploaded
	RecUnconfirmed = 'U' // reversal sent, not confirmed by the host
)

var recFlagLabels = map[rune]locale.Text{
	RecReversed:    {ZH: "已冲正", EN: "reversed"},
	RecPrinted:     {ZH: "已打印", EN: "printed"},
	RecOffline:     {ZH: "离线未上送", EN: "offline, not uploaded"},
	RecUnconfirmed: {ZH: "冲正未确认", EN: "reversal not confirmed"},
}

// RecFlagLabel says what a letter of a record's flags unit means; ok is false for a letter
// PROTOCOL.md does not define.
func RecFlagLabel(letter rune) (label locale.Text, ok bool) {
	label, ok = recFlagLabels[letter]
	return label, ok
}

// Flag says why the transaction is flagged, from the checklist's findings on it and its own
// fields: an unconfirmed reversal (flag U or REVERSAL-PENDING), a possible duplicate charge,
// a failure (RC not 00, or FAILED-TXNS), or nothing.
func (t Transaction) Flag() TxnFlag {
	has := func(code string) bool { return slices.Contains(t.Flagged, code) }
	switch {
	case has(CodeUnconfirmedRev) || strings.ContainsRune(t.Flags, RecUnconfirmed):
		return TxnUnconfirmedReverse
	case has(CodeDuplicateCharge):
		return TxnPossibleDuplicate
	case has(CodeFailedTxns) || (t.RC != "" && t.RC != "00"):
		return TxnFailed
	case len(t.Flagged) > 0:
		return TxnFailed
	}
	return TxnNormal
}
