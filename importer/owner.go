package importer

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"closer"
)

// newOwner is a member an import creates for the owner a file names.
type newOwner struct {
	id    int64
	name  string
	email string // the address the file gave as the owner, or "" (a synthetic one)
	// named tells that name is the file's, not made of the address.
	named bool
}

// ownerMatch is an address the file gives as an owner that no member has,
// taken for the member of the same name (see ownerByName).
type ownerMatch struct {
	email string
	id    int64
}

// owner resolves a member by name (case and accents aside, as names are
// sorted: closer.SortKey) or e-mail (case aside), creating an unknown one;
// "" is nobody (the importing user, then). A consultant owns nothing; a
// member who left may own what the file says they did. An owner given by an
// e-mail address is created with that address (and a name made of it, see
// nameOfEmail): the person who later signs up or is invited with it is that
// member, not another. A file that names an owner by name on some rows and
// by address on others ("Jean Dupont", "jean.dupont@acme.fr") names one
// member: see ownerByName.
func (r *resolver) owner(ref string) (int64, error) {
	if ref == "" {
		return 0, nil
	}
	if id, ok := r.owners[ref]; ok {
		return id, nil
	}
	email, _ := ownerEmail(ref)
	key := closer.SortKey(ref) // "Jean-Francois Muller" is Jean-François Müller
	if email != "" {
		key = email
	}
	id, ok := r.members[key]
	if !ok {
		id, ok = r.ownerByName(ref, email)
	}
	if r.advisers[id] {
		return 0, closer.FieldError("owner", "%s is a consultant, who changes nothing: choose a salesperson, a manager or an owner.", ref)
	}
	if !ok {
		if err := closer.CheckText("owner", ref, 200); err != nil {
			return 0, err
		}
		id = r.nextTemp()
		o := newOwner{id: id, name: ref, named: true}
		if email != "" {
			o.name, o.email, o.named = nameOfEmail(email), email, false
			r.emails[email] = true
			r.addPerson(emailKey(email), id)
		} else {
			r.addPerson(personKey(ref), id)
		}
		r.newOwners = append(r.newOwners, o)
		r.members[key] = id
	}
	r.owners[ref] = id
	return id, nil
}

// ownerByName finds the member that an owner the org does not know by ref
// is, when the file names it otherwise on other rows:
//   - an address (email) whose local part is the name of exactly one member
//     (existing or created by this file; consultants aside), dots,
//     underscores and hyphens as spaces, case and accents aside:
//     jean.dupont@acme.fr is Jean Dupont. That member is given the
//     address when this file creates it by its name.
//   - a name that is the local part of exactly one address this file
//     creates a member for: that member takes the name as the file spells
//     it ("Hélène Dupont" rather than "Helene Dupont" made of the address).
//
// Otherwise (no such member, or several) ok is false: the owner is created.
// The report lists each address so taken (Report.MatchedOwners).
func (r *resolver) ownerByName(ref, email string) (id int64, ok bool) {
	if email != "" {
		ids := r.people[emailKey(email)]
		if len(ids) != 1 {
			return 0, false
		}
		id = ids[0]
		if o := r.newOwner(id); o != nil && o.email == "" {
			o.email = email
			r.emails[email] = true
		}
		r.members[email] = id
		r.matches = append(r.matches, ownerMatch{email, id})
		return id, true
	}
	var found []*newOwner
	for _, id := range r.people[personKey(ref)] {
		if o := r.newOwner(id); o != nil && o.email != "" && !o.named && emailKey(o.email) == personKey(ref) {
			found = append(found, o)
		}
	}
	if len(found) != 1 {
		return 0, false
	}
	o := found[0]
	o.name, o.named = ref, true
	r.members[closer.SortKey(ref)] = o.id
	r.matches = append(r.matches, ownerMatch{o.email, o.id})
	return o.id, true
}

// addPerson notes id among the members whose name has the key.
func (r *resolver) addPerson(key string, id int64) {
	if key != "" && !slices.Contains(r.people[key], id) {
		r.people[key] = append(r.people[key], id)
	}
}

