package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"closer"
)

var _ closer.BulkService = (*DB)(nil)

// Bulk runs fn over a closer.Bulk that writes many records of the actor's
// org in ONE transaction: fn's error rolls everything back.
//
// A dry run writes nothing at all: its records are checked and given ids
// as a real run's, and never written (see bulk.dry). On SQLite its
// transaction is therefore a plain (deferred) one that only reads, on a
// snapshot of the database, instead of the immediate transaction that
// holds the write lock from its start: a dry run of a large file, which
// takes as long as the import itself, no longer holds up everyone else's
// saves for its duration.
//
// Who may: importing and generating are team-wide changes, so the actor must
// be an owner or a manager (CanManage). The command line acts in a system
// context (closer.IsSystem) with an Actor that only names the org; the role
// is then not checked.
//
// How: the transaction runs on one dedicated connection. Records get their
// ids as they are added (SQLite: counted up from the largest id the table
// ever gave, read once inside the immediate write transaction; PostgreSQL: reserved in blocks from the
// tables' identity sequences, so concurrent inserts never collide) and are
// buffered; when a buffer is full, every buffer is written in dependency
// order (parents before children), as multi-row INSERTs prepared once per
// batch size on SQLite and as COPY on PostgreSQL, through the pgx connection
// under the same database/sql transaction (same session, same transaction,
// so all-or-nothing holds). On SQLite the connection runs the bulk without
// foreign key enforcement (see sqliteBulkConn): the bulk checks references;
// and the buffers are written on a goroutine of their own while fn fills the
// next ones (see flush). A failed write ends the bulk: every later call
// returns its error.
func (db *DB) Bulk(ctx context.Context, dryRun bool, fn func(b closer.Bulk) error) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	}
	if !closer.IsSystem(ctx) {
		if err := a.CanManage(); err != nil {
			return err
		}
	}
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("bulk: connect: %w", err)
	}
	defer conn.Close()
	if db.dialect == sqlite {
		restore, err := sqliteBulkConn(ctx, conn)
		if err != nil {
			return fmt.Errorf("bulk: %w", err)
		}
		defer restore()
	}
	var opts *sql.TxOptions
	if dryRun && db.dialect == sqlite { // BEGIN DEFERRED: the driver's _txlock is for writes
		opts = &sql.TxOptions{ReadOnly: true}
	}
	tx, err := conn.BeginTx(ctx, opts)
	if err != nil {
		return translate(fmt.Errorf("bulk: begin: %w", err))
	}
	defer tx.Rollback()
	if err := lockImports(ctx, tx, db.dialect, a.OrgID); err != nil {
		return translate(fmt.Errorf("bulk: lock: %w", err))
	}

	var w bulkWriter
	if db.dialect == postgres {
		if w, err = newPostgresWriter(ctx, conn, tx); err != nil {
			return fmt.Errorf("bulk: %w", err)
		}
	} else {
		w = newSQLiteWriter(ctx, tx)
	}
	defer w.close()
	b, err := newBulk(ctx, tx, w, db.dialect, a.OrgID, db.Now())
	if err != nil {
		return translate(err)
	}
	b.dry = dryRun
	defer b.wait() // before the rollback and w.close: no write left in flight
	if err := fn(b); err != nil {
		return err
	}
	if err := b.flush(); err != nil {
		return translate(err)
	}
	if err := b.wait(); err != nil {
		return translate(err)
	}
	if dryRun {
		return nil
	}
	// In the key order of every other write of the counts (summary_writes.go):
	// on PostgreSQL a bulk beside lifecycle actions then never deadlocks.
	keys := slices.SortedFunc(maps.Keys(b.counts), func(x, y countKey) int {
		return cmp.Or(cmp.Compare(x.status, y.status), cmp.Compare(x.owner, y.owner))
	})
	for _, k := range keys {
		if err := adjustCount(ctx, tx, a.OrgID, k.status, k.owner, b.counts[k]); err != nil {
			return translate(err)
		}
	}
	if err := w.finish(); err != nil {
		return translate(fmt.Errorf("bulk: %w", err))
	}
	// After finish: on SQLite a rebuild reads the indexes finish restored.
	if err := bulkSummaries(ctx, tx, db.dialect, a.OrgID, b.summaries); err != nil {
		return translate(fmt.Errorf("bulk: summaries: %w", err))
	}
	if !b.lastEvent.IsZero() {
		if err := movePulse(ctx, tx, a.OrgID, b.lastEvent); err != nil {
			return translate(fmt.Errorf("bulk: pulse: %w", err))
		}
	}
	if err := tx.Commit(); err != nil {
		return translate(fmt.Errorf("bulk: commit: %w", err))
	}
	// A bulk changes the tables' sizes enough to mislead the query planner.
	return db.refreshStatistics(ctx)
}

