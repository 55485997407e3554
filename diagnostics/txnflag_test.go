package diagnostics

import (
	"testing"

	"posdoctor/internal/enumtest"
)

func TestTxnFlagNames(t *testing.T) {
	enumtest.Check(t, ParseTxnFlag, txnFlagNames.Values(), map[TxnFlag]string{
		TxnNormal:             "normal",
		TxnUnconfirmedReverse: "unconfirmed-reversal",
		TxnPossibleDuplicate:  "possible-duplicate",
		TxnFailed:             "failed",
	}, "Failed")
}

func TestTransactionFlag(t *testing.T) {
	tests := []struct {
		name string
		t    Transaction
		want TxnFlag
	}{
		{"approved", Transaction{RC: "00", Flags: "P"}, TxnNormal},
		{"no RC, nothing found", Transaction{}, TxnNormal},
		{"declined", Transaction{RC: "51"}, TxnFailed},
		{"flag U", Transaction{RC: "00", Flags: "PU"}, TxnUnconfirmedReverse},
		{"reversal finding", Transaction{RC: "51", Flagged: []string{CodeUnconfirmedRev}}, TxnUnconfirmedReverse},
		{"duplicate", Transaction{RC: "00", Flagged: []string{CodeDuplicateCharge}}, TxnPossibleDuplicate},
		{"failed finding", Transaction{Flagged: []string{CodeFailedTxns}}, TxnFailed},
		{"other finding", Transaction{RC: "00", Flagged: []string{"ZZ"}}, TxnFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.t.Flag(); got != tt.want {
				t.Errorf("Flag() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRecFlagLabel(t *testing.T) {
	for _, r := range []rune{RecReversed, RecPrinted, RecOffline, RecUnconfirmed} {
		if l, ok := RecFlagLabel(r); !ok || l.ZH == "" || l.EN == "" {
			t.Errorf("%c: %v %v", r, l, ok)
		}
	}
	if _, ok := RecFlagLabel('X'); ok {
		t.Error("an undefined flag letter has a label")
	}
}
