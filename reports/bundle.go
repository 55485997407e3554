package reports

import (
	"archive/zip"
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"time"

	"posdoctor/reports/xlsx"
)

// A bundle carries visits from one installation to another as a file (docs/bundle.md): a zip
// of manifest.json, incidents.ndjson and deleted.ndjson. The format is public, so another
// program may write one; every bundle read is untrusted input.
const (
	BundleFormat  = "posdoctor-bundle" // manifest "format"
	BundleVersion = 1                  // the newest manifest "version" this build reads and writes

	bundleManifest  = "manifest.json"
	bundleIncidents = "incidents.ndjson"
	bundleDeleted   = "deleted.ndjson"
)

// Manifest is a bundle's manifest.json.
type Manifest struct {
	Format    string            `json:"format"`
	Version   int               `json:"version"`
	Exported  time.Time         `json:"exported"`
	Device    string            `json:"device"`    // UUID of the exporting installation
	Incidents int               `json:"incidents"` // lines of incidents.ndjson
	Deleted   int               `json:"deleted"`   // lines of deleted.ndjson
	Files     map[string]string `json:"files"`     // entry name → sha256 of its bytes, lower-case hex
}

// BundleSelect chooses the visits ExportBundle writes; the fields combine.
type BundleSelect struct {
	Month     string // "2026-03": visits opened in that calendar month, local time
	Branch    string // only this branch
	SinceLast bool   // only what changed since the last --since-last export of this branch filter
}

// Exported says what ExportBundle wrote.
type Exported struct {
	Manifest Manifest
	// Mark is the latest update or deletion time the bundle carries: with SinceLast, record
	// it with SetExportMark once the file is safely in place. Zero when the bundle is empty.
	Mark time.Time
}

// ExportBundle writes a bundle of the selected visits and of the remembered deletions to w,
// streaming: one visit in memory at a time. It reads one snapshot of the store, so a save
// made meanwhile is either wholly in it or not at all. Deletions are all carried (they are
// small and keep a deleted visit from coming back elsewhere), or with SinceLast those after
// the mark.
func (s *Store) ExportBundle(ctx context.Context, w io.Writer, sel BundleSelect) (Exported, error) {
	var out Exported
	var from, to time.Time
	sel.Branch = CleanBranch(sel.Branch)
	if sel.Month != "" {
		start, err := time.ParseInLocation("2006-01", sel.Month, s.loc)
		if err != nil {
			return out, fmt.Errorf("%w: month %q is not YYYY-MM", ErrInvalid, sel.Month)
		}
		from, to = start, start.AddDate(0, 1, 0)
	}
	device, err := s.Device(ctx)
	if err != nil {
		return out, err
	}
	var since time.Time
	if sel.SinceLast {
		if since, err = s.ExportMark(ctx, sel.Branch); err != nil {
			return out, err
		}
	}
	tx, err := s.readTx(ctx)
	if err != nil {
		return out, s.wrapErr("read", err)
	}
	defer tx.Rollback()
	ids, err := exportIDs(ctx, tx, from, to, sel.Branch, since)
	if err != nil {
		return out, s.wrapErr("read", err)
	}
	dead, err := s.tombstones(ctx, tx, since)
	if err != nil {
		return out, s.wrapErr("read deletions", err)
	}

	m := Manifest{Format: BundleFormat, Version: BundleVersion, Exported: s.now().UTC(), Device: device,
		Files: map[string]string{}}
	zw := zip.NewWriter(w)
	ew, err := newEntryWriter(zw, bundleIncidents, m.Exported)
	if err != nil {
		return out, err
	}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		inc, err := s.get(ctx, tx, id)
		if err != nil {
			return out, s.wrapErr("read", err)
		}
		if err := ew.line(inc); err != nil {
			return out, fmt.Errorf("write bundle: incident %s: %w", id, err)
		}
		m.Incidents++
		if inc.Updated.After(out.Mark) {
			out.Mark = inc.Updated
		}
	}
	if m.Files[bundleIncidents], err = ew.close(); err != nil {
		return out, err
	}
	if ew, err = newEntryWriter(zw, bundleDeleted, m.Exported); err != nil {
		return out, err
	}
	for _, t := range dead {
		t.Deleted = t.Deleted.UTC()
		if err := ew.line(t); err != nil {
			return out, fmt.Errorf("write bundle: deletion of %s: %w", t.ID, err)
		}
		m.Deleted++
		if t.Deleted.After(out.Mark) {
			out.Mark = t.Deleted
		}
	}
	if m.Files[bundleDeleted], err = ew.close(); err != nil {
		return out, err
	}
	mw, err := zw.CreateHeader(&zip.FileHeader{Name: bundleManifest, Method: zip.Deflate, Modified: m.Exported})
	if err != nil {
		return out, fmt.Errorf("write bundle: %w", err)
	}
	enc := json.NewEncoder(mw)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return out, fmt.Errorf("write bundle: %w", err)
	}
	if err := zw.Close(); err != nil {
		return out, fmt.Errorf("write bundle: %w", err)
	}
	out.Manifest = m
	return out, nil
}

// ExportBundleFile writes the bundle (see ExportBundle) to path atomically: a crash never
// leaves half a bundle. An existing file is kept (ErrExists) unless overwrite.
func (s *Store) ExportBundleFile(ctx context.Context, path string, overwrite bool, sel BundleSelect) (Exported, error) {
	var ex Exported
	err := xlsx.WriteFile(path, overwrite, func(w io.Writer) error {
		var err error
		ex, err = s.ExportBundle(ctx, w, sel)
		return err
	})
	return ex, err
}

// entryWriter writes one NDJSON entry of a bundle and its sha256.
type entryWriter struct {
	bw  *bufio.Writer
	h   hash.Hash
	enc *json.Encoder
}

func newEntryWriter(zw *zip.Writer, name string, mod time.Time) (*entryWriter, error) {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: mod})
	if err != nil {
		return nil, fmt.Errorf("write bundle %s: %w", name, err)
	}
	h := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(w, h), 64<<10)
	enc := json.NewEncoder(bw) // one value per line: Encode ends each with "\n"
	enc.SetEscapeHTML(false)
	return &entryWriter{bw: bw, h: h, enc: enc}, nil
}

func (e *entryWriter) line(v any) error { return e.enc.Encode(v) }

// close flushes the entry and returns its sha256 in hex.
func (e *entryWriter) close() (string, error) {
	if err := e.bw.Flush(); err != nil {
		return "", fmt.Errorf("write bundle: %w", err)
	}
	return hex.EncodeToString(e.h.Sum(nil)), nil
}

// BundleError is why a bundle was refused. Nothing of a refused bundle is imported.
type BundleError struct {
	File  string // the bundle file as given
	Entry string // the zip entry ("incidents.ndjson"); "" for the file as a whole
	Line  int    // 1-based line of Entry; 0 when the fault is not one line's
	Err   error  // wraps one of the ErrBundle… sentinels (or ErrNotBundle)
	Do    string // what to do about it
}

func (e *BundleError) Error() string {
	where := e.File
	if e.Entry != "" {
		where += ": " + e.Entry
	}
	if e.Line > 0 {
		where += fmt.Sprintf(" line %d", e.Line)
	}
	msg := where + ": " + e.Err.Error() + "; nothing was imported from it"
	if e.Do != "" {
		msg += " — " + e.Do
	}
	return msg
}

func (e *BundleError) Unwrap() error { return e.Err }
