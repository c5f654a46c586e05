package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"closer"
)

// where builds a WHERE clause and its arguments. Conditions are written with
// ? for each argument; add numbers them $1, $2… in order.
type where struct {
	conds []string
	args  []any
}

// add appends a condition and its arguments.
func (w *where) add(cond string, args ...any) {
	var b strings.Builder
	n := 0
	for i := 0; i < len(cond); i++ {
		if cond[i] == '?' {
			w.args = append(w.args, args[n])
			n++
			b.WriteString("$" + strconv.Itoa(len(w.args)))
		} else {
			b.WriteByte(cond[i])
		}
	}
	if n != len(args) {
		panic(fmt.Sprintf("sqlstore: %d arguments for %q", len(args), cond))
	}
	w.conds = append(w.conds, b.String())
}

// arg appends one argument and returns its placeholder, for LIMIT/OFFSET.
func (w *where) arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

// String returns " WHERE a AND b", or "" when there is no condition.
func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// likePattern turns a search text into a LIKE pattern that finds it in a
// name's closer.SortKey (a name_key or title_key column, with ESCAPE '\'),
// regardless of case and accents.
func likePattern(q string) string {
	q = closer.SortKey(strings.TrimSpace(q))
	q = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q)
	return "%" + q + "%"
}

// inOrg checks that the record id of table belongs to orgID; a record of
// another org is reported exactly like an unknown one (ENOTFOUND) and names
// field, for the form or the API to point at.
func inOrg(ctx context.Context, q querier, table string, orgID, id int64, field string) error {
	if id == 0 {
		return nil
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE org_id = $1 AND id = $2`, orgID, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return &closer.Error{Code: closer.EINVALID, Field: field, Message: fmt.Sprintf("No %s with id %d in this organization.", strings.ReplaceAll(field, "_", " "), id)}
	}
	return nil
}

// memberField checks that userID may own records of orgID (an opportunity,
// account, contact, activity, order or target), naming field otherwise: an
// active member who is not a consultant. A consultant changes nothing, so
// could not work what they own, and a deactivated member no longer works
// for the org. Every store path that sets an owner calls it when the owner
// changes; records keep an owner who left.
func memberField(ctx context.Context, q querier, orgID, userID int64, field string) error {
	var role string
	var active bool
	err := q.QueryRowContext(ctx, `SELECT role, active FROM memberships WHERE org_id = $1 AND user_id = $2`, orgID, userID).Scan(&role, &active)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return closer.FieldError(field, "User %d is not a member of this organization.", userID)
	case err != nil:
		return err
	case !active:
		return closer.FieldError(field, "User %d is deactivated: choose an active member.", userID)
	case role == string(closer.RoleConsultant):
		return closer.FieldError(field, "User %d is a consultant, who changes nothing: choose a salesperson, a manager or an owner.", userID)
	}
	return nil
}

// actorToday returns the acting member, their org and today in its time zone.
func (db *DB) actorToday(ctx context.Context, q querier) (closer.Actor, *closer.Org, closer.Date, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return a, nil, closer.Date{}, err
	}
	org, err := findOrg(ctx, q, a.OrgID)
	if err != nil {
		return a, nil, closer.Date{}, err
	}
	return a, org, db.today(org), nil
}

// count runs a COUNT(*) query.
func count(ctx context.Context, q querier, query string, args ...any) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}

// rowScanner is a row or rows, for the scan functions of each table.
type rowScanner = interface{ Scan(...any) error }

// queryAll runs a query and reads every row with scan; an empty result is
// an empty slice, so that lists encode as [] rather than null.
func queryAll[T any](ctx context.Context, q querier, scan func(rowScanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
