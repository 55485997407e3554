package assets

import "embed"

// Codebook holds the offline code book: the JSON files under codebook/ (ISO 8583 and UnionPay
// response codes, terminal-local codes, checklist findings, screen prompts, and the sources they
// came from). Package diagnostics/codebook reads, checks and indexes them; docs/codebook.md
// describes the format.
//
//go:embed codebook
var Codebook embed.FS
