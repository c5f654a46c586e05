package importer

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"closer"
)

// newOwner is a member an import creates for an owner the file names; by
// name and address (ownerOf), email is the file's address, kept in memory
// for the report only, and tag what the new member's address carries.
type newOwner struct {
	id         int64
	name       string
	email, tag string
}

// ownerMatch is an address the file gives as an owner that no member has,
// taken for the member of the same name (see ownerByName).
type ownerMatch struct {
	email string
	id    int64
}

// maxNewOwners is the most members one import creates. Closer is made
// for teams of a few salespeople: a file that names hundreds of owners the
// org lacks reads its owners from the wrong column (a contact, a deal's
// id), and every member it created would stay, deactivated at best.
const maxNewOwners = 200

// owner resolves a member by name (case and accents aside, as names are
// sorted: closer.SortKey) or e-mail (case aside), creating an unknown one
// named so; "" is nobody (the importing user, then). A consultant owns
// nothing; a member who left may own what the file says they did (closed
// rows: see inactive).
//
// An e-mail address finds a member of the org, or nobody: an import never
// creates a member with an address, nor grants a person access. Which
// addresses belong to users of other organizations is theirs to know, not
// an importing manager's: a row that names an address no member has is a
// bad row, the same whether a user has it elsewhere, had it from another
// org's import, or nobody does; invite the person first, or name them.
// An address whose local part is the name of one member (existing, or
// created by an earlier row of the file) is that member: see ownerByName.
func (r *resolver) owner(ref string) (int64, error) {
	if ref == "" {
		return 0, nil
	}
	if id, ok := r.owners[ref]; ok {
		return id, nil
	}
	id, err := r.member(ref)
	if err != nil {
		return 0, err
	} else if r.people[id].Role == closer.RoleConsultant {
		return 0, closer.FieldError("owner", "%s is a consultant, who changes nothing: choose a salesperson, a manager or an owner.", ref)
	}
	r.owners[ref] = id
	return id, nil
}

// member finds the member ref names (see owner), or notes a new one. Of
// members who share a name, the one still active is meant; two active ones
// (or, all gone, two who left) are a problem that names their addresses,
// never a guess.
func (r *resolver) member(ref string) (int64, error) {
	if email, ok := ownerEmail(ref); ok {
		if id, ok := r.byEmail[email]; ok {
			return id, nil
		} else if id, ok := r.ownerByName(email); ok {
			return id, nil
		}
		return 0, closer.FieldError("owner", "No member of this organization has this address: invite them first (Settings → Members) and import once they have joined, or give the owner's name instead.")
	}
	key := closer.SortKey(ref) // "Jean-Francois Muller" is Jean-François Müller
	ids := r.members[key]
	if len(ids) > 1 {
		if active := slices.DeleteFunc(slices.Clone(ids), r.inactive); len(active) == 1 {
			return active[0], nil
		} else if len(active) > 1 {
			ids = active
		}
		emails := make([]string, len(ids))
		for i, id := range ids {
			emails[i] = r.people[id].Email
		}
		return 0, closer.FieldError("owner", "%d members are named %s (%s): give the owner's e-mail address instead of the name.", len(ids), ref, strings.Join(emails, ", "))
	} else if len(ids) == 1 {
		return ids[0], nil
	}
	if len(r.newOwners) >= maxNewOwners {
		return 0, closer.FieldError("owner", "The file names more than %d owners who are not members of the organization, the most one import creates: check which column gives the owner, or add the members first.", maxNewOwners)
	} else if err := closer.CheckText("owner", ref, 200); err != nil {
		return 0, err
	}
	id := r.nextTemp()
	r.newOwners = append(r.newOwners, newOwner{id: id, name: ref})
	r.members[key] = []int64{id}
	r.addPerson(personKey(ref), id)
	return id, nil
}

// ownerByName finds the member that an address no member has stands for,
// when the file names that member otherwise on other rows: the one member
// (existing or created by an earlier row of this file; consultants aside)
// whose name is the address's local part, dots, underscores and hyphens as
// spaces, case and accents aside: jean.dupont@acme.fr is Jean Dupont.
// None or several: ok is false. The report lists each address so taken
// (Report.MatchedOwners).
func (r *resolver) ownerByName(email string) (id int64, ok bool) {
	ids := r.byPerson[emailKey(email)]
	if len(ids) != 1 {
		return 0, false
	}
	r.byEmail[email] = ids[0]
	r.matches = append(r.matches, ownerMatch{email, ids[0]})
	return ids[0], true
}

// addPerson notes id among the members whose name has the key.
func (r *resolver) addPerson(key string, id int64) {
	if key != "" && !slices.Contains(r.byPerson[key], id) {
		r.byPerson[key] = append(r.byPerson[key], id)
	}
}

// inactive reports whether the member id was deactivated: they no longer
// work for the org. A member the import creates is active.
func (r *resolver) inactive(id int64) bool {
	m, ok := r.people[id]
	return ok && !m.Active
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

// createOwners adds, through the Bulk, the members the rows need, each
// with an address of its own that reaches nobody (syntheticEmail), and
// notes them in the report, with the addresses taken for a member of the
// same name.
func (r *resolver) createOwners(orgSlug string, rep *Report) error {
	for _, o := range r.newOwners {
		id, err := r.b.AddUser(o.name, r.syntheticEmail(o.name, o.tag, orgSlug), closer.RoleSales)
		if err != nil {
			return err
		}
		r.real[o.id] = id
		if o.email != "" {
			rep.CreatedOwners = append(rep.CreatedOwners, o.name+" ("+o.email+")")
		} else {
			rep.CreatedOwners = append(rep.CreatedOwners, o.name)
		}
	}
	for _, m := range r.matches {
		name := r.people[m.id].Name
		for _, o := range r.newOwners {
			if o.id == m.id {
				name = o.name
			}
		}
		rep.MatchedOwners = append(rep.MatchedOwners, m.email+" → "+name)
	}
	return nil
}

// syntheticEmail makes an address for an owner created by an import:
// moses.frase@SLUG.imported.invalid, or, for an owner given by address
// too, moses.frase+TAG@SLUG.imported.invalid (see ownerTag). The org's
// slug keeps it apart from every other org's (users' e-mails are unique
// across orgs); the reserved .invalid domain makes sure no mail is ever
// sent to it.
func (r *resolver) syntheticEmail(name, tag, orgSlug string) string {
	local := strings.ReplaceAll(closer.Slugify(name), "-", ".")
	if local == "" {
		local = "owner"
	}
	if tag != "" {
		local += "+" + tag
	}
	domain := "@" + orgSlug + importedDomain
	email := local + domain
	for n := 2; r.emails[email]; n++ {
		email = local + "." + strconv.Itoa(n) + domain
	}
	r.emails[email] = true
	return email
}
