package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"closer"
)

var _ closer.ThresholdService = (*DB)(nil)

// Thresholds returns the org's diagnostics thresholds, the defaults when
// its owner never set any.
func (db *DB) Thresholds(ctx context.Context) (closer.Thresholds, error) {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return closer.Thresholds{}, err
	}
	var th closer.Thresholds
	err = db.db.QueryRowContext(ctx, `SELECT min_sample, factor, points, win_points, revenue_share, price_share,
		no_vanish_sample, history_periods FROM diagnostic_thresholds WHERE org_id = $1`, a.OrgID).
		Scan(&th.MinSample, &th.Factor, &th.Points, &th.WinPoints, &th.RevenueShare, &th.PriceShare, &th.NoVanishSample, &th.HistoryPeriods)
	if errors.Is(err, sql.ErrNoRows) {
		return closer.DefaultThresholds(), nil
	}
	return th, err
}

// SetThresholds replaces the org's thresholds; only its owner may.
func (db *DB) SetThresholds(ctx context.Context, th closer.Thresholds) error {
	a, err := closer.CurrentActor(ctx)
	if err != nil {
		return err
	} else if err := a.CanAdminister(); err != nil {
		return err
	} else if err := th.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO diagnostic_thresholds (org_id, min_sample, factor, points, win_points,
			revenue_share, price_share, no_vanish_sample, history_periods, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
			ON CONFLICT (org_id) DO UPDATE SET min_sample = excluded.min_sample, factor = excluded.factor,
			points = excluded.points, win_points = excluded.win_points, revenue_share = excluded.revenue_share,
			price_share = excluded.price_share, no_vanish_sample = excluded.no_vanish_sample,
			history_periods = excluded.history_periods, updated_at = excluded.updated_at`,
			a.OrgID, th.MinSample, th.Factor, th.Points, th.WinPoints, th.RevenueShare, th.PriceShare,
			th.NoVanishSample, th.HistoryPeriods, ts(db.Now()))
		return err
	})
}