// newOwner returns the owner to create of a temporary id, or nil.
func (r *resolver) newOwner(id int64) *newOwner {
	for i := range r.newOwners {
		if r.newOwners[i].id == id {
			return &r.newOwners[i]
		}
	}
	return nil
}

// personKey is the form in which a person's name and an address's local
// part compare: closer.SortKey (case and accents aside), with dots,
// underscores and hyphens as spaces: "Marie-Claire Roux" and
// "marie.claire.roux" are "marie claire roux".
func personKey(s string) string {
	return strings.Join(strings.FieldsFunc(closer.SortKey(s), func(r rune) bool {
		return r == '.' || r == '_' || r == '-' || unicode.IsSpace(r)
	}), " ")
}

// emailKey is the personKey of an address's local part.
func emailKey(email string) string {
	local, _, _ := strings.Cut(email, "@")
	return personKey(local)
}

// ownerEmail returns the owner's address, in lower case, when the file
// names the owner by one ("Jean.Dupont@acme.fr"); ok is false otherwise.
func ownerEmail(ref string) (email string, ok bool) {
	if !strings.Contains(ref, "@") {
		return "", false
	}
	email, err := closer.NormalizeEmail(ref)
	return email, err == nil
}

// nameOfEmail makes a member's name of an address's local part, its dots,
// underscores and pluses as spaces and each word capitalised:
// "jean.dupont@x.fr" is Jean Dupont, "marie-claire_roux" Marie-Claire Roux.
func nameOfEmail(email string) string {
	local, _, _ := strings.Cut(email, "@")
	words := strings.FieldsFunc(local, func(r rune) bool { return r == '.' || r == '_' || r == '+' })
	for i, w := range words {
		parts := strings.Split(w, "-")
		for j, p := range parts {
			if r, size := utf8.DecodeRuneInString(p); size > 0 {
				parts[j] = string(unicode.ToUpper(r)) + p[size:]
			}
		}
		words[i] = strings.Join(parts, "-")
	}
	if len(words) == 0 {
		return local
	}
	return strings.Join(words, " ")
}

// createOwners adds, through the Bulk, the members the rows need, and
// notes them in the report, with the addresses taken for a member of the
// same name.
func (r *resolver) createOwners(orgSlug string, rep *Report) error {
	for _, o := range r.newOwners {
		email, shown := o.email, o.name
		if email == "" {
			email = r.syntheticEmail(o.name, orgSlug)
		} else {
			shown = o.name + " <" + o.email + ">"
		}
		id, err := r.b.AddUser(o.name, email, closer.RoleSales)
		if closer.ErrorCode(err) == closer.ECONFLICT && o.email != "" {
			// A person of another org: an import never grants access.
			return closer.FieldError("owner", "%s already has a Closer account but is not a member of this organization: add them as a member first, then import again.", o.email)
		} else if err != nil {
			return err
		}
		r.real[o.id] = id
		rep.CreatedOwners = append(rep.CreatedOwners, shown)
	}
	for _, m := range r.matches {
		name := r.memberNames[m.id]
		if o := r.newOwner(m.id); o != nil {
			name = o.name
		}
		rep.MatchedOwners = append(rep.MatchedOwners, m.email+" → "+name)
	}
	return nil
}

// syntheticEmail makes an address for an owner created by an import:
// moses.frase@SLUG.imported.invalid. The org's slug keeps it apart from
// every other org's (users' e-mails are unique across orgs); the reserved
// .invalid domain makes sure no mail is ever sent to it.
func (r *resolver) syntheticEmail(name, orgSlug string) string {
	local := strings.ReplaceAll(closer.Slugify(name), "-", ".")
	if local == "" {
		local = "owner"
	}
	domain := "@" + orgSlug + ".imported.invalid"
	email := local + domain
	for n := 2; r.emails[email]; n++ {
		email = local + "." + strconv.Itoa(n) + domain
	}
	r.emails[email] = true
	return email
}
