package closer

import "testing"

// TestPercent: a rate is shown as a whole percentage rounded half up, the
// exact halves of fractions computed in float64 included (57/200 × 100 is
// 28.499999999999996 in float64; the dashboard wrote 1 of 8 as 12 % and
// the diagnostics as 13 %).
func TestPercent(t *testing.T) {
	for _, c := range []struct {
		n, d int
		want int
	}{
		{0, 5, 0}, {5, 5, 100}, {1, 8, 13}, {3, 8, 38}, {5, 8, 63}, {7, 8, 88},
		{57, 200, 29}, {1, 200, 1}, {1, 201, 0}, {1, 3, 33}, {2, 3, 67},
		{29, 100, 29}, {3, 1, 300}, {201, 400, 50}, {199, 400, 50}, {1, 400, 0},
	} {
		if got := Percent(*Ratio(c.n, c.d)); got != c.want {
			t.Errorf("%d/%d: %d %%, want %d %%", c.n, c.d, got, c.want)
		}
	}
}
