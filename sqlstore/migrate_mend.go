package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"closer"
)

// migrationMend is the migration that mends the records stored under
// older rules (mendStoredRecords).
const migrationMend = 67

// mendStoredRecords is the Go step of migration 0067: it makes every record
// that older versions stored, and today's domain refuses, editable again,
// as today's rules would have written it. Each change a person can see is
// an entry of its org's audit log (upgrade.repair, dated now), naming the
// record, the field, and the value before and after; a name only written
// in Unicode's other form, or given its sort key again, looks the same and
// is not recorded. Each part reads what it mends first, then writes, so
// that no read is open while its table is written; run again, it changes
// nothing.
func mendStoredRecords(ctx context.Context, tx *sql.Tx, now time.Time) error {
	r := repairLog{tx: tx, at: ts(now)}
	for _, mend := range []func(context.Context, *repairLog) error{
		mendStoredNames, mendListNames, mendExpectedCloses, mendQuoteDates, mendOrphanOrders,
	} {
		if err := mend(ctx, &r); err != nil {
			return err
		}
	}
	return nil
}

// repairLog writes the audit entries of a migration's repairs.
type repairLog struct {
	tx *sql.Tx
	at string
}

// record appends an upgrade.repair entry to orgID's log: no one acted, no
// address; the target names the record as the log does ("opportunity 12").
func (r *repairLog) record(ctx context.Context, orgID int64, target, detail string) error {
	_, err := r.tx.ExecContext(ctx, `INSERT INTO audit_log (org_id, user_id, user_name, action, target, detail, ip, at) VALUES ($1, NULL, '', $2, $3, $4, '', $5)`,
		orgID, closer.AuditRepair, cut(target, 300), cut(detail, 500), r.at)
	return err
}

// mendName returns a one-line name as the domain writes it now: normalised
// (closer.NormalizeName) and on one line (closer.JoinLines, every line
// break of closer.LineBreaks).
func mendName(s string) string {
	return closer.JoinLines(closer.NormalizeName(s))
}

// auditRecordOf returns the record kind the log names a row of table by
// ("opportunity 12") and the column holding its org, or "" for the tables
// of no single org (users, tokens), whose changes are not recorded.
func auditRecordOf(table string) (kind, orgColumn string) {
	switch table {
	case "orgs":
		return "org", "id"
	case "users", "tokens":
		return "", ""
	case "opportunities":
		return "opportunity", "org_id"
	case "activities":
		return "activity", "org_id"
	case "saved_filters":
		return "saved filter", "org_id"
	}
	return strings.TrimSuffix(table, "s"), "org_id"
}

