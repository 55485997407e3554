// Package codebook is the offline code book: what a response code, a terminal-local code, a
// checklist finding or a screen prompt means, why it happens, who has to act, what to do, whether
// a retry is safe and which checklist step confirms it.
//
// The book is JSON data embedded from assets/codebook (see docs/codebook.md for its shape). It is
// schema-checked at load, and a user may add an overlay file with site-specific acquirer codes;
// an invalid overlay is reported with its line and field while the built-in book keeps working.
// Where public sources disagree about a code, every meaning is kept as a variant with its source
// and the entry is marked as a conflict: the book never silently picks one.
//
// Search normalises what a person types (case, full-width forms, punctuation, one-digit codes,
// Traditional → Simplified Chinese through OpenCC's dictionaries, common English synonyms) and
// ranks exact code > exact prompt > code prefix > prefix/substring > words > fuzzy. The index is
// built once at load; a Book is immutable and safe for concurrent use.
//
// The package never touches the network. It must not import Fyne, go.bug.st/serial or excelize.
package codebook
