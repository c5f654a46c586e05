package web_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// The real-data check of the statistics: the Maven Analytics pipeline
// (../shared/data/sales_pipeline.csv, 8,800 deals closed in 2017) is imported
// through the API with the SPEC's example mapping, and the figures that
// GET /stats answers for each quarter of 2017, for the team and for each
// salesperson, must equal those this file computes from the CSV alone
// (encoding/csv and plain Go: no importer, no domain code).
//
// What the mapping means for the figures (SPEC sections 3 and 4): Won and
// Lost are closures on close_date; Engaging and Prospecting are open and
// never counted; nothing is on hold, vanished or ordered; the amount is
// close_value (the won amount, and 0 for every lost deal of this file); the
// cycle time runs from engage_date to close_date. close_date is a date, not
// an instant: it is the org's day (Europe/Paris) as written, so no deal
// changes quarter with the time zone.

// specMapping is the mapping document of SPEC section 4, verbatim.
const specMapping = `{"entity": "opportunities",
 "columns": {"title": "opportunity_id", "owner": "sales_agent", "account": "account",
             "status": "deal_stage", "stage": "deal_stage", "detected_on": "engage_date",
             "closed_on": "close_date", "amount": "close_value"},
 "values": {"status": {"Won": "won", "Lost": "lost", "Engaging": "open", "Prospecting": "open"},
            "stage":  {"Won": "", "Lost": "", "Engaging": "Engaging", "Prospecting": "Prospecting"}},
 "defaults": {"loss_reason": "Not recorded", "competitor": "unknown", "vanish_reason": "Not recorded"},
 "date_format": "2006-01-02", "decimal_separator": ".", "delimiter": ","}`

// apiFigures is what the test reads of a figures object of the stats API.
type apiFigures struct {
	Won                int      `json:"won"`
	Lost               int      `json:"lost"`
	Vanished           int      `json:"vanished"`
	Closed             int      `json:"closed"`
	WinRate            *float64 `json:"win_rate"`
	CompetitiveWinRate *float64 `json:"competitive_win_rate"`
	LossRate           *float64 `json:"loss_rate"`
	VanishRate         *float64 `json:"vanish_rate"`
	WonAmount          int64    `json:"won_amount"`
	LostAmount         int64    `json:"lost_amount"`
	VanishedAmount     int64    `json:"vanished_amount"`
	OrdersLinked       int      `json:"orders_linked"`
	OrdersDirect       int      `json:"orders_direct"`
	OrdersRecurring    int      `json:"orders_recurring"`
	ApparentWinRate    *float64 `json:"apparent_win_rate"`
	MedianCycleDays    struct {
		Won      *float64 `json:"won"`
		Lost     *float64 `json:"lost"`
		Vanished *float64 `json:"vanished"`
	} `json:"median_cycle_days"`
	OnHold *struct {
		Count          int      `json:"count"`
		Amount         int64    `json:"amount"`
		MedianAgeDays  *float64 `json:"median_age_days"`
		OverdueReviews int      `json:"overdue_reviews"`
	} `json:"on_hold"`
}

// apiStats is a GET /stats answer.
type apiStats struct {
	Total  apiFigures `json:"total"`
	Groups []struct {
		Key   string `json:"key"`
		Label string `json:"label"`
		apiFigures
	} `json:"groups"`
}

// mavenDeals is what the file says of one scope's closures in one quarter.
type mavenDeals struct {
	won, lost          int
	wonCents, lostCent int64
	wonDays, lostDays  []int
}

