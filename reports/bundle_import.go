package reports

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Limits on what a bundle may make this program read (docs/bundle.md).
const (
	MaxBundleEntry = 256 << 20 // bytes of one entry, uncompressed
	MaxBundleRatio = 200       // uncompressed : compressed, per entry
	maxManifest    = 1 << 20   // bytes of manifest.json
	maxBundleLine  = 64 << 20  // bytes of one NDJSON line (one visit)
)

// Imported counts what an import did. Every line of the bundle counts once: added, updated
// or unchanged for incidents.ndjson; deleted or unchanged for deleted.ndjson.
type Imported struct {
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Deleted   int `json:"deleted"`
}

// ImportBundleFile imports the bundle at path (see ImportBundle).
func (s *Store) ImportBundleFile(ctx context.Context, path string, progress func(done, total int)) (Imported, error) {
	// judged before it is opened: opening a named pipe waits for a writer, for ever, and no
	// signal ends the wait
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return Imported{}, &BundleError{File: path, Err: fmt.Errorf("%w: not a regular file", ErrNotBundle), Do: "give the .pdbundle file posdoctor export wrote"}
	}
	f, err := os.Open(path)
	if err != nil {
		return Imported{}, &BundleError{File: path, Err: err, Do: "check the file name"}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return Imported{}, &BundleError{File: path, Err: err, Do: "check the file name"}
	}
	if !fi.Mode().IsRegular() {
		return Imported{}, &BundleError{File: path, Err: fmt.Errorf("%w: not a regular file", ErrNotBundle), Do: "give the .pdbundle file posdoctor export wrote"}
	}
	return s.ImportBundle(ctx, path, f, fi.Size(), progress)
}

