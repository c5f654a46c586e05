package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"closer"
)

// Owners given by name and e-mail address (the owner and owner_email
// columns of Closer's own exports): the address tells apart two members of
// one name, which a name alone merges into one (a move would add up two
// salespeople's pipelines) or cannot choose between.
//
// The address finds the member of the org who has it. No member has it
// (the team is not invited yet, a fresh org): the import creates the
// member, as it does for an owner given by name, with an address that
// reaches nobody: never the file's one (see owner). Two names alike with
// different addresses become two members. For a later file of the same
// move (accounts, then opportunities, then orders) to find each of them
// again without the file's address being stored, the new member's address
// carries a tag made from it (ownerTag): "julien.moreau+3f9a2c1b5e07@
// SLUG.imported.invalid". The tag is a one-way digest of the address and
// of the org's id: it does not give the address back, it is the same
// whether or not any user of Closer has the address (nothing about other
// orgs is learnt), and it is of no use in another org. Members created so
// keep the file's display name, as the source org had them.

// ownerTagLen is how many hex digits of the digest a tag keeps: 48 bits,
// which no import's few hundred owners collide in.
const ownerTagLen = 12

// importedDomain ends the addresses of the members an import creates.
const importedDomain = ".imported.invalid"

// ownerTag is the tag of the member an import creates for the file's
// owner address email (lower case) in the org of id orgID.
func ownerTag(orgID int64, email string) string {
	sum := sha256.Sum256([]byte(strconv.FormatInt(orgID, 10) + "\x00" + email))
	return hex.EncodeToString(sum[:])[:ownerTagLen]
}

// importedTag returns the tag of an address of a member that an import
// created for an owner address (see ownerTag); ok is false for any other
// address, those created for an owner given by name included.
func importedTag(email string) (tag string, ok bool) {
	local, domain, _ := strings.Cut(strings.ToLower(email), "@")
	_, tag, found := strings.Cut(local, "+")
	if !found || !strings.HasSuffix(domain, importedDomain) || len(tag) != ownerTagLen {
		return "", false
	}
	if _, err := hex.DecodeString(tag); err != nil {
		return "", false
	}
	return tag, true
}

// noteOwnerEmails reads, before any row is resolved, the addresses the
// file gives each owner name (owner_email beside owner), so that the
// resolution of one row does not depend on the rows before it: see ownerOf.
func (r *resolver) noteOwnerEmails(c *columns, t *Table) {
	name, email := c.fields["owner"], c.fields["owner_email"]
	if (email == nil || len(email.cols) == 0 && email.def == "") && (name == nil || len(name.cols) == 0) {
		return
	}
	for i := range t.Rows {
		n, address := ownerCell(c, &t.Rows[i])
		if address == "" {
			continue
		}
		e, err := closer.NormalizeEmail(address)
		if err != nil {
			continue
		}
		r.fileEmails[e] = true
		key := closer.SortKey(n)
		if !slices.Contains(r.nameEmails[key], e) {
			r.nameEmails[key] = append(r.nameEmails[key], e)
		}
	}
}

// rowOwner resolves the owner of a row: by name, or by name and e-mail
// when the mapping reads owner_email or the owner's cell holds both
// (ownerCell, ownerOf).
func (r *resolver) rowOwner(c *columns, row *Row) (int64, error) {
	return r.ownerOf(ownerCell(c, row))
}

// ownerCell returns a row's owner name and e-mail address: its owner and
// owner_email cells, or the name and the address of an owner cell written
// as a mailbox, "Jean Dupont <jean.dupont@acme.fr>" (as mail clients, and
// the exports that copy them, write a person), which was a member of that
// whole name.
func ownerCell(c *columns, row *Row) (name, email string) {
	name, email = c.fields["owner"].text(row), c.fields["owner_email"].text(row)
	if n, e, ok := mailbox(name); ok {
		name = n
		if email == "" {
			email = e
		}
	}
	return name, email
}

// mailbox reads "Name <address>" (the name may be quoted, or absent):
// its name and address; ok is false for anything else.
func mailbox(s string) (name, address string, ok bool) {
	if !strings.HasSuffix(s, ">") {
		return "", "", false
	}
	i := strings.LastIndexByte(s, '<')
	if i < 0 || !strings.Contains(s[i:], "@") {
		return "", "", false
	}
	name = strings.TrimSpace(s[:i])
	if len(name) >= 2 && name[0] == '"' && name[len(name)-1] == '"' {
		name = strings.TrimSpace(name[1 : len(name)-1])
	}
	return name, strings.TrimSpace(s[i+1 : len(s)-1]), true
}

