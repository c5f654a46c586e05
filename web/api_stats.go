package web

import (
	"net/http"
	"time"

	"closer"
)

// The statistics and diagnostics of SPEC section 3, for every member
// (consultants included). Every endpoint takes the period as from and to
// (YYYY-MM-DD, both inclusive; both absent: the current quarter) and,
// except diagnostics, an optional owner (a member's id or e-mail).

// statsPeriod reads from and to; a bad or missing one answers 400 naming it.
func (s *Server) statsPeriod(r *http.Request) (closer.Period, error) {
	today := closer.DateOf(s.now(), orgLocation(r))
	q := r.URL.Query()
	p, err := closer.ParsePeriod(q.Get("from"), q.Get("to"), today)
	if err != nil {
		return p, asBadRequest(err)
	}
	return p, nil
}

// orgLocation returns the time zone of the request's org (Paris without one).
func orgLocation(r *http.Request) *time.Location {
	if org := orgFromContext(r.Context()); org != nil {
		return org.Location()
	}
	return (&closer.Org{}).Location()
}

// asBadRequest turns an EINVALID error about a query parameter into a 400.
func asBadRequest(err error) error {
	if e, ok := err.(*closer.Error); ok && e.Code == closer.EINVALID {
		return &badRequest{e}
	}
	return err
}

// periodAndOwner reads the period and the optional owner of a request.
func (s *Server) periodAndOwner(r *http.Request) (closer.Period, int64, error) {
	p, err := s.statsPeriod(r)
	if err != nil {
		return p, 0, err
	}
	owner, err := s.queryOwner(r)
	return p, owner, err
}

// getStats answers the figures of a period for the team (or one owner), and
// per owner, month or quarter with group.
func (s *Server) getStats(w http.ResponseWriter, r *http.Request) {
	p, owner, err := s.periodAndOwner(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	g, err := closer.ParseGrouping(r.URL.Query().Get("group"))
	if err != nil {
		s.fail(w, r, asBadRequest(err))
		return
	}
	st, err := s.Stats.Stats(r.Context(), closer.StatsQuery{Period: p, OwnerID: owner, Group: g})
	s.answer(w, r, http.StatusOK, st, err)
}

// getFunnel answers where the opportunities closed in the period stopped.
func (s *Server) getFunnel(w http.ResponseWriter, r *http.Request) {
	p, owner, err := s.periodAndOwner(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := s.Stats.Funnel(r.Context(), p, owner)
	s.answer(w, r, http.StatusOK, f, err)
}

// getLosses answers the losses of the period by competitor and by reason.
func (s *Server) getLosses(w http.ResponseWriter, r *http.Request) {
	p, owner, err := s.periodAndOwner(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l, err := s.Stats.Losses(r.Context(), p, owner)
	s.answer(w, r, http.StatusOK, l, err)
}

// getVanishings answers the vanishings of the period by reason.
func (s *Server) getVanishings(w http.ResponseWriter, r *http.Request) {
	p, owner, err := s.periodAndOwner(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.Stats.Vanishings(r.Context(), p, owner)
	s.answer(w, r, http.StatusOK, v, err)
}

// diagnosisJSON is the answer of GET .../diagnostics: the findings in one
// language, each with its evidence and advice.
type diagnosisJSON struct {
	Period     closer.Period        `json:"period"`
	Lang       string               `json:"lang"`
	Thresholds closer.Thresholds    `json:"thresholds"`
	Findings   []closer.FindingView `json:"findings"`
}

// getDiagnostics answers the findings of the period for the team and each
// salesperson, in lang (fr or en), else the Accept-Language's, else French,
// drawn with the org's thresholds (set by its owner on the dashboard).
func (s *Server) getDiagnostics(w http.ResponseWriter, r *http.Request) {
	p, err := s.statsPeriod(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := r.URL.Query().Get("lang")
	switch lang {
	case "fr", "en":
	case "":
		lang = preferredLang(nil, r)
	default:
		s.fail(w, r, invalidRequest("lang", "lang must be fr or en, not %q.", lang))
		return
	}
	th, err := s.Thresholds.Thresholds(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.Stats.Diagnose(r.Context(), p, th)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, diagnosisJSON{Period: d.Period, Lang: lang, Thresholds: d.Thresholds, Findings: d.In(lang)})
}