// ImportBundle merges the bundle read from r (size bytes; name is what messages call it)
// into the store in one transaction: the bundle is taken whole or not at all. Merge rules
// (docs/bundle.md): an unknown visit is added with the bundle's update time; a known one is
// replaced only by a later update; a deletion removes a visit last updated before it and is
// remembered, so an older bundle imported afterwards does not bring the visit back.
// Everything is cleaned as Save cleans it. A bundle that breaks a rule of the format is
// refused with a *BundleError. progress, when not nil, is called with the lines done so far
// and the manifest's total (on the calling goroutine).
func (s *Store) ImportBundle(ctx context.Context, name string, r io.ReaderAt, size int64, progress func(done, total int)) (Imported, error) {
	refuse := func(entry string, line int, err error, do string) error {
		return &BundleError{File: name, Entry: entry, Line: line, Err: err, Do: do}
	}
	const askAgain = "ask the sender to export it again (posdoctor export) and send the new file"
	zr, err := zip.NewReader(r, size)
	if errors.Is(err, zip.ErrInsecurePath) {
		err = nil // (GODEBUG zipinsecurepath=0) the names are judged below, with a message
	}
	if err != nil {
		return Imported{}, refuse("", 0, fmt.Errorf("%w: not a zip file (%v)", ErrNotBundle, err),
			"give the .pdbundle file posdoctor export wrote; if it is one, it was cut short on the way: "+askAgain)
	}
	entries := map[string]*zip.File{}
	for _, f := range zr.File {
		if bad := unsafeName(f.Name); bad != "" {
			return Imported{}, refuse(f.Name, 0, fmt.Errorf("%w: %s", ErrBundlePath, bad),
				"a bundle holds three files and no folders; do not import it, and tell whoever sent it")
		}
		if entries[f.Name] != nil {
			return Imported{}, refuse(f.Name, 0, fmt.Errorf("%w: the zip holds %s twice", ErrBundleMismatch, f.Name), askAgain)
		}
		entries[f.Name] = f
		if err := entryLimits(f); err != nil {
			return Imported{}, refuse(f.Name, 0, err, limitAdvice(err))
		}
	}
	mf := entries[bundleManifest]
	if mf == nil {
		return Imported{}, refuse("", 0, fmt.Errorf("%w: the zip has no manifest.json", ErrNotBundle),
			"give the .pdbundle file posdoctor export wrote (docs/bundle.md describes the format)")
	}
	m, err := readManifest(mf)
	if err != nil {
		var be *BundleError
		if errors.As(err, &be) {
			be.File = name
			return Imported{}, be
		}
		return Imported{}, refuse(bundleManifest, 0, err, askAgain)
	}
	inc := entries[bundleIncidents]
	if inc == nil {
		return Imported{}, refuse("", 0, fmt.Errorf("%w: the zip has no incidents.ndjson", ErrBundleMismatch), askAgain)
	}
	del := entries[bundleDeleted]
	if del != nil && m.Files[bundleDeleted] == "" {
		return Imported{}, refuse(bundleManifest, 0, fmt.Errorf("%w: no sha256 for deleted.ndjson in \"files\"", ErrBundleMismatch), askAgain)
	}
	if del == nil && (m.Deleted != 0 || m.Files[bundleDeleted] != "" && m.Files[bundleDeleted] != emptySHA256) {
		return Imported{}, refuse(bundleManifest, 0, fmt.Errorf("%w: manifest.json lists %d deletions, the zip has no deleted.ndjson", ErrBundleMismatch, m.Deleted), askAgain)
	}

	var res Imported
	var refused error // a fault of the bundle, as opposed to one of the store
	refuseLine := func(entry string, line int, err error) error {
		refused = refuse(entry, line, err, lineAdvice(err))
		return refused
	}
	total, done := m.Incidents+m.Deleted, 0
	tick := func() {
		done++
		if progress != nil && (done%256 == 0 || done == total) {
			progress(done, total)
		}
	}
	err = s.write(ctx, func(sqlTx *sql.Tx) error {
		tx := newStmtCache(sqlTx)
		err := eachLine(ctx, inc, m.Files[bundleIncidents], m.Incidents, func(line int, b []byte) error {
			c, err := decodeBundleIncident(b, s.now())
			if err != nil {
				return refuseLine(bundleIncidents, line, err)
			}
			what, err := s.mergeIncident(ctx, tx, c)
			if errors.Is(err, ErrInvalid) {
				return refuseLine(bundleIncidents, line, fmt.Errorf("%w: %v", ErrBundleLine, err))
			}
			if err != nil {
				return fmt.Errorf("incident %s: %w", c.ID, err)
			}
			switch what {
			case mergeAdded:
				res.Added++
			case mergeUpdated:
				res.Updated++
			default:
				res.Unchanged++
			}
			tick()
			return nil
		})
		if err != nil {
			return err
		}
		if err := s.noteImport(ctx, tx, m.Device, m.Exported); err != nil {
			return err
		}
		if del == nil {
			return nil
		}
		return eachLine(ctx, del, m.Files[bundleDeleted], m.Deleted, func(line int, b []byte) error {
			t, err := decodeTombstone(b, s.now())
			if err != nil {
				return refuseLine(bundleDeleted, line, err)
			}
			removed, err := s.mergeDeletion(ctx, tx, t)
			if err != nil {
				return fmt.Errorf("deletion of %s: %w", t.ID, err)
			}
			if removed {
				res.Deleted++
			} else {
				res.Unchanged++
			}
			tick()
			return nil
		})
	})
	if err != nil {
		var be *BundleError
		switch {
		case refused != nil:
			return Imported{}, refused
		case errors.As(err, &be): // a count, hash or limit fault found while reading
			be.File = name
			if be.Do == "" {
				be.Do = askAgain
				if errors.Is(be.Err, ErrBundleTooLarge) {
					be.Do = limitAdvice(be.Err)
				}
			}
			return Imported{}, be
		}
		return Imported{}, fmt.Errorf("import %s: %w", name, err)
	}
	return res, nil
}

