package diagnostics

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"posdoctor/serialio"
)

func txn(min int, typ, rc, flags, trace string) Transaction {
	return Transaction{Time: time.Date(2026, 11, 21, 20, 0, 0, 0, time.Local).Add(time.Duration(min) * time.Minute),
		Type: typ, Amount: 1480, PAN: "621700******7265", Trace: trace, RC: rc, Flags: flags, Flagged: []string{}}
}

func TestDuplicateCharge(t *testing.T) {
	for _, tc := range []struct {
		name string
		txns []Transaction
		dup  bool
	}{
		{"two approved sales minutes apart", []Transaction{txn(0, "SALE", "00", "P", "1"), txn(3, "SALE", "00", "P", "2")}, true},
		{"voided between", []Transaction{txn(0, "SALE", "00", "P", "1"), txn(1, "VOID", "00", "P", "2"), txn(3, "SALE", "00", "P", "3")}, false},
		{"a failed void does not undo", []Transaction{txn(0, "SALE", "00", "P", "1"), txn(1, "VOID", "96", "", "2"), txn(3, "SALE", "00", "P", "3")}, true},
		{"an unconfirmed reversal does not undo", []Transaction{txn(0, "SALE", "00", "P", "1"), txn(1, "REVERSAL", "00", "U", "2"), txn(3, "SALE", "00", "P", "3")}, true},
		{"timed-out sale then a re-swipe", []Transaction{txn(0, "SALE", "98", "U", "1"), txn(2, "SALE", "00", "P", "2")}, true},
		{"reversed sale then a new sale", []Transaction{txn(0, "SALE", "98", "R", "1"), txn(2, "SALE", "00", "P", "2")}, false},
		{"the same record twice", []Transaction{txn(0, "SALE", "00", "P", "1"), txn(0, "SALE", "00", "P", "1")}, false},
		{"too far apart", []Transaction{txn(0, "SALE", "00", "P", "1"), txn(11, "SALE", "00", "P", "2")}, false},
		{"second sale declined", []Transaction{txn(0, "SALE", "00", "P", "1"), txn(3, "SALE", "51", "", "2")}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := &StepResult{Evidence: map[string]any{}}
			analyseJournal(tc.txns, nil, res)
			got := false
			for _, f := range res.Findings {
				got = got || f.Code == CodeDuplicateCharge
			}
			if got != tc.dup {
				t.Fatalf("duplicate charge found = %v, want %v (%+v)", got, tc.dup, res.Findings)
			}
		})
	}
}

// hostileTerminal answers JL/EL pages as told, to test the bounds against a terminal that
// never stops or sends nonsense. It is not a stand-in for the simulator: the simulator
// behaves, and these are the misbehaviours it cannot show.
type hostileTerminal struct {
	page func(cmd serialio.Command, n int) serialio.Message
}

func (h hostileTerminal) Exchange(ctx context.Context, req serialio.Message) (serialio.Message, error) {
	n, _ := strconv.Atoi(req.Value("PAGE"))
	return h.page(req.Cmd, n), nil
}
func (hostileTerminal) Probe(context.Context) error     { return nil }
func (hostileTerminal) Events() <-chan serialio.Message { return nil }

