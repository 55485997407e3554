package termsim

import (
	"context"
	"time"

	"posdoctor/serialio"
)

// Key-press timing of the AutoKeys keypad (at Speed 1): a few hundred ms from key to key.
const (
	keyFirst = 300 * time.Millisecond // from KT to the first press
	keyHold  = 120 * time.Millisecond // DOWN to UP
	keyGap   = 250 * time.Millisecond // UP to the next key's DOWN
)

// keypadRun is one running keypad test (§5 KT). cancel ends its goroutine; whoever ends the
// test (host KX or the timeout) first, under Terminal.mu, sends the terminal's KX.
type keypadRun struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// startKeypad answers KT and starts the test: keys stuck since power-on report DOWN at once
// and never UP; with AutoKeys every other working key is pressed once; the terminal ends the
// test with KX REASON=TIMEOUT after timeout (scaled by Speed) unless the host sends KX first.
// Called with t.mu held.
func (s *conn) startKeypad(req serialio.Message, timeout time.Duration) {
	s.answer(req, reply(req, rcOK))
	run := &keypadRun{}
	run.ctx, run.cancel = context.WithCancel(s.ctx)
	s.busy = serialio.CmdKeypadTest
	s.kt = run
	s.wg.Add(1)
	go s.keypad(run, timeout)
}

func (s *conn) keypad(run *keypadRun, timeout time.Duration) {
	defer s.wg.Done()
	t := s.t
	ctx, cancel := context.WithTimeout(run.ctx, t.scale(timeout))
	defer cancel()
	f := t.fs() // a fault changed during the test applies to the next one
	for _, k := range f.stuck {
		s.keyEvent(run, k, "DOWN")
	}
	if t.cfg.AutoKeys && t.pause(ctx, keyFirst) == nil {
		for _, k := range t.id.model.keys {
			works := !f.dead[k] && !contains(f.stuck, k)
			if works {
				s.keyEvent(run, k, "DOWN")
			}
			if t.pause(ctx, keyHold) != nil {
				break
			}
			if works {
				s.keyEvent(run, k, "UP")
			}
			if t.pause(ctx, keyGap) != nil {
				break
			}
		}
	}
	idle := time.Now()
	<-ctx.Done()
	if run.ctx.Err() != nil {
		return // stopped by the host's KX, or Serve is ending
	}
	t.modelled.Add(int64(time.Since(idle))) // the terminal's own timer ran out
	t.mu.Lock()
	defer t.mu.Unlock()
	if s.kt == run {
		s.kt, s.busy = nil, ""
		s.unsolicited(serialio.CmdKeypadEnd, "REASON", "TIMEOUT")
	}
}

// keyEvent sends one KE unless the test has ended.
func (s *conn) keyEvent(run *keypadRun, key, act string) {
	s.t.mu.Lock()
	defer s.t.mu.Unlock()
	if s.kt == run {
		s.unsolicited(serialio.CmdKeyEvent, "KEY", key, "ACT", act)
	}
}

// stopKeypad handles the host's KX during a keypad test: RC 00 to the host, then the
// terminal's own KX REASON=STOP (§5), in that order and with no KE after. Called with t.mu
// held.
func (s *conn) stopKeypad(req serialio.Message) {
	run := s.kt
	s.kt, s.busy = nil, ""
	run.cancel()
	s.answer(req, reply(req, rcOK))
	s.unsolicited(serialio.CmdKeypadEnd, "REASON", "STOP")
}
