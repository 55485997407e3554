package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"posdoctor/app/visit"
	"posdoctor/locale"
	"posdoctor/pan"
	"posdoctor/serialio"
)

func cmdStatus(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	l := langOf(ctx)
	fs := newFlagSet(ctx, "status", "", stderr)
	var conn connFlags
	conn.register(fs)
	asJSON := fs.Bool("json", false, "print JSON: the ST fields (lower-case names) plus rc and rtt_ms")
	if err := fs.Parse(args); err != nil {
		return parseExit(err)
	}
	c, err := conn.open(ctx)
	if err != nil {
		return failErr(stderr, l, "status", err)
	}
	defer c.Close()
	client, name := c.Client, connName(l, c)

	start := time.Now()
	resp, err := client.Exchange(ctx, serialio.Message{Cmd: serialio.CmdStatus})
	rtt := time.Since(start)
	if err != nil {
		fmt.Fprintf(stderr, "posdoctor status: %s: %s\n", name, noAnswerIn(l, err))
		return ExitFailed
	}
	if resp.RC() == "" {
		// every response starts with RC (§4): whatever answered does not speak TML/1
		return failText(stderr, l, "status", msgNoRC, name, pan.MaskText(resp.String()))
	}
	if *asJSON {
		out := map[string]any{"rc": resp.RC(), "rtt_ms": rtt.Milliseconds()}
		for _, f := range serialio.StatusFields {
			if v, ok := resp.Get(f.Name); ok {
				out[strings.ToLower(f.Name)] = pan.MaskField(f.Name, v) // the MID whole: no card number
			}
		}
		_ = writeJSON(stdout, out)
	} else {
		fmt.Fprintln(stdout, say(l, msgStatusHead, name, resp.RC(), rtt.Milliseconds()))
		for _, f := range serialio.StatusFields {
			if v, ok := resp.Get(f.Name); ok {
				label := f.Label.In(l)
				fmt.Fprintf(stdout, "  %s%s %s\n", label, strings.Repeat(" ", max(0, 22-locale.Width(label))), pan.MaskField(f.Name, serialio.StatusValue(f.Name, v, l)))
			}
		}
	}
	if resp.RC() != "00" {
		fmt.Fprintln(stderr, "posdoctor status: "+say(l, msgStatusRC, resp.RC(), resp.RC()))
		return ExitProblem
	}
	return ExitOK
}

// noAnswerIn is noAnswer in l: the sentence for a link error a person meets, else a general
// one, with the details after it.
func noAnswerIn(l locale.Lang, err error) string {
	if l == locale.EN {
		return noAnswer(err)
	}
	if s, d := errParts(l, err); s != msgFailed.In(l) {
		return errText(l, err)
	} else {
		return say(l, msgNoAnswerOther) + "\n  " + say(l, msgDetails, d)
	}
}

// noAnswer says why a request got no answer and what to do, for the command line: what the
// line showed (our own frames back, bytes that are no frames) comes before the generic advice.
func noAnswer(err error) string {
	switch {
	case errors.Is(err, serialio.ErrLineEcho):
		return "the line echoes what we send: a loopback plug or a wrong cable, not a terminal.\nRemove the loopback plug and connect the terminal's own ECR / maintenance cable."
	case errors.Is(err, serialio.ErrGarbled):
		return err.Error() + "\nMatch the baud rate and format (--baud, --format 8N1|7E1) to the terminal's communication settings, and check that the port is the terminal's."
	case errors.Is(err, serialio.ErrLinePoor):
		return "the line is too poor: the request or its answer was damaged every time, though asked again under the same SEQ, while the terminal answers ENQ (" + err.Error() + ").\n" + visit.AdviceOr(err)
	case errors.Is(err, serialio.ErrTimeout):
		return "the terminal acknowledged the request but never answered it, though asked again under the same SEQ (" + err.Error() + ").\n" + visit.AdviceOr(err) + " If it never answers, restart it."
	case errors.Is(err, serialio.ErrLinkFailed):
		return "no answer: nothing on the line acknowledged the request or an ENQ (" + err.Error() + ").\n" + visit.AdviceOr(err)
	}
	return err.Error() + "\n" + visit.AdviceOr(err)
}
