// Package drill is the trainer's drills: scenario files (docs/drills.md), the vocabulary of
// actions a trainee can take and their effect on the simulated terminal, attempts played
// against a simulated terminal whose faults change as the trainee fixes them, and the
// scoring that fails anyone who does what could cost a cardholder money.
//
// It is domain code: no Fyne. The GUI's Drills screen and `posdoctor drill` drive the same
// Attempt; training records are kept by package reports (reports.TrainingRecord).
package drill