// orgImports is the first key of the advisory lock of an org's bulks
// (lockImports), the org's id the second.
const orgImports = 727275

// lockImports makes the bulks of one org run one after the other on
// PostgreSQL: a transaction-scoped advisory lock of the org, taken by the
// bulk's first statement, before it reads anything (the org, its lists,
// members and accounts: newBulk). Of two imports of one file at the same
// moment (uploaded twice, sent twice to the API, run by two servers or the
// command line beside a server), the second waits for the first to commit,
// then reads the accounts, owners, stages and opportunities the first
// created, and finds them again instead of creating them a second time.
// Taken later (once the rows' accounts were resolved), it let both imports
// create every new account, and so every opportunity, twice. The waiting
// bulk holds no lock yet, so it can hold up nothing the first one needs.
//
// Dry runs take it too: one that waits reports what the import would do
// once the running one is done. Only bulks wait on it; the team's saves go
// on. SQLite needs none: a bulk's transaction is immediate (BEGIN
// IMMEDIATE), so bulks already run one at a time, and a dry run reads a
// snapshot that an import running beside it cannot change.
func lockImports(ctx context.Context, tx *sql.Tx, d dialect, orgID int64) error {
	if d != postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1, ($2::bigint % 2147483647)::int)`, orgImports, orgID)
	return err
}

// bulkWriter is what differs between SQLite and PostgreSQL: how ids are
// reserved and how buffered rows are written.
type bulkWriter interface {
	// nextID returns a fresh id of table.
	nextID(table string) (int64, error)
	// write writes every buffered row of t; the caller then empties t.
	write(t *bulkTable) error
	// batchRows is how many rows of t are buffered before writing.
	batchRows(t *bulkTable) int
	// background reports whether write may run on another goroutine while
	// the bulk reads, adds ids and buffers the next rows.
	background() bool
	// finish completes what the writes left to do, before commit.
	finish() error
	close()
}

// The tables a bulk writes, in dependency order: a table only refers to
// tables before it, so writing them in this order satisfies foreign keys.
const (
	tAccounts = iota
	tContacts
	tOpportunities
	tEvents
	tQuotes
	tOrders
	tActivities
	tTargets
	nTables
)

var bulkColumns = [nTables]struct {
	name string
	cols string
}{
	tAccounts:      {"accounts", "id, org_id, name, name_key, owner_id, city, phone, website, note, created_at"},
	tContacts:      {"contacts", "id, org_id, account_id, owner_id, name, name_key, email, phone, job_title, created_at"},
	tOpportunities: {"opportunities", "id, org_id, title, title_key, owner_id, account_id, contact_id, source_id, stage_id, furthest_stage_id, status, amount, detected_on, expected_close_on, next_action_on, next_action, hold_reason, held_on, review_on, closed_on, loss_reason_id, competitor_id, competitor_unknown, vanish_reason_id, note, version, created_at, updated_at"},
	tEvents:        {"events", "id, org_id, opportunity_id, at, user_id, kind, from_value, to_value"},
	tQuotes:        {"quotes", "id, org_id, opportunity_id, number, amount, sent_on, status, created_at"},
	tOrders:        {"orders", "id, org_id, account_id, opportunity_id, owner_id, kind, reference, amount, ordered_on, created_at"},
	tActivities:    {"activities", "id, org_id, kind, owner_id, subject, due_on, done_on, opportunity_id, account_id, note, created_at"},
	tTargets:       {"targets", "id, org_id, user_id, period, starts_on, amount"},
}

// bulkTable buffers the rows of one table, flat: row i is
// vals[i*len(cols) : (i+1)*len(cols)].
type bulkTable struct {
	name  string
	cols  []string
	vals  []any
	limit int
}

func (t *bulkTable) rows() int { return len(t.vals) / len(t.cols) }

// bulk implements closer.Bulk for one org inside one transaction.
type bulk struct {
	ctx   context.Context
	tx    *sql.Tx
	w     bulkWriter
	org   *closer.Org
	loc   *time.Location
	now   time.Time
	nowTS string
	lists *closer.Lists

	// dialect tells whether the opportunities linked to need a lock (held).
	dialect dialect
	// dry is set for a dry run: the rows buffered are dropped instead of
	// written, and AddUser and AddListItem check and count what they would
	// add without adding it (dryUser, dryListItem). What a real run checks
	// in Go, a dry run checks the same; only the database's own constraints,
	// which the checks are there to keep from ever firing, are not tried.
	dry bool

	members    []closer.Member
	isMember   map[int64]bool
	consultant map[int64]bool
	accounts   map[string]int64 // account name → id (the first one of that name)
	// folded holds the accounts by name (closer.NameKey), the oldest first.
	folded map[string][]closer.AccountRef
	// oppTitles holds the org's opportunities by lower-case title, read
	// when an import's order first names one (Opportunity).
	oppTitles map[string][]closer.OpportunityRef
	// held holds the opportunities that Opportunity found and locked (on
	// PostgreSQL), as they were once locked: they stay so until the end.
	held map[int64]closer.OpportunityRef
	// orderRefs holds the references of the org's orders (OrderExists).
	orderRefs map[string]bool
	// quoteKeys and activityKeys hold the org's quotes and activities as
	// an import finds them again (QuoteExists, ActivityExists), once read.
	quoteKeys    map[quoteKey]bool
	activityKeys map[activityKey]bool
	// contactEmails holds the org's contacts by e-mail (ContactByEmail),
	// once read; addedEmails those the bulk adds before.
	contactEmails, addedEmails map[string][]emailContact
	// known holds, per table, ids known to belong to the org: added by this
	// bulk, or checked once in the database.
	known [nTables]map[int64]bool
	// tables are the buffers being filled; spare the other set, written
	// (empty) or being written (see flush).
	tables, spare [nTables]*bulkTable
	// writing receives the result of the write in flight, if any.
	writing chan error
	// counts holds how many opportunities the bulk adds per status and
	// owner, added to the kept counts before commit.
	counts map[countKey]int
	// summaries holds what the bulk adds per row of each summary table,
	// written (or the org's rows rebuilt) before commit: bulkSummaries.
	summaries summaryDeltas
	// lastEvent is the latest instant of the bulk's events: the org's
	// pulse, moved before commit.
	lastEvent time.Time
	// err is the first failed write. On SQLite its INSERT OR ROLLBACK may
	// have ended the transaction, so that later statements would run, and
	// commit, on their own: nothing more is written once it is set, and
	// every statement the bulk runs itself waits for the write in flight.
	err error
}

type countKey struct {
	status closer.Status
	owner  int64
}

// newBulk loads the org, its lists, members and account names once.
func newBulk(ctx context.Context, tx *sql.Tx, w bulkWriter, dl dialect, orgID int64, now time.Time) (*bulk, error) {
	org, err := findOrg(ctx, tx, orgID)
	if err != nil {
		return nil, err
	}
	lists, err := loadLists(ctx, tx, orgID)
	if err != nil {
		return nil, err
	}
	ms, err := members(ctx, tx, orgID)
	if err != nil {
		return nil, err
	}
	b := &bulk{ctx: ctx, tx: tx, w: w, dialect: dl, org: org, loc: org.Location(), now: now, nowTS: ts(now), lists: lists,
		members: ms, isMember: map[int64]bool{}, consultant: map[int64]bool{}, accounts: map[string]int64{}, folded: map[string][]closer.AccountRef{}}
	for _, m := range ms {
		b.isMember[m.UserID] = true
		b.consultant[m.UserID] = m.Role == closer.RoleConsultant
	}
	for i := range b.known {
		b.known[i] = map[int64]bool{}
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, name, city, phone FROM accounts WHERE org_id = $1 ORDER BY id`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var a closer.AccountRef
		if err := rows.Scan(&a.ID, &a.Name, &a.City, &a.Phone); err != nil {
			return nil, err
		}
		if dl != postgres { // there, referring to it locks it first (inOrg)
			b.known[tAccounts][a.ID] = true
		}
		b.nameAccount(a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, c := range bulkColumns {
		for _, set := range []*[nTables]*bulkTable{&b.tables, &b.spare} {
			t := &bulkTable{name: c.name, cols: strings.Split(c.cols, ", ")}
			t.limit = w.batchRows(t)
			t.vals = make([]any, 0, t.limit*len(t.cols))
			set[i] = t
		}
	}
	return b, nil
}

