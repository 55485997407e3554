package assets

import "embed"

// Drills holds the built-in training drills: one YAML scenario file each under drills/.
// Package drill reads and checks them; docs/drills.md describes the format.
//
//go:embed drills
var Drills embed.FS
