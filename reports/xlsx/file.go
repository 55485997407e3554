package xlsx

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// ErrExists is returned by WriteFile when the file exists and overwriting was not asked for;
// the file is left as it was. It matches fs.ErrExist too.
var ErrExists error = existsError{}

type existsError struct{}

func (existsError) Error() string        { return "the file exists and was kept" }
func (existsError) Is(target error) bool { return target == fs.ErrExist }

// WriteFile writes a workbook to path atomically: write writes it to a temporary file in the
// same folder, which is synced and then moved into place, so a crash never leaves half a
// file. An existing file is kept (ErrExists) unless overwrite. Errors name path and its
// folder, never the temporary file.
func WriteFile(path string, overwrite bool, write func(io.Writer) error) (err error) {
	if !overwrite {
		if _, err := os.Lstat(path); err == nil {
			return fmt.Errorf("%s: %w", path, ErrExists)
		}
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return writeError(path, "", err)
	}
	tmpName := tmp.Name()
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()
	if err = write(tmp); err != nil {
		return writeError(path, tmpName, err)
	}
	if err = tmp.Sync(); err != nil {
		return writeError(path, tmpName, err)
	}
	if err = tmp.Close(); err != nil {
		return writeError(path, tmpName, err)
	}
	if err = os.Chmod(tmpName, 0o644); err != nil {
		return writeError(path, tmpName, err)
	}
	if overwrite {
		if err = os.Rename(tmpName, path); err != nil {
			return writeError(path, tmpName, err)
		}
	} else {
		// a hard link never replaces an existing file: no window between check and move
		if err = os.Link(tmpName, path); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("%s: %w", path, ErrExists)
			}
			// file systems without hard links (FAT on a USB stick): check, then rename
			if _, statErr := os.Lstat(path); statErr == nil {
				return fmt.Errorf("%s: %w", path, ErrExists)
			}
			if err = os.Rename(tmpName, path); err != nil {
				return writeError(path, tmpName, err)
			}
		} else {
			os.Remove(tmpName)
		}
	}
	syncDir(dir)
	return nil
}

// writeError says why the file could not be written to path, in terms of path and its
// folder: the temporary file it is written through is ours, and naming it would only confuse.
// The error still matches what went wrong (errors.Is(err, fs.ErrNotExist), ...).
func writeError(path, tmpName string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe) && (tmpName == "" || pe.Path == tmpName):
		err = pe.Err
	case errors.As(err, &le) && le.Old == tmpName:
		err = le.Err
	}
	dir := filepath.Dir(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &writeFileError{fmt.Sprintf("cannot write %s: the folder %s does not exist — create it first, or choose another place", path, dir), err}
	case errors.Is(err, syscall.ENOTDIR):
		return &writeFileError{fmt.Sprintf("cannot write %s: %s is not a folder", path, dir), err}
	case errors.Is(err, fs.ErrPermission):
		return &writeFileError{fmt.Sprintf("cannot write %s: no permission to write in the folder %s — choose another place", path, dir), err}
	}
	return fmt.Errorf("write %s: %w", path, err)
}

// writeFileError is an error whose message is written for a person, wrapping the cause.
type writeFileError struct {
	msg string
	err error
}

func (e *writeFileError) Error() string { return e.msg }
func (e *writeFileError) Unwrap() error { return e.err }

// syncDir makes the rename durable where the OS allows syncing a directory.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
