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
}

// Blocks of reserved ids grow from the first to the last size, so that a
// small import wastes few ids and a large one asks rarely.
const (
	pgFirstBlock = 16
	pgLastBlock  = 65536
)

func newPostgresWriter(ctx context.Context, conn *sql.Conn, tx *sql.Tx) *postgresWriter {
	return &postgresWriter{ctx: ctx, conn: conn, tx: tx, ids: map[string][]int64{}, block: map[string]int{}}
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

// reserve takes n values of table's id sequence.
func (w *postgresWriter) reserve(table string, n int) ([]int64, error) {
	rows, err := w.tx.QueryContext(w.ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`, table, n)
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
