package diagnostics

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"posdoctor/serialio"
)

// Keypad step texts.
var (
	sumNoKeySet      = tpl("the terminal reports no key set")
	sumKeypadRefused = tpl("keypad test refused: RC {{.RC}}")
	sumKeypadNoPress = tpl("no key presses came (unattended run): keypad not tested")
	msgStuckKeys     = tpl("Keys held down at power-on: {{.Keys}}.")
	sumKeypadStuck   = tpl("keypad not tested; stuck keys reported at power-on")
	msgStuckKeysFree = tpl("Keys held down at power-on: {{.Keys}}. Free the key (clean a spill); if it stays stuck the keypad needs repair.")
	msgKeysNeverSeen = tpl("Keys never reported in the keypad test: {{.Keys}} (test ended: {{.End}}).")
	msgKeysHeld      = tpl("Keys went down and stayed down over {{.Limit}}: {{.Keys}} (sticky keys).")
	sumKeypad        = tpl("{{.Seen}} of {{.Total}} keys seen ({{.End}})")
	sumKeypadStuckOf = tpl("{{.Seen}} of {{.Total}} keys work; stuck: {{.Keys}} ({{.End}})")
	sumKeypadStopped = tpl("keypad test stopped before any key was pressed: keypad not tested")
	msgKeysNotTested = tpl("The keypad test was stopped before these keys were pressed: {{.Keys}}. They are not tested, not dead.")
	msgNoPressCame   = tpl("No key press came before the test ended ({{.End}}). If keys were pressed, the keypad or its cable is dead; if not, run the test again and press every key.")
)

// keypadEndBound bounds the KX that ends a keypad test the step leaves early (cancelled, or its
// own KX not answered): a quick command, answered at once on a working line (§4: 5 s).
const keypadEndBound = serialio.DefaultResponseTimeout

// endKeypadTest sends KX for a keypad test the step leaves while the terminal may still run it
// (PROTOCOL.md §5: KX ends the test). Without it the terminal answers E3 (busy) to every request
// until its own TIMEOUT runs out: a cancelled keypad test made the next check wait at its echo
// rounds for a minute and call the line poor. The run's context may be done: KX has a short
// bound of its own.
func (r *run) endKeypadTest() {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.ctx), keypadEndBound)
	defer cancel()
	_, _ = r.c.Term.Exchange(ctx, serialio.Message{Cmd: serialio.CmdKeypadEnd})
}

// lineDelayBudget is how late a key event may arrive on a line that loses frames: the
// terminal resends a frame that got no ACK after T_ACK, three times (§3). On such a line a key
// up that came late, or never, says nothing about the key.
const lineDelayBudget = (serialio.DefaultMaxResends + 1) * serialio.DefaultTAck

// lossyLine reports whether frames may be lost or delayed on this line: the link step of this
// run found a poor line, or the link counted trouble since before (the zero value: not asked).
func (r *run) lossyLine(before serialio.ClientStats) bool {
	if s, ok := r.rep.Step(StepLink); ok {
		for _, f := range s.Findings {
			if f.Code == CodeLinkPoor || f.Code == CodeLinkResends {
				return true
			}
		}
	}
	if ls, ok := r.c.Term.(linkStats); ok && before != (serialio.ClientStats{}) {
		d := linkDelta(before, ls.Stats())
		return d.Resends+d.NAKsReceived+d.NAKsSent+d.Abandoned+d.LateResponses > 0 || d.NoiseBytes >= noiseLimit
	}
	return false
}

