// Package xlsx is the Excel kit every POS Doctor workbook is built with: one set of styles
// per workbook, bilingual table sheets (header frozen, autofilter, widths from the content,
// wrapped rows sized to fit, highlighted rows), printable forms, A4 print setup with a footer
// the caller words, text made safe for a cell, and an atomic file write that never replaces a
// file unless asked.
//
// It knows nothing of incidents, checklists or terminals: the incident report (package
// reports), the monthly report and the training report put their own words in it. It and
// reports are the only packages that import excelize. It must not import Fyne or any
// posdoctor package but the leaves (locale).
package xlsx
