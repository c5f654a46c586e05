package sqlstore_test

import (
	"context"
	"slices"
	"testing"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

func TestOrgSlugs(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		if slugs, total, err := db.OrgSlugs(ctx, 2); err != nil || len(slugs) != 0 || total != 0 {
			t.Fatalf("empty database: %v %d %v", slugs, total, err)
		}
		sys := closer.NewSystemContext(ctx)
		for _, name := range []string{"Gamma", "Alpha", "Beta"} {
			if err := db.CreateOrg(sys, &closer.Org{Name: name}, "en"); err != nil {
				t.Fatal(err)
			}
		}
		slugs, total, err := db.OrgSlugs(ctx, 2)
		if err != nil || !slices.Equal(slugs, []string{"alpha", "beta"}) || total != 3 {
			t.Fatalf("OrgSlugs: %v %d %v", slugs, total, err)
		}
	})
}
