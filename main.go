// Command posdoctor checks card-payment terminals over USB/serial. With a subcommand it runs
// on the command line (posdoctor help lists them); with none it opens the desktop app.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"posdoctor/app"
	"posdoctor/app/cli"
)

func main() {
	if len(os.Args) > 1 {
		attachConsole() // Windows: the GUI-linked .exe prints to the console it was run from
		// Ctrl+C or SIGTERM cancels ctx, which every command honours; once it has, the signals
		// get their default action back, so a second Ctrl+C ends the process whatever it is doing.
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		go func() { <-ctx.Done(); stop() }()
		code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	a := fyneapp.NewWithID(app.ID)
	// a logout or `kill` closes the app as its window would: the visit saved, the port closed
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() { <-sig; signal.Stop(sig); fyne.Do(a.Quit) }()
	app.Run(a)
}
