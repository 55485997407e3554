package reports

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// DBFileName is the store's file name inside the data folder.
const DBFileName = "incidents.db"

// DataDir returns posdoctor's data folder: $XDG_DATA_HOME/posdoctor (default
// ~/.local/share/posdoctor) on Linux and BSD, ~/Library/Application Support/posdoctor on macOS,
// %LocalAppData%\posdoctor on Windows (local, not roaming: an SQLite file must not live on a
// network share).
func DataDir() (string, error) {
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "posdoctor"), nil
		}
		d, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("%w: %w", ErrNoDataDir, err)
		}
		return filepath.Join(d, "posdoctor"), nil
	case "darwin", "ios":
		d, err := os.UserConfigDir() // ~/Library/Application Support
		if err != nil {
			return "", fmt.Errorf("%w: %w", ErrNoDataDir, err)
		}
		return filepath.Join(d, "posdoctor"), nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "posdoctor"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrNoDataDir, err)
	}
	return filepath.Join(home, ".local", "share", "posdoctor"), nil
}

// DefaultDBPath returns the store's path in the data folder (see DataDir).
func DefaultDBPath() (string, error) {
	d, err := DataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, DBFileName), nil
}

// storePath resolves path ("" for the default) to an absolute path.
func storePath(path string) (string, error) {
	if path == "" {
		p, err := DefaultDBPath()
		if err != nil {
			return "", err
		}
		path = p
	}
	if strings.Contains(path, "://") || looksLikeDSN(path) {
		// another database's URL or a connection string: refused without echoing a password
		return "", fmt.Errorf("%w: %s is neither a store file nor a postgres:// URL (postgres://USER@HOST:5432/DATABASE)", ErrBadURL, RedactDB(path))
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("open incident store %s: %w", path, err)
	}
	return abs, nil
}
