package closer

import (
	"slices"
	"testing"
)

// TestDiagnoseThresholdsInclusive: a figure exactly at a documented
// threshold ("at least Factor times and Points above", "below RevenueShare
// of the target", "price dominates from PriceShare") is judged as the
// words say, whatever float64 makes of it. Before atLeast, 3 lost of 10
// against 2 of 10 (exactly 1.5 times, 10 points above) drew no finding,
// since 0.3 < 1.5 × 0.2 in float64; nor did a win rate of 7 of 10 against
// 6 of 10 with 10 win points ((0.7 − 0.6) × 100 < 10). One step past each
// threshold, on the other side, draws the opposite.
func TestDiagnoseThresholdsInclusive(t *testing.T) {
	// Thresholds are read at run time, as an org's are, so that Go's exact
	// constant arithmetic does not hide float64's.
	th := func(change func(*Thresholds)) Thresholds {
		t := DefaultThresholds()
		change(&t)
		return t
	}
	withOrders := func(s Scorecard, linked, direct int) Scorecard {
		s.Current.AddOrders(OrderLinked, linked)
		s.Current.AddOrders(OrderDirect, direct)
		return s
	}
	withTarget := func(s Scorecard, won, target Money) Scorecard {
		s.Current.WonAmount = won
		s.Target, s.HasTarget = target, true
		return s
	}
	withHold := func(s Scorecard, open, held int) Scorecard {
		s.Open, s.OnHold = open, held
		return s
	}
	withPrice := func(s Scorecard, shares ...float64) Scorecard {
		for _, sh := range shares {
			s.LossReasons = append(s.LossReasons, BreakdownRow{Key: "1", Label: "Price", Share: sh, Price: true})
		}
		return s
	}
	sophie := func(won, lost, vanished int) Scorecard { return scorecard(1, "Sophie", won, lost, vanished) }
	marc := func(won, lost, vanished int) Scorecard {
		return withHold(scorecard(2, "Marc", won, lost, vanished), 8, 2)
	}
	for _, c := range []struct {
		name          string
		sophie, marc  Scorecard
		th            Thresholds
		code          FindingCode
		want          bool
		priceDominant bool
	}{
		{"lost: exactly 1.5 times and 10 points", sophie(7, 3, 0), marc(8, 2, 0), th(func(*Thresholds) {}), FindingManyLost, true, false},
		{"lost: exactly 10 points of 10", sophie(7, 3, 0), marc(8, 2, 0), th(func(t *Thresholds) { t.Points = 10 }), FindingManyLost, true, false},
		{"lost: under 10.5 points", sophie(7, 3, 0), marc(8, 2, 0), th(func(t *Thresholds) { t.Points = 10.5 }), FindingManyLost, false, false},
		{"lost: under 1.6 times", sophie(7, 3, 0), marc(8, 2, 0), th(func(t *Thresholds) { t.Factor = 1.6 }), FindingManyLost, false, false},
		{"lost: price exactly at its share", withPrice(sophie(7, 3, 0), 0.1, 0.1, 0.1, 0.1), marc(8, 2, 0), th(func(t *Thresholds) { t.PriceShare = 0.4 }), FindingManyLost, true, true},
		{"lost: price under its share", withPrice(sophie(7, 3, 0), 0.1, 0.1, 0.1), marc(8, 2, 0), th(func(t *Thresholds) { t.PriceShare = 0.4 }), FindingManyLost, true, false},
		{"vanished: exactly 1.5 times and 20 points", sophie(4, 0, 6), marc(6, 0, 4), th(func(t *Thresholds) { t.Points = 20 }), FindingManyVanished, true, false},
		{"vanished: under 21 points", sophie(4, 0, 6), marc(6, 0, 4), th(func(t *Thresholds) { t.Points = 21 }), FindingManyVanished, false, false},
		{"easy wins: exactly 10 win points", withTarget(sophie(7, 3, 0), 7000, 10000), marc(6, 4, 0), th(func(*Thresholds) {}), FindingEasyWins, true, false},
		{"easy wins: under 11 win points", withTarget(sophie(7, 3, 0), 7000, 10000), marc(6, 4, 0), th(func(t *Thresholds) { t.WinPoints = 11 }), FindingEasyWins, false, false},
		{"easy wins: revenue exactly at its share", withTarget(sophie(7, 3, 0), 55, 100), marc(6, 4, 0), th(func(t *Thresholds) { t.RevenueShare = 0.55 }), FindingEasyWins, false, false},
		{"easy wins: revenue a cent under its share", withTarget(sophie(7, 3, 0), 54, 100), marc(6, 4, 0), th(func(t *Thresholds) { t.RevenueShare = 0.55 }), FindingEasyWins, true, false},
		{"on hold: exactly 1.5 times and 10 points", withHold(sophie(5, 5, 0), 7, 3), marc(5, 5, 0), th(func(t *Thresholds) { t.Points = 10 }), FindingManyOnHold, true, false},
		{"on hold: under 1.6 times", withHold(sophie(5, 5, 0), 7, 3), marc(5, 5, 0), th(func(t *Thresholds) { t.Factor = 1.6 }), FindingManyOnHold, false, false},
		{"no vanished: the rest exactly at the points", sophie(10, 10, 0), marc(4, 3, 3), th(func(t *Thresholds) { t.Points = 30; t.NoVanishSample = 20 }), FindingNoVanished, true, false},
		{"no vanished: the rest under the points", sophie(10, 10, 0), marc(4, 3, 3), th(func(t *Thresholds) { t.Points = 31; t.NoVanishSample = 20 }), FindingNoVanished, false, false},
		{"orders: apparent rate exactly 1.5 times", withOrders(sophie(2, 8, 0), 1, 2), marc(5, 5, 0), th(func(t *Thresholds) { t.Points = 10 }), FindingUnlinkedOrders, true, false},
		{"orders: under 1.6 times", withOrders(sophie(2, 8, 0), 1, 2), marc(5, 5, 0), th(func(t *Thresholds) { t.Factor = 1.6 }), FindingUnlinkedOrders, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := c.sophie
			if s.Open+s.OnHold == 0 {
				s = withHold(s, 8, 2)
			}
			var got *Finding
			fs := Diagnose(team(s, c.marc), c.th)
			for i, f := range fs {
				if f.Scope.Name == "Sophie" && f.Code == c.code {
					got = &fs[i]
				}
			}
			if (got != nil) != c.want {
				codes := slices.Collect(func(yield func(string) bool) {
					for _, f := range fs {
						yield(f.Scope.Name + ":" + string(f.Code))
					}
				})
				t.Fatalf("%s for Sophie: %v, want %v (findings %v)", c.code, got != nil, c.want, codes)
			}
			if got != nil && got.Numbers.PriceDominates != c.priceDominant {
				t.Errorf("price dominates: %v, want %v (share %v)", got.Numbers.PriceDominates, c.priceDominant, got.Numbers.PriceShare)
			}
		})
	}
}
