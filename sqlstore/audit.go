package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"closer"
)

var _ closer.AuditService = (*DB)(nil)

// audit appends an entry to the log of the actor's org, inside the caller's
// transaction: the entry exists if and only if the action it records was
// committed. It reads the actor and the client address from ctx. Other
// features call it from their own transactions, with an action named in
// closer's Audit* constants.
func (db *DB) audit(ctx context.Context, q querier, action, target, detail string) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	}
	return db.insertAudit(ctx, q, closer.AuditEntry{OrgID: a.OrgID, UserID: a.UserID, UserName: a.Name,
		Action: action, Target: target, Detail: detail})
}

// auditUser records a user's own action (sign-in, token, session, password)
// in every org the user is a member of, with the user as the actor: these
// actions belong to no single org, and each org's owners see them.
func (db *DB) auditUser(ctx context.Context, q querier, userID int64, action, target, detail string) error {
	var name string
	err := q.QueryRowContext(ctx, `SELECT name FROM users WHERE id = $1`, userID).Scan(&name)
	if err == sql.ErrNoRows {
		return nil
	} else if err != nil {
		return err
	}
	rows, err := q.QueryContext(ctx, `SELECT org_id FROM memberships WHERE user_id = $1 ORDER BY org_id`, userID)
	if err != nil {
		return err
	}
	var orgs []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		orgs = append(orgs, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, org := range orgs {
		if err := db.insertAudit(ctx, q, closer.AuditEntry{OrgID: org, UserID: userID, UserName: name,
			Action: action, Target: target, Detail: detail}); err != nil {
			return err
		}
	}
	return nil
}

// insertAudit writes one entry; the address defaults to the request's
// client and the time to now. Long texts are cut: the log is for people.
func (db *DB) insertAudit(ctx context.Context, q querier, e closer.AuditEntry) error {
	if e.IP == "" {
		e.IP = closer.ClientIPFromContext(ctx)
	}
	if e.At.IsZero() {
		e.At = db.Now()
	}
	_, err := q.ExecContext(ctx, `INSERT INTO audit_log (org_id, user_id, user_name, action, target, detail, ip, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		e.OrgID, nullID(e.UserID), cut(e.UserName, 200), cut(e.Action, 64), cut(e.Target, 300), cut(e.Detail, 500), cut(e.IP, 64), ts(e.At))
	return err
}

// cut shortens s to at most n bytes, dropping a character cut in half.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// Record appends an entry to the log of the actor's org for an action done
// outside the store (an export, a form of the web app). The org is the
// actor's; the person defaults to the actor unless the entry names one (the
// command line names itself, with no user id); the address to the client.
func (db *DB) Record(ctx context.Context, e closer.AuditEntry) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	}
	if strings.TrimSpace(e.Action) == "" {
		return closer.FieldError("action", "The audit entry needs an action.")
	}
	e.OrgID = a.OrgID
	if e.UserID == 0 && e.UserName == "" {
		e.UserID, e.UserName = a.UserID, a.Name
	}
	return db.insertAudit(ctx, db.db, e)
}

// AuditLog lists the entries of the actor's org, newest first, with their
// total (owners only).
func (db *DB) AuditLog(ctx context.Context, f closer.AuditFilter) ([]closer.AuditEntry, int, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, 0, err
	} else if err := a.CanAdminister(); err != nil {
		return nil, 0, err
	}
	var w where
	w.add("org_id = ?", a.OrgID)
	if f.Action != "" {
		w.add("action = ?", f.Action)
	}
	if f.UserID != 0 {
		w.add("user_id = ?", f.UserID)
	}
	var total int
	if err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`+w.String(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	p := f.Page.Normalize()
	rows, err := db.db.QueryContext(ctx, `SELECT id, org_id, user_id, user_name, action, target, detail, ip, at FROM audit_log`+w.String()+
		` ORDER BY at DESC, id DESC LIMIT `+w.arg(p.Limit)+` OFFSET `+w.arg(p.Offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []closer.AuditEntry{}
	for rows.Next() {
		var e closer.AuditEntry
		if err := rows.Scan(&e.ID, &e.OrgID, nz(&e.UserID), &e.UserName, &e.Action, &e.Target, &e.Detail, &e.IP, tsc(&e.At)); err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// auditTarget names a record in the log: "account 12".
func auditTarget(kind string, id int64) string { return kind + " " + strconv.FormatInt(id, 10) }

// orderDetail describes a deleted order: its reference, day and amount in cents.
func orderDetail(o *closer.Order) string {
	return strings.TrimSpace(o.Reference + " " + o.OrderedOn.String() + " " + strconv.FormatInt(int64(o.Amount), 10))
}
