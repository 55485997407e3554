package reports

import (
	"errors"

	"posdoctor/reports/xlsx"
)

// The package's sentinel errors, by what fails. Callers and tests find them with errors.Is;
// the errors returned wrap them with what happened where (the file, the line, the visit).

// Errors of the store. Tests and callers use errors.Is.
var (
	ErrNotFound    = errors.New("no such incident")
	ErrAmbiguous   = errors.New("incident id prefix matches more than one incident")
	ErrInvalid     = errors.New("invalid incident")
	ErrNewerSchema = errors.New("incident database was written by a newer posdoctor")
	ErrClosed      = errors.New("incident store is closed")
	ErrReadOnly    = errors.New("incident store is open read-only")
	// ErrBusy: another program held the store's write lock for longer than the busy wait.
	ErrBusy = errors.New("another program is writing to the incident store (the desktop app, a backup) and held it past the wait")
	// ErrOtherTerminal is returned by AddRun for a run from another terminal than the visit's:
	// a visit is one terminal (TID and serial), and that run belongs to a visit of its own.
	ErrOtherTerminal = errors.New("the run is from another terminal than the visit's")
	// ErrNoDevice: the store has no device UUID yet (written by an older posdoctor and only
	// read since).
	ErrNoDevice = errors.New("the incident store has no device id yet; open it once for writing (any import or save does)")
)

// Errors of opening a store.
var (
	// ErrNoDataDir: the system does not say where the user's data goes (no home folder); the
	// caller names a store file instead.
	ErrNoDataDir = errors.New("no data folder for the incident store")
	// ErrNoStore: there is no store at the path yet (no file, or an empty one). Read-only
	// commands report "no incidents" and leave the path alone.
	ErrNoStore = errors.New("no incident store here yet")
	// ErrNotStore: the file is not a posdoctor incident store (not SQLite, or another
	// program's database). It is left untouched.
	ErrNotStore = errors.New("not a posdoctor incident store")
	// ErrDamaged: the store fails SQLite's integrity check. Nothing is written to it; what can
	// still be read can be listed and exported through a read-only open.
	ErrDamaged = errors.New("incident store is damaged")
)

// Errors of the shared store and of syncing with it. The messages never carry the password.
var (
	// ErrBadURL: a --db or --to value that is no store file and no PostgreSQL URL that parses.
	ErrBadURL = errors.New("not a usable database URL")
	// ErrUnreachable: the server did not answer (host, port, network, firewall).
	ErrUnreachable = errors.New("the shared database cannot be reached")
	// ErrLogin: the server refused the user or the password.
	ErrLogin = errors.New("the shared database refused the login")
	// ErrPermission: the user lacks a grant the work needs (docs/shared-store.md lists them).
	ErrPermission = errors.New("the shared database's user may not do that")
	// ErrSyncTarget: a sync needs the laptop's file store on one side and the shared store on
	// the other.
	ErrSyncTarget = errors.New("sync runs from a local store file to a shared PostgreSQL store")
)

// Errors of reading a bundle: each comes inside a *BundleError that names the file, the
// entry and the line, and says what to do.
var (
	ErrNotBundle      = errors.New("not a posdoctor bundle")
	ErrBundleVersion  = errors.New("the bundle was written by a newer posdoctor")
	ErrBundleMismatch = errors.New("the bundle does not match its manifest")
	ErrBundleLine     = errors.New("invalid line in the bundle")
	ErrBundleTooLarge = errors.New("bundle entry too large")
	ErrBundlePath     = errors.New("unsafe path in the bundle")
)

// Errors of filling a form. Each comes as a *FormError that says, in every language, what was
// wrong and what to do; errors.Is finds these under it.
var (
	ErrBadTrace      = errors.New("not a trace number")
	ErrNoTransaction = errors.New("no such transaction in the journal")
	ErrNotOffered    = errors.New("the form does not fit the transaction")
	ErrNoteNeeded    = errors.New("the note is needed")
	ErrBadReason     = errors.New("the reason does not fit the form")
	// ErrAmount is returned for an amount a form cannot carry: below zero, or at or above
	// MaxFormAmount. Its message says which and what the limit is.
	ErrAmount = errors.New("amount out of range")
)

// Errors of AddTraining.
var (
	// ErrTrainingInvalid: a record the store refuses (no attempt id, no trainee, no drill).
	ErrTrainingInvalid = errors.New("invalid training record")
	// ErrTrainingRecorded: the attempt is already in the records (they are never rewritten).
	ErrTrainingRecorded = errors.New("the attempt is already recorded")
)

// Errors of writing a file (a workbook, a bundle, a form).
var (
	// ErrExists: the file exists and overwriting was not asked for (xlsx.ErrExists). It
	// matches fs.ErrExist too.
	ErrExists = xlsx.ErrExists
)
