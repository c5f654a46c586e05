package importer

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"closer"
)

// resolver turns a row's names into ids: owners, accounts, contacts and
// list entries. What the org lacks gets a temporary negative id, so that
// every row can be checked before anything is written; create then adds
// those records through the Bulk and remap swaps the real ids in.
type resolver struct {
	b     closer.Bulk
	lists *closer.Lists // the org's lists plus the entries to create
	temp  int64         // the last temporary id given (negative)
	real  map[int64]int64

	items    [5]map[string]int64 // per list kind: ref → id
	newItems []closer.ListItem
	// stageRank ranks the stages in the mapping's StageOrder (name's
	// closer.NameKey → index); new stages take their place after lastStage, the
	// org's last position, in that order, then those it does not list.
	stageRank map[string]int
	lastStage int
	unranked  int // new stages not in stageRank so far

	members   map[string]int64 // name's closer.SortKey, or lower-case e-mail → user id
	advisers  map[int64]bool   // consultants, who own nothing
	emails    map[string]bool  // e-mails in use, for synthetic ones
	owners    map[string]int64 // ref → id
	newOwners []newOwner

	accounts    map[string]int64 // closer.NameKey of the name (and city and phone, see accountAt) → id
	newAccounts []*closer.Account
	// newNamed lists the accounts to create by name (closer.NameKey), for a row
	// that names one of them without its city and phone.
	newNamed map[string][]int64

	contacts    map[contactKey]int64
	newContacts []*closer.Contact
}

type newOwner struct {
	id    int64
	name  string
	email string // the address the file gave as the owner, or "" (a synthetic one)
}

type contactKey struct {
	account int64
	name    string
}

func newResolver(b closer.Bulk, stageOrder []string) *resolver {
	l := b.Lists()
	r := &resolver{
		b: b,
		lists: &closer.Lists{Stages: slices.Clone(l.Stages), LossReasons: slices.Clone(l.LossReasons),
			VanishReasons: slices.Clone(l.VanishReasons), Competitors: slices.Clone(l.Competitors), Sources: slices.Clone(l.Sources)},
		real:     map[int64]int64{},
		members:  map[string]int64{},
		emails:   map[string]bool{},
		owners:   map[string]int64{},
		advisers: map[int64]bool{},
		accounts: map[string]int64{},
		newNamed: map[string][]int64{},
		contacts: map[contactKey]int64{},
	}
	for i := range r.items {
		r.items[i] = map[string]int64{}
	}
	r.stageRank = map[string]int{}
	for i, s := range stageOrder {
		if k := closer.NameKey(s); k != "" {
			if _, dup := r.stageRank[k]; !dup {
				r.stageRank[k] = i
			}
		}
	}
	for _, e := range r.lists.Of(closer.ListStages) {
		r.lastStage = max(r.lastStage, e.Position)
	}
	for _, m := range b.Members() {
		r.advisers[m.UserID] = m.Role == closer.RoleConsultant
		r.members[strings.ToLower(m.Email)] = m.UserID
		r.emails[strings.ToLower(m.Email)] = true
		if name := closer.SortKey(strings.TrimSpace(m.Name)); r.members[name] == 0 {
			r.members[name] = m.UserID
		}
	}
	return r
}

func (r *resolver) nextTemp() int64 {
	r.temp--
	return r.temp
}

// listItem resolves an entry of a list by id or name, creating a missing one
// at the end of its list.
func (r *resolver) listItem(k closer.ListKind, ref string) (int64, error) {
	if ref == "" {
		return 0, nil
	}
	cache := r.items[slices.Index(closer.ListKinds, k)]
	if id, ok := cache[ref]; ok {
		return id, nil
	}
	it, err := r.lists.Resolve(k, ref, false)
	if err != nil {
		it = closer.ListItem{Kind: k, Name: ref, Position: 1}
		if err := it.Validate(); err != nil {
			withField(err, k.Field())
			return 0, err
		}
		if k == closer.ListStages {
			it.Position = r.stagePosition(ref)
		} else {
			for _, e := range r.lists.Of(k) {
				it.Position = max(it.Position, e.Position+1)
			}
		}
		it.ID = r.nextTemp()
		r.lists.Add(it)
		r.newItems = append(r.newItems, it)
	}
	cache[ref] = it.ID
	return it.ID, nil
}