// ownerProblem turns an error of rowOwner into a Problem about the field
// it names (owner or owner_email).
func ownerProblem(c *columns, row *Row, err error) *Problem {
	f := c.fields["owner"]
	if closer.ErrorField(err) == "owner_email" {
		f = c.fields["owner_email"]
	}
	return rowProblem(row, f, err)
}

// ownerOf resolves an owner given by name and e-mail address; without an
// address, by name alone (owner). The address is the member's who has it;
// else the member an earlier import created for it (its tag); else, when
// the org has members of that name (invited with another address), the
// one of them that the file cannot mean otherwise: not reached by an
// address of its own in the file, and the file giving that name no other
// address that no member has; else a new member of that name, tagged.
// Several members of that name, or several addresses of the file for one
// member of that name, are a problem that names them: never a guess.
func (r *resolver) ownerOf(name, email string) (int64, error) {
	email = strings.TrimSpace(email)
	if email == "" {
		return r.owner(name)
	}
	norm, err := closer.NormalizeEmail(email)
	if err != nil {
		return 0, closer.FieldError("owner_email", "%q is not a valid e-mail address.", email)
	}
	if strings.TrimSpace(name) == "" {
		return r.owner(norm)
	}
	ref := norm + "\x00" + name
	if id, ok := r.owners[ref]; ok {
		return id, nil
	}
	id, err := r.memberOf(name, norm)
	if err != nil {
		return 0, err
	} else if r.people[id].Role == closer.RoleConsultant {
		return 0, closer.FieldError("owner", "%s is a consultant, who changes nothing: choose a salesperson, a manager or an owner.", name)
	}
	r.owners[ref] = id
	return id, nil
}

// memberOf finds the member of ownerOf, or notes a new one.
func (r *resolver) memberOf(name, email string) (int64, error) {
	if id, ok := r.byEmail[email]; ok {
		return id, nil
	}
	tag := ownerTag(r.b.Org().ID, email)
	if id, ok := r.byTag[tag]; ok {
		return id, nil
	}
	key := closer.SortKey(name)
	// The members of that name the file may mean under another address.
	var named []int64
	for _, id := range r.members[key] {
		if !r.tagged[id] && !r.fileEmails[strings.ToLower(r.people[id].Email)] {
			named = append(named, id)
		}
	}
	if active := slices.DeleteFunc(slices.Clone(named), r.inactive); len(active) > 0 {
		named = active
	}
	var unknown []string // the file's addresses for that name that no member has
	for _, e := range r.nameEmails[key] {
		if _, ok := r.byEmail[e]; !ok && r.byTag[ownerTag(r.b.Org().ID, e)] == 0 {
			unknown = append(unknown, e)
		}
	}
	switch {
	case len(named) == 1 && len(unknown) <= 1:
		r.byEmail[email] = named[0]
		r.matches = append(r.matches, ownerMatch{email, named[0]})
		return named[0], nil
	case len(named) > 0:
		emails := make([]string, len(named))
		for i, id := range named {
			emails[i] = r.people[id].Email
		}
		return 0, closer.FieldError("owner_email", "No member of this organization has this address; the file gives %d addresses that no member has (%s) to owners named %s, and %d members of that name have others (%s): invite each owner with the address the file gives (Settings → Members) and import once they have joined.",
			len(unknown), strings.Join(unknown, ", "), name, len(named), strings.Join(emails, ", "))
	}
	if len(r.newOwners) >= maxNewOwners {
		return 0, closer.FieldError("owner", "The file names more than %d owners who are not members of the organization, the most one import creates: check which column gives the owner, or add the members first.", maxNewOwners)
	} else if err := closer.CheckText("owner", name, 200); err != nil {
		return 0, err
	}
	id := r.nextTemp()
	r.newOwners = append(r.newOwners, newOwner{id: id, name: name, email: email, tag: tag})
	r.byTag[tag] = id
	r.tagged[id] = true
	r.members[key] = append(r.members[key], id)
	r.addPerson(personKey(name), id)
	return id, nil
}
