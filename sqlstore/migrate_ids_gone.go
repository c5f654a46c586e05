package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
)

// deletedKinds are the kinds of record whose deletion the audit log names,
// by the action AuditDelete(kind) and the target auditTarget(kind, id),
// with their table: the ids that the tables no longer hold but the log
// still shows.
var deletedKinds = map[string]string{
	"account":     "accounts",
	"activity":    "activities",
	"contact":     "contacts",
	"opportunity": "opportunities",
	"order":       "orders",
	"quote":       "quotes",
	"target":      "targets",
}

// startSequencesPastGoneIDs starts the sequence of each table of
// deletedKinds past the largest id the database still names, when it is
// larger than the largest the table holds (where neverReuseIDs' copy
// started it): the newest record deleted before the migration, which the
// audit log names ("opportunity 2004"), is then not given once more to
// another. One grouped read of the audit log, and one MAX of each column
// that refers to these tables (indexed), where a row kept by mistake
// would name a record gone: cheap at a million records.
//
// What the database no longer names cannot be known: a record deleted
// along with another (the quotes, activities and events of an
// opportunity, the contacts of an account), or before the audit log
// (migration 0031), or a saved filter (its deletion is not audited), when
// it was its table's newest, may still see its id given once.
func startSequencesPastGoneIDs(ctx context.Context, tx *sql.Tx) error {
	named, err := largestAuditedIDs(ctx, tx)
	if err != nil {
		return err
	}
	if err := largestReferencedIDs(ctx, tx, named); err != nil {
		return err
	}
	for table, id := range named {
		for _, q := range []string{
			`INSERT INTO sqlite_sequence (name, seq) SELECT $1, 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = $1)`,
			`UPDATE sqlite_sequence SET seq = $2 WHERE name = $1 AND seq < $2`,
		} {
			if _, err := tx.ExecContext(ctx, q, table, id); err != nil {
				return fmt.Errorf("sequence of %s: %w", table, err)
			}
		}
	}
	return nil
}

// largestAuditedIDs returns, by table of deletedKinds, the largest id that
// a deletion in the audit log names, of every org.
func largestAuditedIDs(ctx context.Context, tx *sql.Tx) (map[string]int64, error) {
	// "opportunity.delete" names "opportunity 2004": the id starts after the
	// kind and a space, 5 characters before the action's end.
	rows, err := tx.QueryContext(ctx, `SELECT action, MAX(CAST(substr(target, length(action) - 5) AS INTEGER))
		FROM audit_log
		WHERE action LIKE '%.delete' AND target LIKE replace(action, '.delete', ' ') || '%'
		GROUP BY action`)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	named := map[string]int64{}
	for rows.Next() {
		var action string
		var id sql.NullInt64
		if err := rows.Scan(&action, &id); err != nil {
			return nil, err
		}
		table, ok := deletedKinds[action[:len(action)-len(".delete")]]
		if ok && id.Int64 > named[table] {
			named[table] = id.Int64
		}
	}
	return named, rows.Err()
}

// largestReferencedIDs raises named to the largest id that a column
// referring to a table of deletedKinds holds (its foreign keys, which
// SQLite declares in pragma_foreign_key_list).
func largestReferencedIDs(ctx context.Context, tx *sql.Tx, named map[string]int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT m.name, f."from", f."table" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY m.name, f."from"`)
	if err != nil {
		return err
	}
	type reference struct{ table, column, parent string }
	var refs []reference
	for rows.Next() {
		var r reference
		if err := rows.Scan(&r.table, &r.column, &r.parent); err != nil {
			rows.Close()
			return err
		}
		refs = append(refs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	tables := map[string]bool{}
	for _, t := range deletedKinds {
		tables[t] = true
	}
	for _, r := range refs {
		if !tables[r.parent] {
			continue
		}
		var id sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT MAX("`+r.column+`") FROM "`+r.table+`"`).Scan(&id); err != nil {
			return fmt.Errorf("%s.%s: %w", r.table, r.column, err)
		}
		if id.Int64 > named[r.parent] {
			named[r.parent] = id.Int64
		}
	}
	return nil
}
