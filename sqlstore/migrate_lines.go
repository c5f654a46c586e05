package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"closer"
)

// oneLineColumn is a column that closer.CheckLine guards: its table, its
// column, the column of its closer.SortKey (or ""), the columns of the
// unique index it belongs to besides itself (or none), and whether it may
// be empty.
type oneLineColumn struct {
	table, column, key string
	unique             []string
	optional           bool
}

// oneLineColumns are the columns closer.CheckLine guards, every one of them:
// grep CheckLine.
var oneLineColumns = []oneLineColumn{
	{table: "opportunities", column: "title", key: "title_key"},
	{table: "accounts", column: "name", key: "name_key"},
	{table: "accounts", column: "city", optional: true},
	{table: "accounts", column: "phone", optional: true},
	{table: "contacts", column: "name", key: "name_key"},
	{table: "contacts", column: "phone", optional: true},
	{table: "contacts", column: "job_title", optional: true},
	{table: "activities", column: "subject"},
	{table: "quotes", column: "number"},
	{table: "orders", column: "reference", optional: true},
	{table: "orgs", column: "name"},
	{table: "users", column: "name"},
	{table: "tokens", column: "name"},
	{table: "list_items", column: "name", unique: []string{"org_id", "kind"}},
	{table: "saved_filters", column: "name", unique: []string{"org_id", "user_id", "page"}},
}

// joinStoredLines writes on one line (closer.JoinLines) every value of a
// column closer.CheckLine guards that holds a line break or a tab, stored
// before CheckLine refused them, and its sort key with it. A value of line
// breaks alone becomes empty where the field may be (a phone), and is left
// as it is where a name is required (none can be: they were trimmed before
// they were checked); one that would
// take the name of another entry of a list or of saved filters, which must
// be unique, gets " (2)" (or the next free number) after it. The values
// are read first, then written, so that no read is open while the same
// table is written.
func joinStoredLines(ctx context.Context, tx *sql.Tx) error {
	var likes []string
	var breaks []any
	for _, r := range closer.LineBreaks {
		breaks = append(breaks, "%"+string(r)+"%")
		likes = append(likes, "$"+strconv.Itoa(len(breaks)))
	}
	for _, c := range oneLineColumns {
		scope := ""
		if len(c.unique) > 0 {
			scope = ", " + strings.Join(c.unique, ", ")
		}
		var where []string
		for _, p := range likes {
			where = append(where, c.column+" LIKE "+p)
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, `+c.column+scope+` FROM `+c.table+` WHERE `+strings.Join(where, " OR ")+` ORDER BY id`, breaks...)
		if err != nil {
			return fmt.Errorf("%s.%s: %w", c.table, c.column, err)
		}
		type change struct {
			id    int64
			value string
			scope []any
		}
		var changes []change
		for rows.Next() {
			ch := change{scope: make([]any, len(c.unique))}
			dest := []any{&ch.id, &ch.value}
			for i := range ch.scope {
				dest = append(dest, &ch.scope[i])
			}
			if err := rows.Scan(dest...); err != nil {
				rows.Close()
				return err
			}
			if joined := closer.JoinLines(ch.value); (joined != "" || c.optional) && joined != ch.value {
				ch.value = joined
				changes = append(changes, ch)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, ch := range changes {
			value := ch.value
			if len(c.unique) > 0 {
				if value, err = freeName(ctx, tx, c, ch.id, ch.value, ch.scope); err != nil {
					return err
				}
			}
			set, args := c.column+" = $1", []any{value, ch.id}
			if c.key != "" {
				set, args = c.column+" = $1, "+c.key+" = $3", append(args, closer.SortKey(value))
			}
			if _, err := tx.ExecContext(ctx, `UPDATE `+c.table+` SET `+set+` WHERE id = $2`, args...); err != nil {
				return fmt.Errorf("%s %d: %w", c.table, ch.id, err)
			}
		}
	}
	return nil
}

// freeName returns name, or name and the first number that no other row of
// the unique index's scope has ("Négociation (2)").
func freeName(ctx context.Context, tx *sql.Tx, c oneLineColumn, id int64, name string, scope []any) (string, error) {
	where := c.column + " = $1 AND id <> $2"
	for i, col := range c.unique {
		where += " AND " + col + " = $" + strconv.Itoa(i+3)
	}
	for n := 1; ; n++ {
		candidate := name
		if n > 1 {
			candidate = name + " (" + strconv.Itoa(n) + ")"
		}
		var taken int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+c.table+` WHERE `+where, append([]any{candidate, id}, scope...)...).Scan(&taken); err != nil {
			return "", err
		} else if taken == 0 {
			return candidate, nil
		}
	}
}