// keypad runs KT: it shows the key set, lights keys as KE events arrive, and ends when every
// key was seen, on the terminal's TIMEOUT, when the technician stops, or (unattended) when the
// terminal's own presses stop coming.
func (r *run) keypad(res *StepResult) error {
	st, err := r.status(false)
	if err != nil {
		return err
	}
	keys := splitList(st.Value("KEYS"))
	stuck := splitList(st.Value("STUCK"))
	res.Evidence["keys"] = keys
	if len(keys) == 0 {
		res.Status = StatusSkipped
		setSummary(res, sumNoKeySet, nil)
		return nil
	}
	timeout := r.c.KeypadTimeout
	if timeout < 10*time.Second || timeout > 300*time.Second {
		timeout = 60 * time.Second
	}
	idle, first := r.c.KeypadIdle, r.c.KeypadFirstKey
	if idle <= 0 {
		idle = 3 * time.Second
	}
	if first <= 0 {
		first = 8 * time.Second
	}
	if r.lossyLine(serialio.ClientStats{}) {
		// unattended, the end is judged by silence: on a line that loses frames a key event
		// may come lineDelayBudget late, and that silence is the line's, not the keypad's
		idle += lineDelayBudget
		first += lineDelayBudget
		res.Evidence["lossy_line"] = true
	}
	// drop stale events from before this test
	for drained := false; !drained; {
		select {
		case <-r.c.Term.Events():
		default:
			drained = true
		}
	}
	resp, err := r.exchange(serialio.CmdKeypadTest, serialio.Field{Name: "TIMEOUT", Value: strconv.Itoa(int(timeout.Seconds()))})
	if err != nil {
		if r.ctx.Err() != nil {
			r.endKeypadTest() // cancelled once KT was sent: the terminal may have started the test
		}
		return err
	}
	if rc := resp.RC(); rc != "00" {
		refused(res, serialio.CmdKeypadTest, rc, sumKeypadRefused)
		return nil
	}
	// from here on the terminal runs the test until a KX ends it, either way: whatever ends
	// the step ends the test too
	running := true
	defer func() {
		if running {
			r.endKeypadTest()
		}
	}()
	r.c.Op.KeypadStarted(keys)
	var before serialio.ClientStats
	if ls, ok := r.c.Term.(linkStats); ok {
		before = ls.Stats()
	}

	// seen: keys pressed. A key stuck since power-on reports DOWN at once and never UP
	// (§5 ST STUCK): that DOWN is no press, so it counts only once it comes up (freed).
	seen := map[string]bool{}
	downAt := map[string]time.Time{}
	held := map[string]time.Duration{} // the longest each key stayed down, where over keyHeldTooLong
	pressed := 0
	reason := ""
	unattended := r.c.Op.Unattended()
	bound := time.NewTimer(timeout + 5*time.Second) // the terminal's own TIMEOUT, plus slack
	defer bound.Stop()
	quiet := time.NewTimer(first)
	defer quiet.Stop()
	var quietC <-chan time.Time
	if unattended {
		quietC = quiet.C
	}
	stop := r.c.Op.KeypadStop()
	sendStop := true
loop:
	for {
		select {
		case ev, ok := <-r.c.Term.Events():
			if !ok {
				running = false // the link is gone: no KX can reach the terminal
				return errAbort{r.linkEnded("the keypad test")}
			}
			switch ev.Cmd {
			case serialio.CmdKeyEvent:
				key, act := ev.Value("KEY"), ev.Value("ACT")
				if !slices.Contains(keys, key) || (act != "DOWN" && act != "UP") {
					continue // untrusted: a key outside the key set, or an unknown action, is ignored
				}
				down := act == "DOWN"
				stuckReport := down && slices.Contains(stuck, key) && !seen[key]
				if down {
					// a DOWN of a key already down means it came up and its UP was lost
					// on the line: the new press starts a new hold
					downAt[key] = time.Now()
				} else if t, ok := downAt[key]; ok {
					if d := time.Since(t); d > keyHeldTooLong {
						held[key] = max(held[key], d)
					}
					delete(downAt, key)
				}
				if !stuckReport {
					seen[key] = true
					pressed++
				}
				r.c.Op.KeyEvent(key, down)
				r.c.progress(working(StepKeypad, len(seen), len(keys), map[bool]string{true: progKeyDown, false: progKeyUp}[down], kv{"Key": key}))
				if unattended {
					quiet.Reset(idle)
				}
				if len(seen) == len(keys) && len(downAt) == 0 {
					reason = endAllKeys
					break loop
				}
				if onlyStuckLeft(keys, seen, downAt, stuck) {
					reason = endAllButStuck
					break loop
				}
			case serialio.CmdKeypadEnd:
				reason = endTermStop
				if ev.Value("REASON") == "TIMEOUT" {
					reason = endTermTimeout
				}
				sendStop, running = false, false
				break loop
			}
		case <-stop:
			reason = endStopped
			break loop
		case <-quietC:
			reason = endNoPresses
			break loop
		case <-bound.C:
			reason = endTimedOut
			break loop
		case <-r.ctx.Done():
			return r.ctx.Err()
		}
	}
	if sendStop {
		if _, err := r.exchange(serialio.CmdKeypadEnd); err != nil {
			return err
		}
		running = false
	}
	// On a line that loses frames a key's UP may come up to lineDelayBudget late, or never
	// (every resend lost): only a hold beyond that is the key's, and a key still down at the end
	// is not judged.
	limit := keyHeldTooLong
	lossy := r.lossyLine(before)
	if lossy {
		limit += lineDelayBudget
	}
	var upLost []string
	for k, t := range downAt { // still down at the end
		if lossy {
			upLost = append(upLost, k)
		} else if d := time.Since(t); d > keyHeldTooLong {
			held[k] = max(held[k], d)
		}
	}
	if len(upLost) > 0 {
		slices.Sort(upLost)
		res.Evidence["up_not_seen"] = upLost
	}
	res.Evidence["events"] = pressed
	res.Evidence["seen"] = len(seen)
	res.Evidence["end"] = reason
	if (unattended || reason == endStopped) && pressed == 0 {
		// nobody pressed: unattended with no presses of the terminal's own, or the
		// technician stopped before pressing anything
		res.Status = StatusSkipped
		setSummary(res, map[bool]string{true: sumKeypadNoPress, false: sumKeypadStopped}[unattended], nil)
		if len(stuck) > 0 {
			res.Findings = append(res.Findings, finding(CodeStuckKey, SeverityCritical, WhoTechnician,
				msgStuckKeys, kv{"Keys": strings.Join(stuck, ", ")}))
			conclude(res, sumKeypadStuck, nil)
		}
		return nil
	}
	var missing, stillStuck []string
	for _, k := range keys {
		switch {
		case seen[k]:
		case slices.Contains(stuck, k):
			stillStuck = append(stillStuck, k) // reported by STUCK-KEY, not a dead key
		default:
			missing = append(missing, k)
		}
	}
	if len(stuck) > 0 {
		res.Findings = append(res.Findings, finding(CodeStuckKey, SeverityCritical, WhoTechnician,
			msgStuckKeysFree, kv{"Keys": strings.Join(stuck, ", ")}))
	}
	switch {
	case len(missing) == 0:
	case reason == endStopped:
		// the technician ended the test: the keys not pressed yet say nothing of the keypad
		res.Findings = append(res.Findings, finding(CodeKeypadIncomplete, SeverityWarning, WhoTechnician,
			msgKeysNotTested, kv{"Keys": strings.Join(missing, ", ")}))
	case pressed == 0:
		// the time ran out with not one press: a dead keypad, or nobody pressed; the
		// technician knows which, and a swap is not ordered on a guess
		res.Findings = append(res.Findings, finding(CodeKeypadIncomplete, SeverityWarning, WhoTechnician,
			msgNoPressCame, kv{"End": reason}))
	default:
		res.Findings = append(res.Findings, finding(CodeDeadKey, SeverityCritical, WhoProvider,
			msgKeysNeverSeen, kv{"Keys": strings.Join(missing, ", "), "End": reason}))
	}
	var heldKeys, unsure []string
	for k, d := range held {
		switch {
		case slices.Contains(stuck, k):
		case d > limit:
			heldKeys = append(heldKeys, k)
		default:
			unsure = append(unsure, k) // as long as the line's resends can make it
		}
	}
	if len(unsure) > 0 {
		slices.Sort(unsure)
		res.Evidence["held_or_line_delay"] = unsure
	}
	slices.Sort(heldKeys)
	if len(heldKeys) > 0 {
		res.Findings = append(res.Findings, finding(CodeKeyHeld, SeverityWarning, WhoTechnician,
			msgKeysHeld, kv{"Limit": limit.String(), "Keys": strings.Join(heldKeys, ", ")}))
	}
	if len(stillStuck) > 0 {
		conclude(res, sumKeypadStuckOf, kv{"Seen": len(seen), "Total": len(keys), "Keys": strings.Join(stillStuck, ", "), "End": reason})
		return nil
	}
	conclude(res, sumKeypad, kv{"Seen": len(seen), "Total": len(keys), "End": reason})
	return nil
}

// onlyStuckLeft reports whether the keypad test has nothing more to show: it has keys stuck
// since power-on, each still down, and every other key was pressed and came up.
func onlyStuckLeft(keys []string, seen map[string]bool, downAt map[string]time.Time, stuck []string) bool {
	if len(stuck) == 0 {
		return false
	}
	for _, k := range keys {
		_, down := downAt[k]
		switch {
		case slices.Contains(stuck, k) && !seen[k]:
			if !down {
				return false // its DOWN has not come yet
			}
		case !seen[k] || down:
			return false
		}
	}
	return true
}
