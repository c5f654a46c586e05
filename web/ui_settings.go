package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"closer"
)

// The settings page: the org's configurable lists (owners change them,
// managers read them), the revenue targets (managers and owners) and the
// members (owners). Consultants and salespeople are refused the page. Every
// section posts its own small form and comes back to the page (PRG); a
// refused form is shown again in place, its input kept, with a 422.

// settingsData is the settings page.
type settingsData struct {
	Lists   *closer.Lists
	Kinds   []closer.ListKind
	Members []closer.Member
	Roles   []closer.Role
	People  recPeople
	Year    int
	Grid    []targetRow
	Targets []*closer.Target
	Periods []targetPeriod
	// Invitations are the org's pending invitations (owners); Mailer says
	// whether the server e-mails their links.
	Invitations []*closer.Invitation
	Mailer      bool
	// Failed names the form that was refused ("add:stages", "item:12",
	// "target", "member:5"); Form holds its input and messages.
	Failed string
	Form   *form
}

// targetRow is one line of the year's grid: a person (0: the team) and the
// amount of each period, "" where no target is set.
type targetRow struct {
	UserID   int64
	Year     *closer.Target
	Quarters [4]*closer.Target
	Months   [12]*closer.Target
}

// targetPeriod is one choice of the target form's period select.
type targetPeriod struct {
	Value string // "year:2025-01-01", "quarter:2025-04-01", "month:2025-03-01"
	Kind  closer.PeriodKind
	Start closer.Date
}

// Val returns the input of a field of form key: as typed when that form was
// refused, def otherwise.
func (d *settingsData) Val(key, field, def string) string {
	if d.Form != nil && d.Failed == key {
		return d.Form.Get(field)
	}
	return def
}

// Err returns the message next to a field of form key, or "".
func (d *settingsData) Err(key, field string) string {
	if d.Form != nil && d.Failed == key {
		return d.Form.Error(field)
	}
	return ""
}

// Message returns the message about the whole of form key, or "".
func (d *settingsData) Message(key string) string {
	if d.Form != nil && d.Failed == key {
		return d.Form.Message
	}
	return ""
}

// Items returns the entries of a list, in position order.
func (d *settingsData) Items(k closer.ListKind) []closer.ListItem { return d.Lists.Of(k) }

// Last reports whether i is the last index of the list of k.
func (d *settingsData) Last(k closer.ListKind, i int) bool { return i == len(d.Lists.Of(k))-1 }

// settingsAccess refuses the page to salespeople and consultants.
func settingsAccess(r *http.Request) error {
	a, err := closer.CurrentActor(r.Context())
	if err != nil {
		return err
	}
	return a.CanManage()
}

// settingsPage shows the settings.
func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request) {
	if err := settingsAccess(r); err != nil {
		s.failPage(w, r, err)
		return
	}
	s.showSettings(w, r, http.StatusOK, "", nil)
}

// settingsYear is the year of the targets grid: ?year= or this year.
func (s *Server) settingsYear(r *http.Request) int {
	if y, err := strconv.Atoi(r.FormValue("year")); err == nil && y >= 2000 && y <= 2100 {
		return y
	}
	return s.recToday(r).Year()
}

func (s *Server) showSettings(w http.ResponseWriter, r *http.Request, status int, failed string, f *form) {
	ctx := r.Context()
	d := &settingsData{Kinds: closer.ListKinds, Roles: closer.Roles, Failed: failed, Form: f, Year: s.settingsYear(r)}
	var err error
	if d.Lists, err = s.Lists.Lists(ctx); err != nil {
		s.failPage(w, r, err)
		return
	}
	if d.People, err = s.recPeople(ctx); err != nil {
		s.failPage(w, r, err)
		return
	}
	if a, _ := closer.ActorFromContext(ctx); a.CanAdminister() == nil {
		if d.Members, err = s.Orgs.Members(ctx); err != nil {
			s.failPage(w, r, err)
			return
		}
		if s.Invitations != nil {
			if d.Invitations, err = s.Invitations.Invitations(ctx); err != nil {
				s.failPage(w, r, err)
				return
			}
		}
		d.Mailer = s.Mailer != nil
	}
	from := closer.NewDate(d.Year, time.January, 1)
	if d.Targets, err = s.Sales.FindTargets(ctx, 0, from, from.AddMonths(12).AddDays(-1)); err != nil {
		s.failPage(w, r, err)
		return
	}
	d.Grid = targetGrid(d.People, d.Targets, d.Year)
	d.Periods = yearPeriods(d.Year)
	s.render(w, r, status, "settings", s.newView(w, r, "set.title", d))
}

