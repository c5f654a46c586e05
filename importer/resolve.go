package importer

import (
	"cmp"
	"slices"
	"strings"

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

	members   map[string][]int64 // name's closer.SortKey → user ids (several: homonyms)
	byEmail   map[string]int64   // lower-case e-mail → user id
	people    map[int64]closer.Member
	emails    map[string]bool  // e-mails in use, for synthetic ones
	owners    map[string]int64 // ref → id
	newOwners []newOwner
	// byPerson holds the members by personKey of their names (consultants
	// aside), for the addresses the file gives (ownerByName); matches the
	// addresses so taken.
	byPerson map[string][]int64
	matches  []ownerMatch
	// byTag holds the members an import created for an owner address, by
	// their address's tag, and tagged the same ids (see ownerOf);
	// fileEmails holds the file's owner addresses, nameEmails them by the
	// owner name beside them (closer.SortKey): see noteOwnerEmails.
	byTag      map[string]int64
	tagged     map[int64]bool
	fileEmails map[string]bool
	nameEmails map[string][]string

	accounts    map[string]int64 // closer.NameKey of the name (and city and phone, see accountAt) → id
	newAccounts []*closer.Account
	// newNamed lists the accounts to create by name (closer.NameKey), for a row
	// that names one of them without its city and phone.
	newNamed map[string][]int64

	contacts    map[contactKey]int64
	newContacts []*closer.Contact
}

type contactKey struct {
	account int64
	name    string
	email   string // lower case; "" when the row gives none
}

func newResolver(b closer.Bulk, stageOrder []string) *resolver {
	l := b.Lists()
	r := &resolver{
		b: b,
		lists: &closer.Lists{Stages: slices.Clone(l.Stages), LossReasons: slices.Clone(l.LossReasons),
			VanishReasons: slices.Clone(l.VanishReasons), Competitors: slices.Clone(l.Competitors), Sources: slices.Clone(l.Sources)},
		real:       map[int64]int64{},
		members:    map[string][]int64{},
		byEmail:    map[string]int64{},
		people:     map[int64]closer.Member{},
		byPerson:   map[string][]int64{},
		byTag:      map[string]int64{},
		tagged:     map[int64]bool{},
		fileEmails: map[string]bool{},
		nameEmails: map[string][]string{},
		emails:     map[string]bool{},
		owners:     map[string]int64{},
		accounts:   map[string]int64{},
		newNamed:   map[string][]int64{},
		contacts:   map[contactKey]int64{},
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
		r.people[m.UserID] = m
		r.byEmail[strings.ToLower(m.Email)] = m.UserID
		r.emails[strings.ToLower(m.Email)] = true
		name := closer.SortKey(strings.TrimSpace(m.Name))
		r.members[name] = append(r.members[name], m.UserID)
		if m.Role != closer.RoleConsultant {
			r.addPerson(personKey(m.Name), m.UserID)
		}
		if tag, ok := importedTag(m.Email); ok {
			r.byTag[tag], r.tagged[m.UserID] = m.UserID, true
		}
	}
	return r
}

func (r *resolver) nextTemp() int64 {
	r.temp--
	return r.temp
}

// listItem resolves an entry of a list by name (findListItem: never by
// id), creating a missing one at the end of its list.
func (r *resolver) listItem(k closer.ListKind, ref string) (int64, error) {
	if ref == "" {
		return 0, nil
	}
	cache := r.items[slices.Index(closer.ListKinds, k)]
	if id, ok := cache[ref]; ok {
		return id, nil
	}
	it, found, err := findListItem(r.lists, k, ref)
	if err != nil {
		return 0, err
	} else if !found {
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

// retired reports whether the entry id of list k is retired: no longer
// offered for new choices, kept by the records that have it.
func (r *resolver) retired(k closer.ListKind, id int64) bool {
	it, ok := r.lists.Get(k, id)
	return ok && it.Retired
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

// contact resolves a contact by name at an account, and by e-mail among
// the contacts of that name when the row gives one (contact_email: two
// contacts of one name at one account, told apart by their addresses, stay
// two), creating an unknown one, with that address.
func (r *resolver) contact(name, email string, accountID, ownerID int64) (int64, error) {
	if name == "" {
		return 0, nil
	}
	email = strings.ToLower(strings.TrimSpace(email))
	key := contactKey{accountID, closer.NameKey(name), email}
	if id, ok := r.contacts[key]; ok {
		return id, nil
	}
	id, err := r.b.ContactAt(accountID, name, email)
	if err != nil {
		return 0, err
	}
	if id == 0 {
		c := &closer.Contact{Name: name, Email: email, AccountID: accountID, OwnerID: ownerID}
		if err := c.Validate(); err != nil {
			if closer.ErrorField(err) == "email" {
				withField(err, "contact_email")
			} else {
				withField(err, "contact")
			}
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
			rep.CreatedListEntries = append(rep.CreatedListEntries, ListEntry{List: it.Kind, Name: it.Name})
			rep.CreatedListItems = append(rep.CreatedListItems, string(it.Kind)+": "+it.Name)
		}
	}
	if err := r.createOwners(orgSlug, rep); err != nil {
		return err
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