// stagePosition places a stage the import adds after the org's stages: in
// the mapping's StageOrder, then in the order the file names the others.
func (r *resolver) stagePosition(name string) int {
	if rank, ok := r.stageRank[closer.NameKey(name)]; ok {
		return r.lastStage + 1 + rank
	}
	r.unranked++
	return r.lastStage + len(r.stageRank) + r.unranked
}

// owner resolves a member by name (case and accents aside, as names are
// sorted: closer.SortKey) or e-mail (case aside), creating an unknown one; "" is nobody (the importing user, then). A consultant owns
// nothing; a member who left may own what the file says they did. An owner
// given by an e-mail address is created with that address (and a name
// made of it, see nameOfEmail): the person who later signs up or is invited
// with it is that member, not another.
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
	if r.advisers[id] {
		return 0, closer.FieldError("owner", "%s is a consultant, who changes nothing: choose a salesperson, a manager or an owner.", ref)
	}
	if !ok {
		if err := closer.CheckText("owner", ref, 200); err != nil {
			return 0, err
		}
		id = r.nextTemp()
		o := newOwner{id: id, name: ref}
		if email != "" {
			o.name, o.email = nameOfEmail(email), email
			r.emails[email] = true
		}
		r.newOwners = append(r.newOwners, o)
		r.members[key] = id
	}
	r.owners[ref] = id
	return id, nil
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

// account resolves an account by name: the org's one of that exact name,
// else its one of that name case aside, creating an unknown one (owned by
// the first row's owner that names it, spelt as that row spells it):
// "Hooli" and "hooli" are one account. A name that several accounts of
// the org share (homonyms, told apart by their city or phone) is an error
// that lists them: the row could be any one's.
func (r *resolver) account(name string, ownerID int64) (int64, error) {
	if name == "" {
		return 0, nil
	}
	key := closer.NameKey(name)
	if id, ok := r.accounts[key]; ok {
		return id, nil
	}
	id, err := r.orgAccount(name)
	if err != nil {
		return 0, err
	}
	if created := r.newNamed[key]; id == 0 && len(created) > 0 {
		// Only accounts this import creates (told apart by their city
		// and phone on other rows): the one, or which one?
		if len(created) > 1 {
			return 0, closer.FieldError("account", "%d accounts named «%s» are in the file, with different cities or phones: give this row's city and phone too.", len(created), name)
		}
		r.accounts[key] = created[0]
		return created[0], nil
	}
	if id == 0 {
		if id, err = r.newAccount(name, "", "", ownerID); err != nil {
			return 0, err
		}
	}
	r.accounts[key] = id
	return id, nil
}

// knownAccount returns the id of the org's account that a row names, as
// account would resolve it, without creating anything: 0 and true for no
// name, false for a name the org has no account of (or several).
func (r *resolver) knownAccount(name string) (int64, bool) {
	if name == "" {
		return 0, true
	}
	if id, ok := r.accounts[closer.NameKey(name)]; ok {
		return id, id > 0
	}
	id, err := r.orgAccount(name)
	return id, err == nil && id > 0
}