// mendStoredNames writes every value of a one-line column (oneLineColumns,
// but the lists' entries: mendListNames) as mendName does, with its sort key
// (closer.SortKey, which reads names as NormalizeName writes them: a key
// written before may differ). A name that would become empty is left as it
// is, as 0065 leaves it; one that would take the name of another saved
// filter of its user and page gets " (2)" (freeName). Every value is read:
// a name in decomposed form cannot be told in SQL on both databases.
func mendStoredNames(ctx context.Context, r *repairLog) error {
	for _, c := range oneLineColumns {
		if c.table == "list_items" {
			continue
		}
		kind, orgColumn := auditRecordOf(c.table)
		cols := "id, " + c.column + ", " + c.column
		if c.key != "" {
			cols = "id, " + c.column + ", " + c.key
		}
		if orgColumn != "" {
			cols += ", " + orgColumn
		} else {
			cols += ", 0"
		}
		for _, col := range c.unique {
			cols += ", " + col
		}
		type change struct {
			id, org         int64
			old, value, key string
			scope           []any
		}
		changes, err := queryAll(ctx, r.tx, func(row rowScanner) (change, error) {
			ch := change{scope: make([]any, len(c.unique))}
			dest := []any{&ch.id, &ch.old, &ch.key, &ch.org}
			for i := range ch.scope {
				dest = append(dest, &ch.scope[i])
			}
			err := row.Scan(dest...)
			ch.value = ch.old
			if mended := mendName(ch.old); mended != "" || c.optional {
				ch.value = mended
			}
			return ch, err
		}, `SELECT `+cols+` FROM `+c.table+` ORDER BY id`)
		if err != nil {
			return fmt.Errorf("%s.%s: %w", c.table, c.column, err)
		}
		for _, ch := range changes {
			if ch.value == ch.old && (c.key == "" || ch.key == closer.SortKey(ch.old)) {
				continue
			}
			value := ch.value
			if len(c.unique) > 0 && value != ch.old {
				if value, err = freeName(ctx, r.tx, c, ch.id, value, ch.scope); err != nil {
					return err
				}
			}
			set, args := c.column+" = $1", []any{value, ch.id}
			if c.key != "" {
				set, args = c.column+" = $1, "+c.key+" = $3", append(args, closer.SortKey(value))
			}
			if c.table == "opportunities" && value != ch.old {
				set += ", version = version + 1" // as mendExpectedCloses
			}
			if _, err := r.tx.ExecContext(ctx, `UPDATE `+c.table+` SET `+set+` WHERE id = $2`, args...); err != nil {
				return fmt.Errorf("%s %d: %w", c.table, ch.id, err)
			}
			if kind != "" && !closer.SameName(ch.old, value) {
				if err := r.record(ctx, ch.org, auditTarget(kind, ch.id), fmt.Sprintf("%s: %q → %q", c.column, ch.old, value)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// storedListItem is an entry of a list as mendListNames reads it.
type storedListItem struct {
	id, org    int64
	kind, name string
}

// mendListNames writes the name of every entry of the org's lists as
// mendName does, and keeps a list from holding one name twice as names
// compare (closer.SameListName: case aside, however "é" is written): of
// entries of one name, the oldest keeps it and the others get " (2)", " (3)"
// (numberedName), as 0065 does for entries its joined lines made alike.
// Two such entries could not be changed at all (each change was refused:
// "already in the list"), and a name resolved to one of them only.
func mendListNames(ctx context.Context, r *repairLog) error {
	items, err := queryAll(ctx, r.tx, func(row rowScanner) (storedListItem, error) {
		var it storedListItem
		return it, row.Scan(&it.id, &it.org, &it.kind, &it.name)
	}, `SELECT id, org_id, kind, name FROM list_items ORDER BY org_id, kind, id`)
	if err != nil {
		return fmt.Errorf("list_items: %w", err)
	}
	for first := 0; first < len(items); {
		last := first + 1
		for last < len(items) && items[last].org == items[first].org && items[last].kind == items[first].kind {
			last++
		}
		if err := mendList(ctx, r, items[first:last]); err != nil {
			return err
		}
		first = last
	}
	return nil
}

// mendList gives the entries of one list (by id) their mended names, each
// unlike every other's, and writes those that changed.
func mendList(ctx context.Context, r *repairLog, list []storedListItem) error {
	names := make([]string, len(list)) // the names mended, then chosen
	for i, it := range list {
		if names[i] = mendName(it.name); names[i] == "" {
			names[i] = it.name
		}
	}
	// taken reports whether another entry than i holds name: one before i
	// (its name chosen), or one after it (its own name, which it keeps
	// unless an entry before it holds it) when i is given a number.
	taken := func(i int, name string, numbered bool) bool {
		for j := range list {
			if j != i && (j < i || numbered) && closer.SameListName(names[j], name) {
				return true
			}
		}
		return false
	}
	for i := range list {
		if !taken(i, names[i], false) {
			continue
		}
		base := names[i]
		for n := 2; ; n++ {
			if candidate := numberedName(base, n); !taken(i, candidate, true) {
				names[i] = candidate
				break
			}
		}
	}
	for i, it := range list {
		if names[i] == it.name {
			continue
		}
		if _, err := r.tx.ExecContext(ctx, `UPDATE list_items SET name = $1 WHERE id = $2`, names[i], it.id); err != nil {
			return fmt.Errorf("list_items %d: %w", it.id, err)
		}
		if !closer.SameName(it.name, names[i]) {
			if err := r.record(ctx, it.org, auditTarget(closer.ListKind(it.kind).Field(), it.id), fmt.Sprintf("name: %q → %q", it.name, names[i])); err != nil {
				return err
			}
		}
	}
	return nil
}

// numberedName returns name followed by " (n)", the name shortened if need
// be so that the whole holds in the 100 characters of an entry's name
// (closer.ListItem.Validate).
func numberedName(name string, n int) string {
	suffix := " (" + strconv.Itoa(n) + ")"
	for utf8.RuneCountInString(name)+len(suffix) > 100 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	return strings.TrimSpace(name) + suffix
}

// mendExpectedCloses moves an expected close date before the detection
// (which closer.Opportunity.Validate refuses) to the detection date, the
// nearest date the rule accepts: the opportunity was expected to close
// early, and stays so in the forecasts and the late ones, where clearing
// the date would drop it from them without a word. Its version goes up, as
// for any change, so that a copy of it kept by a client is known stale.
func mendExpectedCloses(ctx context.Context, r *repairLog) error {
	type early struct {
		id, org              int64
		expected, detectedOn string
	}
	opps, err := queryAll(ctx, r.tx, func(row rowScanner) (early, error) {
		var e early
		return e, row.Scan(&e.id, &e.org, &e.expected, &e.detectedOn)
	}, `SELECT id, org_id, expected_close_on, detected_on FROM opportunities WHERE expected_close_on < detected_on ORDER BY id`)
	if err != nil {
		return fmt.Errorf("opportunities: %w", err)
	}
	for _, o := range opps {
		if _, err := r.tx.ExecContext(ctx, `UPDATE opportunities SET expected_close_on = detected_on, version = version + 1 WHERE id = $1`, o.id); err != nil {
			return fmt.Errorf("opportunity %d: %w", o.id, err)
		}
		if err := r.record(ctx, o.org, auditTarget("opportunity", o.id),
			fmt.Sprintf("expected_close_on: %s → %s (the detection date)", o.expected, o.detectedOn)); err != nil {
			return err
		}
	}
	return nil
}

// mendQuoteDates makes each quote's status and sent date agree, and the
// date fit its opportunity (closer.Quote.Validate, CheckOpportunity):
//   - a draft with a sent date becomes sent: the date is what someone typed,
//     where the draft was the form's default, and a quote with a date and no
//     status is sent (Validate); the quote stays among those sent that day;
//   - a quote sent, accepted, declined or expired without a sent date was
//     sent the day it was entered (its creation, in the org's time zone), as
//     a status set in the list dates it today (closer.Quote.SetStatus);
//   - a sent date before the opportunity's detection moves to the detection:
//     the quote was there when the opportunity was (SPEC 1: an opportunity
//     exists "before or at the first quote").
func mendQuoteDates(ctx context.Context, r *repairLog) error {
	type stored struct {
		id, org                   int64
		status, timezone, created string
		sentOn                    sql.NullString
		detectedOn                closer.Date
	}
	quotes, err := queryAll(ctx, r.tx, func(row rowScanner) (stored, error) {
		var q stored
		return q, row.Scan(&q.id, &q.org, &q.status, &q.sentOn, &q.created, &q.detectedOn, &q.timezone)
	}, `SELECT q.id, q.org_id, q.status, q.sent_on, q.created_at, o.detected_on, g.timezone
		FROM quotes q JOIN opportunities o ON o.id = q.opportunity_id JOIN orgs g ON g.id = q.org_id
		WHERE (q.status = 'draft' AND q.sent_on IS NOT NULL) OR (q.status <> 'draft' AND q.sent_on IS NULL) OR q.sent_on < o.detected_on
		ORDER BY q.id`)
	if err != nil {
		return fmt.Errorf("quotes: %w", err)
	}
	for _, q := range quotes {
		status := closer.QuoteStatus(q.status)
		var sentOn closer.Date
		if q.sentOn.Valid {
			if sentOn, err = closer.ParseDate(q.sentOn.String); err != nil {
				return fmt.Errorf("quote %d: %w", q.id, err)
			}
		}
		if status == closer.QuoteDraft {
			status = closer.QuoteSent
		} else if sentOn.IsZero() && status.WasSent() {
			o := closer.Org{Timezone: q.timezone}
			sentOn = closer.DateOf(parseTS(q.created), o.Location())
		}
		if !sentOn.IsZero() && sentOn.Before(q.detectedOn) {
			sentOn = q.detectedOn
		}
		var changes []string
		if string(status) != q.status {
			changes = append(changes, fmt.Sprintf("status: %s → %s", q.status, status))
		}
		if before := q.sentOn.String; sentOn.String() != before && !sentOn.IsZero() {
			if before == "" {
				before = "none"
			}
			changes = append(changes, fmt.Sprintf("sent_on: %s → %s", before, sentOn))
		}
		if len(changes) == 0 {
			continue
		}
		if _, err := r.tx.ExecContext(ctx, `UPDATE quotes SET status = $1, sent_on = $2 WHERE id = $3`, string(status), sentOn, q.id); err != nil {
			return fmt.Errorf("quote %d: %w", q.id, err)
		}
		if err := r.record(ctx, q.org, auditTarget("quote", q.id), strings.Join(changes, "; ")); err != nil {
			return err
		}
	}
	return nil
}

// mendOrphanOrders makes direct the orders that older versions left linked
// to an opportunity they deleted (the link cleared, the kind kept): a
// linked order names its opportunity (closer.Order.Validate), so each was
// refused every change, and counted among the linked orders of the
// statistics. Today an opportunity with linked orders cannot be deleted
// until they are deleted or made direct or recurring; direct, sold without
// an opportunity followed, is what is left of them. The orders of each
// month are moved in order_months with them.
func mendOrphanOrders(ctx context.Context, r *repairLog) error {
	type orphan struct {
		org   int64
		order closer.Order
	}
	orders, err := queryAll(ctx, r.tx, func(row rowScanner) (orphan, error) {
		var o orphan
		return o, row.Scan(&o.order.ID, &o.org, nz(&o.order.OwnerID), &o.order.OrderedOn)
	}, `SELECT id, org_id, owner_id, ordered_on FROM orders WHERE kind = 'linked' AND opportunity_id IS NULL ORDER BY org_id, id`)
	if err != nil {
		return fmt.Errorf("orders: %w", err)
	}
	for _, o := range orders {
		if _, err := r.tx.ExecContext(ctx, `UPDATE orders SET kind = 'direct' WHERE id = $1`, o.order.ID); err != nil {
			return fmt.Errorf("order %d: %w", o.order.ID, err)
		}
		before, after := o.order, o.order
		before.Kind, after.Kind = closer.OrderLinked, closer.OrderDirect
		if err := writeOrderMove(ctx, r.tx, o.org, &before, &after); err != nil {
			return fmt.Errorf("order %d: %w", o.order.ID, err)
		}
		if err := r.record(ctx, o.org, auditTarget("order", o.order.ID), "kind: linked → direct (its opportunity was deleted)"); err != nil {
			return err
		}
	}
	return nil
}
