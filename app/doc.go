// Package app is POS Doctor's desktop GUI: its screens, theme and translations wiring. It is
// the only package that imports fyne.io/...; it reaches terminals through app/visit and
// serialio, and touches widgets only on the UI goroutine (fyne.Do at the edge). It does not
// import fyne.io/fyne/v2/app (that stays in main, so this package tests without cgo).
package app
