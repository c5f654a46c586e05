package sqlstore

import (
	"context"
	"database/sql"

	"closer"
)

// orgRecordNames is the first key of the advisory lock of an org's
// accounts and contacts taken by name (lockRecordNames), the org's id the
// second. orgListNames and the keys after it are the lists'.
const orgRecordNames = 727300

// lockRecordNames makes the writes that find an account or a contact by
// name and create it when there is none (AccountNamed, ContactNamed) run
// one after the other in an org on PostgreSQL: under READ COMMITTED, two
// forms naming one new account at the same moment both read no account of
// that name, and both created one. The second now waits for the first to
// commit, then finds its account. A lock rather than a unique index: an
// org may hold homonymous accounts (two shops of one chain, in two towns)
// and contacts, made on purpose. SQLite needs none: its write
// transactions run one at a time.
func lockRecordNames(ctx context.Context, tx *sql.Tx, d dialect, orgID int64) error {
	if d != postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1, ($2::bigint % 2147483647)::int)`, orgRecordNames, orgID)
	return err
}

// accountNamed returns the org's first account named name (closer.SameName),
// or nil, once the org's names are locked.
func accountNamed(ctx context.Context, tx *sql.Tx, d dialect, orgID int64, name string) (*closer.Account, error) {
	if err := lockRecordNames(ctx, tx, d, orgID); err != nil {
		return nil, err
	}
	accs, err := queryAll(ctx, tx, scanAccount, `SELECT `+accountColumns+` FROM accounts WHERE org_id = $1 AND name_key = $2 ORDER BY id`,
		orgID, closer.SortKey(closer.NormalizeName(name)))
	if err != nil {
		return nil, err
	}
	for _, a := range accs {
		if closer.SameName(a.Name, name) {
			return a, nil
		}
	}
	return nil, nil
}

// contactNamed returns the org's first contact named name (closer.SameName)
// at accountID, or at any account when it is 0, or nil, once the org's
// names are locked.
func contactNamed(ctx context.Context, tx *sql.Tx, d dialect, orgID, accountID int64, name string) (*closer.Contact, error) {
	if err := lockRecordNames(ctx, tx, d, orgID); err != nil {
		return nil, err
	}
	q, args := `SELECT `+contactColumns+` FROM contacts WHERE org_id = $1 AND name_key = $2 ORDER BY id`, []any{orgID, closer.SortKey(closer.NormalizeName(name))}
	if accountID != 0 {
		q, args = `SELECT `+contactColumns+` FROM contacts WHERE org_id = $1 AND name_key = $2 AND account_id = $3 ORDER BY id`, append(args, accountID)
	}
	cs, err := queryAll(ctx, tx, scanContact, q, args...)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if closer.SameName(c.Name, name) {
			return c, nil
		}
	}
	return nil, nil
}
