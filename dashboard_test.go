package closer

import "testing"

func TestOnHoldByOwner(t *testing.T) {
	today := MustDate("2025-06-15")
	held := HeldNow{Groups: []HeldGroup{
		{OwnerID: 1, HeldOn: MustDate("2025-06-05"), Count: 1, Amount: 100},  // 10 days
		{OwnerID: 1, HeldOn: MustDate("2025-05-16"), Count: 2, Amount: 300},  // 30 days
		{OwnerID: 1, HeldOn: MustDate("2025-01-01"), Count: 1, Amount: 50},   // 165 days
		{OwnerID: 2, HeldOn: MustDate("2024-12-15"), Count: 1, Amount: 1000}, // 182 days
		{OwnerID: 2, Count: 3, Amount: 10},                                   // day unknown
	}, Overdue: map[int64]int{1: 2}}
	by := OnHoldByOwner(held, today)
	a := by[1]
	if a.Count != 4 || a.Amount != 450 || a.OverdueReviews != 2 || a.MedianAgeDays == nil || *a.MedianAgeDays != 30 {
		t.Errorf("owner 1: %+v", a)
	}
	b := by[2]
	if b.Count != 4 || b.OverdueReviews != 0 || b.MedianAgeDays == nil || *b.MedianAgeDays != 182 {
		t.Errorf("owner 2 (median of the dated ones only): %+v", b)
	}
	team := TeamOnHold(held, today)
	if team.Count != 8 || team.Amount != 1460 || team.OverdueReviews != 2 || *team.MedianAgeDays != 30 {
		t.Errorf("team: %+v, median %v", team, *team.MedianAgeDays)
	}
	if len(OnHoldByOwner(HeldNow{}, today)) != 0 {
		t.Error("no group, no owner")
	}
}

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

func TestHoldAgeBuckets(t *testing.T) {
	today := MustDate("2025-06-15")
	b := HoldAgeBuckets([]HeldGroup{
		{HeldOn: MustDate("2025-06-20"), Count: 1}, // in the future: counted as new
		{HeldOn: today, Count: 1},
		{HeldOn: MustDate("2025-05-16"), Count: 2}, // 30 days
		{HeldOn: MustDate("2025-03-17"), Count: 1}, // 90 days
		{HeldOn: MustDate("2024-06-15"), Count: 4, Amount: 7},
		{Count: 2},
	}, today)
	want := []int{2, 2, 1, 4, 2}
	if len(b) != len(want) {
		t.Fatalf("buckets %+v", b)
	}
	for i, n := range want {
		if b[i].Count != n {
			t.Errorf("bucket %d: %+v, want %d", i, b[i], n)
		}
	}
	if b[3].Amount != 7 || b[4].From != -1 {
		t.Errorf("buckets %+v", b)
	}
	if len(HoldAgeBuckets(nil, today)) != 4 {
		t.Error("the four age ranges always show")
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