// add buffers one row of table i; a full buffer writes every buffer.
func (b *bulk) add(i int, vals ...any) error {
	if b.err != nil {
		return b.err
	}
	t := b.tables[i]
	t.vals = append(t.vals, vals...)
	if t.rows() >= t.limit {
		return b.flush()
	}
	return nil
}

// flush hands every buffered row to the writer. When the writer allows it
// (SQLite), the rows are written on another goroutine while the caller
// fills the other set of buffers: what generates or reads the next rows
// runs beside the database's work, on the machine's other core. At most one
// write is in flight, and writes keep their order (parents first); the next
// flush, or wait, collects its error.
func (b *bulk) flush() error {
	if err := b.wait(); err != nil {
		return err
	}
	full := b.tables
	b.tables, b.spare = b.spare, full
	if !b.w.background() {
		b.err = b.writeAll(full)
		return b.err
	}
	done := make(chan error, 1)
	b.writing = done
	go func() { done <- b.writeAll(full) }()
	return nil
}

// wait waits for the write in flight, if any, and returns the bulk's
// first failed write.
func (b *bulk) wait() error {
	if b.writing != nil {
		if err := <-b.writing; err != nil && b.err == nil {
			b.err = err
		}
		b.writing = nil
	}
	return b.err
}

// writeAll writes every buffer of tables, parents first, and empties them.
func (b *bulk) writeAll(tables [nTables]*bulkTable) error {
	for _, t := range tables {
		if len(t.vals) == 0 {
			continue
		}
		if b.dry {
			// dropped
		} else if err := b.w.write(t); err != nil {
			return translate(fmt.Errorf("bulk: write %s: %w", t.name, err))
		}
		clear(t.vals)
		t.vals = t.vals[:0]
	}
	return nil
}