// targetGrid lays out a year's targets: the team first, then each active
// member, then anyone else who still has a target that year.
func targetGrid(people recPeople, targets []*closer.Target, year int) []targetRow {
	rows := []targetRow{{UserID: 0}}
	index := map[int64]int{0: 0}
	for _, m := range people.Active {
		index[m.UserID] = len(rows)
		rows = append(rows, targetRow{UserID: m.UserID})
	}
	for _, t := range targets {
		if t.StartsOn.Year() != year {
			continue
		}
		i, ok := index[t.UserID]
		if !ok {
			i = len(rows)
			index[t.UserID] = i
			rows = append(rows, targetRow{UserID: t.UserID})
		}
		switch t.Period {
		case closer.PeriodYear:
			rows[i].Year = t
		case closer.PeriodQuarter:
			rows[i].Quarters[(t.StartsOn.Month()-1)/3] = t
		case closer.PeriodMonth:
			rows[i].Months[t.StartsOn.Month()-1] = t
		}
	}
	return rows
}

// yearPeriods lists the periods of a year: the year, its quarters, its months.
func yearPeriods(year int) []targetPeriod {
	start := closer.NewDate(year, time.January, 1)
	out := []targetPeriod{{Kind: closer.PeriodYear, Start: start}}
	for q := 0; q < 4; q++ {
		out = append(out, targetPeriod{Kind: closer.PeriodQuarter, Start: start.AddMonths(3 * q)})
	}
	for m := 0; m < 12; m++ {
		out = append(out, targetPeriod{Kind: closer.PeriodMonth, Start: start.AddMonths(m)})
	}
	for i := range out {
		out[i].Value = string(out[i].Kind) + ":" + out[i].Start.String()
	}
	return out
}

// PeriodLabel names a target's period in the reader's language
// ("2025", "T2 2025", "mars 2025").
func (v *view) PeriodLabel(kind closer.PeriodKind, start closer.Date) string {
	switch kind {
	case closer.PeriodYear:
		return strconv.Itoa(start.Year())
	case closer.PeriodQuarter:
		return v.T("set.targets.quarter", int(start.Month()-1)/3+1, start.Year())
	case closer.PeriodMonth:
	}
	return v.T("set.month."+strconv.Itoa(int(start.Month()))) + " " + strconv.Itoa(start.Year())
}

// settingsBack returns to a section of the settings page.
func settingsBack(w http.ResponseWriter, r *http.Request, anchor, msg string) {
	flash(w, r, msg)
	p := recOrgPath(r, "settings")
	if y := r.FormValue("year"); y != "" {
		p += "?year=" + strconv.Itoa(max(0, min(9999, atoiOr(y, 0))))
	}
	http.Redirect(w, r, p+"#"+anchor, http.StatusSeeOther)
}

func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return def
	}
	return n
}

// settingsRefused shows the page again with the refused form, or fails the
// page for an error no form can show.
func (s *Server) settingsRefused(w http.ResponseWriter, r *http.Request, key string, f *form, err error) {
	if !f.Fail(err) {
		s.failPage(w, r, err)
		return
	}
	s.showSettings(w, r, f.Status(), key, f)
}

// settingsKind reads the {kind} of the path; an unknown one is not found.
func settingsKind(r *http.Request) (closer.ListKind, error) {
	k, err := closer.ParseListKind(r.PathValue("kind"))
	if err != nil {
		return "", closer.Errorf(closer.ENOTFOUND, "Not found.")
	}
	return k, nil
}

// postListItem adds an entry at the end of a list (owners).
func (s *Server) postListItem(w http.ResponseWriter, r *http.Request) {
	kind, err := settingsKind(r)
	if err == nil {
		err = settingsAccess(r)
	}
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	lang := recLang(r)
	f := parseForm(r, lang)
	it := closer.ListItem{Kind: kind, Name: f.Text("name"), Price: kind == closer.ListLossReasons && f.Get("price") != ""}
	if err := s.Lists.CreateListItem(r.Context(), &it); err != nil {
		s.settingsRefused(w, r, "add:"+string(kind), f, err)
		return
	}
	settingsBack(w, r, "list-"+string(kind), translate(lang, "set.lists.added", it.Name))
}

