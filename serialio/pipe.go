package serialio

import (
	"io"
	"sync"
)

// Pipe returns the two ends of an in-memory full-duplex line. Unlike net.Pipe, each
// direction buffers up to 64 KiB like a tty's queues, so a writer does not wait for the
// reader. Closing either end closes the line for both: reads then return io.EOF once the
// buffered bytes are gone (a pulled cable), and writes return io.ErrClosedPipe.
func Pipe() (a, b io.ReadWriteCloser) {
	ab, ba := newQueue(), newQueue()
	line := &pipeLine{queues: [2]*byteQueue{ab, ba}}
	return &pipeEnd{line, ba, ab}, &pipeEnd{line, ab, ba}
}

type pipeLine struct {
	once   sync.Once
	queues [2]*byteQueue
}

func (p *pipeLine) close() {
	p.once.Do(func() {
		for _, q := range p.queues {
			q.close()
		}
	})
}

type pipeEnd struct {
	line *pipeLine
	in   *byteQueue
	out  *byteQueue
}

func (e *pipeEnd) Read(p []byte) (int, error)  { return e.in.read(p) }
func (e *pipeEnd) Write(p []byte) (int, error) { return e.out.write(p) }
func (e *pipeEnd) Close() error                { e.line.close(); return nil }

const pipeBuffer = 64 << 10

type byteQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	buf    []byte
	closed bool
}

func newQueue() *byteQueue {
	q := &byteQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *byteQueue) read(p []byte) (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.buf) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, q.buf)
	q.buf = q.buf[n:]
	q.cond.Broadcast()
	return n, nil
}

func (q *byteQueue) write(p []byte) (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	written := 0
	for len(p) > 0 {
		for len(q.buf) >= pipeBuffer && !q.closed {
			q.cond.Wait()
		}
		if q.closed {
			return written, io.ErrClosedPipe
		}
		n := min(len(p), pipeBuffer-len(q.buf))
		q.buf = append(q.buf, p[:n]...)
		p = p[n:]
		written += n
		q.cond.Broadcast()
	}
	return written, nil
}

func (q *byteQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.cond.Broadcast()
	q.mu.Unlock()
}