// orgAccount finds the org's account of name (see account): its id, 0 when
// there is none, an error that lists them when several share the name.
func (r *resolver) orgAccount(name string) (int64, error) {
	same := r.b.AccountsNamed(name)
	name = closer.NormalizeName(name)
	if exact := slices.DeleteFunc(slices.Clone(same), func(a closer.AccountRef) bool { return closer.NormalizeName(a.Name) != name }); len(exact) > 0 {
		same = exact
	}
	switch len(same) {
	case 0:
		return 0, nil
	case 1:
		return same[0].ID, nil
	default:
		// What tells them apart: the city, and the phone beside a city
		// that another of them has too.
		cities := map[string]int{}
		for _, a := range same {
			cities[closer.SortKey(a.City)]++
		}
		var where []string
		for _, a := range same {
			var parts []string
			if a.City != "" {
				parts = append(parts, a.City)
			}
			if a.Phone != "" && (a.City == "" || cities[closer.SortKey(a.City)] > 1) {
				parts = append(parts, a.Phone)
			}
			if len(parts) == 0 {
				parts = append(parts, "?")
			}
			where = append(where, strings.Join(parts, " "))
		}
		return 0, closer.FieldError("account", "%d accounts are named «%s» (%s): the import cannot tell which one is meant; give them names of their own first.",
			len(same), spellings(same), strings.Join(where, ", "))
	}
}

// accountAt resolves an account by name, city and phone, the way the
// accounts import tells homonyms apart (importAccounts): the org's account
// of that name and city (case and accents aside), the phone choosing among
// several of one city; else one the import creates, once per name and city:
// a phone written otherwise never splits a company. Closer's exports write
// the city and phone of each record's account beside its name, so that the
// homonyms of a moved org ("M. et Mme Martin" in two towns) keep their own
// opportunities, contacts and orders.
//
// A row that gives neither city nor phone is resolved by name alone
// (account), unless located (the file has a city or phone column) and one
// account of that name has neither: that one. A row that gives a phone
// without a city finds the one account of that name with that phone.
func (r *resolver) accountAt(name, city, phone string, located bool, ownerID int64) (int64, error) {
	city, phone = strings.TrimSpace(city), strings.TrimSpace(phone)
	if name == "" || city == "" && phone == "" && !located {
		return r.account(name, ownerID)
	}
	inCity := closer.NameKey(name) + "\x00" + closer.SortKey(city)
	key := inCity + "\x00" + phoneDigits(phone)
	if id, ok := r.accounts[key]; ok {
		return id, nil
	}
	named := r.b.AccountsNamed(name)
	found := slices.DeleteFunc(slices.Clone(named), func(a closer.AccountRef) bool {
		return closer.SortKey(strings.TrimSpace(a.City)) != closer.SortKey(city)
	})
	if city == "" && len(found) == 0 && phone != "" {
		found = slices.DeleteFunc(slices.Clone(named), func(a closer.AccountRef) bool { return !samePhone(a.Phone, phone) })
	}
	if len(found) > 1 && phone != "" {
		if same := slices.DeleteFunc(slices.Clone(found), func(a closer.AccountRef) bool { return !samePhone(a.Phone, phone) }); len(same) > 0 {
			found = same
		}
	}
	var id int64
	var err error
	switch {
	case len(found) == 1:
		id = found[0].ID
	case len(found) > 1:
		return 0, closer.FieldError("account", "%d accounts are named «%s» in %s with the phone %s: the import cannot tell which one is meant; give them names of their own first.",
			len(found), spellings(found), cmp.Or(city, "?"), cmp.Or(phone, "?"))
	case phone == "" && r.accounts[inCity] != 0:
		id = r.accounts[inCity] // created for an earlier row of that name and city
	case city == "" && phone == "":
		id, err = r.account(name, ownerID)
	default:
		id, err = r.newAccount(name, city, phone, ownerID)
		r.accounts[inCity] = id
	}
	if err != nil {
		return 0, err
	}
	r.accounts[key] = id
	return id, nil
}

