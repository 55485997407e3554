// Package visit is what both front ends — the GUI (app) and the command line (app/cli) — do
// with a technician's visit: open a terminal (a serial port, or the built-in simulated terminal
// on a pty, in memory where there are no ptys), attach checklist runs to the visit's incident
// (one terminal per visit), turn the link trace into the incident's excerpt, explain codes for
// the workbook from the code book, and say what to do about a link error.
//
// Both front ends import it; neither imports the other. It must not import Fyne or app/cli.
package visit