// emptySHA256 is the sha256 of no bytes: an empty deleted.ndjson may be listed and left out.
const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// unsafeName says what is wrong with a zip entry name that could write or read outside a
// folder if someone unpacked the bundle ("" when it is safe).
func unsafeName(name string) string {
	n := strings.ReplaceAll(name, `\`, "/")
	for _, part := range strings.Split(n, "/") {
		if part == ".." {
			return fmt.Sprintf("entry %q has \"..\" in its path", name)
		}
	}
	if strings.HasPrefix(n, "/") || len(n) >= 2 && n[1] == ':' {
		return fmt.Sprintf("entry %q is an absolute path", name)
	}
	return ""
}

// entryLimits checks an entry's declared sizes against the limits; the reading checks the
// bytes actually produced again (boundedReader), since the header may lie.
func entryLimits(f *zip.File) error {
	if f.UncompressedSize64 > MaxBundleEntry {
		return fmt.Errorf("%w: %d bytes uncompressed, over the limit of %d MiB", ErrBundleTooLarge, f.UncompressedSize64, MaxBundleEntry>>20)
	}
	if f.UncompressedSize64 > MaxBundleRatio*max(f.CompressedSize64, 1) {
		return fmt.Errorf("%w: compresses %d bytes into %d, more than %d:1", ErrBundleTooLarge, f.UncompressedSize64, f.CompressedSize64, MaxBundleRatio)
	}
	return nil
}

func limitAdvice(err error) string {
	if strings.Contains(err.Error(), ":1") {
		return "no real bundle compresses that much (a zip bomb does); do not import it, and ask the sender for a new export"
	}
	return "ask the sender for smaller bundles: one month at a time (posdoctor export --month YYYY-MM) or --since-last every week"
}

// boundedReader reads an entry's uncompressed bytes, failing once they pass the size limit
// or the ratio limit against the entry's compressed size.
type boundedReader struct {
	r          io.Reader
	n, limit   int64
	compressed uint64
}

func newBoundedReader(r io.Reader, f *zip.File) *boundedReader {
	limit := int64(MaxBundleEntry)
	if byRatio := MaxBundleRatio * max(f.CompressedSize64, 1); byRatio < uint64(limit) {
		limit = int64(byRatio)
	}
	return &boundedReader{r: r, limit: limit, compressed: f.CompressedSize64}
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.n >= b.limit {
		// one byte more tells a file of exactly the limit from a longer one
		var one [1]byte
		if n, _ := b.r.Read(one[:]); n > 0 {
			if b.limit == MaxBundleEntry {
				return 0, fmt.Errorf("%w: over %d MiB uncompressed", ErrBundleTooLarge, MaxBundleEntry>>20)
			}
			return 0, fmt.Errorf("%w: compresses more than %d:1 (%d compressed bytes)", ErrBundleTooLarge, MaxBundleRatio, b.compressed)
		}
		return 0, io.EOF
	}
	if int64(len(p)) > b.limit-b.n {
		p = p[:b.limit-b.n]
	}
	n, err := b.r.Read(p)
	b.n += int64(n)
	return n, err
}

// readManifest reads and checks manifest.json.
func readManifest(f *zip.File) (Manifest, error) {
	var m Manifest
	rc, err := f.Open()
	if err != nil {
		return m, fmt.Errorf("%w: %v", ErrBundleMismatch, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(newBoundedReader(rc, f), maxManifest+1))
	if err != nil {
		return m, err
	}
	refuse := func(err error, do string) error {
		return &BundleError{Entry: bundleManifest, Err: err, Do: do}
	}
	if len(b) > maxManifest {
		return m, refuse(fmt.Errorf("%w: manifest.json is over %d KiB", ErrBundleTooLarge, maxManifest>>10), "this is not a bundle posdoctor export wrote; do not import it")
	}
	var in struct {
		Format    *string           `json:"format"`
		Version   *int              `json:"version"`
		Exported  *time.Time        `json:"exported"`
		Device    *string           `json:"device"`
		Incidents *int              `json:"incidents"`
		Deleted   *int              `json:"deleted"`
		Files     map[string]string `json:"files"`
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return m, refuse(fmt.Errorf("%w: manifest.json is not valid JSON (%v)", ErrBundleMismatch, err), "")
	}
	if in.Format == nil || *in.Format != BundleFormat {
		got := "none"
		if in.Format != nil {
			got = fmt.Sprintf("%q", *in.Format)
		}
		return m, refuse(fmt.Errorf("%w: manifest \"format\" is %s, not %q", ErrNotBundle, got, BundleFormat),
			"give a .pdbundle file written by posdoctor export, or by a program that follows docs/bundle.md")
	}
	switch {
	case in.Version == nil || *in.Version < 1:
		return m, refuse(fmt.Errorf("%w: manifest \"version\" is missing or below 1", ErrBundleMismatch), "")
	case *in.Version > BundleVersion:
		return m, refuse(fmt.Errorf("%w: format version %d, this posdoctor reads up to %d", ErrBundleVersion, *in.Version, BundleVersion),
			"update posdoctor on this computer, then import the file again")
	case in.Exported == nil || in.Exported.IsZero():
		return m, refuse(fmt.Errorf("%w: manifest \"exported\" (an RFC 3339 time) is missing", ErrBundleMismatch), "")
	case in.Device == nil || !isUUID(*in.Device):
		return m, refuse(fmt.Errorf("%w: manifest \"device\" is not a UUID", ErrBundleMismatch), "")
	case in.Incidents == nil || *in.Incidents < 0:
		return m, refuse(fmt.Errorf("%w: manifest \"incidents\" (the number of lines of incidents.ndjson) is missing", ErrBundleMismatch), "")
	case in.Deleted != nil && *in.Deleted < 0:
		return m, refuse(fmt.Errorf("%w: manifest \"deleted\" is negative", ErrBundleMismatch), "")
	}
	m = Manifest{Format: *in.Format, Version: *in.Version, Exported: *in.Exported, Device: strings.ToLower(*in.Device),
		Incidents: *in.Incidents, Files: map[string]string{}}
	if in.Deleted != nil {
		m.Deleted = *in.Deleted
	}
	for k, v := range in.Files {
		m.Files[k] = strings.ToLower(v)
	}
	if !isSHA256(m.Files[bundleIncidents]) {
		return m, refuse(fmt.Errorf("%w: manifest \"files\" gives no sha256 for incidents.ndjson", ErrBundleMismatch), "")
	}
	if d, ok := m.Files[bundleDeleted]; ok && !isSHA256(d) {
		return m, refuse(fmt.Errorf("%w: manifest \"files\" gives no valid sha256 for deleted.ndjson", ErrBundleMismatch), "")
	}
	return m, nil
}

func isUUID(s string) bool {
	_, err := uuid.Parse(s)
	return err == nil && len(s) == 36
}

func isSHA256(s string) bool {
	b, err := hex.DecodeString(s)
	return err == nil && len(b) == sha256.Size
}

// eachLine streams the NDJSON entry f line by line (blank lines skipped), bounded by the
// limits, then checks its line count and sha256 against the manifest's; it stops when ctx is
// done. A fault of the entry itself comes back as a *BundleError.
func eachLine(ctx context.Context, f *zip.File, wantHash string, wantLines int, fn func(line int, b []byte) error) error {
	refuse := func(line int, err error) error { return &BundleError{Entry: f.Name, Line: line, Err: err} }
	rc, err := f.Open()
	if err != nil {
		return refuse(0, fmt.Errorf("%w: %v", ErrBundleMismatch, err))
	}
	defer rc.Close()
	h := sha256.New()
	br := bufio.NewReaderSize(io.TeeReader(newBoundedReader(rc, f), h), 64<<10)
	var buf []byte
	lines := 0
	for n := 1; ; n++ {
		b, err := readLine(br, &buf)
		if errors.Is(err, io.EOF) && b == nil {
			break
		}
		if err != nil && !errors.Is(err, io.EOF) {
			if errors.Is(err, ErrBundleTooLarge) {
				return refuse(n, err)
			}
			return refuse(n, fmt.Errorf("%w: %v", ErrBundleMismatch, err))
		}
		if len(bytes.TrimSpace(b)) > 0 {
			lines++
			if lines > wantLines {
				return refuse(n, fmt.Errorf("%w: manifest.json counts %d, %s holds more lines", ErrBundleMismatch, wantLines, f.Name))
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(n, b); err != nil {
				return err
			}
		}
	}
	if lines != wantLines {
		return refuse(0, fmt.Errorf("%w: manifest.json counts %d, %s holds %d lines", ErrBundleMismatch, wantLines, f.Name, lines))
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != wantHash {
		return refuse(0, fmt.Errorf("%w: its sha256 is %s, manifest.json says %s: the file was changed or damaged on the way", ErrBundleMismatch, got, wantHash))
	}
	return nil
}

// readLine reads one line (without its newline) of at most maxBundleLine bytes into *buf.
// It returns io.EOF with a nil line at the end.
func readLine(br *bufio.Reader, buf *[]byte) ([]byte, error) {
	*buf = (*buf)[:0]
	for {
		chunk, err := br.ReadSlice('\n')
		if len(*buf)+len(chunk) > maxBundleLine {
			return nil, fmt.Errorf("%w: a line over %d MiB", ErrBundleTooLarge, maxBundleLine>>20)
		}
		*buf = append(*buf, chunk...)
		switch {
		case err == nil:
			return bytes.TrimSuffix((*buf)[:len(*buf)-1], []byte("\r")), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(*buf) == 0 {
				return nil, io.EOF
			}
			return *buf, nil
		default:
			return nil, err
		}
	}
}

// bundleIncident reads one line of incidents.ndjson: the Incident's JSON, with the required
// fields seen through pointers so an absent one is told from a zero one.
type bundleIncident struct {
	*Incident
	ID         *string     `json:"id"`
	Opened     *time.Time  `json:"opened"`
	Updated    *time.Time  `json:"updated"`
	Category   *Category   `json:"category"`
	Resolution *Resolution `json:"resolution"`
}

// decodeBundleIncident parses and checks one line of incidents.ndjson, read at now.
func decodeBundleIncident(b []byte, now time.Time) (*Incident, error) {
	in := bundleIncident{Incident: &Incident{}}
	if err := json.Unmarshal(b, &in); err != nil {
		return nil, lineJSONError(err)
	}
	missing := func(field string) error {
		return fmt.Errorf("%w: required field %q is missing", ErrBundleLine, field)
	}
	switch {
	case in.ID == nil:
		return nil, missing("id")
	case !isUUID(*in.ID):
		return nil, fmt.Errorf("%w: id %q is not a UUID", ErrBundleLine, CleanText(*in.ID))
	case in.Opened == nil || in.Opened.IsZero():
		return nil, missing("opened")
	case in.Updated == nil || in.Updated.IsZero():
		return nil, missing("updated")
	case in.Category == nil:
		return nil, missing("category")
	case in.Resolution == nil:
		return nil, missing("resolution")
	}
	if err := notFuture("updated", *in.Updated, now); err != nil {
		return nil, err
	}
	c := in.Incident
	c.ID, c.Opened, c.Updated = strings.ToLower(*in.ID), *in.Opened, *in.Updated
	c.Category, c.Resolution = *in.Category, *in.Resolution
	if err := timesInOrder(c); err != nil {
		return nil, err
	}
	return c, nil
}

// ErrBundleTimes: a visit's times are in an order that cannot be (TimesError).
var ErrBundleTimes = errors.New("times in an impossible order")

// TimesError refuses a visit of a bundle whose times cannot be: Field (a visit's time, as the
// bundle names it: "closed") is before Before ("opened", "reported").
type TimesError struct {
	ID            string // the visit
	Field, Before string
	At, BeforeAt  time.Time // as the bundle gives them
}

func (e *TimesError) Error() string {
	return fmt.Sprintf("%v: %v: visit %s is %q %s, before its %q %s", ErrBundleLine, ErrBundleTimes,
		e.ID, e.Field, e.At.Format(time.RFC3339), e.Before, e.BeforeAt.Format(time.RFC3339))
}

// Unwrap makes a TimesError both an invalid line and an impossible order.
func (e *TimesError) Unwrap() []error { return []error{ErrBundleLine, ErrBundleTimes} }

// timesInOrder refuses a visit closed before it was opened, or before the fault was reported
// (docs/bundle.md): the monthly repair and restore times would be negative. A fault reported
// after the visit opened (the technician was there already, or two systems' clocks) is
// allowed: restore time is then shorter than repair time, never negative. The update time is
// the merge's clock, not the visit's, and is not compared.
func timesInOrder(c *Incident) error {
	if c.Closed.IsZero() {
		return nil
	}
	if c.Closed.Before(c.Opened) {
		return &TimesError{ID: c.ID, Field: "closed", Before: "opened", At: c.Closed, BeforeAt: c.Opened}
	}
	if !c.Reported.IsZero() && c.Closed.Before(c.Reported) {
		return &TimesError{ID: c.ID, Field: "closed", Before: "reported", At: c.Closed, BeforeAt: c.Reported}
	}
	return nil
}

// clockSkew is how far in the future a bundle's time may be: laptops' clocks drift, and a
// time zone set wrong is a day at most.
const clockSkew = 26 * time.Hour

// errFuture: a time of the bundle is in the future.
var errFuture = errors.New("in the future (the sending laptop's clock is wrong)")

// lineAdvice is what to do about a refused line.
func lineAdvice(err error) string {
	if errors.Is(err, errFuture) {
		return "set the sending laptop's date and time right, then export again"
	}
	if errors.Is(err, ErrBundleTimes) {
		return "ask the sender to correct that visit's times (opened, reported, closed) and export it again"
	}
	return "ask the sender to export it again (posdoctor export) and send the new file"
}

// notFuture refuses a time later than now (with clockSkew): a visit "updated" in 2099 would
// win every merge after it, so its author's later edits could never replace it.
func notFuture(field string, t, now time.Time) error {
	if t.After(now.Add(clockSkew)) {
		return fmt.Errorf("%w: %q is %s, %w", ErrBundleLine, field, t.Format(time.RFC3339), errFuture)
	}
	return nil
}

// decodeTombstone parses and checks one line of deleted.ndjson, read at now.
func decodeTombstone(b []byte, now time.Time) (Tombstone, error) {
	var in struct {
		ID      *string    `json:"id"`
		Deleted *time.Time `json:"deleted"`
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return Tombstone{}, lineJSONError(err)
	}
	switch {
	case in.ID == nil:
		return Tombstone{}, fmt.Errorf("%w: required field \"id\" is missing", ErrBundleLine)
	case !isUUID(*in.ID):
		return Tombstone{}, fmt.Errorf("%w: id %q is not a UUID", ErrBundleLine, CleanText(*in.ID))
	case in.Deleted == nil || in.Deleted.IsZero():
		return Tombstone{}, fmt.Errorf("%w: required field \"deleted\" is missing", ErrBundleLine)
	}
	if err := notFuture("deleted", *in.Deleted, now); err != nil {
		return Tombstone{}, err
	}
	return Tombstone{ID: strings.ToLower(*in.ID), Deleted: *in.Deleted}, nil
}

// lineJSONError words a JSON decoding error of a line; values quoted in it are cleaned (the
// line may hold a card number).
func lineJSONError(err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Errorf("%w: not valid JSON (%s at byte %d)", ErrBundleLine, CleanText(syn.Error()), syn.Offset)
	}
	return fmt.Errorf("%w: %s", ErrBundleLine, CleanText(err.Error()))
}

// mergeOutcome is what mergeIncident did with a visit.
type mergeOutcome int

const (
	mergeUnchanged mergeOutcome = iota
	mergeAdded
	mergeUpdated
)

// mergeIncident applies one visit of a bundle (merge rules in ImportBundle). An incident
// Save would refuse is ErrInvalid.
func (s *Store) mergeIncident(ctx context.Context, tx writer, in *Incident) (mergeOutcome, error) {
	id, err := validate(in)
	if err != nil {
		return 0, err
	}
	c := in.Sanitize()
	c.ID = id
	stored, err := s.readStored(ctx, tx, id)
	if err != nil {
		return 0, err
	}
	known := stored.known
	switch {
	case known && !c.Updated.After(stored.updated):
		return mergeUnchanged, nil // ties keep what is there
	case !known:
		dead, err := s.tombstone(ctx, tx, id)
		if err != nil {
			return 0, err
		}
		if !dead.IsZero() && !c.Updated.After(dead) {
			return mergeUnchanged, nil // deleted after this version: stays deleted
		}
	}
	e, err := encodeIncident(c)
	if err != nil {
		return 0, err
	}
	written, err := s.putIncident(ctx, tx, c, e, c.Updated, true, stored)
	if err != nil {
		return 0, err
	}
	switch {
	case !written:
		return mergeUnchanged, nil // a newer version was committed meanwhile (the shared store)
	case known:
		return mergeUpdated, nil
	}
	return mergeAdded, nil
}

// mergeDeletion applies one deletion of a bundle: the visit goes when it was last updated
// before the deletion; the deletion is remembered either way. removed says whether a visit
// went.
func (s *Store) mergeDeletion(ctx context.Context, tx writer, t Tombstone) (removed bool, err error) {
	updated, known, err := s.storedUpdated(ctx, tx, t.ID)
	if err != nil {
		return false, err
	}
	// in the shared store only the manager's role deletes; a technician's sync leaves the
	// tombstone, which hides the visit until a manager's sync removes it (PurgeDeleted)
	// a tie goes to the deletion, as mergeIncident and the shared store's lists treat it
	if known && !updated.After(t.Deleted) && (s.dialect != dialectPostgres || s.canDelete) {
		if err := deleteIncident(ctx, tx, t.ID); err != nil {
			return false, err
		}
		removed = true
	}
	return removed, putTombstone(ctx, tx, t.ID, t.Deleted)
}
