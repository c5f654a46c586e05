package closer

import "testing"

func TestMedianOfCounts(t *testing.T) {
	for _, c := range []struct {
		counts map[int]int
		want   *float64
	}{
		{map[int]int{}, nil},
		{map[int]int{5: 1}, ptr(5.0)},
		{map[int]int{1: 1, 3: 1}, ptr(2.0)},
		{map[int]int{1: 2, 9: 1}, ptr(1.0)},
		{map[int]int{1: 1, 4: 2, 9: 1}, ptr(4.0)},
		{map[int]int{-2: 1, 2: 1}, ptr(0.0)},
	} {
		got := MedianOfCounts(c.counts)
		if (got == nil) != (c.want == nil) || got != nil && *got != *c.want {
			t.Errorf("MedianOfCounts(%v) = %v, want %v", c.counts, got, c.want)
		}
	}
}

func TestThresholdsValidate(t *testing.T) {
	if err := DefaultThresholds().Validate(); err != nil {
		t.Fatalf("defaults refused: %v", err)
	}
	for field, change := range map[string]func(*Thresholds){
		"min_sample":       func(th *Thresholds) { th.MinSample = 0 },
		"factor":           func(th *Thresholds) { th.Factor = 0.5 },
		"points":           func(th *Thresholds) { th.Points = 0 },
		"win_points":       func(th *Thresholds) { th.WinPoints = 101 },
		"revenue_share":    func(th *Thresholds) { th.RevenueShare = 90 },
		"price_share":      func(th *Thresholds) { th.PriceShare = -1 },
		"no_vanish_sample": func(th *Thresholds) { th.NoVanishSample = MaxThresholdSample + 1 },
		"history_periods":  func(th *Thresholds) { th.HistoryPeriods = 13 },
	} {
		th := DefaultThresholds()
		change(&th)
		if err := th.Validate(); ErrorField(err) != field || ErrorCode(err) != EINVALID {
			t.Errorf("%s: got %v", field, err)
		}
	}
}