// postListItemChange renames, moves, retires or restores an entry (owners):
// the row's form has one submit button per action.
func (s *Server) postListItemChange(w http.ResponseWriter, r *http.Request) {
	kind, err := settingsKind(r)
	if err == nil {
		err = settingsAccess(r)
	}
	var id int64
	if err == nil {
		id, err = recPathID(r, "id")
	}
	var l *closer.Lists
	if err == nil {
		l, err = s.Lists.Lists(r.Context())
	}
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	it, ok := l.Get(kind, id)
	if !ok {
		s.failPage(w, r, closer.Errorf(closer.ENOTFOUND, "Not found."))
		return
	}
	lang := recLang(r)
	f := parseForm(r, lang)
	msg := "set.lists.saved"
	switch f.Get("action") {
	case "up":
		it.Position--
		msg = "set.lists.moved"
	case "down":
		it.Position++
		msg = "set.lists.moved"
	case "retire":
		it.Retired = true
		msg = "set.lists.retired"
	case "restore":
		it.Retired = false
		msg = "set.lists.restored"
	default:
		it.Name = f.Text("name")
		it.Price = kind == closer.ListLossReasons && f.Get("price") != ""
	}
	// up from the first place, down from the last (a stale page): no move
	it.Position = min(max(it.Position, 1), len(l.Of(kind)))
	if err := s.Lists.UpdateListItem(r.Context(), &it); err != nil {
		s.settingsRefused(w, r, "item:"+strconv.FormatInt(id, 10), f, err)
		return
	}
	settingsBack(w, r, "list-"+string(kind), translate(lang, msg, it.Name))
}

// postTarget sets the target of a person or the team for a period (managers and owners).
func (s *Server) postTarget(w http.ResponseWriter, r *http.Request) {
	if err := settingsAccess(r); err != nil {
		s.failPage(w, r, err)
		return
	}
	lang := recLang(r)
	f := parseForm(r, lang)
	t := closer.Target{UserID: f.ID("owner"), Amount: f.Money("amount")}
	if f.Text("amount") == "" {
		f.SetError("amount", translate(lang, "set.targets.amount_required"))
	}
	kind, start, _ := strings.Cut(f.Get("period"), ":")
	t.Period = closer.PeriodKind(kind)
	if d, err := closer.ParseDate(start); err == nil {
		t.StartsOn = d
	} else {
		f.SetError("period", translate(lang, "form.bad_choice"))
	}
	if !f.OK() {
		s.showSettings(w, r, http.StatusUnprocessableEntity, "target", f)
		return
	}
	if err := s.Sales.SetTarget(r.Context(), &t); err != nil {
		if closer.ErrorField(err) == "starts_on" {
			f.SetError("period", errorText(lang, err))
			s.showSettings(w, r, http.StatusUnprocessableEntity, "target", f)
			return
		}
		s.settingsRefused(w, r, "target", f, err)
		return
	}
	settingsBack(w, r, "targets", translate(lang, "set.targets.saved"))
}

// postDeleteTarget deletes a target (owners only, as every deletion).
func (s *Server) postDeleteTarget(w http.ResponseWriter, r *http.Request) {
	err := settingsAccess(r)
	var id int64
	if err == nil {
		id, err = recPathID(r, "id")
	}
	if err == nil {
		err = s.Sales.DeleteTarget(r.Context(), id)
	}
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	settingsBack(w, r, "targets", translate(recLang(r), "set.targets.deleted"))
}

// postMember changes a member's role, or deactivates or reactivates them
// (owners). The store keeps the last active owner; its message is shown
// on the member's row.
func (s *Server) postMember(w http.ResponseWriter, r *http.Request) {
	id, err := recPathID(r, "id")
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	if a, _ := closer.ActorFromContext(r.Context()); a.CanAdminister() != nil {
		s.failPage(w, r, a.CanAdminister())
		return
	}
	lang := recLang(r)
	f := parseForm(r, lang)
	var role *closer.Role
	var active *bool
	msg := "set.members.saved"
	switch f.Get("action") {
	case "deactivate", "reactivate":
		on := f.Get("action") == "reactivate"
		active = &on
		msg = "set.members." + f.Get("action") + "d"
	default:
		rl := closer.Role(f.Get("role"))
		role = &rl
	}
	if err := s.Orgs.UpdateMember(r.Context(), id, role, active); err != nil {
		s.settingsRefused(w, r, "member:"+strconv.FormatInt(id, 10), f, err)
		return
	}
	settingsBack(w, r, "members", translate(lang, msg))
}

// settingsPageRoutes lists the settings pages.
func (s *Server) settingsPageRoutes() []Route {
	return []Route{
		{"GET", "/o/{slug}/settings", OrgPage, s.settingsPage},
		{"POST", "/o/{slug}/settings/lists/{kind}", OrgPage, s.postListItem},
		{"POST", "/o/{slug}/settings/lists/{kind}/{id}", OrgPage, s.postListItemChange},
		{"POST", "/o/{slug}/settings/targets", OrgPage, s.postTarget},
		{"POST", "/o/{slug}/settings/targets/{id}/delete", OrgPage, s.postDeleteTarget},
		{"POST", "/o/{slug}/settings/members/{id}", OrgPage, s.postMember},
	}
}
