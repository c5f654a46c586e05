package closer

import "context"

// Each org may tune the diagnostics' Thresholds (SPEC section 3): its owner
// sets them, and every diagnosis of the org (the dashboard, the API) uses
// them. An org that never set any uses DefaultThresholds.

// The bounds of each threshold, wide enough for any team, narrow enough
// that a typo (a factor of 150, a share of 90 instead of 0.9) is refused.
const (
	MaxThresholdSample  = 10000
	MaxThresholdFactor  = 10.0
	MaxThresholdPeriods = 12
)

// Validate checks every threshold and names the first field out of bounds.
func (th Thresholds) Validate() error {
	switch {
	case th.MinSample < 1 || th.MinSample > MaxThresholdSample:
		return FieldError("min_sample", "The minimum sample must be between 1 and %d closures.", MaxThresholdSample)
	case th.Factor < 1 || th.Factor > MaxThresholdFactor:
		return FieldError("factor", "The factor must be between 1 and %g.", MaxThresholdFactor)
	case th.Points <= 0 || th.Points > 100:
		return FieldError("points", "The points must be more than 0 and at most 100.")
	case th.WinPoints <= 0 || th.WinPoints > 100:
		return FieldError("win_points", "The points must be more than 0 and at most 100.")
	case th.RevenueShare <= 0 || th.RevenueShare > 1:
		return FieldError("revenue_share", "The share must be more than 0 and at most 100 %%.")
	case th.PriceShare <= 0 || th.PriceShare > 1:
		return FieldError("price_share", "The share must be more than 0 and at most 100 %%.")
	case th.NoVanishSample < 1 || th.NoVanishSample > MaxThresholdSample:
		return FieldError("no_vanish_sample", "The sample must be between 1 and %d closures.", MaxThresholdSample)
	case th.HistoryPeriods < 1 || th.HistoryPeriods > MaxThresholdPeriods:
		return FieldError("history_periods", "The history must cover between 1 and %d periods.", MaxThresholdPeriods)
	}
	return nil
}

// ThresholdService keeps the diagnostics thresholds of the actor's org.
type ThresholdService interface {
	// Thresholds returns the org's thresholds, DefaultThresholds when its
	// owner never set any.
	Thresholds(ctx context.Context) (Thresholds, error)
	// SetThresholds replaces the org's thresholds: owners only (EFORBIDDEN
	// otherwise), each value checked by Validate.
	SetThresholds(ctx context.Context, th Thresholds) error
}
