package cli

import (
	"context"
	"fmt"
	"io"

	"posdoctor/serialio"
)

func cmdPorts(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	l := langOf(ctx)
	fs := newFlagSet(ctx, "ports", "", stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return parseExit(err)
	}
	ports, err := serialio.ListPorts()
	if err != nil {
		return failErr(stderr, l, "ports", err)
	}
	if *asJSON {
		if ports == nil {
			ports = []serialio.PortInfo{}
		}
		if err := writeJSON(stdout, ports); err != nil {
			return failErr(stderr, l, "ports", err)
		}
		return ExitOK
	}
	if len(ports) == 0 {
		fmt.Fprintln(stdout, msgNoPorts.In(l))
		return ExitOK
	}
	for _, p := range ports {
		mark := " "
		if p.Kind == serialio.KindTerminal {
			mark = "*"
		}
		fmt.Fprintf(stdout, "%s %s\n", mark, p.Label())
	}
	fmt.Fprintln(stdout, "\n"+msgLikelyTerm.In(l))
	return ExitOK
}
