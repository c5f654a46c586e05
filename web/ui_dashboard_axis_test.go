package web

import "testing"

func TestCountAxis(t *testing.T) {
	for _, c := range []struct {
		values    [][]float64
		stack     bool
		top, step float64
	}{
		{nil, false, 1, 1},
		{[][]float64{{0, 0}}, false, 1, 1},
		{[][]float64{{3, 5}}, false, 5, 1},
		{[][]float64{{7}}, false, 8, 2},
		{[][]float64{{65}}, false, 80, 20},
		{[][]float64{{40, 3}, {20, 1}, {5, 1}}, true, 80, 20},
		{[][]float64{{40, 3}, {20, 1}, {5, 1}}, false, 40, 10},
		{[][]float64{{1234}}, false, 1500, 500},
	} {
		top, step := countAxis(c.values, c.stack)
		if top != c.top || step != c.step {
			t.Errorf("countAxis(%v, %v) = %v, %v; want %v, %v", c.values, c.stack, top, step, c.top, c.step)
		}
	}
}
