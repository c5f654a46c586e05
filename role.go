package closer

import "context"

// Role is what a member may do in one org (SPEC section 2).
type Role string

// The four roles.
const (
	RoleOwner      Role = "owner"      // everything, including members, settings and deletion
	RoleManager    Role = "manager"    // read and change all records, targets
	RoleSales      Role = "sales"      // read everything, change what they own, create records
	RoleConsultant Role = "consultant" // read everything, write consultant notes, change nothing else
)

// Roles lists the roles from the most to the least powerful.
var Roles = []Role{RoleOwner, RoleManager, RoleSales, RoleConsultant}

// ParseRole checks that s names a role.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", FieldError("role", "Role must be owner, manager, sales or consultant, not %q.", s)
}

// Phrase names the role in a message, in the reader's language (the
// catalogs translate each), where the bare value ("sales") would stay
// English in a French sentence.
func (r Role) Phrase() Phrase {
	switch r {
	case RoleOwner:
		return Phrasef("owner")
	case RoleManager:
		return Phrasef("manager")
	case RoleSales:
		return Phrasef("salesperson")
	case RoleConsultant:
		return Phrasef("consultant")
	}
	return Phrasef("%s", string(r))
}

// Actor is who acts, in which org, with which role. Every org-scoped service
// call reads it from the context: the org it names is the only one the call
// can see, and its role decides what the call may change.
type Actor struct {
	UserID int64
	Name   string
	OrgID  int64
	Role   Role
}

type actorKey struct{}

// NewContextWithActor returns ctx carrying the acting member.
func NewContextWithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFromContext returns the acting member; ok is false when nobody acts.
func ActorFromContext(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok && a.OrgID != 0
}

// CurrentActor returns the acting member or an EUNAUTHORIZED error.
func CurrentActor(ctx context.Context) (Actor, error) {
	a, ok := ActorFromContext(ctx)
	if !ok {
		return Actor{}, Errorf(EUNAUTHORIZED, "You must be signed in to an organization.")
	}
	return a, nil
}

// CanCreate allows creating records: everyone but the consultant.
//
// What a salesperson may do follows one rule (SPEC 2: "change what they
// own, create new records"). Creating is allowed whatever record of the org
// the new one is attached to, a colleague's included: an activity or a
// quote on a colleague's opportunity, a contact at a colleague's account,
// an order linked to a colleague's won opportunity, an opportunity at a
// colleague's account. The new record is the creator's (its owner; a quote,
// which has no owner of its own, is its opportunity's), and attaching it
// changes nothing of the colleague's record: no amount, stage, status or
// field of it moves. Changing a record is CanChange's: a salesperson
// changes only what they own (and a quote only on their own opportunity),
// creates nothing owned by a colleague, and gives nothing of theirs away.
// The stores ask CanCreate on every creation, then CanAssign on the new
// record's owner.
func (a Actor) CanCreate() error {
	if a.Role == RoleConsultant {
		return Errorf(EFORBIDDEN, "A consultant can read everything but change nothing.")
	}
	return nil
}

// CanChange allows changing a record owned by ownerID: owners and managers
// change everything, salespeople what they own, consultants nothing. A
// quote is changed as its opportunity is (ownerID: the opportunity's
// owner); see CanCreate for what a salesperson creates.
func (a Actor) CanChange(ownerID int64) error {
	switch a.Role {
	case RoleOwner, RoleManager:
		return nil
	case RoleSales:
		if ownerID == a.UserID {
			return nil
		}
		return Errorf(EFORBIDDEN, "Only its owner, a manager or the org's owner can change this.")
	case RoleConsultant:
		return Errorf(EFORBIDDEN, "A consultant can read everything but change nothing.")
	}
	return Errorf(EFORBIDDEN, "Unknown role.")
}

// CanAssign allows making ownerID the owner of a record, a new one or one
// that changes hands: owners and managers assign records to anyone, a
// salesperson only to themselves (they create for themselves and give
// nothing of theirs away), a consultant to nobody. The refusal names the
// field owner, the one the request set, and says who may assign: "only its
// owner can change this" would read wrong to a salesperson who owns it.
// The stores ask it whenever a record's owner is set; CanChange has
// already allowed the change itself.
func (a Actor) CanAssign(ownerID int64) error {
	switch a.Role {
	case RoleOwner, RoleManager:
		return nil
	case RoleSales:
		if ownerID == a.UserID {
			return nil
		}
		err := Errorf(EFORBIDDEN, "A salesperson keeps what they own and creates records for themselves: a manager or the org's owner assigns them to a colleague.")
		err.Field = "owner"
		return err
	case RoleConsultant:
		return Errorf(EFORBIDDEN, "A consultant can read everything but change nothing.")
	}
	return Errorf(EFORBIDDEN, "Unknown role.")
}

// CanManage allows team-wide changes (targets, reassignments): owners and managers.
func (a Actor) CanManage() error {
	if a.Role == RoleOwner || a.Role == RoleManager {
		return nil
	}
	return Errorf(EFORBIDDEN, "Only a manager or the org's owner can do this.")
}

// CanDelete allows deleting records (opportunities, accounts, contacts,
// quotes, orders, activities, targets): the org's owner only. SPEC 2 lists
// deletion among the owner's powers; managers and salespeople change records,
// they do not delete them (a deletion rewrites past figures). Every deletion
// of the store asks it first, whatever the entry point.
func (a Actor) CanDelete() error {
	if a.Role == RoleOwner {
		return nil
	}
	return Errorf(EFORBIDDEN, "Only the org's owner can delete records.")
}

// CanExportContacts allows exporting the org's contacts: every member but
// the consultant. A contact's e-mail address and phone number are personal
// data; privacy keeps them from the outside consultant (who needs figures,
// not customers' numbers) in an export as it keeps one contact's
// personal-data export (CanManage). The command line exports as the org's
// owner, everything.
func (a Actor) CanExportContacts() error {
	if a.Role == RoleConsultant {
		return Errorf(EFORBIDDEN, "Contacts hold personal data (e-mail addresses, phone numbers): a consultant does not export them.")
	}
	return nil
}

// CanAdminister allows members, roles and settings lists: owners only.
func (a Actor) CanAdminister() error {
	if a.Role == RoleOwner {
		return nil
	}
	return Errorf(EFORBIDDEN, "Only the org's owner can do this.")
}

type systemKey struct{}

// NewSystemContext marks ctx as acting for the system itself: the command
// line's administrative subcommands (org add, member add), never a request.
func NewSystemContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, systemKey{}, true)
}

// IsSystem reports whether ctx acts for the system.
func IsSystem(ctx context.Context) bool {
	v, _ := ctx.Value(systemKey{}).(bool)
	return v
}
