package diagnostics

import "context"

// AutoOperator answers for an unattended run: every question yes (the slip is taken as
// legible, sign-on goes ahead), and the keypad step relies on the terminal's own presses.
type AutoOperator struct {
	// Answers overrides the answer to particular questions (tests: "the slip is not legible").
	Answers map[Question]bool
}

var _ Operator = AutoOperator{}

func (a AutoOperator) Confirm(ctx context.Context, q Question, text string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	if v, ok := a.Answers[q]; ok {
		return v, nil
	}
	return true, nil
}

func (AutoOperator) KeypadStarted(keys []string)    {}
func (AutoOperator) KeyEvent(key string, down bool) {}
func (AutoOperator) KeypadStop() <-chan struct{}    { return nil }
func (AutoOperator) Unattended() bool               { return true }