// mavenPipeline reads the file and counts the closures per quarter of
// close_date ("2017-Q1"), per sales_agent and for the team (agent "").
func mavenPipeline(t *testing.T, path string) map[string]map[string]*mavenDeals {
	t.Helper()
	f, err := os.Open(path)
	must(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	must(t, err)
	col := map[string]int{}
	for i, name := range recs[0] {
		col[name] = i
	}
	out := map[string]map[string]*mavenDeals{}
	for _, r := range recs[1:] {
		stage := r[col["deal_stage"]]
		if stage == "Engaging" || stage == "Prospecting" {
			continue // open: never a closure
		}
		if stage != "Won" && stage != "Lost" {
			t.Fatalf("unexpected deal_stage %q", stage)
		}
		closed, err := time.Parse("2006-01-02", r[col["close_date"]])
		must(t, err)
		engaged, err := time.Parse("2006-01-02", r[col["engage_date"]])
		must(t, err)
		days := int(closed.Sub(engaged).Hours() / 24)
		cents := mavenCents(t, r[col["close_value"]])
		quarter := fmt.Sprintf("%d-Q%d", closed.Year(), (int(closed.Month())+2)/3)
		if out[quarter] == nil {
			out[quarter] = map[string]*mavenDeals{}
		}
		for _, agent := range []string{"", r[col["sales_agent"]]} {
			d := out[quarter][agent]
			if d == nil {
				d = &mavenDeals{}
				out[quarter][agent] = d
			}
			if stage == "Won" {
				d.won++
				d.wonCents += cents
				d.wonDays = append(d.wonDays, days)
			} else {
				d.lost++
				d.lostCent += cents
				d.lostDays = append(d.lostDays, days)
			}
		}
	}
	return out
}

// mavenCents reads a close_value ("1054", "" for none, "12.5") as cents.
func mavenCents(t *testing.T, s string) int64 {
	t.Helper()
	if s == "" {
		return 0
	}
	units, frac, _ := strings.Cut(s, ".")
	frac = (frac + "00")[:2]
	u, err := strconv.ParseInt(units, 10, 64)
	must(t, err)
	c, err := strconv.ParseInt(frac, 10, 64)
	must(t, err)
	return u*100 + c
}

// fileMedian is the median of days: the middle value, or the mean of the
// two middle ones; nil when there are none.
func fileMedian(days []int) *float64 {
	if len(days) == 0 {
		return nil
	}
	s := slices.Sorted(slices.Values(days))
	n := len(s)
	m := float64(s[(n-1)/2]+s[n/2]) / 2
	return &m
}

// fraction is n/d, nil when d is 0.
func fraction(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	r := float64(n) / float64(d)
	return &r
}

// checkFigures compares the API's figures of one scope with the file's.
func checkFigures(t *testing.T, scope string, got apiFigures, d *mavenDeals) {
	t.Helper()
	closed := d.won + d.lost
	ints := []struct {
		name      string
		got, want int64
	}{
		{"won", int64(got.Won), int64(d.won)}, {"lost", int64(got.Lost), int64(d.lost)},
		{"vanished", int64(got.Vanished), 0}, {"closed", int64(got.Closed), int64(closed)},
		{"won_amount", got.WonAmount, d.wonCents}, {"lost_amount", got.LostAmount, d.lostCent},
		{"vanished_amount", got.VanishedAmount, 0}, {"orders_linked", int64(got.OrdersLinked), 0},
		{"orders_direct", int64(got.OrdersDirect), 0}, {"orders_recurring", int64(got.OrdersRecurring), 0},
	}
	for _, c := range ints {
		if c.got != c.want {
			t.Errorf("%s: %s = %d, the file says %d", scope, c.name, c.got, c.want)
		}
	}
	ratios := []struct {
		name      string
		got, want *float64
	}{
		{"win_rate", got.WinRate, fraction(d.won, closed)},
		{"competitive_win_rate", got.CompetitiveWinRate, fraction(d.won, d.won+d.lost)},
		{"loss_rate", got.LossRate, fraction(d.lost, closed)},
		{"vanish_rate", got.VanishRate, fraction(0, closed)},
		{"apparent_win_rate", got.ApparentWinRate, fraction(0, closed)},
		{"median_cycle_days.won", got.MedianCycleDays.Won, fileMedian(d.wonDays)},
		{"median_cycle_days.lost", got.MedianCycleDays.Lost, fileMedian(d.lostDays)},
		{"median_cycle_days.vanished", got.MedianCycleDays.Vanished, nil},
	}
	for _, c := range ratios {
		if show(c.got) != show(c.want) {
			t.Errorf("%s: %s = %s, the file says %s", scope, c.name, show(c.got), show(c.want))
		}
	}
}

// show prints a nullable figure, exactly.
func show(v *float64) string {
	if v == nil {
		return "null"
	}
	return strconv.FormatFloat(*v, 'g', -1, 64)
}

func TestStatsMatchRealData(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "data", "sales_pipeline.csv")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("no Maven data set at %s", path)
	}
	file := mavenPipeline(t, path)
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		data, err := os.ReadFile(path)
		must(t, err)
		body, ct := form(t, "sales_pipeline.csv", "mapping", specMapping, "file", string(data))
		if got := f.do(t, "owner", "POST", "/api/v1/orgs/acme/imports", body, ct); got.status != 200 {
			t.Fatalf("import: %d %s", got.status, got.body)
		}
		get := func(t *testing.T, query string) apiStats {
			t.Helper()
			got := f.do(t, "consultant", "GET", "/api/v1/orgs/acme/stats?"+query, "", nil)
			if got.status != 200 {
				t.Fatalf("GET stats?%s: %d %s", query, got.status, got.body)
			}
			var s apiStats
			must(t, json.Unmarshal(got.body, &s))
			return s
		}
		agents := 0
		for q, quarter := range []string{"2017-Q1", "2017-Q2", "2017-Q3", "2017-Q4"} {
			from := fmt.Sprintf("2017-%02d-01", 3*q+1)
			to := time.Date(2017, time.Month(3*q+4), 0, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
			period := "from=" + from + "&to=" + to
			want := file[quarter]
			if want == nil || want[""] == nil {
				want = map[string]*mavenDeals{"": {}}
			}
			s := get(t, period+"&group=owner")
			checkFigures(t, quarter+" team", s.Total, want[""])
			if h := s.Total.OnHold; h == nil || h.Count != 0 || h.Amount != 0 || h.MedianAgeDays != nil || h.OverdueReviews != 0 {
				t.Errorf("%s: on_hold %+v, the file holds nothing on hold", quarter, h)
			}
			seen := map[string]bool{}
			for _, g := range s.Groups {
				d := want[g.Label]
				if d == nil {
					if g.Closed != 0 {
						t.Errorf("%s: group %q has %d closures, the file none", quarter, g.Label, g.Closed)
					}
					continue
				}
				seen[g.Label] = true
				checkFigures(t, quarter+" "+g.Label+" (group)", g.apiFigures, d)
				// The same person alone, through the owner filter.
				one := get(t, period+"&owner="+g.Key)
				checkFigures(t, quarter+" "+g.Label+" (owner)", one.Total, d)
			}
			for agent := range want {
				if agent != "" && !seen[agent] {
					t.Errorf("%s: no group for %s, who closed %d deals", quarter, agent, want[agent].won+want[agent].lost)
				}
			}
			agents += len(seen)
			// The quarter alone, without grouping, gives the same total.
			checkFigures(t, quarter+" team (ungrouped)", get(t, period).Total, want[""])
		}
		if agents == 0 {
			t.Fatal("no salesperson's figures were compared")
		}
		// The year grouped by quarter: each group is its quarter.
		y := get(t, "from=2017-01-01&to=2017-12-31&group=quarter")
		if len(y.Groups) != 4 {
			t.Fatalf("2017 by quarter: %d groups", len(y.Groups))
		}
		for _, g := range y.Groups {
			d := file[g.Key]
			if d == nil {
				d = map[string]*mavenDeals{"": {}}
			}
			checkFigures(t, "2017 by quarter, "+g.Key, g.apiFigures, d[""])
		}
	})
}
