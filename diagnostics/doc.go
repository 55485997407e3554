// Package diagnostics holds what a technician's check knows: the checklist engine, its steps
// and findings, and the offline code book search (subpackage codebook). It talks to a terminal
// only through the small Terminal interface it declares, which serialio's client and the
// simulator satisfy. It must not import Fyne, go.bug.st/serial or excelize.
package diagnostics
