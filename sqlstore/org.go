package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"closer"
)

var _ closer.OrgService = (*DB)(nil)

const orgColumns = `o.id, o.slug, o.name, o.currency, o.timezone, o.created_at`

func scanOrg(row interface{ Scan(...any) error }, extra ...any) (*closer.Org, error) {
	var o closer.Org
	err := row.Scan(append([]any{&o.ID, &o.Slug, &o.Name, &o.Currency, &o.Timezone, tsc(&o.Created)}, extra...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, closer.Errorf(closer.ENOTFOUND, "Organization not found.")
	}
	return &o, err
}

// CreateOrg creates an org and its default lists. Only the system (the
// command line) or a signed-in user creates orgs; a user becomes its owner.
func (db *DB) CreateOrg(ctx context.Context, org *closer.Org, lang string) error {
	if err := org.Validate(); err != nil {
		return err
	}
	org.Created = db.Now()
	return db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO orgs (slug, name, currency, timezone, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			org.Slug, org.Name, org.Currency, org.Timezone, ts(org.Created)).Scan(&org.ID)
		if err != nil {
			if closer.ErrorCode(translate(err)) == closer.ECONFLICT {
				return &closer.Error{Code: closer.ECONFLICT, Field: "slug", Message: "An organization with the slug " + org.Slug + " already exists."}
			}
			return err
		}
		for _, k := range closer.ListKinds {
			for _, it := range closer.DefaultLists(lang)[k] {
				if _, err := tx.ExecContext(ctx, `INSERT INTO list_items (org_id, kind, name, position, retired, price) VALUES ($1, $2, $3, $4, FALSE, $5)`,
					org.ID, string(k), it.Name, it.Position, it.Price); err != nil {
					return err
				}
			}
		}
		if a, ok := closer.ActorFromContext(ctx); ok && a.UserID != 0 {
			_, err = tx.ExecContext(ctx, `INSERT INTO memberships (org_id, user_id, role, active, created_at) VALUES ($1, $2, 'owner', TRUE, $3)`, org.ID, a.UserID, ts(db.Now()))
		}
		return err
	})
}

// FindOrgBySlug returns an org by its slug.
func (db *DB) FindOrgBySlug(ctx context.Context, slug string) (*closer.Org, error) {
	return scanOrg(db.db.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM orgs o WHERE o.slug = $1`, slug))
}

// findOrg returns an org by id.
func findOrg(ctx context.Context, q querier, id int64) (*closer.Org, error) {
	return scanOrg(q.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM orgs o WHERE o.id = $1`, id))
}

// OrgsOf lists the orgs a user is an active member of, by name.
func (db *DB) OrgsOf(ctx context.Context, userID int64) ([]*closer.Org, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+orgColumns+`, m.role FROM orgs o JOIN memberships m ON m.org_id = o.id
		WHERE m.user_id = $1 AND m.active ORDER BY o.id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*closer.Org
	for rows.Next() {
		var role string
		o, err := scanOrg(rows, &role)
		if err != nil {
			return nil, err
		}
		o.Role = closer.Role(role)
		out = append(out, o)
	}
	slices.SortStableFunc(out, func(a, b *closer.Org) int { return closer.CompareNames(a.Name, b.Name) })
	return out, rows.Err()
}

// Actor returns who userID is in the org of slug. A user who is not an
// active member gets ENOTFOUND, exactly as for an unknown slug.
func (db *DB) Actor(ctx context.Context, userID int64, slug string) (closer.Actor, *closer.Org, error) {
	var role, name string
	o, err := scanOrg(db.db.QueryRowContext(ctx, `SELECT `+orgColumns+`, m.role, u.name FROM orgs o
		JOIN memberships m ON m.org_id = o.id AND m.user_id = $1 AND m.active
		JOIN users u ON u.id = m.user_id WHERE o.slug = $2`, userID, slug), &role, &name)
	if err != nil {
		return closer.Actor{}, nil, err
	}
	o.Role = closer.Role(role)
	return closer.Actor{UserID: userID, Name: name, OrgID: o.ID, Role: o.Role}, o, nil
}

// CreateUser creates a user; an empty password leaves them unable to sign in
// until one is set (members created by an import, invited people).
func (db *DB) CreateUser(ctx context.Context, u *closer.User, password string) error {
	email, err := closer.NormalizeEmail(u.Email)
	if err != nil {
		return err
	}
	u.Email = email
	u.Name = closer.NormalizeName(u.Name)
	if u.Name == "" {
		u.Name = strings.SplitN(email, "@", 2)[0]
	}
	if err := closer.CheckLine("name", u.Name, 200); err != nil {
		return err
	}
	if u.Lang != "" && u.Lang != "fr" && u.Lang != "en" {
		return closer.FieldError("lang", "Language must be fr or en.")
	}
	hash := ""
	if password != "" {
		if hash, err = hashPassword(password); err != nil {
			return err
		}
	}
	u.Created = db.Now()
	u.HasLogin = hash != ""
	return db.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, lang, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			u.Email, u.Name, hash, u.Lang, ts(u.Created)).Scan(&u.ID)
		if closer.ErrorCode(translate(err)) == closer.ECONFLICT {
			return &closer.Error{Code: closer.ECONFLICT, Field: "email", Message: "A user with the e-mail " + u.Email + " already exists."}
		}
		return err
	})
}

const userColumns = `u.id, u.email, u.name, u.lang, u.created_at, u.password_hash`

func scanUser(row interface{ Scan(...any) error }) (*closer.User, string, error) {
	var u closer.User
	var hash string
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Lang, tsc(&u.Created), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", closer.Errorf(closer.ENOTFOUND, "User not found.")
	}
	u.HasLogin = hash != ""
	return &u, hash, err
}

// FindUserByEmail returns a user by e-mail address.
func (db *DB) FindUserByEmail(ctx context.Context, email string) (*closer.User, error) {
	u, _, err := scanUser(db.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.email = $1`, strings.ToLower(strings.TrimSpace(email))))
	return u, err
}