func TestJournalBoundsAgainstHostileTerminal(t *testing.T) {
	rec := serialio.JoinUnits("20261121200000", "SALE", "100", "622848******1234", "000001", "123456789012", "", "00", "P")
	for _, tc := range []struct {
		name string
		page func(cmd serialio.Command, n int) serialio.Message
		want string
	}{
		{"more forever with the same page", func(cmd serialio.Command, n int) serialio.Message {
			return serialio.Message{Cmd: cmd, Fields: []serialio.Field{{Name: "RC", Value: "00"}, {Name: "PAGE", Value: strconv.Itoa(n)}, {Name: "MORE", Value: "Y"}, {Name: "REC", Value: rec}, {Name: "EVT", Value: "x"}}}
		}, "same records"},
		{"empty pages that say more", func(cmd serialio.Command, n int) serialio.Message {
			return serialio.Message{Cmd: cmd, Fields: []serialio.Field{{Name: "RC", Value: "00"}, {Name: "PAGE", Value: strconv.Itoa(n)}, {Name: "MORE", Value: "Y"}}}
		}, "empty page"},
		{"wrong page number", func(cmd serialio.Command, n int) serialio.Message {
			return serialio.Message{Cmd: cmd, Fields: []serialio.Field{{Name: "RC", Value: "00"}, {Name: "PAGE", Value: "7"}, {Name: "MORE", Value: "N"}}}
		}, "answered page 7"},
		{"more forever, new records each page", func(cmd serialio.Command, n int) serialio.Message {
			r := serialio.JoinUnits("20261121200000", "SALE", strconv.Itoa(n), "622848******1234", "000001", "123456789012", "", "00", "P")
			return serialio.Message{Cmd: cmd, Fields: []serialio.Field{{Name: "RC", Value: "00"}, {Name: "PAGE", Value: strconv.Itoa(n)}, {Name: "MORE", Value: "Y"}, {Name: "REC", Value: r}, {Name: "EVT", Value: r}}}
		}, "after 50 pages"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cl := &Checklist{Term: hostileTerminal{tc.page}, Op: AutoOperator{}, Steps: []StepID{StepJournal}, MaxPages: 50}
			done := make(chan *Report, 1)
			go func() { done <- cl.Run(context.Background()) }()
			select {
			case rep := <-done:
				s := rep.Steps[0]
				if s.Status != StatusWarn || !strings.Contains(s.Evidence["journal_error"].(string), tc.want) {
					t.Fatalf("%s %v", s.Status, s.Evidence)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the journal step did not stop")
			}
		})
	}
}

// busyTerminal answers E3 (busy) a number of times before answering.
type busyTerminal struct {
	busy  int
	calls *int
}

func (b busyTerminal) Exchange(ctx context.Context, req serialio.Message) (serialio.Message, error) {
	*b.calls++
	if *b.calls <= b.busy {
		return serialio.Message{Cmd: req.Cmd, Fields: []serialio.Field{{Name: "RC", Value: "E3"}}}, nil
	}
	return serialio.Message{Cmd: req.Cmd, Fields: []serialio.Field{{Name: "RC", Value: "00"}, {Name: "TMK", Value: "Y"},
		{Name: "PIK", Value: "0123ABCD"}, {Name: "MAK", Value: "0123ABCD"}, {Name: "TDK", Value: "0123ABCD"}}}, nil
}
func (busyTerminal) Probe(context.Context) error     { return nil }
func (busyTerminal) Events() <-chan serialio.Message { return nil }

func TestBusyTerminalIsAskedAgain(t *testing.T) {
	calls := 0
	rep := (&Checklist{Term: busyTerminal{busy: 2, calls: &calls}, Op: AutoOperator{}, Steps: []StepID{StepKeys}}).Run(context.Background())
	// three KS (two answered E3), then one ST that names the terminal (the run read none)
	if s := rep.Steps[0]; s.Status != StatusPass || calls != 4 {
		t.Fatalf("keys after two E3: %s %v, %d calls", s.Status, s.Findings, calls)
	}
	calls = 0
	start := time.Now()
	rep = (&Checklist{Term: busyTerminal{busy: 1 << 30, calls: &calls}, Op: AutoOperator{}, Steps: []StepID{StepKeys}}).Run(context.Background())
	if s := rep.Steps[0]; s.Status != StatusFail || s.Findings[0].Code != "E3" || time.Since(start) > busyRetryFor+5*time.Second {
		t.Fatalf("a terminal that stays busy: %s %v after %v", s.Status, s.Findings, time.Since(start))
	}
}
