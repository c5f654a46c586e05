package web

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"closer"
	"closer/importer"
)

//go:embed templates
var templateFiles embed.FS

// view is what every page template receives: who reads, in which org and
// language, and the page's own Data. Its methods are the templates'
// vocabulary for words, money and dates.
type view struct {
	Lang    string
	User    *closer.User
	Actor   closer.Actor
	Org     *closer.Org
	Orgs    []*closer.Org
	Today   closer.Date
	Path    string
	Title   string
	Flash   string
	Data    any
	Status  int
	Request *http.Request
}

// T returns the text of key in the reader's language.
func (v *view) T(key string, args ...any) string { return translate(v.Lang, key, args...) }

// N returns the text of key+".one" or key+".many" in the reader's language,
// as the count n takes the singular or the plural there (French: 0 and 1
// take the singular, English only 1); args follow n.
func (v *view) N(key string, n int, args ...any) string {
	return translate(v.Lang, key+"."+pluralForm(v.Lang, n), append([]any{formatInt(v.Lang, n)}, args...)...)
}

// pluralForm returns "one" or "many", n's form in lang.
func pluralForm(lang string, n int) string {
	if n == 1 || lang == "fr" && n == 0 {
		return "one"
	}
	return "many"
}

// Reason returns an import problem's reason in the reader's language, as
// errorText does for an error, when the catalog knows its format; as the
// importer wrote it otherwise.
func (v *view) Reason(p importer.Problem) string {
	e := &closer.Error{Code: closer.EINVALID, Message: p.Reason, Format: p.Format, Args: p.Args}
	return strings.TrimSuffix(errorText(v.Lang, e), ".")
}

// FieldLabel returns an import field's label in the reader's language, as
// the mapping form shows it ("Concurrent (qui a gagné)" for competitor);
// the field's id when the catalog has no label for it.
func (v *view) FieldLabel(field string) string {
	if field == "" {
		return ""
	}
	if _, ok := catalogs[v.Lang]["imp.field."+field]; !ok {
		if _, ok := catalogs["en"]["imp.field."+field]; !ok {
			return field
		}
	}
	return translate(v.Lang, "imp.field."+field)
}

// Err returns an error's message in the reader's language.
func (v *view) Err(err error) string { return errorText(v.Lang, err) }

// Money formats an amount in the org's currency, cents included.
func (v *view) Money(m closer.Money) string { return formatMoney(v.Lang, m, v.currency(), false) }

// MoneyShort formats an amount without cents when it has none.
func (v *view) MoneyShort(m closer.Money) string { return formatMoney(v.Lang, m, v.currency(), true) }

func (v *view) currency() string {
	if v.Org != nil {
		return v.Org.Currency
	}
	return "EUR"
}

// Date formats a day; Time formats an instant in the org's time zone.
func (v *view) Date(d closer.Date) string { return formatDate(v.Lang, d) }

// Time formats an instant in the org's time zone.
func (v *view) Time(t time.Time) string {
	loc := time.UTC
	if v.Org != nil {
		loc = v.Org.Location()
	}
	return formatTime(v.Lang, t, loc)
}

// Int formats a count; Percent a fraction (or "—").
func (v *view) Int(n int) string { return formatInt(v.Lang, n) }

// Percent formats a fraction 0..1, or "—" when undefined.
func (v *view) Percent(f *float64) string { return formatPercent(v.Lang, f) }

// Static returns the content-hashed URL of an asset.
func (v *view) Static(name string) string { return staticURL(name) }

// OrgURL returns the path of a page of the current org.
func (v *view) OrgURL(parts ...string) string {
	if v.Org == nil {
		return "/"
	}
	return "/o/" + v.Org.Slug + "/" + strings.TrimPrefix(strings.Join(parts, ""), "/")
}

// Current reports whether the page is under the org path p (for the navigation).
func (v *view) Current(p string) bool {
	return v.Org != nil && strings.HasPrefix(v.Path, v.OrgURL(p))
}

// Can reports whether the reader may change records owned by ownerID (0: create).
func (v *view) Can(ownerID int64) bool {
	if ownerID == 0 {
		return v.Actor.CanCreate() == nil
	}
	return v.Actor.CanChange(ownerID) == nil
}

// CanManage reports whether the reader is a manager or an owner.
func (v *view) CanManage() bool { return v.Actor.CanManage() == nil }

// CanDelete reports whether the reader may delete records (the org's owner):
// the pages show delete buttons to them only.
func (v *view) CanDelete() bool { return v.Actor.CanDelete() == nil }

// CanAdminister reports whether the reader is the org's owner.
func (v *view) CanAdminister() bool { return v.Actor.CanAdminister() == nil }

// Query returns the current URL's query with key set to value (for sort and paging links).
func (v *view) Query(key, value string) string {
	q := url.Values{}
	if v.Request != nil {
		q = v.Request.URL.Query()
	}
	if value == "" {
		q.Del(key)
	} else {
		q.Set(key, value)
	}
	if key != "offset" {
		q.Del("offset")
	}
	return "?" + q.Encode()
}

// templateFuncs are the few helpers that are not about the reader.
var templateFuncs = template.FuncMap{
	"add":        func(a, b int) int { return a + b },
	"websiteURL": closer.WebsiteURL,
	"sub":        func(a, b int) int { return a - b },
	"join":       strings.Join,
	// column shows a mapping's column name without the "?" that makes it optional
	"column": func(name string) string { return strings.TrimSuffix(name, "?") },
	"seq": func(n int) []int {
		s := make([]int, n)
		for i := range s {
			s[i] = i
		}
		return s
	},
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
}

// pages holds each page's template (the layout, the partials and the page),
// parsed once at start: a broken template fails the start, not a request.
type pages map[string]*template.Template

func parsePages() (pages, error) {
	base, err := template.New("layout.html").Funcs(templateFuncs).ParseFS(templateFiles, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(templateFiles, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	out := pages{}
	for _, n := range names {
		t, err := template.Must(base.Clone()).ParseFS(templateFiles, n)
		if err != nil {
			return nil, err
		}
		out[strings.TrimSuffix(strings.TrimPrefix(n, "templates/pages/"), ".html")] = t
	}
	return out, nil
}

// render writes a page: it executes into a buffer first, so that a failing
// template answers a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, v *view) {
	t, ok := s.ui.pages[page]
	if !ok {
		panic("web: no page template " + page)
	}
	v.Status = status
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", v); err != nil {
		s.logger().Error("render", "page", page, "err", err)
		http.Error(w, "Internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
