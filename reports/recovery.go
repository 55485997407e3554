package reports

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"
)

// A save that fails (the store locked by another program past its busy wait, a full disk) must
// not cost the technician the visit: SaveOrKeep tries again and then keeps the incident in a
// recovery file beside the store, which SaveRecovered puts into the store the next time it can
// be written.

// RecoveryDirName is the folder beside the store file that holds incidents waiting to be saved.
const RecoveryDirName = "recovery"

// maxRecoveryFile bounds one recovery file when it is read back.
const maxRecoveryFile = 256 << 20

// Save retries: each attempt already waits for the store's busy timeout.
var (
	saveAttempts = 3
	saveBackoff  = time.Second
)

// RecoveryDir is the recovery folder of the store at storePath: recovery/FILE beside it, one
// per store file, so a visit kept for one store is never saved into another in the same folder.
// The shared store (a PostgreSQL URL) keeps its visits in the data folder's recovery folder,
// under a name made from the URL without its password.
func RecoveryDir(storePath string) string {
	if IsURL(storePath) {
		dir, err := DataDir()
		if err != nil {
			dir = os.TempDir()
		}
		return filepath.Join(dir, RecoveryDirName, "shared-"+shortDigest(storeKey(storePath)))
	}
	return filepath.Join(filepath.Dir(storePath), RecoveryDirName, filepath.Base(storePath))
}

// SaveOrKeep saves inc, trying again a few times when the store is busy. When it still fails,
// it writes inc to a recovery file beside the store and returns its path with the save's
// error: the caller tells the person where the visit is kept. kept is "" when the save worked.
func (s *Store) SaveOrKeep(ctx context.Context, inc *Incident) (kept string, err error) {
	err = withRetries(ctx, func() error { return s.Save(ctx, inc) })
	if err == nil {
		// an older copy kept after an earlier failure is now stale: it must not come back
		if id, verr := validate(inc); verr == nil {
			_ = os.Remove(filepath.Join(RecoveryDir(s.path), id+".json"))
		}
		return "", nil
	}
	path, kerr := WriteRecovery(s.path, inc)
	if kerr != nil {
		return "", fmt.Errorf("%w; keeping it in a recovery file failed too: %v", err, kerr)
	}
	return path, err
}

// withRetries runs write, trying again a few times (saveAttempts, saveBackoff apart) while it
// fails in a way that may pass (a busy store), and returns its last error.
func withRetries(ctx context.Context, write func() error) error {
	for attempt := 1; ; attempt++ {
		err := write()
		if err == nil || attempt >= saveAttempts || !retryable(err) {
			return err
		}
		select {
		case <-time.After(saveBackoff):
		case <-ctx.Done():
			return err
		}
	}
}

// retryable reports whether a failed save may work if tried again.
func retryable(err error) bool {
	return !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrOtherTerminal) && !errors.Is(err, ErrClosed) &&
		!errors.Is(err, ErrTrainingInvalid) && !errors.Is(err, ErrTrainingRecorded) &&
		!errors.Is(err, ErrReadOnly) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

// WriteRecovery writes inc, cleaned as Save cleans it (card numbers masked, key material
// dropped), as JSON to RecoveryDir(storePath)/INCIDENT-ID.json, replacing an older copy of
// the same incident atomically. It returns the file's path.
func WriteRecovery(storePath string, inc *Incident) (string, error) {
	id, err := validate(inc)
	if err != nil {
		return "", err
	}
	c := inc.Sanitize()
	c.ID = id
	b, err := json.MarshalIndent(c, "", " ")
	if err != nil {
		return "", err
	}
	return writeAtomic(RecoveryDir(storePath), id+".json", b)
}

// writeAtomic writes b to dir/name through a synced temporary file and a rename, so a reader
// sees the old file or the new one, never half of one. It returns the file's path.
func writeAtomic(dir, name string, b []byte) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create the recovery folder: %w", err)
	}
	path := filepath.Join(dir, name)
	tmp, err := os.CreateTemp(dir, name+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("write the recovery file %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(b)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return "", fmt.Errorf("write the recovery file %s: %w", path, err)
	}
	return path, nil
}

// SaveRecovered saves every incident waiting in the store's recovery folder and removes each
// file once its incident is in the store. A file that cannot be read or saved stays where it
// is; its error is returned (joined) after the others were tried. saved counts those now in
// the store.
func (s *Store) SaveRecovered(ctx context.Context) (saved int, err error) {
	isIncident := func(id string) bool { return uuid.Validate(id) == nil }
	err = replayRecovery(RecoveryDir(s.path), isIncident, func(path string, e os.DirEntry) error {
		inc, err := readRecovery(path)
		if err == nil && !s.newerStored(ctx, inc.ID, e) {
			err = s.Save(ctx, inc)
		}
		if err == nil {
			saved++
		}
		return err
	})
	return saved, err
}

// replayRecovery hands each recovery file in dir (a regular file NAME.json whose NAME is
// ours), in name order, to store, and removes the file once store has taken it. A file store
// fails on stays where it is; its error, and any file that could not be removed, are
// returned joined once every file was tried. A missing folder has nothing to replay.
func replayRecovery(dir string, ours func(name string) bool, store func(path string, e os.DirEntry) error) error {
	entries, err := os.ReadDir(dir) // sorted by name
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read the recovery folder %s: %w", dir, err)
	}
	var errs []error
	for _, e := range entries {
		name, isJSON := strings.CutSuffix(e.Name(), ".json")
		if !e.Type().IsRegular() || !isJSON || !ours(name) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if err := store(path, e); err != nil {
			errs = append(errs, fmt.Errorf("recovery file %s: %w", path, err))
			continue
		}
		if err := os.Remove(path); err != nil {
			errs = append(errs, fmt.Errorf("saved, but could not remove the recovery file %s: %w", path, err))
		}
	}
	return errors.Join(errs...)
}

func readRecovery(path string) (*Incident, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxRecoveryFile+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxRecoveryFile {
		return nil, fmt.Errorf("%w: over %d MiB", ErrInvalid, maxRecoveryFile>>20)
	}
	var inc Incident
	if err := json.Unmarshal(b, &inc); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return &inc, nil
}

// newerStored reports whether the store already holds incident id saved after the recovery
// file e was written (the visit was saved again since): the file is then stale.
func (s *Store) newerStored(ctx context.Context, id string, e os.DirEntry) bool {
	fi, err := e.Info()
	if err != nil {
		return false
	}
	var updated string
	if s.db.QueryRowContext(ctx, `SELECT updated FROM incidents WHERE id = ?`, strings.ToLower(id)).Scan(&updated) != nil {
		return false
	}
	t, err := s.parseTime(updated)
	return err == nil && t.After(fi.ModTime())
}
