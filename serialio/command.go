package serialio

import (
	"fmt"
	"strings"
)

// Command is a TML/1 CMD: two upper-case ASCII letters (PROTOCOL.md §4). The constants are
// the commands of §5; a Message may carry any other two letters (a terminal answers an
// unknown one with E1), so Command is the wire text itself rather than a number, and its
// encoding is the two bytes on the wire.
type Command string

// The commands of PROTOCOL.md §5.
const (
	CmdEcho       Command = "EC" // echo: DATA back
	CmdStatus     Command = "ST" // status: identity, printer, battery, batch
	CmdCommTest   Command = "CT" // the terminal tries its own host link
	CmdKeyStatus  Command = "KS" // check values of the security keys
	CmdKeypadTest Command = "KT" // start the keypad test
	CmdKeyEvent   Command = "KE" // a key went down or up (unsolicited)
	CmdKeypadEnd  Command = "KX" // end the keypad test (either side)
	CmdPrintTest  Command = "PT" // print a test slip
	CmdSignOn     Command = "SO" // sign-on (签到) with the acquirer host
	CmdJournal    Command = "JL" // one journal page
	CmdEventLog   Command = "EL" // one event log page
	CmdEvent      Command = "EV" // an event (unsolicited)
)

// Commands lists every command of §5, in the order of its table.
func Commands() []Command {
	return []Command{CmdEcho, CmdStatus, CmdCommTest, CmdKeyStatus, CmdKeypadTest, CmdKeyEvent,
		CmdKeypadEnd, CmdPrintTest, CmdSignOn, CmdJournal, CmdEventLog, CmdEvent}
}

// String is the CMD as it goes on the wire.
func (c Command) String() string { return string(c) }

// Valid reports whether c is two upper-case ASCII letters, a well-formed CMD whether or not
// §5 defines it.
func (c Command) Valid() bool { return ValidCmd(string(c)) }

// Known reports whether c is one of the commands of §5.
func (c Command) Known() bool {
	for _, k := range Commands() {
		if c == k {
			return true
		}
	}
	return false
}

// ParseCommand reads a command of §5 as String writes it (case-sensitive, as on the wire).
// Anything else is an error that lists the commands.
func ParseCommand(s string) (Command, error) {
	if c := Command(s); c.Known() {
		return c, nil
	}
	names := make([]string, 0, len(Commands()))
	for _, c := range Commands() {
		names = append(names, string(c))
	}
	return "", fmt.Errorf("%q is not a TML/1 command (want one of %s): %w", s, strings.Join(names, " "), ErrMessage)
}
