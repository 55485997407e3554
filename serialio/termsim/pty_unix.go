//go:build linux || darwin

package termsim

import (
	"context"
	"fmt"
	"os"
	"sync"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// OpenPTY serves the terminal on a new pseudo-terminal until ctx is done or the line ends,
// and returns the slave's device path for any program to open: go.bug.st/serial, socat,
// picocom, or a plain open(2). The slave is put in raw mode (no echo, no line discipline,
// 8-bit clean) and the terminal keeps its own descriptor of it open, so clients may close
// and reopen the path without the terminal seeing a hang-up. When a frame goes unACKed
// through every resend (nobody listening), the slave's unread input is discarded and any
// exclusive-open lock left by a client that died is cleared, so the next client starts
// clean. wait blocks until Serve returns and gives its result; it may be called more than
// once. Call it at most once per Terminal at a time, like Serve.
func (t *Terminal) OpenPTY(ctx context.Context) (path string, wait func() error, err error) {
	master, slave, err := pty.Open()
	if err != nil {
		return "", nil, fmt.Errorf("open a pseudo-terminal for the simulated terminal: %w", err)
	}
	if err := withFd(slave, makeRaw); err != nil {
		master.Close()
		slave.Close()
		return "", nil, fmt.Errorf("put %s in raw mode: %w", slave.Name(), err)
	}
	reset := func() { _ = withFd(slave, resetSlave) }
	t.lineFailed.Store(&reset)
	done := make(chan error, 1)
	go func() {
		err := t.Serve(ctx, master)
		slave.Close()
		done <- err
	}()
	var once sync.Once
	var result error
	return slave.Name(), func() error {
		once.Do(func() { result = <-done })
		return result
	}, nil
}

func withFd(f *os.File, fn func(fd int) error) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var ferr error
	if err := rc.Control(func(fd uintptr) { ferr = fn(int(fd)) }); err != nil {
		return err
	}
	return ferr
}

// makeRaw sets the tty as cfmakeraw(3) does, plus CLOCAL and CREAD: bytes pass unchanged
// both ways, reads return as soon as one byte is there.
func makeRaw(fd int) error {
	tio, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return err
	}
	tio.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR |
		unix.ICRNL | unix.IXON | unix.IXOFF | unix.IXANY
	tio.Oflag &^= unix.OPOST
	tio.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	tio.Cflag &^= unix.CSIZE | unix.PARENB
	tio.Cflag |= unix.CS8 | unix.CREAD | unix.CLOCAL
	tio.Cc[unix.VMIN] = 1
	tio.Cc[unix.VTIME] = 0
	return unix.IoctlSetTermios(fd, ioctlSetTermios, tio)
}

// resetSlave discards what the terminal wrote that no client read, and clears an exclusive
// lock (TIOCEXCL) that a client which died without closing cleanly left behind.
func resetSlave(fd int) error {
	_ = unix.IoctlSetInt(fd, unix.TIOCNXCL, 0)
	return flushInput(fd)
}
