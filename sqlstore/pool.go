package sqlstore

import (
	"container/list"
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
)

// pool is the connection pool with, on SQLite, a cache of prepared reads.
//
// The SQLite driver compiles every query it is given: parsing and planning
// took a quarter of a page's CPU (the board's query alone has a dozen
// sub-selects). A prepared *sql.Stmt is compiled once per connection and
// then only bound and stepped. PostgreSQL's driver (pgx) already keeps
// such a cache per connection, so there the pool passes queries through.
//
// Only reads outside a transaction go through the cache; writes run in
// transactions (DB.write) or are one-off statements (migrations, PRAGMA).
type pool struct {
	*sql.DB
	stmts   *stmtCache // nil: no cache (PostgreSQL)
	queries atomic.Int64
}

// QueryContext runs a read, with its prepared statement when cached.
func (p *pool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	p.queries.Add(1)
	if cs := p.stmts.get(ctx, p.DB, query); cs != nil {
		defer p.stmts.release(cs)
		return cs.stmt.QueryContext(ctx, args...)
	}
	return p.DB.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a read of one row, with its prepared statement when cached.
func (p *pool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	p.queries.Add(1)
	if cs := p.stmts.get(ctx, p.DB, query); cs != nil {
		defer p.stmts.release(cs)
		return cs.stmt.QueryRowContext(ctx, args...)
	}
	return p.DB.QueryRowContext(ctx, query, args...)
}

// ExecContext runs a statement outside a transaction, uncached.
func (p *pool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	p.queries.Add(1)
	return p.DB.ExecContext(ctx, query, args...)
}

// Queries returns how many statements the pool has run outside
// transactions since it opened. Tests use it to check that a page runs a
// fixed number of queries, however many rows it shows (no N+1).
func (db *DB) Queries() int64 { return db.db.queries.Load() }

// stmtCacheSize bounds the prepared statements kept: the texts are few
// (filters combine into a few hundred at most); the least recently used
// one is closed beyond it.
const stmtCacheSize = 256

// stmtCache keeps prepared statements by their SQL text, least recently
// used first out. A nil cache prepares nothing.
type stmtCache struct {
	mu    sync.Mutex
	bySQL map[string]*list.Element // of *cachedStmt
	lru   list.List                // most recently used at the front
}

type cachedStmt struct {
	query   string
	stmt    *sql.Stmt
	users   int  // queries being started with it
	evicted bool // out of the cache: closed by its last user
}

func newStmtCache() *stmtCache {
	return &stmtCache{bySQL: map[string]*list.Element{}}
}

// get returns the prepared statement of query, preparing it on first use,
// for one query to start with (release it once the query has started: its
// rows keep the statement open until they are closed). It returns nil when
// there is no cache or the query does not prepare (the caller then runs it
// directly, to report the error as usual).
func (c *stmtCache) get(ctx context.Context, db *sql.DB, query string) *cachedStmt {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	if e, ok := c.bySQL[query]; ok {
		c.lru.MoveToFront(e)
		cs := e.Value.(*cachedStmt)
		cs.users++
		c.mu.Unlock()
		return cs
	}
	c.mu.Unlock()
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.bySQL[query]; ok { // prepared meanwhile by another request
		st.Close()
		c.lru.MoveToFront(e)
		cs := e.Value.(*cachedStmt)
		cs.users++
		return cs
	}
	cs := &cachedStmt{query: query, stmt: st, users: 1}
	c.bySQL[query] = c.lru.PushFront(cs)
	if c.lru.Len() > stmtCacheSize {
		old := c.lru.Remove(c.lru.Back()).(*cachedStmt)
		delete(c.bySQL, old.query)
		old.evicted = true
		if old.users == 0 {
			old.stmt.Close()
		}
	}
	return cs
}

// release says a query started with cs has started; an evicted statement
// is closed by its last user.
func (c *stmtCache) release(cs *cachedStmt) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cs.users--
	if cs.evicted && cs.users == 0 {
		cs.stmt.Close()
	}
}

// close closes every cached statement.
func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.bySQL {
		cs := e.Value.(*cachedStmt)
		cs.evicted = true
		if cs.users == 0 {
			cs.stmt.Close()
		}
	}
	c.bySQL = map[string]*list.Element{}
	c.lru.Init()
}