// newAccount notes an account the import creates, owned by the first row's
// owner that names it, and returns its temporary id.
func (r *resolver) newAccount(name, city, phone string, ownerID int64) (int64, error) {
	a := &closer.Account{Name: name, City: city, Phone: phone, OwnerID: ownerID}
	if err := a.Validate(); err != nil {
		if f := closer.ErrorField(err); f == "city" || f == "phone" {
			withField(err, "account_"+f)
		} else {
			withField(err, "account")
		}
		return 0, err
	}
	a.ID = r.nextTemp()
	r.newAccounts = append(r.newAccounts, a)
	key := closer.NameKey(name)
	r.newNamed[key] = append(r.newNamed[key], a.ID)
	return a.ID, nil
}

// contact resolves a contact by name at an account, creating an unknown one.
func (r *resolver) contact(name string, accountID, ownerID int64) (int64, error) {
	if name == "" {
		return 0, nil
	}
	key := contactKey{accountID, closer.NameKey(name)}
	if id, ok := r.contacts[key]; ok {
		return id, nil
	}
	id, err := r.b.ContactID(accountID, name)
	if err != nil {
		return 0, err
	}
	if id == 0 {
		c := &closer.Contact{Name: name, AccountID: accountID, OwnerID: ownerID}
		if err := c.Validate(); err != nil {
			withField(err, "contact")
			return 0, err
		}
		id = r.nextTemp()
		c.ID = id
		r.newContacts = append(r.newContacts, c)
	}
	r.contacts[key] = id
	return id, nil
}

// create adds, through the Bulk, every list entry, owner, account and
// contact the rows need, in that order, and notes them in the report.
func (r *resolver) create(orgSlug string, rep *Report) error {
	// A stage is added at the end of the pipeline: in their positions' order.
	slices.SortStableFunc(r.newItems, func(a, b closer.ListItem) int {
		if a.Kind != closer.ListStages || b.Kind != closer.ListStages {
			return cmp.Compare(kindRank(a.Kind), kindRank(b.Kind))
		}
		return cmp.Compare(a.Position, b.Position)
	})
	unranked := 0
	for _, it := range r.newItems {
		if _, ok := r.stageRank[closer.NameKey(it.Name)]; it.Kind == closer.ListStages && !ok {
			unranked++
		}
	}
	rep.StagesInFileOrder = unranked > 0 && len(r.newItems) > 0 && countStages(r.newItems) > 1
	for _, it := range r.newItems {
		temp := it.ID
		it.ID = 0
		if err := r.b.AddListItem(&it); err != nil {
			return err
		}
		r.real[temp] = it.ID
		if it.Kind == closer.ListStages {
			rep.CreatedStages = append(rep.CreatedStages, it.Name)
		} else {
			rep.CreatedListItems = append(rep.CreatedListItems, string(it.Kind)+": "+it.Name)
		}
	}
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
	for _, a := range r.newAccounts {
		temp := a.ID
		a.ID, a.OwnerID = 0, r.id(a.OwnerID)
		if err := r.b.AddAccount(a); err != nil {
			return err
		}
		r.real[temp] = a.ID
		rep.CreatedAccounts = append(rep.CreatedAccounts, a.Name)
	}
	for _, c := range r.newContacts {
		temp := c.ID
		c.ID, c.AccountID, c.OwnerID = 0, r.id(c.AccountID), r.id(c.OwnerID)
		if err := r.b.AddContact(c); err != nil {
			return err
		}
		r.real[temp] = c.ID
		rep.CreatedContacts = append(rep.CreatedContacts, c.Name)
	}
	return nil
}

// kindRank orders the kinds of list: stages first, the others after.
func kindRank(k closer.ListKind) int {
	if k == closer.ListStages {
		return 0
	}
	return 1
}

func countStages(items []closer.ListItem) int {
	n := 0
	for _, it := range items {
		if it.Kind == closer.ListStages {
			n++
		}
	}
	return n
}

// id returns the real id of a temporary one, and any other id unchanged.
func (r *resolver) id(v int64) int64 {
	if v < 0 {
		return r.real[v]
	}
	return v
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
