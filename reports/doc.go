// Package reports keeps the technician's visits (incidents) and turns one into the Excel
// incident report the payment service provider asks for (DOMAIN.md, "What the service
// provider asks for with an incident").
//
// It holds the incident model with its cleaning and category; an embedded SQLite store
// (pure-Go modernc.org/sqlite, so it builds and tests without cgo) with a versioned schema
// migrated at open and queries for the monthly report (by month, terminal, branch, code,
// category), all behind the Store's methods; and the incident workbook, built on the Excel
// kit of subpackage xlsx. Only reports and reports/xlsx import excelize. What a code or a
// transaction means for the checklist is diagnostics' (AreaOf, Transaction.Flag).
//
// What enters the store or a workbook is cleaned at that boundary: card numbers are masked
// to the first 6 and last 4 digits in every field, free text and link trace included; key
// material, PINs and PIN blocks are removed (check values stay); text from outside is
// written to Excel as text, never as a formula.
//
// It must not import Fyne, go.bug.st/serial or serialio (callers convert trace entries to
// TraceLine), nor the code book package: callers pass an Explainer.
package reports
