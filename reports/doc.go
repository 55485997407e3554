// Package reports keeps the technician's visits (incidents) and turns one into the Excel
// incident report the payment service provider asks for (DOMAIN.md, "What the service
// provider asks for with an incident").
//
// It holds an embedded SQLite store (pure-Go modernc.org/sqlite, so it builds and tests
// without cgo) with a versioned schema migrated at open, queries for the monthly report
// (by month, terminal, branch, code, category), and the workbook writer, the only code in
// the project that imports excelize.
//
// What enters the store or a workbook is cleaned at that boundary: card numbers are masked
// to the first 6 and last 4 digits in every field, free text and link trace included; key
// material, PINs and PIN blocks are removed (check values stay); text from outside is
// written to Excel as text, never as a formula.
//
// It must not import Fyne, go.bug.st/serial or serialio (callers convert trace entries to
// TraceLine), nor the code book package: callers pass an Explainer.
package reports
