package reports

import (
	"context"
	"database/sql/driver"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// The store's SQL is written once, with SQLite's "?" placeholders. PostgreSQL numbers its
// parameters ($1, $2, ...), so the PostgreSQL backend reaches pgx's database/sql driver
// through rebindConnector, which rewrites each statement's placeholders on its way to the
// server. Everything else the store does goes through database/sql unchanged.

// rebindConnector wraps a driver.Connector whose connections take $n placeholders.
type rebindConnector struct{ driver.Connector }

func (c rebindConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return rebindConn{conn}, nil
}

// rebindConn forwards every interface database/sql looks for to pgx's connection, with the
// query rewritten where one is passed.
type rebindConn struct{ c driver.Conn }

var (
	_ driver.ConnPrepareContext = rebindConn{}
	_ driver.ConnBeginTx        = rebindConn{}
	_ driver.ExecerContext      = rebindConn{}
	_ driver.QueryerContext     = rebindConn{}
	_ driver.Pinger             = rebindConn{}
	_ driver.NamedValueChecker  = rebindConn{}
	_ driver.SessionResetter    = rebindConn{}
	_ driver.Validator          = rebindConn{}
)

func (r rebindConn) Prepare(query string) (driver.Stmt, error) { return r.c.Prepare(rebind(query)) }
func (r rebindConn) Close() error                              { return r.c.Close() }

// Begin is driver.Conn's; database/sql calls BeginTx.
func (r rebindConn) Begin() (driver.Tx, error) { return r.c.Begin() }

func (r rebindConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return r.c.(driver.ConnPrepareContext).PrepareContext(ctx, rebind(query))
}

func (r rebindConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return r.c.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (r rebindConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return r.c.(driver.ExecerContext).ExecContext(ctx, rebind(query), args)
}

func (r rebindConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return r.c.(driver.QueryerContext).QueryContext(ctx, rebind(query), args)
}

func (r rebindConn) Ping(ctx context.Context) error { return r.c.(driver.Pinger).Ping(ctx) }

func (r rebindConn) CheckNamedValue(v *driver.NamedValue) error {
	return r.c.(driver.NamedValueChecker).CheckNamedValue(v)
}

func (r rebindConn) ResetSession(ctx context.Context) error {
	return r.c.(driver.SessionResetter).ResetSession(ctx)
}

func (r rebindConn) IsValid() bool {
	if v, ok := r.c.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

// rebound caches rewritten statements: the store uses a few dozen, thousands of times.
var (
	rebound  sync.Map // string → string
	reboundN atomic.Int64
)

// maxRebound bounds the cache: the store's own statements are a few dozen.
const maxRebound = 4096

// rebind rewrites the "?" placeholders of query as $1, $2, ... in order. A "?" inside a
// quoted string ('...' or "...") or a comment is left alone.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	if q, ok := rebound.Load(query); ok {
		return q.(string)
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		ch := query[i]
		switch {
		case ch == '\'' || ch == '"':
			j := i + 1
			for j < len(query) && query[j] != ch {
				j++
			}
			if j >= len(query) {
				j = len(query) - 1
			}
			b.WriteString(query[i : j+1])
			i = j
		case ch == '-' && i+1 < len(query) && query[i+1] == '-':
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i - 1
			}
			b.WriteString(query[i : i+j+1])
			i += j
		case ch == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(ch)
		}
	}
	q := b.String()
	if reboundN.Add(1) <= maxRebound { // statements built with values (LIMIT n, IN lists) are not kept forever
		rebound.Store(query, q)
	}
	return q
}