// newID returns a fresh id of table i and remembers it as the org's.
func (b *bulk) newID(i int) (int64, error) {
	id, err := b.w.nextID(b.tables[i].name)
	if err != nil {
		return 0, err
	}
	b.known[i][id] = true
	return id, nil
}

// inOrg checks that id (0: none) is a record of table i of the org, once.
//
// On PostgreSQL a record the bulk did not add is also locked, as a foreign
// key check locks it (FOR KEY SHARE), until the bulk ends: the bulk may run
// without those checks (newPostgresWriter), and an account, contact or
// opportunity deleted by another transaction meanwhile (whose own checks
// cannot see the bulk's uncommitted rows) would leave the bulk's rows
// referring to nothing. The deletion now waits for the bulk, then meets its
// rows. SQLite's bulk needs no lock: it holds the write lock (see hold).
func (b *bulk) inOrg(i int, id int64, field string) error {
	if id == 0 || b.known[i][id] {
		return nil
	}
	if b.dialect != postgres {
		if err := inOrg(b.ctx, b.tx, b.tables[i].name, b.org.ID, id, field); err != nil {
			return err
		}
	} else {
		var one int
		err := b.tx.QueryRowContext(b.ctx, `SELECT 1 FROM `+b.tables[i].name+` WHERE org_id = $1 AND id = $2`+b.dialect.shareKeys(), b.org.ID, id).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return &closer.Error{Code: closer.EINVALID, Field: field, Message: fmt.Sprintf("No %s with id %d in this organization.", strings.ReplaceAll(field, "_", " "), id)}
		} else if err != nil {
			return err
		}
	}
	b.known[i][id] = true
	return nil
}

// member checks that userID (0: none, when allowed) is a member of the org.
func (b *bulk) member(userID int64, field string, required bool) error {
	if userID == 0 && !required || b.isMember[userID] {
		return nil
	}
	return &closer.Error{Code: closer.EINVALID, Field: field, Message: fmt.Sprintf("User %d is not a member of this organization.", userID)}
}

// nameAccount notes the account id of that name, unless one has it already.
func (b *bulk) nameAccount(a closer.AccountRef) {
	name := closer.NormalizeName(a.Name)
	if _, ok := b.accounts[name]; !ok {
		b.accounts[name] = a.ID
	}
	key := strings.ToLower(name) // closer.NameKey
	b.folded[key] = append(b.folded[key], a)
}

// owner checks that userID (0: none, when allowed) may own the bulk's
// records: a member who is not a consultant (who changes nothing, so could
// not work them). A member who left may: a bulk writes history too.
func (b *bulk) owner(userID int64, required bool) error {
	if err := b.member(userID, "owner", required); err != nil {
		return err
	} else if b.consultant[userID] {
		return closer.FieldError("owner", "User %d is a consultant, who changes nothing: choose a salesperson, a manager or an owner.", userID)
	}
	return nil
}

// listItem checks that id (0: none) is an entry of the org's list k.
func (b *bulk) listItem(k closer.ListKind, id int64) error {
	if id == 0 {
		return nil
	}
	if _, ok := b.lists.Get(k, id); !ok {
		return &closer.Error{Code: closer.EINVALID, Field: k.Field(), Message: fmt.Sprintf("No entry %d in the org's list of %s.", id, k)}
	}
	return nil
}

// at returns the instant of day d at hour h in the org's time zone, or now
// when that is later: a record of today, written before that hour, has no
// event in the future.
func (b *bulk) at(d closer.Date, h int) time.Time {
	t := time.Date(d.Year(), d.Month(), d.Day(), h, 0, 0, 0, b.loc)
	if t.After(b.now) {
		return b.now
	}
	return t
}

// dateArg stores a date as YYYY-MM-DD text, or NULL.
func dateArg(d closer.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}
