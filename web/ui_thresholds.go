package web

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"closer"
)

// The diagnostics thresholds page: the org's owner tunes when a finding is
// drawn (closer.Thresholds); everyone else is refused it (403). Shares are
// typed as percentages (90 for 0.9), decimals with a comma or a point.

// thresholdFields are the form's fields, in the page's order.
var thresholdFields = []string{"min_sample", "factor", "points", "win_points", "revenue_share", "price_share", "no_vanish_sample", "history_periods"}

// thresholdsData is the thresholds page.
type thresholdsData struct {
	Form     *form
	Fields   []string
	Defaults *form // the defaults, as the form shows them
}

// thresholdsAccess refuses the page to anyone but the org's owner.
func thresholdsAccess(r *http.Request) error {
	a, err := closer.CurrentActor(r.Context())
	if err != nil {
		return err
	}
	return a.CanAdminister()
}

// thresholdsPage shows the org's thresholds in their form.
func (s *Server) thresholdsPage(w http.ResponseWriter, r *http.Request) {
	if err := thresholdsAccess(r); err != nil {
		s.failPage(w, r, err)
		return
	}
	th, err := s.Thresholds.Thresholds(r.Context())
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	v := s.newView(w, r, "dash.th.title", nil)
	s.renderThresholds(w, r, v, http.StatusOK, thresholdsForm(v.Lang, th))
}

func (s *Server) renderThresholds(w http.ResponseWriter, r *http.Request, v *view, status int, f *form) {
	v.Data = &thresholdsData{Form: f, Fields: thresholdFields, Defaults: thresholdsForm(v.Lang, closer.DefaultThresholds())}
	s.render(w, r, status, "thresholds", v)
}

// postThresholds saves the thresholds (action "reset": the defaults) and
// comes back to the dashboard; refused values are shown again in place.
func (s *Server) postThresholds(w http.ResponseWriter, r *http.Request) {
	if err := thresholdsAccess(r); err != nil {
		s.failPage(w, r, err)
		return
	}
	v := s.newView(w, r, "dash.th.title", nil)
	f := parseForm(r, v.Lang)
	th := closer.DefaultThresholds()
	if f.Get("action") != "reset" {
		th = closer.Thresholds{
			MinSample: f.Int("min_sample"), Factor: formFloat(f, "factor"), Points: formFloat(f, "points"),
			WinPoints: formFloat(f, "win_points"), RevenueShare: formFloat(f, "revenue_share") / 100,
			PriceShare: formFloat(f, "price_share") / 100, NoVanishSample: f.Int("no_vanish_sample"),
			HistoryPeriods: f.Int("history_periods"),
		}
	}
	if f.OK() {
		if err := s.Thresholds.SetThresholds(r.Context(), th); err != nil && !f.Fail(err) {
			s.failPage(w, r, err)
			return
		}
	}
	if !f.OK() {
		s.renderThresholds(w, r, v, f.Status(), f)
		return
	}
	flash(w, r, v.T("dash.th.saved"))
	http.Redirect(w, r, v.OrgURL("dashboard/thresholds"), http.StatusSeeOther)
}

// thresholdsForm fills the form with th, shares as percentages.
func thresholdsForm(lang string, th closer.Thresholds) *form {
	f := newForm(lang)
	num := func(x float64) string {
		s := strconv.FormatFloat(math.Round(x*1000)/1000, 'f', -1, 64)
		if lang == "fr" {
			s = strings.ReplaceAll(s, ".", ",")
		}
		return s
	}
	f.Set("min_sample", strconv.Itoa(th.MinSample)).Set("factor", num(th.Factor)).Set("points", num(th.Points)).
		Set("win_points", num(th.WinPoints)).Set("revenue_share", num(th.RevenueShare*100)).
		Set("price_share", num(th.PriceShare*100)).Set("no_vanish_sample", strconv.Itoa(th.NoVanishSample)).
		Set("history_periods", strconv.Itoa(th.HistoryPeriods))
	return f
}

// formFloat reads a decimal number typed with a comma or a point; empty is 0.
func formFloat(f *form, key string) float64 {
	s := strings.ReplaceAll(strings.ReplaceAll(f.Text(key), "\u00a0", ""), ",", ".")
	if s == "" {
		return 0
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		f.SetError(key, translate(f.lang, "form.bad_number"))
		return 0
	}
	return x
}
