package reports

import (
	"context"
	"database/sql"
)

// writer is what the store's writes go through: a transaction, or a stmtCache over one.
type writer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

var (
	_ writer = (*sql.Tx)(nil)
	_ writer = (*stmtCache)(nil)
)

// stmtCache is a transaction that prepares each statement once: an import writes thousands
// of visits with the same dozen statements, and parsing them again for each visit was a
// sixth of its time. The statements close with the transaction.
type stmtCache struct {
	tx *sql.Tx
	m  map[string]*sql.Stmt
}

func newStmtCache(tx *sql.Tx) *stmtCache { return &stmtCache{tx: tx, m: map[string]*sql.Stmt{}} }

func (c *stmtCache) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st := c.m[query]; st != nil {
		return st, nil
	}
	st, err := c.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.m[query] = st
	return st, nil
}

func (c *stmtCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (c *stmtCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (c *stmtCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := c.stmt(ctx, query)
	if err != nil {
		return c.tx.QueryRowContext(ctx, query, args...) // reports the same error through Scan
	}
	return st.QueryRowContext(ctx, args...)
}

// PrepareContext returns the cached statement: callers use prepared instead, which does not
// close it.
func (c *stmtCache) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return c.stmt(ctx, query)
}

// prepared prepares query on w for many executions; done releases it (a no-op for a
// stmtCache, which keeps it for the next visit).
func prepared(ctx context.Context, w writer, query string) (st *sql.Stmt, done func(), err error) {
	st, err = w.PrepareContext(ctx, query)
	if err != nil {
		return nil, nil, err
	}
	if _, ok := w.(*stmtCache); ok {
		return st, func() {}, nil
	}
	return st, func() { st.Close() }, nil
}
