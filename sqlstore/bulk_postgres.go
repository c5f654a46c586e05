package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// postgresWriter writes a bulk on PostgreSQL with COPY. Ids are reserved
// from each table's identity sequence in growing blocks (nextval commits at
// once, outside the transaction's rollback), so normal inserts running at
// the same time, and after, never collide with them. COPY runs on the pgx
// connection under the database/sql transaction of the same *sql.Conn:
// one session, one transaction.
type postgresWriter struct {
	ctx   context.Context
	conn  *sql.Conn
	tx    *sql.Tx
	ids   map[string][]int64
	block map[string]int
	seq   map[string]string // table → its id sequence, looked up once
}

// Blocks of reserved ids grow from the first to the last size, so that a
// small import wastes few ids and a large one asks rarely.
const (
	pgFirstBlock = 16
	pgLastBlock  = 65536
)

// newPostgresWriter sets the transaction's plan cache to generic plans.
// Every row a COPY writes fires the foreign key checks of its table, each a
// prepared query on the referenced table's primary key. The pool's
// connections plan every execution with its values (plan_cache_mode =
// force_custom_plan, see Open), which suits Closer's range reads but made
// the server plan each of those checks again for every row: planning took
// 60% of its time, and an import of 200,000 rows 49 s (12.7 s with generic
// plans, whose one plan per check is all a primary key lookup needs).
//
// When the database role may (a superuser, or one granted SET on the
// parameter), it also turns the foreign key checks off for the transaction
// (session_replication_role = replica), as the SQLite bulk does: the bulk
// checks every reference itself (see bulk_add.go), and those checks were
// half of the server's time (200,000 rows: 12.7 s, 6.4 s without). A role
// that may not keeps them, in a savepoint that undoes the refused setting.
func newPostgresWriter(ctx context.Context, conn *sql.Conn, tx *sql.Tx) (*postgresWriter, error) {
	if _, err := tx.ExecContext(ctx, `SET LOCAL plan_cache_mode = force_generic_plan`); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `SAVEPOINT bulk_replica`); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `SET LOCAL session_replication_role = replica`); err != nil {
		if _, err := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT bulk_replica`); err != nil {
			return nil, err
		}
	}
	if _, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT bulk_replica`); err != nil {
		return nil, err
	}
	return &postgresWriter{ctx: ctx, conn: conn, tx: tx, ids: map[string][]int64{}, block: map[string]int{}, seq: map[string]string{}}, nil
}

func (w *postgresWriter) nextID(table string) (int64, error) {
	ids := w.ids[table]
	if len(ids) == 0 {
		n := w.block[table]
		n = min(max(n*4, pgFirstBlock), pgLastBlock)
		w.block[table] = n
		var err error
		if ids, err = w.reserve(table, n); err != nil {
			return 0, err
		}
	}
	w.ids[table] = ids[1:]
	return ids[0], nil
}

// reserve takes n values of table's id sequence. The sequence's name is
// looked up once: in the query, pg_get_serial_sequence ran for every value.
func (w *postgresWriter) reserve(table string, n int) ([]int64, error) {
	seq, ok := w.seq[table]
	if !ok {
		if err := w.tx.QueryRowContext(w.ctx, `SELECT pg_get_serial_sequence($1, 'id')`, table).Scan(&seq); err != nil {
			return nil, err
		}
		w.seq[table] = seq
	}
	rows, err := w.tx.QueryContext(w.ctx, `SELECT nextval($1::regclass) FROM generate_series(1, $2)`, seq, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := make([]int64, 0, n)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	} else if len(ids) != n {
		return nil, fmt.Errorf("reserved %d ids of %s, not %d", len(ids), table, n)
	}
	return ids, nil
}

// batchRows is large: COPY has no parameter bound.
func (w *postgresWriter) batchRows(t *bulkTable) int { return 20000 }

// background is false: a COPY would find the connection busy with the
// rows of reserve.
func (w *postgresWriter) background() bool { return false }

// write copies the buffered rows of t.
func (w *postgresWriter) write(t *bulkTable) error {
	c := len(t.cols)
	n := t.rows()
	return w.conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("bulk: unexpected driver connection %T", dc)
		}
		_, err := sc.Conn().CopyFrom(w.ctx, pgx.Identifier{t.name}, t.cols, pgx.CopyFromSlice(n, func(i int) ([]any, error) {
			return t.vals[i*c : (i+1)*c], nil
		}))
		return err
	})
}

// finish has nothing to do: COPY maintains the indexes.
func (w *postgresWriter) finish() error { return nil }

func (w *postgresWriter) close() {}
