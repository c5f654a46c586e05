package web

import (
	"net/url"

	"closer"
)

// The dashboard's period picker: a month, a quarter or a year (the one that
// holds the day "on"), or a custom range (from, to). It lives in the query
// string, so that a dashboard is a link one can bookmark or send.

// periodKinds are the picker's choices, in the order the select shows them.
var periodKinds = []string{"month", "quarter", "year", "custom"}

// dashPeriod is the period a dashboard shows, how it was picked, and the
// messages of the picker's fields that did not parse.
type dashPeriod struct {
	Kind   string
	On     closer.Date // a day of the month, quarter or year
	Period closer.Period
	Errors map[string]string
}

// parseDashPeriod reads kind, on, from and to. Nothing set means the
// current quarter; a value that does not parse is reported next to its
// field and the current quarter is shown instead.
func parseDashPeriod(q url.Values, today closer.Date, lang string) dashPeriod {
	d := dashPeriod{Kind: q.Get("kind"), On: today, Errors: map[string]string{}}
	fallback := func() dashPeriod {
		d.Kind, d.On, d.Period = "quarter", today, closer.QuarterOf(today)
		return d
	}
	if d.Kind == "" {
		if q.Get("from") == "" && q.Get("to") == "" {
			return fallback()
		}
		d.Kind = "custom" // an API-style link: ?from=&to=
	}
	if !contains(periodKinds, d.Kind) {
		d.Errors["kind"] = translate(lang, "form.bad_choice")
		return fallback()
	}
	if d.Kind == "custom" {
		p, err := closer.ParsePeriod(q.Get("from"), q.Get("to"), today)
		if err == nil && (q.Get("from") == "" || q.Get("to") == "") {
			err = closer.FieldError("from", "The first day of the period is required.")
		}
		if err != nil {
			d.Errors[closer.ErrorField(err)] = errorText(lang, err)
			return fallback()
		}
		d.Period, d.On = p, p.From
		return d
	}
	if s := q.Get("on"); s != "" {
		on, err := closer.ParseDate(s)
		if err != nil || on.Year() < 1900 || on.Year() > 2200 {
			d.Errors["on"] = translate(lang, "form.bad_date")
			return fallback()
		}
		d.On = on
	}
	switch d.Kind {
	case "month":
		d.Period = closer.MonthOf(d.On)
	case "year":
		d.Period = closer.YearOf(d.On)
	default:
		d.Period = closer.QuarterOf(d.On)
	}
	return d
}

// query returns the query string that picks period p as kind.
func periodQuery(kind string, p closer.Period) url.Values {
	q := url.Values{"kind": {kind}}
	if kind == "custom" {
		q.Set("from", p.From.String())
		q.Set("to", p.To.String())
	} else {
		q.Set("on", p.From.String())
	}
	return q
}
