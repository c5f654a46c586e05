package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"closer"
)

var _ closer.NoteService = (*DB)(nil)

// noteColumns are read by scanNote, in its order.
const noteColumns = `n.id, n.period, n.starts_on, n.body, n.author_id, au.name, n.editor_id, ed.name,
	n.version, n.created_at, n.updated_at`

// noteFrom joins a note to the names of its author and last editor.
const noteFrom = ` FROM consultant_notes n JOIN users au ON au.id = n.author_id JOIN users ed ON ed.id = n.editor_id`

func scanNote(r rowScanner) (*closer.ConsultantNote, error) {
	var n closer.ConsultantNote
	var period string
	err := r.Scan(&n.ID, &period, &n.StartsOn, &n.Body, &n.AuthorID, &n.AuthorName, &n.EditorID, &n.EditorName,
		&n.Version, tsc(&n.Created), tsc(&n.Updated))
	n.Period = closer.PeriodKind(period)
	return &n, err
}

// FindNotes lists the org's notes whose period starts within the filter's
// dates, newest period first (then the latest written first).
func (db *DB) FindNotes(ctx context.Context, f closer.NoteFilter) ([]*closer.ConsultantNote, int, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, 0, err
	}
	var w where
	w.add("n.org_id = ?", a.OrgID)
	if !f.From.IsZero() {
		w.add("n.starts_on >= ?", f.From)
	}
	if !f.To.IsZero() {
		w.add("n.starts_on <= ?", f.To)
	}
	total, err := count(ctx, db.db, `SELECT COUNT(*) FROM consultant_notes n`+w.String(), w.args...)
	if err != nil {
		return nil, 0, err
	}
	p := f.Page.Normalize()
	q := `SELECT ` + noteColumns + noteFrom + w.String() + ` ORDER BY n.starts_on DESC, n.id DESC LIMIT ` + w.arg(p.Limit) + ` OFFSET ` + w.arg(p.Offset)
	notes, err := queryAll(ctx, db.db, scanNote, q, w.args...)
	return notes, total, err
}

// FindNote returns a note of the actor's org.
func (db *DB) FindNote(ctx context.Context, id int64) (*closer.ConsultantNote, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	return findNote(ctx, db.db, a.OrgID, id)
}

func findNote(ctx context.Context, q querier, orgID, id int64) (*closer.ConsultantNote, error) {
	n, err := scanNote(q.QueryRowContext(ctx, `SELECT `+noteColumns+noteFrom+` WHERE n.org_id = $1 AND n.id = $2`, orgID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, closer.Errorf(closer.ENOTFOUND, "Note not found.")
	}
	return n, err
}

// CreateNote stores a new note by the actor, as its version 1.
func (db *DB) CreateNote(ctx context.Context, n *closer.ConsultantNote) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	} else if err := a.CanWriteNotes(); err != nil {
		return err
	} else if err := n.Validate(); err != nil {
		return err
	}
	now := db.Now()
	return db.write(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO consultant_notes (org_id, period, starts_on, body, author_id, editor_id, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5, 1, $6, $6) RETURNING id`,
			a.OrgID, string(n.Period), n.StartsOn, n.Body, a.UserID, ts(now)).Scan(&id)
		if err != nil {
			return err
		}
		if err := addNoteVersion(ctx, tx, a.OrgID, id, 1, n.Body, a.UserID, ts(now)); err != nil {
			return err
		}
		stored, err := findNote(ctx, tx, a.OrgID, id)
		if err != nil {
			return err
		}
		*n = *stored
		return nil
	})
}

// UpdateNote writes a new version of a note's body; the earlier versions
// stay in consultant_note_versions.
func (db *DB) UpdateNote(ctx context.Context, id int64, version int, body string) (*closer.ConsultantNote, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	var out *closer.ConsultantNote
	err = db.write(ctx, func(tx *sql.Tx) error {
		n, err := findNote(ctx, tx, a.OrgID, id)
		if err != nil {
			return err
		} else if err := a.CanEditNote(n.AuthorID); err != nil {
			return err
		} else if err := closer.ValidateNoteBody(body); err != nil {
			return err
		} else if version != 0 && version != n.Version {
			return staleNote(version, n.Version)
		}
		now := ts(db.Now())
		res, err := tx.ExecContext(ctx, `UPDATE consultant_notes SET body = $1, editor_id = $2, version = version + 1, updated_at = $3
			WHERE org_id = $4 AND id = $5 AND version = $6`, body, a.UserID, now, a.OrgID, id, n.Version)
		if err != nil {
			return err
		}
		if k, err := res.RowsAffected(); err != nil {
			return err
		} else if k == 0 {
			return staleNote(version, n.Version+1)
		}
		if err := addNoteVersion(ctx, tx, a.OrgID, id, n.Version+1, body, a.UserID, now); err != nil {
			return err
		}
		out, err = findNote(ctx, tx, a.OrgID, id)
		return err
	})
	return out, err
}

// staleNote is the conflict of an edit made on an older version.
func staleNote(yours, now int) error {
	return closer.Errorf(closer.ECONFLICT, "Someone changed this note since you opened it (your version %d, now %d). Reload to see their change.", yours, now)
}

func addNoteVersion(ctx context.Context, tx *sql.Tx, orgID, noteID int64, version int, body string, editorID int64, at string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO consultant_note_versions (org_id, note_id, version, body, editor_id, at)
		VALUES ($1, $2, $3, $4, $5, $6)`, orgID, noteID, version, body, editorID, at)
	return err
}

// NoteHistory lists every version of a note of the actor's org, newest first.
func (db *DB) NoteHistory(ctx context.Context, id int64) ([]closer.NoteVersion, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := findNote(ctx, db.db, a.OrgID, id); err != nil {
		return nil, err
	}
	return queryAll(ctx, db.db, func(r rowScanner) (closer.NoteVersion, error) {
		var v closer.NoteVersion
		err := r.Scan(&v.Version, &v.Body, &v.EditorID, &v.EditorName, tsc(&v.At))
		return v, err
	}, `SELECT v.version, v.body, v.editor_id, u.name, v.at FROM consultant_note_versions v JOIN users u ON u.id = v.editor_id
		WHERE v.org_id = $1 AND v.note_id = $2 ORDER BY v.version DESC`, a.OrgID, id)
}
