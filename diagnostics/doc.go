// Package diagnostics holds what a technician's check knows: the checklist engine, its steps
// and findings, and the offline code book search (subpackage codebook). It talks to a terminal
// only through the small Terminal interface it declares, which serialio.Client satisfies
// (the simulator is a terminal on the other end of a line, reached through a Client like a
// real one). It must not import Fyne, go.bug.st/serial or excelize.
package diagnostics
