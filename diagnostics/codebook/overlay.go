package codebook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// ErrNotRegularFile is matched (errors.Is) when an overlay path names a directory, a named
// pipe, a device or a socket: only regular files are read, so a FIFO cannot block the lookup.
var ErrNotRegularFile = errors.New("not a regular file")

// ErrTooLarge is matched (errors.Is) when an overlay file is larger than the 8 MiB bound.
var ErrTooLarge = fmt.Errorf("larger than %d MiB, the most an overlay may be", maxOverlay>>20)

// LoadFile is Load for an overlay file on disk. Like Load, it returns the built-in book with
// the error when the file cannot be read or is invalid. Only a regular file of at most 8 MiB is
// read; anything else (a directory, a named pipe, a device) is refused before it is read, and
// LoadFile returns as soon as ctx is done, with ctx's error.
func LoadFile(ctx context.Context, path string) (*Book, error) {
	b, err := Default()
	if err != nil {
		return nil, err
	}
	data, err := readOverlayFile(ctx, path, maxOverlay)
	if err != nil {
		return b, err
	}
	return b.WithOverlay(filepath.Base(path), bytes.NewReader(data))
}

// readOverlayFile reads the regular file at path, at most limit bytes. The file is opened and
// read on its own goroutine so that a file system that blocks (a hung network share) cannot
// hold the caller past ctx; that goroutine closes the file when it is done.
func readOverlayFile(ctx context.Context, path string, limit int64) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("overlay %s: %w", path, err)
	}
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := readRegularFile(ctx, path, limit)
		done <- result{data, err}
	}()
	select {
	case r := <-done:
		return r.data, r.err
	case <-ctx.Done():
		return nil, fmt.Errorf("overlay %s: %w", path, ctx.Err())
	}
}

// readRegularFile checks the file type before opening (a FIFO would block open), opens without
// blocking, checks again on the open file (the path may have been swapped in between), refuses
// a file over limit by its size, and reads through a limit in case the file grows meanwhile.
func readRegularFile(ctx context.Context, path string, limit int64) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("overlay: %w", err)
	}
	if err := checkOverlayInfo(path, st, limit); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("overlay: %w", err)
	}
	defer f.Close()
	st, err = f.Stat()
	if err != nil {
		return nil, fmt.Errorf("overlay: %w", err)
	}
	if err := checkOverlayInfo(path, st, limit); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(ctxReader{ctx, f}, limit+1))
	if err != nil {
		return nil, fmt.Errorf("overlay %s: %w", path, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("overlay %s: %w", path, ErrTooLarge)
	}
	return data, nil
}

// checkOverlayInfo refuses anything but a regular file of at most limit bytes.
func checkOverlayInfo(path string, st fs.FileInfo, limit int64) error {
	if !st.Mode().IsRegular() {
		return fmt.Errorf("overlay %s is %s, %w: give the path of the overlay's .json file", path, fileTypeName(st.Mode()), ErrNotRegularFile)
	}
	if st.Size() > limit {
		return fmt.Errorf("overlay %s is %.1f MiB, %w", path, float64(st.Size())/(1<<20), ErrTooLarge)
	}
	return nil
}

// fileTypeName names a file mode's type for a person.
func fileTypeName(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a plain file"
}

// ctxReader stops reading once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
