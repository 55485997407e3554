package cli

import (
	"context"
	"fmt"
	"io"

	"posdoctor/serialio"
)

func cmdPorts(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("ports", "", stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return ExitFailed
	}
	ports, err := serialio.ListPorts()
	if err != nil {
		fmt.Fprintln(stderr, "posdoctor ports:", err)
		return ExitFailed
	}
	if *asJSON {
		if ports == nil {
			ports = []serialio.PortInfo{}
		}
		if err := writeJSON(stdout, ports); err != nil {
			fmt.Fprintln(stderr, "posdoctor ports:", err)
			return ExitFailed
		}
		return ExitOK
	}
	if len(ports) == 0 {
		fmt.Fprintln(stdout, "No serial ports found. Plug in the terminal's USB or serial cable, or use the built-in simulated terminal (posdoctor sim).")
		return ExitOK
	}
	for _, p := range ports {
		mark := " "
		if p.Kind == serialio.KindTerminal {
			mark = "*"
		}
		fmt.Fprintf(stdout, "%s %s\n", mark, p.Label())
	}
	fmt.Fprintln(stdout, "\n* likely a payment terminal (by its USB vendor ID)")
	return ExitOK
}
