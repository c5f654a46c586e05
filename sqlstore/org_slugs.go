package sqlstore

import "context"

// OrgSlugs returns the slugs of the first limit organizations of the
// database, in order, and how many there are in all: the command line
// says what a database holds before it adds to it (serve --demo).
func (db *DB) OrgSlugs(ctx context.Context, limit int) ([]string, int, error) {
	var total int
	if err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM orgs`).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := db.db.QueryContext(ctx, `SELECT slug FROM orgs ORDER BY slug LIMIT $1`, limit)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var slugs []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, 0, err
		}
		slugs = append(slugs, s)
	}
	return slugs, total, rows.Err()
}
